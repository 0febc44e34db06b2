//! The signing routes, witness statements, revocations, ikrar attendance and reads.
//!
//! Every signing route gathers what it needs and hands it to [`App::rekam_ttd`].

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use netral_domain::akun::Izin;
use netral_domain::organisasi::{Instansi, InstansiId, PegawaiId};
use netral_domain::pakta::{
    GambarRekaman, Kampanye, KampanyeId, MetodeTandaTangan, Saksi, TandaTanganId, entri_pencabutan,
    entri_saksi,
};
use netral_store::ttd::{
    AcaraIkrar, AcaraIkrarBaru, AcaraIkrarId, FilterTtd, KehadiranIkrar, PernyataanSaksi,
    PernyataanSaksiTersimpan, PerubahanTtd, TandaTanganTersimpan,
};
use netral_store::{DaunBaru, Halaman, PegawaiDetail};

use super::{BerkasMasuk, PermintaanTtd, TtdDicatat, internal, nama_cetak, nip_tampil, samarkan};
use crate::progres::PerubahanLokal;
use crate::{App, AppError, AppResult, Pelaku};

/// Who signs online: by NIP (or NI PPPK) on the instansi's signing page, or by a personal
/// link. Either way the one-time code sent to the employee is also required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PenandaDaring {
    Nip {
        instansi_kode: String,
        nip: String,
        /// The campaign; `None` = the open campaign the employee must sign.
        kampanye: Option<KampanyeId>,
    },
    Tautan(String),
}

/// An online signature as submitted from the phone.
#[derive(Debug, Clone, PartialEq)]
pub struct MasukDaring {
    pub penanda: PenandaDaring,
    pub otp: String,
    /// One `true` per butir of the pact, in order: each confirmed.
    pub butir_dikonfirmasi: Vec<bool>,
    pub gambar: Option<GambarRekaman>,
    pub tempat: Option<String>,
    /// A form's request id, so a retried submit does not sign twice.
    pub kunci_idempoten: Option<String>,
}

/// One person at a kiosk.
#[derive(Debug, Clone, PartialEq)]
pub struct KioskMasuk {
    pub kampanye_id: KampanyeId,
    /// A NIP / NI PPPK typed in, or the staff-card QR payload scanned.
    pub nip_atau_kartu: String,
    /// Required unless a valid card payload is given.
    pub otp: Option<String>,
    /// The tablet's id for this queued item (8–128 of `A-Z a-z 0-9 - _ :`): a retry with the
    /// same key returns the stored signature.
    pub kunci_idempoten: String,
    pub gambar: Option<GambarRekaman>,
    /// The tablet's clock when it was queued: recorded, not trusted as signing time.
    pub waktu_klien: Option<DateTime<Utc>>,
    pub tempat: Option<String>,
}

/// One line of an attendance list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HasilHadir {
    pub masukan: String,
    pub pegawai_id: Option<PegawaiId>,
    pub galat: Option<String>,
}

/// The outcome of an attendance list: all lines valid and recorded, or nothing written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LaporanHadir {
    pub hasil: Vec<HasilHadir>,
    /// New attendance rows (0 when any line failed).
    pub dicatat: u64,
}

fn kunci_sah(k: &str) -> bool {
    (8..=128).contains(&k.len())
        && k.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_:".contains(&b))
}

impl App {
    async fn pegawai_detail(
        &self,
        instansi: InstansiId,
        id: PegawaiId,
    ) -> AppResult<PegawaiDetail> {
        self.store
            .pegawai(instansi, id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("pegawai {id}")))
    }

    /// The open campaign an employee must sign (first by id), for NIP sign-in without one.
    async fn kampanye_terbuka_untuk(
        &self,
        instansi: InstansiId,
        pegawai: PegawaiId,
    ) -> AppResult<KampanyeId> {
        let now = self.sekarang();
        for k in self.store.daftar_kampanye(instansi).await? {
            let buka = k.dibuka.is_none_or(|d| now >= d) && k.ditutup.is_none_or(|d| now < d);
            if !buka {
                continue;
            }
            let snap = self.keadaan_kampanye(instansi, k.id).await?;
            if snap
                .roster
                .cari(pegawai)
                .is_some_and(|p| k.tahap_untuk(p).is_some())
                && snap.sudah(pegawai).is_none()
            {
                return Ok(k.id);
            }
        }
        Err(AppError::Masukan(
            "tidak ada penandatanganan pakta yang terbuka untuk Anda saat ini".into(),
        ))
    }

    /// Online signing (method DARING_OTP): NIP or personal link, every butir confirmed,
    /// and the one-time code. The code is checked last, after every other check passed, so
    /// a refusal does not waste it.
    pub async fn ttd_daring(&self, m: MasukDaring) -> AppResult<TtdDicatat> {
        let (inst, pegawai_id, kampanye_id) = match &m.penanda {
            PenandaDaring::Tautan(token) => {
                let t = self.tautan_hidup(token).await?;
                (
                    self.instansi_ada(t.instansi_id).await?,
                    t.pegawai_id,
                    t.kampanye_id,
                )
            }
            PenandaDaring::Nip {
                instansi_kode,
                nip,
                kampanye,
            } => {
                let (inst, id) = self
                    .cari_nip(instansi_kode, nip)
                    .await?
                    .ok_or_else(|| AppError::Masukan("NIP atau kode salah".into()))?;
                let k = match kampanye {
                    Some(k) => *k,
                    None => self.kampanye_terbuka_untuk(inst.id, id).await?,
                };
                (inst, id, k)
            }
        };
        if let Some(k) = &m.kunci_idempoten
            && !kunci_sah(k)
        {
            return Err(AppError::Masukan("kunci permintaan tidak sah".into()));
        }
        let kampanye = self.kampanye_cache(inst.id, kampanye_id).await?;
        let templat = self.templat_sah(inst.id, kampanye.template_id).await?;
        if m.butir_dikonfirmasi.len() != templat.isi.butir.len()
            || m.butir_dikonfirmasi.iter().any(|b| !b)
        {
            return Err(AppError::Masukan(
                "setiap butir pakta harus dibaca dan dikonfirmasi sebelum menandatangani".into(),
            ));
        }
        let pegawai = self.pegawai_ttd(inst.id, pegawai_id).await?;
        let sudah = self
            .pra_periksa(&inst, &kampanye, pegawai_id, m.kunci_idempoten.is_some())
            .await?;
        // Already signed with a request id: a retried submit whose code the first attempt
        // spent; the store answers with the stored signature or "already signed".
        if sudah.is_none() {
            self.pakai_otp(&inst, pegawai_id, &m.otp).await?;
        }
        self.rekam_ttd(PermintaanTtd {
            instansi: inst,
            kampanye,
            pegawai,
            metode: MetodeTandaTangan::DaringOtp,
            gambar: m.gambar,
            tempat: m.tempat,
            lokasi: None,
            bukti: None,
            mewakili: vec![],
            mandat: None,
            kunci_idempoten: m.kunci_idempoten,
        })
        .await
    }

    /// The campaign rules checked before spending a one-time code.
    async fn pra_periksa(
        &self,
        inst: &Instansi,
        kampanye: &Kampanye,
        pegawai: PegawaiId,
        ulang_boleh: bool,
    ) -> AppResult<Option<crate::progres::InfoTtd>> {
        let cek = self
            .cek_penanda(inst.id, kampanye.id, pegawai)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("pegawai {pegawai}")))?;
        let sudah = cek.sudah.is_some() && !ulang_boleh;
        kampanye
            .boleh_tanda_tangan(&cek.ringkas, &cek.keadaan, sudah, self.sekarang())
            .map_err(super::tolak_ke_galat)?;
        Ok(cek.sudah)
    }

    /// Kiosk signing (method KIOSK) by an operator with `OperasiKiosk` on their own
    /// instansi (and, for a unit-scoped account, only for employees of their subtree). The
    /// person proves presence with a valid staff-card QR or a one-time code. The same
    /// idempotency key again returns the stored signature (`ulang: true`), never a second.
    pub async fn ttd_kiosk(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        m: KioskMasuk,
    ) -> AppResult<TtdDicatat> {
        pelaku.wajib(Izin::OperasiKiosk, instansi)?;
        if !kunci_sah(&m.kunci_idempoten) {
            return Err(AppError::Masukan(
                "kunci antrean kios harus 8–128 karakter huruf, angka, -, _ atau :".into(),
            ));
        }
        let inst = self.instansi_ada(instansi).await?;
        let masukan = m.nip_atau_kartu.trim();
        let (identitas, kartu) = if masukan.starts_with(super::otp::AWALAN_KARTU) {
            (self.periksa_kartu(&inst, masukan).await?, true)
        } else {
            (masukan.to_string(), false)
        };
        let pegawai_id = self
            .pegawai_by_identitas(instansi, &identitas)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("pegawai dengan NIP {identitas}")))?;
        let kampanye = self.kampanye_cache(instansi, m.kampanye_id).await?;
        let cek = self
            .cek_penanda(instansi, kampanye.id, pegawai_id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("pegawai {pegawai_id}")))?;
        App::dalam_cakupan(pelaku, &cek.ringkas)?;
        let sudah = self.pra_periksa(&inst, &kampanye, pegawai_id, true).await?;
        // Already signed: this may be a retry whose code was spent by the first attempt;
        // the store answers with the stored signature (same key) or "already signed".
        if sudah.is_none() && !kartu {
            let otp = m.otp.as_deref().ok_or_else(|| {
                AppError::Masukan("masukkan kode sekali pakai atau pindai kartu pegawai".into())
            })?;
            self.pakai_otp(&inst, pegawai_id, otp).await?;
        }
        let operator = pelaku.jejak(self.sekarang()).aktor;
        let lokasi = match m.waktu_klien {
            Some(t) => format!(
                "kios {operator}; waktu perangkat {}",
                netral_domain::pakta::waktu_rekaman(t)
            ),
            None => format!("kios {operator}"),
        };
        let pegawai = self.pegawai_ttd(instansi, pegawai_id).await?;
        self.rekam_ttd(PermintaanTtd {
            instansi: inst,
            kampanye,
            pegawai,
            metode: MetodeTandaTangan::Kiosk,
            gambar: m.gambar,
            tempat: m.tempat,
            lokasi: Some(lokasi),
            bukti: None,
            mewakili: vec![],
            mandat: None,
            kunci_idempoten: Some(m.kunci_idempoten),
        })
        .await
    }

    /// A kiosk's queued items (sent after a connection loss), each with its own result in
    /// input order. Items are submitted together so they share group commits.
    pub async fn ttd_kiosk_banyak(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        daftar: Vec<KioskMasuk>,
    ) -> AppResult<Vec<AppResult<TtdDicatat>>> {
        pelaku.wajib(Izin::OperasiKiosk, instansi)?;
        if daftar.len() > 1000 {
            return Err(AppError::Masukan(
                "paling banyak 1.000 antrean per kiriman".into(),
            ));
        }
        let mut tugas = tokio::task::JoinSet::new();
        for (i, m) in daftar.into_iter().enumerate() {
            let app = self.clone();
            let pelaku = pelaku.clone();
            tugas.spawn(async move { (i, app.ttd_kiosk(&pelaku, instansi, m).await) });
        }
        let mut hasil: Vec<Option<AppResult<TtdDicatat>>> = Vec::new();
        hasil.resize_with(tugas.len(), || None);
        while let Some(r) = tugas.join_next().await {
            let (i, h) = r.map_err(internal)?;
            if let Some(slot) = hasil.get_mut(i) {
                *slot = Some(h);
            }
        }
        Ok(hasil
            .into_iter()
            .map(|h| h.unwrap_or_else(|| Err(AppError::Internal("hasil hilang".into()))))
            .collect())
    }

    /// Paper intake (method KERTAS_PINDAI): the scan of a wet-signed sheet (PDF, PNG or
    /// JPEG, at most 10 MB) is hashed, kept, and its hash recorded. The signing time is the
    /// time of intake; the date on the sheet is recorded with it (`lokasi`).
    pub async fn ttd_kertas(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        kampanye_id: KampanyeId,
        pegawai_id: PegawaiId,
        scan: BerkasMasuk,
        tanggal_tanda_tangan: NaiveDate,
    ) -> AppResult<TtdDicatat> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        let scan = scan.periksa()?;
        super::kertas::periksa_tanggal_kertas(tanggal_tanda_tangan, self.sekarang())?;
        let inst = self.instansi_ada(instansi).await?;
        let kampanye = Arc::new(self.kampanye_internal(instansi, kampanye_id).await?);
        self.periksa_cakupan(pelaku, instansi, kampanye_id, pegawai_id)
            .await?;
        let pegawai = self.pegawai_detail(instansi, pegawai_id).await?;
        self.rekam_ttd(PermintaanTtd {
            instansi: inst,
            kampanye,
            pegawai,
            metode: MetodeTandaTangan::KertasPindai,
            gambar: None,
            tempat: None,
            lokasi: Some(format!(
                "kertas bertanggal {}",
                tanggal_tanda_tangan.format("%Y-%m-%d")
            )),
            bukti: Some(scan),
            mewakili: vec![],
            mandat: None,
            kunci_idempoten: None,
        })
        .await
    }

    async fn periksa_cakupan(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        kampanye: KampanyeId,
        pegawai: PegawaiId,
    ) -> AppResult<()> {
        if let Some(c) = self.cek_penanda(instansi, kampanye, pegawai).await? {
            App::dalam_cakupan(pelaku, &c.ringkas)?;
        }
        Ok(())
    }

    /// A representative signature (method PERWAKILAN): `penanda` signs "atas nama" the
    /// explicit roster; the template must be in PERWAKILAN mode (domain check). The record
    /// lists each represented person (name and masked identifier) and states it is not
    /// their own consent (the PDF prints that note).
    #[allow(clippy::too_many_arguments)]
    pub async fn ttd_perwakilan(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        kampanye_id: KampanyeId,
        penanda: PegawaiId,
        mewakili: Vec<PegawaiId>,
        mandat: Option<BerkasMasuk>,
        tempat: Option<String>,
    ) -> AppResult<TtdDicatat> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        if mewakili.len() > 5000 {
            return Err(AppError::Masukan(
                "daftar yang diwakili paling banyak 5.000 orang".into(),
            ));
        }
        let mandat = mandat.map(BerkasMasuk::periksa).transpose()?;
        let inst = self.instansi_ada(instansi).await?;
        let kampanye = Arc::new(self.kampanye_internal(instansi, kampanye_id).await?);
        self.periksa_cakupan(pelaku, instansi, kampanye_id, penanda)
            .await?;
        let pegawai = self.pegawai_detail(instansi, penanda).await?;
        let mut daftar = Vec::with_capacity(mewakili.len());
        for id in mewakili {
            let p = self.pegawai_detail(instansi, id).await?;
            let teks = match nip_tampil(&p) {
                Some(n) => format!("{} (NIP {})", nama_cetak(&p.ringkas), samarkan(&n)),
                None => nama_cetak(&p.ringkas),
            };
            daftar.push((id, teks));
        }
        self.rekam_ttd(PermintaanTtd {
            instansi: inst,
            kampanye,
            pegawai,
            metode: MetodeTandaTangan::Perwakilan,
            gambar: None,
            tempat,
            lokasi: None,
            bukti: None,
            mewakili: daftar,
            mandat,
            kunci_idempoten: None,
        })
        .await
    }

    async fn ttd_tersimpan(
        &self,
        instansi: InstansiId,
        id: TandaTanganId,
    ) -> AppResult<TandaTanganTersimpan> {
        self.store
            .tanda_tangan(instansi, id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("tanda tangan {id}")))
    }

    /// A witness statement about an active signature, with its own log leaf.
    pub async fn catat_saksi(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        ttd: TandaTanganId,
        saksi: Saksi,
        metode: MetodeTandaTangan,
        lokasi: Option<String>,
    ) -> AppResult<PernyataanSaksiTersimpan> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        let inst = self.instansi_ada(instansi).await?;
        let t = self.ttd_tersimpan(instansi, ttd).await?;
        let now = self.sekarang();
        let p = PernyataanSaksi::untuk(&t.ttd, saksi, now, metode, lokasi)
            .map_err(|e| AppError::Masukan(e.to_string()))?;
        let entri = entri_saksi(inst.kode.as_str(), &p)
            .encode()
            .map_err(internal)?;
        let jejak = pelaku.jejak(now);
        self.store
            .simpan_pernyataan_saksi(instansi, &p, &DaunBaru::baru(entri), &jejak)
            .await
            .map_err(|e| match e {
                netral_store::StoreError::Konflik(_) => AppError::Konflik(
                    "tanda tangan yang sudah dibatalkan tidak dapat disaksikan".into(),
                ),
                e => e.into(),
            })
    }

    /// Revokes a signature with a reason (never deleted): its revocation leaf carries the
    /// same commitment as the signature. The employee can then sign again.
    pub async fn batalkan_ttd(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        ttd: TandaTanganId,
        alasan: &str,
    ) -> AppResult<TandaTanganTersimpan> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        let inst = self.instansi_ada(instansi).await?;
        let t = self.ttd_tersimpan(instansi, ttd).await?;
        let now = self.sekarang();
        let jejak = pelaku.jejak(now);
        let pembatalan = t
            .ttd
            .batalkan(alasan, &jejak.aktor, now)
            .map_err(|e| AppError::Masukan(e.to_string()))?;
        let hash_daun = t
            .ttd
            .hash_daun
            .clone()
            .ok_or_else(|| internal(format!("tanda tangan {ttd} tanpa hash daun")))?;
        let pegawai = self.pegawai_detail(instansi, t.ttd.data.pegawai_id).await?;
        let komitmen = self
            .komitmen_nip(&inst, pegawai.ringkas.identitas.as_str())
            .await?;
        let entri = entri_pencabutan(
            inst.kode.as_str(),
            ttd.0.max(0) as u64,
            &hash_daun,
            pembatalan.waktu,
            &pembatalan.alasan,
            &pembatalan.oleh,
            Some(komitmen),
        )
        .encode()
        .map_err(internal)?;
        let hasil = self
            .store
            .batalkan_tanda_tangan(instansi, ttd, &pembatalan, &DaunBaru::baru(entri), &jejak)
            .await?;
        self.terapkan_ttd_lokal(
            instansi,
            &[PerubahanLokal {
                template: (hasil.ttd.data.template_id, hasil.ttd.data.template_versi),
                perubahan: PerubahanTtd {
                    pegawai_id: hasil.ttd.data.pegawai_id,
                    tanda_tangan_id: hasil.ttd.id,
                    metode: hasil.ttd.data.metode,
                    aktif: false,
                    indeks_daun: hasil.indeks_daun_batal.unwrap_or(hasil.indeks_daun),
                    waktu: pembatalan.waktu,
                },
            }],
        )
        .await;
        Ok(hasil)
    }

    /// Creates an ikrar/deklarasi/apel event.
    pub async fn buat_acara_ikrar(
        &self,
        pelaku: &Pelaku,
        mut baru: AcaraIkrarBaru,
    ) -> AppResult<AcaraIkrar> {
        pelaku.wajib(Izin::KelolaPakta, baru.instansi_id)?;
        baru.nama = netral_domain::teks::rapikan(&baru.nama);
        if baru.nama.is_empty() {
            return Err(AppError::Masukan("nama acara wajib diisi".into()));
        }
        baru.lokasi = baru
            .lokasi
            .map(|l| netral_domain::teks::rapikan(&l))
            .filter(|l| !l.is_empty());
        if let Some(p) = baru.pemilihan_id
            && self.store.pemilihan(baru.instansi_id, p).await?.is_none()
        {
            return Err(AppError::TidakDitemukan(format!("pemilihan {p}")));
        }
        let jejak = pelaku.jejak(self.sekarang());
        Ok(self.store.simpan_acara_ikrar(&baru, &jejak).await?)
    }

    /// The instansi's ikrar events.
    pub async fn daftar_acara_ikrar(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
    ) -> AppResult<Vec<AcaraIkrar>> {
        pelaku
            .wajib(Izin::LihatProgres, instansi)
            .or_else(|_| pelaku.wajib(Izin::KelolaPakta, instansi))?;
        Ok(self.store.daftar_acara_ikrar(instansi).await?)
    }

    /// Records attendance from NIPs or staff-card payloads. Every line is checked first;
    /// if any fails, nothing is written and each line says why.
    pub async fn catat_hadir(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        acara: AcaraIkrarId,
        masukan: Vec<String>,
    ) -> AppResult<LaporanHadir> {
        pelaku
            .wajib(Izin::KelolaPakta, instansi)
            .or_else(|_| pelaku.wajib(Izin::OperasiKiosk, instansi))?;
        if masukan.len() > 20_000 {
            return Err(AppError::Masukan("daftar hadir terlalu panjang".into()));
        }
        let inst = self.instansi_ada(instansi).await?;
        if !self
            .store
            .daftar_acara_ikrar(instansi)
            .await?
            .iter()
            .any(|a| a.id == acara)
        {
            return Err(AppError::TidakDitemukan(format!("acara {acara}")));
        }
        let now = self.sekarang();
        let oleh = pelaku.jejak(now).aktor;
        let mut hasil = Vec::with_capacity(masukan.len());
        let mut hadir = Vec::new();
        for m in masukan {
            let teks = m.trim().to_string();
            let r: AppResult<PegawaiId> = async {
                let identitas = if teks.starts_with(super::otp::AWALAN_KARTU) {
                    self.periksa_kartu(&inst, &teks).await?
                } else {
                    teks.clone()
                };
                let id = self
                    .pegawai_by_identitas(instansi, &identitas)
                    .await?
                    .ok_or_else(|| AppError::TidakDitemukan("NIP tidak terdaftar".into()))?;
                Ok(id)
            }
            .await;
            match r {
                Ok(id) => {
                    hadir.push(KehadiranIkrar {
                        acara_id: acara,
                        pegawai_id: id,
                        waktu: now,
                        dicatat_oleh: oleh.clone(),
                    });
                    hasil.push(HasilHadir {
                        masukan: teks,
                        pegawai_id: Some(id),
                        galat: None,
                    });
                }
                Err(e @ AppError::Internal(_)) => return Err(e),
                Err(e) => hasil.push(HasilHadir {
                    masukan: teks,
                    pegawai_id: None,
                    galat: Some(e.to_string()),
                }),
            }
        }
        if hasil.iter().any(|h| h.galat.is_some()) {
            return Ok(LaporanHadir { hasil, dicatat: 0 });
        }
        let jejak = pelaku.jejak(now);
        let dicatat = self.store.catat_kehadiran(instansi, &hadir, &jejak).await?;
        Ok(LaporanHadir { hasil, dicatat })
    }

    /// Attendance of an event.
    pub async fn kehadiran_ikrar(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        acara: AcaraIkrarId,
    ) -> AppResult<Vec<KehadiranIkrar>> {
        pelaku
            .wajib(Izin::LihatProgres, instansi)
            .or_else(|_| pelaku.wajib(Izin::KelolaPakta, instansi))?;
        Ok(self.store.kehadiran_ikrar(instansi, acara).await?)
    }

    /// One signature (staff with `LihatProgres` or `KelolaPakta`).
    pub async fn tanda_tangan(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        id: TandaTanganId,
    ) -> AppResult<TandaTanganTersimpan> {
        pelaku
            .wajib(Izin::LihatProgres, instansi)
            .or_else(|_| pelaku.wajib(Izin::KelolaPakta, instansi))?;
        self.ttd_tersimpan(instansi, id).await
    }

    /// An employee's signatures, newest first (staff).
    pub async fn tanda_tangan_pegawai(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        pegawai: PegawaiId,
    ) -> AppResult<Vec<TandaTanganTersimpan>> {
        pelaku
            .wajib(Izin::LihatProgres, instansi)
            .or_else(|_| pelaku.wajib(Izin::KelolaPakta, instansi))?;
        self.ttd_milik(instansi, pegawai).await
    }

    /// The signer's own signatures, through their personal link (to download their PDF).
    pub async fn tanda_tangan_saya(&self, token: &str) -> AppResult<Vec<TandaTanganTersimpan>> {
        let t = self.tautan_hidup(token).await?;
        self.ttd_milik(t.instansi_id, t.pegawai_id).await
    }

    async fn ttd_milik(
        &self,
        instansi: InstansiId,
        pegawai: PegawaiId,
    ) -> AppResult<Vec<TandaTanganTersimpan>> {
        let filter = FilterTtd {
            pegawai: Some(pegawai),
            ..FilterTtd::default()
        };
        Ok(self
            .store
            .daftar_tanda_tangan(
                instansi,
                &filter,
                Halaman {
                    nomor: 1,
                    ukuran: 200,
                },
            )
            .await?
            .0)
    }

    /// Signatures matching a filter, newest first, with the total (staff). A unit-scoped
    /// account sees only its subtree.
    pub async fn daftar_tanda_tangan(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        mut filter: FilterTtd,
        halaman: Halaman,
    ) -> AppResult<(Vec<TandaTanganTersimpan>, u64)> {
        pelaku
            .wajib(Izin::LihatProgres, instansi)
            .or_else(|_| pelaku.wajib(Izin::KelolaPakta, instansi))?;
        if let Pelaku::Pengguna(u) = pelaku
            && let Some(unit) = u.unit_id
        {
            match filter.unit {
                None => filter.unit = Some(unit),
                Some(f) if f == unit => {}
                Some(f) => {
                    let units = self.store.daftar_unit(instansi).await?;
                    if !netral_store::subtree(&units, unit).contains(&f) {
                        return Err(AppError::TidakBerwenang);
                    }
                }
            }
        }
        let halaman = Halaman {
            nomor: halaman.nomor.max(1),
            ukuran: halaman.ukuran.clamp(1, 500),
        };
        Ok(self
            .store
            .daftar_tanda_tangan(instansi, &filter, halaman)
            .await?)
    }
}
