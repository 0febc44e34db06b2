//! Golongan (grade): PNS `I/a`…`IV/e` and PPPK `I`…`XVII` (DOMAIN.md §3.1).

use serde::{Deserialize, Serialize};

use super::IdentError;

/// The 17 PNS grades in order, with their pangkat titles.
const PNS: [(&str, &str); 17] = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
];

/// The 17 PPPK grades (Perpres 98/2020 as amended).
const PPPK: [&str; 17] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kelas {
    /// Index into [`PNS`].
    Pns(u8),
    /// Index into [`PPPK`].
    Pppk(u8),
}

/// A grade, stored and displayed canonically (`III/a`, `IV/e`, `IX`). PNS grades sort before
/// PPPK grades; within each kind in rank order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Golongan(Kelas);

impl Golongan {
    /// Parses loosely: `III/a`, `IIIa`, `III.a`, `III a`, `III-a`, `3A`, `3/a`, any case, with
    /// an optional `Gol.`/`Golongan` prefix and an optional pangkat after a dash or in
    /// brackets (`III/a - Penata Muda`). PPPK grades are Roman numerals `I`…`XVII`; a bare
    /// Arabic number is rejected because `3` could mean PNS III or PPPK III.
    pub fn parse(s: &str) -> Result<Golongan, IdentError> {
        let salah = || IdentError::Golongan {
            nilai: s.trim().to_string(),
        };
        if let Some(g) = parse_inti(s) {
            return Ok(g);
        }
        // `III/a - Penata Muda`, `III/a (Penata Muda)`, `Penata Muda, III/a`
        s.split(['-', '(', ')', ','])
            .find_map(parse_inti)
            .ok_or_else(salah)
    }

    /// All 34 grades: the 17 PNS grades, then the 17 PPPK grades.
    pub fn semua() -> impl Iterator<Item = Golongan> {
        (0..17u8)
            .map(|i| Golongan(Kelas::Pns(i)))
            .chain((0..17u8).map(|i| Golongan(Kelas::Pppk(i))))
    }

    /// Canonical code: `III/a` or `IX`.
    pub fn as_str(&self) -> &'static str {
        match self.0 {
            Kelas::Pns(i) => PNS[usize::from(i)].0,
            Kelas::Pppk(i) => PPPK[usize::from(i)],
        }
    }

    /// Whether this is a PNS grade (`I/a`…`IV/e`).
    pub fn is_pns(&self) -> bool {
        matches!(self.0, Kelas::Pns(_))
    }

    /// Whether this is a PPPK grade (`I`…`XVII`).
    pub fn is_pppk(&self) -> bool {
        matches!(self.0, Kelas::Pppk(_))
    }

    /// The PNS pangkat title, e.g. `Penata Muda Tingkat I` for `III/b`; `None` for PPPK.
    pub fn pangkat(&self) -> Option<&'static str> {
        match self.0 {
            Kelas::Pns(i) => Some(PNS[usize::from(i)].1),
            Kelas::Pppk(_) => None,
        }
    }
}

fn romawi(s: &str) -> Option<u8> {
    PPPK.iter()
        .position(|r| *r == s)
        .and_then(|i| u8::try_from(i + 1).ok())
}

fn parse_inti(s: &str) -> Option<Golongan> {
    let mut k: String = s
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '/' | '.' | '-' | '_')))
        .flat_map(char::to_uppercase)
        .collect();
    for awalan in ["GOLONGAN", "GOL"] {
        if let Some(r) = k.strip_prefix(awalan) {
            k = r.to_string();
            break;
        }
    }
    if k.is_empty() || !k.is_ascii() {
        return None;
    }
    let pisah = k
        .find(|c: char| !matches!(c, 'I' | 'V' | 'X' | '0'..='9'))
        .unwrap_or(k.len());
    let (angka, sisa) = k.split_at(pisah);
    let (ruang, arab) = if angka.bytes().all(|b| b.is_ascii_digit()) {
        (angka.parse::<u8>().ok()?, true)
    } else {
        (romawi(angka)?, false)
    };
    match sisa {
        "" if !arab => Some(Golongan(Kelas::Pppk(ruang - 1))),
        "A" | "B" | "C" | "D" | "E" => {
            let huruf = sisa.as_bytes()[0] - b'A';
            let maks = if ruang == 4 { 4 } else { 3 };
            if !(1..=4).contains(&ruang) || huruf > maks {
                return None;
            }
            Some(Golongan(Kelas::Pns((ruang - 1) * 4 + huruf)))
        }
        _ => None,
    }
}

impl std::fmt::Display for Golongan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Golongan> for String {
    fn from(g: Golongan) -> String {
        g.as_str().to_string()
    }
}

impl TryFrom<String> for Golongan {
    type Error = IdentError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Golongan::parse(&s)
    }
}

impl std::str::FromStr for Golongan {
    type Err = IdentError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Golongan::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn g(s: &str) -> Golongan {
        Golongan::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    /// Every spelling the importer promises to accept for a PNS grade.
    fn ejaan_pns(romawi: &str, arab: u8, huruf: char) -> Vec<String> {
        let h = huruf.to_ascii_lowercase();
        let hb = huruf.to_ascii_uppercase();
        let mut v = Vec::new();
        for r in [romawi.to_string(), arab.to_string()] {
            for x in [h, hb] {
                for sep in ["/", "", ".", " ", "-", " / "] {
                    v.push(format!("{r}{sep}{x}"));
                    v.push(format!("{}{sep}{x}", r.to_lowercase()));
                }
            }
        }
        v
    }

    #[test]
    fn canonical_forms_and_titles() {
        assert_eq!(Golongan::semua().count(), 34);
        assert_eq!(Golongan::semua().filter(Golongan::is_pns).count(), 17);
        assert_eq!(g("III/a").as_str(), "III/a");
        assert_eq!(g("III/a").pangkat(), Some("Penata Muda"));
        assert_eq!(g("I/a").pangkat(), Some("Juru Muda"));
        assert_eq!(g("IV/e").pangkat(), Some("Pembina Utama"));
        assert_eq!(g("ix").to_string(), "IX");
        assert_eq!(g("XVII").as_str(), "XVII");
        assert!(g("IX").is_pppk());
        assert_eq!(g("IX").pangkat(), None);
        assert!(g("II/b") < g("III/a"));
        assert!(g("IV/e") < g("I"));
    }

    #[test]
    fn loose_spellings() {
        for s in [
            "III/a",
            "IIIa",
            "III.a",
            "III a",
            "3A",
            "3/a",
            "iii/a",
            "3a",
            "Gol. III/a",
            "golongan III a",
            "III/a - Penata Muda",
            "III/a (Penata Muda)",
        ] {
            assert_eq!(g(s).as_str(), "III/a", "{s}");
        }
        assert_eq!(g("4e").as_str(), "IV/e");
        assert_eq!(g("Gol IX").as_str(), "IX");
    }

    #[test]
    fn rejects_unknown() {
        for s in [
            "", "III/e", "I/e", "V/a", "5a", "IIII", "XVIII", "XX", "0", "3", "17", "IIIf", "a",
            "III/ab", "IIV", "Penata",
        ] {
            assert!(Golongan::parse(s).is_err(), "{s:?}");
        }
        assert_eq!(
            Golongan::parse(" III/f ").unwrap_err().to_string(),
            "golongan tidak dikenal: \"III/f\" (contoh: III/a untuk PNS, IX untuk PPPK)"
        );
    }

    #[test]
    fn every_grade_every_spelling() {
        let romawi = ["I", "II", "III", "IV"];
        for gol in Golongan::semua().filter(Golongan::is_pns) {
            let (r, h) = gol.as_str().split_once('/').unwrap();
            let arab = romawi.iter().position(|x| *x == r).unwrap() as u8 + 1;
            for s in ejaan_pns(r, arab, h.chars().next().unwrap()) {
                assert_eq!(Golongan::parse(&s), Ok(gol), "{s:?}");
            }
        }
        for gol in Golongan::semua().filter(Golongan::is_pppk) {
            for s in [
                gol.as_str().to_string(),
                gol.as_str().to_lowercase(),
                format!(" Gol. {} ", gol.as_str()),
            ] {
                assert_eq!(Golongan::parse(&s), Ok(gol), "{s:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn spellings_normalise(i in 0usize..34, pilih in any::<prop::sample::Index>()) {
            let gol = Golongan::semua().nth(i).unwrap();
            let ejaan = if gol.is_pns() {
                let (r, h) = gol.as_str().split_once('/').unwrap();
                let arab = ["I", "II", "III", "IV"].iter().position(|x| *x == r).unwrap() as u8 + 1;
                ejaan_pns(r, arab, h.chars().next().unwrap())
            } else {
                vec![gol.as_str().to_string(), gol.as_str().to_lowercase()]
            };
            let s = pilih.get(&ejaan);
            let p = Golongan::parse(s).unwrap();
            prop_assert_eq!(p, gol);
            prop_assert_eq!(p.to_string(), gol.as_str());
            prop_assert_eq!(crate::ident::tests::dari_serde::<Golongan>(s), Ok(gol));
            prop_assert_eq!(Golongan::parse(&String::from(p)), Ok(gol));
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Golongan::parse(&s);
        }

        #[test]
        fn never_panics_on_grade_like(s in "[IVXivx0-9abcdefABCDEF/. -]{0,8}") {
            if let Ok(g) = Golongan::parse(&s) {
                prop_assert_eq!(Golongan::parse(g.as_str()), Ok(g));
            }
        }
    }
}
