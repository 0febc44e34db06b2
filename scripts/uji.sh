#!/usr/bin/env bash
# Runs every test of Netral: format, lints, the whole suite on SQLite, the storage and
# integration suites on PostgreSQL, and the browser tests in Debian's headless Chromium.
# Installs what it needs. With CI set, an unreachable PostgreSQL is a failure; otherwise
# the PostgreSQL variants are skipped and this script says so loudly.
set -euo pipefail
cd "$(dirname "$0")/.."

langkah() { printf '\n==> %s\n' "$*"; }
mulai=$(date +%s)

langkah "Alat"
command -v cargo >/dev/null || { echo "cargo tidak ditemukan: pasang Rust (rustup) dahulu" >&2; exit 1; }
if ! cargo nextest --version >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi
# PostgreSQL client (pg_isready, psql); poppler, qpdf and zbar check the pact PDFs for real.
perlu=()
command -v pg_isready >/dev/null 2>&1 || perlu+=(postgresql-client)
command -v pdftotext >/dev/null 2>&1 || perlu+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || perlu+=(qpdf)
command -v zbarimg >/dev/null 2>&1 || perlu+=(zbar-tools)
if [ ${#perlu[@]} -gt 0 ]; then
  echo "memasang: ${perlu[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${perlu[@]}") >/dev/null \
    || echo "PERINGATAN: gagal memasang ${perlu[*]}" >&2
fi

langkah "cargo fmt --check"
cargo fmt --all -- --check

langkah "cargo clippy (semua target, -D warnings)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

langkah "PostgreSQL"
PG_URL="${NETRAL_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
if pg_isready -q -h 127.0.0.1 -p 5432 -t 5 2>/dev/null; then
  export NETRAL_TEST_PG_URL="$PG_URL"
  echo "PostgreSQL menjawab: suite penyimpanan dan integrasi juga dijalankan pada $NETRAL_TEST_PG_URL"
  # Each test works in its own schema t_*; clear those left by earlier runs.
  psql -q "$NETRAL_TEST_PG_URL" -c "DO \$\$ DECLARE s text; BEGIN
      FOR s IN SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\_%' LOOP
        EXECUTE 'DROP SCHEMA ' || quote_ident(s) || ' CASCADE'; END LOOP; END \$\$;" >/dev/null 2>&1 || true
elif [ -n "${CI:-}" ]; then
  echo "GAGAL: PostgreSQL di 127.0.0.1:5432 tidak menjawab, dan CI wajib menguji kedua backend." >&2
  exit 1
else
  unset NETRAL_TEST_PG_URL
  echo "##################################################################################"
  echo "## DILEWATI: PostgreSQL tidak menjawab di 127.0.0.1:5432.                        ##"
  echo "## Varian PostgreSQL dari suite penyimpanan dan integrasi TIDAK dijalankan.      ##"
  echo "##################################################################################"
fi

langkah "cargo nextest (seluruh suite)"
cargo nextest run --workspace --profile ci

langkah "Uji peramban (Chromium headless)"
cargo build -p netral-cli --quiet
NETRAL_BIN="$PWD/target/debug/netral" bash scripts/uji-peramban.sh

echo
echo "Semua uji lulus dalam $(( $(date +%s) - mulai )) detik."
