//! The row-level report as CSV and XLSX.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::*;
use netral_import::{KOLOM_LAPORAN, Masalah, Tingkat, laporan_csv, laporan_xlsx};

fn contoh() -> Vec<Masalah> {
    dengan_header(&[
        &baris(&[("NIP", "123"), ("EMAIL", "salah, sekali")]),
        &baris(&[
            ("NAMA", "=HYPERLINK(\"x\")"),
            ("NIP", NIP_P),
            ("NIK", ""),
            ("JENIS KELAMIN", "P"),
            ("TANGGAL LAHIR", "1990-01-01"),
            ("NOMOR HP", "+62"),
        ]),
    ])
    .masalah
}

#[test]
fn csv_report_columns_and_quoting() {
    let m = contoh();
    assert_eq!(m.len(), 3);
    let b = laporan_csv(&m);
    assert!(b.starts_with("\u{feff}".as_bytes()));
    let teks = std::str::from_utf8(&b[3..]).unwrap();
    assert_eq!(
        teks,
        "baris,kolom,nilai,tingkat,alasan\r\n\
         2,NIP,123,GALAT,\"NIP harus 18 digit, ditemukan 3\"\r\n\
         2,EMAIL,\"salah, sekali\",PERINGATAN,alamat email tidak valid; email tidak disimpan\r\n\
         3,NOMOR HP,'+62,PERINGATAN,\"nomor HP tidak valid (harus 9–15 digit, mis. \
         081234567890 atau +6281234567890); nomor tidak disimpan\"\r\n"
    );
    // Parsed back, the columns are in the documented order.
    let mut r = csv::Reader::from_reader(&b[3..]);
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        KOLOM_LAPORAN
    );
    assert_eq!(r.records().count(), 3);
}

#[test]
fn empty_report_has_only_the_header() {
    assert_eq!(
        laporan_csv(&[]),
        "\u{feff}baris,kolom,nilai,tingkat,alasan\r\n".as_bytes()
    );
    let x = laporan_xlsx(&[]).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(x)).unwrap();
    let r = wb.worksheet_range("Laporan").unwrap();
    assert_eq!(r.height(), 1);
}

#[test]
fn xlsx_report_reads_back() {
    let m = contoh();
    let x = laporan_xlsx(&m).unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(x)).unwrap();
    assert_eq!(wb.sheet_names(), ["Laporan"]);
    let r = wb.worksheet_range("Laporan").unwrap();
    let rows: Vec<Vec<Data>> = r.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows.len(), 4);
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(header, KOLOM_LAPORAN);
    for (row, x) in rows[1..].iter().zip(&m) {
        assert_eq!(row[0], Data::Float(f64::from(x.baris)));
        assert_eq!(row[1], Data::String(x.kolom.clone()));
        assert_eq!(row[2], Data::String(x.nilai.clone()));
        assert_eq!(row[3], Data::String(x.tingkat.kode().into()));
        assert_eq!(row[4], Data::String(x.alasan.clone()));
    }
    // Values are stored as text, never as formulas.
    assert_eq!(rows[3][2], Data::String("+62".into()));
    assert_eq!(m[0].tingkat, Tingkat::Galat);
}
