//! `muat`: HTTP/1.1 load generator on loopback (keep-alive, one hyper connection per
//! worker).
//!
//! - Closed loop (saturation): `--koneksi N` workers each send the next request as soon as
//!   the previous one is answered; prints requests/s.
//! - Open loop (`--laju R`): request i is *scheduled* at t0 + i/R and worker i mod N sends
//!   it at that time (or at once if late); latency is measured from the scheduled time, so a
//!   slow server cannot hide its queueing (no coordinated omission).
//!
//! What to send: `--kartu FILE` (from `siapkan`) posts one kiosk signature per request to
//! `/api/v1/tanda-tangan`, each with the next staff card from line `--mulai` (a different
//! employee each time); otherwise `--get PATH` with `--header "Name: value"`.
//! Prints one JSON line and one human line.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper_util::rt::TokioIo;

#[derive(Parser)]
struct Arg {
    /// Server address, e.g. 127.0.0.1:8080.
    #[arg(long)]
    addr: String,
    #[arg(long, default_value_t = 64)]
    koneksi: usize,
    /// Offered rate (requests/s): open loop. Without it: closed loop.
    #[arg(long)]
    laju: Option<f64>,
    /// Seconds to run (stops earlier when the cards run out).
    #[arg(long, default_value_t = 10.0)]
    durasi: f64,
    /// Cards file from `siapkan`: sign.
    #[arg(long)]
    kartu: Option<PathBuf>,
    /// First card line to use (0-based, after the header line).
    #[arg(long, default_value_t = 0)]
    mulai: usize,
    /// Use at most this many cards.
    #[arg(long)]
    paling_banyak: Option<usize>,
    /// Prefix of the idempotency keys (make it unique per run).
    #[arg(long, default_value = "bench")]
    awalan: String,
    /// GET this path instead of signing.
    #[arg(long)]
    get: Option<String>,
    /// Extra header for GET, "Name: value" (repeatable).
    #[arg(long)]
    header: Vec<String>,
    /// Also print, per second of the schedule, the count and the slowest request (to see
    /// stalls).
    #[arg(long)]
    garis_waktu: bool,
    /// Label printed with the result.
    #[arg(long, default_value = "")]
    label: String,
}

enum Muatan {
    /// Every request body built before the clock starts, so the generator spends its
    /// share of the 2 cores on sending, not on JSON.
    Ttd {
        otorisasi: hyper::header::HeaderValue,
        badan: Vec<Bytes>,
    },
    Get {
        path: String,
        header: Vec<(String, String)>,
    },
}

struct Bersama {
    addr: String,
    muatan: Muatan,
    berikut: AtomicUsize,
    batas: usize,
}

impl Bersama {
    /// Request number i, or None when the cards are used up.
    fn permintaan(&self, i: usize) -> Option<Request<Full<Bytes>>> {
        if i >= self.batas {
            return None;
        }
        let host = self.addr.as_str();
        match &self.muatan {
            Muatan::Ttd { otorisasi, badan } => Request::post("/api/v1/tanda-tangan")
                .header("host", host)
                .header("content-type", "application/json")
                .header("authorization", otorisasi.clone())
                .body(Full::new(badan.get(i)?.clone()))
                .ok(),
            Muatan::Get { path, header } => {
                let mut r = Request::get(path.as_str()).header("host", host);
                for (n, v) in header {
                    r = r.header(n.as_str(), v.as_str());
                }
                r.body(Full::new(Bytes::new())).ok()
            }
        }
    }
}

#[derive(Default)]
struct Hasil {
    lat_ms: Vec<f64>,
    /// Seconds from t0 at which each request (same order as `lat_ms`) was scheduled.
    jadwal_s: Vec<f64>,
    ok: u64,
    gagal: u64,
    status_gagal: Vec<(u16, String)>,
}

type Kirim = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn sambung(addr: &str) -> anyhow::Result<Kirim> {
    let s = tokio::net::TcpStream::connect(addr).await?;
    s.set_nodelay(true)?;
    let (kirim, conn) = hyper::client::conn::http1::handshake(TokioIo::new(s)).await?;
    tokio::spawn(conn);
    Ok(kirim)
}

async fn satu(kirim: &mut Kirim, req: Request<Full<Bytes>>, h: &mut Hasil) -> anyhow::Result<()> {
    kirim.ready().await?;
    let res = kirim.send_request(req).await?;
    let st = res.status();
    let body = res.into_body().collect().await?.to_bytes();
    if st.is_success() {
        h.ok += 1;
    } else {
        h.gagal += 1;
        if h.status_gagal.len() < 3 {
            h.status_gagal.push((
                st.as_u16(),
                String::from_utf8_lossy(&body).chars().take(300).collect(),
            ));
        }
    }
    Ok(())
}

async fn pekerja(
    mut kirim: Kirim,
    b: Arc<Bersama>,
    w: usize,
    n: usize,
    laju: Option<f64>,
    t0: Instant,
    akhir: Instant,
) -> anyhow::Result<Hasil> {
    let mut h = Hasil::default();
    let mut k = 0usize;
    loop {
        let (i, jadwal) = match laju {
            None => (b.berikut.fetch_add(1, Ordering::Relaxed), Instant::now()),
            Some(r) => {
                let i = w + k * n;
                k += 1;
                let jadwal = t0 + Duration::from_secs_f64(i as f64 / r);
                if jadwal >= akhir {
                    break;
                }
                tokio::time::sleep_until(jadwal.into()).await;
                (i, jadwal)
            }
        };
        if Instant::now() >= akhir {
            break;
        }
        let Some(req) = b.permintaan(i) else { break };
        if let Err(e) = satu(&mut kirim, req, &mut h).await {
            h.gagal += 1;
            if h.status_gagal.len() < 3 {
                h.status_gagal.push((0, e.to_string()));
            }
            kirim = sambung(&b.addr).await?;
        }
        h.lat_ms.push(jadwal.elapsed().as_secs_f64() * 1000.0);
        h.jadwal_s
            .push(jadwal.saturating_duration_since(t0).as_secs_f64());
    }
    Ok(h)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let a = Arg::parse();
    let (muatan, batas) = match (&a.kartu, &a.get) {
        (Some(f), _) => {
            let teks = std::fs::read_to_string(f)?;
            let mut baris = teks.lines();
            let kepala: serde_json::Value =
                serde_json::from_str(baris.next().ok_or(anyhow::anyhow!("berkas kosong"))?)?;
            let kartu: Vec<String> = baris
                .skip(a.mulai)
                .take(a.paling_banyak.unwrap_or(usize::MAX))
                .map(str::to_string)
                .collect();
            let n = kartu.len();
            let kampanye = kepala["kampanye"].as_i64().unwrap_or_default();
            let butir = kepala["butir"].as_u64().unwrap_or_default() as usize;
            let badan = kartu
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    Bytes::from(
                        serde_json::json!({
                            "metode": "KIOSK",
                            "kampanye": kampanye,
                            "nip_atau_kartu": k,
                            "kunci_idempoten": format!("{}-{i:08}", a.awalan),
                            "butir": vec![true; butir],
                        })
                        .to_string(),
                    )
                })
                .collect();
            let token = kepala["token"].as_str().unwrap_or_default();
            (
                Muatan::Ttd {
                    otorisasi: format!("Bearer {token}").parse()?,
                    badan,
                },
                n,
            )
        }
        (None, Some(p)) => {
            let header = a
                .header
                .iter()
                .filter_map(|h| h.split_once(':'))
                .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
                .collect();
            (
                Muatan::Get {
                    path: p.clone(),
                    header,
                },
                usize::MAX,
            )
        }
        _ => anyhow::bail!("beri --kartu atau --get"),
    };
    let b = Arc::new(Bersama {
        addr: a.addr.clone(),
        muatan,
        berikut: AtomicUsize::new(0),
        batas,
    });
    // Every keep-alive connection is open before the clock starts: what is measured is
    // the requests, not a burst of TCP handshakes (kiosks and phones keep theirs open).
    let mut sambungan = Vec::with_capacity(a.koneksi);
    for _ in 0..a.koneksi {
        sambungan.push(sambung(&b.addr).await?);
    }
    let t0 = Instant::now() + Duration::from_millis(50);
    let akhir = t0 + Duration::from_secs_f64(a.durasi);
    let mut tugas = tokio::task::JoinSet::new();
    for (w, kirim) in sambungan.into_iter().enumerate() {
        tugas.spawn(pekerja(kirim, b.clone(), w, a.koneksi, a.laju, t0, akhir));
    }
    let mut semua = Hasil::default();
    while let Some(r) = tugas.join_next().await {
        let h = r??;
        semua.lat_ms.extend(h.lat_ms);
        semua.jadwal_s.extend(h.jadwal_s);
        semua.ok += h.ok;
        semua.gagal += h.gagal;
        if semua.status_gagal.len() < 3 {
            semua.status_gagal.extend(h.status_gagal);
        }
    }
    let detik = t0.elapsed().as_secs_f64().min(a.durasi).max(1e-9);
    let selesai = t0.elapsed().as_secs_f64().max(1e-9);
    if a.garis_waktu {
        let mut per: std::collections::BTreeMap<u64, (u64, f64)> = Default::default();
        for (l, j) in semua.lat_ms.iter().zip(&semua.jadwal_s) {
            let e = per.entry(*j as u64).or_default();
            e.0 += 1;
            e.1 = e.1.max(*l);
        }
        for (s, (n, maks)) in per {
            println!("detik {s:>3}: {n:>6} permintaan, terlama {maks:>8.1} ms");
        }
    }
    semua.lat_ms.sort_by(f64::total_cmp);
    let p = |x| netral_bench::persentil(&semua.lat_ms, x);
    let per_s = semua.ok as f64 / selesai;
    let json = serde_json::json!({
        "label": a.label, "mode": if a.laju.is_some() { "open" } else { "closed" },
        "koneksi": a.koneksi, "laju_ditawarkan": a.laju, "detik": selesai,
        "ok": semua.ok, "gagal": semua.gagal, "per_detik": per_s,
        "p50_ms": p(50.0), "p90_ms": p(90.0), "p99_ms": p(99.0), "p999_ms": p(99.9),
        "maks_ms": semua.lat_ms.last().copied().unwrap_or(f64::NAN),
        "contoh_gagal": semua.status_gagal.iter().map(|(s, t)| format!("{s} {t}")).collect::<Vec<_>>(),
    });
    println!("{json}");
    let _ = detik;
    println!(
        "{} {}: {} ok, {} gagal in {:.2} s = {:.0}/s; latency p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms{}",
        a.label,
        match a.laju {
            Some(r) => format!("open loop {r:.0}/s offered, {} connections", a.koneksi),
            None => format!("closed loop, {} connections", a.koneksi),
        },
        semua.ok,
        semua.gagal,
        selesai,
        per_s,
        p(50.0),
        p(90.0),
        p(99.0),
        semua.lat_ms.last().copied().unwrap_or(f64::NAN),
        if semua.status_gagal.is_empty() {
            String::new()
        } else {
            format!("; first failures: {:?}", semua.status_gagal)
        }
    );
    Ok(())
}
