"""Latency of the employee list at 100,000 employees: logs in as the demo admin and times
page loads (HTML) and API calls for typical queries. Loopback only, bounded request count."""
import http.cookiejar, json, re, statistics, sys, time, urllib.parse, urllib.request

base = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
jar = http.cookiejar.CookieJar()
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
html = op.open(base + "/masuk").read().decode()
csrf = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
data = urllib.parse.urlencode({"username": "admin", "sandi": "netral-demo-2026", "_csrf": csrf}).encode()
try:
    op.open(base + "/masuk", data)
except urllib.error.HTTPError as e:
    assert e.code == 303, e.code

units = re.findall(r'<option value="(\d+)"', op.open(base + "/pegawai").read().decode())
kueri = {
    "halaman 1 (tanpa filter)": "/pegawai",
    "halaman 1000 (offset 49.950)": "/pegawai?halaman=1000",
    "cari nama 'siti'": "/pegawai?q=siti",
    "cari NIP sebagian '19860'": "/pegawai?q=19860",
    "filter unit (subtree) + jenis PNS": f"/pegawai?unit={units[0]}&jenis=PNS",
    "htmx fragmen cari 'wati'": "/pegawai?q=wati",
    "dasbor (hitungan per jenis)": "/dasbor",
}
print(f"{'kueri':42} {'p50 ms':>8} {'p99 ms':>8} {'maks ms':>8}  (n={n})")
for label, path in kueri.items():
    t = []
    for _ in range(n):
        req = urllib.request.Request(base + path)
        if "htmx" in label:
            req.add_header("HX-Request", "true")
        t0 = time.perf_counter()
        body = op.open(req).read()
        t.append((time.perf_counter() - t0) * 1000)
        assert len(body) > 100
    t.sort()
    p99 = t[min(len(t) - 1, int(len(t) * 0.99))]
    print(f"{label:42} {statistics.median(t):8.1f} {p99:8.1f} {t[-1]:8.1f}")
