//! Writing employees in the import format: semicolon-separated UTF-8 CSV or one XLSX sheet.

use std::io::Write;

use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::{DEMO_LABEL, DataDemo, NAMA_INSTANSI, Orang, Spesifikasi, TAHUN_ACUAN, pembangkit};

/// Header row of the import file, in column order.
pub const KOLOM: [&str; 19] = [
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "JENIS PEGAWAI",
    "NIP",
    "NI PPPK",
    "NIK",
    "TEMPAT LAHIR",
    "TANGGAL LAHIR",
    "JENIS KELAMIN",
    "GOLONGAN",
    "JABATAN",
    "JENIS JABATAN",
    "ESELON",
    "UNIT KERJA",
    "SUB UNIT KERJA",
    "NIP ATASAN",
    "NO HP",
    "EMAIL",
];

/// Index of the date column (`TANGGAL LAHIR`).
const KOLOM_TANGGAL: usize = 8;

/// Excel's last row is 1,048,576; one is the header.
const MAKS_BARIS_XLSX: usize = 1_048_575;

/// The cells of one row, as text; the birth date as `YYYY-MM-DD`.
fn sel<'a>(o: &'a Orang, tanggal: &'a mut String) -> [&'a str; 19] {
    use std::fmt::Write as _;
    tanggal.clear();
    let _ = write!(tanggal, "{}", o.tanggal_lahir.format("%Y-%m-%d"));
    fn s(x: &Option<String>) -> &str {
        x.as_deref().unwrap_or("")
    }
    [
        &o.nama,
        s(&o.gelar_depan),
        s(&o.gelar_belakang),
        o.jenis_pegawai,
        s(&o.nip),
        s(&o.ni_pppk),
        s(&o.nik),
        o.tempat_lahir,
        tanggal.as_str(),
        o.jenis_kelamin,
        o.golongan.unwrap_or(""),
        &o.jabatan,
        o.jenis_jabatan.unwrap_or(""),
        o.eselon.unwrap_or(""),
        o.unit_path.first().map(String::as_str).unwrap_or(""),
        o.unit_path.get(1).map(String::as_str).unwrap_or(""),
        s(&o.atasan),
        s(&o.no_hp),
        s(&o.email),
    ]
}

fn tulis_baris<W: Write>(
    w: W,
    orang: impl Iterator<Item = impl std::borrow::Borrow<Orang>>,
) -> std::io::Result<()> {
    let mut csv = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(w);
    csv.write_record(KOLOM)?;
    let mut tanggal = String::with_capacity(10);
    for o in orang {
        csv.write_record(sel(o.borrow(), &mut tanggal))?;
    }
    csv.flush()?;
    Ok(())
}

/// The employees as a semicolon-separated UTF-8 CSV (no BOM, CRLF line ends) with the
/// [`KOLOM`] header row. Identifiers are plain digit strings.
pub fn ke_csv(data: &DataDemo) -> Vec<u8> {
    let mut buf = Vec::with_capacity(data.orang.len() * 220 + 256);
    // Writing into a Vec cannot fail.
    let _ = tulis_baris::<&mut Vec<u8>>(&mut buf, data.orang.iter());
    buf
}

/// Generates and writes the CSV of `spec` row by row, without holding the employees in
/// memory: the bytes equal `ke_csv(&hasilkan(spec))`. Use it for the 1,000,000-row
/// benchmark file.
pub fn tulis_csv<W: Write>(spec: &Spesifikasi, w: W) -> std::io::Result<()> {
    tulis_baris::<W>(w, pembangkit(spec))
}

/// The employees as an XLSX workbook with one sheet `Pegawai` and the same columns as
/// the CSV. Identifiers and phone numbers are text cells (no lost leading zeros, no
/// `1.97E+17`); the birth date is a real date cell shown as `yyyy-mm-dd`. The workbook's
/// title and comment carry [`DEMO_LABEL`]; its creation date is fixed (1 January of
/// [`TAHUN_ACUAN`]) so the bytes are reproducible. Excel holds at most 1,048,575 data rows; rows
/// beyond that are left out.
pub fn ke_xlsx(data: &DataDemo) -> Vec<u8> {
    match buat_xlsx(data) {
        Ok(b) => b,
        // Only an invalid sheet layout could fail, and the layout is fixed.
        Err(e) => unreachable!("menulis XLSX gagal: {e}"),
    }
}

fn buat_xlsx(data: &DataDemo) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("{DEMO_LABEL} — {NAMA_INSTANSI}"))
            .set_comment(DEMO_LABEL)
            .set_author("netral-demo-data")
            // A fixed date: the default is the current time, which would make the bytes
            // differ between runs.
            .set_creation_datetime(&ExcelDateTime::from_ymd(TAHUN_ACUAN as u16, 1, 1)?),
    );
    let teks = Format::new().set_num_format("@");
    let tanggal = Format::new().set_num_format("yyyy-mm-dd");
    let judul = Format::new().set_bold();
    let ws = wb.add_worksheet();
    ws.set_name("Pegawai")?;
    for (c, k) in KOLOM.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *k, &judul)?;
        let lebar = match *k {
            "NAMA" | "JABATAN" | "UNIT KERJA" | "SUB UNIT KERJA" | "EMAIL" => 32.0,
            "NIP" | "NI PPPK" | "NIK" | "NIP ATASAN" => 20.0,
            _ => 14.0,
        };
        ws.set_column_width(c as u16, lebar)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut buf = String::with_capacity(10);
    for (i, o) in data.orang.iter().take(MAKS_BARIS_XLSX).enumerate() {
        let r = i as u32 + 1;
        for (c, v) in sel(o, &mut buf).iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            let c16 = c as u16;
            if c == KOLOM_TANGGAL {
                let t = o.tanggal_lahir;
                let d = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?;
                ws.write_datetime_with_format(r, c16, d, &tanggal)?;
            } else {
                ws.write_string_with_format(r, c16, *v, &teks)?;
            }
        }
    }
    wb.save_to_buffer()
}
