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
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
  sudo -E env "PATH=$PATH" cargo test --test disk -- --ignored
else
  echo "NOT RUN: tests/disk.rs needs root (mounts tmpfs); run: sudo cargo test --test disk -- --ignored"
fi
step "rust: checks against the learners' notes beside the checkout (../shared)"
if [ -d ../shared/notes-samples ] && [ -d ../shared/notes-corpus ]; then
  cargo test --test content -- --ignored
  cargo test --test search_eval -- --ignored dev_questions
else
  echo "NOT RUN: the copy check (tests/content.rs) and the search eval (tests/search_eval.rs) need ../shared beside this checkout"
fi
step "fuzz: smoke run of every fuzz target (12 s each; fuzz/run.sh for the long runs)"
bash fuzz/run.sh --seconds 12
step "end-to-end: desktop app under Xvfb"
bash .ci/e2e.sh
step "package: the .deb built (release profile), installed over an older one, the installed app driven with no network, removed"
bash .ci/deb-e2e.sh
