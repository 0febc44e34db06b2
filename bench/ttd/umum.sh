# Shared by bench/ttd/run.sh and bench/progres/run.sh (sourced, with $db = sqlite|postgres):
# builds, prepares a fresh data folder (PostgreSQL: schema bench_ttd, dropped on exit) with
# the demo Pemda of $JUMLAH employees (default 100,000), an approved pact, one advisory-stage campaign, an
# operator token and every in-scope employee's staff-card payload ($kerja/kartu.txt), then
# starts `netral serve` as a separate process on $A.
[ -n "${NETRAL_BENCH_SKIP_BUILD:-}" ] || cargo build --profile bench-fast -q -p netral-cli -p netral-bench
B=target/bench-fast
kerja=$(mktemp -d /tmp/netral-bench-ttd.XXXX)
port=$((20000 + RANDOM % 20000))
A="127.0.0.1:$port"
url=()
if [ "$db" = postgres ]; then
  pg=${NETRAL_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
  export PGOPTIONS="-c client_min_messages=warning"
  psql "$pg" -qc "DROP SCHEMA IF EXISTS bench_ttd CASCADE; CREATE SCHEMA bench_ttd"
  dburl="$pg?options=-c%20search_path%3Dbench_ttd"
  url=(--database-url "$dburl")
fi
JUMLAH=${JUMLAH:-100000}
echo "== setup: $JUMLAH employees, approved pact, one advisory stage, cards ($db)"
$B/siapkan --data-dir "$kerja" "${url[@]}" --jumlah "$JUMLAH" --keluar "$kerja/kartu.txt"
$B/netral --data-dir "$kerja" "${url[@]}" serve --addr "$A" >"$kerja/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$kerja"
  if [ "$db" = postgres ]; then psql "$pg" -qc "DROP SCHEMA IF EXISTS bench_ttd CASCADE"; fi' EXIT
for _ in $(seq 1 100); do curl -sf "http://$A/healthz" >/dev/null && break; sleep 0.2; done
