//! The transparency log on SQLite (migration `0002_log.sql`).
//!
//! Appends are sequenced by SQLite itself: every write runs in an IMMEDIATE transaction on
//! the one writer connection, so reading and bumping the head's `urut` cannot interleave,
//! even with a second process on the same file. Record-writing store methods of later
//! issues call [`tambah_daun_dalam_tx`] inside their own transaction, so a record and the
//! leaf attesting it commit or roll back together.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use netral_store::log::{ke_hash, ke_i64, ke_u64, periksa_pohon};
use netral_store::*;

use crate::{SqliteStore, db, parse_waktu, waktu};

const KOLOM_KEPALA: &str = "instansi_id, origin, vkey, urut, pohon, checkpoint_ukuran";

/// A raw head row: id, origin, vkey, urut, pohon, checkpoint size.
type BarisKepala = (i64, Option<String>, Option<String>, i64, i64, Option<i64>);

fn baris_kepala(r: &rusqlite::Row<'_>) -> rusqlite::Result<BarisKepala> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn info((id, origin, vkey, urut, pohon, cp): BarisKepala) -> StoreResult<InfoLog> {
    Ok(InfoLog {
        instansi_id: InstansiId(id),
        origin,
        vkey,
        urut: ke_u64(urut)?,
        pohon: ke_u64(pohon)?,
        checkpoint: cp.map(ke_u64).transpose()?,
    })
}

fn kepala(c: &rusqlite::Connection, instansi: InstansiId) -> StoreResult<Option<InfoLog>> {
    c.prepare_cached(&format!(
        "SELECT {KOLOM_KEPALA} FROM log_kepala WHERE instansi_id = ?1"
    ))
    .map_err(db)?
    .query_row([instansi.0], baris_kepala)
    .optional()
    .map_err(db)?
    .map(info)
    .transpose()
}

fn kepala_wajib(c: &rusqlite::Connection, instansi: InstansiId) -> StoreResult<InfoLog> {
    kepala(c, instansi)?.ok_or_else(|| StoreError::TidakDitemukan("log instansi".into()))
}

/// Appends one leaf inside the caller's write transaction and returns its index (the
/// existing index when the leaf hash is already in the log). Store methods that write a
/// record attested by the log call this in the same transaction as the record.
pub fn tambah_daun_dalam_tx(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    daun: &DaunBaru,
) -> StoreResult<u64> {
    Ok(tambah_banyak_dalam_tx(tx, instansi, std::slice::from_ref(daun))?[0])
}

/// [`tambah_daun_dalam_tx`] for a batch, reading and bumping the head once.
pub fn tambah_banyak_dalam_tx(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    daun: &[DaunBaru],
) -> StoreResult<Vec<u64>> {
    if daun.is_empty() {
        return Ok(Vec::new());
    }
    let mut log = PenambahDaun::mulai(tx, instansi)?;
    let mut cari = tx
        .prepare_cached("SELECT idx FROM log_daun WHERE instansi_id = ?1 AND hash = ?2")
        .map_err(db)?;
    let mut out = Vec::with_capacity(daun.len());
    for d in daun {
        d.periksa()?;
        let ada: Option<i64> = cari
            .query_row(params![instansi.0, &d.hash[..]], |r| r.get(0))
            .optional()
            .map_err(db)?;
        match ada {
            Some(i) => out.push(ke_u64(i)?),
            None => out.push(log.tambah(tx, d)?),
        }
    }
    log.selesai(tx)?;
    Ok(out)
}

/// Appends leaves the caller already knows are new (a batch writer that looked them up
/// with its other checks): reads the head once, inserts each leaf at the next index and
/// writes the head back in [`PenambahDaun::selesai`]. The unique index on the leaf hash
/// still refuses a duplicate (as [`StoreError::Konflik`]). A caller that rolls back to a
/// savepoint after [`PenambahDaun::tambah`] must put [`PenambahDaun::urut`] back too.
pub(crate) struct PenambahDaun {
    instansi: InstansiId,
    awal: i64,
    /// The index the next leaf gets.
    pub(crate) urut: i64,
}

impl PenambahDaun {
    pub(crate) fn mulai(tx: &Transaction<'_>, instansi: InstansiId) -> StoreResult<Self> {
        tx.prepare_cached(
            "INSERT INTO log_kepala (instansi_id) VALUES (?1) ON CONFLICT DO NOTHING",
        )
        .map_err(db)?
        .execute([instansi.0])
        .map_err(db)?;
        let urut: i64 = tx
            .prepare_cached("SELECT urut FROM log_kepala WHERE instansi_id = ?1")
            .map_err(db)?
            .query_row([instansi.0], |r| r.get(0))
            .map_err(db)?;
        Ok(PenambahDaun {
            instansi,
            awal: urut,
            urut,
        })
    }

    pub(crate) fn tambah(&mut self, tx: &Transaction<'_>, d: &DaunBaru) -> StoreResult<u64> {
        d.periksa()?;
        tx.prepare_cached(
            "INSERT INTO log_daun (instansi_id, idx, hash, entri) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(db)?
        .execute(params![self.instansi.0, self.urut, &d.hash[..], &d.entri])
        .map_err(db)?;
        let i = ke_u64(self.urut)?;
        self.urut += 1;
        Ok(i)
    }

    pub(crate) fn selesai(self, tx: &Transaction<'_>) -> StoreResult<()> {
        if self.urut != self.awal {
            tx.prepare_cached("UPDATE log_kepala SET urut = ?2 WHERE instansi_id = ?1")
                .map_err(db)?
                .execute(params![self.instansi.0, self.urut])
                .map_err(db)?;
        }
        Ok(())
    }
}

fn baris_checkpoint(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Vec<u8>, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

fn checkpoint(
    (ukuran, akar, catatan, w): (i64, Vec<u8>, String, String),
) -> StoreResult<CheckpointTersimpan> {
    Ok(CheckpointBaru {
        ukuran: ke_u64(ukuran)?,
        akar: ke_hash(&akar)?,
        catatan,
        waktu: parse_waktu(&w).map_err(db)?,
    })
}

const KOLOM_CHECKPOINT: &str = "ukuran, akar, catatan, waktu";

impl SqliteStore {
    pub(crate) async fn log_daftarkan(
        &self,
        instansi: InstansiId,
        origin: &str,
        vkey: &str,
    ) -> StoreResult<InfoLog> {
        let (origin, vkey) = (origin.to_string(), vkey.to_string());
        self.tulis(move |tx| {
            tx.execute(
                "INSERT INTO log_kepala (instansi_id) VALUES (?1) ON CONFLICT DO NOTHING",
                [instansi.0],
            )
            .map_err(db)?;
            let k = kepala_wajib(tx, instansi)?;
            match (&k.origin, &k.vkey) {
                (None, None) => {
                    tx.execute(
                        "UPDATE log_kepala SET origin = ?2, vkey = ?3 WHERE instansi_id = ?1",
                        params![instansi.0, origin, vkey],
                    )
                    .map_err(db)?;
                    kepala_wajib(tx, instansi)
                }
                (Some(o), Some(v)) if *o == origin && *v == vkey => Ok(k),
                _ => Err(StoreError::Konflik(
                    "log instansi ini sudah terdaftar dengan origin atau kunci lain".into(),
                )),
            }
        })
        .await
    }

    pub(crate) async fn log_info(&self, instansi: InstansiId) -> StoreResult<Option<InfoLog>> {
        self.baca(move |c| kepala(c, instansi)).await
    }

    pub(crate) async fn log_daftar(&self) -> StoreResult<Vec<InfoLog>> {
        self.baca(|c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {KOLOM_KEPALA} FROM log_kepala ORDER BY instansi_id"
                ))
                .map_err(db)?;
            let rows = st
                .query_map([], baris_kepala)
                .map_err(db)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db)?;
            rows.into_iter().map(info).collect()
        })
        .await
    }

    pub(crate) async fn log_tambah(
        &self,
        instansi: InstansiId,
        daun: &[DaunBaru],
    ) -> StoreResult<Vec<u64>> {
        if daun.is_empty() {
            return Ok(Vec::new());
        }
        let daun = daun.to_vec();
        self.tulis(move |tx| tambah_banyak_dalam_tx(tx, instansi, &daun))
            .await
    }

    pub(crate) async fn log_daun(
        &self,
        instansi: InstansiId,
        dari: u64,
        sampai: u64,
    ) -> StoreResult<Vec<Daun>> {
        let (dari, sampai) = (ke_i64(dari)?, ke_i64(sampai.min(i64::MAX as u64))?);
        self.baca(move |c| {
            let mut st = c
                .prepare_cached(
                    "SELECT idx, hash, entri FROM log_daun
                     WHERE instansi_id = ?1 AND idx >= ?2 AND idx < ?3 ORDER BY idx",
                )
                .map_err(db)?;
            let rows = st
                .query_map(params![instansi.0, dari, sampai], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get(2)?))
                })
                .map_err(db)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db)?;
            rows.into_iter()
                .map(|(i, h, entri)| {
                    Ok(Daun {
                        indeks: ke_u64(i)?,
                        hash: ke_hash(&h)?,
                        entri,
                    })
                })
                .collect()
        })
        .await
    }

    pub(crate) async fn log_indeks(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<u64>> {
        let hash = *hash;
        self.baca(move |c| {
            c.prepare_cached("SELECT idx FROM log_daun WHERE instansi_id = ?1 AND hash = ?2")
                .map_err(db)?
                .query_row(params![instansi.0, &hash[..]], |r| r.get::<_, i64>(0))
                .optional()
                .map_err(db)?
                .map(ke_u64)
                .transpose()
        })
        .await
    }

    pub(crate) async fn log_tulis_pohon(
        &self,
        instansi: InstansiId,
        pohon_lama: u64,
        pohon_baru: u64,
        mulai: u64,
        hash: &[Hash32],
    ) -> StoreResult<()> {
        periksa_pohon(pohon_lama, pohon_baru, mulai, hash.len())?;
        let hash = hash.to_vec();
        self.tulis(move |tx| {
            let k = kepala_wajib(tx, instansi)?;
            if k.pohon != pohon_lama || pohon_baru > k.urut {
                return Err(StoreError::Konflik(format!(
                    "pohon log sudah berubah (tersimpan {}, diharapkan {pohon_lama})",
                    k.pohon
                )));
            }
            let mut st = tx
                .prepare_cached("INSERT INTO log_hash (instansi_id, idx, hash) VALUES (?1, ?2, ?3)")
                .map_err(db)?;
            for (i, h) in hash.iter().enumerate() {
                st.execute(params![instansi.0, ke_i64(mulai + i as u64)?, &h[..]])
                    .map_err(db)?;
            }
            tx.execute(
                "UPDATE log_kepala SET pohon = ?2 WHERE instansi_id = ?1",
                params![instansi.0, ke_i64(pohon_baru)?],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn log_baca_hash(
        &self,
        instansi: InstansiId,
        indeks: &[u64],
    ) -> StoreResult<Vec<Hash32>> {
        let indeks = indeks.to_vec();
        self.baca(move |c| {
            let mut st = c
                .prepare_cached("SELECT hash FROM log_hash WHERE instansi_id = ?1 AND idx = ?2")
                .map_err(db)?;
            indeks
                .iter()
                .map(|&i| {
                    let h: Option<Vec<u8>> = st
                        .query_row(params![instansi.0, ke_i64(i)?], |r| r.get(0))
                        .optional()
                        .map_err(db)?;
                    match h {
                        Some(h) => ke_hash(&h),
                        None => Err(StoreError::TidakDitemukan(format!("hash pohon {i}"))),
                    }
                })
                .collect()
        })
        .await
    }

    pub(crate) async fn log_rentang_hash(
        &self,
        instansi: InstansiId,
        dari: u64,
        sampai: u64,
    ) -> StoreResult<Vec<Hash32>> {
        let (dari, sampai) = (ke_i64(dari)?, ke_i64(sampai.min(i64::MAX as u64))?);
        self.baca(move |c| {
            let mut st = c
                .prepare_cached(
                    "SELECT hash FROM log_hash WHERE instansi_id = ?1 AND idx >= ?2 AND idx < ?3
                     ORDER BY idx",
                )
                .map_err(db)?;
            let rows = st
                .query_map(params![instansi.0, dari, sampai], |r| {
                    r.get::<_, Vec<u8>>(0)
                })
                .map_err(db)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db)?;
            rows.iter().map(|h| ke_hash(h)).collect()
        })
        .await
    }

    pub(crate) async fn log_simpan_checkpoint(
        &self,
        instansi: InstansiId,
        ukuran_lama: Option<u64>,
        cp: &CheckpointBaru,
    ) -> StoreResult<()> {
        let cp = cp.clone();
        self.tulis(move |tx| {
            let k = kepala_wajib(tx, instansi)?;
            let tumbuh = match k.checkpoint {
                None => true,
                Some(lama) => cp.ukuran > lama,
            };
            if k.checkpoint != ukuran_lama || !tumbuh || cp.ukuran > k.pohon {
                return Err(StoreError::Konflik(format!(
                    "checkpoint log sudah berubah (tersimpan {:?}, diharapkan {ukuran_lama:?}, baru {})",
                    k.checkpoint, cp.ukuran
                )));
            }
            tx.execute(
                "INSERT INTO log_checkpoint (instansi_id, ukuran, akar, catatan, waktu)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![instansi.0, ke_i64(cp.ukuran)?, &cp.akar[..], cp.catatan, waktu(cp.waktu)],
            )
            .map_err(db)?;
            tx.execute(
                "UPDATE log_kepala SET checkpoint_ukuran = ?2 WHERE instansi_id = ?1",
                params![instansi.0, ke_i64(cp.ukuran)?],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn log_checkpoint_terakhir(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Option<CheckpointTersimpan>> {
        self.baca(move |c| {
            c.prepare_cached(&format!(
                "SELECT {KOLOM_CHECKPOINT} FROM log_checkpoint
                 WHERE instansi_id = ?1 ORDER BY ukuran DESC LIMIT 1"
            ))
            .map_err(db)?
            .query_row([instansi.0], baris_checkpoint)
            .optional()
            .map_err(db)?
            .map(checkpoint)
            .transpose()
        })
        .await
    }

    pub(crate) async fn log_checkpoint(
        &self,
        instansi: InstansiId,
        ukuran: u64,
    ) -> StoreResult<Option<CheckpointTersimpan>> {
        let ukuran = ke_i64(ukuran)?;
        self.baca(move |c| {
            c.prepare_cached(&format!(
                "SELECT {KOLOM_CHECKPOINT} FROM log_checkpoint WHERE instansi_id = ?1 AND ukuran = ?2"
            ))
            .map_err(db)?
            .query_row(params![instansi.0, ukuran], baris_checkpoint)
            .optional()
            .map_err(db)?
            .map(checkpoint)
            .transpose()
        })
        .await
    }

    pub(crate) async fn log_daftar_checkpoint(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<CheckpointTersimpan>> {
        self.baca(move |c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {KOLOM_CHECKPOINT} FROM log_checkpoint WHERE instansi_id = ?1 ORDER BY ukuran"
                ))
                .map_err(db)?;
            let rows = st
                .query_map([instansi.0], baris_checkpoint)
                .map_err(db)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db)?;
            rows.into_iter().map(checkpoint).collect()
        })
        .await
    }

    pub(crate) async fn log_simpan_kosignatur(
        &self,
        instansi: InstansiId,
        ukuran: u64,
        baris: &[String],
        diterima: DateTime<Utc>,
    ) -> StoreResult<()> {
        let baris = baris.to_vec();
        let ukuran = ke_i64(ukuran)?;
        self.tulis(move |tx| {
            let ada: Option<i64> = tx
                .query_row(
                    "SELECT 1 FROM log_checkpoint WHERE instansi_id = ?1 AND ukuran = ?2",
                    params![instansi.0, ukuran],
                    |r| r.get(0),
                )
                .optional()
                .map_err(db)?;
            if ada.is_none() {
                return Err(StoreError::TidakDitemukan(format!("checkpoint ukuran {ukuran}")));
            }
            let mut urutan: i64 = tx
                .query_row(
                    "SELECT COALESCE(MAX(urutan), 0) FROM log_kosignatur
                     WHERE instansi_id = ?1 AND ukuran = ?2",
                    params![instansi.0, ukuran],
                    |r| r.get(0),
                )
                .map_err(db)?;
            for b in &baris {
                urutan += 1;
                tx.execute(
                    "INSERT INTO log_kosignatur (instansi_id, ukuran, urutan, baris, diterima_pada)
                     VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (instansi_id, ukuran, baris) DO NOTHING",
                    params![instansi.0, ukuran, urutan, b, waktu(diterima)],
                )
                .map_err(db)?;
            }
            Ok(())
        })
        .await
    }

    pub(crate) async fn log_kosignatur(
        &self,
        instansi: InstansiId,
        ukuran: u64,
    ) -> StoreResult<Vec<String>> {
        let ukuran = ke_i64(ukuran)?;
        self.baca(move |c| {
            let mut st = c
                .prepare_cached(
                    "SELECT baris FROM log_kosignatur WHERE instansi_id = ?1 AND ukuran = ?2
                     ORDER BY urutan",
                )
                .map_err(db)?;
            st.query_map(params![instansi.0, ukuran], |r| r.get(0))
                .map_err(db)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db)
        })
        .await
    }
}
