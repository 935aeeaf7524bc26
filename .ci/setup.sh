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
[ $want_test = 1 ] && pkgs+=(xvfb xauth webkit2gtk-driver strace)
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
  # cargo-fuzz (libFuzzer) for the smoke fuzz run (fuzz/run.sh)
  if [ ! -x "$tools/bin/cargo-fuzz" ]; then
    say "installing cargo-fuzz into $tools"
    cargo install cargo-fuzz --version '^0.13' --locked --root "$tools" --quiet
  fi
fi
# --- Anki's own Python package, for the interop tests (tests/interop.rs), outside the clone -----
ANKI_VERSION=26.9.3
if [ $want_test = 1 ]; then
  tools="${COLDSTART_TOOLS:-$HOME/.cache/coldstart-tools}"
  venv="$tools/anki-venv"
  if ! "$venv/bin/python" -c "import anki.buildinfo as b, sys; sys.exit(b.version.replace('.0', '.') != '$ANKI_VERSION')" 2>/dev/null; then
    command -v python3 >/dev/null || { say "python3 is missing: sudo apt-get install python3 python3-venv"; exit 1; }
    say "installing anki==$ANKI_VERSION into $venv"
    [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "anki==$ANKI_VERSION"
  fi
  # The tests find this venv by default; source this script (or export the variable) to use another.
  export COLDSTART_ANKI_PYTHON="$venv/bin/python"
  say "Anki's python for the interop tests: COLDSTART_ANKI_PYTHON=$COLDSTART_ANKI_PYTHON"
fi
say "ready"
