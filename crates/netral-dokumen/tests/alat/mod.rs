//! Helpers shared by the tests that run PDF tools (poppler, zbarimg).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use netral_domain::pakta::rekaman::RekamanTandaTangan;
use netral_ledger::bundle::ProofBundle;
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::leaf_hash;
use netral_ledger::note::Signer;
use netral_ledger::tree::{MemoryHashStore, prove_record};

/// Whether `alat` can be run; prints a banner when it cannot.
pub fn ada(alat: &str, uji: &str) -> bool {
    let ok = Command::new(alat).arg("-v").output().is_ok();
    if !ok {
        eprintln!(
            "\n##########################################################################\n\
             ## SKIPPED {uji}: `{alat}` tidak terpasang (apt-get install poppler-utils\n\
             ## qpdf zbar-tools). Pemeriksaan PDF ini TIDAK dijalankan.\n\
             ##########################################################################\n"
        );
    }
    ok
}

pub fn jalankan(alat: &str, argumen: &[&str]) -> String {
    let keluaran = Command::new(alat).args(argumen).output().expect(alat);
    assert!(
        keluaran.status.success(),
        "{alat} {argumen:?} gagal: {}",
        String::from_utf8_lossy(&keluaran.stderr)
    );
    String::from_utf8(keluaran.stdout).expect("UTF-8")
}

pub fn tulis(dir: &Path, nama: &str, pdf: &[u8]) -> PathBuf {
    let jalur = dir.join(nama);
    std::fs::write(&jalur, pdf).unwrap();
    jalur
}

/// Whitespace runs collapsed to one space, so wrapped lines compare with the source text.
pub fn rapat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders the first page at 150 dpi and decodes its QR code with zbarimg.
pub fn baca_qr(dir: &Path, pdf: &[u8]) -> String {
    let jalur = tulis(dir, "qr.pdf", pdf);
    baca_qr_halaman(dir, &jalur, 1)
}

/// Renders page `halaman` of the PDF at `jalur` at 150 dpi and decodes its QR code.
pub fn baca_qr_halaman(dir: &Path, jalur: &Path, halaman: usize) -> String {
    let awalan = dir.join("hal");
    let n = halaman.to_string();
    jalankan(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            "-f",
            &n,
            "-l",
            &n,
            jalur.to_str().unwrap(),
            awalan.to_str().unwrap(),
        ],
    );
    let png = dir.join("hal.png");
    jalankan("zbarimg", &["--quiet", "--raw", png.to_str().unwrap()])
        .trim_end()
        .to_owned()
}

/// A log of five other entries plus this record's entry at index 3; returns the leaf hash
/// (hex) and the bundle text.
pub fn bukti(r: &RekamanTandaTangan) -> (String, Vec<u8>) {
    const ORIGIN: &str = "pakta.example.go.id/19.71";
    let entri = r.entri([7; 32]).encode().unwrap();
    let mut store = MemoryHashStore::new();
    for i in 0..6 {
        if i == 3 {
            store.append(&entri).unwrap();
        } else {
            store.append(format!("lain {i}").as_bytes()).unwrap();
        }
    }
    let log = Signer::from_seed(ORIGIN, [1; 32]).unwrap();
    let cp = Checkpoint::new(ORIGIN, store.size(), store.root().unwrap());
    let bundel = ProofBundle {
        extra: Some(entri.clone()),
        index: 3,
        proof: prove_record(store.size(), 3, &store).unwrap(),
        checkpoint: cp.sign(&[&log]).unwrap(),
    };
    let hex: String = leaf_hash(&entri)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (hex, bundel.to_text().into_bytes())
}
