//! Campaign progress kept in memory (issue #4 §5 core): who of the roster holds an active
//! signature on the campaign's template version, counted by stage, unit and hour.
//!
//! **How it stays fresh.** Per campaign the process keeps the roster
//! ([`Store::roster_kampanye`](netral_store::Store::roster_kampanye), reloaded when
//! [`versi_registri`](netral_store::Store::versi_registri) changes), the active signatures
//! and a **watermark**: the highest leaf index of the signature changes applied. A refresh
//! asks the store only for the changes after the watermark
//! ([`perubahan_ttd`](netral_store::Store::perubahan_ttd)), so it works across processes
//! (two servers on one PostgreSQL) and costs two indexed queries when nothing moved. The
//! counts are kept incrementally; an unchanged state hands out the same cached
//! [`SnapshotKampanye`] (no per-request work proportional to the roster). Signatures this
//! process just committed are applied at once ([`App::terapkan_ttd_lokal`]) without moving
//! the watermark; re-applying them from the store later is a no-op.
//!
//! **Per unit.** Next to the campaign-wide counts the state keeps each unit's own numbers
//! ([`AngkaUnit`]: per stage, not asked, per method, per hour), updated by the same changes,
//! and the unit tree ([`PohonUnit`], read with the roster once per registry version). A
//! snapshot sums the own numbers up the tree on first use and remembers each subtree's hours
//! asked for, so the staff view ([`App::progres`](crate::App::progres)) costs the number of
//! units, not of employees.
//!
//! Between two store checks at most [`SEGAR`] passes; within it, the state answers from
//! memory (own commits are already in it).
//!
//! Not done here: closing a stage by hand (`ditutup_manual` is always false), and
//! PERWAKILAN signatures count for the signer only, not for the people represented.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde::Serialize;

use netral_domain::akun::Izin;
use netral_domain::organisasi::{InstansiId, PegawaiId, UnitId, UnitKerja};
use netral_domain::pakta::{
    Kampanye, KampanyeId, KeadaanTahap, MetodeTandaTangan, PegawaiRingkas, RekapAngka,
    RekapKampanye, TandaTanganId,
};
use netral_store::ttd::PerubahanTtd;

use crate::{App, AppError, AppResult, Pelaku};

/// How long the in-memory state is trusted before asking the store again.
pub const SEGAR: Duration = Duration::from_millis(100);

/// One active signature of a roster member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InfoTtd {
    pub id: TandaTanganId,
    pub metode: MetodeTandaTangan,
    pub waktu: DateTime<Utc>,
}

/// The roster of an instansi as one campaign sees it (stage of each member precomputed).
#[derive(Debug)]
pub struct Roster {
    pub pegawai: Vec<PegawaiRingkas>,
    /// Stage index of each member (same order), `None` when not required to sign.
    pub tahap: Vec<Option<usize>>,
    indeks: HashMap<PegawaiId, usize>,
    versi_registri: i64,
}

impl Roster {
    pub fn cari(&self, id: PegawaiId) -> Option<&PegawaiRingkas> {
        self.indeks.get(&id).map(|&i| &self.pegawai[i])
    }

    fn posisi(&self, id: PegawaiId) -> Option<usize> {
        self.indeks.get(&id).copied()
    }
}

/// The unit tree of an instansi for one registry version (read once per version).
#[derive(Debug)]
pub struct PohonUnit {
    pub units: Vec<UnitKerja>,
    indeks: HashMap<UnitId, usize>,
    /// Positions in `units` of the units directly below a unit (`None` = top level),
    /// sorted by name then id.
    anak: HashMap<Option<UnitId>, Vec<usize>>,
}

impl PohonUnit {
    fn baru(units: Vec<UnitKerja>) -> Self {
        let indeks = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let mut anak: HashMap<Option<UnitId>, Vec<usize>> = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            anak.entry(u.induk_id).or_default().push(i);
        }
        for v in anak.values_mut() {
            v.sort_by(|a, b| {
                let (a, b) = (&units[*a], &units[*b]);
                a.nama.cmp(&b.nama).then(a.id.cmp(&b.id))
            });
        }
        PohonUnit {
            units,
            indeks,
            anak,
        }
    }

    pub fn unit(&self, id: UnitId) -> Option<&UnitKerja> {
        self.indeks.get(&id).map(|&i| &self.units[i])
    }

    /// The units directly below `induk` (`None` = top level), by name.
    pub fn anak(&self, induk: Option<UnitId>) -> impl Iterator<Item = &UnitKerja> {
        self.anak
            .get(&induk)
            .into_iter()
            .flatten()
            .map(|&i| &self.units[i])
    }

    pub fn punya_anak(&self, id: UnitId) -> bool {
        self.anak.contains_key(&Some(id))
    }

    /// Whether `unit` is `akar` or below it.
    pub fn di_subtree(&self, unit: UnitId, akar: UnitId) -> bool {
        self.ke_atas(unit).contains(&akar)
    }

    /// `id` and every unit above it (each once, also on a cyclic tree): the units whose
    /// subtree contains `id`.
    fn ke_atas(&self, id: UnitId) -> Vec<UnitId> {
        let mut out = vec![id];
        let mut cur = self.unit(id).and_then(|u| u.induk_id);
        while let Some(c) = cur {
            if out.contains(&c) {
                break;
            }
            out.push(c);
            cur = self.unit(c).and_then(|u| u.induk_id);
        }
        out
    }

    /// Every unit in the subtree rooted at `akar` (inclusive).
    fn di_bawah(&self, akar: UnitId) -> Vec<UnitId> {
        let mut out = vec![akar];
        let mut lihat: HashSet<UnitId> = out.iter().copied().collect();
        let mut i = 0;
        while i < out.len() {
            for u in self.anak(Some(out[i])) {
                if lihat.insert(u.id) {
                    out.push(u.id);
                }
            }
            i += 1;
        }
        out
    }
}

/// Signatures by hour (UTC hour start), ascending.
pub type PerJam = Vec<(DateTime<Utc>, u64)>;

/// Numbers of a group of roster members (one unit's own employees, a subtree, everyone).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AngkaUnit {
    /// Required / signed per stage, in stage order.
    pub per_tahap: Vec<RekapAngka>,
    /// Members not asked to sign (inactive, out of scope, no stage).
    pub tidak_wajib: u64,
    /// Active signatures by method.
    pub per_metode: BTreeMap<MetodeTandaTangan, u64>,
    /// Active signatures by hour (UTC hour start, seconds since the epoch).
    per_jam: BTreeMap<i64, u64>,
}

impl AngkaUnit {
    fn kosong(tahap: usize) -> Self {
        AngkaUnit {
            per_tahap: vec![RekapAngka::default(); tahap],
            ..AngkaUnit::default()
        }
    }

    /// Required / signed over every stage.
    pub fn total(&self) -> RekapAngka {
        self.per_tahap
            .iter()
            .fold(RekapAngka::default(), |a, b| RekapAngka {
                wajib: a.wajib + b.wajib,
                sudah: a.sudah + b.sudah,
            })
    }

    /// Adds the stage counts, `tidak_wajib` and methods of `lain` (not the hours).
    fn tambah_tanpa_jam(&mut self, lain: &AngkaUnit) {
        for (a, b) in self.per_tahap.iter_mut().zip(&lain.per_tahap) {
            a.wajib += b.wajib;
            a.sudah += b.sudah;
        }
        self.tidak_wajib += lain.tidak_wajib;
        for (m, n) in &lain.per_metode {
            *self.per_metode.entry(*m).or_default() += n;
        }
    }

    /// One signature added to (`tambah`) or removed from the methods and hours.
    fn ttd(&mut self, info: &InfoTtd, tambah: bool) {
        ubah_hitungan(&mut self.per_metode, info.metode, tambah);
        ubah_hitungan(&mut self.per_jam, jam(info.waktu), tambah);
    }

    fn jam_urut(&self) -> Vec<(DateTime<Utc>, u64)> {
        jam_ke_waktu(&self.per_jam)
    }
}

fn ubah_hitungan<K: Ord>(peta: &mut BTreeMap<K, u64>, k: K, tambah: bool) {
    if tambah {
        *peta.entry(k).or_default() += 1;
    } else if let Some(n) = peta.get_mut(&k) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            peta.remove(&k);
        }
    }
}

fn jam_ke_waktu(per_jam: &BTreeMap<i64, u64>) -> Vec<(DateTime<Utc>, u64)> {
    per_jam
        .iter()
        .filter_map(|(k, n)| DateTime::from_timestamp(*k, 0).map(|t| (t, *n)))
        .collect()
}

/// The numbers of a subtree: counts per stage and method, and by hour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AngkaSubtree {
    pub angka: AngkaUnit,
    pub per_jam: Vec<(DateTime<Utc>, u64)>,
}

/// Per-unit subtree totals of one snapshot (stages, methods; hours on demand).
#[derive(Debug)]
struct AgregatPohon {
    subtree: HashMap<UnitId, AngkaUnit>,
}

/// An immutable view of a campaign's progress, shared by every request until it changes.
#[derive(Debug)]
pub struct SnapshotKampanye {
    pub kampanye: Arc<Kampanye>,
    pub roster: Arc<Roster>,
    ttd: HashMap<PegawaiId, InfoTtd>,
    rekap: RekapKampanye,
    keadaan: Vec<KeadaanTahap>,
    per_jam: Vec<(DateTime<Utc>, u64)>,
    /// Highest leaf index applied from the store.
    pub watermark: Option<u64>,
    pub dibuat: DateTime<Utc>,
    pohon: Arc<PohonUnit>,
    /// Each unit's own members' numbers (`None` = members in no unit).
    sendiri: HashMap<Option<UnitId>, Arc<AngkaUnit>>,
    /// Every roster member's numbers.
    semua: Arc<AngkaUnit>,
    /// Subtree totals per unit, computed on first use of this snapshot.
    agregat: OnceLock<AgregatPohon>,
    /// Hourly counts per subtree asked for, computed on first use of this snapshot.
    jam_subtree: Mutex<HashMap<UnitId, Arc<PerJam>>>,
}

impl SnapshotKampanye {
    /// Counts by stage, unit and in total (domain [`RekapKampanye`]).
    pub fn rekap(&self) -> &RekapKampanye {
        &self.rekap
    }
    /// Each stage's state, for stage gating.
    pub fn keadaan_tahap(&self) -> &[KeadaanTahap] {
        &self.keadaan
    }
    /// The employee's active signature on the campaign's template version, if any.
    pub fn sudah(&self, pegawai: PegawaiId) -> Option<&InfoTtd> {
        self.ttd.get(&pegawai)
    }
    /// Every active signature of the template version, by employee.
    pub fn semua_ttd(&self) -> &HashMap<PegawaiId, InfoTtd> {
        &self.ttd
    }
    /// Active signatures per hour (UTC, start of the hour), ascending.
    pub fn per_jam(&self) -> &[(DateTime<Utc>, u64)] {
        &self.per_jam
    }
    /// Roster members required to sign (in a stage) who have not signed.
    pub fn belum(&self) -> impl Iterator<Item = &PegawaiRingkas> {
        self.roster
            .pegawai
            .iter()
            .zip(self.roster.tahap.iter())
            .filter(|(p, t)| t.is_some() && !self.ttd.contains_key(&p.id))
            .map(|(p, _)| p)
    }
    /// The instansi's unit tree this snapshot counts against.
    pub fn pohon(&self) -> &PohonUnit {
        &self.pohon
    }

    fn agregat(&self) -> &AgregatPohon {
        self.agregat.get_or_init(|| {
            let n = self.kampanye.tahap.len();
            let mut subtree: HashMap<UnitId, AngkaUnit> = HashMap::new();
            for (u, a) in &self.sendiri {
                let Some(u) = u else { continue };
                for atas in self.pohon.ke_atas(*u) {
                    subtree
                        .entry(atas)
                        .or_insert_with(|| AngkaUnit::kosong(n))
                        .tambah_tanpa_jam(a);
                }
            }
            AgregatPohon { subtree }
        })
    }

    /// Required / signed over the subtree at `unit` (all stages).
    pub fn total_subtree(&self, unit: UnitId) -> RekapAngka {
        self.agregat()
            .subtree
            .get(&unit)
            .map(AngkaUnit::total)
            .unwrap_or_default()
    }

    /// The numbers of the roster members whose own unit is in the subtree at `akar`
    /// (`None` = every member), with their signatures by hour. Costs the number of units,
    /// not of members; the hours of a subtree are computed once per snapshot.
    pub fn subtree(&self, akar: Option<UnitId>) -> AngkaSubtree {
        let Some(u) = akar else {
            return AngkaSubtree {
                angka: (*self.semua).clone(),
                per_jam: self.semua.jam_urut(),
            };
        };
        let angka = self
            .agregat()
            .subtree
            .get(&u)
            .cloned()
            .unwrap_or_else(|| AngkaUnit::kosong(self.kampanye.tahap.len()));
        let simpan = self
            .jam_subtree
            .lock()
            .ok()
            .and_then(|m| m.get(&u).cloned());
        let per_jam = match simpan {
            Some(j) => j,
            None => {
                let mut per_jam: BTreeMap<i64, u64> = BTreeMap::new();
                for x in self.pohon.di_bawah(u) {
                    if let Some(a) = self.sendiri.get(&Some(x)) {
                        for (k, n) in &a.per_jam {
                            *per_jam.entry(*k).or_default() += n;
                        }
                    }
                }
                let j = Arc::new(jam_ke_waktu(&per_jam));
                if let Ok(mut m) = self.jam_subtree.lock() {
                    m.insert(u, j.clone());
                }
                j
            }
        };
        AngkaSubtree {
            angka,
            per_jam: (*per_jam).clone(),
        }
    }
}

/// The mutable state of one campaign.
struct Keadaan {
    kampanye: Arc<Kampanye>,
    roster: Arc<Roster>,
    ttd: HashMap<PegawaiId, InfoTtd>,
    rekap: RekapKampanye,
    per_jam: BTreeMap<i64, u64>,
    watermark: Option<u64>,
    diperiksa: Option<Instant>,
    snapshot: Option<Arc<SnapshotKampanye>>,
    pohon: Arc<PohonUnit>,
    /// Kept incrementally with the signatures, like `rekap`.
    sendiri: HashMap<Option<UnitId>, Arc<AngkaUnit>>,
    semua: AngkaUnit,
}

type KunciKampanye = (InstansiId, KampanyeId);

/// Per-process progress caches, shared by every clone of [`App`].
#[derive(Default)]
pub(crate) struct LayananProgres {
    peta: Mutex<HashMap<KunciKampanye, Arc<tokio::sync::Mutex<Option<Keadaan>>>>>,
}

fn jam(t: DateTime<Utc>) -> i64 {
    t.duration_trunc(TimeDelta::hours(1))
        .unwrap_or(t)
        .timestamp()
}

impl Keadaan {
    fn baru(
        kampanye: Arc<Kampanye>,
        pegawai: Vec<PegawaiRingkas>,
        units: Vec<UnitKerja>,
        versi: i64,
    ) -> Self {
        let mut k = Keadaan {
            roster: Arc::new(susun_roster(&kampanye, Vec::new(), versi)),
            kampanye,
            ttd: HashMap::new(),
            rekap: RekapKampanye::default(),
            per_jam: BTreeMap::new(),
            watermark: None,
            diperiksa: None,
            snapshot: None,
            pohon: Arc::new(PohonUnit::baru(Vec::new())),
            sendiri: HashMap::new(),
            semua: AngkaUnit::default(),
        };
        k.ganti_roster(pegawai, units, versi);
        k
    }

    /// Replaces the roster and unit tree (registry changed) and recounts from the
    /// signatures held.
    fn ganti_roster(&mut self, pegawai: Vec<PegawaiRingkas>, units: Vec<UnitKerja>, versi: i64) {
        self.roster = Arc::new(susun_roster(&self.kampanye, pegawai, versi));
        self.pohon = Arc::new(PohonUnit::baru(units));
        let ttd = &self.ttd;
        self.rekap = self.kampanye.rekap(
            self.roster
                .pegawai
                .iter()
                .map(|p| (p, ttd.contains_key(&p.id))),
        );
        let n = self.kampanye.tahap.len();
        let mut sendiri: HashMap<Option<UnitId>, AngkaUnit> = HashMap::new();
        let mut semua = AngkaUnit::kosong(n);
        for (p, tahap) in self.roster.pegawai.iter().zip(&self.roster.tahap) {
            let a = sendiri
                .entry(p.unit_id)
                .or_insert_with(|| AngkaUnit::kosong(n));
            let info = ttd.get(&p.id);
            for a in [a, &mut semua] {
                match tahap.and_then(|t| a.per_tahap.get_mut(t)) {
                    Some(r) => {
                        r.wajib += 1;
                        r.sudah += u64::from(info.is_some());
                    }
                    None => a.tidak_wajib += 1,
                }
                if let Some(info) = info {
                    a.ttd(info, true);
                }
            }
        }
        self.sendiri = sendiri.into_iter().map(|(u, a)| (u, Arc::new(a))).collect();
        self.semua = semua;
        self.snapshot = None;
    }

    /// One signature of a roster member added or removed in the per-unit numbers;
    /// `sudah_berubah` when it changes whether the member has signed.
    fn unit_ttd(&mut self, pegawai: PegawaiId, info: &InfoTtd, tambah: bool, sudah_berubah: bool) {
        let Some(i) = self.roster.posisi(pegawai) else {
            return;
        };
        let tahap = self.roster.tahap[i].filter(|_| sudah_berubah);
        let n = self.kampanye.tahap.len();
        let sendiri = Arc::make_mut(
            self.sendiri
                .entry(self.roster.pegawai[i].unit_id)
                .or_insert_with(|| Arc::new(AngkaUnit::kosong(n))),
        );
        for a in [sendiri, &mut self.semua] {
            a.ttd(info, tambah);
            if let Some(r) = tahap.and_then(|t| a.per_tahap.get_mut(t)) {
                if tambah {
                    r.sudah += 1;
                } else {
                    r.sudah = r.sudah.saturating_sub(1);
                }
            }
        }
    }

    fn hitung(&mut self, pegawai: PegawaiId, tambah: bool) {
        let Some(i) = self.roster.posisi(pegawai) else {
            return;
        };
        let Some(t) = self.roster.tahap[i] else {
            return;
        };
        let unit = self.roster.pegawai[i].unit_id;
        let ubah = |a: &mut netral_domain::pakta::RekapAngka| {
            if tambah {
                a.sudah += 1;
            } else {
                a.sudah = a.sudah.saturating_sub(1);
            }
        };
        if let Some(a) = self.rekap.per_tahap.get_mut(t) {
            ubah(a);
        }
        if let Some(a) = self.rekap.per_unit.get_mut(&unit) {
            ubah(a);
        }
        ubah(&mut self.rekap.total);
    }

    fn jam_ubah(&mut self, waktu: DateTime<Utc>, tambah: bool) {
        ubah_hitungan(&mut self.per_jam, jam(waktu), tambah);
    }

    /// Applies one change; idempotent (a change already reflected changes nothing).
    fn terapkan(&mut self, p: &PerubahanTtd) {
        let ada = self.ttd.get(&p.pegawai_id).copied();
        if p.aktif {
            let info = InfoTtd {
                id: p.tanda_tangan_id,
                metode: p.metode,
                waktu: p.waktu,
            };
            match ada {
                Some(a) if a.id == p.tanda_tangan_id => return,
                Some(a) => {
                    self.jam_ubah(a.waktu, false);
                    self.unit_ttd(p.pegawai_id, &a, false, false);
                }
                None => self.hitung(p.pegawai_id, true),
            }
            self.jam_ubah(p.waktu, true);
            self.unit_ttd(p.pegawai_id, &info, true, ada.is_none());
            self.ttd.insert(p.pegawai_id, info);
        } else {
            match ada {
                Some(a) if a.id == p.tanda_tangan_id => {
                    self.ttd.remove(&p.pegawai_id);
                    self.hitung(p.pegawai_id, false);
                    self.jam_ubah(a.waktu, false);
                    self.unit_ttd(p.pegawai_id, &a, false, true);
                }
                _ => return,
            }
        }
        self.snapshot = None;
    }

    fn snapshot(&mut self, now: DateTime<Utc>) -> Arc<SnapshotKampanye> {
        if let Some(s) = &self.snapshot {
            return s.clone();
        }
        let keadaan = Kampanye::keadaan_tahap(&self.rekap, &BTreeSet::new());
        let s = Arc::new(SnapshotKampanye {
            kampanye: self.kampanye.clone(),
            roster: self.roster.clone(),
            ttd: self.ttd.clone(),
            rekap: self.rekap.clone(),
            keadaan,
            per_jam: jam_ke_waktu(&self.per_jam),
            watermark: self.watermark,
            dibuat: now,
            pohon: self.pohon.clone(),
            sendiri: self.sendiri.clone(),
            semua: Arc::new(self.semua.clone()),
            agregat: OnceLock::new(),
            jam_subtree: Mutex::new(HashMap::new()),
        });
        self.snapshot = Some(s.clone());
        s
    }
}

fn susun_roster(kampanye: &Kampanye, pegawai: Vec<PegawaiRingkas>, versi: i64) -> Roster {
    let tahap = pegawai
        .iter()
        .map(|p| {
            if p.status == netral_domain::pegawai::StatusPegawai::Aktif {
                kampanye.tahap_untuk(p)
            } else {
                None
            }
        })
        .collect();
    let indeks = pegawai.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    Roster {
        pegawai,
        tahap,
        indeks,
        versi_registri: versi,
    }
}

/// What the signing path needs from the progress state about one employee.
pub(crate) struct CekPenanda {
    pub ringkas: PegawaiRingkas,
    pub keadaan: Vec<KeadaanTahap>,
    pub sudah: Option<InfoTtd>,
}

impl App {
    /// The progress of a campaign (permission `LihatProgres`).
    pub async fn progres_kampanye(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        kampanye: KampanyeId,
    ) -> AppResult<Arc<SnapshotKampanye>> {
        pelaku.wajib(Izin::LihatProgres, instansi)?;
        self.keadaan_kampanye(instansi, kampanye).await
    }

    /// The progress of a campaign, refreshed from the store when older than [`SEGAR`]
    /// (no permission check: for the use cases and the public aggregate page).
    pub async fn keadaan_kampanye(
        &self,
        instansi: InstansiId,
        kampanye: KampanyeId,
    ) -> AppResult<Arc<SnapshotKampanye>> {
        let sel = self.sel_progres(instansi, kampanye)?;
        let mut g = sel.lock().await;
        let k = self.segarkan(&mut g, instansi, kampanye).await?;
        Ok(k.snapshot(self.sekarang()))
    }

    /// The roster entry, the stage states and the employee's active signature, without
    /// building a snapshot.
    pub(crate) async fn cek_penanda(
        &self,
        instansi: InstansiId,
        kampanye: KampanyeId,
        pegawai: PegawaiId,
    ) -> AppResult<Option<CekPenanda>> {
        let sel = self.sel_progres(instansi, kampanye)?;
        let mut g = sel.lock().await;
        let k = self.segarkan(&mut g, instansi, kampanye).await?;
        let Some(ringkas) = k.roster.cari(pegawai).cloned() else {
            return Ok(None);
        };
        Ok(Some(CekPenanda {
            ringkas,
            keadaan: Kampanye::keadaan_tahap(&k.rekap, &BTreeSet::new()),
            sudah: k.ttd.get(&pegawai).copied(),
        }))
    }

    /// Applies a signature (or revocation) this process just committed to every cached
    /// campaign of that template version, without moving the watermark.
    pub(crate) async fn terapkan_ttd_lokal(&self, instansi: InstansiId, p: &[PerubahanLokal]) {
        let sel: Vec<_> = match self.progres.peta.lock() {
            Ok(peta) => peta
                .iter()
                .filter(|((i, _), _)| *i == instansi)
                .map(|(_, s)| s.clone())
                .collect(),
            Err(_) => return,
        };
        for s in sel {
            let mut g = s.lock().await;
            if let Some(k) = g.as_mut() {
                for c in p {
                    if c.template == (k.kampanye.template_id, k.kampanye.template_versi) {
                        k.terapkan(&c.perubahan);
                    }
                }
            }
        }
    }

    fn sel_progres(
        &self,
        instansi: InstansiId,
        kampanye: KampanyeId,
    ) -> AppResult<Arc<tokio::sync::Mutex<Option<Keadaan>>>> {
        let mut peta = self
            .progres
            .peta
            .lock()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(peta.entry((instansi, kampanye)).or_default().clone())
    }

    async fn segarkan<'a>(
        &self,
        g: &'a mut Option<Keadaan>,
        instansi: InstansiId,
        kampanye: KampanyeId,
    ) -> AppResult<&'a mut Keadaan> {
        let segar = g
            .as_ref()
            .is_some_and(|k| k.diperiksa.is_some_and(|t| t.elapsed() < SEGAR));
        if !segar {
            let versi = self.store.versi_registri(instansi).await?;
            match g.as_mut() {
                None => {
                    let kp = match self.kampanye_internal(instansi, kampanye).await {
                        Ok(k) => k,
                        Err(e) => {
                            // Do not keep a cache slot for an id that does not exist.
                            if let Ok(mut peta) = self.progres.peta.lock() {
                                peta.remove(&(instansi, kampanye));
                            }
                            return Err(e);
                        }
                    };
                    let roster = self.store.roster_kampanye(instansi).await?;
                    let units = self.store.daftar_unit(instansi).await?;
                    *g = Some(Keadaan::baru(Arc::new(kp), roster, units, versi));
                }
                Some(k) if k.roster.versi_registri != versi => {
                    let roster = self.store.roster_kampanye(instansi).await?;
                    let units = self.store.daftar_unit(instansi).await?;
                    k.ganti_roster(roster, units, versi);
                }
                Some(_) => {}
            }
            if let Some(k) = g.as_mut() {
                let baru = self
                    .store
                    .perubahan_ttd(
                        instansi,
                        k.kampanye.template_id,
                        k.kampanye.template_versi,
                        k.watermark,
                    )
                    .await?;
                for p in &baru {
                    k.terapkan(p);
                    k.watermark = Some(k.watermark.map_or(p.indeks_daun, |w| w.max(p.indeks_daun)));
                }
                k.diperiksa = Some(Instant::now());
            }
        }
        g.as_mut()
            .ok_or_else(|| AppError::Internal("keadaan kampanye hilang".into()))
    }
}

/// A change committed by this process, with the template version it belongs to.
pub(crate) struct PerubahanLokal {
    pub template: (netral_domain::pakta::TemplateId, u32),
    pub perubahan: PerubahanTtd,
}
