//! The second factor and the personal entry points: one-time codes, personal signing links
//! and the staff-card QR.
//!
//! - **One-time code.** 6 digits, valid 10 minutes, 5 wrong attempts kill it, stored as
//!   `SHA-256(log salt ‖ "NETRAL-OTP/1:" ‖ pegawai id ‖ ":" ‖ code)` (the per-instansi
//!   secret salt of [`crate::log`]), sent through the outbox to the employee's e-mail, else
//!   their phone by SMS. At most 1 code per employee per 60 s and 5 per hour; the limiter
//!   is in this process's memory (several servers each limit on their own).
//! - **Not revealing who is registered.** An unknown NIP, an inactive employee and one
//!   without any contact all get the same answer ([`PESAN_TIDAK_TERKIRIM`]): the code
//!   cannot be sent, ask BKPSDM. A successful send shows only the masked address.
//! - **Personal link.** 32 random bytes (URL-safe base64), stored hashed, valid until the
//!   campaign closes or 30 days; sent only to the employee (never returned to staff). The
//!   link identifies the person and the campaign; signing through it **still requires the
//!   one-time code** sent to their contact, so a forwarded link alone cannot sign.
//! - **Staff card.** `NETRAL-KARTU/1:<kode instansi>:<NIP>:<tag>`, tag = first 16 hex of
//!   HMAC-SHA256(per-instansi card key, NIP); the card key is derived from the log salt.
//!   Non-ASN have no card (their NIK is never printed).

use std::collections::HashMap;
use std::sync::Mutex;

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use hmac::{KeyInit, Mac};
use rand::{Rng, RngCore};
use serde::Serialize;

use netral_domain::akun::Izin;
use netral_domain::organisasi::{Instansi, InstansiId, PegawaiId, UnitId};
use netral_domain::pakta::{Kampanye, KampanyeId, PaktaTemplate};
use netral_domain::pegawai::{JenisIdentitas, StatusPegawai};
use netral_store::PegawaiDetail;
use netral_store::ttd::{HasilOtp, NotifikasiBaru, OtpBaru, TautanTtd};

use super::{internal, nama_cetak, nip_tampil};
use crate::progres::InfoTtd;
use crate::{App, AppError, AppResult, Pelaku, sha256_hex};

/// Minutes a code is valid.
pub const OTP_MENIT: i64 = 10;
/// Wrong attempts before a code dies.
pub const OTP_MAKS_COBA: u32 = 5;
/// Days a personal link is valid when the campaign has no closing time (or a later one).
pub const TAUTAN_HARI: i64 = 30;
/// The card payload prefix.
pub const AWALAN_KARTU: &str = "NETRAL-KARTU/1";

/// Same answer for an unknown NIP, an inactive employee and one without contact.
pub const PESAN_TIDAK_TERKIRIM: &str = "Kode tidak dapat dikirim: NIP tidak terdaftar, tidak \
     aktif, atau belum memiliki alamat e-mail/nomor HP. Silakan hubungi BKPSDM.";

/// Codes sent per employee, for the rate limit.
type WaktuKirim = HashMap<(InstansiId, PegawaiId), Vec<DateTime<Utc>>>;

#[derive(Default)]
pub(crate) struct PembatasOtp {
    kirim: Mutex<WaktuKirim>,
}

impl PembatasOtp {
    /// Records a send if allowed; otherwise the seconds to wait.
    fn izinkan(&self, kunci: (InstansiId, PegawaiId), now: DateTime<Utc>) -> Result<(), i64> {
        let Ok(mut peta) = self.kirim.lock() else {
            return Ok(());
        };
        let v = peta.entry(kunci).or_default();
        v.retain(|t| now - *t < Duration::hours(1));
        if let Some(t) = v.last()
            && now - *t < Duration::seconds(60)
        {
            return Err(60 - (now - *t).num_seconds());
        }
        if v.len() >= 5 {
            let tunggu = v.first().map_or(3600, |t| 3600 - (now - *t).num_seconds());
            return Err(tunggu.max(1));
        }
        v.push(now);
        if peta.len() > 200_000 {
            peta.retain(|_, v| v.last().is_some_and(|t| now - *t < Duration::hours(1)));
        }
        Ok(())
    }
}

/// What the employee sees after asking for a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OtpTerkirim {
    /// `email` or `sms`.
    pub saluran: String,
    /// The address, masked (`s***@contoh.go.id`, `0812****789`).
    pub tujuan_tersamar: String,
    pub berlaku_sampai: DateTime<Utc>,
}

/// Who should receive personal links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SasaranTautan {
    Pegawai(Vec<PegawaiId>),
    /// Everyone of the unit subtree who must sign in the campaign and has not.
    Unit(UnitId),
}

/// How many links were queued.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct HasilTautan {
    pub diantre: u64,
    /// Employees without e-mail or phone: no link could be sent.
    pub tanpa_kontak: u64,
    /// Not in the campaign's scope, inactive, or already signed.
    pub dilewati: u64,
}

/// What a personal link opens: the signer and the pact to read.
#[derive(Debug, Clone)]
pub struct KonteksPenanda {
    pub instansi: Instansi,
    pub pegawai_id: PegawaiId,
    pub nama: String,
    pub nip_tampil: Option<String>,
    pub jabatan: Option<String>,
    pub unit: Option<String>,
    pub kampanye: Kampanye,
    pub templat: PaktaTemplate,
    pub kedaluwarsa: DateTime<Utc>,
    /// Their active signature on this pact version, if already signed.
    pub sudah: Option<InfoTtd>,
}

fn samar_email(e: &str) -> String {
    match e.split_once('@') {
        Some((a, d)) => {
            let awal: String = a.chars().take(1).collect();
            format!("{awal}***@{d}")
        }
        None => "***".into(),
    }
}

fn samar_hp(h: &str) -> String {
    let c: Vec<char> = h.chars().collect();
    if c.len() <= 7 {
        return "****".into();
    }
    c.iter()
        .enumerate()
        .map(|(i, ch)| if i < 4 || i + 3 >= c.len() { *ch } else { '*' })
        .collect()
}

/// The contact a message goes to: e-mail if present, else phone by SMS.
fn kontak(p: &PegawaiDetail) -> Option<(&'static str, String)> {
    if let Some(e) = p
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| e.contains('@'))
    {
        return Some(("email", e.to_string()));
    }
    p.no_hp
        .as_deref()
        .map(str::trim)
        .filter(|h| h.chars().filter(char::is_ascii_digit).count() >= 8)
        .map(|h| ("sms", h.to_string()))
}

fn samar_tujuan(saluran: &str, tujuan: &str) -> String {
    if saluran == "email" {
        samar_email(tujuan)
    } else {
        samar_hp(tujuan)
    }
}

/// Parses a card payload into (kode instansi, identifier, tag).
pub fn parse_kartu(s: &str) -> Option<(&str, &str, &str)> {
    let rest = s.trim().strip_prefix(AWALAN_KARTU)?.strip_prefix(':')?;
    let mut it = rest.split(':');
    let (kode, nip, tag) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some()
        || nip.is_empty()
        || !nip.bytes().all(|b| b.is_ascii_digit())
        || tag.len() != 16
    {
        return None;
    }
    Some((kode, nip, tag))
}

impl App {
    /// The hash a code is stored under.
    async fn hash_otp(
        &self,
        instansi: &Instansi,
        pegawai: PegawaiId,
        kode: &str,
    ) -> AppResult<String> {
        let k = self.kunci_log(instansi).await?;
        Ok(hex::encode(
            k.komitmen(&format!("NETRAL-OTP/1:{}:{kode}", pegawai.0)),
        ))
    }

    /// HMAC-SHA256 of the identifier under the instansi's card key.
    async fn mac_kartu(
        &self,
        instansi: &Instansi,
        identitas: &str,
    ) -> AppResult<hmac::Hmac<sha2_hmac::Sha256>> {
        let k = self.kunci_log(instansi).await?;
        let kunci = k.komitmen("NETRAL-KARTU-KUNCI/1");
        let mut mac = hmac::Hmac::<sha2_hmac::Sha256>::new_from_slice(&kunci).map_err(internal)?;
        mac.update(identitas.as_bytes());
        Ok(mac)
    }

    /// The QR payload printed on an employee's staff card (permission `KelolaPakta` or
    /// `OperasiKiosk`). Non-ASN have no card.
    pub async fn kartu_pegawai(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        pegawai: PegawaiId,
    ) -> AppResult<String> {
        pelaku
            .wajib(Izin::KelolaPakta, instansi)
            .or_else(|_| pelaku.wajib(Izin::OperasiKiosk, instansi))?;
        let inst = self.instansi_ada(instansi).await?;
        let p = self
            .store
            .pegawai(instansi, pegawai)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("pegawai {pegawai}")))?;
        if p.ringkas.jenis.identitas_wajib() == JenisIdentitas::Nik {
            return Err(AppError::Masukan(
                "pegawai non-ASN tidak memiliki kartu QR; gunakan kode sekali pakai".into(),
            ));
        }
        let id = p.ringkas.identitas.clone();
        let tag = self.mac_kartu(&inst, &id).await?.finalize().into_bytes();
        Ok(format!(
            "{AWALAN_KARTU}:{}:{id}:{}",
            inst.kode.as_str(),
            &hex::encode(tag)[..16]
        ))
    }

    /// The identifier a card payload vouches for, if it is this instansi's and genuine.
    pub(crate) async fn periksa_kartu(&self, instansi: &Instansi, s: &str) -> AppResult<String> {
        let tidak = || AppError::Masukan("QR kartu pegawai tidak sah".into());
        let (kode, nip, tag) = parse_kartu(s).ok_or_else(tidak)?;
        if kode != instansi.kode.as_str() {
            return Err(tidak());
        }
        let tag = hex::decode(tag).map_err(|_| tidak())?;
        self.mac_kartu(instansi, nip)
            .await?
            .verify_truncated_left(&tag)
            .map_err(|_| tidak())?;
        Ok(nip.to_string())
    }

    /// The instansi, cached a few seconds ([`crate::cache`]).
    pub(crate) async fn instansi_ada(&self, id: InstansiId) -> AppResult<Instansi> {
        self.instansi_cache(id).await
    }

    /// Generates, stores and queues a code for an employee already identified.
    async fn kirim_otp_ke(&self, instansi: &Instansi, p: &PegawaiDetail) -> AppResult<OtpTerkirim> {
        let now = self.sekarang();
        let (saluran, tujuan) = kontak(p)
            .filter(|_| p.ringkas.status == StatusPegawai::Aktif)
            .ok_or_else(|| AppError::Masukan(PESAN_TIDAK_TERKIRIM.into()))?;
        if let Err(detik) = self
            .ttd
            .pembatas_otp
            .izinkan((instansi.id, p.ringkas.id), now)
        {
            return Err(AppError::TerlaluBanyakPercobaan((detik + 59) / 60));
        }
        let kode = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32));
        let kedaluwarsa = now + Duration::minutes(OTP_MENIT);
        self.store
            .simpan_otp(&OtpBaru {
                instansi_id: instansi.id,
                pegawai_id: p.ringkas.id,
                kode_hash: self.hash_otp(instansi, p.ringkas.id, &kode).await?,
                dibuat: now,
                kedaluwarsa,
                maks_coba: OTP_MAKS_COBA,
            })
            .await?;
        self.store
            .antre_notifikasi(&[NotifikasiBaru {
                instansi_id: instansi.id,
                pegawai_id: Some(p.ringkas.id),
                saluran: saluran.into(),
                tujuan: tujuan.clone(),
                subjek: "Kode tanda tangan Pakta Integritas Netralitas ASN".into(),
                isi: format!(
                    "Kode tanda tangan pakta integritas Anda: {kode}\n\
                     Berlaku {OTP_MENIT} menit. Jangan berikan kode ini kepada siapa pun, \
                     termasuk petugas.\n— {}",
                    instansi.nama
                ),
                dibuat: now,
                kirim_setelah: now,
            }])
            .await?;
        Ok(OtpTerkirim {
            saluran: saluran.into(),
            tujuan_tersamar: samar_tujuan(saluran, &tujuan),
            berlaku_sampai: kedaluwarsa,
        })
    }

    /// Sends a one-time code to the employee with this NIP (or NI PPPK) through the outbox.
    /// No login needed; see the module documentation for what is revealed.
    pub async fn kirim_otp(&self, instansi_kode: &str, nip: &str) -> AppResult<OtpTerkirim> {
        let tidak = || AppError::Masukan(PESAN_TIDAK_TERKIRIM.into());
        let (inst, id) = self.cari_nip(instansi_kode, nip).await?.ok_or_else(tidak)?;
        let p = self.store.pegawai(inst.id, id).await?.ok_or_else(tidak)?;
        self.kirim_otp_ke(&inst, &p).await
    }

    /// Sends a one-time code to the owner of a personal link.
    pub async fn kirim_otp_tautan(&self, token: &str) -> AppResult<OtpTerkirim> {
        let t = self.tautan_hidup(token).await?;
        let inst = self.instansi_ada(t.instansi_id).await?;
        let p = self
            .store
            .pegawai(t.instansi_id, t.pegawai_id)
            .await?
            .ok_or_else(|| AppError::Masukan(PESAN_TIDAK_TERKIRIM.into()))?;
        self.kirim_otp_ke(&inst, &p).await
    }

    /// Checks (and on success consumes) a code.
    pub(crate) async fn pakai_otp(
        &self,
        instansi: &Instansi,
        pegawai: PegawaiId,
        kode: &str,
    ) -> AppResult<()> {
        let kode = kode.trim();
        if kode.len() != 6 || !kode.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::Masukan("kode harus 6 angka".into()));
        }
        let hash = self.hash_otp(instansi, pegawai, kode).await?;
        match self
            .store
            .pakai_otp(instansi.id, pegawai, &hash, self.sekarang())
            .await?
        {
            HasilOtp::Cocok => Ok(()),
            HasilOtp::Salah { sisa: 0 } => Err(AppError::Masukan(
                "kode salah dan kini tidak berlaku lagi; minta kode baru".into(),
            )),
            HasilOtp::Salah { sisa } => Err(AppError::Masukan(format!(
                "kode salah; sisa {sisa} kali percobaan"
            ))),
            HasilOtp::TidakAda => Err(AppError::Masukan(
                "tidak ada kode yang berlaku (kedaluwarsa, sudah dipakai, atau belum diminta); \
                 minta kode baru"
                    .into(),
            )),
        }
    }

    /// The public URL of a personal link.
    pub fn url_tautan(&self, token: &str) -> String {
        format!("{}/t/{token}", self.konfigurasi.log.url_dasar())
    }

    /// Creates personal links for employees (or a unit's non-signers) of a campaign and
    /// queues them to each person's contact. The links are never returned.
    pub async fn buat_tautan(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        kampanye: KampanyeId,
        sasaran: SasaranTautan,
    ) -> AppResult<HasilTautan> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        let inst = self.instansi_ada(instansi).await?;
        let snap = self.keadaan_kampanye(instansi, kampanye).await?;
        let k = snap.kampanye.clone();
        let now = self.sekarang();
        if k.ditutup.is_some_and(|d| now >= d) {
            return Err(AppError::Masukan("penandatanganan sudah ditutup".into()));
        }
        let batas = now + Duration::days(TAUTAN_HARI);
        let kedaluwarsa = k.ditutup.map_or(batas, |d| d.min(batas));
        let calon: Vec<PegawaiId> = match sasaran {
            SasaranTautan::Pegawai(v) => v,
            SasaranTautan::Unit(u) => snap
                .belum()
                .filter(|p| p.unit_id == Some(u) || p.unit_leluhur.contains(&u))
                .map(|p| p.id)
                .collect(),
        };
        let mut hasil = HasilTautan::default();
        let mut pesan = Vec::new();
        for id in calon {
            let Some(r) = snap.roster.cari(id) else {
                return Err(AppError::TidakDitemukan(format!("pegawai {id}")));
            };
            App::dalam_cakupan(pelaku, r)?;
            let wajib = r.status == StatusPegawai::Aktif && k.tahap_untuk(r).is_some();
            if !wajib || snap.sudah(id).is_some() {
                hasil.dilewati += 1;
                continue;
            }
            let Some(p) = self.store.pegawai(instansi, id).await? else {
                return Err(AppError::TidakDitemukan(format!("pegawai {id}")));
            };
            let Some((saluran, tujuan)) = kontak(&p) else {
                hasil.tanpa_kontak += 1;
                continue;
            };
            let mut b = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut b);
            let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
            self.store
                .simpan_tautan(&TautanTtd {
                    token_hash: sha256_hex(token.as_bytes()),
                    instansi_id: instansi,
                    pegawai_id: id,
                    kampanye_id: k.id,
                    dibuat: now,
                    kedaluwarsa,
                })
                .await?;
            pesan.push(NotifikasiBaru {
                instansi_id: instansi,
                pegawai_id: Some(id),
                saluran: saluran.into(),
                tujuan,
                subjek: format!("Tanda tangan Pakta Integritas: {}", k.nama),
                isi: format!(
                    "Yth. {},\nSilakan baca dan tanda tangani Pakta Integritas Netralitas ASN \
                     melalui tautan pribadi berikut (berlaku sampai {} UTC):\n{}\n\
                     Tautan ini hanya untuk Anda; saat menandatangani, kode sekali pakai akan \
                     dikirim ke kontak Anda.\n— {}",
                    nama_cetak(&p.ringkas),
                    kedaluwarsa.format("%d-%m-%Y %H:%M"),
                    self.url_tautan(&token),
                    inst.nama
                ),
                dibuat: now,
                kirim_setelah: now,
            });
            hasil.diantre += 1;
        }
        for bagian in pesan.chunks(500) {
            self.store.antre_notifikasi(bagian).await?;
        }
        Ok(hasil)
    }

    /// A live link by its token.
    pub(crate) async fn tautan_hidup(&self, token: &str) -> AppResult<TautanTtd> {
        let tidak = || AppError::TidakDitemukan("tautan (tidak dikenal atau kedaluwarsa)".into());
        let token = token.trim();
        if token.is_empty() || token.len() > 100 {
            return Err(tidak());
        }
        let t = self
            .store
            .tautan(&sha256_hex(token.as_bytes()))
            .await?
            .ok_or_else(tidak)?;
        if t.kedaluwarsa <= self.sekarang() {
            return Err(tidak());
        }
        Ok(t)
    }

    /// What a personal link opens: the signer, the campaign and the pact text.
    pub async fn buka_tautan(&self, token: &str) -> AppResult<KonteksPenanda> {
        let t = self.tautan_hidup(token).await?;
        let inst = self.instansi_ada(t.instansi_id).await?;
        let p = self
            .store
            .pegawai(t.instansi_id, t.pegawai_id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan("pegawai".into()))?;
        let snap = self.keadaan_kampanye(t.instansi_id, t.kampanye_id).await?;
        let kampanye = (*snap.kampanye).clone();
        let templat = (*self
            .templat_sah(t.instansi_id, kampanye.template_id)
            .await?)
            .clone();
        Ok(KonteksPenanda {
            nama: nama_cetak(&p.ringkas),
            nip_tampil: nip_tampil(&p),
            jabatan: p.ringkas.jabatan.clone(),
            unit: p.ringkas.unit.clone(),
            pegawai_id: p.ringkas.id,
            sudah: snap.sudah(p.ringkas.id).copied(),
            instansi: inst,
            kampanye,
            templat,
            kedaluwarsa: t.kedaluwarsa,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kartu_parse() {
        let ok = "NETRAL-KARTU/1:19.71:198501012010012001:0123456789abcdef";
        assert_eq!(
            parse_kartu(ok),
            Some(("19.71", "198501012010012001", "0123456789abcdef"))
        );
        assert_eq!(parse_kartu("NETRAL-KARTU/1:19.71:19850101:0123"), None);
        assert_eq!(parse_kartu("NETRAL-KARTU/2:19.71:1:0123456789abcdef"), None);
        assert_eq!(
            parse_kartu("NETRAL-KARTU/1:19.71:abc:0123456789abcdef"),
            None
        );
        assert_eq!(parse_kartu(&format!("{ok}:x")), None);
    }

    #[test]
    fn samaran() {
        assert_eq!(samar_email("siti@contoh.go.id"), "s***@contoh.go.id");
        assert_eq!(samar_hp("081234567890"), "0812*****890");
        assert_eq!(samar_hp("123"), "****");
    }

    #[test]
    fn pembatas_satu_per_menit_lima_per_jam() {
        let b = PembatasOtp::default();
        let k = (InstansiId(1), PegawaiId(1));
        let t0 = chrono::Utc::now();
        assert!(b.izinkan(k, t0).is_ok());
        assert!(b.izinkan(k, t0 + Duration::seconds(30)).is_err());
        for i in 1..5 {
            assert!(b.izinkan(k, t0 + Duration::seconds(61 * i)).is_ok());
        }
        assert!(b.izinkan(k, t0 + Duration::seconds(61 * 6)).is_err());
        assert!(b.izinkan(k, t0 + Duration::minutes(61)).is_ok());
    }
}
