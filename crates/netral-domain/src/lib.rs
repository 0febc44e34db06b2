//! The domain of Netral in its own words: Pemda (instansi), unit kerja, jabatan, pegawai, the
//! identifiers that name them, accounts and roles.
//!
//! **Architecture invariant:** this crate does no I/O, has no async, and never reads the clock.
//! Time arrives as a parameter (`now: DateTime<Utc>`) from the application layer.

pub mod akun;
pub mod audit;
pub mod entri;
pub mod ident;
pub mod impor;
pub mod organisasi;
pub mod pakta;
pub mod pegawai;
pub mod teks;

pub use ident::{Golongan, IdentError, IdentWarning, KodeWilayah, NiPppk, Nik, Nip};
