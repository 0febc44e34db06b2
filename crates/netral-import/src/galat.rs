//! File-level import errors.

/// Why a whole file cannot be imported. Row-level problems are [`crate::Masalah`]s instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The upload has no content.
    #[error("berkas kosong")]
    Kosong,
    /// A legacy `.xls` (Excel 97–2003) workbook.
    #[error("berkas .xls (Excel 97–2003) tidak didukung; simpan ulang sebagai .xlsx atau CSV")]
    FormatLama,
    /// Not text and not a workbook.
    #[error("berkas bukan CSV atau XLSX yang valid (berisi data biner)")]
    BukanTeks,
    /// The text encoding could not be decoded.
    #[error("pengodean teks berkas tidak dapat dibaca: {0}")]
    Pengodean(String),
    /// The CSV or XLSX structure is broken.
    #[error("berkas {format} tidak dapat dibaca: {rincian}")]
    TidakTerbaca {
        /// `CSV` or `XLSX`.
        format: &'static str,
        /// Details from the parser.
        rincian: String,
    },
    /// The workbook has no worksheet.
    #[error("berkas XLSX tidak berisi lembar kerja")]
    TanpaLembar,
    /// No row in the first 20 looks like a header.
    #[error(
        "baris judul kolom (header) tidak ditemukan: baris pertama harus berisi nama kolom \
         seperti NAMA, NIP, JENIS PEGAWAI, UNIT KERJA"
    )]
    TanpaHeader,
    /// A required column is missing from the header.
    #[error("kolom wajib tidak ditemukan: {kolom} (nama kolom yang dikenali: {contoh})")]
    KolomWajib {
        /// What is missing, e.g. `nama pegawai`.
        kolom: &'static str,
        /// Header names that would be recognised.
        contoh: &'static str,
    },
    /// The XLSX report could not be written.
    #[error("gagal membuat laporan XLSX: {0}")]
    Laporan(String),
}
