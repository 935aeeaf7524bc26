#!/usr/bin/env python3
"""Build the benchmark corpus: about 10,000 notes, about 50 MB, made from real learners' notes.

The sections of ../shared/notes-corpus and ../shared/notes-samples (split at their headings) are
drawn at random, shuffled and joined into notes of about 5 KB; in each line some words are swapped
for other words of the same corpus, so no two notes are alike. The output is deterministic for a
given seed and size and goes to a temporary folder (never into content/ and never committed).

    python3 tests/benches/make_corpus.py [--out DIR] [--notes N] [--seed S]

Prints the folder, the number of files and the size as one JSON line. An existing folder made
with the same parameters is reused (see its MANIFEST.json).
"""

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
SOURCES = [os.path.join(SHARED, "notes-corpus"), os.path.join(SHARED, "notes-samples")]
GENERATOR = 1  # bump when the output changes
WORD = re.compile(r"[A-Za-z]{4,}")
HEADING = re.compile(r"^#{1,4} ")


def source_files():
    files = []
    for d in SOURCES:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".md") and name != "SOURCES.md":
                files.append(os.path.join(d, name))
    if not files:
        sys.exit(f"make_corpus: no notes found under {SHARED}")
    return files


def sections_of(text):
    """Split at headings (outside code fences); each section keeps its heading line."""
    out, cur, fence = [], [], False
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("```"):
            fence = not fence
        if not fence and HEADING.match(line) and cur:
            out.append("".join(cur))
            cur = []
        cur.append(line)
    if cur:
        out.append("".join(cur))
    if fence:  # an unclosed fence would swallow the next section of the generated note
        out[-1] += "```\n"
    return [s if s.endswith("\n") else s + "\n" for s in out if s.strip()]


def vary(section, vocab, rng, rate):
    """Swap about `rate` of the longer words outside code fences for other corpus words."""
    lines, fence = [], False
    for line in section.splitlines(keepends=True):
        if line.lstrip().startswith("```"):
            fence = not fence
        if fence or HEADING.match(line) or "http" in line:
            lines.append(line)
            continue
        lines.append(WORD.sub(lambda m: rng.choice(vocab) if rng.random() < rate else m.group(0), line))
    return "".join(lines)


def build(out, notes, seed, note_bytes, rate=0.12):
    rng = random.Random(seed)
    sections = []
    for f in source_files():
        with open(f, encoding="utf-8") as fh:
            sections.extend(sections_of(fh.read()))
    vocab = sorted({w for s in sections for w in WORD.findall(s)})
    total = 0
    for i in range(notes):
        sub = os.path.join(out, f"topic{i % 100:03d}")
        os.makedirs(sub, exist_ok=True)
        parts = [f"# Study note {i}\n\n"]
        size = len(parts[0])
        while size < note_bytes:
            s = vary(rng.choice(sections), vocab, rng, rate)
            parts.append(s if s.endswith("\n\n") else s + "\n")
            size += len(parts[-1].encode("utf-8"))
        body = "".join(parts).encode("utf-8")
        total += len(body)
        with open(os.path.join(sub, f"note{i:05d}.md"), "wb") as fh:
            fh.write(body)
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "coldstart-bench", "corpus"))
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--note-bytes", type=int, default=4450, help="minimum size of a note")
    a = ap.parse_args()
    want = {"generator": GENERATOR, "notes": a.notes, "seed": a.seed, "note_bytes": a.note_bytes}
    manifest = os.path.join(a.out, "MANIFEST.json")
    try:
        with open(manifest) as fh:
            have = json.load(fh)
        if {k: have.get(k) for k in want} == want:
            print(json.dumps(have))
            return
    except (OSError, ValueError):
        pass
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    os.makedirs(a.out)
    total = build(a.out, a.notes, a.seed, a.note_bytes)
    have = dict(want, dir=a.out, files=a.notes, bytes=total)
    # The manifest is JSON, not a note: the importer only reads .md/.markdown/.txt.
    with open(manifest, "w") as fh:
        json.dump(have, fh)
    print(json.dumps(have))


if __name__ == "__main__":
    main()
