//! Netral's witness ("saksi"), the client a log uses to reach witnesses, and
//! offline verification of `.tlog-proof` bundles.
//!
//! A Pemda's transparency log could show one history to the public and another
//! to an auditor. Independent witnesses (BKN, Bawaslu, a university) close that
//! gap: each one remembers, per log, the latest checkpoint it cosigned and only
//! cosigns a newer checkpoint that is provably an extension of it. A verifier
//! that demands cosignatures from a quorum of witnesses (a tlog-policy) then
//! knows that everybody was shown the same tree.
//!
//! | Module | What |
//! |---|---|
//! | [`server`] | the witness server: C2SP tlog-witness v1.0.0 `POST /add-checkpoint`, `GET /`, `GET /vkey` (axum) |
//! | [`simpan`] | the witness's data folder: its cosigner key (`witness.key`, 0600), its per-log state (`witness.state`, replaced atomically and fsynced before every answer) and a process lock |
//! | [`klien`] | the log side: [`klien::kirim_checkpoint`] sends a checkpoint to one witness, handling the `old 0` probe and one retry on 409 |
//! | [`verifikasi`] | [`verifikasi::verifikasi_bundle`]: offline check of a bundle against a policy, with Indonesian messages |
//!
//! The protocol decisions themselves (which status for which request) live in
//! the pure [`netral_ledger::witness`] state machine; this crate adds HTTP,
//! durable storage and the clock. The crate re-exports [`netral_ledger`] so
//! that users (and tests of the `netral` binary) build checkpoints and bundles
//! with exactly the same primitives.
//!
//! # Time
//!
//! Cosignatures carry a timestamp. The server reads it from a [`server::Jam`]
//! passed in: [`server::JamSistem`] in production, [`server::JamTetap`] in tests.

#![warn(missing_docs)]

pub mod klien;
pub mod server;
pub mod simpan;
pub mod verifikasi;

pub use netral_ledger;

pub use klien::{KlienError, KlienSaksi, TujuanSaksi, kirim_checkpoint};
pub use server::{Jam, JamSistem, JamTetap, Saksi, layani};
pub use verifikasi::{Daun, Galat, Laporan, verifikasi_bundle};
