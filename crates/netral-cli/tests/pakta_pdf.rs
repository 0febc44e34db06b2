//! `netral verify pakta.pdf`: a pact PDF rendered from a signature record whose entry is in a
//! real (in-memory) log, checked offline against a witness policy.

mod alat;

use alat::netral;
use std::process::Output;

use netral_domain::pakta::rekaman::{
    FORMAT_REKAMAN, RekamanPenanda, RekamanTandaTangan, RekamanTemplat,
};
use netral_ledger::bundle::ProofBundle;
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::CosignerKey;
use netral_ledger::leaf_hash;
use netral_ledger::note::{self, Signer};
use netral_ledger::tree::{MemoryHashStore, prove_record};

const ORIGIN: &str = "pakta.example.go.id/19.71";

fn rekaman() -> RekamanTandaTangan {
    RekamanTandaTangan {
        format: FORMAT_REKAMAN.into(),
        instansi_kode: "19.71".into(),
        pemda: "PEMERINTAH KOTA PANGKALPINANG".into(),
        alamat: None,
        templat: RekamanTemplat {
            id: 4,
            versi: 1,
            hash_isi: "cd".repeat(32),
            judul: "PAKTA INTEGRITAS NETRALITAS ASN".into(),
            pembuka: "dengan ini menyatakan bahwa saya:".into(),
            butir: vec!["Menjaga netralitas.".into(), "Menolak politik uang.".into()],
            penutup: "Demikian pakta integritas ini saya buat.".into(),
            dasar_hukum: vec![],
            nomor_se: None,
        },
        kampanye_id: None,
        penanda: RekamanPenanda {
            nama: "Siti Aminah".into(),
            nip_tampil: Some("19850101 201001 2 001".into()),
            jenis_pegawai: "PNS".into(),
            jabatan: None,
            unit: Some("BKPSDM".into()),
        },
        waktu: "2026-11-24T01:02:03.456Z".into(),
        tempat: "Pangkalpinang".into(),
        metode: "KIOSK".into(),
        gambar_ttd: None,
        bukti_hash: None,
        mewakili: vec![],
        mandat_hash: None,
        url_verifikasi_dasar: "https://pakta.example.go.id/v/".into(),
        nonce: "0f".repeat(16),
    }
}

struct Kasus {
    dir: tempfile::TempDir,
    pdf: Vec<u8>,
    hex: String,
    bundel: String,
}

impl Kasus {
    /// A log of seven entries, the record's at index 4, a checkpoint cosigned by two of three
    /// witnesses, and the PDF carrying its bundle.
    fn baru() -> Kasus {
        let r = rekaman();
        let entri = r.entri([9; 32]).encode().expect("entry");
        let mut store = MemoryHashStore::new();
        for i in 0..7 {
            if i == 4 {
                store.append(&entri).expect("append");
            } else {
                store
                    .append(format!("lain {i}").as_bytes())
                    .expect("append");
            }
        }
        let log = Signer::from_seed(ORIGIN, [1; 32]).expect("signer");
        let saksi: Vec<CosignerKey> = ["saksi.bkn.example", "saksi.bawaslu.example"]
            .iter()
            .enumerate()
            .map(|(i, n)| CosignerKey::from_seed(n, [10 + i as u8; 32]).expect("key"))
            .collect();
        let cp = Checkpoint::new(ORIGIN, store.size(), store.root().expect("root"));
        let teks = cp.sign(&[&log]).expect("sign");
        let kosig: Vec<_> = saksi
            .iter()
            .map(|k| k.cosign(&cp.body(), 1_893_456_000).expect("cosign"))
            .collect();
        let bundel = ProofBundle {
            extra: Some(entri.clone()),
            index: 4,
            proof: prove_record(store.size(), 4, &store).expect("proof"),
            checkpoint: note::append_signatures(&teks, &kosig).expect("append"),
        }
        .to_text();
        let hex: String = leaf_hash(&entri)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let pdf = netral_dokumen::render_rekaman(&r, &hex, bundel.as_bytes()).expect("render");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut kebijakan = format!("log {}\n", log.vkey());
        for (nama, k) in ["bkn", "bawaslu"].iter().zip(&saksi) {
            kebijakan.push_str(&format!("witness {nama} {}\n", k.vkey()));
        }
        kebijakan.push_str("group institusi 2 bkn bawaslu\nquorum institusi\n");
        std::fs::write(dir.path().join("kebijakan.txt"), kebijakan).expect("write");
        Kasus {
            dir,
            pdf,
            hex,
            bundel,
        }
    }

    fn jalur(&self, nama: &str) -> String {
        self.dir
            .path()
            .join(nama)
            .to_str()
            .expect("utf-8")
            .to_owned()
    }

    fn periksa(&self, pdf: &[u8], tambahan: &[&str]) -> Output {
        let j = self.jalur("pakta.pdf");
        std::fs::write(&j, pdf).expect("write");
        let kebijakan = self.jalur("kebijakan.txt");
        let mut args = vec!["verify", j.as_str(), "--policy", kebijakan.as_str()];
        args.extend(tambahan);
        netral(&args)
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn pdf_asli_lolos_dan_satu_bita_diubah_ditolak() {
    let k = Kasus::baru();
    let o = k.periksa(&k.pdf, &[]);
    let keluar = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(keluar.starts_with("ASLI: pakta "), "{keluar}");
    for harus in [
        "judul pakta: PAKTA INTEGRITAS NETRALITAS ASN",
        &format!("sidik isi pakta (SHA-256): {}", "cd".repeat(32)),
        "penanda tangan: Siti Aminah",
        "waktu: Selasa, 24 November 2026 08.02 WIB (2026-11-24T08:02:03+07:00)",
        "metode: Kios apel/unit",
        "indeks entri: 4",
        "ukuran pohon: 7",
        "kosignatur saksi bkn",
    ] {
        assert!(keluar.contains(harus), "{harus:?} tidak ada di:\n{keluar}");
    }
    let o = k.periksa(&k.pdf, &["--json"]);
    assert_eq!(o.status.code(), Some(0));
    let json = stdout(&o).lines().last().unwrap_or_default().to_owned();
    assert!(
        json.contains("\"valid\":true") && json.contains("\"nama\":\"Siti Aminah\""),
        "{json}"
    );

    // One byte in the middle.
    let mut rusak = k.pdf.clone();
    let tengah = rusak.len() / 2;
    rusak[tengah] ^= 0x01;
    let o = k.periksa(&rusak, &["--json"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stdout(&o).starts_with("TIDAK ASLI: "), "{}", stdout(&o));
    assert!(stdout(&o).contains("\"valid\":false"));

    // One byte of the embedded record (the signer's name).
    let mut rusak = k.pdf.clone();
    let i = rusak
        .windows(11)
        .position(|w| w == b"Siti Aminah")
        .expect("name in the record");
    rusak[i] = b'Z';
    let o = k.periksa(&rusak, &[]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stdout(&o).contains("sidik rekaman"), "{}", stdout(&o));
}

#[test]
fn pdf_ditolak_oleh_kebijakan_lain() {
    let k = Kasus::baru();
    let lain = Signer::from_seed(ORIGIN, [2; 32]).expect("signer");
    let j = k.jalur("pakta.pdf");
    std::fs::write(&j, &k.pdf).expect("write");
    // Another key for the same origin: the log signature does not verify.
    let o = netral(&["verify", &j, "--log", &lain.vkey()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stdout(&o).starts_with("TIDAK ASLI: "), "{}", stdout(&o));
    // Not a pact PDF at all.
    std::fs::write(&j, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n").expect("write");
    let o = netral(&["verify", &j, "--log", &lain.vkey()]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    // --leaf makes no sense for a PDF.
    let o = netral(&[
        "verify",
        &j,
        "--log",
        &lain.vkey(),
        "--leaf",
        &"0".repeat(64),
    ]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
}

#[test]
fn pdf_baru_dengan_tanda_tangan_log_palsu_ditolak() {
    let k = Kasus::baru();
    // Someone renders a fresh, self-consistent PDF around a bundle whose log signature was
    // altered: the PDF checks pass, the log signature does not.
    let i = k.bundel.find("\n\n\u{2014} ").expect("signature line") + 2 + 40;
    let mut bundel = k.bundel.clone().into_bytes();
    bundel[i] = if bundel[i] == b'A' { b'B' } else { b'A' };
    let palsu = netral_dokumen::render_rekaman(&rekaman(), &k.hex, &bundel).expect("render");
    assert!(netral_dokumen::periksa_pdf(&palsu).is_ok());
    let o = k.periksa(&palsu, &[]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stdout(&o).starts_with("TIDAK ASLI: "), "{}", stdout(&o));
}
