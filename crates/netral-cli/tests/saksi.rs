//! `netral verify` and `netral witness` as a user runs them.

mod alat;

use alat::netral;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use netral_witness::netral_ledger::bundle::ProofBundle;
use netral_witness::netral_ledger::checkpoint::Checkpoint;
use netral_witness::netral_ledger::cosig::CosignerKey;
use netral_witness::netral_ledger::leaf_hash;
use netral_witness::netral_ledger::note::{self, Signer};
use netral_witness::netral_ledger::tree::{MemoryHashStore, prove_record};
use netral_witness::netral_ledger::witness::AddCheckpointRequest;

const ORIGIN: &str = "pakta.example.go.id/19.71/pilkada2029";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

struct Kasus {
    dir: tempfile::TempDir,
    log: Signer,
    saksi: Vec<CosignerKey>,
    store: MemoryHashStore,
}

impl Kasus {
    fn baru() -> Kasus {
        let mut store = MemoryHashStore::new();
        for i in 0..6 {
            store
                .append(format!("pakta {i}").as_bytes())
                .expect("append");
        }
        Kasus {
            dir: tempfile::tempdir().expect("tempdir"),
            log: Signer::from_seed(ORIGIN, [1; 32]).expect("signer"),
            saksi: [
                "saksi.bkn.example",
                "saksi.bawaslu.example",
                "saksi.ugm.example",
            ]
            .iter()
            .enumerate()
            .map(|(i, n)| CosignerKey::from_seed(n, [10 + i as u8; 32]).expect("key"))
            .collect(),
            store,
        }
    }

    fn tulis(&self, nama: &str, isi: &[u8]) -> String {
        let p = self.dir.path().join(nama);
        std::fs::write(&p, isi).expect("write");
        p.to_str().expect("utf-8 path").to_owned()
    }

    fn kebijakan(&self) -> String {
        let mut t = format!("log {}\n", self.log.vkey());
        for (nama, k) in ["bkn", "bawaslu", "ugm"].iter().zip(&self.saksi) {
            t.push_str(&format!("witness {nama} {}\n", k.vkey()));
        }
        t.push_str("group institusi 2 bkn bawaslu ugm\nquorum institusi\n");
        self.tulis("kebijakan.txt", t.as_bytes())
    }

    /// The bundle for entry 2, cosigned by the first `n` witnesses.
    fn bundel(&self, n: usize) -> String {
        let cp = Checkpoint::new(ORIGIN, self.store.size(), self.store.root().expect("root"));
        let teks = cp.sign(&[&self.log]).expect("sign");
        let kosig: Vec<_> = self.saksi[..n]
            .iter()
            .map(|k| k.cosign(&cp.body(), 1_893_456_000).expect("cosign"))
            .collect();
        ProofBundle {
            extra: Some(b"pakta 2".to_vec()),
            index: 2,
            proof: prove_record(self.store.size(), 2, &self.store).expect("proof"),
            checkpoint: note::append_signatures(&teks, &kosig).expect("append"),
        }
        .to_text()
    }
}

#[test]
fn verify_exit_codes_on_genuine_and_tampered_bundles() {
    let k = Kasus::baru();
    let kebijakan = k.kebijakan();
    let baik = k.tulis("baik.tlog-proof", k.bundel(2).as_bytes());

    let o = netral(&["verify", &baik, "--policy", &kebijakan]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let keluar = stdout(&o);
    assert!(
        keluar.starts_with("ASLI: entri tercatat di log "),
        "{keluar}"
    );
    assert!(
        keluar.contains("kosignatur saksi bkn: 2030-01-01 00:00:00 UTC"),
        "{keluar}"
    );
    assert!(keluar.contains("entri: pakta 2"), "{keluar}");

    // JSON on the last line.
    let o = netral(&["verify", &baik, "--policy", &kebijakan, "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let terakhir = stdout(&o).lines().last().unwrap_or_default().to_owned();
    assert!(
        terakhir.starts_with("{\"") && terakhir.contains("\"valid\":true"),
        "{terakhir}"
    );

    // The entry given explicitly, as a file or as a leaf hash.
    let entri = k.tulis("entri.bin", b"pakta 2");
    let o = netral(&["verify", &baik, "--policy", &kebijakan, "--entry", &entri]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let hash: String = leaf_hash(b"pakta 2")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let o = netral(&["verify", &baik, "--policy", &kebijakan, "--leaf", &hash]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let lain: String = leaf_hash(b"pakta 3")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let o = netral(&["verify", &baik, "--policy", &kebijakan, "--leaf", &lain]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stdout(&o).starts_with("TIDAK ASLI: entri tidak terbukti tercatat"));

    // Tampered: another index.
    let palsu = k.tulis(
        "palsu.tlog-proof",
        k.bundel(2).replace("index 2\n", "index 3\n").as_bytes(),
    );
    let o = netral(&["verify", &palsu, "--policy", &kebijakan, "--json"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stdout(&o).starts_with("TIDAK ASLI: "), "{}", stdout(&o));
    assert!(stdout(&o).contains("\"valid\":false"));

    // One witness of the required two.
    let satu = k.tulis("satu.tlog-proof", k.bundel(1).as_bytes());
    let o = netral(&["verify", &satu, "--policy", &kebijakan]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(
        stdout(&o).starts_with("TIDAK ASLI: kuorum saksi tidak terpenuhi (kosignatur sah: bkn)"),
        "{}",
        stdout(&o)
    );

    // Only the log key: accepted, with a warning.
    let o = netral(&["verify", &satu, "--log", &k.log.vkey()]);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(stdout(&o).contains("PERINGATAN"));

    // No trust given, a PDF, a missing file: rejected with a reason on stderr.
    for args in [
        vec!["verify", baik.as_str()],
        vec![
            "verify",
            "/tidak/ada.tlog-proof",
            "--policy",
            kebijakan.as_str(),
        ],
    ] {
        let o = netral(&args);
        assert_eq!(o.status.code(), Some(2), "{o:?}");
        assert!(String::from_utf8_lossy(&o.stderr).starts_with("ditolak: "));
    }
    let pdf = k.tulis("pakta.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    let o = netral(&["verify", &pdf, "--policy", &kebijakan]);
    assert_eq!(o.status.code(), Some(2));
    // A PDF is checked as a pact PDF (tests/pakta_pdf.rs); this one carries no record.
    let keluar = stdout(&o);
    assert!(
        keluar.starts_with("TIDAK ASLI: ") && keluar.contains("bukan dokumen pakta Netral"),
        "{keluar}"
    );
}

fn http(addr: &str, permintaan: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(permintaan.as_bytes()).expect("write");
    let mut jawaban = String::new();
    s.read_to_string(&mut jawaban).expect("read");
    jawaban
}

#[test]
fn witness_starts_prints_url_and_vkey_and_cosigns() {
    let k = Kasus::baru();
    let data = k.dir.path().join("saksi");
    let mut anak = Command::new(env!("CARGO_BIN_EXE_netral"))
        .args([
            "witness",
            "--listen",
            "127.0.0.1:0",
            "--log",
            &k.log.vkey(),
            "--name",
            "saksi.uji.example",
            "--data-dir",
            data.to_str().expect("path"),
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn witness");
    let mut baris = BufReader::new(anak.stdout.take().expect("stdout")).lines();
    let pertama = baris.next().expect("line").expect("utf-8");
    let url = pertama
        .strip_prefix("Saksi Netral berjalan di http://")
        .and_then(|r| r.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{pertama}"))
        .to_owned();
    let vkey = baris.next().expect("line").expect("utf-8");
    let vkey = vkey.strip_prefix("vkey: ").expect("vkey line").to_owned();
    assert!(vkey.starts_with("saksi.uji.example+"), "{vkey}");

    let jawaban = http(
        &url,
        &format!("GET /vkey HTTP/1.1\r\nHost: {url}\r\nConnection: close\r\n\r\n"),
    );
    assert!(jawaban.starts_with("HTTP/1.1 200"), "{jawaban}");
    assert!(jawaban.ends_with(&format!("\r\n\r\n{vkey}\n")), "{jawaban}");

    let cp = Checkpoint::new(ORIGIN, k.store.size(), k.store.root().expect("root"))
        .sign(&[&k.log])
        .expect("sign");
    let badan = AddCheckpointRequest {
        old_size: 0,
        proof: vec![],
        checkpoint: cp,
    }
    .to_body();
    let jawaban = http(
        &url,
        &format!(
            "POST /add-checkpoint HTTP/1.1\r\nHost: {url}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{badan}",
            badan.len()
        ),
    );
    assert!(jawaban.starts_with("HTTP/1.1 200"), "{jawaban}");
    assert!(
        jawaban.contains("\r\n\r\n— saksi.uji.example "),
        "{jawaban}"
    );

    anak.kill().expect("stop witness");
    anak.wait().expect("wait");
    assert!(Path::new(&data).join("witness.key").exists());
    let status = std::fs::read_to_string(data.join("witness.state")).expect("state");
    assert!(status.contains(&format!("{ORIGIN} 6 ")), "{status}");
}
