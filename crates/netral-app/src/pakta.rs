//! Elections, pact templates and signing campaigns (issue #4 §1–2).
//!
//! Every use case checks `Izin::KelolaPakta` on the target instansi (reads of lists need
//! `LihatProgres` or `KelolaPakta`), runs the domain's checks first so a user sees the
//! domain's Indonesian message as an input error (`NT-400`), then makes one store call,
//! which writes the audit entry from the [`Jejak`](netral_domain::akun::Jejak) in the same
//! transaction.

use chrono::NaiveDate;

use netral_domain::akun::Izin;
use netral_domain::organisasi::{InstansiId, PegawaiId};
use netral_domain::pakta::{
    JenisTemplatAwal, Kampanye, KampanyeId, KonteksTemplat, ModePakta, PaktaTemplate,
    PaktaTemplateBaru, Pemilihan, PemilihanId, TemplateId, templat_awal,
};
use netral_store::{KampanyeBaru, PemilihanBaru, Perubahan, StoreError};

use crate::{App, AppError, AppResult, Pelaku};

/// A read of pact data is allowed to managers and to those who watch progress.
fn boleh_baca(pelaku: &Pelaku, instansi: InstansiId) -> AppResult<()> {
    pelaku
        .wajib(Izin::KelolaPakta, instansi)
        .or_else(|_| pelaku.wajib(Izin::LihatProgres, instansi))
}

/// A store `Konflik` on these writes carries the domain's reason: show it as input error.
fn konflik_ke_masukan(e: StoreError) -> AppError {
    match e {
        StoreError::Konflik(m) => AppError::Masukan(m),
        e => e.into(),
    }
}

impl App {
    /// Creates (`id: None`) or replaces an election with its stages.
    pub async fn simpan_pemilihan(
        &self,
        pelaku: &Pelaku,
        baru: PemilihanBaru,
    ) -> AppResult<(Pemilihan, Perubahan)> {
        pelaku.wajib(Izin::KelolaPakta, baru.instansi_id)?;
        // The domain check normalises (name, stage order); store what it accepted.
        let periksa = baru
            .dengan_id(baru.id.unwrap_or(PemilihanId(0)))
            .periksa()
            .map_err(|e| AppError::Masukan(e.to_string()))?;
        let baru = PemilihanBaru {
            nama: periksa.nama,
            tahapan: periksa.tahapan,
            ..baru
        };
        let jejak = pelaku.jejak(self.sekarang());
        Ok(self.store.simpan_pemilihan(&baru, &jejak).await?)
    }

    /// The instansi's elections.
    pub async fn daftar_pemilihan(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
    ) -> AppResult<Vec<Pemilihan>> {
        boleh_baca(pelaku, instansi)?;
        Ok(self.store.daftar_pemilihan(instansi).await?)
    }

    /// One election.
    pub async fn pemilihan(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        id: PemilihanId,
    ) -> AppResult<Pemilihan> {
        boleh_baca(pelaku, instansi)?;
        self.store
            .pemilihan(instansi, id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("pemilihan {id}")))
    }

    /// Stores a template version (same text again: unchanged; an approved version cannot
    /// change — save a new version).
    pub async fn simpan_templat(
        &self,
        pelaku: &Pelaku,
        baru: PaktaTemplateBaru,
    ) -> AppResult<(PaktaTemplate, Perubahan)> {
        pelaku.wajib(Izin::KelolaPakta, baru.instansi_id)?;
        let baru = baru
            .periksa()
            .map_err(|e| AppError::Masukan(e.to_string()))?;
        if let Some(p) = baru.pemilihan_id
            && self.store.pemilihan(baru.instansi_id, p).await?.is_none()
        {
            return Err(AppError::TidakDitemukan(format!("pemilihan {p}")));
        }
        let jejak = pelaku.jejak(self.sekarang());
        self.store
            .simpan_templat(&baru, &jejak)
            .await
            .map_err(konflik_ke_masukan)
    }

    /// Creates a starter template (4-butir SKB, 6 or 9 butir) for an election, as the next
    /// free version of that election's templates, unapproved. The Pemda reviews, edits and
    /// approves it ([`App::sahkan_templat`]). Creating the same starter twice returns the
    /// stored one unchanged.
    pub async fn templat_awal(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        pemilihan_id: Option<PemilihanId>,
        jenis: JenisTemplatAwal,
        mode: ModePakta,
        nomor_se: Option<String>,
    ) -> AppResult<(PaktaTemplate, Perubahan)> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        let inst = self
            .store
            .instansi(instansi)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan("instansi".into()))?;
        let (jenis_pemilihan, nama_pemilihan) = match pemilihan_id {
            Some(p) => {
                let pem = self
                    .store
                    .pemilihan(instansi, p)
                    .await?
                    .ok_or_else(|| AppError::TidakDitemukan(format!("pemilihan {p}")))?;
                (pem.jenis, pem.nama)
            }
            None => (
                netral_domain::pakta::JenisPemilihan::Pilkada,
                format!("Pemilihan Kepala Daerah {}", inst.nama),
            ),
        };
        let ctx = KonteksTemplat {
            instansi_id: instansi,
            pemilihan_id,
            nama_pemda: inst.nama.clone(),
            jenis_pemilihan,
            nama_pemilihan,
            mode,
            berlaku_untuk: None,
            nomor_se,
        };
        let mut baru = templat_awal(jenis, &ctx);
        let ada = self.store.daftar_templat(instansi, pemilihan_id).await?;
        let sama = ada.iter().find(|t| {
            t.pemilihan_id == pemilihan_id && {
                let mut b = baru.clone();
                b.versi = t.versi;
                b.hash_isi() == t.hash_isi
            }
        });
        if let Some(t) = sama {
            return Ok((t.clone(), Perubahan::Tetap));
        }
        baru.versi = ada
            .iter()
            .filter(|t| t.pemilihan_id == pemilihan_id)
            .map(|t| t.versi)
            .max()
            .unwrap_or(0)
            + 1;
        self.simpan_templat(pelaku, baru).await
    }

    /// Approves a template version; from then on it is immutable and campaigns may use it.
    pub async fn sahkan_templat(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        id: TemplateId,
        oleh: &str,
        tgl: NaiveDate,
    ) -> AppResult<PaktaTemplate> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        let t = self
            .store
            .templat(instansi, id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("templat {id}")))?;
        // Domain check first so the user gets its message (no name, already approved).
        t.sahkan(oleh, tgl)
            .map_err(|e| AppError::Masukan(e.to_string()))?;
        let jejak = pelaku.jejak(self.sekarang());
        self.store
            .sahkan_templat(instansi, id, oleh.trim(), tgl, &jejak)
            .await
            .map_err(konflik_ke_masukan)
    }

    /// The instansi's templates, optionally of one election.
    pub async fn daftar_templat(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        pemilihan: Option<PemilihanId>,
    ) -> AppResult<Vec<PaktaTemplate>> {
        boleh_baca(pelaku, instansi)?;
        Ok(self.store.daftar_templat(instansi, pemilihan).await?)
    }

    /// One template version.
    pub async fn templat(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        id: TemplateId,
    ) -> AppResult<PaktaTemplate> {
        boleh_baca(pelaku, instansi)?;
        self.store
            .templat(instansi, id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("templat {id}")))
    }

    /// Creates a campaign on an approved template. With no stages given, the usual order
    /// ([`Kampanye::tahap_baku`]) without a named Sekda stage; see
    /// [`App::buat_kampanye_dengan_sekda`].
    pub async fn buat_kampanye(
        &self,
        pelaku: &Pelaku,
        baru: KampanyeBaru,
    ) -> AppResult<(Kampanye, Perubahan)> {
        self.buat_kampanye_dengan_sekda(pelaku, baru, None).await
    }

    /// As [`App::buat_kampanye`]; when no stages are given, the usual order with the named
    /// Sekda as its own stage (witnessed) after the kepala daerah.
    pub async fn buat_kampanye_dengan_sekda(
        &self,
        pelaku: &Pelaku,
        mut baru: KampanyeBaru,
        sekda: Option<PegawaiId>,
    ) -> AppResult<(Kampanye, Perubahan)> {
        pelaku.wajib(Izin::KelolaPakta, baru.instansi_id)?;
        if baru.tahap.is_empty() {
            baru.tahap = Kampanye::tahap_baku(sekda);
        }
        if let Some(s) = sekda
            && self.store.pegawai(baru.instansi_id, s).await?.is_none()
        {
            return Err(AppError::TidakDitemukan(format!("pegawai {s}")));
        }
        let templat = self
            .store
            .templat(baru.instansi_id, baru.template_id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("templat {}", baru.template_id)))?;
        // Domain check with the user's message; the store checks again in its transaction.
        let k = baru
            .periksa(KampanyeId(0), &templat)
            .map_err(konflik_ke_masukan)?;
        baru.nama = k.nama;
        baru.tahap = k.tahap;
        let jejak = pelaku.jejak(self.sekarang());
        self.store
            .simpan_kampanye(&baru, &jejak)
            .await
            .map_err(konflik_ke_masukan)
    }

    /// The instansi's campaigns.
    pub async fn daftar_kampanye(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
    ) -> AppResult<Vec<Kampanye>> {
        boleh_baca(pelaku, instansi)?;
        Ok(self.store.daftar_kampanye(instansi).await?)
    }

    /// One campaign.
    pub async fn kampanye(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        id: KampanyeId,
    ) -> AppResult<Kampanye> {
        boleh_baca(pelaku, instansi)?;
        self.kampanye_internal(instansi, id).await
    }

    /// A campaign without a permission check (signing routes check their own).
    pub(crate) async fn kampanye_internal(
        &self,
        instansi: InstansiId,
        id: KampanyeId,
    ) -> AppResult<Kampanye> {
        self.store
            .kampanye(instansi, id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("kampanye {id}")))
    }
}
