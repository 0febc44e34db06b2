//! End to end over loopback HTTP: two `netral witness` processes, `netral serve --witness`
//! on a fresh SQLite data folder, leaves appended through the store, the served checkpoint
//! cosigned by both witnesses, a `.tlog-proof` bundle that passes `netral verify` with
//! "log + 2 of 2 witnesses", and a forked log (same key, different tree) refused by both.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs::File;
use std::io::{BufRead, BufReader, Lines, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::time::{Duration, Instant};

use netral_ledger::bundle::ProofBundle;
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::CosignatureVerifier;
use netral_ledger::note::{self, NoteVerifier, Signer, Verifier};
use netral_ledger::tree::{MemoryHashStore, prove_tree};
use netral_ledger::{Hash, leaf_hash};
use netral_store::{DaunBaru, Store};
use netral_witness::{KlienError, KlienSaksi, TujuanSaksi};

const KODE: &str = "19.71";
const ORIGIN: &str = "pakta.localhost/19.71/kota-pangkalpinang";

fn perintah(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_netral"));
    c.args(args)
        .env_remove("NETRAL_DATA_DIR")
        .env_remove("NETRAL_DATABASE_URL")
        .env_remove("NETRAL_LOG_KEY_DIR")
        .env_remove("NETRAL_WITNESSES")
        .env("NETRAL_PUBLIC_HOST", "pakta.localhost");
    c
}

fn jalankan(args: &[&str]) -> Output {
    perintah(args).output().expect("run netral")
}

fn teks(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A child process killed when dropped; its stderr goes to a file shown on failure.
struct Anak {
    proses: Child,
    _stdout: Lines<BufReader<ChildStdout>>,
    log: PathBuf,
}

impl Anak {
    /// Spawns `netral args…` and returns it with its first `n` stdout lines.
    fn mulai(args: &[&str], log: PathBuf, n: usize) -> (Anak, Vec<String>) {
        let mut proses = perintah(args)
            .env("RUST_LOG", "info,tower_http=warn")
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(File::create(&log).expect("log file"))
            .spawn()
            .expect("spawn netral");
        let mut baris = BufReader::new(proses.stdout.take().expect("stdout")).lines();
        let awal: Vec<String> = (0..n)
            .map(|_| match baris.next() {
                Some(Ok(b)) => b,
                _ => panic!(
                    "netral {args:?} berhenti:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                ),
            })
            .collect();
        (
            Anak {
                proses,
                _stdout: baris,
                log,
            },
            awal,
        )
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Anak {
    fn drop(&mut self) {
        let _ = self.proses.kill();
        let _ = self.proses.wait();
    }
}

struct SaksiJalan {
    anak: Anak,
    /// host:port
    alamat: String,
    vkey: String,
}

impl SaksiJalan {
    fn url(&self) -> String {
        format!("http://{}", self.alamat)
    }
    fn tujuan(&self) -> TujuanSaksi {
        TujuanSaksi::baru(&self.url(), &self.vkey).unwrap()
    }
    fn verifier(&self) -> CosignatureVerifier {
        CosignatureVerifier::from_vkey(&self.vkey).unwrap()
    }
    fn beranda(&self) -> String {
        let (status, badan) = get(&self.alamat, "/");
        assert_eq!(status, 200, "{badan}");
        badan
    }
}

fn mulai_saksi(root: &Path, nama: &str, log_vkey: &str) -> SaksiJalan {
    let data = root.join(nama);
    let (anak, baris) = Anak::mulai(
        &[
            "witness",
            "--listen",
            "127.0.0.1:0",
            "--log",
            log_vkey,
            "--name",
            nama,
            "--data-dir",
            data.to_str().unwrap(),
        ],
        root.join(format!("{nama}.log")),
        2,
    );
    let alamat = baris[0]
        .strip_prefix("Saksi Netral berjalan di http://")
        .and_then(|r| r.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{}", baris[0]))
        .to_owned();
    let vkey = baris[1]
        .strip_prefix("vkey: ")
        .expect("vkey line")
        .to_owned();
    assert!(vkey.starts_with(&format!("{nama}+")), "{vkey}");
    SaksiJalan { anak, alamat, vkey }
}

/// One HTTP/1.0 GET (no chunked answers): status and body.
fn get(alamat: &str, jalur: &str) -> (u16, String) {
    let mut s = TcpStream::connect(alamat).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {jalur} HTTP/1.0\r\nHost: {alamat}\r\n\r\n").unwrap();
    let mut jawaban = String::new();
    s.read_to_string(&mut jawaban).expect("read");
    let (kepala, badan) = jawaban.split_once("\r\n\r\n").expect("http answer");
    let status = kepala
        .split(' ')
        .nth(1)
        .and_then(|k| k.parse().ok())
        .expect("status");
    (status, badan.to_owned())
}

/// Appends leaves `dari..sampai` ("pakta uji N") through the store, as a record does.
async fn tambah_daun(store: &dyn Store, dari: u64, sampai: u64) {
    let i = store
        .instansi_by_kode(KODE)
        .await
        .unwrap()
        .expect("instansi");
    let daun: Vec<DaunBaru> = (dari..sampai).map(|n| DaunBaru::baru(entri(n))).collect();
    let idx = store.tambah_daun(i.id, &daun).await.unwrap();
    assert_eq!(idx, (dari..sampai).collect::<Vec<_>>());
}

fn entri(n: u64) -> Vec<u8> {
    format!("pakta uji {n}").into_bytes()
}

/// Polls the served checkpoint until it has size `ukuran` and a cosignature by every
/// witness; returns the note text.
fn tunggu_kosignatur(server: &Anak, alamat: &str, ukuran: u64, saksi: &[&SaksiJalan]) -> String {
    let batas = Instant::now() + Duration::from_secs(30);
    let mut terakhir = String::new();
    while Instant::now() < batas {
        let (status, badan) = get(alamat, &format!("/log/{KODE}/checkpoint"));
        if status == 200 {
            let (isi, tanda) = note::split_note(&badan).unwrap();
            let cp = Checkpoint::parse(isi).unwrap();
            let lengkap = saksi.iter().all(|s| {
                let v = s.verifier();
                tanda
                    .iter()
                    .any(|t| t.name == v.name() && t.key_id == v.key_id())
            });
            if cp.size == ukuran && lengkap {
                return badan;
            }
        }
        terakhir = badan;
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "checkpoint ukuran {ukuran} dengan {} kosignatur tidak muncul; terakhir:\n{terakhir}\nlog server:\n{}",
        saksi.len(),
        server.log()
    );
}

fn tree(n: u64, palsu: Option<u64>) -> MemoryHashStore {
    let mut m = MemoryHashStore::new();
    for i in 0..n {
        if Some(i) == palsu {
            m.append(b"pakta palsu").unwrap();
        } else {
            m.append(&entri(i)).unwrap();
        }
    }
    m
}

/// A fresh data folder with the Pemda and its log key (made on first use by the CLI);
/// returns the folder, the log vkey and the store opened in this process.
async fn siapkan(root: &Path) -> (PathBuf, String, netral_store_sqlite::SqliteStore) {
    let dir = root.join("data");
    let dir_s = dir.to_str().unwrap();
    let o = jalankan(&[
        "instansi",
        "add",
        "--kode",
        KODE,
        "--nama",
        "Kota Pangkalpinang",
        "--jenis",
        "KOTA",
        "--data-dir",
        dir_s,
    ]);
    assert!(o.status.success(), "{}", teks(&o.stderr));
    let o = jalankan(&["log", "key", "--instansi", KODE, "--data-dir", dir_s]);
    assert!(o.status.success(), "{}", teks(&o.stderr));
    let log_vkey = teks(&o.stdout).trim().to_owned();
    assert_eq!(Verifier::from_vkey(&log_vkey).unwrap().name(), ORIGIN);
    let store = tokio::task::spawn_blocking({
        let p = dir.join("netral.db");
        move || netral_store_sqlite::SqliteStore::open(p)
    })
    .await
    .unwrap()
    .unwrap();
    (dir, log_vkey, store)
}

/// `netral serve` on a free port with a 50 ms sequencer and `--witness` for each witness;
/// returns it and its host:port.
fn mulai_server(root: &Path, dir: &Path, saksi: &[&SaksiJalan], log: &str) -> (Anak, String) {
    let mut args: Vec<String> = [
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--data-dir",
        dir.to_str().unwrap(),
        "--log-interval-ms",
        "50",
    ]
    .map(String::from)
    .to_vec();
    for s in saksi {
        args.push("--witness".into());
        args.push(format!("{}={}", s.url(), s.vkey));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (server, baris) = Anak::mulai(&args, root.join(log), 1);
    let alamat = baris[0]
        .strip_prefix("Netral berjalan di http://")
        .and_then(|r| r.split_once('/'))
        .map(|(a, _)| a.to_owned())
        .unwrap_or_else(|| panic!("{}", baris[0]));
    (server, alamat)
}

/// The cosigners named on a checkpoint note.
fn penanda(teks_cp: &str) -> Vec<String> {
    note::split_note(teks_cp)
        .unwrap()
        .1
        .into_iter()
        .map(|t| t.name)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_mendorong_checkpoint_ke_dua_saksi_dan_log_bercabang_ditolak() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    let (dir, log_vkey, store) = siapkan(root).await;
    let log_verifier = Verifier::from_vkey(&log_vkey).unwrap();

    // Ten leaves before the server starts, through the store.
    tambah_daun(&store, 0, 10).await;

    let a = mulai_saksi(root, "saksi-a.uji.example", &log_vkey);
    let b = mulai_saksi(root, "saksi-b.uji.example", &log_vkey);
    let (server, alamat) = mulai_server(root, &dir, &[&a, &b], "serve.log");

    // 1. Both cosignatures appear on the served checkpoint and verify client-side.
    let teks_cp = tunggu_kosignatur(&server, &alamat, 10, &[&a, &b]);
    let (cp, _) = Checkpoint::open(&teks_cp, &[&log_verifier]).unwrap();
    assert_eq!(cp.origin, ORIGIN);
    assert_eq!(cp.root, tree(10, None).root().unwrap());
    let (badan, tanda) = note::split_note(&teks_cp).unwrap();
    for s in [&a, &b] {
        let v = s.verifier();
        let t = tanda.iter().find(|t| t.name == v.name()).unwrap();
        assert!(v.verify(badan, &t.sig), "kosignatur {} tidak sah", s.vkey);
    }

    // 2. A bundle from the served inclusion proof passes `netral verify` with
    //    "log + 2 of 2 witnesses", and fails with one cosignature removed.
    let hash = leaf_hash(&entri(3));
    let (status, json) = get(
        &alamat,
        &format!(
            "/api/v1/log/{KODE}/inclusion?leaf_hash={}",
            hex::encode(hash)
        ),
    );
    assert_eq!(status, 200, "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["leaf_index"], 3);
    assert_eq!(json["tree_size"], 10);
    let bukti: Vec<Hash> = json["inclusion_proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            hex::decode(h.as_str().unwrap())
                .unwrap()
                .try_into()
                .unwrap()
        })
        .collect();
    let checkpoint_inklusi = json["checkpoint"].as_str().unwrap().to_owned();
    assert_eq!(checkpoint_inklusi, teks_cp);
    let bundel = ProofBundle {
        extra: Some(entri(3)),
        index: 3,
        proof: bukti,
        checkpoint: checkpoint_inklusi,
    };
    let kebijakan = format!(
        "log {log_vkey}\nwitness a {}\nwitness b {}\ngroup semua 2 a b\nquorum semua\n",
        a.vkey, b.vkey
    );
    let berkas_kebijakan = root.join("kebijakan.txt");
    std::fs::write(&berkas_kebijakan, &kebijakan).unwrap();
    let berkas_bundel = root.join("pakta-3.tlog-proof");
    std::fs::write(&berkas_bundel, bundel.to_text()).unwrap();
    let o = jalankan(&[
        "verify",
        berkas_bundel.to_str().unwrap(),
        "--policy",
        berkas_kebijakan.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        teks(&o.stdout),
        teks(&o.stderr)
    );
    let hasil: serde_json::Value =
        serde_json::from_str(teks(&o.stdout).lines().last().unwrap()).unwrap();
    assert_eq!(hasil["valid"], true);
    assert_eq!(hasil["saksi"].as_array().unwrap().len(), 2, "{hasil}");
    let lap = netral_witness::verifikasi_bundle(
        &bundel.to_text(),
        netral_witness::Daun::Hash(hash),
        &kebijakan,
    )
    .unwrap();
    assert_eq!((lap.indeks, lap.ukuran, lap.saksi.len()), (3, 10, 2));
    // One cosignature only: the quorum fails.
    let tanpa_b: String = bundel
        .to_text()
        .lines()
        .filter(|l| !l.starts_with("— saksi-b.uji.example "))
        .map(|l| format!("{l}\n"))
        .collect();
    let berkas_kurang = root.join("kurang.tlog-proof");
    std::fs::write(&berkas_kurang, tanpa_b).unwrap();
    let o = jalankan(&[
        "verify",
        berkas_kurang.to_str().unwrap(),
        "--policy",
        berkas_kebijakan.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", teks(&o.stdout));
    assert!(teks(&o.stdout).contains("kuorum"), "{}", teks(&o.stdout));

    // 3. More leaves while serving: the push carries a consistency proof from 10.
    tambah_daun(&store, 10, 17).await;
    let teks_17 = tunggu_kosignatur(&server, &alamat, 17, &[&a, &b]);
    assert_eq!(
        Checkpoint::open(&teks_17, &[&log_verifier]).unwrap().0.root,
        tree(17, None).root().unwrap()
    );
    for s in [&a, &b] {
        assert!(s.beranda().contains(&format!("{ORIGIN} — ukuran 17")));
        // Sent with the size the witness acknowledged, not as a probe.
        let log = s.anak.log();
        assert!(log.contains("lama=10 ukuran=17"), "{log}");
    }

    // 4. A fork: another tree signed with the same log key (read from the data folder).
    let skey = std::fs::read_to_string(dir.join("kunci").join(format!("{KODE}.key"))).unwrap();
    let penanda = Signer::from_skey(skey.trim()).unwrap();
    let klien = KlienSaksi::new();
    // (a) leaf 5 replaced, grown to 20, sent as a probe: the witness answers 409 with 17,
    //     the client resends with a proof from the forked tree, the witness answers 422.
    let cabang = tree(20, Some(5));
    let cp_cabang = Checkpoint::new(ORIGIN, 20, cabang.root().unwrap())
        .sign(&[&penanda])
        .unwrap();
    // (b) the same size the witnesses cosigned, another root.
    let cabang_17 = tree(17, Some(16));
    let cp_cabang_17 = Checkpoint::new(ORIGIN, 17, cabang_17.root().unwrap())
        .sign(&[&penanda])
        .unwrap();
    for s in [&a, &b] {
        let e = klien
            .kosignasi(&s.tujuan(), 0, &[], &cp_cabang, |n| {
                std::future::ready(prove_tree(20, n, &cabang))
            })
            .await
            .expect_err("saksi mengkosignasi log bercabang");
        assert!(e.bercabang(), "{e}");
        assert_eq!(e.status(), Some(422));
        let e = klien
            .kosignasi(&s.tujuan(), 17, &[], &cp_cabang_17, |_| {
                std::future::ready(Ok::<_, KlienError>(Vec::new()))
            })
            .await
            .expect_err("saksi mengkosignasi akar lain pada ukuran yang sama");
        assert!(e.bercabang(), "{e}");
        // Its recorded state is unchanged.
        assert!(s.beranda().contains(&format!("{ORIGIN} — ukuran 17")));
    }

    // 5. The honest log still goes on: 20 leaves, cosigned by both from 17.
    tambah_daun(&store, 17, 20).await;
    let teks_20 = tunggu_kosignatur(&server, &alamat, 20, &[&a, &b]);
    let (cp20, _) = Checkpoint::open(&teks_20, &[&log_verifier]).unwrap();
    assert_eq!(cp20.root, tree(20, None).root().unwrap());
    assert_ne!(cp20.root, cabang.root().unwrap());
    for s in [&a, &b] {
        assert!(s.beranda().contains(&format!("{ORIGIN} — ukuran 20")));
    }
    let log = server.log();
    assert!(log.contains("checkpoint dikosignasi saksi"), "{log}");
    assert!(!log.contains("BERCABANG"), "{log}");
}

/// The server itself meets a witness that believes the log forked (it was shown another
/// tree first): it logs the loud warning, keeps serving the other witness, and after a
/// restart sends the latest checkpoint only to the witness that has not cosigned it.
#[tokio::test(flavor = "multi_thread")]
async fn saksi_yang_melihat_cabang_diperingatkan_dan_saksi_lain_tetap_dilayani() {
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    let (dir, log_vkey, store) = siapkan(root).await;
    tambah_daun(&store, 0, 5).await;
    let a = mulai_saksi(root, "saksi-a.uji.example", &log_vkey);
    let b = mulai_saksi(root, "saksi-b.uji.example", &log_vkey);

    // Witness A is shown a forked tree of size 5 first (trust on first use).
    let skey = std::fs::read_to_string(dir.join("kunci").join(format!("{KODE}.key"))).unwrap();
    let penanda_log = Signer::from_skey(skey.trim()).unwrap();
    let cabang = tree(5, Some(2));
    let cp_cabang = Checkpoint::new(ORIGIN, 5, cabang.root().unwrap())
        .sign(&[&penanda_log])
        .unwrap();
    KlienSaksi::new()
        .kosignasi(&a.tujuan(), 0, &[], &cp_cabang, |n| {
            std::future::ready(prove_tree(5, n, &cabang))
        })
        .await
        .unwrap();

    let (server, alamat) = mulai_server(root, &dir, &[&a, &b], "serve-1.log");
    tunggu_kosignatur(&server, &alamat, 5, &[&b]);
    tambah_daun(&store, 5, 8).await;
    let teks_8 = tunggu_kosignatur(&server, &alamat, 8, &[&b]);
    assert_eq!(penanda(&teks_8), [ORIGIN, "saksi-b.uji.example"]);
    // Both checkpoints were refused by A with the loud warning.
    let batas = Instant::now() + Duration::from_secs(10);
    while server.log().matches("BERCABANG").count() < 2 && Instant::now() < batas {
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = server.log();
    assert!(
        log.matches("BERCABANG").count() >= 2 && log.contains("HTTP 422"),
        "{log}"
    );
    assert!(a.beranda().contains(&format!("{ORIGIN} — ukuran 5")));
    drop(server);

    // Restart with B and a new witness C: only C is sent the latest checkpoint (size 8).
    let c = mulai_saksi(root, "saksi-c.uji.example", &log_vkey);
    let (server, alamat) = mulai_server(root, &dir, &[&b, &c], "serve-2.log");
    let teks_8 = tunggu_kosignatur(&server, &alamat, 8, &[&b, &c]);
    assert_eq!(
        penanda(&teks_8),
        [ORIGIN, "saksi-b.uji.example", "saksi-c.uji.example"]
    );
    assert!(c.beranda().contains(&format!("{ORIGIN} — ukuran 8")));
    let log = server.log();
    let dikosignasi = |s: &SaksiJalan| format!("checkpoint dikosignasi saksi saksi={} ", s.url());
    assert!(log.contains(&dikosignasi(&c)), "{log}");
    assert!(!log.contains(&dikosignasi(&b)), "{log}");
}
