//! The row-level report as CSV or XLSX: `baris, kolom, nilai, tingkat, alasan`.

use rust_xlsxwriter::{Format as FormatSel, Workbook};

use crate::{ImportError, Masalah};

/// Report column headers, in order.
pub const KOLOM_LAPORAN: [&str; 5] = ["baris", "kolom", "nilai", "tingkat", "alasan"];

/// Guards against spreadsheet formula injection: a value a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`, tab, CR at the start) gets a leading apostrophe.
fn aman(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The report as CSV: UTF-8 with a byte-order mark (so Excel shows `–` and `é` correctly),
/// comma-separated, CRLF line ends, header row first. Values that a spreadsheet would read as
/// formulas are prefixed with `'`.
pub fn laporan_csv(m: &[Masalah]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + m.len() * 96);
    out.extend_from_slice("\u{feff}".as_bytes());
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    // Writing into a Vec cannot fail; errors are impossible here.
    let _ = w.write_record(KOLOM_LAPORAN);
    for x in m {
        let baris = x.baris.to_string();
        let _ = w.write_record([
            baris.as_str(),
            &aman(&x.kolom),
            &aman(&x.nilai),
            x.tingkat.kode(),
            &aman(&x.alasan),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// The report as an XLSX workbook with one sheet `Laporan`: bold header, frozen first row,
/// autofilter, row numbers as numbers and every other value as text (never a formula).
pub fn laporan_xlsx(m: &[Masalah]) -> Result<Vec<u8>, ImportError> {
    let galat = |e: rust_xlsxwriter::XlsxError| ImportError::Laporan(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Laporan").map_err(galat)?;
    let tebal = FormatSel::new().set_bold();
    for (c, h) in KOLOM_LAPORAN.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &tebal)
            .map_err(galat)?;
    }
    for (i, x) in m.iter().enumerate() {
        let r = u32::try_from(i + 1)
            .map_err(|_| ImportError::Laporan("terlalu banyak baris".into()))?;
        ws.write_number(r, 0, f64::from(x.baris)).map_err(galat)?;
        ws.write_string(r, 1, &x.kolom).map_err(galat)?;
        ws.write_string(r, 2, &x.nilai).map_err(galat)?;
        ws.write_string(r, 3, x.tingkat.kode()).map_err(galat)?;
        ws.write_string(r, 4, &x.alasan).map_err(galat)?;
    }
    for (c, lebar) in [8.0, 22.0, 28.0, 13.0, 90.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, lebar).map_err(galat)?;
    }
    ws.set_freeze_panes(1, 0).map_err(galat)?;
    let akhir = u32::try_from(m.len()).unwrap_or(u32::MAX);
    ws.autofilter(0, 0, akhir, 4).map_err(galat)?;
    wb.save_to_buffer().map_err(galat)
}
