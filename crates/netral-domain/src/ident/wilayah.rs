//! Kode wilayah (Permendagri 137/2017 line, DOMAIN.md §3.1) and the kinds of Pemda.

use serde::{Deserialize, Serialize};

use super::{IdentError, angka, ident_string};
use crate::pegawai::kode_enum;

kode_enum! {
    /// Level of a region code.
    TingkatWilayah, "tingkat wilayah" {
        Prov => "PROV", "Provinsi", ["PROVINSI"],
        Kab => "KAB", "Kabupaten", ["KABUPATEN"],
        Kota => "KOTA", "Kota", ["KOTAMADYA"],
        Kec => "KEC", "Kecamatan", ["KECAMATAN"],
        Kel => "KEL", "Kelurahan", ["KELURAHAN"],
        Desa => "DESA", "Desa", ["DESA ADAT"],
    }
}

kode_enum! {
    /// Kind of regional government: provinsi, kabupaten or kota.
    JenisPemda, "jenis pemda" {
        Prov => "PROV", "Provinsi", ["PROVINSI", "PEMPROV", "PEMERINTAH PROVINSI"],
        Kab => "KAB", "Kabupaten", ["KABUPATEN", "PEMKAB", "PEMERINTAH KABUPATEN"],
        Kota => "KOTA", "Kota", ["KOTAMADYA", "PEMKOT", "PEMERINTAH KOTA"],
    }
}

/// A region code: `NN` (provinsi), `NN.NN` (kabupaten 01–69 / kota 71–99), `NN.NN.NN`
/// (kecamatan) or `NN.NN.NN.NNNN` (kelurahan 1NNN / desa 2NNN, desa adat 3NNN). Follows the
/// regex `^[1-9]\d(\.\d{2}(\.\d{2}(\.[123]\d{3})?)?)?$`, and additionally rejects `00` and `70`
/// as kabupaten/kota numbers, which are neither. Stored with dots.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct KodeWilayah(String);

ident_string!(KodeWilayah);

impl KodeWilayah {
    /// Parses a dotted code; a bare digit string of length 2, 4, 6 or 10 (`3171`) is accepted
    /// and dotted.
    pub fn parse(s: &str) -> Result<KodeWilayah, IdentError> {
        let t = s.trim();
        let salah = |alasan: &'static str| IdentError::KodeWilayah {
            nilai: t.to_string(),
            alasan,
        };
        let kode = if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
            match t.len() {
                2 => t.to_string(),
                4 => format!("{}.{}", &t[..2], &t[2..]),
                6 => format!("{}.{}.{}", &t[..2], &t[2..4], &t[4..]),
                10 => format!("{}.{}.{}.{}", &t[..2], &t[2..4], &t[4..6], &t[6..]),
                _ => return Err(salah("jumlah digit harus 2, 4, 6 atau 10")),
            }
        } else {
            t.to_string()
        };
        let bagian: Vec<&str> = kode.split('.').collect();
        if bagian.len() > 4 {
            return Err(salah("paling banyak 4 bagian"));
        }
        for (i, b) in bagian.iter().enumerate() {
            let panjang = if i == 3 { 4 } else { 2 };
            if b.len() != panjang || !b.bytes().all(|c| c.is_ascii_digit()) {
                return Err(salah(
                    "format NN, NN.NN, NN.NN.NN atau NN.NN.NN.NNNN dengan angka",
                ));
            }
        }
        if bagian[0].starts_with('0') {
            return Err(salah("kode provinsi tidak boleh diawali 0"));
        }
        if let Some(kk) = bagian.get(1)
            && matches!(*kk, "00" | "70")
        {
            return Err(salah("kabupaten 01–69, kota 71–99"));
        }
        if let Some(desa) = bagian.get(3)
            && !desa.starts_with(['1', '2', '3'])
        {
            return Err(salah(
                "kode kelurahan/desa diawali 1 (kelurahan), 2 (desa) atau 3 (desa adat)",
            ));
        }
        Ok(KodeWilayah(kode))
    }

    /// The level this code names.
    pub fn tingkat(&self) -> TingkatWilayah {
        let s = &self.0;
        match s.len() {
            2 => TingkatWilayah::Prov,
            5 if angka(s, 3, 5) < 70 => TingkatWilayah::Kab,
            5 => TingkatWilayah::Kota,
            8 => TingkatWilayah::Kec,
            _ if s.as_bytes()[9] == b'1' => TingkatWilayah::Kel,
            _ => TingkatWilayah::Desa,
        }
    }

    /// The province this code lies in (itself for a province).
    pub fn provinsi(&self) -> KodeWilayah {
        KodeWilayah(self.0[..2].to_string())
    }

    /// The kabupaten/kota this code lies in; `None` for a province.
    pub fn kab_kota(&self) -> Option<KodeWilayah> {
        (self.0.len() >= 5).then(|| KodeWilayah(self.0[..5].to_string()))
    }

    /// The code one level up; `None` for a province.
    pub fn induk(&self) -> Option<KodeWilayah> {
        match self.0.len() {
            2 => None,
            5 => Some(KodeWilayah(self.0[..2].to_string())),
            8 => Some(KodeWilayah(self.0[..5].to_string())),
            _ => Some(KodeWilayah(self.0[..8].to_string())),
        }
    }

    /// Whether this code can be the region of a Pemda of kind `jenis` (a provinsi code for a
    /// Pemprov, a kabupaten code for a Pemkab, a kota code for a Pemkot).
    pub fn cocok_dengan(&self, jenis: JenisPemda) -> bool {
        matches!(
            (jenis, self.tingkat()),
            (JenisPemda::Prov, TingkatWilayah::Prov)
                | (JenisPemda::Kab, TingkatWilayah::Kab)
                | (JenisPemda::Kota, TingkatWilayah::Kota)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kode_valid() -> impl Strategy<Value = String> {
        (
            1u32..=9,
            0u32..=9,
            prop_oneof![1u32..=69, 71u32..=99],
            0u32..=99,
            1u32..=3,
            0u32..=999,
            1usize..=4,
        )
            .prop_map(|(p1, p2, kk, cc, t, n, len)| {
                let mut s = format!("{p1}{p2}");
                if len >= 2 {
                    s += &format!(".{kk:02}");
                }
                if len >= 3 {
                    s += &format!(".{cc:02}");
                }
                if len >= 4 {
                    s += &format!(".{t}{n:03}");
                }
                s
            })
    }

    #[test]
    fn levels() {
        let t = |s| KodeWilayah::parse(s).unwrap().tingkat();
        assert_eq!(t("31"), TingkatWilayah::Prov);
        assert_eq!(t("32.01"), TingkatWilayah::Kab);
        assert_eq!(t("32.69"), TingkatWilayah::Kab);
        assert_eq!(t("32.71"), TingkatWilayah::Kota);
        assert_eq!(t("19.71"), TingkatWilayah::Kota);
        assert_eq!(t("19.71.01"), TingkatWilayah::Kec);
        assert_eq!(t("19.71.01.1001"), TingkatWilayah::Kel);
        assert_eq!(t("19.04.01.2001"), TingkatWilayah::Desa);
        assert_eq!(t("92.01.01.3001"), TingkatWilayah::Desa);
        assert_eq!(t("1971"), TingkatWilayah::Kota);
        assert_eq!(
            KodeWilayah::parse(" 1971010001 ").unwrap_err().to_string(),
            "kode wilayah tidak valid: \"1971010001\" (kode kelurahan/desa diawali 1 (kelurahan), 2 (desa) atau 3 (desa adat))"
        );
        assert_eq!(
            KodeWilayah::parse("1971011001").unwrap().as_str(),
            "19.71.01.1001"
        );
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "1",
            "01",
            "3",
            "31.",
            "31.1",
            "31.00",
            "31.70",
            "31.71.1",
            "31.71.01.0001",
            "31.71.01.4001",
            "31.71.01.10011",
            "31.71.01.1001.01",
            "3a",
            "31-71",
            "123",
        ] {
            assert!(KodeWilayah::parse(s).is_err(), "{s:?}");
        }
        assert_eq!(
            KodeWilayah::parse("31.70").unwrap_err().to_string(),
            "kode wilayah tidak valid: \"31.70\" (kabupaten 01–69, kota 71–99)"
        );
        assert_eq!(
            KodeWilayah::parse("01").unwrap_err().to_string(),
            "kode wilayah tidak valid: \"01\" (kode provinsi tidak boleh diawali 0)"
        );
    }

    #[test]
    fn parents_and_pemda_match() {
        let k = KodeWilayah::parse("19.71.01.1001").unwrap();
        assert_eq!(k.provinsi().as_str(), "19");
        assert_eq!(k.kab_kota().unwrap().as_str(), "19.71");
        assert_eq!(k.induk().unwrap().as_str(), "19.71.01");
        assert_eq!(k.provinsi().induk(), None);
        assert_eq!(k.provinsi().kab_kota(), None);
        let kota = KodeWilayah::parse("19.71").unwrap();
        assert!(kota.cocok_dengan(JenisPemda::Kota));
        assert!(!kota.cocok_dengan(JenisPemda::Kab));
        assert!(!kota.cocok_dengan(JenisPemda::Prov));
        assert!(
            KodeWilayah::parse("19.04")
                .unwrap()
                .cocok_dengan(JenisPemda::Kab)
        );
        assert!(
            KodeWilayah::parse("19")
                .unwrap()
                .cocok_dengan(JenisPemda::Prov)
        );
        assert!(!k.cocok_dengan(JenisPemda::Kota));
    }

    #[test]
    fn jenis_pemda_codes() {
        assert_eq!(JenisPemda::parse("kota"), Ok(JenisPemda::Kota));
        assert_eq!(JenisPemda::parse("Kabupaten"), Ok(JenisPemda::Kab));
        assert_eq!(JenisPemda::parse("prov"), Ok(JenisPemda::Prov));
        assert_eq!(JenisPemda::Kab.kode(), "KAB");
        assert!(JenisPemda::parse("desa").is_err());
        assert_eq!(TingkatWilayah::Desa.kode(), "DESA");
        assert_eq!(TingkatWilayah::parse("kel"), Ok(TingkatWilayah::Kel));
    }

    proptest! {
        #[test]
        fn valid_round_trips(s in kode_valid()) {
            let k = KodeWilayah::parse(&s).unwrap();
            prop_assert_eq!(k.as_str(), s.as_str());
            prop_assert_eq!(k.to_string(), s.clone());
            prop_assert_eq!(crate::ident::tests::dari_serde::<KodeWilayah>(&s), Ok(k.clone()));
            prop_assert_eq!(KodeWilayah::parse(&s.replace('.', "")).unwrap(), k.clone());
            if let Some(i) = k.induk() {
                prop_assert!(s.starts_with(i.as_str()));
            }
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            if let Ok(k) = KodeWilayah::parse(&s) {
                let _ = (k.tingkat(), k.provinsi(), k.induk(), k.kab_kota());
            }
        }

        #[test]
        fn never_panics_on_code_like(s in "[0-9.]{0,14}") {
            if let Ok(k) = KodeWilayah::parse(&s) {
                let _ = (k.tingkat(), k.provinsi(), k.induk(), k.kab_kota());
            }
        }
    }
}
