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

/// Word boxes of page `halaman` (pdftotext `-bbox`): xMin, yMin, xMax, yMax (points from
/// the top left) and the word.
pub fn kotak_kata(jalur: &Path, halaman: usize) -> Vec<(f32, f32, f32, f32, String)> {
    let n = halaman.to_string();
    let html = jalankan(
        "pdftotext",
        &["-bbox", "-f", &n, "-l", &n, jalur.to_str().unwrap(), "-"],
    );
    let mut hasil = Vec::new();
    for baris in html.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let nilai = |kunci: &str| -> f32 {
            let i = baris.find(&format!("{kunci}=\"")).unwrap() + kunci.len() + 2;
            let j = baris[i..].find('"').unwrap();
            baris[i..i + j].parse().unwrap()
        };
        let kata = baris[baris.find('>').unwrap() + 1..baris.rfind("</word>").unwrap()].to_owned();
        hasil.push((
            nilai("xMin"),
            nilai("yMin"),
            nilai("xMax"),
            nilai("yMax"),
            kata,
        ));
    }
    hasil
}

/// Every word of page 1 inside the margins and no two words overprinting each other.
pub fn assert_tanpa_luapan(jalur: &Path) {
    let kata = kotak_kata(jalur, 1);
    assert!(kata.len() > 100, "terlalu sedikit kata: {}", kata.len());
    assert_kata_di_dalam(&kata, 10.0);
}

/// Words inside the side margins, at least `bawah_mm` above the bottom edge and 10 mm below
/// the top, and no two overprinting each other.
pub fn assert_kata_di_dalam(kata: &[(f32, f32, f32, f32, String)], bawah_mm: f32) {
    const MM: f32 = 72.0 / 25.4;
    for (x0, y0, x1, y1, k) in kata {
        assert!(*x0 >= 25.0 * MM - 0.5, "{k:?} melewati margin kiri ({x0})");
        assert!(
            *x1 <= 190.0 * MM + 0.5,
            "{k:?} melewati margin kanan ({x1})"
        );
        assert!(
            *y0 >= 10.0 * MM && *y1 <= (297.0 - bawah_mm) * MM,
            "{k:?} keluar halaman ({y0}..{y1})"
        );
    }
    for (i, a) in kata.iter().enumerate() {
        for b in &kata[i + 1..] {
            let lebar = a.2.min(b.2) - a.0.max(b.0);
            let tinggi = a.3.min(b.3) - a.1.max(b.1);
            assert!(
                lebar <= 0.5 || tinggi <= 1.5,
                "kata bertumpuk: {:?} dan {:?} ({lebar:.1} x {tinggi:.1} pt)",
                a.4,
                b.4
            );
        }
    }
}
