#!/usr/bin/env bash
# npm run bundle: the optimised build packaged as a .deb (Tauri's bundler): the desktop app, the
# `coldstart` CLI, the bundled notes, fact base and question banks, a desktop entry and icons.
# Prints the package's path (last line of stdout) and size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh >&2
t0=$(date +%s)
# `-- --workspace`: cargo builds the CLI too (the package carries target/release/coldstart).
bash .ci/tauri.sh build --bundles deb -- --workspace >&2
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
printf '\033[1mcoldstart bundle:\033[0m %s (%s bytes) in %s s\n' "$deb" "$(stat -c %s "$deb")" "$(( $(date +%s) - t0 ))" >&2
echo "$deb"
