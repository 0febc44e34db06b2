//! Signing (issue #4 §3): every route — online (NIP or personal link, both with a one-time
//! code), kiosk (code or staff-card QR), paper intake, perwakilan — ends in one internal
//! path, [`App::rekam_ttd`]:
//!
//! 1. the campaign rules (`Kampanye::boleh_tanda_tangan`: open/closed, active, scope, stage
//!    gating) against the in-memory progress state ([`crate::progres`]);
//! 2. the canonical record `NETRAL-TTD/1` (Pemda, pact text, signer as printed — NIP or
//!    NI PPPK, never a NIK —, time from [`App::sekarang`] to the millisecond, method, image,
//!    16-byte random nonce, verification URL), its log entry with the salted commitment
//!    ([`App::komitmen_nip`]) and the leaf;
//! 3. the domain check `TandaTanganBaru::periksa`;
//! 4. the **group-commit batcher** ([`pengumpul`]): one task per [`App`] collects requests
//!    (up to [`pengumpul::MAKS_BATCH`] or until the queue is momentarily empty), calls
//!    `Store::simpan_tanda_tangan` once per instansi and answers each request only after
//!    that commit;
//! 5. the progress cache is updated at once with what was committed.
//!
//! Witness statements, revocations and ikrar attendance are in [`rute`]; one-time codes,
//! personal links and staff cards in [`otp`].

mod kertas;
pub mod otp;
pub mod pengumpul;
pub mod rute;

pub use kertas::{
    CalonKertas, HasilKertas, MAKS_KERTAS, hari_ini_indonesia, periksa_tanggal_kertas,
};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use rand::RngCore;
use serde::Serialize;

use netral_domain::organisasi::{Instansi, InstansiId, PegawaiId};
use netral_domain::pakta::{
    AlasanTolak, FORMAT_REKAMAN, GambarRekaman, Kampanye, MetodeTandaTangan, PaktaTemplate,
    RekamanPenanda, RekamanTandaTangan, RekamanTemplat, TandaTanganBaru, TandaTanganId, TemplateId,
    waktu_rekaman,
};
use netral_domain::pegawai::JenisIdentitas;
use netral_store::ttd::{
    Berkas, HasilTtd, PerubahanTtd, TandaTanganMasuk, TandaTanganTersimpan, TolakTtd,
};
use netral_store::{DaunBaru, PegawaiDetail};

use crate::progres::PerubahanLokal;
use crate::{App, AppError, AppResult, Pelaku};

/// What a signing route answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TtdDicatat {
    pub id: TandaTanganId,
    /// The leaf hash, lowercase hex: what the QR and `/v/{leaf}` use.
    pub hash_daun_hex: String,
    pub indeks_daun: u64,
    pub waktu: DateTime<Utc>,
    pub metode: MetodeTandaTangan,
    /// `true` when the idempotency key was seen before: this is the stored signature and
    /// nothing new was written.
    pub ulang: bool,
}

impl TtdDicatat {
    fn dari(t: &TandaTanganTersimpan, ulang: bool) -> Self {
        TtdDicatat {
            id: t.ttd.id,
            hash_daun_hex: t
                .ttd
                .hash_daun
                .as_ref()
                .map(|h| h.as_str().to_string())
                .unwrap_or_default(),
            indeks_daun: t.indeks_daun,
            waktu: t.ttd.data.waktu,
            metode: t.ttd.data.metode,
            ulang,
        }
    }
}

/// An uploaded evidence file (paper scan, mandate letter) as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BerkasMasuk {
    /// Original file name, for display.
    pub nama: String,
    pub isi: Vec<u8>,
}

/// Largest evidence file.
pub const MAKS_BERKAS: usize = 10 * 1024 * 1024;

impl BerkasMasuk {
    /// Checks size and type (PDF, PNG or JPEG, recognised by content, not by name) and
    /// hashes it here.
    pub fn periksa(self) -> AppResult<Berkas> {
        if self.isi.is_empty() {
            return Err(AppError::Masukan("berkas kosong".into()));
        }
        if self.isi.len() > MAKS_BERKAS {
            return Err(AppError::Masukan(format!(
                "berkas terlalu besar ({} MB); paling besar 10 MB",
                self.isi.len().div_ceil(1024 * 1024)
            )));
        }
        let mime = if self.isi.starts_with(b"%PDF-") {
            "application/pdf"
        } else if self.isi.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if self.isi.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "image/jpeg"
        } else {
            return Err(AppError::Masukan(
                "berkas harus berupa PDF, PNG, atau JPEG".into(),
            ));
        };
        let nama: String = self
            .nama
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        Ok(Berkas {
            hash: netral_domain::pakta::HashSha256::dari_bytes(&self.isi),
            mime: mime.into(),
            nama: if nama.trim().is_empty() {
                "berkas".into()
            } else {
                nama.trim().to_string()
            },
            isi: self.isi,
        })
    }
}

/// Everything one signature needs, gathered by a route.
pub(crate) struct PermintaanTtd {
    pub instansi: Instansi,
    pub kampanye: Arc<Kampanye>,
    pub pegawai: PegawaiDetail,
    pub metode: MetodeTandaTangan,
    pub gambar: Option<GambarRekaman>,
    /// Place as printed; defaults to the instansi's name.
    pub tempat: Option<String>,
    /// Where/how it happened, kept with the row (kiosk, device time, paper date).
    pub lokasi: Option<String>,
    pub bukti: Option<Berkas>,
    pub mewakili: Vec<(PegawaiId, String)>,
    pub mandat: Option<Berkas>,
    pub kunci_idempoten: Option<String>,
}

/// Per-process signing state shared by every clone of [`App`]: the batcher, the code
/// rate limiter and the cache of approved templates.
#[derive(Default)]
pub(crate) struct LayananTtd {
    pub(crate) pengumpul: pengumpul::Pengumpul,
    pub(crate) pembatas_otp: otp::PembatasOtp,
    templat: Mutex<HashMap<(InstansiId, TemplateId), Arc<PaktaTemplate>>>,
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

/// The name as printed: titles before and after, e.g. `Dr. Siti Aminah, S.H., M.H.`.
pub fn nama_cetak(p: &netral_store::PegawaiRingkas) -> String {
    let mut s = String::new();
    if let Some(g) = p
        .gelar_depan
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        s.push_str(g);
        s.push(' ');
    }
    s.push_str(p.nama.trim());
    if let Some(g) = p
        .gelar_belakang
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        s.push_str(", ");
        s.push_str(g);
    }
    s
}

/// The identifier printed for a signer: NIP (PNS/CPNS) or NI PPPK; never a NIK.
pub fn nip_tampil(p: &PegawaiDetail) -> Option<String> {
    match p.ringkas.jenis.identitas_wajib() {
        JenisIdentitas::Nip => p.nip.clone(),
        JenisIdentitas::NiPppk => p.ni_pppk.clone(),
        JenisIdentitas::Nik => None,
    }
}

/// An identifier masked for lists shown to others: first 4 and last 3 digits.
pub fn samarkan(id: &str) -> String {
    let c: Vec<char> = id.chars().collect();
    if c.len() <= 7 {
        return "*".repeat(c.len());
    }
    c.iter()
        .enumerate()
        .map(|(i, ch)| if i < 4 || i + 3 >= c.len() { *ch } else { '*' })
        .collect()
}

fn tolak_ke_galat(a: AlasanTolak) -> AppError {
    match a {
        AlasanTolak::SudahBertandaTangan => AppError::Konflik(a.to_string()),
        a => AppError::Masukan(a.to_string()),
    }
}

fn nonce() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

impl App {
    /// An approved template, cached (approved versions never change).
    pub(crate) async fn templat_sah(
        &self,
        instansi: InstansiId,
        id: TemplateId,
    ) -> AppResult<Arc<PaktaTemplate>> {
        if let Some(t) = self
            .ttd
            .templat
            .lock()
            .map_err(internal)?
            .get(&(instansi, id))
        {
            return Ok(t.clone());
        }
        let t = self
            .store
            .templat(instansi, id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("templat {id}")))?;
        if !t.sudah_disahkan() {
            return Err(AppError::Masukan("templat pakta belum disahkan".into()));
        }
        let t = Arc::new(t);
        self.ttd
            .templat
            .lock()
            .map_err(internal)?
            .insert((instansi, id), t.clone());
        Ok(t)
    }

    /// A campaign and its approved pact, both cached ([`crate::cache`]): what a kiosk form
    /// checks its confirmed butir against. No permission check (the caller checks).
    pub async fn pakta_kampanye(
        &self,
        instansi: InstansiId,
        kampanye: netral_domain::pakta::KampanyeId,
    ) -> AppResult<(Arc<Kampanye>, Arc<PaktaTemplate>)> {
        let k = self.kampanye_cache(instansi, kampanye).await?;
        let t = self.templat_sah(instansi, k.template_id).await?;
        Ok((k, t))
    }

    /// The employee with this identifier (NIP, NI PPPK or NIK), from the per-instansi
    /// signer cache ([`crate::cache`]), reloaded when the registry version changes.
    pub(crate) async fn pegawai_by_identitas(
        &self,
        instansi: InstansiId,
        identitas: &str,
    ) -> AppResult<Option<PegawaiId>> {
        let kunci: String = identitas.chars().filter(|c| !c.is_whitespace()).collect();
        if kunci.is_empty() || kunci.len() > 32 {
            return Ok(None);
        }
        let peta = self.penanda_instansi(instansi).await?;
        Ok(peta.by_identitas.get(&kunci).copied())
    }

    /// What a pact prints of a signer, from the signer cache; read from the store when the
    /// cache does not know the id yet (registered after the last reload).
    pub(crate) async fn pegawai_ttd(
        &self,
        instansi: InstansiId,
        id: PegawaiId,
    ) -> AppResult<PegawaiDetail> {
        if let Some(p) = self.penanda_instansi(instansi).await?.by_id.get(&id) {
            return Ok(PegawaiDetail::clone(p));
        }
        self.store
            .pegawai(instansi, id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("pegawai {id}")))
    }

    /// The instansi by kode and its employee by identifier, if both exist.
    pub(crate) async fn cari_nip(
        &self,
        instansi_kode: &str,
        nip: &str,
    ) -> AppResult<Option<(Instansi, PegawaiId)>> {
        let Some(inst) = self.store.instansi_by_kode(instansi_kode.trim()).await? else {
            return Ok(None);
        };
        Ok(self
            .pegawai_by_identitas(inst.id, nip)
            .await?
            .map(|id| (inst, id)))
    }

    /// The one internal signing path. See the module documentation.
    pub(crate) async fn rekam_ttd(&self, r: PermintaanTtd) -> AppResult<TtdDicatat> {
        let instansi_id = r.instansi.id;
        let masuk = self.siapkan_ttd(r).await?;
        let pegawai_id = masuk.data.pegawai_id;
        let hasil = self.simpan_lewat_pengumpul(instansi_id, masuk).await?;
        self.selesaikan_ttd(instansi_id, pegawai_id, hasil).await
    }

    /// Steps 1–3 of the signing path: campaign rules, the canonical record, its log entry
    /// and the domain check; what the store then writes.
    pub(crate) async fn siapkan_ttd(&self, r: PermintaanTtd) -> AppResult<TandaTanganMasuk> {
        let now = self.sekarang();
        let waktu = now
            .duration_trunc(TimeDelta::milliseconds(1))
            .unwrap_or(now);
        let instansi_id = r.instansi.id;
        let k = &r.kampanye;
        let pegawai_id = r.pegawai.ringkas.id;
        let cek = self
            .cek_penanda(instansi_id, k.id, pegawai_id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("pegawai {pegawai_id}")))?;
        // With an idempotency key, an existing signature may be this very request repeated:
        // the store answers that (the stored signature, or "already signed").
        let sudah = cek.sudah.is_some() && r.kunci_idempoten.is_none();
        k.boleh_tanda_tangan(&cek.ringkas, &cek.keadaan, sudah, now)
            .map_err(tolak_ke_galat)?;
        let templat = self.templat_sah(instansi_id, k.template_id).await?;
        if templat.versi != k.template_versi || templat.hash_isi != k.hash_isi {
            return Err(internal(format!(
                "kampanye {} tidak cocok dengan templat tersimpan",
                k.id
            )));
        }
        let ring = &r.pegawai.ringkas;
        let rekaman = RekamanTandaTangan {
            format: FORMAT_REKAMAN.into(),
            instansi_kode: r.instansi.kode.as_str().to_string(),
            pemda: format!("PEMERINTAH {}", r.instansi.nama.trim().to_uppercase()),
            alamat: None,
            templat: RekamanTemplat {
                id: templat.id.0.max(0) as u64,
                versi: templat.versi,
                hash_isi: templat.hash_isi.as_str().to_string(),
                judul: templat.isi.judul.clone(),
                pembuka: templat.isi.pembuka.clone(),
                butir: templat.isi.butir.clone(),
                penutup: templat.isi.penutup.clone(),
                dasar_hukum: templat.isi.dasar_hukum.clone(),
                nomor_se: templat.isi.nomor_se.clone(),
            },
            kampanye_id: Some(k.id.0.max(0) as u64),
            penanda: RekamanPenanda {
                nama: nama_cetak(ring),
                nip_tampil: nip_tampil(&r.pegawai),
                jenis_pegawai: ring.jenis.label().to_string(),
                jabatan: ring.jabatan.clone(),
                unit: ring.unit.clone(),
            },
            waktu: waktu_rekaman(waktu),
            tempat: r
                .tempat
                .as_deref()
                .map(netral_domain::teks::rapikan)
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| r.instansi.nama.clone()),
            metode: r.metode.kode().into(),
            gambar_ttd: r.gambar,
            bukti_hash: r.bukti.as_ref().map(|b| b.hash.as_str().to_string()),
            mewakili: r.mewakili.iter().map(|(_, t)| t.clone()).collect(),
            mandat_hash: r.mandat.as_ref().map(|b| b.hash.as_str().to_string()),
            url_verifikasi_dasar: format!("{}/v/", self.konfigurasi.log.url_dasar()),
            nonce: nonce(),
        };
        rekaman
            .periksa()
            .map_err(|e| AppError::Masukan(e.to_string()))?;
        let kanonik = rekaman.kanonik();
        if kanonik.len() > netral_domain::pakta::rekaman::MAKS_REKAMAN {
            return Err(AppError::Masukan(
                "gambar tanda tangan terlalu besar".into(),
            ));
        }
        let komitmen = self
            .komitmen_nip(&r.instansi, ring.identitas.as_str())
            .await?;
        let entri = rekaman
            .entri_dari_kanonik(&kanonik, komitmen)
            .encode()
            .map_err(internal)?;
        let data = TandaTanganBaru {
            template_id: templat.id,
            template_versi: templat.versi,
            hash_isi: templat.hash_isi.clone(),
            pegawai_id,
            kampanye_id: Some(k.id),
            waktu,
            metode: r.metode,
            lokasi: r.lokasi,
            bukti_hash: r.bukti.as_ref().map(|b| b.hash.clone()),
            mewakili_unit_id: None,
            mewakili: r.mewakili.iter().map(|(p, _)| *p).collect(),
            mandat_hash: r.mandat.as_ref().map(|b| b.hash.clone()),
        }
        .periksa(&templat)
        .map_err(|e| AppError::Masukan(e.to_string()))?;
        Ok(TandaTanganMasuk {
            data,
            rekaman: kanonik,
            daun: DaunBaru::baru(entri),
            kunci_idempoten: r.kunci_idempoten,
            berkas: r.bukti.into_iter().chain(r.mandat).collect(),
        })
    }

    /// Step 5: what the store answered for one item, with the progress cache updated at
    /// once for a new signature.
    pub(crate) async fn selesaikan_ttd(
        &self,
        instansi_id: InstansiId,
        pegawai_id: PegawaiId,
        hasil: HasilTtd,
    ) -> AppResult<TtdDicatat> {
        match hasil {
            HasilTtd::Baru(t) => {
                self.terapkan_ttd_lokal(
                    instansi_id,
                    &[PerubahanLokal {
                        template: (t.ttd.data.template_id, t.ttd.data.template_versi),
                        perubahan: PerubahanTtd {
                            pegawai_id,
                            tanda_tangan_id: t.ttd.id,
                            metode: t.ttd.data.metode,
                            aktif: true,
                            indeks_daun: t.indeks_daun,
                            waktu: t.ttd.data.waktu,
                        },
                    }],
                )
                .await;
                Ok(TtdDicatat::dari(&t, false))
            }
            HasilTtd::Ulang(t) => Ok(TtdDicatat::dari(&t, true)),
            HasilTtd::Ditolak(TolakTtd::SudahAda(_)) => Err(AppError::Konflik(
                "pegawai sudah menandatangani pakta versi ini".into(),
            )),
            HasilTtd::Ditolak(e) => Err(AppError::Masukan(e.to_string())),
        }
    }

    /// Checks that a unit-scoped user acts only on employees of their subtree.
    pub(crate) fn dalam_cakupan(
        pelaku: &Pelaku,
        p: &netral_domain::pakta::PegawaiRingkas,
    ) -> AppResult<()> {
        if let Pelaku::Pengguna(u) = pelaku
            && let Some(unit) = u.unit_id
            && p.unit_id != Some(unit)
            && !p.unit_leluhur.contains(&unit)
        {
            return Err(AppError::TidakBerwenang);
        }
        Ok(())
    }
}
