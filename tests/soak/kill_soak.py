#!/usr/bin/env python3
"""Kill soak: SIGKILL the `coldstart` CLI at random moments, many times, and check that nothing
acknowledged is lost and nothing half-done is visible afterwards.

Not part of `npm test` (it takes minutes). Run it from the repository root:

    cargo build --bin coldstart
    python3 tests/soak/kill_soak.py --kills 1000 [--bin target/debug/coldstart] [--seed 1]

Phases (kills are spread over them): answering cards, exam steps, a folder import, a search
re-index, an FSRS optimisation, an Anki deck import and a schema migration (v5 -> v6). After
every kill the next run must open the database, `PRAGMA integrity_check` must say ok, and:
- answers: every acknowledged review (exit 0 with its revlog id printed) is in `revlog`;
- exam: the attempt keeps every answer the CLI showed as recorded, and at most one attempt is
  in progress;
- import / re-index / deck: the counts are the ones before or after the whole operation, and
  running it again unkilled gives exactly what a never-killed run gives;
- optimisation: the parameters and their history change together or not at all;
- migration: the schema version is 5 or 6 (never in between), and the next run reaches 6.
`*.partial` files and rollback journals seen beside the database after a kill are counted (a
kill mid-backup leaves one; the next backup clears those over an hour old).
Prints a JSON report with counts per phase; exits 1 when any check failed.
"""

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE_NOW = 1767607200  # 2026-01-05T10:00:00Z


def hit_ids(results):
    return sorted((h.get("note_id"), h.get("anchor"), h.get("heading_path") and tuple(h["heading_path"]))
                  for h in results["hits"])


class Soak:
    def __init__(self, binary, rng, work):
        self.bin = str(binary)
        self.rng = rng
        self.work = Path(work)
        self.now = BASE_NOW
        self.failures = []
        self.stats = {}
        self.acked_reviews = set()  # revlog ids of every acknowledged answer, all phases
        self.exam_span = None

    # ---- running the CLI -------------------------------------------------------------------
    def env(self, data):
        e = dict(os.environ)
        e["COLDSTART_DATA_DIR"] = str(data)
        e["COLDSTART_NOW"] = str(self.now)
        e["COLDSTART_CONTENT_DIR"] = str(ROOT / "content")
        e["COLDSTART_QUIZZES_DIR"] = str(ROOT / "quizzes")
        return e

    def run(self, data, *args, stdin=None):
        p = subprocess.run([self.bin, *args], env=self.env(data), input=stdin,
                           capture_output=True, text=True)
        return p.returncode, p.stdout, p.stderr

    def run_killed(self, data, args, delay, stdin_lines=None):
        """Start a run and SIGKILL it after `delay` seconds. Returns (killed, rc, stdout)."""
        p = subprocess.Popen([self.bin, *args], env=self.env(data), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL,
                             stdin=subprocess.PIPE if stdin_lines is not None else subprocess.DEVNULL,
                             text=True)
        if stdin_lines is not None:
            try:
                p.stdin.write("".join(line + "\n" for line in stdin_lines))
                p.stdin.flush()
            except BrokenPipeError:
                pass
        time.sleep(delay)
        killed = p.poll() is None
        if killed:
            p.send_signal(signal.SIGKILL)
        out, _ = p.communicate()
        return killed, p.returncode, out

    def json_of(self, data, *args):
        rc, out, err = self.run(data, *args, "--json")
        if rc != 0:
            return None, err.strip() or out.strip()
        return json.loads(out), None

    # ---- checks ----------------------------------------------------------------------------
    def fail(self, phase, what):
        self.failures.append({"phase": phase, "what": what})

    def count(self, phase, key, n=1):
        s = self.stats.setdefault(phase, {})
        s[key] = s.get(key, 0) + n

    def db(self, data):
        return Path(data) / "coldstart.db"

    def sql(self, data, query, args=()):
        c = sqlite3.connect(self.db(data))
        try:
            return c.execute(query, args).fetchall()
        finally:
            c.close()

    def after_kill(self, phase, data):
        """The next run opens the database; SQLite finds it whole; nothing half-written is left."""
        rc, _, err = self.run(data, "due", "--json")
        if rc != 0:
            self.fail(phase, f"the next run after a kill failed: {err.strip()[:300]}")
            return False
        verdict = self.sql(data, "PRAGMA integrity_check")[0][0]
        if verdict != "ok":
            self.fail(phase, f"integrity_check after a kill: {verdict}")
            return False
        left = [p.name for p in Path(data).iterdir()
                if p.name.startswith("coldstart.db") and (p.name.endswith(".partial")
                                                          or p.name == "coldstart.db-journal")]
        if left:
            self.count(phase, "partial_files_seen_after_kill", len(left))
        return True

    def kill_and_check(self, phase, data, args, delay):
        """One killed run: None when it finished before the kill, else whether the next run
        found the database sound (`after_kill`)."""
        killed, _, _ = self.run_killed(data, args, delay)
        if not killed:
            self.count(phase, "finished_before_kill")
            return None
        self.count(phase, "kills")
        return self.after_kill(phase, data)

    def fresh(self, name):
        """An empty data directory with the bundled notes imported."""
        d = self.work / name
        shutil.rmtree(d, ignore_errors=True)
        self.run(d, "notes")
        return d

    # ---- phases ----------------------------------------------------------------------------
    def answers(self, data, kills, durations):
        """Answer due cards; kill 30% of the runs at a random moment of a run's usual span."""
        acked = self.acked_reviews
        done = 0
        while done < kills:
            self.now += 7200
            q, err = self.json_of(data, "due")
            if q is None:
                self.fail("answer", f"due failed: {err[:300]}")
                return
            if not q["queue"]:
                self.now += 86400
                continue
            card = self.rng.choice(q["queue"][:5])["id"]
            grade = self.rng.choice(["again", "hard", "good", "good", "easy"])
            args = ["answer", card, grade, "--json"]
            if self.rng.random() < 0.3:
                span = max(durations) if durations else 0.2
                killed, rc, out = self.run_killed(data, args, self.rng.uniform(0, span * 1.2))
                if not killed:
                    self.count("answer", "finished_before_kill")
                    if rc == 0:
                        acked.add(json.loads(out)["revlog_id"])
                    continue
                done += 1
                self.count("answer", "kills")
                if not self.after_kill("answer", data):
                    continue
                have = {r[0] for r in self.sql(data, "SELECT id FROM revlog")}
                lost = acked - have
                if lost:
                    self.fail("answer", f"acknowledged reviews lost: {sorted(lost)[:10]}")
            else:
                t = time.monotonic()
                rc, out, err = self.run(data, *args)
                durations.append(time.monotonic() - t)
                del durations[:-50]
                if rc != 0:
                    self.fail("answer", f"an unkilled answer failed: {err.strip()[:300]}")
                    continue
                acked.add(json.loads(out)["revlog_id"])
                self.count("answer", "acknowledged")
        self.stats["answer"]["acknowledged_total"] = len(acked)

    def exam(self, data, kills):
        """Take exam steps through `exam --line`; kill after a random number of steps."""
        done = 0
        while done < kills:
            self.now += 60
            steps = []
            for _ in range(self.rng.randint(1, 12)):
                steps.append(self.rng.choice("abcd"))
                steps.append("n")
            if self.rng.random() < 0.1:
                steps.append("s")
            args = ["exam", "--line", "--questions", "10", "--seed", str(self.rng.randint(1, 9))]
            if self.exam_span is None:
                # How long a whole run of steps takes here, to spread the kills over it.
                t = time.monotonic()
                self.run(data, *args, stdin="".join(s + "\n" for s in steps))
                self.exam_span = time.monotonic() - t
            killed, rc, out = self.run_killed(
                data, args, self.rng.uniform(0.3, 1.1) * self.exam_span, stdin_lines=steps)
            seen = [int(line.split("answered ")[1].split("/")[0])
                    for line in out.splitlines() if "answered " in line and "/" in line]
            # The last count shown is durable. Every step was sent at once, so the run may have
            # handled one more step it had no time to show, and on a "Choose N" question a step
            # can toggle a choice off: one fewer than shown is a legitimate state, two is a loss.
            acked = max(seen[-1] - 1, 0) if seen else 0
            if not killed:
                self.count("exam", "finished_before_kill")
                continue
            done += 1
            self.count("exam", "kills")
            self.count("exam", "answers_acknowledged_before_kill", acked)
            if not self.after_kill("exam", data):
                continue
            attempts, err = self.json_of(data, "exams")
            if attempts is None:
                self.fail("exam", f"exams failed: {err[:300]}")
                continue
            open_ = [a for a in attempts if a["status"] == "in_progress"]
            if len(open_) > 1:
                self.fail("exam", f"{len(open_)} attempts in progress at once")
            if acked and open_ and open_[0]["answered"] < acked:
                self.fail("exam", f"attempt {open_[0]['attempt_id']} shows {open_[0]['answered']} "
                                  f"answers but {acked + 1} were shown before the kill")

    def snapshot(self, data):
        notes, err = self.json_of(data, "notes")
        cards, err2 = self.json_of(data, "cards")
        if notes is None or cards is None:
            return None
        n = notes if isinstance(notes, list) else notes.get("notes", notes)
        c = cards if isinstance(cards, list) else cards.get("cards", cards)
        return {"notes": len(n), "cards": len(c)}

    def import_folder(self, kills, folder):
        """Kill a folder import; the rerun must equal a never-killed import."""
        ref = self.fresh("import-ref")
        before = self.snapshot(ref)
        rc, _, err = self.run(ref, "import", str(folder))
        after = self.snapshot(ref)
        if rc != 0 or after is None:
            self.fail("import", f"the reference import failed: {err[:300]}")
            return
        t = time.monotonic()
        self.run(self.fresh("import-t"), "import", str(folder))
        span = time.monotonic() - t
        for _ in range(kills):
            d = self.fresh("import-k")
            if not self.kill_and_check("import", d, ["import", str(folder)], self.rng.uniform(0, span)):
                continue
            rc, _, err = self.run(d, "import", str(folder))
            got = self.snapshot(d)
            if rc != 0 or got != after:
                self.fail("import", f"rerun after a kill gave {got} (rc {rc}: {err[:200]}); a clean "
                                    f"import gives {after} (before: {before})")

    def reindex(self, kills):
        """Kill the rebuild of the search index; the next run must find what a whole index finds."""
        d = self.fresh("reindex")
        rc, out, _ = self.run(d, "search", "reserved concurrency", "--json", "--limit", "50")
        want = json.loads(out)
        want_ids = hit_ids(want)
        version = d / "index" / "coldstart-index-version"
        if not version.exists():
            self.fail("reindex", f"{version} not found: the soak needs updating")
            return
        for _ in range(kills):
            version.write_text("0")
            if not self.kill_and_check("reindex", d, ["search", "lambda", "--json"], self.rng.uniform(0, 1.5)):
                continue
            rc, out, err = self.run(d, "search", "reserved concurrency", "--json", "--limit", "50")
            if rc != 0:
                self.fail("reindex", f"search after a killed re-index failed: {err[:300]}")
                continue
            got = json.loads(out)
            got_ids = hit_ids(got)
            if got_ids != want_ids:
                self.fail("reindex", f"after a killed re-index search gives {len(got_ids)} hits, "
                                     f"a whole index {len(want_ids)}")

    def settings_pair(self, data):
        rows = dict(self.sql(data, "SELECT key, value FROM settings WHERE key IN "
                                   "('review.fsrs_params', 'review.fsrs_params_history')"))
        hist = json.loads(rows.get("review.fsrs_params_history", "[]"))
        return rows.get("review.fsrs_params"), len(hist)

    def optimize(self, data, kills):
        """Kill the optimiser; parameters and their history must change together."""
        rep, err = self.json_of(data, "optimize")
        if rep is None or rep.get("status") != "optimized":
            self.stats["optimize"] = {"skipped": f"optimiser did not run: {err or rep.get('message')}"}
            return
        t0 = time.monotonic()
        self.run(data, "optimize", "--json")
        span = time.monotonic() - t0
        for _ in range(kills):
            params, n = self.settings_pair(data)
            if not self.kill_and_check("optimize", data, ["optimize", "--json"], self.rng.uniform(0, span * 1.1)):
                continue
            params2, n2 = self.settings_pair(data)
            # Unchanged, or one optimisation: history one longer. (Same new parameters as the old
            # ones is possible, so only the history length decides.)
            if n2 not in (n, n + 1):
                self.fail("optimize", f"history went from {n} to {n2} entries")
            if n2 == n and params2 != params:
                self.fail("optimize", "parameters changed but the previous ones were not kept")

    def deck(self, kills):
        """Kill an Anki deck import; it is one transaction: all cards or none."""
        src = self.fresh("deck-src")
        apkg = self.work / "deck.apkg"
        rc, _, err = self.run(src, "export", "--format", "apkg", "--out", str(apkg),
                              "--service", "lambda")
        if rc != 0:
            self.fail("deck", f"export for the deck phase failed: {err[:300]}")
            return
        ref = self.fresh("deck-ref")
        before = self.snapshot(ref)
        self.run(ref, "import-deck", str(apkg))
        after = self.snapshot(ref)
        t = time.monotonic()
        self.run(self.work / "deck-t", "import-deck", str(apkg))
        span = time.monotonic() - t
        for _ in range(kills):
            d = self.fresh("deck-k")
            if not self.kill_and_check("deck", d, ["import-deck", str(apkg)], self.rng.uniform(0, span)):
                continue
            got = self.snapshot(d)
            if got not in (before, after):
                self.fail("deck", f"after a killed deck import {got}; before {before}, after {after}")
            self.run(d, "import-deck", str(apkg))
            got = self.snapshot(d)
            if got != after:
                self.fail("deck", f"rerun after a kill gave {got}, a clean import {after}")

    def migration(self, kills):
        """Kill the v5 -> v6 migration: version 5 or 6, never half; the next run reaches 6."""
        base = self.work / "mig-base"
        self.run(base, "notes")
        c = sqlite3.connect(self.db(base))
        c.execute("DROP INDEX IF EXISTS cards_new_order")
        c.execute("PRAGMA user_version = 5")
        c.commit()
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        c.close()
        for _ in range(kills):
            d = self.work / "mig-k"
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(base, d)
            for p in d.glob("coldstart.db.*.bak"):
                p.unlink()
            killed, _, _ = self.run_killed(d, ["due", "--json"], self.rng.uniform(0, 0.25))
            if not killed:
                self.count("migration", "finished_before_kill")
                continue
            self.count("migration", "kills")
            v = self.sql(d, "PRAGMA user_version")[0][0]
            has_index = bool(self.sql(d, "SELECT 1 FROM sqlite_master WHERE name = 'cards_new_order'"))
            if (v, has_index) not in ((5, False), (6, True)):
                self.fail("migration", f"after a kill: version {v}, index present {has_index}")
            if not self.after_kill("migration", d):
                continue
            v = self.sql(d, "PRAGMA user_version")[0][0]
            if v != 6:
                self.fail("migration", f"the run after a kill left version {v}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=str(ROOT / "target/debug/coldstart"))
    ap.add_argument("--kills", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="coldstart-soak-")
    s = Soak(a.bin, rng, work)
    started = time.monotonic()
    k = a.kills
    other = max(1, k // 40)  # import, re-index, optimise, deck, migration: 2.5% each
    n_exam = k // 4
    n_answer = k - n_exam - 5 * other
    data = Path(work) / "study"
    s.run(data, "notes")
    durations = []
    # Answers first (they grow the review log the optimiser needs), exam steps between them.
    s.answers(data, n_answer // 2, durations)
    s.exam(data, n_exam)
    s.answers(data, n_answer - n_answer // 2, durations)
    s.optimize(data, other)
    folder = Path(work) / "notes-to-import"
    for i in range(20):
        shutil.copytree(ROOT / "tests/fixtures/notes", folder / f"copy{i}")
    s.import_folder(other, folder)
    s.reindex(other)
    s.deck(other)
    s.migration(other)
    kills = sum(v.get("kills", 0) for v in s.stats.values() if isinstance(v, dict))
    report = {
        "binary": a.bin,
        "seed": a.seed,
        "kills": kills,
        "failures": len(s.failures),
        "phases": s.stats,
        "first_failures": s.failures[:20],
        "failures_by_phase": {p: sum(1 for f in s.failures if f["phase"] == p) for p in s.stats},
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(report, indent=2))
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if s.failures else 0


if __name__ == "__main__":
    sys.exit(main())
