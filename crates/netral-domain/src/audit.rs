//! The append-only audit log: who changed what, when, with the state before and after.

use serde::{Deserialize, Serialize};

use crate::organisasi::InstansiId;

/// One audit entry. `sebelum`/`sesudah` are JSON snapshots (or summaries for bulk
/// operations); storage refuses to update or delete entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntriAudit {
    pub id: i64,
    pub instansi_id: InstansiId,
    pub waktu: chrono::DateTime<chrono::Utc>,
    pub aktor: String,
    /// Verb, e.g. `IMPOR_PEGAWAI`, `TAMBAH_USER`, `UBAH_PEGAWAI`.
    pub aksi: String,
    /// Entity kind, e.g. `pegawai`, `user`, `instansi`.
    pub entitas: String,
    pub entitas_id: Option<String>,
    pub sebelum: Option<String>,
    pub sesudah: Option<String>,
}

/// An audit entry about to be written (the store assigns the id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditBaru {
    pub instansi_id: InstansiId,
    pub aksi: String,
    pub entitas: String,
    pub entitas_id: Option<String>,
    pub sebelum: Option<String>,
    pub sesudah: Option<String>,
}
