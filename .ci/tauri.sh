#!/usr/bin/env bash
# Tauri's CLI (the npm package pinned in ui/package.json), run from the project root.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ui/node_modules/.bin/tauri "$@"
