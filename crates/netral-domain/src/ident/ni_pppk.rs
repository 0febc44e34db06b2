//! NI PPPK: the 18-digit number of a PPPK employee (DOMAIN.md §3.2).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::nip::tanggal_lahir_dari;
use super::{IdentError, IdentWarning, angka, bersihkan_digit, ident_string};
use crate::pegawai::JenisKelamin;

/// Nomor Induk PPPK: `YYYYMMDD` birth date, `YYYY` year of first PPPK appointment, `2` (PPPK
/// marker), contract count `K` (1–9), gender digit (1 = L, 2 = P) and a sequence `NNN` ≠ `000`.
/// Example pattern `200012312024211001`. Stored as the 18 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NiPppk(String);

ident_string!(NiPppk);

impl NiPppk {
    /// Parses an NI PPPK; the cleaning rules are those of [`super::Nip::parse`].
    pub fn parse(s: &str) -> Result<NiPppk, IdentError> {
        let d = bersihkan_digit(s, "NI PPPK", 18)?;
        tanggal_lahir_dari(&d, "NI PPPK")?;
        let b = d.as_bytes();
        if b[12] != b'2' {
            return Err(IdentError::PenandaPppk {
                digit: char::from(b[12]),
                saran: if matches!(b[12], b'0' | b'1') {
                    "; nomor ini kemungkinan NIP PNS, bukan NI PPPK"
                } else {
                    ""
                },
            });
        }
        if b[13] == b'0' {
            return Err(IdentError::JumlahKontrak);
        }
        if !matches!(b[14], b'1' | b'2') {
            return Err(IdentError::KodeJenisKelamin {
                jenis: "NI PPPK",
                digit: char::from(b[14]),
            });
        }
        if &d[15..18] == "000" {
            return Err(IdentError::NomorUrut {
                jenis: "NI PPPK",
                nol: "000",
            });
        }
        Ok(NiPppk(d))
    }

    /// The birth date encoded in the first eight digits.
    pub fn tanggal_lahir(&self) -> NaiveDate {
        // Validated in `parse`; the fallback is never taken.
        tanggal_lahir_dari(&self.0, "NI PPPK").unwrap_or_default()
    }

    /// Year of the first PPPK appointment (digits 9–12).
    pub fn tahun_pengangkatan(&self) -> i32 {
        angka(&self.0, 8, 12) as i32
    }

    /// Number of contracts signed (digit 14, 1–9).
    pub fn jumlah_kontrak(&self) -> u32 {
        angka(&self.0, 13, 14)
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

    /// Display form with the groups separated: `20001231 2024 2 1 1 001`.
    pub fn tampilan(&self) -> String {
        let d = &self.0;
        format!(
            "{} {} {} {} {} {}",
            &d[..8],
            &d[8..12],
            &d[12..13],
            &d[13..14],
            &d[14..15],
            &d[15..]
        )
    }

    /// Soft findings: first appointment earlier than the year the person turned 18.
    pub fn peringatan(&self) -> Vec<IdentWarning> {
        let lahir = self.tanggal_lahir().year();
        let angkat = self.tahun_pengangkatan();
        if angkat < lahir + 18 {
            vec![IdentWarning::UsiaPengangkatan {
                jenis: "NI PPPK",
                tahun_lahir: lahir,
                tahun_pengangkatan: angkat,
            }]
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::ident::Nip;
    use proptest::prelude::*;

    /// Generates valid NI PPPK digit strings.
    pub(crate) fn ni_pppk_valid() -> impl Strategy<Value = String> {
        (
            1960i32..2006,
            1u32..=12,
            1u32..=28,
            0i32..20,
            1u32..=9,
            1u32..=2,
            1u32..=999,
        )
            .prop_map(|(y, m, d, plus, k, g, n)| {
                format!("{y:04}{m:02}{d:02}{:04}2{k}{g}{n:03}", y + 18 + plus)
            })
    }

    #[test]
    fn parses_and_exposes_parts() {
        let n = NiPppk::parse("200012312024211001").unwrap();
        assert_eq!(
            n.tanggal_lahir(),
            NaiveDate::from_ymd_opt(2000, 12, 31).unwrap()
        );
        assert_eq!(n.tahun_pengangkatan(), 2024);
        assert_eq!(n.jumlah_kontrak(), 1);
        assert_eq!(n.jenis_kelamin(), JenisKelamin::L);
        assert_eq!(n.nomor_urut(), 1);
        assert_eq!(n.tampilan(), "20001231 2024 2 1 1 001");
        assert_eq!(NiPppk::parse(&n.tampilan()).unwrap(), n);
        assert!(n.peringatan().is_empty());
        assert_eq!(
            NiPppk::parse("199503032023232045").unwrap().jenis_kelamin(),
            JenisKelamin::P
        );
    }

    #[test]
    fn error_messages() {
        let e = |s| NiPppk::parse(s).unwrap_err().to_string();
        assert_eq!(
            e("2000123120242110"),
            "NI PPPK harus 18 digit, ditemukan 16"
        );
        assert_eq!(
            e("200002302024211001"),
            "tanggal lahir pada NI PPPK tidak valid: 2000-02-30"
        );
        assert_eq!(
            e("198609262015051001"),
            "digit ke-13 NI PPPK harus 2 (penanda PPPK), ditemukan 0; \
             nomor ini kemungkinan NIP PNS, bukan NI PPPK"
        );
        assert_eq!(
            e("200012312024511001"),
            "digit ke-13 NI PPPK harus 2 (penanda PPPK), ditemukan 5"
        );
        assert_eq!(
            e("200012312024201001"),
            "jumlah kontrak pada NI PPPK harus 1–9, ditemukan 0"
        );
        assert_eq!(
            e("200012312024219001"),
            "kode jenis kelamin pada NI PPPK harus 1 (L) atau 2 (P), ditemukan 9"
        );
        assert_eq!(
            e("200012312024211000"),
            "nomor urut NI PPPK tidak boleh 000"
        );
    }

    #[test]
    fn nip_and_ni_pppk_are_told_apart() {
        assert_eq!(
            Nip::parse("200012312024211001"),
            Err(IdentError::MungkinNiPppk)
        );
        assert!(NiPppk::parse("198609262015051001").is_err());
    }

    #[test]
    fn early_appointment_is_a_warning() {
        let n = NiPppk::parse("201001012024211001").unwrap();
        assert_eq!(n.peringatan().len(), 1);
    }

    proptest! {
        #[test]
        fn valid_round_trips(s in ni_pppk_valid()) {
            let n = NiPppk::parse(&s).unwrap();
            prop_assert_eq!(n.as_str(), s.as_str());
            prop_assert_eq!(n.to_string(), s.clone());
            prop_assert_eq!(NiPppk::parse(&n.tampilan()).unwrap(), n.clone());
            prop_assert_eq!(crate::ident::tests::dari_serde::<NiPppk>(&s), Ok(n.clone()));
            prop_assert_eq!(String::from(n.clone()), s.clone());
            // A valid NI PPPK is never a valid NIP, and the NIP error says why.
            prop_assert_eq!(Nip::parse(&s), Err(IdentError::MungkinNiPppk));
        }

        #[test]
        fn wrong_length_is_rejected(s in "[0-9]{0,17}|[0-9]{19,30}") {
            prop_assert!(NiPppk::parse(&s).is_err());
        }

        #[test]
        fn non_digit_is_rejected(s in ni_pppk_valid(), i in 0usize..18, c in "[a-zA-Z/+_#]") {
            let mut t = s.clone();
            t.replace_range(i..=i, &c);
            prop_assert!(NiPppk::parse(&t).is_err());
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = NiPppk::parse(&s);
        }
    }
}
