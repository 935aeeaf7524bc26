#!/usr/bin/env bash
# Tauri's CLI (the npm package pinned in ui/package.json), run from the project root.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tauri's CLI reads CI as its --ci flag and accepts only true or false; CI systems set 1 or true.
if [ -n "${CI:-}" ] && [ "$CI" != true ] && [ "$CI" != false ]; then export CI=true; fi
exec ui/node_modules/.bin/tauri "$@"
