//! Dates as people and exporters write them.

use chrono::NaiveDate;

/// Why a date text was not understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SalahTanggal {
    /// Not any supported layout.
    Format,
    /// A two-digit year.
    TahunDuaDigit,
    /// The layout is right but the date does not exist (e.g. 30 February, month 13).
    TidakAda,
}

impl SalahTanggal {
    pub(crate) fn pesan(self) -> &'static str {
        match self {
            SalahTanggal::Format => {
                "format tidak dikenali (gunakan mis. 1986-09-26, 26-09-1986, 26/09/1986 atau 26 September 1986)"
            }
            SalahTanggal::TahunDuaDigit => "tahun harus ditulis 4 digit",
            SalahTanggal::TidakAda => "tanggal tidak ada di kalender",
        }
    }
}

/// Indonesian and English month names and abbreviations.
const BULAN: &[(&str, u32)] = &[
    ("januari", 1),
    ("january", 1),
    ("jan", 1),
    ("februari", 2),
    ("pebruari", 2),
    ("february", 2),
    ("feb", 2),
    ("peb", 2),
    ("maret", 3),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("may", 5),
    ("juni", 6),
    ("june", 6),
    ("jun", 6),
    ("juli", 7),
    ("july", 7),
    ("jul", 7),
    ("agustus", 8),
    ("august", 8),
    ("agu", 8),
    ("agt", 8),
    ("ags", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("oktober", 10),
    ("october", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("nopember", 11),
    ("nov", 11),
    ("nop", 11),
    ("desember", 12),
    ("december", 12),
    ("des", 12),
    ("dec", 12),
];

fn bulan_nama(t: &str) -> Option<u32> {
    BULAN
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(t))
        .map(|(_, m)| *m)
}

fn angka(t: &str, min: usize, max: usize) -> Option<u32> {
    if (min..=max).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

/// Parses `YYYY-MM-DD` (also with `/`), `DD-MM-YYYY`, `DD/MM/YYYY`, `DD.MM.YYYY`,
/// `YYYYMMDD`, and `26 September 1986` / `26 Sep 1986` / `26-Agu-1990` with Indonesian or
/// English month names. A time part after the date (`1986-09-26 00:00:00`,
/// `1986-09-26T00:00`) is ignored.
pub(crate) fn parse_tanggal(s: &str) -> Result<NaiveDate, SalahTanggal> {
    let mut t = s.trim();
    if let Some(titik2) = t.find(':') {
        // Cut the time: everything from the last space or `T` before the first colon.
        let depan = &t[..titik2];
        let potong = depan.rfind([' ', 'T']).ok_or(SalahTanggal::Format)?;
        t = t[..potong].trim();
    }
    let mut bagian = t.split(['-', '/', '.', ' ', ',']).filter(|p| !p.is_empty());
    let (a, b, c) = match (bagian.next(), bagian.next(), bagian.next(), bagian.next()) {
        (Some(a), None, None, None) => {
            // YYYYMMDD
            if a.len() == 8 && a.bytes().all(|x| x.is_ascii_digit()) {
                return buat(
                    angka(&a[..4], 4, 4),
                    angka(&a[4..6], 2, 2),
                    angka(&a[6..], 2, 2),
                );
            }
            return Err(SalahTanggal::Format);
        }
        (Some(a), Some(b), Some(c), None) => (a, b, c),
        _ => return Err(SalahTanggal::Format),
    };
    if a.len() == 4 {
        // YYYY-MM-DD
        let y = angka(a, 4, 4).ok_or(SalahTanggal::Format)?;
        let m = angka(b, 1, 2).or_else(|| bulan_nama(b));
        let d = angka(c, 1, 2).ok_or(SalahTanggal::Format)?;
        return buat(Some(y), Some(m.ok_or(SalahTanggal::Format)?), Some(d));
    }
    let d = angka(a, 1, 2).ok_or(SalahTanggal::Format)?;
    let m = angka(b, 1, 2)
        .or_else(|| bulan_nama(b))
        .ok_or(SalahTanggal::Format)?;
    if angka(c, 2, 2).is_some() {
        return Err(SalahTanggal::TahunDuaDigit);
    }
    let y = angka(c, 4, 4).ok_or(SalahTanggal::Format)?;
    buat(Some(y), Some(m), Some(d))
}

fn buat(y: Option<u32>, m: Option<u32>, d: Option<u32>) -> Result<NaiveDate, SalahTanggal> {
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(SalahTanggal::Format);
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(SalahTanggal::TidakAda)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tgl(y: i32, m: u32, d: u32) -> Result<NaiveDate, SalahTanggal> {
        Ok(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn layouts() {
        for s in [
            "1986-09-26",
            "1986/09/26",
            "26-09-1986",
            "26/09/1986",
            "26.09.1986",
            "26/9/1986",
            "19860926",
            "26 September 1986",
            "26 Sep 1986",
            "26 sept 1986",
            "26-Sep-1986",
            "26 SEPTEMBER 1986",
            "1986-09-26 00:00:00",
            "1986-09-26T00:00:00",
            "26/09/1986 00:00",
            " 26 September, 1986 ",
        ] {
            assert_eq!(parse_tanggal(s), tgl(1986, 9, 26), "{s}");
        }
        assert_eq!(parse_tanggal("26 Agustus 1990"), tgl(1990, 8, 26));
        assert_eq!(parse_tanggal("1 Mei 1970"), tgl(1970, 5, 1));
        assert_eq!(parse_tanggal("3 Okt 1975"), tgl(1975, 10, 3));
        assert_eq!(parse_tanggal("31 Des 1999"), tgl(1999, 12, 31));
        assert_eq!(parse_tanggal("12 Nopember 1980"), tgl(1980, 11, 12));
        assert_eq!(parse_tanggal("2 Pebruari 1980"), tgl(1980, 2, 2));
        assert_eq!(parse_tanggal("17 Agt 1985"), tgl(1985, 8, 17));
    }

    #[test]
    fn rejects() {
        assert_eq!(parse_tanggal("30-02-1986"), Err(SalahTanggal::TidakAda));
        assert_eq!(parse_tanggal("09/26/1986"), Err(SalahTanggal::TidakAda));
        assert_eq!(parse_tanggal("26-09-86"), Err(SalahTanggal::TahunDuaDigit));
        assert_eq!(parse_tanggal("kemarin"), Err(SalahTanggal::Format));
        assert_eq!(parse_tanggal("26 Foo 1986"), Err(SalahTanggal::Format));
        assert_eq!(parse_tanggal("1986-09"), Err(SalahTanggal::Format));
        assert_eq!(parse_tanggal("12:30"), Err(SalahTanggal::Format));
        assert_eq!(parse_tanggal("1-2-3-4"), Err(SalahTanggal::Format));
    }
}
