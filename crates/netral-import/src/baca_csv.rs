//! CSV: encoding detection, delimiter sniffing, header search, rows.

use std::borrow::Cow;

use csv::StringRecord;

use crate::baris::{Baris, Pemroses};
use crate::kolom::Peta;
use crate::sel::Sel;
use crate::{HasilBaca, ImportError, Opsi};

/// How many rows may precede the header (titles, blank lines).
pub(crate) const BATAS_CARI_HEADER: usize = 20;

/// Decodes the bytes: UTF-8 (BOM optional), UTF-16 with BOM, else Windows-1252.
fn dekode(bytes: &[u8]) -> Result<Cow<'_, str>, ImportError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let isi = &bytes[bom..];
        if enc == encoding_rs::UTF_8 {
            return std::str::from_utf8(isi)
                .map(Cow::Borrowed)
                .or_else(|_| Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(isi).0));
        }
        return enc
            .decode_without_bom_handling_and_without_replacement(isi)
            .ok_or_else(|| ImportError::Pengodean(format!("{} tidak valid", enc.name())));
    }
    if bytes.contains(&0) {
        return Err(ImportError::BukanTeks);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0),
    }
}

/// Picks the delimiter that occurs most often (outside quotes) in the first lines:
/// `;` (Excel in Indonesian locale), `,` or tab.
fn tebak_pemisah(teks: &str) -> u8 {
    let mut hitung = [0usize; 3];
    let mut kutip = false;
    let mut baris = 0;
    for b in teks.bytes() {
        match b {
            b'"' => kutip = !kutip,
            b'\n' if !kutip => {
                baris += 1;
                if baris >= 5 {
                    break;
                }
            }
            b',' if !kutip => hitung[0] += 1,
            b';' if !kutip => hitung[1] += 1,
            b'\t' if !kutip => hitung[2] += 1,
            _ => {}
        }
    }
    let (i, _) = hitung
        .iter()
        .enumerate()
        .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
        .unwrap_or((0, &0));
    [b',', b';', b'\t'][i]
}

impl Baris for StringRecord {
    fn sel(&self, i: usize) -> Sel<'_> {
        match self.get(i) {
            Some(t) if !t.is_empty() => Sel::Teks(t),
            _ => Sel::Kosong,
        }
    }

    fn kosong(&self) -> bool {
        self.iter().all(|f| f.trim().is_empty())
    }
}

fn galat_csv(e: csv::Error) -> ImportError {
    ImportError::TidakTerbaca {
        format: "CSV",
        rincian: e.to_string(),
    }
}

/// Reads a CSV export.
pub(crate) fn baca(bytes: &[u8], opsi: &Opsi) -> Result<HasilBaca, ImportError> {
    let teks = dekode(bytes)?;
    let pemisah = tebak_pemisah(&teks);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(pemisah)
        .from_reader(teks.as_bytes());
    let mut rec = StringRecord::new();

    // Spreadsheet row = line where the record starts, minus newlines inside quoted fields
    // of earlier records (a spreadsheet shows those inside one cell).
    // The reported position is where the reader resumed, before any blank lines it skipped.
    let isi = teks.as_bytes();
    let mut newline_dalam = 0u64;
    let mut nomor = |rec: &StringRecord| -> u32 {
        let (line, byte) = rec.position().map_or((1, 0), |p| (p.line(), p.byte()));
        let kosong = isi
            .get(usize::try_from(byte).unwrap_or(usize::MAX)..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|b| **b == b'\n')
            .count() as u64;
        let n = (line + kosong).saturating_sub(newline_dalam);
        newline_dalam += rec.as_slice().bytes().filter(|b| *b == b'\n').count() as u64;
        u32::try_from(n).unwrap_or(u32::MAX)
    };

    // Find the header among the first rows.
    let mut peta = None;
    let mut pertama: Option<Peta> = None;
    for _ in 0..BATAS_CARI_HEADER {
        if !rdr.read_record(&mut rec).map_err(galat_csv)? {
            break;
        }
        nomor(&rec);
        if Baris::kosong(&rec) {
            continue;
        }
        let p = Peta::dari_header(&rec.iter().collect::<Vec<_>>());
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
        // Columns were recognised but not a name: report what is missing.
        (None, Some(p)) => {
            p.periksa_wajib()?;
            return Err(ImportError::TanpaHeader);
        }
        (None, None) => return Err(ImportError::TanpaHeader),
    };
    peta.periksa_wajib()?;

    let mut pemroses = Pemroses::new(peta, opsi);
    while rdr.read_record(&mut rec).map_err(galat_csv)? {
        let n = nomor(&rec);
        pemroses.proses(n, &rec);
    }
    Ok(pemroses.selesai())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter() {
        assert_eq!(tebak_pemisah("a;b;c\n1;2;3"), b';');
        assert_eq!(tebak_pemisah("a,b,c\n1,2,3"), b',');
        assert_eq!(tebak_pemisah("\"a;b\",c\n"), b',');
        assert_eq!(tebak_pemisah("a\tb\n"), b'\t');
        assert_eq!(tebak_pemisah("judul\n"), b',');
    }

    #[test]
    fn encodings() {
        assert_eq!(dekode(b"\xEF\xBB\xBFab").unwrap(), "ab");
        assert_eq!(dekode(b"Ren\xE9").unwrap(), "René");
        assert_eq!(dekode(b"\xFF\xFEa\0b\0").unwrap(), "ab");
        assert_eq!(dekode(b"a\0b").unwrap_err(), ImportError::BukanTeks);
    }
}
