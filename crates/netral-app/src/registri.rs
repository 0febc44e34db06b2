//! Reading the registry: the unit tree, the employee list and one employee, always within
//! the acting user's instansi and, for unit-scoped accounts, their unit subtree.

use std::collections::HashMap;

use serde::Serialize;

use netral_domain::akun::{Izin, User};
use netral_domain::organisasi::{Instansi, PegawaiId, SimpulUnit, UnitId, UnitKerja, susun_pohon};
use netral_domain::pegawai::{JenisPegawai, StatusPegawai};
use netral_store::{FilterPegawai, Halaman, PegawaiDetail, PegawaiRingkas, jalur_unit, subtree};

use crate::{App, AppError, AppResult, Pelaku};

/// Query of the employee list as the page and API receive it (already parsed).
#[derive(Debug, Clone, Default)]
pub struct KueriPegawai {
    pub q: Option<String>,
    pub unit: Option<UnitId>,
    pub jenis: Option<JenisPegawai>,
    pub status: Option<StatusPegawai>,
    pub halaman: u32,
    pub ukuran: u32,
}

/// One page of employees.
#[derive(Debug, Clone, Serialize)]
pub struct HalamanPegawai {
    pub items: Vec<PegawaiRingkas>,
    pub total: u64,
    pub halaman: u32,
    pub ukuran: u32,
    pub jumlah_halaman: u64,
}

/// An employee with the path of their unit.
#[derive(Debug, Clone, Serialize)]
pub struct DetailPegawai {
    pub pegawai: PegawaiDetail,
    pub jalur_unit: Vec<String>,
}

/// Counts for the dashboard.
#[derive(Debug, Clone, Serialize)]
pub struct RingkasanRegistri {
    pub instansi: Instansi,
    pub unit: usize,
    pub pegawai_aktif: u64,
    pub per_jenis: Vec<(String, u64)>,
}

impl App {
    /// The user's instansi.
    pub async fn instansi_user(&self, user: &User) -> AppResult<Instansi> {
        self.store
            .instansi(user.instansi_id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan("instansi".into()))
    }

    /// Units the user may see: all, or their subtree.
    async fn unit_terlihat(&self, user: &User) -> AppResult<(Vec<UnitKerja>, Option<Vec<UnitId>>)> {
        let units = self.store.daftar_unit(user.instansi_id).await?;
        let batas = user.unit_id.map(|u| subtree(&units, u));
        Ok((units, batas))
    }

    /// The unit tree with employee counts (a unit-scoped user sees their subtree only).
    pub async fn pohon_unit(&self, pelaku: &Pelaku, user: &User) -> AppResult<Vec<SimpulUnit>> {
        pelaku.wajib(Izin::LihatRegistri, user.instansi_id)?;
        let (units, batas) = self.unit_terlihat(user).await?;
        let jumlah = self.store.jumlah_per_unit(user.instansi_id).await?;
        let units: Vec<UnitKerja> = match &batas {
            Some(b) => units
                .into_iter()
                .filter(|u| b.contains(&u.id))
                .map(|mut u| {
                    if u.induk_id.is_some_and(|i| !b.contains(&i)) {
                        u.induk_id = None;
                    }
                    u
                })
                .collect(),
            None => units,
        };
        Ok(susun_pohon(&units, &jumlah))
    }

    /// Dashboard counts.
    pub async fn ringkasan(&self, pelaku: &Pelaku, user: &User) -> AppResult<RingkasanRegistri> {
        pelaku.wajib(Izin::LihatRegistri, user.instansi_id)?;
        let instansi = self.instansi_user(user).await?;
        let (units, batas) = self.unit_terlihat(user).await?;
        let statistik = self
            .store
            .statistik_pegawai(user.instansi_id, batas.as_deref())
            .await?;
        let hitung = |j: JenisPegawai| -> u64 {
            statistik
                .iter()
                .filter(|(jj, s, _)| *jj == j && *s == StatusPegawai::Aktif)
                .map(|(_, _, n)| n)
                .sum()
        };
        let per_jenis: Vec<(String, u64)> = JenisPegawai::ALL
            .iter()
            .map(|j| (j.label().to_string(), hitung(*j)))
            .collect();
        let total = per_jenis.iter().map(|(_, n)| n).sum();
        let unit = batas.as_ref().map_or(units.len(), Vec::len);
        Ok(RingkasanRegistri {
            instansi,
            unit,
            pegawai_aktif: total,
            per_jenis,
        })
    }

    /// Searches employees within what the user may see.
    pub async fn daftar_pegawai(
        &self,
        pelaku: &Pelaku,
        user: &User,
        k: KueriPegawai,
    ) -> AppResult<HalamanPegawai> {
        pelaku.wajib(Izin::LihatRegistri, user.instansi_id)?;
        let (units, batas) = self.unit_terlihat(user).await?;
        let unit_ids = match (k.unit, batas) {
            (Some(u), Some(b)) if !b.contains(&u) => return Err(AppError::TidakBerwenang),
            (Some(u), _) => {
                if !units.iter().any(|x| x.id == u) {
                    return Err(AppError::TidakDitemukan(format!("unit {u}")));
                }
                Some(subtree(&units, u))
            }
            (None, b) => b,
        };
        let ukuran = k.ukuran.clamp(1, 200);
        let halaman = k.halaman.max(1);
        let filter = FilterPegawai {
            q: k.q,
            unit_ids,
            jenis: k.jenis,
            status: k.status,
        };
        let (items, total) = self
            .store
            .cari_pegawai(
                user.instansi_id,
                &filter,
                Halaman {
                    nomor: halaman,
                    ukuran,
                },
            )
            .await?;
        Ok(HalamanPegawai {
            items,
            total,
            halaman,
            ukuran,
            jumlah_halaman: total.div_ceil(u64::from(ukuran)).max(1),
        })
    }

    /// One employee, if the user may see them. Another instansi's employee is simply not
    /// found (no hint that the id exists elsewhere).
    pub async fn detail_pegawai(
        &self,
        pelaku: &Pelaku,
        user: &User,
        id: PegawaiId,
    ) -> AppResult<DetailPegawai> {
        pelaku.wajib(Izin::LihatRegistri, user.instansi_id)?;
        let tidak_ada = || AppError::TidakDitemukan(format!("pegawai {id}"));
        let p = self
            .store
            .pegawai(user.instansi_id, id)
            .await?
            .ok_or_else(tidak_ada)?;
        let (units, batas) = self.unit_terlihat(user).await?;
        if let Some(b) = batas
            && !p.ringkas.unit_id.is_some_and(|u| b.contains(&u))
        {
            return Err(tidak_ada());
        }
        let peta: HashMap<UnitId, UnitKerja> = units.into_iter().map(|u| (u.id, u)).collect();
        let jalur = p
            .ringkas
            .unit_id
            .map(|u| jalur_unit(&peta, u))
            .unwrap_or_default();
        Ok(DetailPegawai {
            pegawai: p,
            jalur_unit: jalur,
        })
    }

    /// Units for filter pickers, as (id, indented path name).
    pub async fn pilihan_unit(&self, user: &User) -> AppResult<Vec<(UnitId, String)>> {
        let (units, batas) = self.unit_terlihat(user).await?;
        let peta: HashMap<UnitId, UnitKerja> = units.iter().map(|u| (u.id, u.clone())).collect();
        let mut out: Vec<(UnitId, String)> = units
            .iter()
            .filter(|u| batas.as_ref().is_none_or(|b| b.contains(&u.id)))
            .map(|u| (u.id, jalur_unit(&peta, u.id).join(" › ")))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }
}

impl App {
    /// The newest audit entries of the user's instansi (100 per page, paged by id).
    pub async fn log_audit(
        &self,
        pelaku: &Pelaku,
        user: &User,
        sebelum: Option<i64>,
    ) -> AppResult<Vec<netral_domain::audit::EntriAudit>> {
        pelaku.wajib(Izin::LihatAudit, user.instansi_id)?;
        Ok(self
            .store
            .daftar_audit(user.instansi_id, 100, sebelum)
            .await?)
    }
}
