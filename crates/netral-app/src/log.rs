//! The transparency log of each instansi: keys, the sequencer, checkpoints, proofs and the
//! full rebuild check (`netral log verify`).
//!
//! - **Keys.** One Ed25519 signed-note key per log, named by the log's origin
//!   `<public host>/<kode>/<slug of the instansi name>`, generated on first use and kept as
//!   `<key dir>/<kode>.key` (skey text, mode 0600) next to `<kode>.garam`, the secret salt
//!   of the NIP commitments ([`App::komitmen_nip`]). The origin is fixed when the key is
//!   made; renaming the instansi or changing the public host later does not change it.
//! - **Appends** only sequence leaves (`Store::tambah_daun`, or a record's own transaction).
//! - **The sequencer** ([`App::mulai_sequencer`]) wakes every `interval` (default 1 s),
//!   integrates newly sequenced leaves into the stored-hash tree (compare-and-swap on the
//!   integrated size) and, when the tree grew, signs one checkpoint per log after checking
//!   that the stored tree extends the last signed checkpoint (consistency proof), then
//!   stores it with compare-and-swap on the old size and hands it to the
//!   [`KaitCheckpoint`] hooks (witnesses). On shutdown it integrates what is pending.
//! - **Startup** ([`App::periksa_log`]) refuses a stored tree that does not reproduce the
//!   latest signed checkpoint, or a checkpoint the key does not verify.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use netral_domain::entri::Entri;
use netral_domain::organisasi::{Instansi, InstansiId};
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::note::{Signature, Signer, Verifier};
use netral_ledger::proof::{verify_consistency, verify_inclusion};
use netral_ledger::tile::{Tile, TilePath, encode_entry_bundle};
use netral_ledger::tree::{
    HashReader, prove_record, prove_tree, split_stored_hash_index, stored_hash_count,
    stored_hash_index, stored_hashes_for_record, tree_hash,
};
use netral_ledger::{Hash, LedgerError, empty_root, leaf_hash};
use netral_store::{CheckpointBaru, CheckpointTersimpan, InfoLog, StoreError};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::{App, AppError, AppResult};

/// Log settings.
#[derive(Debug, Clone)]
pub struct KonfigurasiLog {
    /// Public host name that starts every origin (`--public-host`, default `localhost`).
    pub host_publik: String,
    /// Where keys and salts live (`<data-dir>/kunci` or `NETRAL_LOG_KEY_DIR`). `None` keeps
    /// them in memory only, for tests: a restarted process then cannot sign again.
    pub folder_kunci: Option<PathBuf>,
    /// How often the sequencer integrates and signs (at most one checkpoint per log per
    /// interval).
    pub interval: Duration,
    /// Leaves integrated per store round trip.
    pub batch_integrasi: u64,
    /// Base URL of the public pages (`--public-url`, e.g. `http://127.0.0.1:8080` for the
    /// demo); `None` means `https://{host_publik}`. QR codes and personal links start here.
    pub url_publik: Option<String>,
}

impl KonfigurasiLog {
    /// The base URL of public pages, without a trailing slash.
    pub fn url_dasar(&self) -> String {
        match &self.url_publik {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("https://{}", self.host_publik),
        }
    }
}

impl Default for KonfigurasiLog {
    fn default() -> Self {
        KonfigurasiLog {
            host_publik: "localhost".into(),
            folder_kunci: None,
            interval: Duration::from_secs(1),
            batch_integrasi: 10_000,
            url_publik: None,
        }
    }
}

/// The URL-safe name part of an origin: the instansi name lowercased, ASCII letters and
/// digits kept, every other run of characters one `-`, at most 48 characters, no `-` at
/// either end (`Kota Pangkalpinang` → `kota-pangkalpinang`); `log` if nothing is left.
pub fn slug(nama: &str) -> String {
    let mut s = String::new();
    for c in nama.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    let mut s: String = s.chars().take(48).collect();
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() { "log".into() } else { s }
}

/// The origin (and key name) of an instansi's log: `<host>/<kode>/<slug>`.
pub fn origin(host: &str, instansi: &Instansi) -> String {
    format!("{host}/{}/{}", instansi.kode, slug(&instansi.nama))
}

fn host_valid(h: &str) -> bool {
    !h.is_empty()
        && h.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-.:".contains(&b))
}

/// The key material of one log. `Debug` never shows the secrets.
pub struct KunciLog {
    signer: Signer,
    verifier: Verifier,
    garam: [u8; 32],
}

impl std::fmt::Debug for KunciLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KunciLog")
            .field("vkey", &self.verifier.vkey())
            .finish_non_exhaustive()
    }
}

impl KunciLog {
    /// The log's origin, which is also its key name.
    pub fn origin(&self) -> &str {
        netral_ledger::note::NoteSigner::name(&self.signer)
    }
    pub fn vkey(&self) -> String {
        self.verifier.vkey()
    }
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }
    /// `SHA-256(salt ‖ identifier)`: what the log records instead of a person's NIP.
    pub fn komitmen(&self, identitas: &str) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update(self.garam);
        h.update(identitas.as_bytes());
        h.finalize().into()
    }
}

/// A checkpoint the sequencer just signed, as handed to [`KaitCheckpoint`] hooks.
#[derive(Debug, Clone)]
pub struct CheckpointDitandatangani {
    pub instansi_id: InstansiId,
    pub kode: String,
    pub origin: String,
    pub ukuran: u64,
    pub akar: Hash,
    /// The signed note text.
    pub catatan: String,
}

/// Receives every newly signed checkpoint, e.g. to send it to witnesses. Each call runs on
/// its own task (a slow witness never delays sequencing), so calls for successive
/// checkpoints may overlap or finish out of order. Use [`App::bukti_konsistensi`] for the proof a witness
/// asks for and [`App::terima_kosignatur`] to keep the cosignatures it returns.
#[async_trait::async_trait]
pub trait KaitCheckpoint: Send + Sync + 'static {
    async fn checkpoint_baru(&self, app: &App, cp: &CheckpointDitandatangani);
}

/// The latest checkpoint as served: note text with the cosignatures appended.
#[derive(Debug, Clone)]
pub struct CheckpointPublik {
    pub instansi_id: InstansiId,
    pub ukuran: u64,
    pub akar: Hash,
    pub teks: String,
}

/// An inclusion proof with the checkpoint it verifies against.
#[derive(Debug, Clone)]
pub struct BuktiInklusi {
    pub indeks: u64,
    pub ukuran: u64,
    pub bukti: Vec<Hash>,
    /// The signed checkpoint of size `ukuran`, with cosignatures.
    pub checkpoint: String,
}

const TTL_CHECKPOINT: Duration = Duration::from_millis(500);
const MAKS_CACHE_TILE: usize = 4096;

/// A cached full tile: log, entry bundle or hashes, level, index.
type KunciTile = (InstansiId, bool, u8, u64);

/// Per-process state of the log service, shared by every clone of [`App`].
pub(crate) struct LayananLog {
    pub(crate) konfigurasi: KonfigurasiLog,
    kunci: Mutex<HashMap<InstansiId, Arc<KunciLog>>>,
    kait: RwLock<Vec<Arc<dyn KaitCheckpoint>>>,
    checkpoint: Mutex<HashMap<String, (Instant, Arc<CheckpointPublik>)>>,
    tile: Mutex<HashMap<KunciTile, Arc<Vec<u8>>>>,
    /// Witness keys this process knows (`--witness`), to check stored cosignatures.
    pub(crate) saksi: RwLock<Vec<netral_ledger::cosig::CosignatureVerifier>>,
    /// One integrate-and-sign at a time in this process.
    langkah: tokio::sync::Mutex<()>,
}

impl LayananLog {
    pub(crate) fn new(konfigurasi: KonfigurasiLog) -> Self {
        LayananLog {
            konfigurasi,
            kunci: Mutex::default(),
            kait: RwLock::default(),
            checkpoint: Mutex::default(),
            tile: Mutex::default(),
            saksi: RwLock::default(),
            langkah: tokio::sync::Mutex::new(()),
        }
    }
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

fn hex32(h: &Hash) -> String {
    hex::encode(h)
}

/// Records the stored-hash indexes a ledger computation asks for (pass one of
/// [`App::dengan_hash`]); the hashes it returns are placeholders.
#[derive(Default)]
struct Perekam(RefCell<Vec<u64>>);

impl HashReader for Perekam {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        self.0.borrow_mut().extend_from_slice(indexes);
        Ok(vec![[0; 32]; indexes.len()])
    }
}

/// Stored hashes held in memory: fetched ones plus (from `mulai`) freshly computed ones.
#[derive(Default)]
struct Peta {
    lama: HashMap<u64, Hash>,
    mulai: u64,
    baru: Vec<Hash>,
}

impl HashReader for Peta {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        indexes
            .iter()
            .map(|&i| {
                if i >= self.mulai
                    && let Some(h) = usize::try_from(i - self.mulai)
                        .ok()
                        .and_then(|k| self.baru.get(k))
                {
                    return Ok(*h);
                }
                self.lama
                    .get(&i)
                    .copied()
                    .ok_or(LedgerError::MissingHash(i))
            })
            .collect()
    }
}

/// The stored-hash indexes of the maximal complete subtrees of `[0, n)`, left to right:
/// the hashes a tree of size `n` needs to grow or to compute its root.
fn tepi(n: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut lo = 0u64;
    while lo < n {
        let k = 1u64 << (63 - (n - lo).leading_zeros());
        let level = k.trailing_zeros();
        out.push(stored_hash_index(level, lo >> level));
        lo += k;
    }
    out
}

/// One problem found by [`App::verifikasi_log`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masalah {
    /// The first leaf index the problem concerns (the order of "first divergence").
    pub daun: u64,
    pub pesan: String,
}

/// The outcome of rebuilding a log from its entries.
#[derive(Debug, Clone, Default)]
pub struct LaporanVerifikasi {
    pub origin: String,
    pub daun: u64,
    pub pohon: u64,
    pub checkpoint: usize,
    /// Root of the rebuilt tree over all leaves.
    pub akar: Option<Hash>,
    pub masalah: Vec<Masalah>,
    /// Not divergences (e.g. entries that are not canonical Netral records).
    pub peringatan: Vec<String>,
}

impl LaporanVerifikasi {
    pub fn konsisten(&self) -> bool {
        self.masalah.is_empty()
    }
    /// The earliest divergence in leaf order.
    pub fn divergensi_pertama(&self) -> Option<&Masalah> {
        self.masalah.iter().min_by_key(|m| m.daun)
    }
}

/// Loads a key file, or creates it (mode 0600, never overwriting) with `buat`.
fn berkas_rahasia(path: &Path, buat: impl FnOnce() -> String) -> AppResult<(String, bool)> {
    use std::io::Write;
    match std::fs::read_to_string(path) {
        Ok(s) => return Ok((s.trim().to_string(), false)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(internal(format!("membaca {}: {e}", path.display()))),
    }
    let isi = buat();
    let mut opsi = std::fs::OpenOptions::new();
    opsi.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opsi.mode(0o600);
    }
    match opsi.open(path) {
        Ok(mut f) => {
            f.write_all(format!("{isi}\n").as_bytes())
                .and_then(|_| f.sync_all())
                .map_err(|e| internal(format!("menulis {}: {e}", path.display())))?;
            Ok((isi, true))
        }
        // Another process created it meanwhile: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let s = std::fs::read_to_string(path)
                .map_err(|e| internal(format!("membaca {}: {e}", path.display())))?;
            Ok((s.trim().to_string(), false))
        }
        Err(e) => Err(internal(format!("membuat {}: {e}", path.display()))),
    }
}

fn acak32() -> [u8; 32] {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b
}

fn folder_aman(dir: &Path) -> AppResult<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| internal(format!("membuat folder kunci {}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| internal(format!("izin folder kunci {}: {e}", dir.display())))?;
    }
    Ok(())
}

/// Reads `<dir>/<kode>.key` and `.garam` if both exist.
fn baca_kunci(dir: &Path, kode: &str) -> AppResult<Option<KunciLog>> {
    let path = dir.join(format!("{kode}.key"));
    let skey = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(internal(format!("membaca {}: {e}", path.display()))),
    };
    let signer = Signer::from_skey(skey.trim())
        .map_err(|e| internal(format!("kunci {} rusak: {e}", path.display())))?;
    let garam_path = dir.join(format!("{kode}.garam"));
    let garam = std::fs::read_to_string(&garam_path)
        .map_err(|e| internal(format!("membaca {}: {e}", garam_path.display())))?;
    let garam = hex::decode(garam.trim())
        .ok()
        .and_then(|g| <[u8; 32]>::try_from(g).ok())
        .ok_or_else(|| internal(format!("garam {} rusak", garam_path.display())))?;
    Ok(Some(KunciLog {
        verifier: signer.verifier(),
        signer,
        garam,
    }))
}

impl App {
    fn layanan_log(&self) -> &LayananLog {
        &self.log
    }

    /// The log settings in force.
    pub fn konfigurasi_log(&self) -> &KonfigurasiLog {
        &self.layanan_log().konfigurasi
    }

    /// Registers a hook that receives every newly signed checkpoint (witness client).
    pub fn tambah_kait_checkpoint(&self, kait: Arc<dyn KaitCheckpoint>) {
        if let Ok(mut k) = self.layanan_log().kait.write() {
            k.push(kait);
        }
    }

    /// The key of an instansi's log, generated on first use and registered with storage.
    /// Refuses to make a new key for a log that already has one registered.
    pub async fn kunci_log(&self, instansi: &Instansi) -> AppResult<Arc<KunciLog>> {
        if let Some(k) = self
            .layanan_log()
            .kunci
            .lock()
            .map_err(internal)?
            .get(&instansi.id)
        {
            return Ok(k.clone());
        }
        let konf = &self.layanan_log().konfigurasi;
        let info = self.store.info_log(instansi.id).await?;
        let terdaftar = info.as_ref().and_then(|i| i.vkey.clone());
        let origin_baru = match info.as_ref().and_then(|i| i.origin.clone()) {
            Some(o) => o,
            None => {
                if !host_valid(&konf.host_publik) {
                    return Err(AppError::Masukan(format!(
                        "host publik {:?} tidak valid (huruf kecil, angka, titik, tanda hubung)",
                        konf.host_publik
                    )));
                }
                origin(&konf.host_publik, instansi)
            }
        };
        let kode = instansi.kode.as_str().to_string();
        let kunci = match &konf.folder_kunci {
            Some(dir) => {
                folder_aman(dir)?;
                let (_, dibuat) = berkas_rahasia(&dir.join(format!("{kode}.key")), || {
                    // A fresh key never overwrites one: see `berkas_rahasia`.
                    Signer::from_seed(&origin_baru, acak32())
                        .map(|s| s.skey())
                        .unwrap_or_default()
                })?;
                if dibuat && terdaftar.is_some() {
                    return Err(internal(format!(
                        "log {kode} sudah punya kunci terdaftar tetapi berkas kuncinya tidak ada di {}; \
                         pulihkan berkas kunci (jangan membuat kunci baru)",
                        dir.display()
                    )));
                }
                berkas_rahasia(&dir.join(format!("{kode}.garam")), || hex::encode(acak32()))?;
                baca_kunci(dir, &kode)?
                    .ok_or_else(|| internal(format!("kunci log {kode} tidak terbaca")))?
            }
            None => {
                if terdaftar.is_some() {
                    return Err(internal(format!(
                        "log {kode} sudah punya kunci terdaftar, tetapi tidak ada folder kunci"
                    )));
                }
                let signer = Signer::from_seed(&origin_baru, acak32()).map_err(internal)?;
                KunciLog {
                    verifier: signer.verifier(),
                    signer,
                    garam: acak32(),
                }
            }
        };
        if let Some(v) = &terdaftar
            && *v != kunci.vkey()
        {
            return Err(internal(format!(
                "kunci log {kode} tidak cocok dengan kunci terdaftar ({v})"
            )));
        }
        self.store
            .daftarkan_log(instansi.id, kunci.origin(), &kunci.vkey())
            .await
            .map_err(|e| match e {
                StoreError::Konflik(m) => internal(format!("log {kode}: {m}")),
                e => e.into(),
            })?;
        let kunci = Arc::new(kunci);
        self.layanan_log()
            .kunci
            .lock()
            .map_err(internal)?
            .insert(instansi.id, kunci.clone());
        Ok(kunci)
    }

    /// The salted commitment recorded in log entries instead of a person's NIP.
    pub async fn komitmen_nip(&self, instansi: &Instansi, nip: &str) -> AppResult<[u8; 32]> {
        Ok(self.kunci_log(instansi).await?.komitmen(nip))
    }

    /// Runs a ledger computation over stored hashes: once to learn which hashes it reads,
    /// then, after one store query, for real.
    pub(crate) async fn dengan_hash<T>(
        &self,
        instansi: InstansiId,
        f: impl Fn(&dyn HashReader) -> Result<T, LedgerError>,
    ) -> AppResult<T> {
        let indeks = {
            let rek = Perekam::default();
            f(&rek).map_err(internal)?;
            rek.0.into_inner()
        };
        let hash = self.store.baca_hash_pohon(instansi, &indeks).await?;
        let peta = Peta {
            lama: indeks.into_iter().zip(hash).collect(),
            mulai: u64::MAX,
            baru: Vec::new(),
        };
        f(&peta).map_err(internal)
    }

    /// The root of the stored tree at `ukuran` (which must be integrated).
    pub async fn akar_log(&self, instansi: InstansiId, ukuran: u64) -> AppResult<Hash> {
        self.dengan_hash(instansi, |r| tree_hash(ukuran, r)).await
    }

    /// Integrates sequenced leaves into the stored-hash tree, in batches; returns the new
    /// integrated size. Another process integrating at the same time is not an error.
    async fn integrasikan(&self, info: &InfoLog) -> AppResult<u64> {
        let id = info.instansi_id;
        let mut p = info.pohon;
        let batas = self.layanan_log().konfigurasi.batch_integrasi.max(1);
        while p < info.urut {
            let b = info.urut.min(p + batas);
            let daun = self.store.daun_log(id, p, b).await?;
            if daun.len() as u64 != b - p {
                return Err(internal(format!(
                    "daun log {p}..{b} tidak lengkap ({} dibaca)",
                    daun.len()
                )));
            }
            let tepi = tepi(p);
            let lama = self.store.baca_hash_pohon(id, &tepi).await?;
            let mulai = stored_hash_count(p);
            let mut peta = Peta {
                lama: tepi.into_iter().zip(lama).collect(),
                mulai,
                baru: Vec::with_capacity(2 * (b - p) as usize),
            };
            for (d, n) in daun.iter().zip(p..) {
                if d.indeks != n || leaf_hash(&d.entri) != d.hash {
                    return Err(internal(format!(
                        "daun log #{n} rusak (indeks atau hash tidak cocok dengan entri)"
                    )));
                }
                let h = stored_hashes_for_record(n, d.hash, &peta).map_err(internal)?;
                peta.baru.extend(h);
            }
            match self.store.tulis_pohon(id, p, b, mulai, &peta.baru).await {
                Ok(()) => p = b,
                Err(StoreError::Konflik(_)) => {
                    // Another sequencer moved the tree: continue from where it is.
                    let now = self.store.info_log(id).await?;
                    match now {
                        Some(i) if i.pohon > p => p = i.pohon,
                        _ => return Err(internal("integrasi log bentrok")),
                    }
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(p)
    }

    /// Signs a checkpoint of the integrated tree if it grew past the latest signed one
    /// (or none exists yet), after checking the stored tree extends that checkpoint.
    async fn tandatangani(
        &self,
        instansi: &Instansi,
        kunci: &KunciLog,
        pohon: u64,
    ) -> AppResult<Option<CheckpointDitandatangani>> {
        let id = instansi.id;
        let lama = self.store.checkpoint_terakhir(id).await?;
        if lama.as_ref().is_some_and(|l| l.ukuran >= pohon) {
            return Ok(None);
        }
        let akar = self.akar_log(id, pohon).await?;
        if let Some(l) = &lama {
            self.periksa_perluasan(id, l, pohon, &akar).await?;
        }
        let cp = Checkpoint::new(kunci.origin(), pohon, akar);
        let catatan = cp.sign(&[&kunci.signer]).map_err(internal)?;
        let baru = CheckpointBaru {
            ukuran: pohon,
            akar,
            catatan: catatan.clone(),
            waktu: self.sekarang(),
        };
        match self
            .store
            .simpan_checkpoint(id, lama.map(|l| l.ukuran), &baru)
            .await
        {
            Ok(()) => {}
            // Another process signed first; its checkpoint is of the same tree.
            Err(StoreError::Konflik(_)) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
        self.lupakan_checkpoint(instansi.kode.as_str());
        Ok(Some(CheckpointDitandatangani {
            instansi_id: id,
            kode: instansi.kode.to_string(),
            origin: kunci.origin().to_string(),
            ukuran: pohon,
            akar,
            catatan,
        }))
    }

    /// The stored tree must reproduce the signed checkpoint `l` and extend it to `ukuran`
    /// (root `akar`): the log never signs two inconsistent checkpoints.
    async fn periksa_perluasan(
        &self,
        id: InstansiId,
        l: &CheckpointTersimpan,
        ukuran: u64,
        akar: &Hash,
    ) -> AppResult<()> {
        let akar_lama = self.akar_log(id, l.ukuran).await?;
        if akar_lama != l.akar {
            return Err(internal(format!(
                "pohon tersimpan tidak cocok dengan checkpoint ukuran {} (akar {} ≠ {})",
                l.ukuran,
                hex32(&akar_lama),
                hex32(&l.akar)
            )));
        }
        if l.ukuran > 0 && ukuran > l.ukuran {
            let bukti = self
                .dengan_hash(id, |r| prove_tree(ukuran, l.ukuran, r))
                .await?;
            verify_consistency(l.ukuran, ukuran, &bukti, &l.akar, akar).map_err(|e| {
                internal(format!(
                    "pohon ukuran {ukuran} tidak konsisten dengan checkpoint ukuran {}: {e}",
                    l.ukuran
                ))
            })?;
        }
        Ok(())
    }

    /// One sequencer step for one instansi: key, integration, checkpoint.
    pub async fn langkah_log_instansi(
        &self,
        instansi: &Instansi,
    ) -> AppResult<Option<CheckpointDitandatangani>> {
        let kunci = self.kunci_log(instansi).await?;
        let Some(info) = self.store.info_log(instansi.id).await? else {
            return Ok(None);
        };
        let pohon = if info.urut > info.pohon {
            self.integrasikan(&info).await?
        } else {
            info.pohon
        };
        if info.checkpoint.is_some_and(|c| c >= pohon) {
            return Ok(None);
        }
        let cp = self.tandatangani(instansi, &kunci, pohon).await?;
        if let Some(cp) = &cp {
            self.kirim_ke_kait(cp);
        }
        Ok(cp)
    }

    fn kirim_ke_kait(&self, cp: &CheckpointDitandatangani) {
        let kait: Vec<Arc<dyn KaitCheckpoint>> = match self.layanan_log().kait.read() {
            Ok(k) => k.clone(),
            Err(_) => return,
        };
        for k in kait {
            let (app, cp) = (self.clone(), cp.clone());
            tokio::spawn(async move { k.checkpoint_baru(&app, &cp).await });
        }
    }

    /// One sequencer step over every instansi: creates missing logs (key + empty
    /// checkpoint), integrates sequenced leaves and signs where the tree grew. Returns the
    /// checkpoints signed. A failing log is reported and does not stop the others.
    pub async fn langkah_log(&self) -> AppResult<Vec<CheckpointDitandatangani>> {
        let _satu = self.layanan_log().langkah.lock().await;
        let logs: HashMap<InstansiId, InfoLog> = self
            .store
            .daftar_log()
            .await?
            .into_iter()
            .map(|i| (i.instansi_id, i))
            .collect();
        let mut out = Vec::new();
        let mut galat = None;
        for instansi in self.store.daftar_instansi().await? {
            let perlu = match logs.get(&instansi.id) {
                None => true,
                Some(i) => i.origin.is_none() || i.urut > i.pohon || i.checkpoint != Some(i.pohon),
            };
            if !perlu {
                continue;
            }
            match self.langkah_log_instansi(&instansi).await {
                Ok(Some(cp)) => out.push(cp),
                Ok(None) => {}
                Err(e) => {
                    tracing::error!(kode = %instansi.kode, error = ?e, "sequencer log gagal");
                    galat = Some(e);
                }
            }
        }
        match galat {
            Some(e) if out.is_empty() => Err(e),
            _ => Ok(out),
        }
    }

    /// Startup check of every log: the key opens and matches the registered one, the latest
    /// signed checkpoint verifies with it, and the stored tree reproduces its root.
    pub async fn periksa_log(&self) -> AppResult<()> {
        for info in self.store.daftar_log().await? {
            let Some(cp) = self.store.checkpoint_terakhir(info.instansi_id).await? else {
                continue;
            };
            let instansi = self
                .store
                .instansi(info.instansi_id)
                .await?
                .ok_or_else(|| internal("log tanpa instansi"))?;
            let kode = instansi.kode.to_string();
            let kunci = self.kunci_log(&instansi).await?;
            let (isi, _) = Checkpoint::open(&cp.catatan, &[kunci.verifier()]).map_err(|e| {
                internal(format!(
                    "log {kode}: checkpoint ukuran {} tidak terverifikasi dengan kunci log: {e}",
                    cp.ukuran
                ))
            })?;
            if isi.origin != kunci.origin() || isi.size != cp.ukuran || isi.root != cp.akar {
                return Err(internal(format!(
                    "log {kode}: isi checkpoint ukuran {} tidak cocok dengan catatannya",
                    cp.ukuran
                )));
            }
            if info.pohon < cp.ukuran {
                return Err(internal(format!(
                    "log {kode}: pohon tersimpan ({}) lebih kecil dari checkpoint ({})",
                    info.pohon, cp.ukuran
                )));
            }
            let akar = self
                .akar_log(info.instansi_id, cp.ukuran)
                .await
                .map_err(|e| {
                    internal(format!("log {kode}: akar pada ukuran {}: {e}", cp.ukuran))
                })?;
            if akar != cp.akar {
                return Err(internal(format!(
                    "log {kode}: pohon tersimpan tidak memperluas checkpoint terakhir (ukuran {}): \
                     akar {} ≠ {}; jalankan `netral log verify --instansi {kode}`",
                    cp.ukuran,
                    hex32(&akar),
                    hex32(&cp.akar)
                )));
            }
        }
        Ok(())
    }

    /// Starts the sequencer task after checking every log ([`App::periksa_log`]) and
    /// making sure every instansi's log exists.
    pub async fn mulai_sequencer(&self) -> AppResult<Sequencer> {
        self.periksa_log().await?;
        self.langkah_log().await?;
        let (stop, mut berhenti) = tokio::sync::watch::channel(false);
        let app = self.clone();
        let interval = self.layanan_log().konfigurasi.interval;
        let tugas = tokio::spawn(async move {
            let mut tik = tokio::time::interval(interval);
            tik.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            tik.tick().await;
            loop {
                tokio::select! {
                    _ = tik.tick() => {
                        if let Err(e) = app.langkah_log().await {
                            tracing::error!(error = ?e, "sequencer log");
                        }
                    }
                    _ = berhenti.changed() => break,
                }
            }
        });
        Ok(Sequencer {
            app: self.clone(),
            stop,
            tugas,
        })
    }

    // --- reading, for the public endpoints --------------------------------------------

    fn lupakan_checkpoint(&self, kode: &str) {
        if let Ok(mut c) = self.layanan_log().checkpoint.lock() {
            c.remove(kode);
        }
    }

    /// The latest signed checkpoint of the log of `kode`, with the cosignatures received
    /// for it appended; cached for half a second.
    pub async fn checkpoint_publik(&self, kode: &str) -> AppResult<Arc<CheckpointPublik>> {
        if let Ok(c) = self.layanan_log().checkpoint.lock()
            && let Some((t, cp)) = c.get(kode)
            && t.elapsed() < TTL_CHECKPOINT
        {
            return Ok(cp.clone());
        }
        let tidak_ada = || AppError::TidakDitemukan(format!("log {kode}"));
        let instansi = self
            .store
            .instansi_by_kode(kode)
            .await?
            .ok_or_else(tidak_ada)?;
        let cp = self
            .store
            .checkpoint_terakhir(instansi.id)
            .await?
            .ok_or_else(tidak_ada)?;
        let teks = self.dengan_kosignatur(instansi.id, &cp).await?;
        let publik = Arc::new(CheckpointPublik {
            instansi_id: instansi.id,
            ukuran: cp.ukuran,
            akar: cp.akar,
            teks,
        });
        if let Ok(mut c) = self.layanan_log().checkpoint.lock() {
            c.insert(kode.to_string(), (Instant::now(), publik.clone()));
        }
        Ok(publik)
    }

    async fn dengan_kosignatur(
        &self,
        instansi: InstansiId,
        cp: &CheckpointTersimpan,
    ) -> AppResult<String> {
        let baris = self.store.kosignatur(instansi, cp.ukuran).await?;
        let sig: Vec<Signature> = baris
            .iter()
            .filter_map(|b| Signature::parse_line(b).ok())
            .collect();
        if sig.is_empty() {
            return Ok(cp.catatan.clone());
        }
        netral_ledger::note::append_signatures(&cp.catatan, &sig).map_err(internal)
    }

    /// The log's public verifier key.
    pub async fn vkey_publik(&self, kode: &str) -> AppResult<String> {
        let tidak_ada = || AppError::TidakDitemukan(format!("log {kode}"));
        let instansi = self
            .store
            .instansi_by_kode(kode)
            .await?
            .ok_or_else(tidak_ada)?;
        self.store
            .info_log(instansi.id)
            .await?
            .and_then(|i| i.vkey)
            .ok_or_else(tidak_ada)
    }

    /// A hash tile or entry bundle, only if the latest signed checkpoint covers it.
    pub async fn tile_publik(&self, kode: &str, jalur: TilePath) -> AppResult<Arc<Vec<u8>>> {
        let cp = self.checkpoint_publik(kode).await?;
        let (tile, entri) = match jalur {
            TilePath::Hashes(t) => (t, false),
            TilePath::Entries(t) => (t, true),
        };
        let cakupan = |t: &Tile| -> Option<u64> {
            let per = 1u64.checked_shl(8 * u32::from(t.level))?;
            t.n.checked_mul(256)?
                .checked_add(u64::from(t.width))?
                .checked_mul(per)
        };
        if cakupan(&tile).is_none_or(|s| s > cp.ukuran) {
            return Err(AppError::TidakDitemukan(format!(
                "tile di luar checkpoint (ukuran {})",
                cp.ukuran
            )));
        }
        let kunci_cache = (cp.instansi_id, entri, tile.level, tile.n);
        if tile.is_full()
            && let Ok(c) = self.layanan_log().tile.lock()
            && let Some(t) = c.get(&kunci_cache)
        {
            return Ok(t.clone());
        }
        let data = if entri {
            let awal = tile.n * 256;
            let daun = self
                .store
                .daun_log(cp.instansi_id, awal, awal + u64::from(tile.width))
                .await?;
            if daun.len() != usize::from(tile.width) {
                return Err(internal("daun tile tidak lengkap"));
            }
            let isi: Vec<&[u8]> = daun.iter().map(|d| d.entri.as_slice()).collect();
            encode_entry_bundle(&isi).map_err(internal)?
        } else {
            let indeks = tile.stored_hash_indexes().map_err(internal)?;
            let (lo, hi) = (
                indeks.iter().copied().min().unwrap_or(0),
                indeks.iter().copied().max().map_or(0, |x| x + 1),
            );
            if hi - lo <= 4 * indeks.len() as u64 {
                // Level-0 tiles interleave with a few higher hashes: one range read.
                let rentang = self
                    .store
                    .rentang_hash_pohon(cp.instansi_id, lo, hi)
                    .await?;
                let mut out = Vec::with_capacity(indeks.len() * 32);
                for i in &indeks {
                    let h = rentang
                        .get((i - lo) as usize)
                        .ok_or_else(|| internal(format!("hash pohon {i} tidak ada")))?;
                    out.extend_from_slice(h);
                }
                out
            } else {
                self.store
                    .baca_hash_pohon(cp.instansi_id, &indeks)
                    .await?
                    .concat()
            }
        };
        let data = Arc::new(data);
        if tile.is_full()
            && let Ok(mut c) = self.layanan_log().tile.lock()
        {
            if c.len() >= MAKS_CACHE_TILE {
                c.clear();
            }
            c.insert(kunci_cache, data.clone());
        }
        Ok(data)
    }

    /// Inclusion proof of the leaf with hash `hash_daun` in the tree of a signed
    /// checkpoint: size `ukuran`, or the latest.
    pub async fn bukti_inklusi(
        &self,
        kode: &str,
        hash_daun: &Hash,
        ukuran: Option<u64>,
    ) -> AppResult<BuktiInklusi> {
        let terakhir = self.checkpoint_publik(kode).await?;
        let id = terakhir.instansi_id;
        let indeks = self
            .store
            .indeks_daun(id, hash_daun)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan("daun dengan hash itu".into()))?;
        let (ukuran, teks, akar) = match ukuran {
            None => (terakhir.ukuran, terakhir.teks.clone(), terakhir.akar),
            Some(u) if u == terakhir.ukuran => (u, terakhir.teks.clone(), terakhir.akar),
            Some(u) => {
                let cp = self.store.checkpoint_log(id, u).await?.ok_or_else(|| {
                    AppError::TidakDitemukan(format!("checkpoint bertanda tangan ukuran {u}"))
                })?;
                let teks = self.dengan_kosignatur(id, &cp).await?;
                (u, teks, cp.akar)
            }
        };
        if indeks >= ukuran {
            return Err(AppError::TidakDitemukan(format!(
                "daun #{indeks} belum tercakup checkpoint ukuran {ukuran}"
            )));
        }
        let bukti = self
            .dengan_hash(id, |r| prove_record(ukuran, indeks, r))
            .await?;
        // Never hand out a proof that does not verify against the checkpoint.
        verify_inclusion(indeks, ukuran, hash_daun, &bukti, &akar).map_err(|e| {
            internal(format!(
                "bukti inklusi #{indeks} ukuran {ukuran} tidak sah: {e}"
            ))
        })?;
        Ok(BuktiInklusi {
            indeks,
            ukuran,
            bukti,
            checkpoint: teks,
        })
    }

    /// Consistency proof between two tree sizes, both within the latest signed checkpoint.
    pub async fn bukti_konsistensi(
        &self,
        kode: &str,
        lama: u64,
        baru: u64,
    ) -> AppResult<Vec<Hash>> {
        let cp = self.checkpoint_publik(kode).await?;
        if lama == 0 || lama > baru || baru > cp.ukuran {
            return Err(AppError::Masukan(format!(
                "ukuran harus 1 ≤ old ≤ new ≤ {} (checkpoint terakhir)",
                cp.ukuran
            )));
        }
        self.dengan_hash(cp.instansi_id, |r| prove_tree(baru, lama, r))
            .await
    }

    /// Keeps cosignature lines a witness returned for the checkpoint of size `ukuran`.
    pub async fn terima_kosignatur(
        &self,
        instansi: &Instansi,
        ukuran: u64,
        baris: &[String],
    ) -> AppResult<()> {
        let mut bersih = Vec::new();
        for b in baris {
            let b = b.trim_end_matches('\n');
            let sig = Signature::parse_line(b)
                .map_err(|e| AppError::Masukan(format!("baris kosignatur tidak valid: {e}")))?;
            bersih.push(sig.to_line().trim_end_matches('\n').to_string());
        }
        self.store
            .simpan_kosignatur(instansi.id, ukuran, &bersih, self.sekarang())
            .await?;
        self.lupakan_checkpoint(instansi.kode.as_str());
        Ok(())
    }

    /// The latest signed checkpoint of an instansi's log, signing one now if the log has
    /// none yet (`netral log checkpoint`).
    pub async fn checkpoint_instansi(&self, instansi: &Instansi) -> AppResult<String> {
        if self.store.checkpoint_terakhir(instansi.id).await?.is_none() {
            self.langkah_log_instansi(instansi).await?;
        }
        Ok(self
            .checkpoint_publik(instansi.kode.as_str())
            .await?
            .teks
            .clone())
    }

    // --- full rebuild -----------------------------------------------------------------

    /// Rebuilds the log from its stored entries (`netral log verify`): recomputes every leaf
    /// hash, rebuilds the tree from scratch comparing every stored hash, and checks every
    /// stored checkpoint's signature and root against the rebuilt tree (all roots on one
    /// rebuilt tree means the checkpoints are mutually consistent). Uses the key file when
    /// present, else the registered vkey. Never writes.
    pub async fn verifikasi_log(&self, instansi: &Instansi) -> AppResult<LaporanVerifikasi> {
        let id = instansi.id;
        let kode = instansi.kode.to_string();
        let info = self
            .store
            .info_log(id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("log {kode}")))?;
        let mut lap = LaporanVerifikasi {
            origin: info.origin.clone().unwrap_or_default(),
            daun: info.urut,
            pohon: info.pohon,
            ..Default::default()
        };
        let dari_berkas = match &self.layanan_log().konfigurasi.folder_kunci {
            Some(dir) => baca_kunci(dir, &kode)?.map(|k| k.verifier),
            None => self
                .layanan_log()
                .kunci
                .lock()
                .map_err(internal)?
                .get(&id)
                .map(|k| k.verifier.clone()),
        };
        let terdaftar = info
            .vkey
            .as_deref()
            .map(Verifier::from_vkey)
            .transpose()
            .map_err(|e| internal(format!("vkey terdaftar rusak: {e}")))?;
        if let (Some(a), Some(b)) = (&dari_berkas, &terdaftar)
            && a != b
        {
            lap.masalah.push(Masalah {
                daun: 0,
                pesan: format!(
                    "kunci di berkas ({}) berbeda dari kunci terdaftar ({})",
                    a.vkey(),
                    b.vkey()
                ),
            });
        }
        let verifier = dari_berkas.or(terdaftar);
        if verifier.is_none() {
            lap.peringatan
                .push("tidak ada kunci: tanda tangan checkpoint tidak diperiksa".into());
        }
        let cps = self.store.daftar_checkpoint(id).await?;
        lap.checkpoint = cps.len();
        let mut cp_iter = cps.iter().peekable();
        let periksa_cp = |cp: &CheckpointTersimpan,
                          akar: Option<Hash>,
                          lap: &mut LaporanVerifikasi| {
            let posisi = cp.ukuran.saturating_sub(1);
            if let Some(v) = &verifier {
                match Checkpoint::open(&cp.catatan, &[v]) {
                    Ok((isi, _)) => {
                        if isi.size != cp.ukuran || isi.root != cp.akar || isi.origin != lap.origin
                        {
                            lap.masalah.push(Masalah {
                                daun: posisi,
                                pesan: format!(
                                    "checkpoint ukuran {}: isi catatan bertanda tangan tidak cocok dengan barisnya",
                                    cp.ukuran
                                ),
                            });
                        }
                    }
                    Err(e) => lap.masalah.push(Masalah {
                        daun: posisi,
                        pesan: format!(
                            "checkpoint ukuran {}: tanda tangan tidak sah: {e}",
                            cp.ukuran
                        ),
                    }),
                }
            }
            match akar {
                Some(a) if a == cp.akar => {}
                Some(a) => lap.masalah.push(Masalah {
                    daun: posisi,
                    pesan: format!(
                        "checkpoint ukuran {}: akar {} ≠ akar pohon yang dibangun ulang {}",
                        cp.ukuran,
                        hex32(&cp.akar),
                        hex32(&a)
                    ),
                }),
                None => lap.masalah.push(Masalah {
                    daun: posisi,
                    pesan: format!(
                        "checkpoint ukuran {} melebihi jumlah daun ({})",
                        cp.ukuran, info.urut
                    ),
                }),
            }
        };
        while let Some(cp) = cp_iter.next_if(|c| c.ukuran == 0) {
            periksa_cp(cp, Some(empty_root()), &mut lap);
        }
        // The frontier: the stored hashes of the maximal complete subtrees built so far.
        let mut tepi_peta = Peta {
            mulai: u64::MAX,
            ..Default::default()
        };
        let mut n = 0u64;
        const BATCH: u64 = 10_000;
        'luar: while n < info.urut {
            let b = info.urut.min(n + BATCH);
            let daun = self.store.daun_log(id, n, b).await?;
            let tersimpan = if n < info.pohon {
                let (sa, sb) = (stored_hash_count(n), stored_hash_count(b.min(info.pohon)));
                self.store.rentang_hash_pohon(id, sa, sb).await?
            } else {
                Vec::new()
            };
            let awal_tersimpan = stored_hash_count(n);
            for d in daun {
                if d.indeks != n {
                    lap.masalah.push(Masalah {
                        daun: n,
                        pesan: format!("daun #{n} hilang (berikutnya #{})", d.indeks),
                    });
                    break 'luar;
                }
                let h = leaf_hash(&d.entri);
                if h != d.hash {
                    lap.masalah.push(Masalah {
                        daun: n,
                        pesan: format!(
                            "daun #{n}: hash tersimpan {} ≠ SHA-256(0x00 ‖ entri) {}",
                            hex32(&d.hash),
                            hex32(&h)
                        ),
                    });
                }
                if let Err(e) = Entri::decode(&d.entri)
                    && lap.peringatan.len() < 10
                {
                    lap.peringatan
                        .push(format!("daun #{n}: bukan entri Netral kanonik ({e})"));
                }
                let baru = stored_hashes_for_record(n, h, &tepi_peta).map_err(internal)?;
                let s0 = stored_hash_count(n);
                if n < info.pohon {
                    for (k, hb) in baru.iter().enumerate() {
                        let idx = s0 + k as u64;
                        let disimpan = tersimpan.get((idx - awal_tersimpan) as usize);
                        if disimpan != Some(hb) {
                            let (level, m) = split_stored_hash_index(idx);
                            lap.masalah.push(Masalah {
                                daun: n,
                                pesan: format!(
                                    "hash pohon tersimpan #{idx} (level {level}, posisi {m}) {} ≠ dibangun ulang {}",
                                    disimpan.map(hex32).unwrap_or_else(|| "tidak ada".into()),
                                    hex32(hb)
                                ),
                            });
                        }
                    }
                }
                // Keep only the new top subtree; the ones it absorbed are interior now.
                let m = (n + 1).trailing_zeros();
                for i in 0..m {
                    tepi_peta.lama.remove(&stored_hash_index(i, (n >> i) - 1));
                }
                if let Some(top) = baru.last() {
                    tepi_peta.lama.insert(s0 + baru.len() as u64 - 1, *top);
                }
                n += 1;
                while let Some(cp) = cp_iter.next_if(|c| c.ukuran == n) {
                    let akar = tree_hash(n, &tepi_peta).map_err(internal)?;
                    periksa_cp(cp, Some(akar), &mut lap);
                }
                if lap.masalah.len() > 100 {
                    break 'luar;
                }
            }
        }
        for cp in cp_iter {
            periksa_cp(cp, None, &mut lap);
        }
        if n == info.urut {
            lap.akar = Some(tree_hash(n, &tepi_peta).map_err(internal)?);
        }
        lap.masalah.sort_by_key(|m| m.daun);
        Ok(lap)
    }
}

/// The running sequencer task.
pub struct Sequencer {
    app: App,
    stop: tokio::sync::watch::Sender<bool>,
    tugas: tokio::task::JoinHandle<()>,
}

impl Sequencer {
    /// Stops the task, then integrates and signs what is still pending.
    pub async fn berhenti(self) -> AppResult<Vec<CheckpointDitandatangani>> {
        let _ = self.stop.send(true);
        let _ = self.tugas.await;
        self.app.langkah_log().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_rule() {
        assert_eq!(slug("Kota Pangkalpinang"), "kota-pangkalpinang");
        assert_eq!(
            slug("  Kab. Kepulauan  Bangka–Belitung (Babel) "),
            "kab-kepulauan-bangka-belitung-babel"
        );
        assert_eq!(slug("Kota Bau-Bau"), "kota-bau-bau");
        assert_eq!(slug("—"), "log");
        assert_eq!(slug(&"a".repeat(100)).len(), 48);
        assert!(!slug(&format!("{} b", "a".repeat(47))).ends_with('-'));
        assert!(host_valid("pakta.localhost"));
        assert!(host_valid("localhost:8080"));
        assert!(!host_valid("Pakta.id"));
        assert!(!host_valid("a/b"));
        assert!(!host_valid(""));
    }

    #[test]
    fn frontier_matches_tree_hash_reads() {
        for n in 1..600u64 {
            let rek = Perekam::default();
            tree_hash(n, &rek).unwrap();
            assert_eq!(rek.0.into_inner(), tepi(n), "n = {n}");
        }
        assert!(tepi(0).is_empty());
    }
}
