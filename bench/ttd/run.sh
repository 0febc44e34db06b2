#!/usr/bin/env bash
# Signing over HTTP (issue #4 §8): kiosk signatures (staff-card payload, operator token)
# POSTed to /api/v1/tanda-tangan of a separate `netral serve` process, load generator on the
# same 2 cores, durable commits. Prints: saturation rate (closed loop), latency at fixed
# offered rates (open loop, measured from each request's scheduled time), and the raw
# durable insert rate of the signature table for the ratio.
#
#   bash bench/ttd/run.sh            # SQLite
#   bash bench/ttd/run.sh postgres   # PostgreSQL, schema bench_ttd in $NETRAL_BENCH_PG_URL
#                                    # (default postgres://postgres@127.0.0.1:5432/test)
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:-sqlite}
# 330,000 employees give ~290,000 in-scope cards: every run below signs distinct people,
# and each saturation run lasts its full 10 s up to 12,000 signatures/s. Faster, it ends
# when its 120,000 cards are spent (SQLite at stop 14: 8.7 s at 13,800/s); the rate printed
# is signatures served ÷ elapsed time either way.
JUMLAH=330000
. bench/ttd/umum.sh
M=("$B/muat" --addr "$A" --kartu "$kerja/kartu.txt")
echo "== warm-up (loads the campaign's progress state, ~4 s at 330,000 employees)"
"${M[@]}" --mulai 0 --paling-banyak 4000 --awalan pemanasan --koneksi 16 --durasi 6 --label warmup | tail -1
echo "== saturation (closed loop, 10 s)"
"${M[@]}" --mulai 4000 --paling-banyak 120000 --awalan jenuh64 --koneksi 64 --durasi 10 --label "$db" | tail -1
"${M[@]}" --mulai 124000 --paling-banyak 120000 --awalan jenuh256 --koneksi 256 --durasi 10 --label "$db" | tail -1
echo "== latency at fixed offered rates (open loop, 10 s each)"
"${M[@]}" --mulai 244000 --paling-banyak 21000 --awalan laju2000 --koneksi 256 --laju 2000 --durasi 10 --label "$db" | tail -1
"${M[@]}" --mulai 265000 --paling-banyak 9000 --awalan laju1000 --koneksi 128 --laju 1000 --durasi 8 --label "$db" | tail -1
kill $pid; wait $pid 2>/dev/null || true
echo "== the same signing without HTTP (App::ttd_kiosk in one process, 256 callers)"
$B/mentah --app "$kerja" "${url[@]/--database-url/--pg}" --kartu "$kerja/kartu.txt" --mulai 274000 --n 2000 --batch 256
echo "== raw durable inserts into the signature table (same database, no HTTP)"
if [ "$db" = postgres ]; then
  $B/mentah --pg "$dburl" --n 2000 --batch 1
  $B/mentah --pg "$dburl" --n 20000 --batch 500
else
  $B/mentah --sqlite "$kerja/netral.db" --n 2000 --batch 1
  $B/mentah --sqlite "$kerja/netral.db" --n 20000 --batch 500
fi
