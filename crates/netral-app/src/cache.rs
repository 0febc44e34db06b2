//! Read caches of the signing hot path (issue #4 §8): a kiosk signature used to make about
//! seven store reads before its write (token → user, campaign and template twice,
//! instansi, registry version, employee). These caches answer them from memory:
//!
//! - **API token → user**, kept [`TTL_TOKEN`] by the application clock. A token whose user
//!   is deactivated or loses a permission, or which expires, keeps working for at most that
//!   long in this process. Unknown tokens are never cached.
//! - **Instansi** per id, [`TTL_INSTANSI`] (a rename shows on pacts signed after it).
//! - **Campaign** per id, [`TTL_KAMPANYE`] (dates, stages and scope changes take effect
//!   within it). Approved templates never change and are cached without a limit
//!   (`App::templat_sah`).
//! - **Signers of an instansi** (what a pact prints of a person: identifier, name and titles,
//!   jabatan, unit, type, status), loaded in one query and reloaded when
//!   [`versi_registri`](netral_store::Store::versi_registri) (bumped by every import)
//!   changes; the version is asked at most every [`CEK_REGISTRI`], not per request.
//!
//! **Why a stale entry cannot create an invalid signature.** These caches only decide what
//! is *printed* and which checks run early. The store checks again inside the write
//! transaction: the employee exists in the instansi and is AKTIF, there is no other active
//! signature on the template version, and the idempotency key is unique. An employee made
//! inactive by a `--sync` import a moment ago is refused by the store even while this cache
//! still lists them as active.
//!
//! Every cache is bounded: when a map reaches [`MAKS_ENTRI`] it is emptied and refilled.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};

use netral_domain::akun::User;
use netral_domain::organisasi::{Instansi, InstansiId, PegawaiId};
use netral_domain::pakta::{Kampanye, KampanyeId};
use netral_store::{FilterPegawai, Halaman, PegawaiDetail};

use crate::{App, AppError, AppResult};

/// How long a token → user answer is reused.
pub const TTL_TOKEN: TimeDelta = TimeDelta::seconds(5);
/// How long an instansi row is reused.
pub const TTL_INSTANSI: TimeDelta = TimeDelta::seconds(5);
/// How long a campaign row is reused.
pub const TTL_KAMPANYE: TimeDelta = TimeDelta::seconds(1);
/// How often the registry version of an instansi is asked while signing.
pub const CEK_REGISTRI: Duration = Duration::from_millis(250);
/// Largest number of entries of one map before it is emptied.
pub const MAKS_ENTRI: usize = 10_000;

/// An entry and when it was read (application clock).
struct Bertanggal<T> {
    nilai: T,
    dibaca: DateTime<Utc>,
}

/// A map of entries that expire after a fixed time on the application clock.
struct PetaBerumur<K, V> {
    peta: Mutex<HashMap<K, Bertanggal<V>>>,
    umur: TimeDelta,
}

impl<K: std::hash::Hash + Eq, V: Clone> PetaBerumur<K, V> {
    fn baru(umur: TimeDelta) -> Self {
        PetaBerumur {
            peta: Mutex::new(HashMap::new()),
            umur,
        }
    }

    fn ambil(&self, k: &K, now: DateTime<Utc>) -> Option<V> {
        let peta = self.peta.lock().ok()?;
        let e = peta.get(k)?;
        // A clock moved backwards also invalidates.
        (e.dibaca <= now && now - e.dibaca < self.umur).then(|| e.nilai.clone())
    }

    fn simpan(&self, k: K, nilai: V, now: DateTime<Utc>) {
        if let Ok(mut peta) = self.peta.lock() {
            if peta.len() >= MAKS_ENTRI {
                peta.clear();
            }
            peta.insert(k, Bertanggal { nilai, dibaca: now });
        }
    }
}

/// The signers of one instansi at one registry version.
pub(crate) struct PenandaInstansi {
    pub versi: i64,
    /// Identifier (NIP, NI PPPK or NIK, whitespace removed) → employee.
    pub by_identitas: HashMap<String, PegawaiId>,
    pub by_id: HashMap<PegawaiId, Arc<PegawaiDetail>>,
}

/// The registry cache of one instansi: the signers and when the version was last asked.
#[derive(Default)]
struct SelRegistri {
    isi: Option<Arc<PenandaInstansi>>,
    diperiksa: Option<Instant>,
}

/// Per-process read caches, shared by every clone of [`App`].
pub(crate) struct LayananCache {
    token: PetaBerumur<String, User>,
    instansi: PetaBerumur<InstansiId, Instansi>,
    kampanye: PetaBerumur<(InstansiId, KampanyeId), Arc<Kampanye>>,
    registri: Mutex<HashMap<InstansiId, Arc<tokio::sync::Mutex<SelRegistri>>>>,
}

impl Default for LayananCache {
    fn default() -> Self {
        LayananCache {
            token: PetaBerumur::baru(TTL_TOKEN),
            instansi: PetaBerumur::baru(TTL_INSTANSI),
            kampanye: PetaBerumur::baru(TTL_KAMPANYE),
            registri: Mutex::default(),
        }
    }
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

/// What signing needs of an employee, from a registry list row: the identifier goes to the
/// NIP or NI PPPK field its type prints (never the NIK); fields signing does not use
/// (birth data, contacts, superior) are left empty.
fn detail_penanda(p: netral_store::PegawaiRingkas) -> PegawaiDetail {
    use netral_domain::pegawai::JenisIdentitas;
    let (nip, ni_pppk, nik) = match p.jenis.identitas_wajib() {
        JenisIdentitas::Nip => (Some(p.identitas.clone()), None, None),
        JenisIdentitas::NiPppk => (None, Some(p.identitas.clone()), None),
        JenisIdentitas::Nik => (None, None, Some(p.identitas.clone())),
    };
    PegawaiDetail {
        ringkas: p,
        nip,
        ni_pppk,
        nik,
        tempat_lahir: None,
        tanggal_lahir: None,
        jenis_kelamin: None,
        jabatan_jenis: None,
        eselon: None,
        atasan_id: None,
        atasan_nama: None,
        no_hp: None,
        email: None,
        diubah_pada: DateTime::<Utc>::UNIX_EPOCH,
    }
}

impl App {
    /// The user behind a token hash, from the cache (see [`TTL_TOKEN`]) or the store.
    pub(crate) async fn user_token_cache(&self, token_hash: String) -> AppResult<Option<User>> {
        let now = self.sekarang();
        if let Some(u) = self.cache.token.ambil(&token_hash, now) {
            return Ok(Some(u));
        }
        let u = self.store.user_by_token(&token_hash, now).await?;
        if let Some(u) = &u {
            self.cache.token.simpan(token_hash, u.clone(), now);
        }
        Ok(u)
    }

    /// An instansi, cached [`TTL_INSTANSI`].
    pub(crate) async fn instansi_cache(&self, id: InstansiId) -> AppResult<Instansi> {
        let now = self.sekarang();
        if let Some(i) = self.cache.instansi.ambil(&id, now) {
            return Ok(i);
        }
        let i = self
            .store
            .instansi(id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan("instansi".into()))?;
        self.cache.instansi.simpan(id, i.clone(), now);
        Ok(i)
    }

    /// A campaign without a permission check, cached [`TTL_KAMPANYE`] (signing routes and
    /// the kiosk form check their own permissions).
    pub async fn kampanye_cache(
        &self,
        instansi: InstansiId,
        id: KampanyeId,
    ) -> AppResult<Arc<Kampanye>> {
        let now = self.sekarang();
        if let Some(k) = self.cache.kampanye.ambil(&(instansi, id), now) {
            return Ok(k);
        }
        let k = Arc::new(self.kampanye_internal(instansi, id).await?);
        self.cache.kampanye.simpan((instansi, id), k.clone(), now);
        Ok(k)
    }

    /// The signers of an instansi, reloaded when the registry version changed (asked at
    /// most every [`CEK_REGISTRI`]).
    pub(crate) async fn penanda_instansi(
        &self,
        instansi: InstansiId,
    ) -> AppResult<Arc<PenandaInstansi>> {
        let sel = self
            .cache
            .registri
            .lock()
            .map_err(internal)?
            .entry(instansi)
            .or_default()
            .clone();
        let mut g = sel.lock().await;
        if let (Some(isi), Some(t)) = (&g.isi, g.diperiksa)
            && t.elapsed() < CEK_REGISTRI
        {
            return Ok(isi.clone());
        }
        let versi = self.store.versi_registri(instansi).await?;
        let isi = match &g.isi {
            Some(isi) if isi.versi == versi => isi.clone(),
            _ => {
                let (semua, _) = self
                    .store
                    .cari_pegawai(
                        instansi,
                        &FilterPegawai::default(),
                        Halaman {
                            nomor: 1,
                            ukuran: u32::MAX,
                        },
                    )
                    .await?;
                let mut by_identitas = HashMap::with_capacity(semua.len());
                let mut by_id = HashMap::with_capacity(semua.len());
                for p in semua {
                    by_identitas.insert(p.identitas.clone(), p.id);
                    by_id.insert(p.id, Arc::new(detail_penanda(p)));
                }
                Arc::new(PenandaInstansi {
                    versi,
                    by_identitas,
                    by_id,
                })
            }
        };
        g.isi = Some(isi.clone());
        g.diperiksa = Some(Instant::now());
        Ok(isi)
    }
}
