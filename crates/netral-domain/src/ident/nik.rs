//! NIK: the 16-digit population number from Dukcapil (DOMAIN.md §3.2).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{IdentError, IdentWarning, KodeWilayah, angka, bersihkan_digit, ident_string};
use crate::pegawai::JenisKelamin;

/// Province codes a NIK may start with: the 38 current provinces plus the codes the Papua
/// provinces carried before and after the 2022 split (91–97), since a NIK keeps the code of its
/// first registration.
pub const KODE_PROVINSI: &[u32] = &[
    11, 12, 13, 14, 15, 16, 17, 18, 19, // Sumatera
    21, // Kepulauan Riau
    31, 32, 33, 34, 35, 36, // Jawa
    51, 52, 53, // Bali, Nusa Tenggara
    61, 62, 63, 64, 65, // Kalimantan
    71, 72, 73, 74, 75, 76, // Sulawesi
    81, 82, // Maluku
    91, 92, 93, 94, 95, 96, 97, // Papua
];

/// Nomor Induk Kependudukan: `PPKKCC` region of first registration, `DDMMYY` birth date
/// (women: DD + 40) and a sequence `NNNN`. Only length and digits are hard rules; the rest
/// are [`IdentWarning`]s from [`Nik::peringatan`] because legacy NIKs break them.
///
/// A NIK is personal data: show it with [`Nik::tersamar`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Nik(String);

ident_string!(Nik);

impl Nik {
    /// Parses a NIK: 16 digits after removing spaces, dots and dashes (trailing `.0` accepted,
    /// scientific notation rejected).
    pub fn parse(s: &str) -> Result<Nik, IdentError> {
        bersihkan_digit(s, "NIK", 16).map(Nik)
    }

    /// Province code (first two digits).
    pub fn kode_provinsi(&self) -> u32 {
        angka(&self.0, 0, 2)
    }

    /// The kecamatan of first registration as a region code `PP.KK.CC`, if well-formed.
    pub fn wilayah_asal(&self) -> Option<KodeWilayah> {
        let d = &self.0;
        KodeWilayah::parse(&format!("{}.{}.{}", &d[..2], &d[2..4], &d[4..6])).ok()
    }

    fn hari_mentah(&self) -> u32 {
        angka(&self.0, 6, 8)
    }

    fn bulan(&self) -> u32 {
        angka(&self.0, 8, 10)
    }

    fn tahun2(&self) -> u32 {
        angka(&self.0, 10, 12)
    }

    /// Soft findings: unknown province, day not 01–31/41–71, month not 01–12, a date that does
    /// not exist, sequence 0000.
    pub fn peringatan(&self) -> Vec<IdentWarning> {
        let mut w = Vec::new();
        let prov = self.kode_provinsi();
        if !KODE_PROVINSI.contains(&prov) {
            w.push(IdentWarning::NikProvinsi {
                kode: self.0[..2].to_string(),
            });
        }
        let hari = self.hari_mentah();
        let hari_ok = matches!(hari, 1..=31 | 41..=71);
        if !hari_ok {
            w.push(IdentWarning::NikHari { hari });
        }
        let bulan = self.bulan();
        let bulan_ok = (1..=12).contains(&bulan);
        if !bulan_ok {
            w.push(IdentWarning::NikBulan { bulan });
        }
        if hari_ok && bulan_ok {
            let h = hari % 40;
            let y = self.tahun2() as i32;
            // Either century will do: only 1900 vs 2000 differ in leap years, and both are
            // tried.
            let ada = NaiveDate::from_ymd_opt(1900 + y, bulan, h).is_some()
                || NaiveDate::from_ymd_opt(2000 + y, bulan, h).is_some();
            if !ada {
                w.push(IdentWarning::NikTanggalMustahil {
                    hari: h,
                    bulan,
                    tahun2: self.tahun2(),
                });
            }
        }
        if &self.0[12..] == "0000" {
            w.push(IdentWarning::NikNomorUrut);
        }
        w
    }

    /// The birth date, with the century chosen so that the person is between 15 and 100 years
    /// old in `tahun_acuan` (the reference year, passed in: the domain never reads the clock).
    /// `None` when the digits are not a date or no century fits.
    pub fn tanggal_lahir(&self, tahun_acuan: i32) -> Option<NaiveDate> {
        let hari = self.hari_mentah();
        let hari = match hari {
            1..=31 => hari,
            41..=71 => hari - 40,
            _ => return None,
        };
        let yy = self.tahun2() as i32;
        let abad = tahun_acuan - tahun_acuan.rem_euclid(100);
        [abad + yy, abad - 100 + yy]
            .into_iter()
            .find(|y| (15..=100).contains(&(tahun_acuan - y)))
            .and_then(|y| NaiveDate::from_ymd_opt(y, self.bulan(), hari))
    }

    /// Sex from the day field: 01–31 → L, 41–71 → P, anything else → `None`.
    pub fn jenis_kelamin(&self) -> Option<JenisKelamin> {
        match self.hari_mentah() {
            1..=31 => Some(JenisKelamin::L),
            41..=71 => Some(JenisKelamin::P),
            _ => None,
        }
    }

    /// Masked form for display: first four and last four digits, e.g. `3171xxxxxxxx0001`.
    pub fn tersamar(&self) -> String {
        format!("{}xxxxxxxx{}", &self.0[..4], &self.0[12..])
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Generates NIKs that raise no warning.
    pub(crate) fn nik_valid() -> impl Strategy<Value = String> {
        (
            proptest::sample::select(KODE_PROVINSI),
            1u32..=99,
            1u32..=99,
            1u32..=28,
            any::<bool>(),
            1u32..=12,
            0u32..=99,
            1u32..=9999,
        )
            .prop_map(|(p, k, c, d, perempuan, m, y, n)| {
                let d = if perempuan { d + 40 } else { d };
                format!("{p:02}{k:02}{c:02}{d:02}{m:02}{y:02}{n:04}")
            })
    }

    fn nik(s: &str) -> Nik {
        Nik::parse(s).unwrap()
    }

    #[test]
    fn parses_and_masks() {
        let n = nik("3171 0226 0986 0001");
        assert_eq!(n.as_str(), "3171022609860001");
        assert_eq!(n.tersamar(), "3171xxxxxxxx0001");
        assert_eq!(n.jenis_kelamin(), Some(JenisKelamin::L));
        assert_eq!(n.kode_provinsi(), 31);
        assert_eq!(n.wilayah_asal().unwrap().as_str(), "31.71.02");
        assert!(n.peringatan().is_empty());
    }

    #[test]
    fn hard_errors_only_for_length_and_digits() {
        assert_eq!(
            Nik::parse("317102260986000").unwrap_err().to_string(),
            "NIK harus 16 digit, ditemukan 15"
        );
        assert_eq!(
            Nik::parse("31710226098600A1").unwrap_err().to_string(),
            "NIK hanya boleh berisi angka, ditemukan karakter \"A\""
        );
        // Every soft rule broken at once: still a NIK.
        assert!(Nik::parse("0000000000000000").is_ok());
    }

    #[test]
    fn birth_date_and_century() {
        let n = nik("3171026609860001"); // woman, 26-09-86
        assert_eq!(n.jenis_kelamin(), Some(JenisKelamin::P));
        assert_eq!(n.tanggal_lahir(2024), NaiveDate::from_ymd_opt(1986, 9, 26));
        let muda = nik("3171020101050001"); // 01-01-05
        assert_eq!(
            muda.tanggal_lahir(2024),
            NaiveDate::from_ymd_opt(2005, 1, 1)
        );
        // Nine years old in 2014: no century makes them 15–100.
        assert_eq!(muda.tanggal_lahir(2014), None);
        assert_eq!(
            muda.tanggal_lahir(2100),
            NaiveDate::from_ymd_opt(2005, 1, 1)
        );
        let tua = nik("3171020101300001"); // 1930
        assert_eq!(tua.tanggal_lahir(2025), NaiveDate::from_ymd_opt(1930, 1, 1));
        assert_eq!(nik("3171023002900001").tanggal_lahir(2024), None); // 30 Feb
        assert_eq!(nik("3171023501900001").tanggal_lahir(2024), None); // day 35
    }

    #[test]
    fn warnings() {
        let w = |s: &str| nik(s).peringatan();
        assert_eq!(
            w("9971022609860001"),
            vec![IdentWarning::NikProvinsi { kode: "99".into() }]
        );
        assert_eq!(
            w("0171022609860001")[0].to_string(),
            "kode provinsi pada NIK (01) bukan kode provinsi yang dikenal"
        );
        assert_eq!(
            w("3171023509860001"),
            vec![IdentWarning::NikHari { hari: 35 }]
        );
        assert_eq!(
            w("3171020009860001")[0].to_string(),
            "tanggal lahir pada NIK tidak wajar: hari 00 (harus 01–31, atau 41–71 untuk perempuan)"
        );
        assert_eq!(
            w("3171022613860001"),
            vec![IdentWarning::NikBulan { bulan: 13 }]
        );
        assert_eq!(
            w("3171022613860001")[0].to_string(),
            "bulan lahir pada NIK tidak wajar: 13 (harus 01–12)"
        );
        assert_eq!(
            w("3171027002860001"),
            vec![IdentWarning::NikTanggalMustahil {
                hari: 30,
                bulan: 2,
                tahun2: 86
            }]
        );
        assert!(w("3171022902000001").is_empty()); // 29-02-2000 exists
        assert_eq!(w("3171022609860000"), vec![IdentWarning::NikNomorUrut]);
        assert_eq!(
            IdentWarning::NikNomorUrut.to_string(),
            "nomor urut NIK 0000 tidak wajar"
        );
        assert_eq!(w("0000000000000000").len(), 4);
        assert_eq!(nik("3171020009860001").jenis_kelamin(), None);
    }

    #[test]
    fn province_list_is_complete() {
        assert_eq!(KODE_PROVINSI.len(), 39);
        for p in [11, 21, 31, 36, 51, 53, 61, 65, 71, 76, 81, 82, 91, 96, 97] {
            assert!(KODE_PROVINSI.contains(&p), "{p}");
        }
        for p in [10, 20, 22, 30, 37, 50, 54, 60, 66, 70, 77, 80, 83, 90, 98] {
            assert!(!KODE_PROVINSI.contains(&p), "{p}");
        }
    }

    proptest! {
        #[test]
        fn valid_round_trips(s in nik_valid(), acuan in 2020i32..2040) {
            let n = Nik::parse(&s).unwrap();
            prop_assert_eq!(n.as_str(), s.as_str());
            prop_assert_eq!(n.to_string(), s.clone());
            prop_assert_eq!(crate::ident::tests::dari_serde::<Nik>(&s), Ok(n.clone()));
            prop_assert_eq!(String::from(n.clone()), s.clone());
            prop_assert!(n.peringatan().is_empty());
            prop_assert!(n.jenis_kelamin().is_some());
            if let Some(t) = n.tanggal_lahir(acuan) {
                let umur = acuan - chrono::Datelike::year(&t);
                prop_assert!((15..=100).contains(&umur));
            }
            let t = n.tersamar();
            prop_assert_eq!(&t[..4], &s[..4]);
            prop_assert_eq!(&t[12..], &s[12..]);
        }

        #[test]
        fn wrong_length_is_rejected(s in "[0-9]{0,15}|[0-9]{17,30}") {
            prop_assert!(Nik::parse(&s).is_err());
        }

        #[test]
        fn non_digit_is_rejected(s in nik_valid(), i in 0usize..16, c in "[a-zA-Z/+_#]") {
            let mut t = s.clone();
            t.replace_range(i..=i, &c);
            prop_assert!(Nik::parse(&t).is_err());
        }

        #[test]
        fn never_panics(s in "\\PC*", acuan in -3000i32..3000) {
            if let Ok(n) = Nik::parse(&s) {
                let _ = (n.peringatan(), n.tanggal_lahir(acuan), n.tersamar(), n.wilayah_asal());
            }
        }
    }
}
