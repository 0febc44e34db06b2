//! Port types of signing (issue #4 §3–5): signatures with their log leaf, witness
//! statements, revocations, evidence files, ikrar attendance, one-time codes, personal
//! links and the notification outbox.
//!
//! Storage keeps, all keyed `(instansi_id, …)`:
//!
//! - `tanda_tangan`: one row per signature with its canonical record
//!   ([`netral_domain::pakta::RekamanTandaTangan`] bytes), leaf hash and index, the
//!   revocation (reason, who, when, its own leaf) when revoked, and an optional client
//!   idempotency key (unique per instansi). A partial unique index allows **one active
//!   signature per employee per template version**;
//! - `tanda_tangan_mewakili`: the explicit roster of a PERWAKILAN signature;
//! - `pernyataan_saksi`: witness statements with their leaf;
//! - `berkas`: evidence files (paper scans, mandates), content-addressed by SHA-256;
//! - `acara_ikrar` and `kehadiran_ikrar` (one row per event and employee);
//! - `otp` (hashed one-time codes with an attempt counter), `tautan_ttd` (hashed personal
//!   link tokens) and `notifikasi` (the outbox, leased by the sender with retries).
//!
//! Every write that records a signature, statement or revocation appends its log leaf **in
//! the same transaction**; if either fails, neither is written.

use chrono::{DateTime, NaiveDate, Utc};

pub use netral_domain::pakta::{
    AcaraIkrar, AcaraIkrarId, HashSha256, JenisAcaraIkrar, KehadiranIkrar, MetodeTandaTangan,
    Pembatalan, PernyataanSaksi, TandaTanganBaru, TandaTanganId, TandaTanganPakta, TemplateId,
};

use crate::log::{DaunBaru, Hash32};
use crate::{InstansiId, PegawaiId, UnitId};

/// An evidence file kept with a signature (paper scan, mandate letter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Berkas {
    /// SHA-256 of `isi`; the adapter checks it.
    pub hash: HashSha256,
    pub mime: String,
    /// Original file name, for display.
    pub nama: String,
    pub isi: Vec<u8>,
}

/// One signature to record, prepared by the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TandaTanganMasuk {
    pub data: TandaTanganBaru,
    /// Canonical record bytes (`NETRAL-TTD/1` JSON) whose hash the leaf's entry carries.
    pub rekaman: Vec<u8>,
    /// The leaf to append in the same transaction.
    pub daun: DaunBaru,
    /// A client's request id (kiosk queue, retried form): a repeat with the same key returns
    /// the stored signature instead of signing twice. Unique per instansi.
    pub kunci_idempoten: Option<String>,
    /// Evidence file (`data.bukti_hash` must be its hash) or mandate, stored content-addressed.
    pub berkas: Vec<Berkas>,
}

/// A stored signature with what storage adds to the domain record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TandaTanganTersimpan {
    pub instansi_id: InstansiId,
    /// `hash_daun` is always set for a stored signature.
    pub ttd: TandaTanganPakta,
    pub rekaman: Vec<u8>,
    pub indeks_daun: u64,
    /// The revocation's leaf, when revoked.
    pub hash_daun_batal: Option<Hash32>,
    pub indeks_daun_batal: Option<u64>,
    pub kunci_idempoten: Option<String>,
}

/// Why one signature of a batch was not recorded (the others are unaffected).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TolakTtd {
    #[error("pegawai sudah memiliki tanda tangan aktif untuk versi pakta ini")]
    SudahAda(TandaTanganId),
    #[error("pegawai tidak ditemukan di instansi ini")]
    PegawaiTidakDikenal(PegawaiId),
    #[error("pegawai tidak berstatus aktif")]
    PegawaiTidakAktif(PegawaiId),
    #[error("templat pakta tidak ditemukan atau belum disahkan")]
    TemplatTidakSah,
    #[error("hash berkas bukti tidak cocok dengan isinya")]
    BerkasTidakCocok,
    #[error("{0}")]
    Lain(String),
}

/// The outcome of one item of [`crate::Store::simpan_tanda_tangan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HasilTtd {
    /// Recorded now.
    Baru(Box<TandaTanganTersimpan>),
    /// The idempotency key was seen before: the stored signature, nothing written.
    Ulang(Box<TandaTanganTersimpan>),
    Ditolak(TolakTtd),
}

/// Which signatures to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterTtd {
    pub template_id: Option<TemplateId>,
    pub template_versi: Option<u32>,
    /// Signer's unit or any unit under it.
    pub unit: Option<UnitId>,
    pub metode: Option<MetodeTandaTangan>,
    /// `Some(true)`: only active; `Some(false)`: only revoked.
    pub aktif: Option<bool>,
    pub pegawai: Option<PegawaiId>,
}

/// A change to who holds an active signature on one template version, in log order. The
/// progress cache applies these after its watermark instead of re-reading everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerubahanTtd {
    pub pegawai_id: PegawaiId,
    pub tanda_tangan_id: TandaTanganId,
    pub metode: MetodeTandaTangan,
    /// `true` for a signature, `false` for its revocation.
    pub aktif: bool,
    /// Leaf index of the signature or of the revocation (the watermark).
    pub indeks_daun: u64,
    pub waktu: DateTime<Utc>,
}

/// A stored witness statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PernyataanSaksiTersimpan {
    pub id: i64,
    pub instansi_id: InstansiId,
    pub pernyataan: PernyataanSaksi,
    pub hash_daun: Hash32,
    pub indeks_daun: u64,
}

/// An ikrar/deklarasi event to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcaraIkrarBaru {
    pub instansi_id: InstansiId,
    pub pemilihan_id: Option<crate::pakta::PemilihanId>,
    pub jenis: JenisAcaraIkrar,
    pub nama: String,
    pub tanggal: NaiveDate,
    pub lokasi: Option<String>,
    pub hash_teks: Option<HashSha256>,
}

/// A one-time code for signing, hashed by the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtpBaru {
    pub instansi_id: InstansiId,
    pub pegawai_id: PegawaiId,
    /// SHA-256 hex of the code keyed with the instansi's secret salt and the employee id
    /// (computed by the application; storage compares hashes only).
    pub kode_hash: String,
    pub dibuat: DateTime<Utc>,
    pub kedaluwarsa: DateTime<Utc>,
    /// Wrong attempts allowed before the code is dead.
    pub maks_coba: u32,
}

/// The result of checking a one-time code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HasilOtp {
    /// Matched: the code is consumed and can never be used again.
    Cocok,
    /// Wrong: attempts left on the newest live code.
    Salah { sisa: u32 },
    /// No live code (none sent, expired, used or out of attempts).
    TidakAda,
}

/// A personal signing link, token hashed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TautanTtd {
    pub token_hash: String,
    pub instansi_id: InstansiId,
    pub pegawai_id: PegawaiId,
    pub kampanye_id: crate::pakta::KampanyeId,
    pub dibuat: DateTime<Utc>,
    pub kedaluwarsa: DateTime<Utc>,
}

/// A message to send through a notifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifikasiBaru {
    pub instansi_id: InstansiId,
    pub pegawai_id: Option<PegawaiId>,
    /// Notifier channel: `email`, `sms`, `whatsapp`, `log`.
    pub saluran: String,
    /// Address (e-mail, phone number) as given to the notifier.
    pub tujuan: String,
    pub subjek: String,
    pub isi: String,
    pub dibuat: DateTime<Utc>,
    /// Earliest send time.
    pub kirim_setelah: DateTime<Utc>,
}

/// Status of an outbox message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusNotifikasi {
    Antre,
    Terkirim,
    /// Gave up after the last retry.
    Gagal,
}

impl StatusNotifikasi {
    /// The stored code.
    pub fn kode(self) -> &'static str {
        match self {
            StatusNotifikasi::Antre => "ANTRE",
            StatusNotifikasi::Terkirim => "TERKIRIM",
            StatusNotifikasi::Gagal => "GAGAL",
        }
    }

    /// Parses a stored code.
    pub fn dari_kode(s: &str) -> Result<Self, String> {
        [
            StatusNotifikasi::Antre,
            StatusNotifikasi::Terkirim,
            StatusNotifikasi::Gagal,
        ]
        .into_iter()
        .find(|x| x.kode() == s)
        .ok_or_else(|| format!("status notifikasi tidak dikenal: {s:?}"))
    }
}

/// A stored outbox message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notifikasi {
    pub id: i64,
    pub baru: NotifikasiBaru,
    pub status: StatusNotifikasi,
    pub percobaan: u32,
    pub galat_terakhir: Option<String>,
    pub terkirim: Option<DateTime<Utc>>,
}

/// What the sender reports for one leased message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HasilKirim {
    Terkirim,
    /// Failed; `coba_lagi` is the next attempt time, `None` to give up.
    Gagal {
        galat: String,
        coba_lagi: Option<DateTime<Utc>>,
    },
}

/// Audit action names of this part.
pub mod aksi {
    pub const TANDA_TANGAN: &str = "TANDA_TANGAN";
    pub const BATALKAN_TANDA_TANGAN: &str = "BATALKAN_TANDA_TANGAN";
    pub const PERNYATAAN_SAKSI: &str = "PERNYATAAN_SAKSI";
    pub const TAMBAH_ACARA_IKRAR: &str = "TAMBAH_ACARA_IKRAR";
    pub const KEHADIRAN_IKRAR: &str = "KEHADIRAN_IKRAR";
}

/// The 32-byte leaf hash as the domain's hex digest (what [`TandaTanganPakta::hash_daun`]
/// and [`PernyataanSaksi::hash_daun`] carry).
pub fn hash_hex(h: &Hash32) -> HashSha256 {
    use std::fmt::Write;
    let mut s = String::with_capacity(64);
    for b in h {
        let _ = write!(s, "{b:02x}");
    }
    // 64 lower-case hex digits always parse.
    HashSha256::parse(&s).unwrap_or_else(|_| HashSha256::dari_bytes(&[]))
}

/// The bytes of a hex digest (64 hex digits, as [`HashSha256`] guarantees).
pub fn hash_bytes(h: &HashSha256) -> Option<Hash32> {
    let s = h.as_str().as_bytes();
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        let hi = (s.get(2 * i)?).to_ascii_lowercase();
        let lo = (s.get(2 * i + 1)?).to_ascii_lowercase();
        let nib = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        *o = (nib(hi)? << 4) | nib(lo)?;
    }
    Some(out)
}

/// What an adapter looked up about one batch item before deciding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaktaTtd {
    /// The signer's status, `None` when the employee is not this instansi's.
    pub status_pegawai: Option<crate::StatusPegawai>,
    /// A roster member (PERWAKILAN) that is not this instansi's employee.
    pub mewakili_asing: Option<PegawaiId>,
    /// The template exists, is approved and has the item's version and `hash_isi`.
    pub templat_sah: bool,
    /// The signer's active signature on that template version, if any.
    pub aktif: Option<TandaTanganId>,
    /// The leaf hash is already in the log (a signature's leaf is never reused).
    pub daun_ada: bool,
}

/// The rules of [`crate::Store::simpan_tanda_tangan`] for one item, in the documented order
/// (the idempotency key is handled before, as it returns the stored signature). Both
/// adapters decide with this so they refuse the same items for the same reasons.
pub fn periksa_masuk(m: &TandaTanganMasuk, f: &FaktaTtd) -> Result<(), TolakTtd> {
    match f.status_pegawai {
        None => return Err(TolakTtd::PegawaiTidakDikenal(m.data.pegawai_id)),
        Some(crate::StatusPegawai::Aktif) => {}
        Some(_) => return Err(TolakTtd::PegawaiTidakAktif(m.data.pegawai_id)),
    }
    if let Some(p) = f.mewakili_asing {
        return Err(TolakTtd::PegawaiTidakDikenal(p));
    }
    if !f.templat_sah {
        return Err(TolakTtd::TemplatTidakSah);
    }
    if let Some(id) = f.aktif {
        return Err(TolakTtd::SudahAda(id));
    }
    if m.berkas
        .iter()
        .any(|b| HashSha256::dari_bytes(&b.isi) != b.hash)
    {
        return Err(TolakTtd::BerkasTidakCocok);
    }
    if f.daun_ada {
        return Err(TolakTtd::Lain(
            "daun log tanda tangan ini sudah tercatat sebelumnya".into(),
        ));
    }
    Ok(())
}

/// Whether a stored template accepts signatures for `data` (approved, same version and
/// text hash).
pub fn templat_menerima(t: &netral_domain::pakta::PaktaTemplate, data: &TandaTanganBaru) -> bool {
    t.sudah_disahkan() && t.versi == data.template_versi && t.hash_isi == data.hash_isi
}

/// Each unit's ancestors including itself, from `(unit, parent)` pairs (cycles and
/// missing parents stop the walk).
pub fn leluhur_unit(
    units: &[(UnitId, Option<UnitId>)],
) -> std::collections::HashMap<UnitId, Vec<UnitId>> {
    let induk: std::collections::HashMap<UnitId, Option<UnitId>> = units.iter().copied().collect();
    let mut out = std::collections::HashMap::with_capacity(units.len());
    for (u, _) in units {
        let mut jalur = vec![*u];
        let mut cur = induk.get(u).copied().flatten();
        while let Some(c) = cur {
            if jalur.contains(&c) || jalur.len() > 64 {
                break;
            }
            jalur.push(c);
            cur = induk.get(&c).copied().flatten();
        }
        out.insert(*u, jalur);
    }
    out
}

/// Builds a roster entry from the columns both adapters read.
pub fn ringkas_roster(
    id: PegawaiId,
    jenis: crate::JenisPegawai,
    status: crate::StatusPegawai,
    jabatan_jenis: Option<crate::JenisJabatan>,
    eselon: Option<crate::Eselon>,
    unit_id: Option<UnitId>,
    leluhur: &std::collections::HashMap<UnitId, Vec<UnitId>>,
) -> netral_domain::pakta::PegawaiRingkas {
    netral_domain::pakta::PegawaiRingkas {
        id,
        jenis,
        status,
        jabatan_jenis,
        eselon,
        unit_id,
        unit_leluhur: unit_id
            .map(|u| leluhur.get(&u).cloned().unwrap_or_else(|| vec![u]))
            .unwrap_or_default(),
    }
}

/// Parses repeated stored codes once each: the domain's `parse` normalises every label and
/// alias, too slow to run for each of 100,000 roster rows.
#[derive(Debug)]
pub struct MemoKode<T>(std::collections::HashMap<String, T>);

impl<T> Default for MemoKode<T> {
    fn default() -> Self {
        MemoKode(std::collections::HashMap::new())
    }
}

impl<T: Copy> MemoKode<T> {
    pub fn parse<E>(&mut self, s: &str, parse: impl Fn(&str) -> Result<T, E>) -> Result<T, E> {
        if let Some(v) = self.0.get(s) {
            return Ok(*v);
        }
        let v = parse(s)?;
        self.0.insert(s.to_string(), v);
        Ok(v)
    }
}

/// Where the pact text sits in a canonical signature record (`NETRAL-TTD/1`): the byte
/// range of the value of its top-level `"templat"` key. Every signature of one template
/// version repeats those bytes exactly, so an adapter may keep them once per template and
/// splice them back on read with [`sambung_rekaman`]. `None` when the bytes do not have
/// that shape: the record is then stored whole.
///
/// In canonical JSON a quote inside a string is escaped, so the bytes `"templat":` occur only
/// as a key; the keys before it in the record hold strings, so the first one is top-level.
pub fn rentang_templat(rekaman: &[u8]) -> Option<std::ops::Range<usize>> {
    const KUNCI: &[u8] = b"\"templat\":";
    let awal = rekaman.windows(KUNCI.len()).position(|w| w == KUNCI)? + KUNCI.len();
    if rekaman.get(awal) != Some(&b'{') {
        return None;
    }
    let (mut dalam, mut teks, mut lolos) = (0usize, false, false);
    for (i, &b) in rekaman.iter().enumerate().skip(awal) {
        if teks {
            match b {
                _ if lolos => lolos = false,
                b'\\' => lolos = true,
                b'"' => teks = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => teks = true,
            b'{' | b'[' => dalam += 1,
            b'}' | b']' => {
                dalam = dalam.checked_sub(1)?;
                if dalam == 0 {
                    return Some(awal..i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// A signature record cut for storage by [`potong_rekaman`]: the pact text, its SHA-256
/// (the key it is kept under, once per template), and the rest of the record with the byte
/// offset the text goes back at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RekamanTerpotong<'a> {
    pub teks: &'a [u8],
    pub hash: [u8; 32],
    pub sisa: Vec<u8>,
    pub sisip: usize,
}

/// Cuts the pact text ([`rentang_templat`]) out of a record; `None` when the record does
/// not have that shape and is stored whole.
pub fn potong_rekaman(rekaman: &[u8]) -> Option<RekamanTerpotong<'_>> {
    use sha2::{Digest, Sha256};
    let g = rentang_templat(rekaman)?;
    let teks = &rekaman[g.clone()];
    let mut sisa = Vec::with_capacity(rekaman.len() - teks.len());
    sisa.extend_from_slice(&rekaman[..g.start]);
    sisa.extend_from_slice(&rekaman[g.end..]);
    Some(RekamanTerpotong {
        teks,
        hash: Sha256::digest(teks).into(),
        sisa,
        sisip: g.start,
    })
}

/// A stored record whole again from its row: the stored bytes, and the offset and pact
/// text when it was cut ([`potong_rekaman`]). The error says what is wrong with the row.
pub fn rekaman_utuh(
    tersimpan: Vec<u8>,
    sisip: Option<i64>,
    teks: Option<&[u8]>,
) -> Result<Vec<u8>, &'static str> {
    match (sisip, teks) {
        (None, _) => Ok(tersimpan),
        (Some(s), Some(t)) => usize::try_from(s)
            .ok()
            .and_then(|s| sambung_rekaman(&tersimpan, s, t))
            .ok_or("rekaman tanda tangan rusak"),
        (Some(_), None) => Err("teks pakta rekaman tanda tangan tidak ditemukan"),
    }
}

/// The record again from what [`rentang_templat`] cut out: `templat` inserted at byte
/// `sisip` of the rest. `None` if `sisip` is past the end. Byte-exact whatever range was
/// cut: the range only decides how much is shared.
pub fn sambung_rekaman(sisa: &[u8], sisip: usize, templat: &[u8]) -> Option<Vec<u8>> {
    let (depan, belakang) = (sisa.get(..sisip)?, sisa.get(sisip..)?);
    let mut out = Vec::with_capacity(sisa.len() + templat.len());
    out.extend_from_slice(depan);
    out.extend_from_slice(templat);
    out.extend_from_slice(belakang);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn potong(r: &[u8]) -> (Vec<u8>, usize, Vec<u8>) {
        let p = potong_rekaman(r).expect("templat");
        (p.sisa, p.sisip, p.teks.to_vec())
    }

    #[test]
    fn templat_dipotong_dan_disambung_utuh() {
        let r = br#"{"format":"NETRAL-TTD/1","pemda":"templat\":{","templat":{"judul":"A {b} \"c\" \\","butir":["x}]","y"],"n":null},"kampanye_id":3}"#;
        let (sisa, sisip, t) = potong(r);
        assert_eq!(
            t,
            br#"{"judul":"A {b} \"c\" \\","butir":["x}]","y"],"n":null}"#.to_vec()
        );
        assert_eq!(
            sisa,
            br#"{"format":"NETRAL-TTD/1","pemda":"templat\":{","templat":,"kampanye_id":3}"#
                .to_vec()
        );
        assert_eq!(sambung_rekaman(&sisa, sisip, &t).unwrap(), r.to_vec());
    }

    #[test]
    fn bentuk_lain_tidak_dipotong() {
        for r in [
            &br#"{"uji":"a"}"#[..],
            br#"{"templat":"bukan objek"}"#,
            br#"{"templat":{"tidak":"tertutup""#,
            b"",
        ] {
            assert_eq!(rentang_templat(r), None, "{}", String::from_utf8_lossy(r));
        }
        assert_eq!(sambung_rekaman(b"ab", 3, b"x"), None);
    }
}
