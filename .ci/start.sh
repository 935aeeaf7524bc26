#!/usr/bin/env bash
# npm start: install what is missing, build, and open Coldstart on the bundled notes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
npm --prefix ui run build --silent
cargo build --workspace
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "coldstart: no display (DISPLAY and WAYLAND_DISPLAY are unset); to try it headless: xvfb-run -a target/debug/coldstart-desktop" >&2
  exit 1
fi
exec target/debug/coldstart-desktop "$@"
