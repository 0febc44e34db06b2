//! Speed checks, ignored by default. Run in release:
//! `cargo test --release -p netral-import --test kinerja -- --ignored --nocapture`

mod common;

use std::time::Instant;

use chrono::Datelike;

use common::ACUAN;
use netral_import::baca;
use rust_xlsxwriter::Workbook;

const HEADER: [&str; 14] = [
    "NAMA",
    "NIP",
    "NIK",
    "JENIS PEGAWAI",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "UNOR INDUK",
    "NAMA UNOR",
    "GOL AKHIR",
    "JENIS JABATAN",
    "NAMA JABATAN",
    "STATUS",
    "NOMOR HP",
    "EMAIL",
];

/// A valid row for index `i` (unique NIP and NIK for i < 10^7).
fn baris(i: u32) -> [String; 14] {
    let lahir = chrono::NaiveDate::from_ymd_opt(1960, 1, 1)
        .unwrap()
        .checked_add_days(chrono::Days::new(u64::from(i % 14_600)))
        .unwrap();
    let (y, m, d) = (lahir.year() as u32, lahir.month(), lahir.day());
    let urut = i / 14_600 + 1; // unique per birth date, < 1000 for 10^7 rows
    let tmt = y + 20 + i % 5;
    let g = 1 + i % 2;
    let nip = format!("{y}{m:02}{d:02}{tmt}{:02}{g}{urut:03}", 1 + i % 12);
    let dd = if g == 2 { d + 40 } else { d };
    let nik = format!("3171{:02}{dd:02}{m:02}{:02}{urut:04}", 1 + i % 99, y % 100);
    [
        format!("Pegawai Nomor {i}"),
        nip,
        nik,
        "PNS".into(),
        format!("{y}-{m:02}-{d:02}"),
        (if g == 2 { "P" } else { "L" }).into(),
        format!("Dinas {}", i % 40),
        format!("Bidang {}", i % 7),
        "III/a".into(),
        "Pelaksana".into(),
        "Pengadministrasi Umum".into(),
        "AKTIF".into(),
        format!("0812{:08}", i),
        format!("pegawai{i}@pemda.go.id"),
    ]
}

#[test]
#[ignore = "speed check; run in release"]
fn csv_sejuta_baris() {
    let n = 1_000_000u32;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    w.write_record(HEADER).unwrap();
    for i in 0..n {
        w.write_record(baris(i)).unwrap();
    }
    let b = w.into_inner().unwrap();
    let t = Instant::now();
    let h = baca(&b, "besar.csv", &ACUAN).unwrap();
    let dt = t.elapsed();
    println!(
        "CSV {} baris ({} MB): {:.2?}, {} valid, {} masalah",
        n,
        b.len() / 1_000_000,
        dt,
        h.valid.len(),
        h.masalah.len()
    );
    assert_eq!(h.total_baris, n as usize);
    assert_eq!(
        h.valid.len(),
        n as usize,
        "{:?}",
        &h.masalah[..h.masalah.len().min(5)]
    );
}

#[test]
#[ignore = "speed check; run in release"]
fn xlsx_seratus_ribu_baris() {
    let n = 100_000u32;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..n {
        for (c, v) in baris(i).iter().enumerate() {
            ws.write_string(i + 1, c as u16, v).unwrap();
        }
    }
    let b = wb.save_to_buffer().unwrap();
    let t = Instant::now();
    let h = baca(&b, "besar.xlsx", &ACUAN).unwrap();
    let dt = t.elapsed();
    println!(
        "XLSX {} baris ({} MB): {:.2?}, {} valid, {} masalah",
        n,
        b.len() / 1_000_000,
        dt,
        h.valid.len(),
        h.masalah.len()
    );
    assert_eq!(
        h.valid.len(),
        n as usize,
        "{:?}",
        &h.masalah[..h.masalah.len().min(5)]
    );
}

/// The generator itself is valid (cheap enough for debug builds).
#[test]
fn generator_rows_are_valid() {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(HEADER).unwrap();
    for i in (0..2_000_000).step_by(9973) {
        w.write_record(baris(i)).unwrap();
    }
    let b = w.into_inner().unwrap();
    let h = baca(&b, "x.csv", &ACUAN).unwrap();
    assert!(
        h.masalah.is_empty(),
        "{:?}",
        &h.masalah[..h.masalah.len().min(5)]
    );
}
