//! The transparency log on PostgreSQL (migration `0002_log.sql`).
//!
//! **Sequencing across processes:** every append locks the log's head row
//! (`SELECT … FOR UPDATE`) and takes the next indexes from its `urut` column, so two
//! `netral serve` processes sharing one database still produce indexes 0, 1, 2 … without
//! gaps or duplicates; the lock is held only for the append transaction. Record-writing
//! store methods of later issues call [`tambah_daun_dalam_tx`] inside their own
//! transaction, so a record and the leaf attesting it commit or roll back together.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

use netral_store::log::{ke_hash, ke_i64, ke_u64, periksa_pohon};
use netral_store::*;

use crate::{PostgresStore, db, jalankan, kolom};

/// The head and the tree row of each log, as [`info`] reads them. The head (`log_kepala`)
/// is locked by appends, the tree row (`log_pohon`, migration 0006) by the sequencer and
/// the checkpointer, so neither waits for the other.
const DARI_KEPALA: &str = "SELECT k.instansi_id, k.origin, k.vkey, k.urut, COALESCE(p.pohon, 0),
            p.checkpoint_ukuran
     FROM log_kepala k LEFT JOIN log_pohon p ON p.instansi_id = k.instansi_id";

fn info(r: &Row) -> StoreResult<InfoLog> {
    Ok(InfoLog {
        instansi_id: InstansiId(kolom(r, 0)?),
        origin: kolom(r, 1)?,
        vkey: kolom(r, 2)?,
        urut: ke_u64(kolom(r, 3)?)?,
        pohon: ke_u64(kolom(r, 4)?)?,
        checkpoint: kolom::<Option<i64>>(r, 5)?.map(ke_u64).transpose()?,
    })
}

async fn kepala<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    kunci: bool,
) -> StoreResult<Option<InfoLog>> {
    let sql = format!(
        "{DARI_KEPALA} WHERE k.instansi_id = $1{}",
        if kunci { " FOR UPDATE OF k" } else { "" }
    );
    baca_info(c, &sql, instansi).await
}

/// One log's [`InfoLog`] by a query on `$1` = the instansi.
async fn baca_info<C: GenericClient>(
    c: &C,
    sql: &str,
    instansi: InstansiId,
) -> StoreResult<Option<InfoLog>> {
    let st = c.prepare_cached(sql).await.map_err(db)?;
    c.query_opt(&st, &[&instansi.0])
        .await
        .map_err(db)?
        .as_ref()
        .map(info)
        .transpose()
}

async fn kepala_wajib<C: GenericClient>(c: &C, instansi: InstansiId) -> StoreResult<InfoLog> {
    kepala(c, instansi, true)
        .await?
        .ok_or_else(|| StoreError::TidakDitemukan("log instansi".into()))
}

/// The log with its tree row locked (created if missing): what the sequencer and the
/// checkpointer hold. The head is read as committed, not locked; `urut` only grows.
async fn pohon_wajib<C: GenericClient>(c: &C, instansi: InstansiId) -> StoreResult<InfoLog> {
    jalankan(
        c,
        "INSERT INTO log_pohon (instansi_id) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&instansi.0],
    )
    .await?;
    baca_info(
        c,
        "SELECT k.instansi_id, k.origin, k.vkey, k.urut, p.pohon, p.checkpoint_ukuran
         FROM log_kepala k JOIN log_pohon p ON p.instansi_id = k.instansi_id
         WHERE k.instansi_id = $1 FOR UPDATE OF p",
        instansi,
    )
    .await?
    .ok_or_else(|| StoreError::TidakDitemukan("log instansi".into()))
}

/// Creates the log's head row if it does not exist yet.
pub(crate) async fn pastikan_kepala<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
) -> StoreResult<()> {
    jalankan(
        c,
        "INSERT INTO log_kepala (instansi_id) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&instansi.0],
    )
    .await?;
    Ok(())
}

/// Appends one leaf inside the caller's transaction and returns its index (the existing
/// index when the leaf hash is already in the log). Locks the log's head row until the
/// caller's transaction ends: call it late in the transaction.
pub async fn tambah_daun_dalam_tx<C: GenericClient>(
    tx: &C,
    instansi: InstansiId,
    daun: &DaunBaru,
) -> StoreResult<u64> {
    Ok(tambah_banyak_dalam_tx(tx, instansi, std::slice::from_ref(daun)).await?[0])
}

/// [`tambah_daun_dalam_tx`] for a batch: one lock, one lookup, one bulk insert.
pub async fn tambah_banyak_dalam_tx<C: GenericClient>(
    tx: &C,
    instansi: InstansiId,
    daun: &[DaunBaru],
) -> StoreResult<Vec<u64>> {
    if daun.is_empty() {
        return Ok(Vec::new());
    }
    for d in daun {
        d.periksa()?;
    }
    pastikan_kepala(tx, instansi).await?;
    let mut urut = ke_i64(kepala_wajib(tx, instansi).await?.urut)?;
    let hashes: Vec<&[u8]> = daun.iter().map(|d| &d.hash[..]).collect();
    let st = tx
        // One probe per hash (LATERAL): `hash = ANY($2)` without statistics is planned as a
        // scan of the whole log once the batch is large (ttd.rs, `lihat`).
        .prepare_cached(
            "SELECT d.hash, d.idx FROM UNNEST($2::bytea[]) AS h (hash) CROSS JOIN LATERAL (
                 SELECT hash, idx FROM log_daun WHERE instansi_id = $1 AND hash = h.hash) d",
        )
        .await
        .map_err(db)?;
    let mut ada: HashMap<Hash32, i64> = HashMap::new();
    for r in tx.query(&st, &[&instansi.0, &hashes]).await.map_err(db)? {
        ada.insert(ke_hash(&kolom::<Vec<u8>>(&r, 0)?)?, kolom(&r, 1)?);
    }
    let mut out = Vec::with_capacity(daun.len());
    let (mut idx, mut hash, mut entri) = (Vec::new(), Vec::new(), Vec::new());
    for d in daun {
        let i = *ada.entry(d.hash).or_insert_with(|| {
            idx.push(urut);
            hash.push(&d.hash[..]);
            entri.push(d.entri.as_slice());
            urut += 1;
            urut - 1
        });
        out.push(ke_u64(i)?);
    }
    tulis_daun_baru(tx, instansi, &idx, &hash, &entri).await?;
    Ok(out)
}

/// Inserts leaves at the given indices (the next ones after the head, which the caller
/// holds locked) and moves the head past the last. The unique index on the hash still
/// refuses a leaf that is already in the log.
pub(crate) async fn tulis_daun_baru<C: GenericClient>(
    tx: &C,
    instansi: InstansiId,
    idx: &[i64],
    hash: &[&[u8]],
    entri: &[&[u8]],
) -> StoreResult<()> {
    let Some(terakhir) = idx.last() else {
        return Ok(());
    };
    jalankan(
        tx,
        "INSERT INTO log_daun (instansi_id, idx, hash, entri)
         SELECT $1, * FROM UNNEST($2::bigint[], $3::bytea[], $4::bytea[])",
        &[&instansi.0, &idx, &hash, &entri],
    )
    .await?;
    jalankan(
        tx,
        "UPDATE log_kepala SET urut = $2 WHERE instansi_id = $1",
        &[&instansi.0, &(terakhir + 1)],
    )
    .await?;
    Ok(())
}

fn checkpoint(r: &Row) -> StoreResult<CheckpointTersimpan> {
    Ok(CheckpointBaru {
        ukuran: ke_u64(kolom(r, 0)?)?,
        akar: ke_hash(&kolom::<Vec<u8>>(r, 1)?)?,
        catatan: kolom(r, 2)?,
        waktu: kolom(r, 3)?,
    })
}

const KOLOM_CHECKPOINT: &str = "ukuran, akar, catatan, waktu";

impl PostgresStore {
    pub(crate) async fn log_daftarkan(
        &self,
        instansi: InstansiId,
        origin: &str,
        vkey: &str,
    ) -> StoreResult<InfoLog> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        pastikan_kepala(&tx, instansi).await?;
        let k = kepala_wajib(&tx, instansi).await?;
        let k = match (&k.origin, &k.vkey) {
            (None, None) => {
                tx.execute(
                    "UPDATE log_kepala SET origin = $2, vkey = $3 WHERE instansi_id = $1",
                    &[&instansi.0, &origin, &vkey],
                )
                .await
                .map_err(db)?;
                kepala_wajib(&tx, instansi).await?
            }
            (Some(o), Some(v)) if o == origin && v == vkey => k,
            _ => {
                return Err(StoreError::Konflik(
                    "log instansi ini sudah terdaftar dengan origin atau kunci lain".into(),
                ));
            }
        };
        tx.commit().await.map_err(db)?;
        Ok(k)
    }

    pub(crate) async fn log_info(&self, instansi: InstansiId) -> StoreResult<Option<InfoLog>> {
        let c = self.klien().await?;
        kepala(&c, instansi, false).await
    }

    pub(crate) async fn log_daftar(&self) -> StoreResult<Vec<InfoLog>> {
        let c = self.klien().await?;
        c.query(&format!("{DARI_KEPALA} ORDER BY k.instansi_id"), &[])
            .await
            .map_err(db)?
            .iter()
            .map(info)
            .collect()
    }

    pub(crate) async fn log_tambah(
        &self,
        instansi: InstansiId,
        daun: &[DaunBaru],
    ) -> StoreResult<Vec<u64>> {
        if daun.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let out = tambah_banyak_dalam_tx(&tx, instansi, daun).await?;
        tx.commit().await.map_err(db)?;
        Ok(out)
    }

    pub(crate) async fn log_daun(
        &self,
        instansi: InstansiId,
        dari: u64,
        sampai: u64,
    ) -> StoreResult<Vec<Daun>> {
        let (dari, sampai) = (ke_i64(dari)?, ke_i64(sampai.min(i64::MAX as u64))?);
        let c = self.klien().await?;
        let st = c
            .prepare_cached(
                "SELECT idx, hash, entri FROM log_daun
                 WHERE instansi_id = $1 AND idx >= $2 AND idx < $3 ORDER BY idx",
            )
            .await
            .map_err(db)?;
        c.query(&st, &[&instansi.0, &dari, &sampai])
            .await
            .map_err(db)?
            .iter()
            .map(|r| {
                Ok(Daun {
                    indeks: ke_u64(kolom(r, 0)?)?,
                    hash: ke_hash(&kolom::<Vec<u8>>(r, 1)?)?,
                    entri: kolom(r, 2)?,
                })
            })
            .collect()
    }

    pub(crate) async fn log_indeks(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<u64>> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached("SELECT idx FROM log_daun WHERE instansi_id = $1 AND hash = $2")
            .await
            .map_err(db)?;
        c.query_opt(&st, &[&instansi.0, &&hash[..]])
            .await
            .map_err(db)?
            .map(|r| ke_u64(kolom(&r, 0)?))
            .transpose()
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
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let k = pohon_wajib(&tx, instansi).await?;
        if k.pohon != pohon_lama || pohon_baru > k.urut {
            return Err(StoreError::Konflik(format!(
                "pohon log sudah berubah (tersimpan {}, diharapkan {pohon_lama})",
                k.pohon
            )));
        }
        let idx = (0..hash.len() as u64)
            .map(|i| ke_i64(mulai + i))
            .collect::<StoreResult<Vec<i64>>>()?;
        let isi: Vec<&[u8]> = hash.iter().map(|h| &h[..]).collect();
        tx.execute(
            "INSERT INTO log_hash (instansi_id, idx, hash)
             SELECT $1, * FROM UNNEST($2::bigint[], $3::bytea[])",
            &[&instansi.0, &idx, &isi],
        )
        .await
        .map_err(db)?;
        tx.execute(
            "UPDATE log_pohon SET pohon = $2 WHERE instansi_id = $1",
            &[&instansi.0, &ke_i64(pohon_baru)?],
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    pub(crate) async fn log_baca_hash(
        &self,
        instansi: InstansiId,
        indeks: &[u64],
    ) -> StoreResult<Vec<Hash32>> {
        if indeks.is_empty() {
            return Ok(Vec::new());
        }
        let idx = indeks
            .iter()
            .map(|&i| ke_i64(i))
            .collect::<StoreResult<Vec<i64>>>()?;
        let c = self.klien().await?;
        let st = c
            .prepare_cached(
                "SELECT x.idx, x.hash FROM UNNEST($2::bigint[]) AS i (idx) CROSS JOIN LATERAL (
                     SELECT idx, hash FROM log_hash WHERE instansi_id = $1 AND idx = i.idx) x",
            )
            .await
            .map_err(db)?;
        let mut peta: HashMap<i64, Hash32> = HashMap::with_capacity(idx.len());
        for r in c.query(&st, &[&instansi.0, &idx]).await.map_err(db)? {
            peta.insert(kolom(&r, 0)?, ke_hash(&kolom::<Vec<u8>>(&r, 1)?)?);
        }
        idx.iter()
            .map(|i| {
                peta.get(i)
                    .copied()
                    .ok_or_else(|| StoreError::TidakDitemukan(format!("hash pohon {i}")))
            })
            .collect()
    }

    pub(crate) async fn log_rentang_hash(
        &self,
        instansi: InstansiId,
        dari: u64,
        sampai: u64,
    ) -> StoreResult<Vec<Hash32>> {
        let (dari, sampai) = (ke_i64(dari)?, ke_i64(sampai.min(i64::MAX as u64))?);
        let c = self.klien().await?;
        let st = c
            .prepare_cached(
                "SELECT hash FROM log_hash WHERE instansi_id = $1 AND idx >= $2 AND idx < $3
                 ORDER BY idx",
            )
            .await
            .map_err(db)?;
        c.query(&st, &[&instansi.0, &dari, &sampai])
            .await
            .map_err(db)?
            .iter()
            .map(|r| ke_hash(&kolom::<Vec<u8>>(r, 0)?))
            .collect()
    }

    pub(crate) async fn log_simpan_checkpoint(
        &self,
        instansi: InstansiId,
        ukuran_lama: Option<u64>,
        cp: &CheckpointBaru,
    ) -> StoreResult<()> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let k = pohon_wajib(&tx, instansi).await?;
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
        let ukuran = ke_i64(cp.ukuran)?;
        tx.execute(
            "INSERT INTO log_checkpoint (instansi_id, ukuran, akar, catatan, waktu)
             VALUES ($1, $2, $3, $4, $5)",
            &[&instansi.0, &ukuran, &&cp.akar[..], &cp.catatan, &cp.waktu],
        )
        .await
        .map_err(db)?;
        tx.execute(
            "UPDATE log_pohon SET checkpoint_ukuran = $2 WHERE instansi_id = $1",
            &[&instansi.0, &ukuran],
        )
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    pub(crate) async fn log_checkpoint_terakhir(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Option<CheckpointTersimpan>> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {KOLOM_CHECKPOINT} FROM log_checkpoint
                 WHERE instansi_id = $1 ORDER BY ukuran DESC LIMIT 1"
            ))
            .await
            .map_err(db)?;
        c.query_opt(&st, &[&instansi.0])
            .await
            .map_err(db)?
            .as_ref()
            .map(checkpoint)
            .transpose()
    }

    pub(crate) async fn log_checkpoint(
        &self,
        instansi: InstansiId,
        ukuran: u64,
    ) -> StoreResult<Option<CheckpointTersimpan>> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {KOLOM_CHECKPOINT} FROM log_checkpoint WHERE instansi_id = $1 AND ukuran = $2"
            ))
            .await
            .map_err(db)?;
        c.query_opt(&st, &[&instansi.0, &ke_i64(ukuran)?])
            .await
            .map_err(db)?
            .as_ref()
            .map(checkpoint)
            .transpose()
    }

    pub(crate) async fn log_daftar_checkpoint(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<CheckpointTersimpan>> {
        let c = self.klien().await?;
        c.query(
            &format!(
                "SELECT {KOLOM_CHECKPOINT} FROM log_checkpoint WHERE instansi_id = $1 ORDER BY ukuran"
            ),
            &[&instansi.0],
        )
        .await
        .map_err(db)?
        .iter()
        .map(checkpoint)
        .collect()
    }

    pub(crate) async fn log_simpan_kosignatur(
        &self,
        instansi: InstansiId,
        ukuran: u64,
        baris: &[String],
        diterima: DateTime<Utc>,
    ) -> StoreResult<()> {
        let ukuran = ke_i64(ukuran)?;
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let ada = tx
            .query_opt(
                "SELECT 1 FROM log_checkpoint WHERE instansi_id = $1 AND ukuran = $2",
                &[&instansi.0, &ukuran],
            )
            .await
            .map_err(db)?;
        if ada.is_none() {
            return Err(StoreError::TidakDitemukan(format!(
                "checkpoint ukuran {ukuran}"
            )));
        }
        let st = tx
            .prepare_cached(
                "INSERT INTO log_kosignatur (instansi_id, ukuran, baris, diterima_pada)
                 VALUES ($1, $2, $3, $4) ON CONFLICT ON CONSTRAINT log_kosignatur_baris DO NOTHING",
            )
            .await
            .map_err(db)?;
        for b in baris {
            tx.execute(&st, &[&instansi.0, &ukuran, b, &diterima])
                .await
                .map_err(db)?;
        }
        tx.commit().await.map_err(db)
    }

    pub(crate) async fn log_kosignatur(
        &self,
        instansi: InstansiId,
        ukuran: u64,
    ) -> StoreResult<Vec<String>> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached(
                "SELECT baris FROM log_kosignatur WHERE instansi_id = $1 AND ukuran = $2
                 ORDER BY urutan",
            )
            .await
            .map_err(db)?;
        c.query(&st, &[&instansi.0, &ke_i64(ukuran)?])
            .await
            .map_err(db)?
            .iter()
            .map(|r| kolom(r, 0))
            .collect()
    }
}
