//! Netral's use cases. The web and CLI crates call these; these call the domain for rules
//! and the storage port for persistence.
//!
//! **Architecture invariants**
//! - Knows neither HTTP nor SQL: it speaks domain types, [`AppError`] and `dyn Store`.
//! - The clock is read here, once per use case, through [`Jam`], and passed down.
//! - Every use case acting for a user checks the user's permission and instansi first;
//!   the instansi of tenant data always comes from the acting user, never from input.

pub mod akun;
pub mod cache;
pub mod demo;
pub mod dokumen;
pub mod ekspor;
pub mod impor;
pub mod log;
pub mod notifikasi;
pub mod pakta;
pub mod progres;
pub mod progres_tampil;
pub mod registri;
pub mod ttd;
pub mod verifikasi;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use netral_domain::akun::{Izin, Jejak, User};
use netral_domain::organisasi::InstansiId;
use netral_store::{Store, StoreError};

pub use akun::{HasilMasuk, PembatasMasuk};
pub use impor::{LaporanImpor, OpsiImpor};

/// The clock, injectable so tests and the demo can fix time.
pub trait Jam: Send + Sync + 'static {
    fn sekarang(&self) -> DateTime<Utc>;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct JamSistem;

impl Jam for JamSistem {
    fn sekarang(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Errors of the use cases, each with a stable code. The web crate maps them to responses in
/// one place; the CLI maps them to exit codes. Messages are Indonesian and safe to show,
/// except [`AppError::Internal`], whose detail is only logged.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is wrong; the message says how (shown to the user).
    #[error("{0}")]
    Masukan(String),
    #[error("nama pengguna atau kata sandi salah")]
    GagalMasuk,
    #[error("terlalu banyak percobaan masuk; coba lagi dalam {0} menit")]
    TerlaluBanyakPercobaan(i64),
    #[error("silakan masuk terlebih dahulu")]
    BelumMasuk,
    #[error("Anda tidak berwenang melakukan tindakan ini")]
    TidakBerwenang,
    #[error("{0} tidak ditemukan")]
    TidakDitemukan(String),
    #[error("{0}")]
    Konflik(String),
    /// Something broke inside; the detail goes to the log, never to the user.
    #[error("kesalahan internal")]
    Internal(String),
}

impl AppError {
    /// Stable code shown with the message so a help desk can find the log line.
    pub fn kode(&self) -> &'static str {
        match self {
            AppError::Masukan(_) => "NT-400",
            AppError::GagalMasuk => "NT-401A",
            AppError::BelumMasuk => "NT-401",
            AppError::TerlaluBanyakPercobaan(_) => "NT-429",
            AppError::TidakBerwenang => "NT-403",
            AppError::TidakDitemukan(_) => "NT-404",
            AppError::Konflik(_) => "NT-409",
            AppError::Internal(_) => "NT-500",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::TidakDitemukan(s) => AppError::TidakDitemukan(s),
            StoreError::Konflik(s) => AppError::Konflik(s),
            other => AppError::Internal(other.to_string()),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Who is acting: a logged-in user, or the operator at the command line (who has the
/// machine and so every permission, but is still recorded in the audit log).
#[derive(Debug, Clone)]
pub enum Pelaku {
    Pengguna(User),
    Cli(String),
}

impl Pelaku {
    pub fn jejak(&self, waktu: DateTime<Utc>) -> Jejak {
        match self {
            Pelaku::Pengguna(u) => Jejak::user(u, waktu),
            Pelaku::Cli(nama) => Jejak {
                aktor: format!("cli:{nama}"),
                waktu,
            },
        }
    }

    /// Checks the permission and that the target instansi is the user's own.
    pub fn wajib(&self, izin: Izin, instansi: InstansiId) -> AppResult<()> {
        match self {
            Pelaku::Cli(_) => Ok(()),
            Pelaku::Pengguna(u) if u.instansi_id == instansi && u.boleh(izin) => Ok(()),
            Pelaku::Pengguna(_) => Err(AppError::TidakBerwenang),
        }
    }
}

/// Settings the use cases need.
#[derive(Debug, Clone)]
pub struct Konfigurasi {
    /// How long a login session lasts.
    pub umur_sesi: chrono::Duration,
    /// Argon2 cost; lowered only in tests.
    pub argon2_ringan: bool,
    /// The transparency log: public host, key folder, sequencer interval.
    pub log: log::KonfigurasiLog,
}

impl Default for Konfigurasi {
    fn default() -> Self {
        Konfigurasi {
            umur_sesi: chrono::Duration::hours(12),
            argon2_ringan: false,
            log: log::KonfigurasiLog::default(),
        }
    }
}

/// The application: storage, clock, settings and the login limiter.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub jam: Arc<dyn Jam>,
    pub konfigurasi: Konfigurasi,
    pembatas: Arc<PembatasMasuk>,
    log: Arc<log::LayananLog>,
    progres: Arc<progres::LayananProgres>,
    ttd: Arc<ttd::LayananTtd>,
    cache: Arc<cache::LayananCache>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, jam: Arc<dyn Jam>, konfigurasi: Konfigurasi) -> Self {
        App {
            store,
            jam,
            log: Arc::new(log::LayananLog::new(konfigurasi.log.clone())),
            konfigurasi,
            pembatas: Arc::new(PembatasMasuk::default()),
            progres: Arc::default(),
            ttd: Arc::default(),
            cache: Arc::default(),
        }
    }

    pub fn sekarang(&self) -> DateTime<Utc> {
        self.jam.sekarang()
    }
}

/// SHA-256 in lowercase hex.
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}
