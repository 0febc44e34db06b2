#!/usr/bin/env bash
# Employee list latency at 100,000 employees (release build, SQLite): p50/p99 per query.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -q -p netral-cli
kerja=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
target/release/netral demo --data-dir "$kerja" --jumlah 100000 --addr "127.0.0.1:$port" >"$kerja/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$kerja"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
python3 bench/pegawai/ukur.py "http://127.0.0.1:$port" "${1:-200}"
