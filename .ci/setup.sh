#!/usr/bin/env bash
# Install what Coldstart needs and is missing. Idempotent: run it as often as you like.
#   bash .ci/setup.sh          what `npm start` needs (build + run the desktop app)
#   bash .ci/setup.sh --test   also what `npm test` needs (Xvfb, WebKitWebDriver, tauri-driver)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf '\033[1mcoldstart setup:\033[0m %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------------------------
pkgs=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev)
[ $want_test = 1 ] && pkgs+=(xvfb xauth webkit2gtk-driver)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
    say "these Debian packages are missing: ${missing[*]}"
    say "install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]} (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- Toolchains --------------------------------------------------------------------------------
command -v cargo >/dev/null || { say "Rust is missing: install it from https://rustup.rs and run again"; exit 1; }
command -v npm >/dev/null || { say "Node.js 20+ and npm are missing: sudo apt-get install nodejs npm"; exit 1; }

# --- npm packages (only when the lock file changed since the last install) ---------------------
npm_install() { # dir
  local dir=$1 stamp="$1/node_modules/.coldstart-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "npm ci in ${dir}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_install ui
[ $want_test = 1 ] && npm_install .

# --- tauri-driver (WebDriver bridge for the end-to-end test), outside the clone ---------------
if [ $want_test = 1 ]; then
  tools="${COLDSTART_TOOLS:-$HOME/.cache/coldstart-tools}"
  if [ ! -x "$tools/bin/tauri-driver" ]; then
    say "installing tauri-driver into $tools"
    cargo install tauri-driver --version '^2' --locked --root "$tools" --quiet
  fi
fi
say "ready"
