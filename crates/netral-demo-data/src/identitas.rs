//! Building NIP, NI PPPK and NIK that follow DOMAIN.md §3.2 and are unique across the file.
//!
//! Every identifier is a fixed prefix (birth date, TMT, sex, region…) plus a running
//! sequence number. A single map counts the sequence numbers used per prefix; the prefixes
//! of the three kinds cannot collide (NIP prefixes have a month `0x`/`1x` in digits 13–14,
//! NI PPPK prefixes a `2` in digit 13, NIK prefixes are only 12 digits long).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Datelike, NaiveDate};

/// A small multiplicative hasher for integer keys (the std SipHash is needlessly slow here).
#[derive(Default)]
pub(crate) struct HashCepat(u64);

impl Hasher for HashCepat {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(crate) type PetaCepat<K, V> = HashMap<K, V, BuildHasherDefault<HashCepat>>;

/// Sequence numbers already handed out, per identifier prefix.
#[derive(Default)]
pub(crate) struct Register {
    terpakai: PetaCepat<u64, u16>,
}

/// Birth date as the number `YYYYMMDD`.
fn tanggal_angka(t: NaiveDate) -> u64 {
    t.year() as u64 * 10_000 + u64::from(t.month()) * 100 + u64::from(t.day())
}

impl Register {
    /// Takes the next free sequence number (1..=`maks`) for a prefix, if any is left.
    fn ambil(&mut self, prefiks: u64, maks: u16) -> Option<u16> {
        let c = self.terpakai.entry(prefiks).or_insert(0);
        if *c >= maks {
            None
        } else {
            *c += 1;
            Some(*c)
        }
    }

    /// A NIP: birth date, TMT CPNS `YYYYMM`, sex digit (1 = L, 2 = P), sequence 001–999.
    /// When the sequence of the requested TMT month is used up, the nearest month within
    /// `[tmt_min, tmt_max]` (as `YYYY*12 + MM-1`) with a free number is taken instead.
    /// Returns the NIP and the TMT actually used, or `None` if every month is full.
    pub fn nip(
        &mut self,
        lahir: NaiveDate,
        tmt: u32,
        tmt_min: u32,
        tmt_max: u32,
        perempuan: bool,
    ) -> Option<(String, u32)> {
        let g = if perempuan { 2 } else { 1 };
        let lahir = tanggal_angka(lahir);
        for geser in 0..=(tmt_max.saturating_sub(tmt_min) * 2 + 1) {
            // 0, +1, -1, +2, -2, …
            let delta = (geser as i64 + 1) / 2 * if geser % 2 == 1 { 1 } else { -1 };
            let t = tmt as i64 + delta;
            if t < tmt_min as i64 || t > tmt_max as i64 {
                continue;
            }
            let t = t as u32;
            let (tahun, bulan) = (u64::from(t / 12), u64::from(t % 12 + 1));
            let prefiks = (lahir * 1_000_000 + tahun * 100 + bulan) * 10 + g;
            if let Some(seq) = self.ambil(prefiks, 999) {
                return Some((format!("{prefiks:015}{seq:03}"), t));
            }
        }
        None
    }

    /// An NI PPPK: birth date, year of first appointment, `2`, contract count (1–9), sex
    /// digit, sequence 001–999. Tries the other allowed years when one is full.
    pub fn ni_pppk(
        &mut self,
        lahir: NaiveDate,
        tahun: u32,
        tahun_min: u32,
        tahun_max: u32,
        kontrak: u8,
        perempuan: bool,
    ) -> Option<(String, u32)> {
        let g = if perempuan { 2 } else { 1 };
        let lahir = tanggal_angka(lahir);
        let mut tahun_coba: Vec<u32> = (tahun_min..=tahun_max).collect();
        tahun_coba.sort_by_key(|t| t.abs_diff(tahun));
        for t in tahun_coba {
            for k in (kontrak..=9).chain(1..kontrak) {
                let prefiks =
                    ((lahir * 10_000 + u64::from(t)) * 10 + 2) * 100 + u64::from(k) * 10 + g;
                if let Some(seq) = self.ambil(prefiks, 999) {
                    return Some((format!("{prefiks:015}{seq:03}"), t));
                }
            }
        }
        None
    }

    /// A NIK registered in Kota Pangkalpinang: `1971`, kecamatan `01`–`07`, `DDMMYY`
    /// (DD + 40 for women), sequence 0001–9999. Tries the other kecamatan when one is full.
    pub fn nik(&mut self, lahir: NaiveDate, kecamatan: u8, perempuan: bool) -> Option<String> {
        let dd = u64::from(lahir.day()) + if perempuan { 40 } else { 0 };
        let ddmmyy = dd * 10_000 + u64::from(lahir.month()) * 100 + (lahir.year() as u64 % 100);
        for i in 0..7u8 {
            let cc = (kecamatan - 1 + i) % 7 + 1;
            let prefiks = (197_100 + u64::from(cc)) * 1_000_000 + ddmmyy;
            if let Some(seq) = self.ambil(prefiks, 9999) {
                return Some(format!("{prefiks:012}{seq:04}"));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tgl(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn nip_layout() {
        let mut r = Register::default();
        let tmt = 2015 * 12 + 4; // May 2015
        let (nip, t) = r
            .nip(tgl(1986, 9, 26), tmt, tmt - 24, tmt + 24, false)
            .unwrap_or_default();
        assert_eq!(nip, "198609262015051001");
        assert_eq!(t, tmt);
        let (nip2, _) = r
            .nip(tgl(1986, 9, 26), tmt, tmt - 24, tmt + 24, false)
            .unwrap_or_default();
        assert_eq!(nip2, "198609262015051002");
    }

    #[test]
    fn nip_moves_to_another_month_when_a_prefix_is_full() {
        let mut r = Register::default();
        let tmt = 2010 * 12;
        let mut bulan = std::collections::HashSet::new();
        for _ in 0..2500 {
            let (nip, _) = r
                .nip(tgl(1980, 1, 1), tmt, tmt - 3, tmt + 3, true)
                .unwrap_or_default();
            assert_eq!(nip.len(), 18);
            assert_ne!(&nip[15..], "000");
            bulan.insert(nip[8..14].to_string());
        }
        assert_eq!(bulan.len(), 3);
        // 7 months × 999 numbers, then nothing is left.
        for _ in 2500..7 * 999 {
            assert!(
                r.nip(tgl(1980, 1, 1), tmt, tmt - 3, tmt + 3, true)
                    .is_some()
            );
        }
        assert!(
            r.nip(tgl(1980, 1, 1), tmt, tmt - 3, tmt + 3, true)
                .is_none()
        );
    }

    #[test]
    fn ni_pppk_layout() {
        let mut r = Register::default();
        let (ni, t) = r
            .ni_pppk(tgl(2000, 12, 31), 2024, 2019, 2025, 1, false)
            .unwrap_or_default();
        assert_eq!(ni, "200012312024211001");
        assert_eq!(t, 2024);
    }

    #[test]
    fn nik_layout_women_add_forty() {
        let mut r = Register::default();
        assert_eq!(
            r.nik(tgl(1990, 3, 5), 4, true).as_deref(),
            Some("1971044503900001")
        );
        assert_eq!(
            r.nik(tgl(1990, 3, 5), 4, false).as_deref(),
            Some("1971040503900001")
        );
        assert_eq!(
            r.nik(tgl(2001, 12, 31), 7, true).as_deref(),
            Some("1971077112010001")
        );
    }
}
