//! Paper intake for a whole unit (issue #4 §3): an operator uploads the scans of many
//! wet-signed sheets and matches each to an employee; each becomes a KERTAS_PINDAI signature
//! whose record carries the scan's SHA-256, the scan itself kept in the store.
//!
//! **Semantics of [`App::ttd_kertas_banyak_rinci`]** (and its strict twin
//! [`App::ttd_kertas_banyak`]):
//!
//! 1. Every row is checked before anything is written: file type and size, the same scan
//!    twice, the employee known, within the operator's scope, required by the campaign and
//!    allowed to sign now (stage gating, not yet signed), and not chosen twice. Any wrong row
//!    → `Masukan` naming each wrong row; **nothing is written**.
//! 2. The records are built (as [`App::rekam_ttd`] does) and handed to the store in **one**
//!    `Store::simpan_tanda_tangan` call: one transaction, one savepoint per item. A store
//!    error fails the whole call and nothing is committed.
//! 3. The store may still refuse single items (someone signed between the check and the
//!    commit, the employee became inactive): such an item is rolled back to its savepoint
//!    and the others **are committed**. The detailed answer lists, row by row, the recorded
//!    signature or the refusal; the strict twin answers `Ok` only when every row was
//!    recorded and otherwise a `Konflik` that names both the recorded and the refused rows,
//!    so a partial batch is never reported as done.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Serialize;

use netral_domain::akun::Izin;
use netral_domain::organisasi::{InstansiId, PegawaiId, UnitId};
use netral_domain::pakta::{KampanyeId, MetodeTandaTangan};
use netral_store::{FilterPegawai, Halaman};

use super::{BerkasMasuk, PermintaanTtd, TtdDicatat, internal, nama_cetak, tolak_ke_galat};
use crate::{App, AppError, AppResult, Pelaku};

/// Most scans in one batch (below the batcher's largest transaction).
pub const MAKS_KERTAS: usize = 500;

/// An employee a scan may be matched to: required by the campaign, not yet signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalonKertas {
    pub id: PegawaiId,
    /// NIP or NI PPPK (what a scan's file name may contain); empty for others.
    pub identitas: String,
    pub nama: String,
    pub jabatan: Option<String>,
    pub unit: Option<String>,
}

/// One row of a batch as recorded or refused by the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HasilKertas {
    pub pegawai_id: PegawaiId,
    /// The scan's file name.
    pub berkas: String,
    /// SHA-256 of the scan, lowercase hex.
    pub hash: String,
    pub hasil: Result<TtdDicatat, String>,
}

/// The latest calendar date anywhere in Indonesia now (WIT, UTC+9): a sheet dated today in
/// any time zone of the country is not "in the future".
pub fn hari_ini_indonesia(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    (now + chrono::TimeDelta::hours(9)).date_naive()
}

/// The date written on a paper sheet: refused only when it lies past today everywhere in
/// Indonesia. Every paper route (one sheet, a batch, the unit page) asks this.
pub fn periksa_tanggal_kertas(
    tanggal: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    if tanggal > hari_ini_indonesia(now) {
        return Err(AppError::Masukan(
            "tanggal tanda tangan di kertas tidak boleh di masa depan".into(),
        ));
    }
    Ok(())
}

fn baris_salah(galat: &[(usize, String)]) -> AppError {
    AppError::Masukan(
        galat
            .iter()
            .map(|(i, p)| format!("baris {}: {p}", i + 1))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

impl App {
    /// The employees of `unit` and every unit under it (within the operator's scope) who
    /// must sign the campaign and have not, by name.
    pub async fn calon_kertas_unit(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        kampanye: KampanyeId,
        unit: UnitId,
    ) -> AppResult<Vec<CalonKertas>> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        let snap = self.keadaan_kampanye(instansi, kampanye).await?;
        let ids: HashSet<PegawaiId> = snap
            .belum()
            .filter(|p| p.unit_id == Some(unit) || p.unit_leluhur.contains(&unit))
            .filter(|p| App::dalam_cakupan(pelaku, p).is_ok())
            .map(|p| p.id)
            .collect();
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let unit_ids: Vec<UnitId> = snap
            .roster
            .pegawai
            .iter()
            .filter(|p| ids.contains(&p.id))
            .filter_map(|p| p.unit_id)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let (rows, _) = self
            .store
            .cari_pegawai(
                instansi,
                &FilterPegawai {
                    unit_ids: Some(unit_ids),
                    ..FilterPegawai::default()
                },
                Halaman {
                    nomor: 1,
                    ukuran: u32::try_from(ids.len().saturating_mul(2) + 100).unwrap_or(u32::MAX),
                },
            )
            .await?;
        let mut out: Vec<CalonKertas> = rows
            .into_iter()
            .filter(|p| ids.contains(&p.id))
            .map(|p| CalonKertas {
                id: p.id,
                identitas: match p.jenis.identitas_wajib() {
                    netral_domain::pegawai::JenisIdentitas::Nik => String::new(),
                    _ => p.identitas.clone(),
                },
                nama: nama_cetak(&p),
                jabatan: p.jabatan,
                unit: p.unit,
            })
            .collect();
        out.sort_by(|a, b| a.nama.cmp(&b.nama).then(a.id.0.cmp(&b.id.0)));
        Ok(out)
    }

    /// The row errors (in Indonesian) of a planned batch, one per employee: `None` when the
    /// employee may be recorded now. See the module documentation, step 1.
    pub async fn periksa_kertas_banyak(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        kampanye: KampanyeId,
        pegawai: &[PegawaiId],
    ) -> AppResult<Vec<Option<String>>> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        let k = self.kampanye_internal(instansi, kampanye).await?;
        let now = self.sekarang();
        let mut dilihat: HashMap<PegawaiId, usize> = HashMap::new();
        let mut out = Vec::with_capacity(pegawai.len());
        for (i, id) in pegawai.iter().enumerate() {
            if let Some(j) = dilihat.get(id) {
                out.push(Some(format!(
                    "pegawai ini sudah dipilih di baris {}",
                    j + 1
                )));
                continue;
            }
            dilihat.insert(*id, i);
            let Some(cek) = self.cek_penanda(instansi, kampanye, *id).await? else {
                out.push(Some("pegawai tidak ditemukan di instansi ini".into()));
                continue;
            };
            if App::dalam_cakupan(pelaku, &cek.ringkas).is_err() {
                out.push(Some("pegawai di luar unit yang boleh Anda kelola".into()));
                continue;
            }
            out.push(
                k.boleh_tanda_tangan(&cek.ringkas, &cek.keadaan, cek.sudah.is_some(), now)
                    .map_err(tolak_ke_galat)
                    .err()
                    .map(|e| e.to_string()),
            );
        }
        Ok(out)
    }

    /// Paper intake of many scans at once; each row's outcome. See the module
    /// documentation for what is written when.
    pub async fn ttd_kertas_banyak_rinci(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        kampanye_id: KampanyeId,
        daftar: Vec<(PegawaiId, BerkasMasuk)>,
        tanggal_tanda_tangan: NaiveDate,
    ) -> AppResult<Vec<HasilKertas>> {
        pelaku.wajib(Izin::KelolaPakta, instansi)?;
        if daftar.is_empty() {
            return Err(AppError::Masukan("tidak ada pindaian untuk dicatat".into()));
        }
        if daftar.len() > MAKS_KERTAS {
            return Err(AppError::Masukan(format!(
                "paling banyak {MAKS_KERTAS} pindaian per kiriman"
            )));
        }
        periksa_tanggal_kertas(tanggal_tanda_tangan, self.sekarang())?;
        let ids: Vec<PegawaiId> = daftar.iter().map(|(p, _)| *p).collect();
        let mut galat: Vec<(usize, String)> = self
            .periksa_kertas_banyak(pelaku, instansi, kampanye_id, &ids)
            .await?
            .into_iter()
            .enumerate()
            .filter_map(|(i, g)| g.map(|g| (i, g)))
            .collect();
        let mut berkas = Vec::with_capacity(daftar.len());
        let mut hash_dilihat: HashMap<String, usize> = HashMap::new();
        for (i, (_, b)) in daftar.into_iter().enumerate() {
            let nama = b.nama.clone();
            match b.periksa() {
                Ok(b) => {
                    let h = b.hash.as_str().to_string();
                    if let Some(j) = hash_dilihat.insert(h, i) {
                        galat.push((
                            i,
                            format!("{nama}: pindaian yang sama dengan baris {}", j + 1),
                        ));
                    }
                    berkas.push(Some(b));
                }
                Err(e) => {
                    galat.push((i, format!("{nama}: {e}")));
                    berkas.push(None);
                }
            }
        }
        if !galat.is_empty() {
            galat.sort_by_key(|(i, _)| *i);
            return Err(baris_salah(&galat));
        }
        let inst = self.instansi_ada(instansi).await?;
        let kampanye = Arc::new(self.kampanye_internal(instansi, kampanye_id).await?);
        let lokasi = format!(
            "kertas bertanggal {}",
            tanggal_tanda_tangan.format("%Y-%m-%d")
        );
        let mut batch = Vec::with_capacity(ids.len());
        let mut info = Vec::with_capacity(ids.len());
        for (i, (id, b)) in ids.iter().zip(berkas).enumerate() {
            let b = b.ok_or_else(|| internal("berkas hilang setelah diperiksa"))?;
            info.push((*id, b.nama.clone(), b.hash.as_str().to_string()));
            let pegawai = self
                .store
                .pegawai(instansi, *id)
                .await?
                .ok_or_else(|| AppError::TidakDitemukan(format!("pegawai {id}")))?;
            let masuk = self
                .siapkan_ttd(PermintaanTtd {
                    instansi: inst.clone(),
                    kampanye: kampanye.clone(),
                    pegawai,
                    metode: MetodeTandaTangan::KertasPindai,
                    gambar: None,
                    tempat: None,
                    lokasi: Some(lokasi.clone()),
                    bukti: Some(b),
                    mewakili: vec![],
                    mandat: None,
                    kunci_idempoten: None,
                })
                .await
                .map_err(|e| baris_salah(&[(i, e.to_string())]))?;
            batch.push(masuk);
        }
        let hasil = self.store.simpan_tanda_tangan(instansi, &batch).await?;
        if hasil.len() != batch.len() {
            return Err(internal(format!(
                "simpan_tanda_tangan menjawab {} hasil untuk {} item",
                hasil.len(),
                batch.len()
            )));
        }
        let mut out = Vec::with_capacity(hasil.len());
        for ((pegawai_id, berkas, hash), h) in info.into_iter().zip(hasil) {
            let hasil = self
                .selesaikan_ttd(instansi, pegawai_id, h)
                .await
                .map_err(|e| e.to_string());
            out.push(HasilKertas {
                pegawai_id,
                berkas,
                hash,
                hasil,
            });
        }
        Ok(out)
    }

    /// Paper intake of many scans at once, all or a `Konflik` naming what was recorded and
    /// what was refused (see the module documentation).
    pub async fn ttd_kertas_banyak(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        kampanye: KampanyeId,
        daftar: Vec<(PegawaiId, BerkasMasuk)>,
        tanggal_tanda_tangan: NaiveDate,
    ) -> AppResult<Vec<TtdDicatat>> {
        let hasil = self
            .ttd_kertas_banyak_rinci(pelaku, instansi, kampanye, daftar, tanggal_tanda_tangan)
            .await?;
        if hasil.iter().all(|h| h.hasil.is_ok()) {
            return Ok(hasil.into_iter().filter_map(|h| h.hasil.ok()).collect());
        }
        let tercatat: Vec<String> = hasil
            .iter()
            .filter_map(|h| {
                h.hasil
                    .as_ref()
                    .ok()
                    .map(|t| format!("{} → #{}", h.berkas, t.id))
            })
            .collect();
        let ditolak: Vec<String> = hasil
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                h.hasil
                    .as_ref()
                    .err()
                    .map(|e| format!("baris {} ({}): {e}", i + 1, h.berkas))
            })
            .collect();
        Err(AppError::Konflik(format!(
            "sebagian ditolak: {} dari {} tercatat [{}]; ditolak: {}",
            tercatat.len(),
            hasil.len(),
            tercatat.join(", "),
            ditolak.join("; ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::hari_ini_indonesia;

    #[test]
    fn hari_ini_menurut_wit() {
        // 16:30 UTC is already the next day in WIT (UTC+9); 14:59 UTC is not.
        let t = Utc.with_ymd_and_hms(2024, 10, 1, 16, 30, 0).unwrap();
        assert_eq!(
            hari_ini_indonesia(t),
            NaiveDate::from_ymd_opt(2024, 10, 2).unwrap()
        );
        let t = Utc.with_ymd_and_hms(2024, 10, 1, 14, 59, 0).unwrap();
        assert_eq!(
            hari_ini_indonesia(t),
            NaiveDate::from_ymd_opt(2024, 10, 1).unwrap()
        );
    }
}
