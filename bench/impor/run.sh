#!/usr/bin/env bash
# Import benchmark: 100,000-row XLSX and 1,000,000-row CSV through `netral import pegawai`
# (release build, SQLite in a fresh data folder; PostgreSQL too when NETRAL_BENCH_PG_URL is set).
# Prints wall-clock seconds for each, end to end: read + validate + plan + one transaction.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -q -p netral-cli
cargo build --release -q -p netral-demo-data --examples
BIN=target/release/netral
GEN=target/release/examples/gen
kerja=$(mktemp -d)
trap 'rm -rf "$kerja"' EXIT
$GEN --jumlah 100000 --xlsx --out "$kerja/pegawai-100k.xlsx" >/dev/null
$GEN --jumlah 1000000 --out "$kerja/pegawai-1m.csv" >/dev/null

ukur() { # label, then the command
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null
  t1=$(date +%s.%N)
  printf '%-58s %6.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
}

jalankan() { # backend label, global args…
  local nama=$1; shift
  "$BIN" "$@" instansi add --kode 19.71 --nama "Kota Pangkalpinang" --jenis KOTA >/dev/null
  "$BIN" "$@" instansi add --kode 19.72 --nama "Kota Bench" --jenis KOTA >/dev/null
  ukur "$nama: 100k XLSX, first import (all new)" "$BIN" "$@" import pegawai --instansi 19.71 "$kerja/pegawai-100k.xlsx" --json
  ukur "$nama: 100k XLSX, same file again (all unchanged)" "$BIN" "$@" import pegawai --instansi 19.71 "$kerja/pegawai-100k.xlsx" --json
  ukur "$nama: 1M CSV, first import (all new)" "$BIN" "$@" import pegawai --instansi 19.72 "$kerja/pegawai-1m.csv" --json
  ukur "$nama: 1M CSV, same file again (all unchanged)" "$BIN" "$@" import pegawai --instansi 19.72 "$kerja/pegawai-1m.csv" --json
}

echo "netral import pegawai — $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
jalankan "SQLite" --data-dir "$kerja/data"
if [ -n "${NETRAL_BENCH_PG_URL:-}" ]; then
  skema="bench_$(date +%s)"
  psql -q "$NETRAL_BENCH_PG_URL" -c "CREATE SCHEMA $skema"
  jalankan "PostgreSQL" --database-url "$NETRAL_BENCH_PG_URL?options=-c%20search_path%3D$skema"
  PGOPTIONS="--client-min-messages=warning" psql -q "$NETRAL_BENCH_PG_URL" -c "DROP SCHEMA $skema CASCADE"
fi
