//! XLSX via calamine: first worksheet, typed cells.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::baca_csv::BATAS_CARI_HEADER;
use crate::baris::{Baris, Pemroses};
use crate::kolom::Peta;
use crate::sel::Sel;
use crate::{HasilBaca, ImportError, Opsi};

/// One worksheet row.
struct BarisXlsx<'a>(&'a [Data]);

fn sel_dari(d: &Data) -> Sel<'_> {
    match d {
        Data::Empty | Data::Error(_) => Sel::Kosong,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            if s.is_empty() {
                Sel::Kosong
            } else {
                Sel::Teks(s)
            }
        }
        Data::Float(f) => Sel::Angka(*f),
        Data::Int(i) => Sel::Bulat(*i),
        Data::Bool(true) => Sel::Teks("TRUE"),
        Data::Bool(false) => Sel::Teks("FALSE"),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .and_then(|t| t.and_hms_opt(u32::from(h), u32::from(mi), u32::from(s)))
                .map_or(Sel::Angka(dt.as_f64()), Sel::Tanggal)
        }
        Data::DateTime(dt) => Sel::Angka(dt.as_f64()),
    }
}

impl Baris for BarisXlsx<'_> {
    fn sel(&self, i: usize) -> Sel<'_> {
        self.0.get(i).map_or(Sel::Kosong, sel_dari)
    }

    fn kosong(&self) -> bool {
        self.0.iter().all(|d| sel_dari(d).teks().is_empty())
    }
}

/// Reads the first worksheet of an XLSX workbook.
pub(crate) fn baca(bytes: &[u8], opsi: &Opsi) -> Result<HasilBaca, ImportError> {
    let galat = |e: calamine::XlsxError| ImportError::TidakTerbaca {
        format: "XLSX",
        rincian: e.to_string(),
    };
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(galat)?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or(ImportError::TanpaLembar)?
        .map_err(galat)?;
    // Row numbers as Excel shows them: the range starts at its first non-empty cell.
    let (awal_baris, _) = range.start().unwrap_or((0, 0));

    let mut baris_iter = range.rows().enumerate();
    let mut peta = None;
    let mut pertama: Option<Peta> = None;
    for (_, row) in baris_iter.by_ref().take(BATAS_CARI_HEADER) {
        let b = BarisXlsx(row);
        if b.kosong() {
            continue;
        }
        let header: Vec<String> = row
            .iter()
            .map(|d| sel_dari(d).teks().into_owned())
            .collect();
        let p = Peta::dari_header(&header);
        if p.mirip_header() {
            peta = Some(p);
            break;
        }
        if pertama.is_none() && p.dikenali > 0 {
            pertama = Some(p);
        }
    }
    let peta = match (peta, pertama) {
        (Some(p), _) => p,
        (None, Some(p)) => {
            p.periksa_wajib()?;
            return Err(ImportError::TanpaHeader);
        }
        (None, None) => return Err(ImportError::TanpaHeader),
    };
    peta.periksa_wajib()?;

    let mut pemroses = Pemroses::new(peta, opsi);
    for (i, row) in baris_iter {
        let nomor = u32::try_from(i)
            .unwrap_or(u32::MAX)
            .saturating_add(awal_baris + 1);
        pemroses.proses(nomor, &BarisXlsx(row));
    }
    Ok(pemroses.selesai())
}
