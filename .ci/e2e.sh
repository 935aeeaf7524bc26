#!/usr/bin/env bash
# End-to-end: the real desktop binary under Xvfb, driven through tauri-driver + WebKitWebDriver.
set -euo pipefail
cd "$(dirname "$0")/.."
export TAURI_DRIVER="${COLDSTART_TOOLS:-$HOME/.cache/coldstart-tools}/bin/tauri-driver"
export COLDSTART_APP="$PWD/target/debug/coldstart-desktop"
[ -x "$COLDSTART_APP" ] || { echo "e2e: build the app first (cargo build --workspace)" >&2; exit 1; }
# A hung WebDriver session must fail the run, not stall it.
timeout 600 xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 tests/e2e/
