//! Reads employee exports (SIASN/SIMPEG CSV in UTF-8 or Windows-1252, XLSX) into validated
//! [`DataPegawai`] records with a row-level report (DOMAIN.md §3.7).
//!
//! Bytes in, data out: no database, no clock. The reference year for two-digit NIK years comes
//! in through [`Opsi`].
//!
//! ```
//! use netral_import::{Opsi, Tingkat, baca};
//!
//! let csv = "Nama;NIP;Jenis Pegawai;Unit Kerja\n\
//!            Budi Santoso;19860926 201505 1 001;PNS;Dinas Kesehatan\n\
//!            Siti;123;PNS;Dinas Kesehatan\n";
//! let hasil = baca(csv.as_bytes(), "pegawai.csv", &Opsi { tahun_acuan: 2025 }).unwrap();
//! assert_eq!(hasil.total_baris, 2);
//! assert_eq!(hasil.valid.len(), 1);
//! assert_eq!(hasil.masalah[0].baris, 3);
//! assert_eq!(hasil.masalah[0].alasan, "NIP harus 18 digit, ditemukan 3");
//! assert_eq!(hasil.masalah[0].tingkat, Tingkat::Galat);
//! ```

mod baca_csv;
mod baca_xlsx;
mod baris;
mod galat;
mod kolom;
mod kontak;
mod laporan;
mod sel;
mod tanggal;

use netral_domain::pegawai::DataPegawai;
use serde::Serialize;

pub use galat::ImportError;
pub use laporan::{KOLOM_LAPORAN, laporan_csv, laporan_xlsx};

/// The container format of an uploaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Delimited text (comma, semicolon or tab).
    Csv,
    /// Office Open XML workbook.
    Xlsx,
}

/// Decides the format from the content: a ZIP signature (`PK\x03\x04`) is an XLSX workbook,
/// anything else is read as CSV. The file name is only a fallback for an empty upload.
pub fn deteksi_format(nama_file: &str, bytes: &[u8]) -> Format {
    let zip = bytes.starts_with(b"PK\x03\x04");
    let kosong_xlsx = bytes.is_empty() && nama_file.to_ascii_lowercase().ends_with(".xlsx");
    if zip || kosong_xlsx {
        Format::Xlsx
    } else {
        Format::Csv
    }
}

/// Options of one import run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opsi {
    /// Reference year: decides the century of a two-digit NIK year (the person must be
    /// 15–100 years old in this year) and the latest plausible birth year. Passed in by the
    /// caller, never read from the clock.
    pub tahun_acuan: i32,
}

/// The outcome of reading one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HasilBaca {
    /// Data rows read (blank rows and rows above the header are not counted).
    pub total_baris: usize,
    /// Rows that passed, in file order.
    pub valid: Vec<BarisValid>,
    /// Every error and warning, sorted by row number (within a row in column order of checking).
    pub masalah: Vec<Masalah>,
}

impl HasilBaca {
    /// Number of rejected rows (`total_baris - valid.len()`).
    pub fn ditolak(&self) -> usize {
        self.total_baris - self.valid.len()
    }

    /// Number of problems of level `tingkat`.
    pub fn jumlah(&self, tingkat: Tingkat) -> usize {
        self.masalah.iter().filter(|m| m.tingkat == tingkat).count()
    }
}

/// One accepted row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarisValid {
    /// Row number as a spreadsheet shows it (header = 1, first data row = 2 when the header is
    /// on the first row).
    pub baris: u32,
    /// The parsed record.
    pub data: DataPegawai,
    /// How many warnings this row has in [`HasilBaca::masalah`].
    pub peringatan: usize,
}

/// One finding about one cell (or a missing one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Masalah {
    /// Row number as a spreadsheet shows it.
    pub baris: u32,
    /// Column header as written in the file (or the canonical name when the column is absent).
    pub kolom: String,
    /// The cell value as read (empty when missing). A well-formed NIK is personal data and is
    /// shown masked (`3171xxxxxxxx0001`); the row number finds it in the file.
    pub nilai: String,
    /// What is wrong, in Indonesian.
    pub alasan: String,
    /// Whether the row was rejected.
    pub tingkat: Tingkat,
}

/// Severity of a [`Masalah`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Tingkat {
    /// The row is rejected.
    #[serde(rename = "GALAT")]
    Galat,
    /// The row is kept; the value was dropped or should be checked.
    #[serde(rename = "PERINGATAN")]
    Peringatan,
}

impl Tingkat {
    /// Code used in reports: `GALAT` or `PERINGATAN`.
    pub fn kode(self) -> &'static str {
        match self {
            Tingkat::Galat => "GALAT",
            Tingkat::Peringatan => "PERINGATAN",
        }
    }
}

impl std::fmt::Display for Tingkat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.kode())
    }
}

/// Reads an employee export. File-level problems (unreadable file, no header, a required
/// column missing, …) are an [`ImportError`]; everything about single rows is reported in
/// [`HasilBaca::masalah`].
pub fn baca(bytes: &[u8], nama_file: &str, opsi: &Opsi) -> Result<HasilBaca, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Kosong);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::FormatLama);
    }
    let mut hasil = match deteksi_format(nama_file, bytes) {
        Format::Csv => baca_csv::baca(bytes, opsi)?,
        Format::Xlsx => baca_xlsx::baca(bytes, opsi)?,
    };
    hasil.masalah.sort_by_key(|m| m.baris);
    Ok(hasil)
}
