//! Shared helpers for the import tests.
#![allow(dead_code)]

use netral_import::{HasilBaca, ImportError, Masalah, Opsi, Tingkat, baca};

pub const ACUAN: Opsi = Opsi { tahun_acuan: 2025 };

/// Full SIASN-style header used by most fixtures.
pub const HEADER: &str = "NAMA,NIP,NI PPPK,NIK,JENIS PEGAWAI,TANGGAL LAHIR,JENIS KELAMIN,\
UNOR INDUK,NAMA UNOR,GOL AKHIR,ESELON,JENIS JABATAN,NAMA JABATAN,STATUS,NOMOR HP,EMAIL";

/// Valid identifiers used across tests.
pub const NIP_L: &str = "198609262015051001"; // 1986-09-26, L
pub const NIP_P: &str = "199001012019032005"; // 1990-01-01, P
pub const NI_PPPK: &str = "200012312024211001"; // 2000-12-31, L
pub const NIK_L: &str = "3171022609860001"; // 26-09-86, L
pub const NIK_P: &str = "3171024101900002"; // 01-01-90, P

pub fn csv(s: &str) -> HasilBaca {
    baca(s.as_bytes(), "pegawai.csv", &ACUAN).unwrap_or_else(|e| panic!("{e}"))
}

pub fn csv_err(s: &str) -> ImportError {
    baca(s.as_bytes(), "pegawai.csv", &ACUAN).unwrap_err()
}

/// A file with [`HEADER`] and the given rows.
pub fn dengan_header(rows: &[&str]) -> HasilBaca {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.push('\n');
    csv(&s)
}

/// `(baris, kolom, nilai, alasan, tingkat)` of every finding.
pub fn ringkas(h: &HasilBaca) -> Vec<(u32, &str, &str, &str, Tingkat)> {
    h.masalah
        .iter()
        .map(|m: &Masalah| {
            (
                m.baris,
                m.kolom.as_str(),
                m.nilai.as_str(),
                m.alasan.as_str(),
                m.tingkat,
            )
        })
        .collect()
}

pub fn baris_valid(h: &HasilBaca) -> Vec<u32> {
    h.valid.iter().map(|v| v.baris).collect()
}

/// Default values of a valid PNS row, in [`HEADER`] order.
pub const BAWAAN: [(&str, &str); 16] = [
    ("NAMA", "Budi Santoso"),
    ("NIP", NIP_L),
    ("NI PPPK", ""),
    ("NIK", NIK_L),
    ("JENIS PEGAWAI", "PNS"),
    ("TANGGAL LAHIR", "1986-09-26"),
    ("JENIS KELAMIN", "L"),
    ("UNOR INDUK", "Dinas Kesehatan"),
    ("NAMA UNOR", "Puskesmas Bukit Intan"),
    ("GOL AKHIR", "III/a"),
    ("ESELON", ""),
    ("JENIS JABATAN", ""),
    ("NAMA JABATAN", "Perawat"),
    ("STATUS", "AKTIF"),
    ("NOMOR HP", "081234567890"),
    ("EMAIL", "budi@pangkalpinangkota.go.id"),
];

/// A CSV row in [`HEADER`] order: the defaults with some columns changed.
pub fn baris(ubah: &[(&str, &str)]) -> String {
    BAWAAN
        .iter()
        .map(|(k, v)| {
            let v = ubah
                .iter()
                .find(|(uk, _)| uk == k)
                .map_or(*v, |(_, uv)| *uv);
            assert!(
                ubah.iter()
                    .all(|(uk, _)| BAWAAN.iter().any(|(b, _)| b == uk)),
                "kolom tidak dikenal di {ubah:?}"
            );
            if v.contains([',', '"', '\n']) {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}
