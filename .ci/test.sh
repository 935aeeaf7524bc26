#!/usr/bin/env bash
# npm test: install what is missing, then run every test: frontend, Rust (engine, CLI, content), end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh --test
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step "frontend: type check, unit tests, build"
npm --prefix ui run check
npm --prefix ui test
npm --prefix ui run build
step "rust: formatting"
cargo fmt --all -- --check
step "rust: build and test (engine, CLI, content, desktop shell)"
cargo build --workspace
cargo test --workspace
step "rust: full and read-only disks on small tmpfs mounts (tests/disk.rs, needs root)"
if [ "$(id -u)" = 0 ]; then
  cargo test --test disk -- --ignored
elif [ -n "${CI:-}" ]; then
  echo "tests/disk.rs needs root to mount tmpfs file systems, and CI must run it" >&2; exit 1
else
  echo "NOT RUN: tests/disk.rs needs root (mounts tmpfs); run: sudo cargo test --test disk -- --ignored"
fi
step "fuzz: smoke run of every fuzz target (12 s each; fuzz/run.sh for the long runs)"
bash fuzz/run.sh --seconds 12
step "end-to-end: desktop app under Xvfb"
bash .ci/e2e.sh
step "package: the .deb built (release profile), installed over an older one, the installed app driven with no network, removed"
bash .ci/deb-e2e.sh
