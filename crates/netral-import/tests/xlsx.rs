//! XLSX import: typed cells, precision loss, row numbers, file errors.

mod common;

use chrono::NaiveDate;
use common::*;
use netral_domain::pegawai::JenisKelamin;
use netral_import::{Format, ImportError, Tingkat, baca, deteksi_format};
use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};

fn tgl(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A cell to write.
enum C<'a> {
    T(&'a str),
    N(f64),
    D(u16, u8, u8),
    Kosong,
}

/// Builds a workbook; `rows[i]` goes to Excel row `awal + i + 1`, starting in column B.
fn buku(awal: u32, rows: &[Vec<C>]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let fmt_tgl = XFormat::new().set_num_format("dd/mm/yyyy");
    for (r, row) in rows.iter().enumerate() {
        let r = awal + r as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = 1 + c as u16;
            match cell {
                C::T(s) => {
                    ws.write_string(r, c, *s).unwrap();
                }
                C::N(f) => {
                    ws.write_number(r, c, *f).unwrap();
                }
                C::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &fmt_tgl).unwrap();
                }
                C::Kosong => {}
            }
        }
    }
    // A second sheet that must be ignored.
    let ws2 = wb.add_worksheet();
    ws2.write_string(0, 0, "NAMA").unwrap();
    wb.save_to_buffer().unwrap()
}

fn header() -> Vec<C<'static>> {
    [
        "NAMA",
        "NIP",
        "NIK",
        "JENIS PEGAWAI",
        "TANGGAL LAHIR",
        "UNIT KERJA",
        "NOMOR HP",
        "JENIS KELAMIN",
    ]
    .into_iter()
    .map(C::T)
    .collect()
}

#[test]
fn typed_cells_and_row_numbers() {
    let rows = vec![
        vec![C::T("DAFTAR PEGAWAI")],
        vec![],
        header(),
        // Excel row 4: date cell, exact 16-digit NIK number, phone number without its 0.
        vec![
            C::T("Budi Santoso"),
            C::T(NIP_L),
            C::N(3_171_022_609_860_001.0),
            C::T("PNS"),
            C::D(1986, 9, 26),
            C::T("Dinas Kesehatan"),
            C::N(81_234_567_890.0),
            C::T("L"),
        ],
        // Row 5: NIP stored as a number — precision already lost.
        vec![
            C::T("Ani"),
            C::N(198_609_262_015_051_001.0),
            C::Kosong,
            C::T("PNS"),
            C::Kosong,
            C::T("Dinas"),
        ],
        // Row 6: NIK as Excel keeps it (15 significant digits).
        vec![
            C::T("Cici"),
            C::Kosong,
            C::N(3_171_022_609_860_000.0),
            C::T("NON_ASN"),
            C::Kosong,
            C::T("Dinas"),
        ],
        // Row 7: text date with an Indonesian month; Row 8: serial number date.
        vec![
            C::T("Dedi"),
            C::T(NIP_P),
            C::Kosong,
            C::T("CPNS"),
            C::T("1 Januari 1990"),
            C::T("Dinas"),
            C::Kosong,
            C::T("P"),
        ],
        vec![C::Kosong],
        vec![
            C::T("Eko"),
            C::T("198609262015051002"),
            C::Kosong,
            C::T("PNS"),
            C::N(31681.0),
            C::T("Dinas"),
        ],
    ];
    let b = buku(0, &rows);
    assert_eq!(deteksi_format("x.xlsx", &b), Format::Xlsx);
    let h = baca(&b, "pegawai.xlsx", &ACUAN).unwrap();
    assert_eq!(h.total_baris, 5);
    assert_eq!(baris_valid(&h), [4, 7, 9]);
    let budi = &h.valid[0].data;
    assert_eq!(budi.tanggal_lahir, Some(tgl(1986, 9, 26)));
    assert_eq!(budi.nik.as_ref().unwrap().as_str(), NIK_L);
    assert_eq!(budi.no_hp.as_deref(), Some("+6281234567890"));
    assert_eq!(h.valid[1].data.tanggal_lahir, Some(tgl(1990, 1, 1)));
    assert_eq!(h.valid[1].data.jenis_kelamin, Some(JenisKelamin::P));
    assert_eq!(h.valid[2].data.tanggal_lahir, Some(tgl(1986, 9, 26)));

    let hilang = format!("{:.0}", 198_609_262_015_051_001.0f64);
    assert_eq!(
        ringkas(&h),
        [
            (
                5,
                "NIP",
                hilang.as_str(),
                "NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; format \
                 kolom NIP sebagai Teks lalu ekspor ulang",
                Tingkat::Galat
            ),
            (
                6,
                "NIK",
                "3171022609860000",
                "NIK tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang; format \
                 kolom NIK sebagai Teks lalu ekspor ulang",
                Tingkat::Galat
            ),
        ]
    );
}

#[test]
fn scientific_text_and_errors_in_xlsx() {
    let rows = vec![
        header(),
        vec![
            C::T("Budi"),
            C::T("1.98609E+17"),
            C::Kosong,
            C::T("PNS"),
            C::Kosong,
            C::T("Dinas"),
        ],
        vec![
            C::T(""),
            C::T(NIP_L),
            C::Kosong,
            C::T("PNS"),
            C::T("30/02/1986"),
            C::Kosong,
        ],
    ];
    let h = baca(&buku(0, &rows), "x.xlsx", &ACUAN).unwrap();
    assert!(h.valid.is_empty());
    let r: Vec<_> = ringkas(&h)
        .into_iter()
        .map(|(b, k, _, _, t)| (b, k, t))
        .collect();
    assert_eq!(
        r,
        [
            (2, "NIP", Tingkat::Galat),
            (3, "NAMA", Tingkat::Galat),
            (3, "UNIT KERJA", Tingkat::Galat),
            (3, "TANGGAL LAHIR", Tingkat::Galat),
        ]
    );
}

#[test]
fn missing_columns_and_empty_sheet() {
    let rows = vec![vec![C::T("NAMA"), C::T("NIP"), C::T("UNIT KERJA")]];
    assert!(matches!(
        baca(&buku(0, &rows), "x.xlsx", &ACUAN).unwrap_err(),
        ImportError::KolomWajib {
            kolom: "jenis pegawai",
            ..
        }
    ));
    assert_eq!(
        baca(&buku(0, &[]), "x.xlsx", &ACUAN).unwrap_err(),
        ImportError::TanpaHeader
    );
}

#[test]
fn same_rows_as_csv_give_the_same_result() {
    let csv_teks = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        baris(&[]),
        baris(&[("NAMA", "Budi Kedua"), ("EMAIL", "salah")]),
        baris(&[
            ("NIP", NIP_P),
            ("NIK", NIK_P),
            ("JENIS KELAMIN", "P"),
            ("TANGGAL LAHIR", "1990-01-01")
        ]),
    );
    let dari_csv = csv(&csv_teks);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_teks.as_bytes());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    for (i, rec) in r.records().enumerate() {
        for (j, f) in rec.unwrap().iter().enumerate() {
            ws.write_string(i as u32, j as u16, f).unwrap();
        }
    }
    let b = wb.save_to_buffer().unwrap();
    let dari_xlsx = baca(&b, "x.xlsx", &ACUAN).unwrap();
    assert_eq!(dari_csv, dari_xlsx);
    assert_eq!(dari_csv.valid.len(), 2);
}
