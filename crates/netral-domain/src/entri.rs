//! The canonical leaf record of the transparency log ("entri log").
//!
//! Every signature, witness statement, revocation, report receipt, case event and sanction
//! is attested by one entry appended to the instansi's log. The entry is a small,
//! versioned, strictly parsed binary record; its RFC 6962 leaf hash (`SHA-256(0x00 ‖
//! bytes)`) is what the log commits to and what a QR code or a proof bundle names.
//!
//! **No personal data in the log:** a person appears only as a *salted commitment*
//! (`SHA-256(salt ‖ NIP)`, computed by the application with a per-log secret salt that
//! never enters the log), so the public can check a document they hold without being able
//! to enumerate staff.
//!
//! Byte layout, version 1 (all integers big-endian; see `LEDGER.md`):
//!
//! | field | bytes |
//! |---|---|
//! | version | `u8` = `0x01` |
//! | kind | `u8` ([`JenisEntri`] code) |
//! | instansi kode | `u8` length (1..=13) ‖ ASCII digits and dots |
//! | ids | `u8` count (0..=8), each: tag `0x01` ‖ `u64`, or tag `0x02` ‖ `u8` length (1..=64) ‖ UTF-8 |
//! | time | `u64` milliseconds since the Unix epoch |
//! | content hash | 32 bytes |
//! | commitment | `0x00` (none), or `0x01` ‖ 32 bytes |
//!
//! Nothing may follow the commitment. Decoding rejects every other byte string, so one
//! record has exactly one encoding and [`Entri::decode`]`(`[`Entri::encode`]`(e)) == e`.

use std::fmt;

/// The only version this code writes and reads.
pub const VERSI_ENTRI: u8 = 1;
/// Longest instansi kode (`NN.NN.NN.NNNN`).
pub const MAKS_KODE: usize = 13;
/// Most ids in one entry.
pub const MAKS_PENGENAL: usize = 8;
/// Longest text id, in bytes.
pub const MAKS_TEKS_PENGENAL: usize = 64;
/// Largest encoded entry (well below the 65,535-byte entry-bundle limit).
pub const MAKS_ENTRI: usize =
    2 + 1 + MAKS_KODE + 1 + MAKS_PENGENAL * (2 + MAKS_TEKS_PENGENAL) + 8 + 32 + 33;

/// What an entry attests. The byte codes are stable and never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JenisEntri {
    /// A signed neutrality pact.
    TandaTangan,
    /// A witness ("saksi") statement about another entry.
    PernyataanSaksi,
    /// A revocation of an earlier entry.
    Pencabutan,
    /// The receipt of a public report.
    TandaTerimaLaporan,
    /// A step in the handling of a case.
    PeristiwaKasus,
    /// A sanction decision.
    Sanksi,
}

impl JenisEntri {
    /// Every kind, in code order.
    pub const SEMUA: [JenisEntri; 6] = [
        JenisEntri::TandaTangan,
        JenisEntri::PernyataanSaksi,
        JenisEntri::Pencabutan,
        JenisEntri::TandaTerimaLaporan,
        JenisEntri::PeristiwaKasus,
        JenisEntri::Sanksi,
    ];

    /// The stable byte code.
    pub fn kode(self) -> u8 {
        match self {
            JenisEntri::TandaTangan => 0x01,
            JenisEntri::PernyataanSaksi => 0x02,
            JenisEntri::Pencabutan => 0x03,
            JenisEntri::TandaTerimaLaporan => 0x04,
            JenisEntri::PeristiwaKasus => 0x05,
            JenisEntri::Sanksi => 0x06,
        }
    }

    /// The kind of a byte code.
    pub fn dari_kode(b: u8) -> Option<JenisEntri> {
        JenisEntri::SEMUA.into_iter().find(|j| j.kode() == b)
    }

    /// A short lowercase name (`tanda_tangan`, …) for reports.
    pub fn nama(self) -> &'static str {
        match self {
            JenisEntri::TandaTangan => "tanda_tangan",
            JenisEntri::PernyataanSaksi => "pernyataan_saksi",
            JenisEntri::Pencabutan => "pencabutan",
            JenisEntri::TandaTerimaLaporan => "tanda_terima_laporan",
            JenisEntri::PeristiwaKasus => "peristiwa_kasus",
            JenisEntri::Sanksi => "sanksi",
        }
    }
}

impl fmt::Display for JenisEntri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.nama())
    }
}

/// One id carried by an entry (campaign, template, record …): a number or a short text.
/// The kind defines what each position means.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Pengenal {
    Angka(u64),
    Teks(String),
}

/// A log entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Entri {
    pub jenis: JenisEntri,
    /// Kode wilayah of the instansi whose log this is, e.g. `19.71`.
    pub instansi: String,
    pub pengenal: Vec<Pengenal>,
    /// Milliseconds since the Unix epoch (passed in; this crate never reads the clock).
    pub waktu_ms: u64,
    /// SHA-256 of the attested content (PDF, statement, report text …).
    pub hash_isi: [u8; 32],
    /// Salted commitment to the person concerned, if any (never the identifier itself).
    pub komitmen: Option<[u8; 32]>,
}

/// Why bytes are not a valid entry, or an entry cannot be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GalatEntri {
    #[error("entri terpotong")]
    Terpotong,
    #[error("versi entri {0} tidak dikenal")]
    Versi(u8),
    #[error("jenis entri {0:#04x} tidak dikenal")]
    Jenis(u8),
    #[error("kode instansi dalam entri tidak valid")]
    Kode,
    #[error("pengenal dalam entri tidak valid")]
    Pengenal,
    #[error("penanda komitmen {0:#04x} tidak valid")]
    Komitmen(u8),
    #[error("ada {0} bita berlebih setelah entri")]
    Berlebih(usize),
}

fn kode_valid(k: &str) -> bool {
    (1..=MAKS_KODE).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

impl Entri {
    /// The canonical bytes. Fails only on values outside the limits above.
    pub fn encode(&self) -> Result<Vec<u8>, GalatEntri> {
        if !kode_valid(&self.instansi) {
            return Err(GalatEntri::Kode);
        }
        if self.pengenal.len() > MAKS_PENGENAL {
            return Err(GalatEntri::Pengenal);
        }
        let mut out = Vec::with_capacity(96);
        out.push(VERSI_ENTRI);
        out.push(self.jenis.kode());
        out.push(self.instansi.len() as u8);
        out.extend_from_slice(self.instansi.as_bytes());
        out.push(self.pengenal.len() as u8);
        for p in &self.pengenal {
            match p {
                Pengenal::Angka(n) => {
                    out.push(0x01);
                    out.extend_from_slice(&n.to_be_bytes());
                }
                Pengenal::Teks(s) => {
                    if s.is_empty() || s.len() > MAKS_TEKS_PENGENAL {
                        return Err(GalatEntri::Pengenal);
                    }
                    out.push(0x02);
                    out.push(s.len() as u8);
                    out.extend_from_slice(s.as_bytes());
                }
            }
        }
        out.extend_from_slice(&self.waktu_ms.to_be_bytes());
        out.extend_from_slice(&self.hash_isi);
        match &self.komitmen {
            None => out.push(0x00),
            Some(k) => {
                out.push(0x01);
                out.extend_from_slice(k);
            }
        }
        Ok(out)
    }

    /// Strictly parses canonical bytes (see the module documentation).
    pub fn decode(bytes: &[u8]) -> Result<Entri, GalatEntri> {
        let mut b = Pembaca(bytes);
        let versi = b.u8()?;
        if versi != VERSI_ENTRI {
            return Err(GalatEntri::Versi(versi));
        }
        let jenis = b.u8()?;
        let jenis = JenisEntri::dari_kode(jenis).ok_or(GalatEntri::Jenis(jenis))?;
        let n = usize::from(b.u8()?);
        let instansi = std::str::from_utf8(b.ambil(n)?)
            .ok()
            .filter(|k| kode_valid(k))
            .ok_or(GalatEntri::Kode)?
            .to_string();
        let jumlah = usize::from(b.u8()?);
        if jumlah > MAKS_PENGENAL {
            return Err(GalatEntri::Pengenal);
        }
        let mut pengenal = Vec::with_capacity(jumlah);
        for _ in 0..jumlah {
            match b.u8()? {
                0x01 => pengenal.push(Pengenal::Angka(b.u64()?)),
                0x02 => {
                    let n = usize::from(b.u8()?);
                    if n == 0 || n > MAKS_TEKS_PENGENAL {
                        return Err(GalatEntri::Pengenal);
                    }
                    let s = std::str::from_utf8(b.ambil(n)?).map_err(|_| GalatEntri::Pengenal)?;
                    pengenal.push(Pengenal::Teks(s.to_string()));
                }
                _ => return Err(GalatEntri::Pengenal),
            }
        }
        let waktu_ms = b.u64()?;
        let hash_isi = b.hash()?;
        let komitmen = match b.u8()? {
            0x00 => None,
            0x01 => Some(b.hash()?),
            x => return Err(GalatEntri::Komitmen(x)),
        };
        if !b.0.is_empty() {
            return Err(GalatEntri::Berlebih(b.0.len()));
        }
        Ok(Entri {
            jenis,
            instansi,
            pengenal,
            waktu_ms,
            hash_isi,
            komitmen,
        })
    }
}

struct Pembaca<'a>(&'a [u8]);

impl<'a> Pembaca<'a> {
    fn ambil(&mut self, n: usize) -> Result<&'a [u8], GalatEntri> {
        if self.0.len() < n {
            return Err(GalatEntri::Terpotong);
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, GalatEntri> {
        Ok(self.ambil(1)?[0])
    }
    fn u64(&mut self) -> Result<u64, GalatEntri> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.ambil(8)?);
        Ok(u64::from_be_bytes(a))
    }
    fn hash(&mut self) -> Result<[u8; 32], GalatEntri> {
        let mut a = [0u8; 32];
        a.copy_from_slice(self.ambil(32)?);
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn contoh() -> Entri {
        Entri {
            jenis: JenisEntri::TandaTangan,
            instansi: "19.71".into(),
            pengenal: vec![Pengenal::Angka(7), Pengenal::Teks("pakta-2029".into())],
            waktu_ms: 1_750_000_000_123,
            hash_isi: [0xab; 32],
            komitmen: Some([0x11; 32]),
        }
    }

    #[test]
    fn known_bytes() {
        let b = contoh().encode().unwrap();
        let mut want = vec![0x01, 0x01, 5];
        want.extend_from_slice(b"19.71");
        want.extend_from_slice(&[2, 0x01, 0, 0, 0, 0, 0, 0, 0, 7, 0x02, 10]);
        want.extend_from_slice(b"pakta-2029");
        want.extend_from_slice(&1_750_000_000_123u64.to_be_bytes());
        want.extend_from_slice(&[0xab; 32]);
        want.push(0x01);
        want.extend_from_slice(&[0x11; 32]);
        assert_eq!(b, want);
        assert_eq!(Entri::decode(&b).unwrap(), contoh());
    }

    #[test]
    fn stable_kind_codes() {
        for (j, k) in JenisEntri::SEMUA.iter().zip(1u8..) {
            assert_eq!(j.kode(), k);
            assert_eq!(JenisEntri::dari_kode(k), Some(*j));
        }
        assert_eq!(JenisEntri::dari_kode(0), None);
        assert_eq!(JenisEntri::dari_kode(7), None);
    }

    #[test]
    fn rejects_non_canonical() {
        let b = contoh().encode().unwrap();
        let mut x = b.clone();
        x.push(0);
        assert_eq!(Entri::decode(&x), Err(GalatEntri::Berlebih(1)));
        for n in 0..b.len() {
            assert!(Entri::decode(&b[..n]).is_err(), "prefix {n}");
        }
        let mut x = b.clone();
        x[0] = 2;
        assert_eq!(Entri::decode(&x), Err(GalatEntri::Versi(2)));
        let mut x = b.clone();
        x[1] = 9;
        assert_eq!(Entri::decode(&x), Err(GalatEntri::Jenis(9)));
        let mut x = b.clone();
        x[3] = b'a';
        assert_eq!(Entri::decode(&x), Err(GalatEntri::Kode));
        let mut x = b.clone();
        let last = b.len() - 33;
        x[last] = 2;
        assert_eq!(Entri::decode(&x), Err(GalatEntri::Komitmen(2)));
        let mut e = contoh();
        e.pengenal = vec![Pengenal::Teks(String::new())];
        assert!(e.encode().is_err());
        e.pengenal = vec![Pengenal::Angka(1); MAKS_PENGENAL + 1];
        assert!(e.encode().is_err());
        e.pengenal.clear();
        e.instansi = "19 71".into();
        assert!(e.encode().is_err());
    }

    fn pengenal() -> impl Strategy<Value = Pengenal> {
        prop_oneof![
            any::<u64>().prop_map(Pengenal::Angka),
            "[a-zA-Z0-9éü -]{1,20}".prop_map(Pengenal::Teks),
        ]
    }

    prop_compose! {
        fn entri()(
            j in 0usize..6,
            instansi in "[0-9]{2}(\\.[0-9]{2}){0,2}",
            pengenal in proptest::collection::vec(pengenal(), 0..=MAKS_PENGENAL),
            waktu_ms in any::<u64>(),
            hash_isi in any::<[u8; 32]>(),
            komitmen in proptest::option::of(any::<[u8; 32]>()),
        ) -> Entri {
            Entri { jenis: JenisEntri::SEMUA[j], instansi, pengenal, waktu_ms, hash_isi, komitmen }
        }
    }

    proptest! {
        #[test]
        fn round_trip(e in entri()) {
            let b = e.encode().unwrap();
            prop_assert!(b.len() <= MAKS_ENTRI);
            prop_assert_eq!(Entri::decode(&b).unwrap(), e);
        }

        #[test]
        fn decode_never_panics_and_is_canonical(b in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(e) = Entri::decode(&b) {
                prop_assert_eq!(e.encode().unwrap(), b);
            }
        }
    }
}
