#!/usr/bin/env bash
# npm run figures: start-up time, memory and sizes of the INSTALLED release app, against the goals
# (≤ 1 s to the note tree, ≤ 300 MB app + web processes, binary ≤ 20 MB, package ≤ 15 MB), and the
# floor: an empty Tauri window built the same way (src-tauri/examples/floor.rs, not shipped).
# Installs the package built by `npm run bundle` if coldstart is not installed (root needed).
#   bash scripts/figures.sh [path/to/coldstart.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1mfigures:\033[0m %s\n' "$*"; }
deb=${1:-$(ls -t target/release/bundle/deb/*.deb 2>/dev/null | head -1 || true)}
[ -n "$deb" ] || deb=$(bash .ci/bundle.sh)
if ! dpkg -s coldstart >/dev/null 2>&1; then
  dpkg -i "$deb" >/dev/null
  trap 'dpkg -r coldstart >/dev/null' EXIT
fi
bin=/usr/bin/coldstart-desktop
say "package $(basename "$deb"): $(( $(stat -c %s "$deb") / 1024 )) KB (goal ≤ 15 MB); installed $(dpkg-query -W -f '${Installed-Size}' coldstart) KB"
say "desktop binary (stripped): $(( $(stat -c %s $bin) / 1024 )) KB (goal ≤ 20 MB); CLI: $(( $(stat -c %s /usr/bin/coldstart) / 1024 )) KB"
say "frontend bundle: $(du -sk ui/dist | cut -f1) KB (embedded in the binary)"
# The floor: same Tauri, same release profile.
nice cargo build --release -q -p coldstart-desktop --example floor --features floor,tauri/custom-protocol
floor=$PWD/target/release/examples/floor
say "floor binary: $(( $(stat -c %s "$floor") / 1024 )) KB"
export TAURI_DRIVER="${COLDSTART_TOOLS:-$HOME/.cache/coldstart-tools}/bin/tauri-driver"
timeout 600 xvfb-run -a -s "-screen 0 1280x800x24" node scripts/figures.mjs "$bin" "$floor"
