#!/usr/bin/env bash
# Progress dashboard of a 100,000-employee instansi (issue #4 §8, target p99 < 50 ms):
# 50,000 of 88,000 in-scope ASN signed through the kiosk API first, then `getProgress`
# (GET /api/v1/kampanye/{id}/progres, operator's bearer token) and the HTML progress page
# (GET /kampanye/{id}, logged-in demo admin) timed one request at a time, then both again
# while kiosk signatures keep arriving at 500/s (open loop).
#
#   bash bench/progres/run.sh            # SQLite
#   bash bench/progres/run.sh postgres   # PostgreSQL, schema bench_ttd (see bench/ttd/run.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:-sqlite}
. bench/ttd/umum.sh
echo "== signing 50,000 employees first"
$B/muat --addr "$A" --kartu "$kerja/kartu.txt" --paling-banyak 50000 --awalan isi --koneksi 64 --durasi 120 --label isi | tail -1
kampanye=$(head -1 "$kerja/kartu.txt" | python3 -c 'import json,sys; print(json.load(sys.stdin)["kampanye"])')
token=$(head -1 "$kerja/kartu.txt" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# Log in as the demo admin for the HTML page.
cookie=$(python3 - "http://$A" <<'PY'
import http.cookiejar, re, sys, urllib.parse, urllib.request
base = sys.argv[1]
jar = http.cookiejar.CookieJar()
class Tetap(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), Tetap)
csrf = re.search(r'name="_csrf" value="([^"]+)"', op.open(base + "/masuk").read().decode()).group(1)
data = urllib.parse.urlencode({"username": "admin", "sandi": "netral-demo-2026", "_csrf": csrf}).encode()
try:
    op.open(base + "/masuk", data)
except urllib.error.HTTPError as e:
    assert e.code == 303, e.code
print("; ".join(f"{c.name}={c.value}" for c in jar))
PY
)
curl -sf -H "Authorization: Bearer $token" -o "$kerja/progres.json" "http://$A/api/v1/kampanye/$kampanye/progres"
head -c 200 "$kerja/progres.json"; echo
[ -n "$cookie" ] || { echo "login gagal"; exit 1; }
api=(--get "/api/v1/kampanye/$kampanye/progres" --header "Authorization: Bearer $token")
html=(--get "/kampanye/$kampanye" --header "Cookie: $cookie")
echo "== idle server, one request at a time (10 s each)"
$B/muat --addr "$A" "${api[@]}" --koneksi 1 --durasi 10 --label "$db getProgress" | tail -1
$B/muat --addr "$A" "${html[@]}" --koneksi 1 --durasi 10 --label "$db progress page" | tail -1
echo "== same, 8 concurrent viewers"
$B/muat --addr "$A" "${api[@]}" --koneksi 8 --durasi 10 --label "$db getProgress" | tail -1
$B/muat --addr "$A" "${html[@]}" --koneksi 8 --durasi 10 --label "$db progress page" | tail -1
echo "== while kiosk signatures arrive at 500/s (open loop)"
$B/muat --addr "$A" --kartu "$kerja/kartu.txt" --mulai 50000 --awalan latar --koneksi 64 --laju 500 --durasi 24 --label "signing in background" | tail -1 &
latar=$!
sleep 1
$B/muat --addr "$A" "${api[@]}" --koneksi 1 --durasi 10 --label "$db getProgress under signing" | tail -1
$B/muat --addr "$A" "${html[@]}" --koneksi 1 --durasi 10 --label "$db progress page under signing" | tail -1
wait $latar
