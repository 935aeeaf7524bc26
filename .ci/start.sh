#!/usr/bin/env bash
# npm start: install what is missing, build the optimised app (release profile: opt-level 3, thin
# LTO, stripped) and open Coldstart on the bundled notes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh
say() { printf '\033[1mcoldstart:\033[0m %s\n' "$*" >&2; }
[ -x target/release/coldstart-desktop ] ||
  say "first optimised build: about 8-10 minutes on 2 cores (later builds take seconds to a minute)"
t0=$(date +%s)
# Tauri's CLI builds the frontend (beforeBuildCommand) and both binaries, the way `npm run bundle` does,
# so the two share one build.
bash .ci/tauri.sh build --no-bundle -- --workspace
say "build took $(( $(date +%s) - t0 )) s"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "coldstart: no display (DISPLAY and WAYLAND_DISPLAY are unset); to try it headless: xvfb-run -a target/release/coldstart-desktop" >&2
  exit 1
fi
exec target/release/coldstart-desktop "$@"
