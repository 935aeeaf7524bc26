#!/usr/bin/env bash
# The package as a learner gets it: build the .deb, install it over an older version (the data
# directory survives the upgrade), start the INSTALLED app under Xvfb with the source tree hidden
# and a fresh data directory, check through WebDriver that it opens on the bundled notes and that
# search works, fail on any network connect() (strace), then remove the package.
#   bash .ci/deb-e2e.sh [path/to/coldstart.deb]   (builds it with .ci/bundle.sh when not given)
# Needs root (dpkg -i); CI runs as root.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf '\033[1mdeb-e2e:\033[0m %s\n' "$*" >&2; }
if [ "$(id -u)" != 0 ]; then
  say "SKIPPED: installing a package needs root (CI runs as root)"
  exit 0
fi
command -v strace >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends strace >/dev/null
t0=$(date +%s)
deb=${1:-$(bash .ci/bundle.sh)}
work=$(mktemp -d /tmp/coldstart-deb-e2e.XXXXXX)
cleanup() {
  dpkg -r "${pkg:-coldstart}" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
pkg=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
say "$deb: package $pkg $version, $(stat -c %s "$deb") bytes"

# Run a command as an installed user would: the source tree hidden (a tmpfs over it), from /.
hidden() { unshare -m --propagation private -- bash -c 'mount -t tmpfs tmpfs "$0" && cd / && exec "$@"' "$root" "$@"; }

# --- upgrade: an older package (the same files, a lower version), a learner's reviews, then this one
mkdir "$work/old"
dpkg-deb -R "$deb" "$work/old/root"
sed -i "s/^Version: .*/Version: 0.0.1/" "$work/old/root/DEBIAN/control"
dpkg-deb -b --root-owner-group "$work/old/root" "$work/old/coldstart-old.deb" >/dev/null
dpkg -i "$work/old/coldstart-old.deb" >/dev/null
home="$work/home"
mkdir -p "$home"
learner() { hidden env -u XDG_DATA_HOME -u COLDSTART_DATA_DIR -u COLDSTART_CONTENT_DIR -u COLDSTART_QUIZZES_DIR HOME="$home" "$@"; }
ids=$(learner /usr/bin/coldstart due --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).queue.slice(0,3).map(c=>c.id).join(" ")))')
[ -n "$ids" ] || { say "the installed CLI found no cards"; exit 1; }
for id in $ids; do learner /usr/bin/coldstart answer "$id" good >/dev/null; done
dpkg -i "$deb" >/dev/null
[ "$(dpkg-query -W -f '${Version}' "$pkg")" = "$version" ] || { say "upgrade to $version did not happen"; exit 1; }
reviews=$(learner /usr/bin/coldstart stats --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).total_reviews))')
[ "$reviews" = 3 ] || { say "after the upgrade the data directory has $reviews reviews, not 3"; exit 1; }
say "upgrade 0.0.1 -> $version kept the learner's 3 reviews in ~/.local/share/coldstart"

# --- the installed app through WebDriver, its connect() calls recorded -------------------------
trace="$work/connect.trace"
cat > "$work/app" <<WRAP
#!/bin/bash
exec unshare -m --propagation private -- bash -c 'mount -t tmpfs tmpfs "\$0" && exec strace -f -qq -e trace=connect -o "\$1" /usr/bin/coldstart-desktop "\${@:2}"' "$root" "$trace" "\$@"
WRAP
chmod +x "$work/app"
export TAURI_DRIVER="${COLDSTART_TOOLS:-$HOME/.cache/coldstart-tools}/bin/tauri-driver"
COLDSTART_APP="$work/app" timeout 600 xvfb-run -a -s "-screen 0 1280x800x24" \
  node --test --test-concurrency=1 tests/e2e-installed/installed.test.mjs tests/e2e-installed/connects.test.mjs
node tests/e2e-installed/connects.mjs "$trace"

dpkg -r "$pkg" >/dev/null
[ ! -e /usr/bin/coldstart-desktop ] || { say "dpkg -r left /usr/bin/coldstart-desktop"; exit 1; }
say "passed in $(( $(date +%s) - t0 )) s (package built, upgraded, driven, removed)"
