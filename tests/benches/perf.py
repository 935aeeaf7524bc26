#!/usr/bin/env python3
"""The performance table (issue 13), every row against its peer measured in the same run.

    npm run bench            # builds the release CLI and the review bench, then runs this
    python3 tests/benches/perf.py [--skip-review] [--runs N]

Rows: import of the ~50 MB corpus end to end (MB/s) and the re-import with nothing changed;
the engine's own query time (`took_ms`) and the whole `coldstart search ... --json` process, both
against `rg -i -l -F` over the same files; the import breakdown per phase (`import --timings`);
and review (open + first queue, next card, answer) against Anki's own backend on the same
collection (tests/benches/review_anki.rs and anki_review.py). Benchmarks, never tests: nothing
here fails on a slow machine; the table says which goals are met.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.join(REPO, "target", "release", "coldstart")
WORK = os.path.join(tempfile.gettempdir(), "coldstart-bench")

# What learners type: words, a phrase, prefixes (search as you type) and typos (fuzzy).
QUERIES = [
    "reserved concurrency",
    "visibility timeout",
    "partition key",
    "dead letter queue",
    "envelope encryption",
    "cold start",
    "user pool",
    "throttling",
    "kinesis shard",
    "step functions",
    "global secondary index",
    "lambda timeout",
    "fifo queue",
    "read capacity units",
    "data key",
    "usage plan",
    "provisioned concurr",
    "authoriz",
    "lamdba throtle",
    "dynamdb strem",
]


def env():
    e = dict(os.environ)
    e["COLDSTART_CONTENT_DIR"] = os.path.join(REPO, "content")
    e["COLDSTART_QUIZZES_DIR"] = os.path.join(REPO, "quizzes")
    return e


def run(args, data, check=True):
    e = env()
    e["COLDSTART_DATA_DIR"] = data
    t = time.perf_counter()
    p = subprocess.run([BIN, *args], env=e, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if check and p.returncode != 0:
        sys.exit(f"bench: coldstart {' '.join(args)} failed ({p.returncode}): {p.stderr[-2000:]}")
    return dt, p.stdout


def median_ms(xs):
    return statistics.median(xs) * 1000.0


class Table:
    def __init__(self):
        self.rows = []

    def add(self, measure, ours, unit, peer_name, peer, goal, lower_is_better=True, note=""):
        """`ours` and `peer` in `unit`; the ratio is always 'how many times better we are'."""
        if peer is None or ours is None or ours == 0:
            ratio = None
        else:
            ratio = peer / ours if lower_is_better else ours / peer
        self.rows.append((measure, ours, unit, peer_name, peer, ratio, goal, note))

    def print(self):
        head = ("measure", "coldstart", "peer", "peer value", "ratio (x better)", "goal")
        lines = []
        for m, ours, unit, pn, peer, ratio, goal, note in self.rows:
            fmt = (lambda v: "-" if v is None else f"{v:.3g} {unit}" if abs(v) < 100 else f"{v:.0f} {unit}")
            lines.append((m, fmt(ours), pn, fmt(peer), "-" if ratio is None else f"{ratio:.2f}x", goal + (f" {note}" if note else "")))
        widths = [max(len(str(r[i])) for r in [head, *lines]) for i in range(len(head))]
        out = ["| " + " | ".join(str(h).ljust(w) for h, w in zip(head, widths)) + " |"]
        out.append("| " + " | ".join("-" * w for w in widths) + " |")
        for r in lines:
            out.append("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")
        print("\n".join(out))


def corpus(notes):
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "make_corpus.py"), "--notes", str(notes)],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def bench_notes(table, c, runs, rg):
    data = os.path.join(WORK, "data-notes")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    mb = c["bytes"] / 1_048_576
    # A first open indexes the bundled notes, so the import below times the corpus alone.
    run(["search", "warm up", "--json"], data)
    t, out = run(["import", c["dir"], "--json", "--timings"], data, check=False)
    if "--timings" in out or not out.strip().startswith("{"):
        t, out = run(["import", c["dir"], "--json"], data)
    rep = json.loads(out)
    table.add("import, end to end", mb / t, "MB/s", "goal", 20.0, ">= 20 MB/s", lower_is_better=False,
              note=f"({t:.1f} s for {mb:.1f} MB, {rep['notes']} notes)")
    timings = rep.get("timings")
    t2, out = run(["import", c["dir"], "--json"], data)
    again = json.loads(out)
    assert again["skipped_unchanged"] == rep["notes"], again
    table.add("re-import, nothing changed", t2 * 1000, "ms", "goal", 100.0, "near 100 ms")

    took, wall, rg_wall = [], [], []
    for q in QUERIES:
        for _ in range(runs):
            dt, out = run(["search", q, "--json"], data)
            wall.append(dt)
            took.append(json.loads(out)["took_ms"] / 1000.0)
            if rg:
                t = time.perf_counter()
                subprocess.run([rg, "-i", "-l", "-F", q, c["dir"]], capture_output=True)
                rg_wall.append(time.perf_counter() - t)
    rg_ms = median_ms(rg_wall) if rg_wall else None
    table.add("engine query (took_ms), median", median_ms(took), "ms", "rg -i -l -F", rg_ms, "<= 1.5 ms")
    table.add("`coldstart search --json` process, median", median_ms(wall), "ms", "rg -i -l -F", rg_ms,
              "<= 12 ms and >= 3x")
    return timings


def bench_review(table, cards, revlog):
    """Coldstart's side is coldstart-review-bench (it writes the shared spec); then Anki's."""
    py = os.environ.get("COLDSTART_ANKI_PYTHON") or os.path.expanduser(
        "~/.cache/coldstart-tools/anki-venv/bin/python")
    if not os.path.exists(py):
        print(f"note: Anki's python not found at {py} (run `bash .ci/setup.sh --test`); review rows left out")
        return
    d = os.path.join(WORK, "review")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    e = env()
    e["COLDSTART_BENCH_DIR"] = d
    e["COLDSTART_BENCH_CARDS"] = str(cards)
    e["COLDSTART_BENCH_REVLOG"] = str(revlog)
    p = subprocess.run([os.path.join(os.path.dirname(BIN), "coldstart-review-bench")],
                       cwd=REPO, env=e, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench: review_anki failed: {p.stderr[-3000:]}")
    ours = json.loads(p.stdout.strip().splitlines()[-1])
    p = subprocess.run([py, os.path.join(HERE, "anki_review.py"), os.path.join(d, "spec.json")],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"bench: anki_review.py failed: {p.stderr[-3000:]}")
    anki = json.loads(p.stdout.strip().splitlines()[-1])
    print(f"review collection: coldstart {ours['summary']}; anki {anki['summary']}")
    for key, label in [("open_queue_ms", "review: open + first queue"), ("next_ms", "review: next card"),
                       ("answer_ms", "review: answer (schedule + commit)")]:
        table.add(label + ", median", ours[key], "ms", f"Anki {anki['version']}", anki[key], ">= 2x")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--notes", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5, help="runs of each query")
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--revlog", type=int, default=1_000_000)
    ap.add_argument("--skip-review", action="store_true")
    ap.add_argument("--skip-notes", action="store_true")
    ap.add_argument("--bin", help="the coldstart binary to measure (default: target/release/coldstart)")
    a = ap.parse_args()
    global BIN
    BIN = a.bin or BIN
    if not os.path.exists(BIN):
        sys.exit(f"bench: {BIN} missing: run `cargo build --release -p coldstart` (npm run bench does)")
    os.makedirs(WORK, exist_ok=True)
    rg = shutil.which("rg")
    if not rg:
        print("note: ripgrep (rg) not found; the rg peer is left out (apt-get install ripgrep)")
    table = Table()
    timings = None
    if not a.skip_notes:
        c = corpus(a.notes)
        print(f"corpus: {c['files']} notes, {c['bytes'] / 1_048_576:.1f} MB in {c['dir']}; "
              f"{len(QUERIES)} queries x {a.runs} runs")
        timings = bench_notes(table, c, a.runs, rg)
    if not a.skip_review:
        if table.rows:  # the notes rows first, in case the review part cannot finish
            table.print()
            print()
        bench_review(table, a.cards, a.revlog)
    print()
    table.print()
    if timings:
        print("\nimport breakdown (engine, wall seconds per phase; parallel phases overlap no other phase):")
        for k, v in timings.items():
            print(f"  {k:<28} {v:8.3f}")


if __name__ == "__main__":
    main()
