//! Embedded, append-only migrations. Each applied migration's SHA-256 is recorded; an
//! edited migration is refused at start rather than silently diverging.

use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

use netral_store::{StoreError, StoreResult};

use crate::db;

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
];

pub(crate) fn terapkan(conn: &mut Connection) -> StoreResult<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS skema_migrasi (
            versi INTEGER PRIMARY KEY,
            nama TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            diterapkan_pada TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        )",
    )
    .map_err(db)?;
    for (versi, nama, sql) in MIGRASI {
        let sidik = hex::encode(Sha256::digest(sql.as_bytes()));
        let ada: Option<String> = conn
            .query_row(
                "SELECT sha256 FROM skema_migrasi WHERE versi = ?1",
                [versi],
                |r| r.get(0),
            )
            .optional()
            .map_err(db)?;
        match ada {
            Some(s) if s == sidik => continue,
            Some(_) => {
                return Err(StoreError::Migrasi(format!(
                    "migrasi {versi} ({nama}) sudah diterapkan tetapi isinya berubah; migrasi tidak boleh diubah"
                )));
            }
            None => {
                let tx = conn.transaction().map_err(db)?;
                tx.execute_batch(sql)
                    .map_err(|e| StoreError::Migrasi(format!("migrasi {versi} ({nama}): {e}")))?;
                tx.execute(
                    "INSERT INTO skema_migrasi (versi, nama, sha256) VALUES (?1, ?2, ?3)",
                    params![versi, nama, sidik],
                )
                .map_err(db)?;
                tx.commit().map_err(db)?;
            }
        }
    }
    Ok(())
}
