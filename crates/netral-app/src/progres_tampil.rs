//! Progress views of a signing campaign: the staff dashboard with drill-down through the unit
//! tree ([`App::progres`]), the public aggregate ([`App::progres_publik`], no names) and
//! reminders to those who have not signed yet ([`App::kirim_pengingat`]).
//!
//! The facts come from the campaign's progress snapshot ([`App::keadaan_kampanye`]: the
//! roster with unit ancestry and who holds an active signature on the campaign's template
//! version). The counting rules are the domain's ([`Kampanye::rekap`]): only active,
//! in-scope employees with a stage are asked to sign. A unit's numbers are aggregated over
//! its whole subtree; stage states (open, late) are campaign-wide.

use std::collections::HashSet;

use chrono::{DateTime, TimeDelta, Utc};
use netral_domain::akun::Izin;
use netral_domain::organisasi::{Instansi, InstansiId, UnitId, UnitKerja};
use netral_domain::pakta::{Kampanye, KampanyeId, MetodeTandaTangan, RekapAngka, SifatTahap};
use netral_store::ttd::NotifikasiBaru;
use netral_store::{AuditBaru, PegawaiId, subtree};

use crate::{App, AppError, AppResult, Pelaku};

/// Minimum time between two reminders for the same campaign and unit.
pub const JEDA_PENGINGAT: TimeDelta = TimeDelta::hours(6);
/// Audit action of a reminder round (also the rate-limit record).
pub const AKSI_PENGINGAT: &str = "KIRIM_PENGINGAT";

/// One stage row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarisTahap {
    pub nama: String,
    pub sifat: SifatTahap,
    pub tenggat: Option<DateTime<Utc>>,
    pub angka: RekapAngka,
    /// Complete (everyone in it signed).
    pub selesai: bool,
    /// Past its target date and not complete.
    pub terlambat: bool,
}

/// One child unit row (numbers over its whole subtree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarisUnit {
    pub id: UnitId,
    pub nama: String,
    pub angka: RekapAngka,
    /// Whether it has units below it (the row links further down).
    pub punya_anak: bool,
}

/// The staff progress view of one campaign, optionally within one unit's subtree.
#[derive(Debug, Clone)]
pub struct TampilanProgres {
    pub kampanye: Kampanye,
    pub unit: Option<UnitId>,
    /// Breadcrumbs from the top-level unit down to `unit` (empty for the whole instansi).
    pub jalur: Vec<(UnitId, String)>,
    pub total: RekapAngka,
    /// In campaign stage order.
    pub tahap: Vec<BarisTahap>,
    /// The units directly below `unit` (top-level units for the whole instansi), by name.
    pub anak: Vec<BarisUnit>,
    /// Employees placed directly in `unit` (or in no unit, for the whole instansi).
    pub langsung: RekapAngka,
    /// Active signatures in scope by the hour they were given (UTC hour start), ascending.
    pub per_jam: Vec<(DateTime<Utc>, u64)>,
    /// Active signatures in scope by method, in method order; methods with none omitted.
    pub per_metode: Vec<(MetodeTandaTangan, u64)>,
    /// People in scope not asked to sign (inactive, other employment type, no stage).
    pub tidak_wajib: u64,
    /// When these numbers were computed.
    pub waktu: DateTime<Utc>,
}

/// The public aggregate of one campaign: numbers only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KampanyePublik {
    pub id: KampanyeId,
    pub nama: String,
    pub total: RekapAngka,
    /// Stage names with their numbers.
    pub tahap: Vec<(String, RekapAngka)>,
    pub dibuka: Option<DateTime<Utc>>,
    pub ditutup: Option<DateTime<Utc>>,
}

/// What the public progress page shows for a Pemda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgresPublik {
    pub instansi_kode: String,
    pub instansi_nama: String,
    pub demo: bool,
    /// The campaigns open now, newest first (empty when none is open).
    pub kampanye: Vec<KampanyePublik>,
    pub waktu: DateTime<Utc>,
}

/// Checks that the actor has at least one of `izin` in `instansi`.
pub(crate) fn wajib_salah_satu(
    pelaku: &Pelaku,
    izin: &[Izin],
    instansi: InstansiId,
) -> AppResult<()> {
    if izin.iter().any(|i| pelaku.wajib(*i, instansi).is_ok()) {
        Ok(())
    } else {
        Err(AppError::TidakBerwenang)
    }
}

/// The units an actor may see within the asked unit: `None` = the whole instansi. A
/// unit-scoped account asking for the whole instansi gets its own subtree; asking for a unit
/// outside it is refused.
pub(crate) fn lingkup_unit(
    pelaku: &Pelaku,
    units: &[UnitKerja],
    unit: Option<UnitId>,
) -> AppResult<Option<HashSet<UnitId>>> {
    if let Some(u) = unit
        && !units.iter().any(|x| x.id == u)
    {
        return Err(AppError::TidakDitemukan(format!("unit kerja {u}")));
    }
    let batas = match pelaku {
        Pelaku::Pengguna(user) => user.unit_id,
        Pelaku::Cli(_) => None,
    };
    match (unit, batas) {
        (Some(u), Some(b)) => {
            if subtree(units, b).contains(&u) {
                Ok(Some(subtree(units, u).into_iter().collect()))
            } else {
                Err(AppError::TidakBerwenang)
            }
        }
        (Some(u), None) | (None, Some(u)) => Ok(Some(subtree(units, u).into_iter().collect())),
        (None, None) => Ok(None),
    }
}

/// The unit a view starts at: the one asked for, else a unit-bound account's own unit,
/// else `None` (the whole instansi).
pub(crate) fn akar_lingkup(pelaku: &Pelaku, unit: Option<UnitId>) -> Option<UnitId> {
    unit.or(match pelaku {
        Pelaku::Pengguna(u) => u.unit_id,
        Pelaku::Cli(_) => None,
    })
}

/// Whether an employee's own unit is within the scope.
pub(crate) fn dalam(lingkup: &Option<HashSet<UnitId>>, unit: Option<UnitId>) -> bool {
    match lingkup {
        None => true,
        Some(s) => unit.is_some_and(|u| s.contains(&u)),
    }
}

/// `2026-11-24 09:12 WIB`.
pub(crate) fn wib(t: DateTime<Utc>) -> String {
    (t + TimeDelta::hours(7))
        .format("%Y-%m-%d %H:%M WIB")
        .to_string()
}

impl App {
    /// The progress of a campaign for staff (see [`TampilanProgres`]). Needs
    /// `LihatProgres`; a unit-scoped account sees its own subtree.
    pub async fn progres(
        &self,
        pelaku: &Pelaku,
        instansi: &Instansi,
        kampanye_id: KampanyeId,
        unit: Option<UnitId>,
    ) -> AppResult<TampilanProgres> {
        pelaku.wajib(Izin::LihatProgres, instansi.id)?;
        let now = self.sekarang();
        // Everything below reads the snapshot's cached unit tree and per-unit totals: the
        // cost is the number of units, not of employees.
        let f = self.keadaan_kampanye(instansi.id, kampanye_id).await?;
        let pohon = f.pohon();
        // The same checks as `lingkup_unit`, on the cached tree (no subtree listing).
        if let Some(u) = unit {
            if pohon.unit(u).is_none() {
                return Err(AppError::TidakDitemukan(format!("unit kerja {u}")));
            }
            if let Pelaku::Pengguna(user) = pelaku
                && let Some(b) = user.unit_id
                && !pohon.di_subtree(u, b)
            {
                return Err(AppError::TidakBerwenang);
            }
        }
        // A unit-scoped account asking for everything starts at its own unit.
        let akar = akar_lingkup(pelaku, unit);
        let k = &*f.kampanye;
        let lingkup = f.subtree(akar);
        let total = lingkup.angka.total();
        // Stage states are campaign-wide (a stage gates everyone), numbers are the scope's.
        let keadaan_semua = f.keadaan_tahap();
        let tahap = k
            .tahap
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let angka = lingkup.angka.per_tahap.get(i).copied().unwrap_or_default();
                let keadaan = keadaan_semua.get(i).copied().unwrap_or_default();
                BarisTahap {
                    nama: t.nama.clone(),
                    sifat: t.sifat,
                    tenggat: t.tenggat,
                    angka,
                    selesai: angka.lengkap(),
                    terlambat: k.terlambat(i, &keadaan, now),
                }
            })
            .collect();

        // Children of the root (by name), each aggregated over its subtree; whoever in scope
        // is in none of them is placed directly in the root.
        let anak: Vec<BarisUnit> = pohon
            .anak(akar)
            .map(|u| BarisUnit {
                id: u.id,
                nama: u.nama.clone(),
                angka: f.total_subtree(u.id),
                punya_anak: pohon.punya_anak(u.id),
            })
            .collect();
        let langsung = anak.iter().fold(total, |a, b| RekapAngka {
            wajib: a.wajib.saturating_sub(b.angka.wajib),
            sudah: a.sudah.saturating_sub(b.angka.sudah),
        });

        let mut jalur = Vec::new();
        let mut cur = akar;
        while let Some(c) = cur {
            let Some(u) = pohon.unit(c) else { break };
            jalur.push((u.id, u.nama.clone()));
            cur = u.induk_id;
            if jalur.len() > 64 {
                break;
            }
        }
        jalur.reverse();

        Ok(TampilanProgres {
            unit: akar,
            jalur,
            total,
            tahap,
            anak,
            langsung,
            per_jam: lingkup.per_jam,
            per_metode: lingkup.angka.per_metode.into_iter().collect(),
            tidak_wajib: lingkup.angka.tidak_wajib,
            waktu: now,
            kampanye: (*f.kampanye).clone(),
        })
    }

    /// Public aggregate progress of a Pemda's open campaigns: numbers only, no names, no
    /// units. Unknown kode is `TidakDitemukan`.
    pub async fn progres_publik(&self, kode_instansi: &str) -> AppResult<ProgresPublik> {
        let instansi = self.instansi_wajib(kode_instansi).await?;
        let now = self.sekarang();
        let mut terbuka: Vec<Kampanye> = self
            .store
            .daftar_kampanye(instansi.id)
            .await?
            .into_iter()
            .filter(|k| k.dibuka.is_none_or(|d| d <= now) && k.ditutup.is_none_or(|d| now < d))
            .collect();
        terbuka.sort_by_key(|k| std::cmp::Reverse(k.id));
        let mut kampanye = Vec::with_capacity(terbuka.len());
        {
            for k in terbuka {
                let f = self.keadaan_kampanye(instansi.id, k.id).await?;
                let r = f.rekap();
                kampanye.push(KampanyePublik {
                    id: k.id,
                    tahap: k
                        .tahap
                        .iter()
                        .zip(&r.per_tahap)
                        .map(|(t, a)| (t.nama.clone(), *a))
                        .collect(),
                    nama: k.nama,
                    total: r.total,
                    dibuka: k.dibuka,
                    ditutup: k.ditutup,
                });
            }
        }
        Ok(ProgresPublik {
            instansi_kode: instansi.kode.to_string(),
            instansi_nama: instansi.nama,
            demo: instansi.demo,
            kampanye,
            waktu: now,
        })
    }

    /// Queues a reminder to every employee in scope who may sign now but has not, through
    /// the outbox (e-mail when known, else SMS to the phone number). At most once per
    /// [`JEDA_PENGINGAT`] per campaign and unit; audit-logged. Returns how many were queued.
    pub async fn kirim_pengingat(
        &self,
        pelaku: &Pelaku,
        instansi: &Instansi,
        kampanye_id: KampanyeId,
        unit: Option<UnitId>,
    ) -> AppResult<u64> {
        static SATU_PER_SATU: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        pelaku.wajib(Izin::KelolaPakta, instansi.id)?;
        let units = self.store.daftar_unit(instansi.id).await?;
        let lingkup = lingkup_unit(pelaku, &units, unit)?;
        let _kunci = SATU_PER_SATU.lock().await;
        let now = self.sekarang();
        let sasaran = format!(
            "{kampanye_id}/{}",
            akar_lingkup(pelaku, unit).map_or_else(|| "semua".to_string(), |u| u.to_string())
        );
        if let Some(terakhir) = self
            .pengingat_terakhir(instansi.id, &sasaran, now - JEDA_PENGINGAT)
            .await?
        {
            return Err(AppError::Konflik(format!(
                "pengingat untuk kampanye dan unit ini sudah dikirim pada {}; \
                 pengingat berikutnya dapat dikirim setelah {}",
                wib(terakhir),
                wib(terakhir + JEDA_PENGINGAT)
            )));
        }
        let f = self.keadaan_kampanye(instansi.id, kampanye_id).await?;
        let k = &*f.kampanye;
        if k.ditutup.is_some_and(|d| now >= d) {
            return Err(AppError::Konflik(
                "kampanye sudah ditutup; pengingat tidak dikirim".into(),
            ));
        }
        let keadaan = f.keadaan_tahap();
        let belum: Vec<PegawaiId> = f
            .belum()
            .filter(|p| dalam(&lingkup, p.unit_id))
            .filter(|p| k.boleh_tanda_tangan(p, keadaan, false, now).is_ok())
            .map(|p| p.id)
            .collect();
        let url = self.konfigurasi_log().url_dasar();
        let mut pesan = Vec::new();
        let mut tanpa_kontak = 0u64;
        for id in &belum {
            let Some(d) = self.store.pegawai(instansi.id, *id).await? else {
                continue;
            };
            let kontak = d
                .email
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(|e| ("email", e))
                .or_else(|| {
                    d.no_hp
                        .as_deref()
                        .map(str::trim)
                        .filter(|h| !h.is_empty())
                        .map(|h| ("sms", h))
                });
            let Some((saluran, tujuan)) = kontak else {
                tanpa_kontak += 1;
                continue;
            };
            pesan.push(NotifikasiBaru {
                instansi_id: instansi.id,
                pegawai_id: Some(*id),
                saluran: saluran.to_string(),
                tujuan: tujuan.to_string(),
                subjek: format!("Pengingat: {}", k.nama),
                isi: format!(
                    "Yth. {}, Anda belum menandatangani Pakta Integritas Netralitas ASN \
                     ({}) {}. Silakan menandatangani melalui tautan pribadi dari BKPSDM, \
                     di kios unit kerja Anda, atau di {url}/tandatangan. Abaikan pesan ini \
                     bila Anda sudah menandatanganinya.",
                    d.ringkas.nama, k.nama, instansi.nama
                ),
                dibuat: now,
                kirim_setelah: now,
            });
        }
        if !pesan.is_empty() {
            self.store.antre_notifikasi(&pesan).await?;
        }
        let jumlah = pesan.len() as u64;
        self.store
            .catat_audit(
                &AuditBaru {
                    instansi_id: instansi.id,
                    aksi: AKSI_PENGINGAT.into(),
                    entitas: "kampanye".into(),
                    entitas_id: Some(sasaran),
                    sebelum: None,
                    sesudah: Some(
                        serde_json::json!({
                            "diantrekan": jumlah,
                            "belum": belum.len(),
                            "tanpa_kontak": tanpa_kontak,
                        })
                        .to_string(),
                    ),
                },
                &pelaku.jejak(now),
            )
            .await?;
        Ok(jumlah)
    }

    /// The newest reminder round for `sasaran` at or after `sejak`, from the audit log.
    async fn pengingat_terakhir(
        &self,
        instansi: InstansiId,
        sasaran: &str,
        sejak: DateTime<Utc>,
    ) -> AppResult<Option<DateTime<Utc>>> {
        let mut sebelum = None;
        loop {
            let halaman = self.store.daftar_audit(instansi, 200, sebelum).await?;
            let Some(akhir) = halaman.last() else {
                return Ok(None);
            };
            sebelum = Some(akhir.id);
            for e in &halaman {
                if e.waktu < sejak {
                    return Ok(None);
                }
                if e.aksi == AKSI_PENGINGAT && e.entitas_id.as_deref() == Some(sasaran) {
                    return Ok(Some(e.waktu));
                }
            }
            if halaman.len() < 200 {
                return Ok(None);
            }
        }
    }
}
