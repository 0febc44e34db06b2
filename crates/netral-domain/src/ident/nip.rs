//! NIP: the 18-digit number of a PNS or CPNS (DOMAIN.md §3.2).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{IdentError, IdentWarning, angka, bersihkan_digit, ident_string};
use crate::pegawai::JenisKelamin;

/// Nomor Induk Pegawai of a PNS/CPNS: `YYYYMMDD` birth date, `YYYYMM` TMT CPNS, gender digit
/// (1 = L, 2 = P) and a sequence `NNN` ≠ `000`. Stored as the 18 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nip(String);

ident_string!(Nip);

impl Nip {
    /// Parses a NIP as typed or exported: spaces, dots and dashes are ignored, a trailing `.0`
    /// is accepted, scientific notation (`1.98609262015051E+17`) is rejected.
    pub fn parse(s: &str) -> Result<Nip, IdentError> {
        let d = bersihkan_digit(s, "NIP", 18)?;
        tanggal_lahir_dari(&d, "NIP")?;
        let b = d.as_bytes();
        if b[12] == b'2' {
            return Err(IdentError::MungkinNiPppk);
        }
        let bulan = angka(&d, 12, 14);
        if !(1..=12).contains(&bulan) {
            return Err(IdentError::BulanTmt {
                bulan: d[12..14].to_string(),
            });
        }
        if !matches!(b[14], b'1' | b'2') {
            return Err(IdentError::KodeJenisKelamin {
                jenis: "NIP",
                digit: char::from(b[14]),
            });
        }
        if &d[15..18] == "000" {
            return Err(IdentError::NomorUrut {
                jenis: "NIP",
                nol: "000",
            });
        }
        Ok(Nip(d))
    }

    /// The birth date encoded in the first eight digits.
    pub fn tanggal_lahir(&self) -> NaiveDate {
        // Validated in `parse`; the fallback is never taken.
        tanggal_lahir_dari(&self.0, "NIP").unwrap_or_default()
    }

    /// TMT CPNS as `(year, month)`.
    pub fn tmt_cpns(&self) -> (i32, u32) {
        (angka(&self.0, 8, 12) as i32, angka(&self.0, 12, 14))
    }

    /// Sex encoded in digit 15.
    pub fn jenis_kelamin(&self) -> JenisKelamin {
        if self.0.as_bytes()[14] == b'2' {
            JenisKelamin::P
        } else {
            JenisKelamin::L
        }
    }

    /// The sequence number (1–999).
    pub fn nomor_urut(&self) -> u32 {
        angka(&self.0, 15, 18)
    }

    /// Display form with the groups separated: `19860926 201505 1 001`.
    pub fn tampilan(&self) -> String {
        let d = &self.0;
        format!("{} {} {} {}", &d[..8], &d[8..14], &d[14..15], &d[15..])
    }

    /// Soft findings: TMT CPNS earlier than the year the person turned 18.
    pub fn peringatan(&self) -> Vec<IdentWarning> {
        let lahir = self.tanggal_lahir().year();
        let (tmt, _) = self.tmt_cpns();
        if tmt < lahir + 18 {
            vec![IdentWarning::UsiaPengangkatan {
                jenis: "NIP",
                tahun_lahir: lahir,
                tahun_pengangkatan: tmt,
            }]
        } else {
            Vec::new()
        }
    }
}

/// Reads `YYYYMMDD` from the first eight digits; the error names the impossible date.
pub(super) fn tanggal_lahir_dari(d: &str, jenis: &'static str) -> Result<NaiveDate, IdentError> {
    let (y, m, dd) = (angka(d, 0, 4), angka(d, 4, 6), angka(d, 6, 8));
    NaiveDate::from_ymd_opt(y as i32, m, dd)
        .filter(|_| y >= 1)
        .ok_or_else(|| IdentError::TanggalLahir {
            jenis,
            tanggal: format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]),
        })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Generates valid NIP digit strings.
    pub(crate) fn nip_valid() -> impl Strategy<Value = String> {
        (
            1940i32..2010,
            1u32..=12,
            1u32..=28,
            0i32..40,
            1u32..=12,
            1u32..=2,
            1u32..=999,
        )
            .prop_map(|(y, m, d, plus, tm, g, n)| {
                format!("{y:04}{m:02}{d:02}{:04}{tm:02}{g}{n:03}", y + 18 + plus)
            })
    }

    #[test]
    fn parses_and_exposes_parts() {
        let n = Nip::parse("19860926 201505 1 001").unwrap();
        assert_eq!(n.as_str(), "198609262015051001");
        assert_eq!(n.to_string(), "198609262015051001");
        assert_eq!(
            n.tanggal_lahir(),
            NaiveDate::from_ymd_opt(1986, 9, 26).unwrap()
        );
        assert_eq!(n.tmt_cpns(), (2015, 5));
        assert_eq!(n.jenis_kelamin(), JenisKelamin::L);
        assert_eq!(n.nomor_urut(), 1);
        assert_eq!(n.tampilan(), "19860926 201505 1 001");
        assert!(n.peringatan().is_empty());
        let p = Nip::parse("199001012019032005").unwrap();
        assert_eq!(p.jenis_kelamin(), JenisKelamin::P);
    }

    #[test]
    fn excel_forms() {
        assert!(Nip::parse("198609262015051001.0").is_ok());
        assert!(matches!(
            Nip::parse("1.98609262015051E+17"),
            Err(IdentError::NotasiIlmiah { .. })
        ));
    }

    #[test]
    fn error_messages() {
        let e = |s| Nip::parse(s).unwrap_err().to_string();
        assert_eq!(e("19860926201505100"), "NIP harus 18 digit, ditemukan 17");
        assert_eq!(
            e("198602302015051001"),
            "tanggal lahir pada NIP tidak valid: 1986-02-30"
        );
        assert_eq!(
            e("000009262015051001"),
            "tanggal lahir pada NIP tidak valid: 0000-09-26"
        );
        assert_eq!(
            e("198609262015131001"),
            "bulan TMT CPNS pada NIP tidak valid: 13 (harus 01–12)"
        );
        assert_eq!(
            e("198609262015001001"),
            "bulan TMT CPNS pada NIP tidak valid: 00 (harus 01–12)"
        );
        assert_eq!(e("198609262015051000"), "nomor urut NIP tidak boleh 000");
        assert_eq!(
            e("198609262015053001"),
            "kode jenis kelamin pada NIP harus 1 (L) atau 2 (P), ditemukan 3"
        );
        assert_eq!(
            e("198609262015211001"),
            "digit ke-13 NIP adalah 2 (penanda PPPK): nomor ini kemungkinan besar NI PPPK, bukan NIP"
        );
    }

    #[test]
    fn tmt_before_age_18_is_a_warning() {
        let n = Nip::parse("199001012005011001").unwrap();
        assert_eq!(
            n.peringatan(),
            vec![IdentWarning::UsiaPengangkatan {
                jenis: "NIP",
                tahun_lahir: 1990,
                tahun_pengangkatan: 2005
            }]
        );
        assert_eq!(
            n.peringatan()[0].to_string(),
            "tahun pengangkatan pada NIP (2005) kurang dari 18 tahun setelah tahun lahir (1990)"
        );
        assert!(
            Nip::parse("199001012008011001")
                .unwrap()
                .peringatan()
                .is_empty()
        );
    }

    #[test]
    fn serde_as_string() {
        let n = Nip::parse("198609262015051001").unwrap();
        assert_eq!(
            crate::ident::tests::dari_serde::<Nip>("198609262015051001"),
            Ok(n)
        );
        assert_eq!(
            crate::ident::tests::dari_serde::<Nip>("198609262015051000"),
            Err("nomor urut NIP tidak boleh 000".to_string())
        );
    }

    proptest! {
        #[test]
        fn valid_round_trips(s in nip_valid()) {
            let n = Nip::parse(&s).unwrap();
            prop_assert_eq!(n.as_str(), s.as_str());
            prop_assert_eq!(n.to_string(), s.clone());
            prop_assert_eq!(Nip::parse(&n.tampilan()).unwrap(), n.clone());
            prop_assert_eq!(Nip::try_from(String::from(n.clone())).unwrap(), n.clone());
            prop_assert_eq!(crate::ident::tests::dari_serde::<Nip>(&s), Ok(n.clone()));
            prop_assert!(n.peringatan().is_empty());
        }

        #[test]
        fn wrong_length_is_rejected(s in "[0-9]{0,17}|[0-9]{19,30}") {
            let e = Nip::parse(&s).unwrap_err();
            prop_assert!(matches!(e, IdentError::Panjang { .. } | IdentError::Kosong { .. }), "{:?}", e);
        }

        #[test]
        fn non_digit_is_rejected(s in nip_valid(), i in 0usize..18, c in "[a-zA-Z/+_#]") {
            let mut t = s.clone();
            t.replace_range(i..=i, &c);
            let e = Nip::parse(&t).unwrap_err();
            prop_assert!(matches!(e, IdentError::BukanAngka { .. } | IdentError::NotasiIlmiah { .. }), "{:?}", e);
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Nip::parse(&s);
        }
    }
}
