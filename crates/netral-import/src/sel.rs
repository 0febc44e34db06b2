//! One cell value, independent of the file format.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};

/// A cell as read from CSV (always text) or XLSX (typed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Sel<'a> {
    Kosong,
    Teks(&'a str),
    /// A floating-point number cell (Excel stores every number as `f64`).
    Angka(f64),
    /// An exact integer cell.
    Bulat(i64),
    /// A date or date-time cell.
    Tanggal(NaiveDateTime),
}

/// Values exporters write for "nothing".
fn teks_kosong(t: &str) -> bool {
    matches!(
        t,
        "" | "-" | "--" | "–" | "—" | "NULL" | "null" | "Null" | "N/A" | "n/a" | "#N/A"
    )
}

impl<'a> Sel<'a> {
    /// Whether the cell holds nothing useful (empty, `-`, `NULL`, `#N/A`).
    pub(crate) fn kosong(&self) -> bool {
        match self {
            Sel::Kosong => true,
            Sel::Teks(t) => teks_kosong(t.trim()),
            Sel::Angka(f) => !f.is_finite(),
            _ => false,
        }
    }

    /// The cell as trimmed text; numbers without a fraction print as integers, dates as ISO.
    pub(crate) fn teks(&self) -> Cow<'a, str> {
        match *self {
            Sel::Kosong => Cow::Borrowed(""),
            Sel::Teks(t) => Cow::Borrowed(t.trim()),
            Sel::Angka(f) => Cow::Owned(angka_ke_teks(f)),
            Sel::Bulat(i) => Cow::Owned(i.to_string()),
            Sel::Tanggal(dt) => Cow::Owned(if dt.time() == chrono::NaiveTime::MIN {
                dt.date().format("%Y-%m-%d").to_string()
            } else {
                dt.format("%Y-%m-%d %H:%M:%S").to_string()
            }),
        }
    }

    /// `Some(text)` unless the cell is empty.
    pub(crate) fn isi(&self) -> Option<Cow<'a, str>> {
        if self.kosong() {
            None
        } else {
            Some(self.teks())
        }
    }
}

/// Prints an `f64` the way a person reads it: integral values without `.0` or exponent.
pub(crate) fn angka_ke_teks(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e21 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

/// The largest integer below which every integer is exact in an `f64`.
const BATAS_PRESISI: f64 = 9_007_199_254_740_992.0;

/// Reads an identifier (NIP, NI PPPK, NIK) from a number cell. Excel keeps only 15
/// significant digits, so a longer number either lost its last digits or — only when it is
/// below 2^53 and does not end in 0 — came exactly from a program. `Err` carries the digits
/// Excel kept, for the report.
pub(crate) fn ident_dari_angka(f: f64) -> Result<String, String> {
    let t = angka_ke_teks(f);
    if f.fract() != 0.0 || t.len() <= 15 {
        return Ok(t);
    }
    if f.abs() < BATAS_PRESISI && !t.ends_with('0') {
        Ok(t)
    } else {
        Err(t)
    }
}

/// Converts an Excel serial day number (1900 date system) to a date.
pub(crate) fn serial_excel(f: f64) -> Option<NaiveDate> {
    if !(61.0..2_958_466.0).contains(&f) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(f.floor() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_text() {
        assert_eq!(angka_ke_teks(81234567890.0), "81234567890");
        assert_eq!(angka_ke_teks(1.5), "1.5");
        assert_eq!(angka_ke_teks(1.986_092_620_150_51e17), "198609262015051008");
    }

    #[test]
    fn identifiers_from_numbers() {
        // 18 digits: always beyond f64 precision.
        assert!(ident_dari_angka(198_609_262_015_051_001.0).is_err());
        // 16 digits as Excel keeps them (15 significant, last digit 0): ambiguous, rejected.
        assert!(ident_dari_angka(3_171_022_609_860_000.0).is_err());
        // 16 digits written exactly by a program.
        assert_eq!(
            ident_dari_angka(3_171_022_609_860_001.0),
            Ok("3171022609860001".to_string())
        );
        assert_eq!(ident_dari_angka(12345.0), Ok("12345".to_string()));
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(serial_excel(31681.0), NaiveDate::from_ymd_opt(1986, 9, 26));
        assert_eq!(serial_excel(10.0), None);
    }

    #[test]
    fn empty_markers() {
        assert!(Sel::Teks(" - ").kosong());
        assert!(Sel::Teks("NULL").kosong());
        assert!(!Sel::Teks("0").kosong());
        assert_eq!(Sel::Teks(" x ").isi().as_deref(), Some("x"));
    }
}
