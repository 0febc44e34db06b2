//! The storage port. The application talks to storage only through [`Store`]; adapters
//! (`netral-store-sqlite`, `netral-store-postgres`) implement it and must pass
//! [`conformance`].
//!
//! **Architecture invariants**
//! - Each method is one database transaction: it either happens whole or not at all.
//! - Every query on tenant data is filtered by `instansi_id`; every tenant-owned table has
//!   `instansi_id` as the first column of its primary key.
//! - Time comes in through [`Jejak`] or an explicit `now`; adapters never read the clock.

pub mod conformance;
pub mod conformance_log;
pub mod conformance_pakta;
pub mod conformance_ttd;
pub mod log;
pub mod pakta;
pub mod ttd;

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use log::{CheckpointBaru, CheckpointTersimpan, Daun, DaunBaru, Hash32, InfoLog};
pub use netral_domain::akun::{Jejak, Peran, User, UserId, Username};
pub use netral_domain::audit::{AuditBaru, EntriAudit};
pub use netral_domain::impor::{PegawaiTersimpan, RencanaImpor};
pub use netral_domain::organisasi::{
    Instansi, InstansiBaru, InstansiId, Jabatan, PegawaiId, UnitId, UnitKerja,
};
pub use netral_domain::pegawai::{Eselon, JenisJabatan, JenisKelamin, JenisPegawai, StatusPegawai};
pub use pakta::{KampanyeBaru, PemilihanBaru};

/// Storage failures. `Konflik` and `TidakDitemukan` are the caller's business; `Backend`
/// is an internal failure whose text must never reach a user.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("data tidak ditemukan: {0}")]
    TidakDitemukan(String),
    #[error("konflik data: {0}")]
    Konflik(String),
    #[error("database: {0}")]
    Backend(String),
    #[error("migrasi: {0}")]
    Migrasi(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Whether a write changed anything (commands run twice must change nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Perubahan {
    Dibuat,
    Diubah,
    Tetap,
}

/// A new account, password already hashed by the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserBaru {
    pub instansi_id: InstansiId,
    pub username: Username,
    pub nama: String,
    pub peran: Peran,
    pub unit_id: Option<UnitId>,
    pub hash_sandi: Option<String>,
}

/// A login session; only the SHA-256 of the cookie value is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sesi {
    pub token_hash: String,
    pub user_id: UserId,
    pub csrf: String,
    pub dibuat: DateTime<Utc>,
    pub kedaluwarsa: DateTime<Utc>,
}

/// An API bearer token; only its SHA-256 is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBaru {
    pub token_hash: String,
    pub user_id: UserId,
    pub nama: String,
    pub kedaluwarsa: Option<DateTime<Utc>>,
}

/// Search and filters for the employee list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FilterPegawai {
    /// Case-insensitive substring of name or identifier.
    pub q: Option<String>,
    /// Only these units (already expanded to a subtree by the caller).
    pub unit_ids: Option<Vec<UnitId>>,
    pub jenis: Option<JenisPegawai>,
    pub status: Option<StatusPegawai>,
}

/// One page of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Halaman {
    pub nomor: u32,
    pub ukuran: u32,
}

impl Halaman {
    pub fn offset(self) -> u64 {
        u64::from(self.nomor.saturating_sub(1)) * u64::from(self.ukuran)
    }
}

/// A row of the employee list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PegawaiRingkas {
    pub id: PegawaiId,
    pub identitas: String,
    pub jenis: JenisPegawai,
    pub nama: String,
    pub gelar_depan: Option<String>,
    pub gelar_belakang: Option<String>,
    pub jabatan: Option<String>,
    pub unit_id: Option<UnitId>,
    pub unit: Option<String>,
    pub golongan: Option<String>,
    pub status: StatusPegawai,
}

/// Everything stored about one employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PegawaiDetail {
    pub ringkas: PegawaiRingkas,
    pub nip: Option<String>,
    pub ni_pppk: Option<String>,
    pub nik: Option<String>,
    pub tempat_lahir: Option<String>,
    pub tanggal_lahir: Option<NaiveDate>,
    pub jenis_kelamin: Option<JenisKelamin>,
    pub jabatan_jenis: Option<JenisJabatan>,
    pub eselon: Option<Eselon>,
    pub atasan_id: Option<PegawaiId>,
    pub atasan_nama: Option<String>,
    pub no_hp: Option<String>,
    pub email: Option<String>,
    pub diubah_pada: DateTime<Utc>,
}

/// What an import wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HasilTulisImpor {
    pub unit_baru: u64,
    pub jabatan_baru: u64,
}

/// The storage port.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;
    /// Checks the database answers (for `/healthz`).
    async fn ping(&self) -> StoreResult<()>;

    // --- instansi -------------------------------------------------------------------
    /// Registers a Pemda, or updates its name and head; idempotent by kode wilayah.
    async fn simpan_instansi(
        &self,
        baru: &InstansiBaru,
        jejak: &Jejak,
    ) -> StoreResult<(Instansi, Perubahan)>;
    async fn instansi(&self, id: InstansiId) -> StoreResult<Option<Instansi>>;
    async fn instansi_by_kode(&self, kode: &str) -> StoreResult<Option<Instansi>>;
    async fn daftar_instansi(&self) -> StoreResult<Vec<Instansi>>;

    // --- accounts -------------------------------------------------------------------
    /// Creates an account, or updates its role/unit/name (and password when given);
    /// idempotent. A username taken in another instansi is a `Konflik`.
    async fn simpan_user(&self, baru: &UserBaru, jejak: &Jejak) -> StoreResult<(User, Perubahan)>;
    /// The account and its password hash.
    async fn user_by_username(&self, username: &str)
    -> StoreResult<Option<(User, Option<String>)>>;
    async fn daftar_user(&self, instansi: InstansiId) -> StoreResult<Vec<User>>;
    async fn buat_sesi(&self, sesi: &Sesi) -> StoreResult<()>;
    /// A live session and its user (expired sessions are not returned).
    async fn sesi(&self, token_hash: &str, now: DateTime<Utc>)
    -> StoreResult<Option<(Sesi, User)>>;
    async fn hapus_sesi(&self, token_hash: &str) -> StoreResult<()>;
    async fn buat_token(
        &self,
        token: &TokenBaru,
        jejak: &Jejak,
        instansi: InstansiId,
    ) -> StoreResult<()>;
    async fn user_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<User>>;

    // --- registry -------------------------------------------------------------------
    async fn daftar_unit(&self, instansi: InstansiId) -> StoreResult<Vec<UnitKerja>>;
    async fn daftar_jabatan(&self, instansi: InstansiId) -> StoreResult<Vec<Jabatan>>;
    /// Active employees per unit.
    async fn jumlah_per_unit(&self, instansi: InstansiId) -> StoreResult<HashMap<UnitId, u64>>;
    /// Identity, fingerprint and status of every employee, for import planning.
    async fn pegawai_tersimpan(&self, instansi: InstansiId) -> StoreResult<Vec<PegawaiTersimpan>>;
    /// Writes an import plan in one transaction: creates missing units (by path) and posts,
    /// inserts and updates employees, marks missing ones inactive, links superiors by
    /// identifier, and appends the audit entries. `versi` is the registry version the plan
    /// was made against; a concurrent change makes this a `Konflik` and nothing is written.
    /// The plan is shared, not copied: it may hold a million rows.
    async fn tulis_impor(
        &self,
        instansi: InstansiId,
        versi: i64,
        rencana: Arc<RencanaImpor>,
        ringkasan: &AuditBaru,
        jejak: &Jejak,
    ) -> StoreResult<HasilTulisImpor>;
    /// The registry version (bumped by every import) used for optimistic concurrency.
    async fn versi_registri(&self, instansi: InstansiId) -> StoreResult<i64>;
    async fn cari_pegawai(
        &self,
        instansi: InstansiId,
        filter: &FilterPegawai,
        halaman: Halaman,
    ) -> StoreResult<(Vec<PegawaiRingkas>, u64)>;
    async fn pegawai(
        &self,
        instansi: InstansiId,
        id: PegawaiId,
    ) -> StoreResult<Option<PegawaiDetail>>;
    /// Employees counted by type and status in one scan, optionally within some units.
    async fn statistik_pegawai(
        &self,
        instansi: InstansiId,
        unit_ids: Option<&[UnitId]>,
    ) -> StoreResult<Vec<(JenisPegawai, StatusPegawai, u64)>>;

    // --- audit ----------------------------------------------------------------------
    async fn catat_audit(&self, entri: &AuditBaru, jejak: &Jejak) -> StoreResult<()>;
    /// Newest first; `sebelum_id` pages backwards.
    async fn daftar_audit(
        &self,
        instansi: InstansiId,
        batas: u32,
        sebelum_id: Option<i64>,
    ) -> StoreResult<Vec<EntriAudit>>;

    // --- transparency log (issue #3; types in [`log`]) --------------------------------
    /// Registers the log's origin and verifier key, creating its head row if needed;
    /// idempotent. Another origin or key than the registered one is a `Konflik`.
    async fn daftarkan_log(
        &self,
        instansi: InstansiId,
        origin: &str,
        vkey: &str,
    ) -> StoreResult<InfoLog>;
    /// The head of the log; `None` when nothing was registered or appended yet.
    async fn info_log(&self, instansi: InstansiId) -> StoreResult<Option<InfoLog>>;
    /// The heads of every log, by instansi id.
    async fn daftar_log(&self) -> StoreResult<Vec<InfoLog>>;
    /// Appends leaves in one transaction, strictly sequenced per log, and returns each
    /// leaf's index in order. A leaf whose hash is already in the log (or earlier in the
    /// batch) is not appended again: it gets its existing index. All or nothing.
    async fn tambah_daun(&self, instansi: InstansiId, daun: &[DaunBaru]) -> StoreResult<Vec<u64>>;
    /// The leaves with index in `[dari, sampai)`, ascending.
    async fn daun_log(
        &self,
        instansi: InstansiId,
        dari: u64,
        sampai: u64,
    ) -> StoreResult<Vec<Daun>>;
    /// The index of the leaf with this leaf hash.
    async fn indeks_daun(&self, instansi: InstansiId, hash: &Hash32) -> StoreResult<Option<u64>>;
    /// Integrates leaves `[pohon_lama, pohon_baru)` into the tree: writes their stored hashes
    /// (`hash[i]` at stored-hash index `mulai + i`) and moves the head's `pohon`, only if it
    /// is still `pohon_lama` and `pohon_baru <= urut`; otherwise `Konflik` and nothing is
    /// written (another sequencer got there first).
    async fn tulis_pohon(
        &self,
        instansi: InstansiId,
        pohon_lama: u64,
        pohon_baru: u64,
        mulai: u64,
        hash: &[Hash32],
    ) -> StoreResult<()>;
    /// Stored hashes by stored-hash index, in the order asked; a missing index is
    /// `TidakDitemukan`.
    async fn baca_hash_pohon(
        &self,
        instansi: InstansiId,
        indeks: &[u64],
    ) -> StoreResult<Vec<Hash32>>;
    /// Stored hashes with index in `[dari, sampai)`, ascending (stops at the last stored).
    async fn rentang_hash_pohon(
        &self,
        instansi: InstansiId,
        dari: u64,
        sampai: u64,
    ) -> StoreResult<Vec<Hash32>>;
    /// Stores a signed checkpoint if the latest one still has size `ukuran_lama` (`None`:
    /// there is none yet), the new size is larger (or the first) and within the integrated
    /// tree; otherwise `Konflik` and nothing is written. Every checkpoint is kept.
    async fn simpan_checkpoint(
        &self,
        instansi: InstansiId,
        ukuran_lama: Option<u64>,
        cp: &CheckpointBaru,
    ) -> StoreResult<()>;
    /// The latest signed checkpoint.
    async fn checkpoint_terakhir(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Option<CheckpointTersimpan>>;
    /// The signed checkpoint of this size, if one was signed.
    async fn checkpoint_log(
        &self,
        instansi: InstansiId,
        ukuran: u64,
    ) -> StoreResult<Option<CheckpointTersimpan>>;
    /// Every signed checkpoint, by increasing size.
    async fn daftar_checkpoint(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<CheckpointTersimpan>>;
    /// Keeps witness cosignature lines (without newline) for the checkpoint of that size;
    /// lines already kept are ignored. The checkpoint must exist (`TidakDitemukan`).
    async fn simpan_kosignatur(
        &self,
        instansi: InstansiId,
        ukuran: u64,
        baris: &[String],
        waktu: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The cosignature lines kept for the checkpoint of that size, in the order received.
    async fn kosignatur(&self, instansi: InstansiId, ukuran: u64) -> StoreResult<Vec<String>>;

    // --- pakta: pemilihan, templates, campaigns (issue #4; types in [`pakta`]) ---------
    /// Creates an election (`id: None`) or replaces a stored one with its stages
    /// (`TidakDitemukan` if it is not this instansi's). Saving unchanged data is `Tetap`.
    async fn simpan_pemilihan(
        &self,
        baru: &PemilihanBaru,
        jejak: &Jejak,
    ) -> StoreResult<(pakta::Pemilihan, Perubahan)>;
    /// The instansi's elections, by voting day then id.
    async fn daftar_pemilihan(&self, instansi: InstansiId) -> StoreResult<Vec<pakta::Pemilihan>>;
    async fn pemilihan(
        &self,
        instansi: InstansiId,
        id: pakta::PemilihanId,
    ) -> StoreResult<Option<pakta::Pemilihan>>;
    /// Stores a template version. The same canonical text again (same `hash_isi`) returns
    /// the stored row with `Tetap`; another text for an existing, unapproved version
    /// replaces it (`Diubah`); for an approved version it is a `Konflik` (save a new
    /// version instead); otherwise a new row (`Dibuat`).
    async fn simpan_templat(
        &self,
        baru: &pakta::PaktaTemplateBaru,
        jejak: &Jejak,
    ) -> StoreResult<(pakta::PaktaTemplate, Perubahan)>;
    /// Approves a template version; already approved or no name is a `Konflik`.
    async fn sahkan_templat(
        &self,
        instansi: InstansiId,
        id: pakta::TemplateId,
        oleh: &str,
        tgl: NaiveDate,
        jejak: &Jejak,
    ) -> StoreResult<pakta::PaktaTemplate>;
    async fn templat(
        &self,
        instansi: InstansiId,
        id: pakta::TemplateId,
    ) -> StoreResult<Option<pakta::PaktaTemplate>>;
    /// The instansi's templates (only those of one election when given), by election,
    /// version and id.
    async fn daftar_templat(
        &self,
        instansi: InstansiId,
        pemilihan: Option<pakta::PemilihanId>,
    ) -> StoreResult<Vec<pakta::PaktaTemplate>>;
    /// Creates a campaign on an approved template of the same instansi
    /// (see [`KampanyeBaru::periksa`]).
    async fn simpan_kampanye(
        &self,
        baru: &KampanyeBaru,
        jejak: &Jejak,
    ) -> StoreResult<(pakta::Kampanye, Perubahan)>;
    async fn kampanye(
        &self,
        instansi: InstansiId,
        id: pakta::KampanyeId,
    ) -> StoreResult<Option<pakta::Kampanye>>;
    /// The instansi's campaigns, by id.
    async fn daftar_kampanye(&self, instansi: InstansiId) -> StoreResult<Vec<pakta::Kampanye>>;

    // --- signing (issue #4 §3–5; types in [`ttd`]) --------------------------------------
    /// Records a batch of signatures in ONE transaction: each item is checked on its own,
    /// so a refused item does not affect the others and leaves nothing behind (SQLite: a
    /// savepoint per item when a constraint refuses one; PostgreSQL: bulk lookups, then bulk
    /// writes under the log head lock, rerun with the lookups under the lock when a unique
    /// index refuses what a concurrent batch committed).
    /// Per item, in this order: a seen idempotency key is `Ulang` (nothing written), then
    /// [`ttd::periksa_masuk`] (unknown or inactive employee, unknown roster member,
    /// template not approved for that version and text, an active signature already held,
    /// evidence hash mismatch, leaf already logged). An accepted item writes its row,
    /// roster, evidence files (content-addressed, kept once) and its log leaf together;
    /// the leaves of accepted items get dense indexes in input order. A repeat within the
    /// batch sees the earlier item (`SudahAda` / `Ulang`). Results are in input order.
    async fn simpan_tanda_tangan(
        &self,
        instansi: InstansiId,
        batch: &[ttd::TandaTanganMasuk],
    ) -> StoreResult<Vec<ttd::HasilTtd>>;
    async fn tanda_tangan(
        &self,
        instansi: InstansiId,
        id: ttd::TandaTanganId,
    ) -> StoreResult<Option<ttd::TandaTanganTersimpan>>;
    /// The signature whose leaf (not revocation leaf) has this hash.
    async fn tanda_tangan_by_daun(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<ttd::TandaTanganTersimpan>>;
    /// Signatures matching the filter, newest id first, with the total count.
    async fn daftar_tanda_tangan(
        &self,
        instansi: InstansiId,
        filter: &ttd::FilterTtd,
        halaman: Halaman,
    ) -> StoreResult<(Vec<ttd::TandaTanganTersimpan>, u64)>;
    /// The PERWAKILAN roster of a signature, in roster order.
    async fn daftar_mewakili(
        &self,
        instansi: InstansiId,
        id: ttd::TandaTanganId,
    ) -> StoreResult<Vec<PegawaiId>>;
    /// Revokes an active signature and appends the revocation leaf, in one transaction.
    /// Already revoked is a `Konflik`; unknown is `TidakDitemukan`.
    async fn batalkan_tanda_tangan(
        &self,
        instansi: InstansiId,
        id: ttd::TandaTanganId,
        pembatalan: &ttd::Pembatalan,
        daun: &DaunBaru,
        jejak: &Jejak,
    ) -> StoreResult<ttd::TandaTanganTersimpan>;
    /// Who gained or lost an active signature on a template version, in leaf order,
    /// strictly after `setelah` (a leaf index; `None` = from the start).
    async fn perubahan_ttd(
        &self,
        instansi: InstansiId,
        template: ttd::TemplateId,
        versi: u32,
        setelah: Option<u64>,
    ) -> StoreResult<Vec<ttd::PerubahanTtd>>;
    /// Stores a witness statement and appends its leaf in one transaction. The statement's
    /// signature must exist and be active (`Konflik` otherwise).
    async fn simpan_pernyataan_saksi(
        &self,
        instansi: InstansiId,
        pernyataan: &ttd::PernyataanSaksi,
        daun: &DaunBaru,
        jejak: &Jejak,
    ) -> StoreResult<ttd::PernyataanSaksiTersimpan>;
    /// Witness statements about one signature, oldest first.
    async fn pernyataan_saksi(
        &self,
        instansi: InstansiId,
        ttd: ttd::TandaTanganId,
    ) -> StoreResult<Vec<ttd::PernyataanSaksiTersimpan>>;
    /// The statement whose leaf has this hash.
    async fn pernyataan_saksi_by_daun(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<ttd::PernyataanSaksiTersimpan>>;
    /// An evidence file by hash.
    async fn berkas(
        &self,
        instansi: InstansiId,
        hash: &ttd::HashSha256,
    ) -> StoreResult<Option<ttd::Berkas>>;
    /// What a campaign needs of every employee of the instansi (all statuses), with each
    /// unit's ancestors resolved.
    async fn roster_kampanye(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<netral_domain::pakta::PegawaiRingkas>>;
    async fn simpan_acara_ikrar(
        &self,
        baru: &ttd::AcaraIkrarBaru,
        jejak: &Jejak,
    ) -> StoreResult<ttd::AcaraIkrar>;
    async fn daftar_acara_ikrar(&self, instansi: InstansiId) -> StoreResult<Vec<ttd::AcaraIkrar>>;
    /// Records attendance; an employee already recorded for the event is skipped. Returns
    /// how many rows were new. Unknown employees or event are `TidakDitemukan`.
    async fn catat_kehadiran(
        &self,
        instansi: InstansiId,
        hadir: &[ttd::KehadiranIkrar],
        jejak: &Jejak,
    ) -> StoreResult<u64>;
    async fn kehadiran_ikrar(
        &self,
        instansi: InstansiId,
        acara: ttd::AcaraIkrarId,
    ) -> StoreResult<Vec<ttd::KehadiranIkrar>>;
    async fn simpan_otp(&self, otp: &ttd::OtpBaru) -> StoreResult<()>;
    /// Checks a code against the employee's newest live code: a match consumes it; a miss
    /// uses one attempt.
    async fn pakai_otp(
        &self,
        instansi: InstansiId,
        pegawai: PegawaiId,
        kode_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<ttd::HasilOtp>;
    async fn simpan_tautan(&self, tautan: &ttd::TautanTtd) -> StoreResult<()>;
    async fn tautan(&self, token_hash: &str) -> StoreResult<Option<ttd::TautanTtd>>;
    /// Queues messages; returns their ids.
    async fn antre_notifikasi(&self, pesan: &[ttd::NotifikasiBaru]) -> StoreResult<Vec<i64>>;
    /// Leases up to `batas` queued messages due at `now` until `sewa_sampai` (another
    /// sender will not get them before then), oldest first.
    async fn ambil_notifikasi(
        &self,
        now: DateTime<Utc>,
        sewa_sampai: DateTime<Utc>,
        batas: usize,
    ) -> StoreResult<Vec<ttd::Notifikasi>>;
    /// Records a send attempt: `Terkirim` marks it sent; `Gagal` counts one more failed
    /// attempt (`percobaan`) and requeues it at `coba_lagi`, or gives up (`Gagal`) when
    /// there is none. Unknown id is `TidakDitemukan`.
    async fn selesai_notifikasi(
        &self,
        id: i64,
        hasil: &ttd::HasilKirim,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The instansi's messages, newest first, with the total.
    async fn daftar_notifikasi(
        &self,
        instansi: InstansiId,
        halaman: Halaman,
    ) -> StoreResult<(Vec<ttd::Notifikasi>, u64)>;
}

/// The lowercase text an employee is found by: name, titles and identifiers. Both adapters
/// store it so search behaves the same everywhere.
pub fn teks_cari(d: &netral_domain::pegawai::DataPegawai) -> String {
    // Name first: the list is ordered by this text, so it sorts by name, case-insensitively.
    let mut s = d.nama.trim().to_lowercase();
    for extra in [d.gelar_depan.as_deref(), d.gelar_belakang.as_deref()]
        .into_iter()
        .flatten()
    {
        if !extra.trim().is_empty() {
            s.push(' ');
            s.push_str(&extra.trim().to_lowercase());
        }
    }
    for id in [
        d.nip.as_ref().map(|n| n.as_str()),
        d.ni_pppk.as_ref().map(|n| n.as_str()),
        d.nik.as_ref().map(|n| n.as_str()),
    ]
    .into_iter()
    .flatten()
    {
        s.push(' ');
        s.push_str(id);
    }
    s
}

/// Normalises a search query the way [`teks_cari`] text is stored.
pub fn normalisasi_cari(q: &str) -> String {
    q.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The path of a unit from its top-level OPD, e.g. `Kecamatan Gabek › Kelurahan Gabek Satu`.
pub fn jalur_unit(units: &HashMap<UnitId, UnitKerja>, id: UnitId) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = Some(id);
    while let Some(c) = cur {
        let Some(u) = units.get(&c) else { break };
        out.push(u.nama.clone());
        cur = u.induk_id;
        if out.len() > 64 {
            break;
        }
    }
    out.reverse();
    out
}

/// All units in the subtree rooted at `akar` (inclusive).
pub fn subtree(units: &[UnitKerja], akar: UnitId) -> Vec<UnitId> {
    let mut anak: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
    for u in units {
        if let Some(i) = u.induk_id {
            anak.entry(i).or_default().push(u.id);
        }
    }
    let mut out = vec![akar];
    let mut i = 0;
    while i < out.len() {
        if let Some(c) = anak.get(&out[i]) {
            for x in c {
                if !out.contains(x) {
                    out.push(*x);
                }
            }
        }
        i += 1;
    }
    out
}
