#!/usr/bin/env bash
# Run the cargo-fuzz (libFuzzer) targets in fuzz/fuzz_targets.
#
#   bash fuzz/run.sh --seconds 12          smoke run (npm test): each target for 12 s
#   bash fuzz/run.sh --runs 1000000        long run: each target for 1,000,000 executions
#   bash fuzz/run.sh --runs 1000000 note_render quiz_load   only these targets
#
# The corpus grows in fuzz/corpus/<target> (not in git); the seeds are fuzz/seeds/<target>, and
# every input that once crashed a target is kept in fuzz/regressions/<target> and replayed first.
# The stable toolchain builds the targets with RUSTC_BOOTSTRAP=1 (libFuzzer's instrumentation
# needs -Z flags); no sanitizer, as the engine is safe Rust (SQLite is C, but its own fuzzing is
# upstream's). A crash exits non-zero and leaves the input as fuzz/artifacts/<target>/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=(-max_total_time=12)
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) limit=("-max_total_time=$2"); shift 2 ;;
    --runs) limit=("-runs=$2"); shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(note_render quiz_load deck_read sim_input fact_check)
tools="${COLDSTART_TOOLS:-$HOME/.cache/coldstart-tools}"
export PATH="$tools/bin:$PATH"
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none --fuzz-dir fuzz
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t" "fuzz/regressions/$t"
  # Every input that once crashed a target must pass now.
  if compgen -G "fuzz/regressions/$t/*" > /dev/null; then
    cargo fuzz run -s none --fuzz-dir fuzz "$t" fuzz/regressions/$t/* -- -runs=1 > "fuzz/artifacts/$t/regressions.log" 2>&1 \
      || { echo "fuzz: $t fails on a kept regression input (fuzz/artifacts/$t/regressions.log)" >&2; exit 1; }
  fi
  log="fuzz/artifacts/$t/run.log"
  if ! cargo fuzz run -s none --fuzz-dir fuzz "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
      "${limit[@]}" -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="fuzz/artifacts/$t/" > "$log" 2>&1; then
    tail -40 "$log" >&2
    echo "fuzz: $t found a crash: fuzz/artifacts/$t/ (log: $log)" >&2
    exit 1
  fi
  echo "fuzz: $t ok: $(grep -E '^#[0-9]+' "$log" | tail -1 | sed -E 's/^#([0-9]+).*exec\/s: ([0-9]+).*/\1 executions, \2 per second/')"
done
