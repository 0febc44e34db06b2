//! Benchmarks of the transparency log (see `bench/log/README.md`). Release builds only:
//!
//! ```sh
//! cargo run --release -p netral-cli --example bench_log -- tulis [jumlah] [batch]
//! NETRAL_TEST_PG_URL=postgres://… cargo run --release -p netral-cli --example bench_log -- tulis-pg [jumlah] [batch]
//! cargo run --release -p netral-cli --example bench_log -- bukti DIR [daun] [sampel]
//! cargo run --release -p netral-cli --example bench_log -- http DIR [detik] [koneksi]
//! ```
//!
//! - `tulis`: durable appends (SQLite WAL, `synchronous=FULL`; one commit per batch), then
//!   the sequencer integrating and signing them.
//! - `bukti`: builds (once, kept in DIR) a log of `daun` leaves through the real append and
//!   sequencer path, then times `App::bukti_inklusi` for random leaves: leaf lookup by hash,
//!   stored hashes read from SQLite, proof built and verified.
//! - `http`: serves DIR's log on 127.0.0.1 and drives it with keep-alive HTTP/1.1
//!   connections from this process: checkpoint, random full tiles, recent tiles.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use netral_app::akun::FormInstansi;
use netral_app::log::KonfigurasiLog;
use netral_app::{App, JamSistem, Konfigurasi, Pelaku};
use netral_domain::entri::{Entri, JenisEntri, Pengenal};
use netral_ledger::leaf_hash;
use netral_store::{DaunBaru, Store};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

fn entri(i: u64) -> Vec<u8> {
    let mut hash_isi = [0u8; 32];
    hash_isi[..8].copy_from_slice(&i.to_be_bytes());
    hash_isi[8..16].copy_from_slice(&(i ^ 0x5555_5555_5555_5555).to_be_bytes());
    Entri {
        jenis: JenisEntri::TandaTangan,
        instansi: "19.71".into(),
        pengenal: vec![Pengenal::Angka(2029), Pengenal::Angka(i)],
        waktu_ms: 1_750_000_000_000 + i,
        hash_isi,
        komitmen: Some([(i % 251) as u8; 32]),
    }
    .encode()
    .unwrap()
}

/// xorshift64*: a seeded, dependency-free sample.
struct Acak(u64);
impl Acak {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn app(store: Arc<dyn Store>, kunci: &std::path::Path) -> App {
    App::new(
        store,
        Arc::new(JamSistem),
        Konfigurasi {
            log: KonfigurasiLog {
                host_publik: "pakta.localhost".into(),
                folder_kunci: Some(kunci.to_path_buf()),
                ..KonfigurasiLog::default()
            },
            ..Konfigurasi::default()
        },
    )
}

async fn pemda(app: &App) -> netral_domain::organisasi::Instansi {
    app.tambah_instansi(
        &Pelaku::Cli("bench".into()),
        FormInstansi {
            kode: "19.71".into(),
            nama: "Kota Pangkalpinang".into(),
            jenis: "KOTA".into(),
            kepala_daerah: None,
            status_kepala: None,
            demo: false,
        },
    )
    .await
    .unwrap()
    .0
}

fn persen(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

async fn tulis(store: Arc<dyn Store>, kunci: &std::path::Path, jumlah: u64, batch: u64) {
    let app = app(store, kunci);
    let i = pemda(&app).await;
    app.langkah_log().await.unwrap();
    let semua: Vec<DaunBaru> = (0..jumlah).map(|k| DaunBaru::baru(entri(k))).collect();
    let mulai = Instant::now();
    for b in semua.chunks(batch as usize) {
        app.store.tambah_daun(i.id, b).await.unwrap();
    }
    let t = mulai.elapsed().as_secs_f64();
    println!(
        "{}: {jumlah} appends in batches of {batch} (one durable commit each): {:.2} s = {:.0} appends/s",
        app.store.backend(),
        t,
        jumlah as f64 / t
    );
    let mulai = Instant::now();
    let cps = app.langkah_log().await.unwrap();
    let t = mulai.elapsed().as_secs_f64();
    println!(
        "{}: sequencer integrated {jumlah} leaves and signed checkpoint {}: {:.2} s = {:.0} leaves/s",
        app.store.backend(),
        cps.last().map(|c| c.ukuran).unwrap_or(0),
        t,
        jumlah as f64 / t
    );
    // Single-leaf appends (one commit per leaf), for scale.
    let n1 = 2000u64;
    let mulai = Instant::now();
    for k in jumlah..jumlah + n1 {
        app.store
            .tambah_daun(i.id, &[DaunBaru::baru(entri(k))])
            .await
            .unwrap();
    }
    let t = mulai.elapsed().as_secs_f64();
    println!(
        "{}: {n1} single-leaf appends (one durable commit each): {:.0} appends/s",
        app.store.backend(),
        n1 as f64 / t
    );
}

async fn buka_atau_bangun(
    dir: &std::path::Path,
    daun: u64,
) -> (App, netral_domain::organisasi::Instansi) {
    std::fs::create_dir_all(dir).unwrap();
    let store = netral_store_sqlite::SqliteStore::open(dir.join("netral.db")).unwrap();
    let app = app(Arc::new(store), &dir.join("kunci"));
    let i = match app.store.instansi_by_kode("19.71").await.unwrap() {
        Some(i) => i,
        None => pemda(&app).await,
    };
    let ada = app
        .store
        .info_log(i.id)
        .await
        .unwrap()
        .map_or(0, |x| x.urut);
    if ada < daun {
        let mulai = Instant::now();
        const B: u64 = 5000;
        let mut k = ada;
        while k < daun {
            let b: Vec<DaunBaru> = (k..daun.min(k + B))
                .map(|x| DaunBaru::baru(entri(x)))
                .collect();
            app.store.tambah_daun(i.id, &b).await.unwrap();
            k += B;
        }
        let t = mulai.elapsed().as_secs_f64();
        println!(
            "appended {} leaves in {t:.1} s ({:.0}/s)",
            daun - ada,
            (daun - ada) as f64 / t
        );
    }
    let mulai = Instant::now();
    app.langkah_log().await.unwrap();
    println!(
        "sequencer step (integrate + sign) {:.1} s",
        mulai.elapsed().as_secs_f64()
    );
    (app, i)
}

async fn bukti(dir: &std::path::Path, daun: u64, sampel: usize) {
    let (app, i) = buka_atau_bangun(dir, daun).await;
    let info = app.store.info_log(i.id).await.unwrap().unwrap();
    let n = info.checkpoint.unwrap();
    println!(
        "log of {n} leaves, {} stored hashes",
        netral_ledger::tree::stored_hash_count(n)
    );
    let mut acak = Acak(0x9e37_79b9_7f4a_7c15);
    // Warm the checkpoint cache and the connection, as a running server is.
    app.bukti_inklusi("19.71", &leaf_hash(&entri(0)), None)
        .await
        .unwrap();
    let mut waktu = Vec::with_capacity(sampel);
    let mulai = Instant::now();
    for _ in 0..sampel {
        let k = acak.next() % n;
        let h = leaf_hash(&entri(k));
        let t = Instant::now();
        let b = app.bukti_inklusi("19.71", &h, None).await.unwrap();
        waktu.push(t.elapsed().as_secs_f64() * 1e6);
        assert_eq!(b.indeks, k);
    }
    let total = mulai.elapsed().as_secs_f64();
    let maks = waktu.iter().cloned().fold(0.0, f64::max);
    println!(
        "inclusion proof from storage ({sampel} random leaves; lookup by leaf hash + stored hashes + prove + verify):\n  p50 {:.1} µs   p99 {:.1} µs   max {:.1} µs   ({:.0} proofs/s sequential)",
        persen(&mut waktu, 0.50),
        persen(&mut waktu, 0.99),
        maks,
        sampel as f64 / total
    );
}

/// One keep-alive HTTP/1.1 GET; returns the status.
async fn get(
    r: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
    w: &mut tokio::net::tcp::OwnedWriteHalf,
    path: &str,
    buf: &mut Vec<u8>,
) -> u16 {
    w.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut line = String::new();
    r.read_line(&mut line).await.unwrap();
    let status: u16 = line.split(' ').nth(1).unwrap().parse().unwrap();
    let mut len = 0usize;
    loop {
        line.clear();
        r.read_line(&mut line).await.unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line
            .to_ascii_lowercase()
            .strip_prefix("content-length:")
            .map(|v| v.trim().to_string())
        {
            len = v.parse().unwrap();
        }
    }
    buf.resize(len, 0);
    r.read_exact(buf).await.unwrap();
    status
}

async fn muat(
    addr: std::net::SocketAddr,
    nama: &str,
    detik: u64,
    koneksi: usize,
    jalur: Arc<Vec<String>>,
) {
    let jalan = Arc::new(AtomicBool::new(true));
    let ok = Arc::new(AtomicU64::new(0));
    let mut tugas = Vec::new();
    for c in 0..koneksi {
        let (jalan, ok, jalur) = (jalan.clone(), ok.clone(), jalur.clone());
        tugas.push(tokio::spawn(async move {
            let s = tokio::net::TcpStream::connect(addr).await.unwrap();
            s.set_nodelay(true).unwrap();
            let (r, mut w) = s.into_split();
            let mut r = BufReader::new(r);
            let mut buf = Vec::new();
            let mut acak = Acak(0x1234_5678 + c as u64);
            let mut lat = Vec::new();
            while jalan.load(Ordering::Relaxed) {
                let p = &jalur[(acak.next() % jalur.len() as u64) as usize];
                let t = Instant::now();
                let st = get(&mut r, &mut w, p, &mut buf).await;
                lat.push(t.elapsed().as_secs_f64() * 1e6);
                assert_eq!(st, 200, "{p}");
                ok.fetch_add(1, Ordering::Relaxed);
            }
            lat
        }));
    }
    let mulai = Instant::now();
    tokio::time::sleep(Duration::from_secs(detik)).await;
    jalan.store(false, Ordering::Relaxed);
    let mut lat = Vec::new();
    for t in tugas {
        lat.extend(t.await.unwrap());
    }
    let t = mulai.elapsed().as_secs_f64();
    let n = ok.load(Ordering::Relaxed);
    println!(
        "{nama}: {n} responses 200 in {t:.1} s over {koneksi} connections = {:.0} req/s  (latency p50 {:.0} µs, p99 {:.0} µs)",
        n as f64 / t,
        persen(&mut lat, 0.5),
        persen(&mut lat, 0.99)
    );
}

fn http(dir: std::path::PathBuf, detik: u64, koneksi: usize) {
    // The server gets its own 2-thread runtime, like `netral serve` on this 2-core VM;
    // the load generator another (the two share the machine's cores).
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (addr, ukuran) = server_rt.block_on(async {
        let (app, i) = buka_atau_bangun(&dir, 1000).await;
        let ukuran = app
            .store
            .info_log(i.id)
            .await
            .unwrap()
            .unwrap()
            .checkpoint
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = netral_web::AppState::new(app, false);
        tokio::spawn(netral_web::serve(listener, state, std::future::pending()));
        (addr, ukuran)
    });
    let klien_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let penuh = ukuran / 256;
    klien_rt.block_on(async {
        println!("serving a log of {ukuran} leaves on http://{addr}/log/19.71/");
        let cp = Arc::new(vec!["/log/19.71/checkpoint".to_string()]);
        muat(addr, "checkpoint", detik, koneksi, cp).await;
        let mut acak = Acak(42);
        let acak_tile: Vec<String> = (0..20_000)
            .map(|_| {
                let t = netral_ledger::tile::Tile::new(0, acak.next() % penuh, 256).unwrap();
                format!("/log/19.71/{}", t.path())
            })
            .collect();
        muat(
            addr,
            "random full level-0 tiles (mostly uncached)",
            detik,
            koneksi,
            Arc::new(acak_tile),
        )
        .await;
        let baru: Vec<String> = netral_ledger::tile::tiles_for_size(ukuran)
            .into_iter()
            .filter(|t| t.level > 0 || t.n + 64 >= penuh)
            .map(|t| format!("/log/19.71/{}", t.path()))
            .collect();
        muat(
            addr,
            "recent tiles (what clients of a new checkpoint fetch)",
            detik,
            koneksi,
            Arc::new(baru),
        )
        .await;
        let entri: Vec<String> = (penuh.saturating_sub(64)..penuh)
            .map(|n| {
                format!(
                    "/log/19.71/{}",
                    netral_ledger::tile::Tile::new(0, n, 256)
                        .unwrap()
                        .entries_path()
                )
            })
            .collect();
        muat(
            addr,
            "recent entry bundles",
            detik,
            koneksi,
            Arc::new(entri),
        )
        .await;
    });
    drop(server_rt);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, d: u64| -> u64 { args.get(i).and_then(|a| a.parse().ok()).unwrap_or(d) };
    match args.first().map(String::as_str) {
        Some("http") => {
            let dir = std::path::PathBuf::from(args.get(1).expect("DIR"));
            http(dir, arg(2, 10), arg(3, 32) as usize);
        }
        Some(cmd) => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                match cmd {
                    "tulis" => {
                        let d = tempfile::tempdir().unwrap();
                        let store =
                            netral_store_sqlite::SqliteStore::open(d.path().join("netral.db"))
                                .unwrap();
                        tulis(
                            Arc::new(store),
                            &d.path().join("kunci"),
                            arg(1, 200_000),
                            arg(2, 1000),
                        )
                        .await;
                    }
                    "tulis-pg" => {
                        let url = std::env::var("NETRAL_TEST_PG_URL").expect("NETRAL_TEST_PG_URL");
                        let skema = format!("bench_log_{}", std::process::id());
                        let (c, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                            .await
                            .unwrap();
                        tokio::spawn(conn);
                        c.batch_execute(&format!("CREATE SCHEMA {skema}"))
                            .await
                            .unwrap();
                        let sep = if url.contains('?') { '&' } else { '?' };
                        let url2 = format!("{url}{sep}options=-c%20search_path%3D{skema}");
                        let store = netral_store_postgres::PostgresStore::connect(&url2)
                            .await
                            .unwrap();
                        let d = tempfile::tempdir().unwrap();
                        tulis(
                            Arc::new(store),
                            &d.path().join("kunci"),
                            arg(1, 200_000),
                            arg(2, 1000),
                        )
                        .await;
                        c.batch_execute(&format!("DROP SCHEMA {skema} CASCADE"))
                            .await
                            .unwrap();
                    }
                    "bukti" => {
                        let dir = std::path::PathBuf::from(args.get(1).expect("DIR"));
                        bukti(&dir, arg(2, 5_000_000), arg(3, 10_000) as usize).await;
                    }
                    _ => panic!("tulis | tulis-pg | bukti DIR | http DIR"),
                }
            });
        }
        None => panic!("tulis | tulis-pg | bukti DIR | http DIR"),
    }
}
