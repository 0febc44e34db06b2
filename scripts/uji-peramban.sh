#!/usr/bin/env bash
# Browser tests of the Netral web pages (tests/browser): Debian's Chromium driven by
# playwright-core, axe-core accessibility checks, Node's built-in test runner.
#
# Installs what is missing (Chromium from Debian, the npm packages from the lockfile),
# builds netral-cli unless NETRAL_BIN points at a binary, then runs every *.test.mjs.
# Each test file starts its own `netral demo` on a free loopback port with a temporary
# data folder. Screenshots and axe results go to tests/browser/test-results/.
#
#   scripts/uji-peramban.sh                 # all tests
#   scripts/uji-peramban.sh impor.test.mjs  # some files (relative to tests/browser)
#
# Environment: NETRAL_BIN (binary to test), CHROMIUM_BIN (default /usr/bin/chromium),
# UJI_PERAMBAN_KONKURENSI (test files run at once, default 2), UJI_PERAMBAN_BATAS_DETIK
# (cap on the whole run, default 600).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/tests/browser"
export DEBIAN_FRONTEND=noninteractive
mulai=$(date +%s)

sebagai_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    echo "uji-peramban: need root to run: $*" >&2; return 1; fi
}

apt_siap=0
apt_pasang() {
  if [ "$apt_siap" -eq 0 ]; then sebagai_root apt-get update -qq; apt_siap=1; fi
  sebagai_root apt-get install -y -qq "$@" >/dev/null
}

CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
export CHROMIUM_BIN
if [ ! -x "$CHROMIUM_BIN" ] && [ "$CHROMIUM_BIN" = /usr/bin/chromium ]; then
  echo "uji-peramban: installing chromium (Debian)…"
  apt_pasang chromium
fi
[ -x "$CHROMIUM_BIN" ] || { echo "uji-peramban: no browser at $CHROMIUM_BIN" >&2; exit 1; }

# The signing tests pick employees with a contact from the test's own SQLite database.
if ! command -v sqlite3 >/dev/null; then
  echo "uji-peramban: installing sqlite3 (Debian)…"
  apt_pasang sqlite3
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "uji-peramban: installing nodejs and npm (Debian)…"
  apt_pasang nodejs npm
fi
node_utama=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_utama" -lt 20 ]; then
  echo "uji-peramban: Node.js >= 20 is needed (found $(node --version))" >&2
  exit 1
fi

# Exactly the locked versions (playwright-core never downloads a browser).
echo "uji-peramban: npm ci…"
(cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error)

if [ -z "${NETRAL_BIN:-}" ]; then
  echo "uji-peramban: cargo build -p netral-cli…"
  (cd "$ROOT" && cargo build -q -p netral-cli)
  export NETRAL_BIN="$ROOT/target/debug/netral"
fi
[ -x "$NETRAL_BIN" ] || { echo "uji-peramban: NETRAL_BIN=$NETRAL_BIN is not an executable" >&2; exit 1; }
NETRAL_BIN="$(realpath "$NETRAL_BIN")"  # the tests run from tests/browser
export NETRAL_BIN
echo "uji-peramban: testing $NETRAL_BIN with $("$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN")"

rm -rf "$DIR/test-results"
cd "$DIR"
if [ "$#" -gt 0 ]; then berkas=("$@"); else berkas=(*.test.mjs); fi
status=0
# A hard cap on the whole run, so a hung browser or server cannot stall CI.
timeout --kill-after=15 "${UJI_PERAMBAN_BATAS_DETIK:-600}" node --test \
  --test-concurrency="${UJI_PERAMBAN_KONKURENSI:-2}" \
  --test-timeout=120000 \
  "${berkas[@]}" || status=$?
echo "uji-peramban: $(( $(date +%s) - mulai )) s, screenshots in tests/browser/test-results/, exit $status"
exit "$status"
