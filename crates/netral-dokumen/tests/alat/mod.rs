//! Helpers shared by the tests that run PDF tools (poppler, zbarimg).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

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
    let awalan = dir.join("hal");
    jalankan(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            jalur.to_str().unwrap(),
            awalan.to_str().unwrap(),
        ],
    );
    let png = dir.join("hal.png");
    jalankan("zbarimg", &["--quiet", "--raw", png.to_str().unwrap()])
        .trim_end()
        .to_owned()
}
