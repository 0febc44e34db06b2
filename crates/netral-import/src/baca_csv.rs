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

/// Orders the candidate delimiters by how often they occur (outside quotes) in the first
/// lines: `;` (Excel in Indonesian locale), `,` or tab. Ties prefer the comma.
fn tebak_pemisah(teks: &str) -> [u8; 3] {
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
    let mut urut = [0usize, 1, 2];
    urut.sort_by_key(|i| std::cmp::Reverse(hitung[*i]));
    urut.map(|i| [b',', b';', b'\t'][i])
}

/// Turns csv positions into spreadsheet row numbers: the line where the record starts,
/// minus newlines inside quoted fields of earlier records (a spreadsheet shows those inside
/// one cell). The reported position is where the reader resumed, before any blank lines it
/// skipped, so those are counted here.
struct Penomor<'a> {
    isi: &'a [u8],
    newline_dalam: u64,
}

impl Penomor<'_> {
    fn nomor(&mut self, rec: &StringRecord) -> u32 {
        let (line, byte) = rec.position().map_or((1, 0), |p| (p.line(), p.byte()));
        let kosong = self
            .isi
            .get(usize::try_from(byte).unwrap_or(usize::MAX)..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|b| **b == b'\n')
            .count() as u64;
        let n = (line + kosong).saturating_sub(self.newline_dalam);
        self.newline_dalam += rec.as_slice().bytes().filter(|b| *b == b'\n').count() as u64;
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

type Pembaca<'a> = csv::Reader<&'a [u8]>;

/// Looks for the header among the first rows with one delimiter. `Ok(None)` when no row
/// looks like a header; `Err` when a header-like row lacks a required column.
fn cari_header<'a>(
    teks: &'a str,
    pemisah: u8,
) -> Result<Option<(Pembaca<'a>, Penomor<'a>, Peta)>, ImportError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(pemisah)
        .from_reader(teks.as_bytes());
    let mut penomor = Penomor {
        isi: teks.as_bytes(),
        newline_dalam: 0,
    };
    let mut rec = StringRecord::new();
    let mut pertama: Option<Peta> = None;
    for _ in 0..BATAS_CARI_HEADER {
        // A broken record this early means a wrong delimiter guess as much as a broken file.
        if !rdr.read_record(&mut rec).unwrap_or(false) {
            break;
        }
        penomor.nomor(&rec);
        if Baris::kosong(&rec) {
            continue;
        }
        let p = Peta::dari_header(&rec.iter().collect::<Vec<_>>());
        if p.mirip_header() {
            p.periksa_wajib()?;
            return Ok(Some((rdr, penomor, p)));
        }
        if pertama.is_none() && p.dikenali > 0 {
            pertama = Some(p);
        }
    }
    match pertama {
        // Columns were recognised but not a name: report what is missing.
        Some(p) => p.periksa_wajib().map(|()| None),
        None => Ok(None),
    }
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
    // Try the likeliest delimiter first; a file whose first lines are dominated by commas
    // inside unquoted `;`-separated values still finds its header.
    let mut galat_pertama = None;
    let mut ketemu = None;
    for pemisah in tebak_pemisah(&teks) {
        match cari_header(&teks, pemisah) {
            Ok(Some(x)) => {
                ketemu = Some(x);
                break;
            }
            Ok(None) => {}
            Err(e) => {
                galat_pertama.get_or_insert(e);
            }
        }
    }
    let Some((mut rdr, mut penomor, peta)) = ketemu else {
        return Err(galat_pertama.unwrap_or(ImportError::TanpaHeader));
    };

    let mut rec = StringRecord::new();
    let mut pemroses = Pemroses::new(peta, opsi);
    while rdr.read_record(&mut rec).map_err(galat_csv)? {
        let n = penomor.nomor(&rec);
        pemroses.proses(n, &rec);
    }
    Ok(pemroses.selesai())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter() {
        assert_eq!(tebak_pemisah("a;b;c\n1;2;3")[0], b';');
        assert_eq!(tebak_pemisah("a,b,c\n1,2,3")[0], b',');
        assert_eq!(tebak_pemisah("\"a;b\",c\n")[0], b',');
        assert_eq!(tebak_pemisah("a\tb\n")[0], b'\t');
        assert_eq!(tebak_pemisah("judul\n"), [b',', b';', b'\t']);
    }

    #[test]
    fn encodings() {
        assert_eq!(dekode(b"\xEF\xBB\xBFab").unwrap(), "ab");
        assert_eq!(dekode(b"Ren\xE9").unwrap(), "René");
        assert_eq!(dekode(b"\xFF\xFEa\0b\0").unwrap(), "ab");
        assert_eq!(dekode(b"a\0b").unwrap_err(), ImportError::BukanTeks);
    }
}
