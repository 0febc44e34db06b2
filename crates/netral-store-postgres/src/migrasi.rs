//! Embedded, append-only migrations. Each applied migration's SHA-256 is recorded; an
//! edited migration is refused at start rather than silently diverging.
//!
//! Everything runs in one transaction holding a transaction-scoped advisory lock keyed by
//! the target schema, so two servers starting at once apply each migration exactly once
//! (the second waits, then sees the first's work) and a failed migration leaves nothing
//! behind. PostgreSQL DDL is transactional.

use sha2::{Digest, Sha256};

use netral_store::{StoreError, StoreResult};

use crate::{db, kolom};

/// `(version, name, sql)` in order.
pub const MIGRASI: &[(i64, &str, &str)] = &[
    (
        1,
        "registri",
        include_str!("../migrations/0001_registri.sql"),
    ),
    (2, "log", include_str!("../migrations/0002_log.sql")),
    (3, "cari", include_str!("../migrations/0003_cari.sql")),
    (4, "pakta", include_str!("../migrations/0004_pakta.sql")),
    (5, "ttd", include_str!("../migrations/0005_ttd.sql")),
    (
        6,
        "ttd_indeks",
        include_str!("../migrations/0006_ttd_indeks.sql"),
    ),
    (
        7,
        "rekaman_templat",
        include_str!("../migrations/0007_rekaman_templat.sql"),
    ),
    (
        8,
        "pegawai_tetap",
        include_str!("../migrations/0008_pegawai_tetap.sql"),
    ),
];

pub(crate) async fn terapkan(c: &mut deadpool_postgres::Object) -> StoreResult<()> {
    let tx = c.transaction().await.map_err(db)?;
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('netral:migrasi:' || COALESCE(current_schema(), ''), 0))",
        &[],
    )
    .await
    .map_err(db)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS skema_migrasi (
            versi BIGINT PRIMARY KEY,
            nama TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            diterapkan_pada TIMESTAMPTZ NOT NULL DEFAULT now()
        )",
    )
    .await
    .map_err(db)?;
    for (versi, nama, sql) in MIGRASI {
        let sidik = hex::encode(Sha256::digest(sql.as_bytes()));
        let ada = tx
            .query_opt(
                "SELECT sha256 FROM skema_migrasi WHERE versi = $1",
                &[versi],
            )
            .await
            .map_err(db)?;
        match ada {
            Some(r) if kolom::<String>(&r, 0)? == sidik => continue,
            Some(_) => {
                return Err(StoreError::Migrasi(format!(
                    "migrasi {versi} ({nama}) sudah diterapkan tetapi isinya berubah; migrasi tidak boleh diubah"
                )));
            }
            None => {
                tx.batch_execute(sql)
                    .await
                    .map_err(|e| StoreError::Migrasi(format!("migrasi {versi} ({nama}): {e}")))?;
                tx.execute(
                    "INSERT INTO skema_migrasi (versi, nama, sha256) VALUES ($1, $2, $3)",
                    &[versi, nama, &sidik],
                )
                .await
                .map_err(db)?;
            }
        }
    }
    tx.commit().await.map_err(db)
}
