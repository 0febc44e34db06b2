//! Signing on PostgreSQL (migrations `0005_ttd.sql`–`0007_rekaman_templat.sql`), with the
//! same behaviour as the SQLite adapter.
//!
//! A signing batch sends its handful of lookups together (pipelined; one index probe per
//! item, `UNNEST … CROSS JOIN LATERAL`, whatever the statistics say), then
//! locks the instansi's log head row (`FOR UPDATE`): every write that appends a leaf takes
//! that lock, so concurrent batches of one instansi (other processes included) run one
//! after the other. It decides each item in Rust with [`periksa_masuk`] (no savepoint per
//! item: a refused item is simply never written), then writes the accepted rows, rosters,
//! files and leaves with one `UNNEST` insert each. The unique indexes remain the final
//! guard: if one refuses what another batch committed between the lookups and the lock,
//! the batch runs again with its lookups under the lock. A record's pact text is kept once
//! per template in `rekaman_templat` and spliced back on read.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use netral_domain::pakta::Saksi;
use netral_store::log::{ke_hash, ke_i64, ke_u64};
use netral_store::ttd::*;
use netral_store::*;

use crate::log::{pastikan_kepala, tambah_banyak_dalam_tx, tulis_daun_baru};
use crate::pakta::catat;
use crate::{PostgresStore, db, jalankan, kode, kolom};

type Param<'a> = &'a (dyn ToSql + Sync);

fn rusak(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("data tanda tangan tersimpan tidak terbaca: {e}"))
}

fn hash_teks(s: &str) -> StoreResult<HashSha256> {
    HashSha256::parse(s).map_err(rusak)
}

fn ke_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

fn u32_dari(x: i64) -> StoreResult<u32> {
    u32::try_from(x).map_err(rusak)
}

// --- signatures -----------------------------------------------------------------------

const KOLOM_TTD: &str = "id, template_id, template_versi, hash_isi, pegawai_id, kampanye_id, \
     waktu, metode, lokasi, bukti_hash, mewakili_unit_id, mandat_hash, rekaman, hash_daun, \
     indeks_daun, kunci_idempoten, batal_waktu, batal_alasan, batal_oleh, hash_daun_batal, \
     indeks_daun_batal, rekaman_sisip, \
     (SELECT isi FROM rekaman_templat r WHERE r.instansi_id = tanda_tangan.instansi_id \
      AND r.hash = tanda_tangan.rekaman_templat)";

/// The stored record whole again: the stored bytes (column 12) with the pact text (column
/// 22) spliced back at `rekaman_sisip` (column 21) when it was cut (migration 0007).
fn rekaman_dari(r: &Row) -> StoreResult<Vec<u8>> {
    let teks: Option<Vec<u8>> = kolom(r, 22)?;
    netral_store::ttd::rekaman_utuh(
        kolom(r, 12)?,
        kolom::<Option<i32>>(r, 21)?.map(i64::from),
        teks.as_deref(),
    )
    .map_err(rusak)
}

/// The results of two statements pipelined in one transaction. When one is refused, the
/// other fails with "transaction aborted"; the refusal (a `Konflik`, which reruns the
/// batch) is the error to report.
fn keduanya<A, B>(a: StoreResult<A>, b: StoreResult<B>) -> StoreResult<(A, B)> {
    match (a, b) {
        (Err(e @ StoreError::Konflik(_)), _) | (_, Err(e @ StoreError::Konflik(_))) => Err(e),
        (a, b) => Ok((a?, b?)),
    }
}

/// A row in [`KOLOM_TTD`] order, without its roster.
fn ttd_dari(instansi: InstansiId, r: &Row) -> StoreResult<TandaTanganTersimpan> {
    let pembatalan = match (
        kolom::<Option<DateTime<Utc>>>(r, 16)?,
        kolom::<Option<String>>(r, 17)?,
        kolom::<Option<String>>(r, 18)?,
    ) {
        (Some(waktu), Some(alasan), Some(oleh)) => Some(Pembatalan {
            waktu,
            alasan,
            oleh,
        }),
        _ => None,
    };
    let hash_daun = ke_hash(&kolom::<Vec<u8>>(r, 13)?)?;
    Ok(TandaTanganTersimpan {
        instansi_id: instansi,
        ttd: TandaTanganPakta {
            id: TandaTanganId(kolom(r, 0)?),
            data: TandaTanganBaru {
                template_id: TemplateId(kolom(r, 1)?),
                template_versi: u32_dari(kolom(r, 2)?)?,
                hash_isi: hash_teks(&kolom::<String>(r, 3)?)?,
                pegawai_id: PegawaiId(kolom(r, 4)?),
                kampanye_id: kolom::<Option<i64>>(r, 5)?.map(netral_store::pakta::KampanyeId),
                waktu: kolom(r, 6)?,
                metode: kode(&kolom::<String>(r, 7)?, MetodeTandaTangan::parse)?,
                lokasi: kolom(r, 8)?,
                bukti_hash: kolom::<Option<String>>(r, 9)?
                    .as_deref()
                    .map(hash_teks)
                    .transpose()?,
                mewakili_unit_id: kolom::<Option<i64>>(r, 10)?.map(UnitId),
                mewakili: Vec::new(),
                mandat_hash: kolom::<Option<String>>(r, 11)?
                    .as_deref()
                    .map(hash_teks)
                    .transpose()?,
            },
            hash_daun: Some(hash_hex(&hash_daun)),
            pembatalan,
        },
        rekaman: rekaman_dari(r)?,
        indeks_daun: ke_u64(kolom(r, 14)?)?,
        hash_daun_batal: kolom::<Option<Vec<u8>>>(r, 19)?
            .as_deref()
            .map(ke_hash)
            .transpose()?,
        indeks_daun_batal: kolom::<Option<i64>>(r, 20)?.map(ke_u64).transpose()?,
        kunci_idempoten: kolom(r, 15)?,
    })
}

/// Signatures by a condition (`$1` is the instansi), rosters filled in.
async fn baca_ttd<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    syarat: &str,
    param: &[Param<'_>],
) -> StoreResult<Vec<TandaTanganTersimpan>> {
    baca_ttd_q(
        c,
        instansi,
        &format!("SELECT {KOLOM_TTD} FROM tanda_tangan WHERE instansi_id = $1 {syarat}"),
        param,
    )
    .await
}

/// Signatures by a whole statement selecting [`KOLOM_TTD`] (`$1` is the instansi), rosters
/// filled in.
async fn baca_ttd_q<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    sql: &str,
    param: &[Param<'_>],
) -> StoreResult<Vec<TandaTanganTersimpan>> {
    let mut p: Vec<Param<'_>> = vec![&instansi.0];
    p.extend_from_slice(param);
    let st = c.prepare_cached(sql).await.map_err(db)?;
    let rows = c.query(&st, &p).await.map_err(db)?;
    let mut semua = rows
        .iter()
        .map(|r| ttd_dari(instansi, r))
        .collect::<StoreResult<Vec<_>>>()?;
    let wakil: Vec<i64> = semua
        .iter()
        .filter(|t| t.ttd.data.metode == MetodeTandaTangan::Perwakilan)
        .map(|t| t.ttd.id.0)
        .collect();
    if !wakil.is_empty() {
        let mut roster = baca_mewakili(c, instansi, &wakil).await?;
        for t in &mut semua {
            if let Some(d) = roster.remove(&t.ttd.id.0) {
                t.ttd.data.mewakili = d;
            }
        }
    }
    Ok(semua)
}

async fn baca_mewakili<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    ids: &[i64],
) -> StoreResult<HashMap<i64, Vec<PegawaiId>>> {
    let st = c
        .prepare_cached(
            "SELECT tanda_tangan_id, pegawai_id FROM tanda_tangan_mewakili
             WHERE instansi_id = $1 AND tanda_tangan_id = ANY($2)
             ORDER BY tanda_tangan_id, urutan",
        )
        .await
        .map_err(db)?;
    let mut out: HashMap<i64, Vec<PegawaiId>> = HashMap::new();
    for r in c.query(&st, &[&instansi.0, &ids]).await.map_err(db)? {
        out.entry(kolom(&r, 0)?)
            .or_default()
            .push(PegawaiId(kolom(&r, 1)?));
    }
    Ok(out)
}

async fn satu_ttd<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    syarat: &str,
    nilai: Param<'_>,
) -> StoreResult<Option<TandaTanganTersimpan>> {
    Ok(baca_ttd(c, instansi, syarat, &[nilai])
        .await?
        .into_iter()
        .next())
}

/// Locks the instansi's log head row (creating it if needed) for the rest of the
/// transaction: the one lock every leaf-appending write takes.
async fn kunci_kepala<C: GenericClient>(tx: &C, instansi: InstansiId) -> StoreResult<()> {
    pastikan_kepala(tx, instansi).await?;
    jalankan(
        tx,
        "SELECT 1 FROM log_kepala WHERE instansi_id = $1 FOR UPDATE",
        &[&instansi.0],
    )
    .await?;
    Ok(())
}

/// What the batch needs to know, read in a few queries (see [`simpan_batch`]).
struct Lihat {
    kunci: HashMap<String, TandaTanganTersimpan>,
    status: HashMap<i64, StatusPegawai>,
    templat: HashMap<i64, (i64, String, bool)>,
    aktif: HashMap<(i64, i64, i64), TandaTanganId>,
    daun: HashSet<Hash32>,
}

/// The five lookups are independent: they are sent together (pipelined on the one
/// connection) and answered in one round trip.
async fn lihat<C: GenericClient>(
    tx: &C,
    instansi: InstansiId,
    batch: &[TandaTanganMasuk],
) -> StoreResult<Lihat> {
    let kunci: Vec<&str> = batch
        .iter()
        .filter_map(|m| m.kunci_idempoten.as_deref())
        .collect();
    let lihat_kunci = async {
        let mut out = HashMap::new();
        if !kunci.is_empty() {
            let sql = format!(
                "SELECT t.* FROM UNNEST($2::text[]) AS k (kunci) CROSS JOIN LATERAL (
                     SELECT {KOLOM_TTD} FROM tanda_tangan
                     WHERE instansi_id = $1 AND kunci_idempoten = k.kunci LIMIT 1) t"
            );
            for t in baca_ttd_q(tx, instansi, &sql, &[&kunci]).await? {
                if let Some(k) = t.kunci_idempoten.clone() {
                    out.insert(k, t);
                }
            }
        }
        StoreResult::Ok(out)
    };
    let mut pegawai: Vec<i64> = batch
        .iter()
        .flat_map(|m| {
            std::iter::once(m.data.pegawai_id.0).chain(m.data.mewakili.iter().map(|p| p.0))
        })
        .collect();
    pegawai.sort_unstable();
    pegawai.dedup();
    let lihat_status = async {
        let st = tx
            .prepare_cached(
                "SELECT p.id, x.status FROM UNNEST($2::bigint[]) AS p (id) CROSS JOIN LATERAL (
                     SELECT status FROM pegawai WHERE instansi_id = $1 AND id = p.id) x",
            )
            .await
            .map_err(db)?;
        let mut out = HashMap::new();
        for r in tx.query(&st, &[&instansi.0, &pegawai]).await.map_err(db)? {
            out.insert(
                kolom(&r, 0)?,
                kode(&kolom::<String>(&r, 1)?, StatusPegawai::parse)?,
            );
        }
        StoreResult::Ok(out)
    };
    let mut templat: Vec<i64> = batch.iter().map(|m| m.data.template_id.0).collect();
    templat.sort_unstable();
    templat.dedup();
    let lihat_templat = async {
        let st = tx
            .prepare_cached(
                "SELECT id, versi, hash_isi, tgl_sah IS NOT NULL FROM pakta_templat
                 WHERE instansi_id = $1 AND id = ANY($2)",
            )
            .await
            .map_err(db)?;
        let mut out = HashMap::new();
        for r in tx.query(&st, &[&instansi.0, &templat]).await.map_err(db)? {
            out.insert(kolom(&r, 0)?, (kolom(&r, 1)?, kolom(&r, 2)?, kolom(&r, 3)?));
        }
        StoreResult::Ok(out)
    };
    // One index probe per employee, forced by the LATERAL ... LIMIT 1: equality on all four
    // columns of the unique index. Both simpler forms scanned every active signature of the
    // version while the table had outgrown its statistics (autovacuum late or off): a join
    // against the batch's UNNEST was planned as a hash join, and `pegawai_id = ANY($4)` was
    // applied as a filter after a three-column index condition (8,000 rows read for 17).
    // The other lookups here are LATERAL probes for the same reason: without statistics
    // the planner gives each element of `= ANY($n)` a selectivity of 0.5 %, so a batch of
    // 200 looked like the whole table and the idempotency-key lookup read every signature
    // of the instansi (0.15-0.3 s per batch at 200,000 signatures, the stalls of bench/ttd).
    let mut versi_batch: Vec<(i64, i64)> = batch
        .iter()
        .map(|m| (m.data.template_id.0, i64::from(m.data.template_versi)))
        .collect();
    versi_batch.sort_unstable();
    versi_batch.dedup();
    let lihat_aktif = async {
        let st = tx
            .prepare_cached(
                "SELECT $2::bigint, $3::bigint, p.id, t.id FROM UNNEST($4::bigint[]) AS p (id)
                 CROSS JOIN LATERAL (
                     SELECT id FROM tanda_tangan
                     WHERE instansi_id = $1 AND template_id = $2 AND template_versi = $3
                       AND pegawai_id = p.id AND batal_waktu IS NULL
                     LIMIT 1) t",
            )
            .await
            .map_err(db)?;
        let mut out = HashMap::new();
        for (t, v) in versi_batch {
            let p: Vec<i64> = batch
                .iter()
                .filter(|m| m.data.template_id.0 == t && i64::from(m.data.template_versi) == v)
                .map(|m| m.data.pegawai_id.0)
                .collect();
            for r in tx
                .query(&st, &[&instansi.0, &t, &v, &p])
                .await
                .map_err(db)?
            {
                out.insert(
                    (kolom(&r, 0)?, kolom(&r, 1)?, kolom(&r, 2)?),
                    TandaTanganId(kolom(&r, 3)?),
                );
            }
        }
        StoreResult::Ok(out)
    };
    let hashes: Vec<&[u8]> = batch.iter().map(|m| &m.daun.hash[..]).collect();
    let lihat_daun = async {
        let st = tx
            .prepare_cached(
                "SELECT d.hash FROM UNNEST($2::bytea[]) AS h (hash) CROSS JOIN LATERAL (
                     SELECT hash FROM log_daun WHERE instansi_id = $1 AND hash = h.hash) d",
            )
            .await
            .map_err(db)?;
        let mut out = HashSet::new();
        for r in tx.query(&st, &[&instansi.0, &hashes]).await.map_err(db)? {
            out.insert(ke_hash(&kolom::<Vec<u8>>(&r, 0)?)?);
        }
        StoreResult::Ok(out)
    };
    let (kunci, status, templat, aktif, daun) = tokio::try_join!(
        lihat_kunci,
        lihat_status,
        lihat_templat,
        lihat_aktif,
        lihat_daun
    )?;
    Ok(Lihat {
        kunci,
        status,
        templat,
        aktif,
        daun,
    })
}

/// One batch item's fate before the writes: decided now, or accepted as the `n`-th new row.
enum Putusan {
    Selesai(HasilTtd),
    /// Same key as an earlier accepted item of this batch (its position in the batch).
    UlangDalam(usize),
    /// Accepted under this id.
    Terima(TandaTanganId),
}

/// Decides each item in input order; accepted items take ids from `id_berikut` on.
fn putuskan(batch: &[TandaTanganMasuk], mut l: Lihat, mut id_berikut: i64) -> Vec<Putusan> {
    let mut kunci_baru: HashMap<&str, usize> = HashMap::new();
    let mut out = Vec::with_capacity(batch.len());
    for (i, m) in batch.iter().enumerate() {
        let d = &m.data;
        if let Some(k) = m.kunci_idempoten.as_deref() {
            if let Some(t) = l.kunci.get(k) {
                out.push(Putusan::Selesai(HasilTtd::Ulang(Box::new(t.clone()))));
                continue;
            }
            if let Some(j) = kunci_baru.get(k) {
                out.push(Putusan::UlangDalam(*j));
                continue;
            }
        }
        let kunci_aktif = (d.template_id.0, i64::from(d.template_versi), d.pegawai_id.0);
        let fakta = FaktaTtd {
            status_pegawai: l.status.get(&d.pegawai_id.0).copied(),
            mewakili_asing: d
                .mewakili
                .iter()
                .find(|p| !l.status.contains_key(&p.0))
                .copied(),
            templat_sah: l.templat.get(&d.template_id.0).is_some_and(|(v, h, sah)| {
                *sah && *v == i64::from(d.template_versi) && h == d.hash_isi.as_str()
            }),
            aktif: l.aktif.get(&kunci_aktif).copied(),
            daun_ada: l.daun.contains(&m.daun.hash),
        };
        match periksa_masuk(m, &fakta) {
            Err(t) => out.push(Putusan::Selesai(HasilTtd::Ditolak(t))),
            Ok(()) => {
                // Later items of the batch see this one as active.
                let id = TandaTanganId(id_berikut);
                id_berikut += 1;
                l.aktif.insert(kunci_aktif, id);
                l.daun.insert(m.daun.hash);
                if let Some(k) = m.kunci_idempoten.as_deref() {
                    kunci_baru.insert(k, i);
                }
                out.push(Putusan::Terima(id));
            }
        }
    }
    out
}

/// Writes one signing batch: looks up what the checks need, decides each item, appends
/// the accepted leaves and inserts their rows.
///
/// With `kunci_dulu` false (the fast path) the lookups run before the head lock, so a
/// second batch in flight reads while the first writes and commits; what another batch
/// committed in between is then refused by a unique index (an active signature, an
/// idempotency key, a leaf) and [`PostgresStore::ttd_simpan`] runs the batch again with
/// `kunci_dulu`, lookups under the lock.
async fn simpan_batch<C: GenericClient>(
    tx: &C,
    instansi: InstansiId,
    batch: &[TandaTanganMasuk],
    kunci_dulu: bool,
) -> StoreResult<Vec<HasilTtd>> {
    // Plan the lookups for this batch's values and the tables' current size: a generic
    // plan cached on a pooled connection while the tables were small would scan them.
    tx.batch_execute("SET LOCAL plan_cache_mode = force_custom_plan")
        .await
        .map_err(db)?;
    let dilihat = if kunci_dulu {
        None
    } else {
        Some(lihat(tx, instansi, batch).await?)
    };
    // The head lock and the next leaf index (a row locked FOR UPDATE is re-read after the
    // wait, so this sees the last committed head).
    let st = tx
        .prepare_cached("SELECT urut FROM log_kepala WHERE instansi_id = $1 FOR UPDATE")
        .await
        .map_err(db)?;
    let urut_awal: i64 = match tx.query_opt(&st, &[&instansi.0]).await.map_err(db)? {
        Some(r) => kolom(&r, 0)?,
        // The log's first leaf: create the head (once per instansi), then lock it.
        None => {
            kunci_kepala(tx, instansi).await?;
            kolom(&tx.query_one(&st, &[&instansi.0]).await.map_err(db)?, 0)?
        }
    };
    // Its own statement, after the lock: a subquery of the locking statement would use
    // the snapshot taken before the wait and miss the rows the previous holder committed.
    let st = tx
        .prepare_cached("SELECT COALESCE(MAX(id), 0) + 1 FROM tanda_tangan WHERE instansi_id = $1")
        .await
        .map_err(db)?;
    let id_awal: i64 = kolom(&tx.query_one(&st, &[&instansi.0]).await.map_err(db)?, 0)?;
    let dilihat = match dilihat {
        Some(l) => l,
        None => lihat(tx, instansi, batch).await?,
    };
    let putusan = putuskan(batch, dilihat, id_awal);
    let terima: Vec<(usize, TandaTanganId)> = putusan
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match p {
            Putusan::Terima(id) => Some((i, *id)),
            _ => None,
        })
        .collect();
    let mut baru: HashMap<usize, TandaTanganTersimpan> = HashMap::new();
    if !terima.is_empty() {
        // The leaves were looked up under the lock (`lihat`) and accepted items are new:
        // append them at the next indices directly (the unique index still guards).
        let mut idx = Vec::with_capacity(terima.len());
        let (mut hash, mut entri) = (Vec::new(), Vec::new());
        for (n, (i, _)) in terima.iter().enumerate() {
            batch[*i].daun.periksa()?;
            idx.push(urut_awal + n as i64);
            hash.push(&batch[*i].daun.hash[..]);
            entri.push(batch[*i].daun.entri.as_slice());
        }
        let indeks = idx
            .iter()
            .map(|i| ke_u64(*i))
            .collect::<StoreResult<Vec<_>>>()?;
        for (&(i, id), idx) in terima.iter().zip(indeks) {
            let m = &batch[i];
            baru.insert(
                i,
                TandaTanganTersimpan {
                    instansi_id: instansi,
                    ttd: TandaTanganPakta {
                        id,
                        data: m.data.clone(),
                        hash_daun: Some(hash_hex(&m.daun.hash)),
                        pembatalan: None,
                    },
                    rekaman: m.rekaman.clone(),
                    indeks_daun: idx,
                    hash_daun_batal: None,
                    indeks_daun_batal: None,
                    kunci_idempoten: m.kunci_idempoten.clone(),
                },
            );
        }
        let urut: Vec<&TandaTanganTersimpan> = terima.iter().map(|(i, _)| &baru[i]).collect();
        // Independent statements, pipelined: the leaves with the head, and the rows.
        let (daun, baris) = tokio::join!(
            tulis_daun_baru(tx, instansi, &idx, &hash, &entri),
            tulis_baris(tx, instansi, &urut, terima.iter().map(|(i, _)| &batch[*i]))
        );
        keduanya(daun, baris)?;
    }
    let mut out = Vec::with_capacity(batch.len());
    for (i, p) in putusan.into_iter().enumerate() {
        out.push(match p {
            Putusan::Selesai(h) => h,
            Putusan::UlangDalam(j) => HasilTtd::Ulang(Box::new(baru[&j].clone())),
            Putusan::Terima(_) => HasilTtd::Baru(Box::new(baru[&i].clone())),
        });
    }
    Ok(out)
}

/// Inserts the accepted rows, their rosters and files, one statement each.
async fn tulis_baris<'a, C: GenericClient>(
    tx: &C,
    instansi: InstansiId,
    urut: &[&TandaTanganTersimpan],
    masuk: impl Iterator<Item = &'a TandaTanganMasuk>,
) -> StoreResult<()> {
    let d = |t: &&TandaTanganTersimpan| t.ttd.data.clone();
    let data: Vec<TandaTanganBaru> = urut.iter().map(d).collect();
    let id: Vec<i64> = urut.iter().map(|t| t.ttd.id.0).collect();
    let template: Vec<i64> = data.iter().map(|d| d.template_id.0).collect();
    let versi: Vec<i64> = data.iter().map(|d| i64::from(d.template_versi)).collect();
    let hash_isi: Vec<&str> = data.iter().map(|d| d.hash_isi.as_str()).collect();
    let pegawai: Vec<i64> = data.iter().map(|d| d.pegawai_id.0).collect();
    let kampanye: Vec<Option<i64>> = data.iter().map(|d| d.kampanye_id.map(|k| k.0)).collect();
    let waktu: Vec<DateTime<Utc>> = data.iter().map(|d| d.waktu).collect();
    let metode: Vec<&str> = data.iter().map(|d| d.metode.kode()).collect();
    let lokasi: Vec<Option<&str>> = data.iter().map(|d| d.lokasi.as_deref()).collect();
    let bukti: Vec<Option<&str>> = data
        .iter()
        .map(|d| d.bukti_hash.as_ref().map(|h| h.as_str()))
        .collect();
    let unit: Vec<Option<i64>> = data
        .iter()
        .map(|d| d.mewakili_unit_id.map(|u| u.0))
        .collect();
    let mandat: Vec<Option<&str>> = data
        .iter()
        .map(|d| d.mandat_hash.as_ref().map(|h| h.as_str()))
        .collect();
    // The pact text once per template (migration 0007), the rest in the row.
    let mut rekaman: Vec<Cow<'_, [u8]>> = Vec::with_capacity(urut.len());
    let (mut sisip, mut templat_hash) = (Vec::with_capacity(urut.len()), Vec::new());
    let mut teks: HashMap<[u8; 32], &[u8]> = HashMap::new();
    for t in urut {
        match netral_store::ttd::potong_rekaman(&t.rekaman) {
            Some(p) => {
                teks.entry(p.hash).or_insert(p.teks);
                rekaman.push(Cow::Owned(p.sisa));
                sisip.push(Some(i32::try_from(p.sisip).map_err(rusak)?));
                templat_hash.push(Some(p.hash.to_vec()));
            }
            None => {
                rekaman.push(Cow::Borrowed(t.rekaman.as_slice()));
                sisip.push(None);
                templat_hash.push(None);
            }
        }
    }
    let rekaman: Vec<&[u8]> = rekaman.iter().map(|r| r.as_ref()).collect();
    let (teks_hash, teks_isi): (Vec<&[u8]>, Vec<&[u8]>) =
        teks.iter().map(|(h, i)| (h.as_slice(), *i)).unzip();
    // Sent ahead of the rows in the same pipeline (no extra round trip under the head
    // lock); a text already kept is left as it is.
    let simpan_teks = async {
        if teks_hash.is_empty() {
            return Ok(0);
        }
        jalankan(
            tx,
            "INSERT INTO rekaman_templat (instansi_id, hash, isi)
             SELECT $1, * FROM UNNEST($2::bytea[], $3::bytea[])
             ON CONFLICT DO NOTHING",
            &[&instansi.0, &teks_hash, &teks_isi],
        )
        .await
    };
    let hash_daun: Vec<Vec<u8>> = urut
        .iter()
        .map(|t| {
            t.ttd
                .hash_daun
                .as_ref()
                .and_then(hash_bytes)
                .map(|h| h.to_vec())
                .unwrap_or_default()
        })
        .collect();
    let indeks: Vec<i64> = urut
        .iter()
        .map(|t| ke_i64(t.indeks_daun))
        .collect::<StoreResult<_>>()?;
    let kunci: Vec<Option<&str>> = urut.iter().map(|t| t.kunci_idempoten.as_deref()).collect();
    let p_baris: [Param<'_>; 19] = [
        &instansi.0,
        &id,
        &template,
        &versi,
        &hash_isi,
        &pegawai,
        &kampanye,
        &waktu,
        &metode,
        &lokasi,
        &bukti,
        &unit,
        &mandat,
        &rekaman,
        &hash_daun,
        &indeks,
        &kunci,
        &sisip,
        &templat_hash,
    ];
    let simpan_baris = jalankan(
        tx,
        "INSERT INTO tanda_tangan (instansi_id, id, template_id, template_versi, hash_isi,
                 pegawai_id, kampanye_id, waktu, metode, lokasi, bukti_hash, mewakili_unit_id,
                 mandat_hash, rekaman, hash_daun, indeks_daun, kunci_idempoten, rekaman_sisip,
                 rekaman_templat)
             SELECT $1, * FROM UNNEST($2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
                 $6::bigint[], $7::bigint[], $8::timestamptz[], $9::text[], $10::text[],
                 $11::text[], $12::bigint[], $13::text[], $14::bytea[], $15::bytea[],
                 $16::bigint[], $17::text[], $18::integer[], $19::bytea[])",
        &p_baris,
    );
    let (teks, baris) = tokio::join!(simpan_teks, simpan_baris);
    keduanya(teks, baris)?;

    let (mut r_ttd, mut r_urutan, mut r_pegawai) = (Vec::new(), Vec::new(), Vec::new());
    for (t, d) in id.iter().zip(&data) {
        for (n, p) in d.mewakili.iter().enumerate() {
            r_ttd.push(*t);
            r_urutan.push(n as i64);
            r_pegawai.push(p.0);
        }
    }
    if !r_ttd.is_empty() {
        jalankan(
            tx,
            "INSERT INTO tanda_tangan_mewakili (instansi_id, tanda_tangan_id, urutan, pegawai_id)
             SELECT $1, * FROM UNNEST($2::bigint[], $3::bigint[], $4::bigint[])",
            &[&instansi.0, &r_ttd, &r_urutan, &r_pegawai],
        )
        .await?;
    }
    let mut seen = HashSet::new();
    let berkas: Vec<&Berkas> = masuk
        .flat_map(|m| m.berkas.iter())
        .filter(|b| seen.insert(b.hash.clone()))
        .collect();
    if !berkas.is_empty() {
        let hash: Vec<&str> = berkas.iter().map(|b| b.hash.as_str()).collect();
        let mime: Vec<&str> = berkas.iter().map(|b| b.mime.as_str()).collect();
        let nama: Vec<&str> = berkas.iter().map(|b| b.nama.as_str()).collect();
        let isi: Vec<&[u8]> = berkas.iter().map(|b| b.isi.as_slice()).collect();
        jalankan(
            tx,
            "INSERT INTO berkas (instansi_id, hash, mime, nama, isi)
             SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::bytea[])
             ON CONFLICT DO NOTHING",
            &[&instansi.0, &hash, &mime, &nama, &isi],
        )
        .await?;
    }
    Ok(())
}

/// Appends a leaf that must be new to the log (a revocation or statement leaf).
async fn tambah_daun_baru<C: GenericClient>(
    tx: &C,
    instansi: InstansiId,
    daun: &DaunBaru,
) -> StoreResult<u64> {
    kunci_kepala(tx, instansi).await?;
    let st = tx
        .prepare_cached("SELECT 1 FROM log_daun WHERE instansi_id = $1 AND hash = $2")
        .await
        .map_err(db)?;
    if tx
        .query_opt(&st, &[&instansi.0, &&daun.hash[..]])
        .await
        .map_err(db)?
        .is_some()
    {
        return Err(StoreError::Konflik(
            "daun log ini sudah tercatat sebelumnya".into(),
        ));
    }
    Ok(tambah_banyak_dalam_tx(tx, instansi, std::slice::from_ref(daun)).await?[0])
}

/// Every unit of the instansi with its parent.
async fn pasangan_unit<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
) -> StoreResult<Vec<(UnitId, Option<UnitId>)>> {
    let st = c
        .prepare_cached("SELECT id, induk_id FROM unit_kerja WHERE instansi_id = $1")
        .await
        .map_err(db)?;
    c.query(&st, &[&instansi.0])
        .await
        .map_err(db)?
        .iter()
        .map(|r| {
            Ok((
                UnitId(kolom(r, 0)?),
                kolom::<Option<i64>>(r, 1)?.map(UnitId),
            ))
        })
        .collect()
}

// --- witness statements ---------------------------------------------------------------

const KOLOM_SAKSI: &str = "id, tanda_tangan_id, hash_ttd, nama, jabatan, saksi_instansi, \
     saksi_pegawai_id, waktu, metode, lokasi, hash_daun, indeks_daun";

async fn baca_saksi<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    syarat: &str,
    nilai: Param<'_>,
) -> StoreResult<Vec<PernyataanSaksiTersimpan>> {
    let st = c
        .prepare_cached(&format!(
            "SELECT {KOLOM_SAKSI} FROM pernyataan_saksi WHERE instansi_id = $1 AND {syarat}
             ORDER BY id"
        ))
        .await
        .map_err(db)?;
    let rows = c.query(&st, &[&instansi.0, nilai]).await.map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(PernyataanSaksiTersimpan {
                id: kolom(r, 0)?,
                instansi_id: instansi,
                pernyataan: PernyataanSaksi {
                    tanda_tangan_id: TandaTanganId(kolom(r, 1)?),
                    hash_daun: hash_teks(&kolom::<String>(r, 2)?)?,
                    saksi: Saksi {
                        nama: kolom(r, 3)?,
                        jabatan: kolom(r, 4)?,
                        instansi: kolom(r, 5)?,
                        pegawai_id: kolom::<Option<i64>>(r, 6)?.map(PegawaiId),
                    },
                    waktu: kolom(r, 7)?,
                    metode: kode(&kolom::<String>(r, 8)?, MetodeTandaTangan::parse)?,
                    lokasi: kolom(r, 9)?,
                },
                hash_daun: ke_hash(&kolom::<Vec<u8>>(r, 10)?)?,
                indeks_daun: ke_u64(kolom(r, 11)?)?,
            })
        })
        .collect()
}

// --- ikrar ----------------------------------------------------------------------------

async fn baca_acara<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    syarat: &str,
    nilai: &[Param<'_>],
) -> StoreResult<Vec<AcaraIkrar>> {
    let mut p: Vec<Param<'_>> = vec![&instansi.0];
    p.extend_from_slice(nilai);
    let rows = c
        .query(
            &format!(
                "SELECT id, pemilihan_id, jenis, nama, tanggal, lokasi, hash_teks FROM acara_ikrar
                 WHERE instansi_id = $1 {syarat} ORDER BY tanggal, id"
            ),
            &p,
        )
        .await
        .map_err(db)?;
    rows.iter()
        .map(|r| {
            Ok(AcaraIkrar {
                id: AcaraIkrarId(kolom(r, 0)?),
                instansi_id: instansi,
                pemilihan_id: kolom::<Option<i64>>(r, 1)?.map(netral_store::pakta::PemilihanId),
                jenis: kode(&kolom::<String>(r, 2)?, JenisAcaraIkrar::parse)?,
                nama: kolom(r, 3)?,
                tanggal: kolom(r, 4)?,
                lokasi: kolom(r, 5)?,
                hash_teks: kolom::<Option<String>>(r, 6)?
                    .as_deref()
                    .map(hash_teks)
                    .transpose()?,
            })
        })
        .collect()
}

// --- outbox ---------------------------------------------------------------------------

const KOLOM_NOTIF: &str = "id, instansi_id, pegawai_id, saluran, tujuan, subjek, isi, dibuat, \
     kirim_setelah, status, percobaan, galat_terakhir, terkirim";

fn notif(r: &Row) -> StoreResult<Notifikasi> {
    Ok(Notifikasi {
        id: kolom(r, 0)?,
        baru: NotifikasiBaru {
            instansi_id: InstansiId(kolom(r, 1)?),
            pegawai_id: kolom::<Option<i64>>(r, 2)?.map(PegawaiId),
            saluran: kolom(r, 3)?,
            tujuan: kolom(r, 4)?,
            subjek: kolom(r, 5)?,
            isi: kolom(r, 6)?,
            dibuat: kolom(r, 7)?,
            kirim_setelah: kolom(r, 8)?,
        },
        status: StatusNotifikasi::dari_kode(&kolom::<String>(r, 9)?).map_err(rusak)?,
        percobaan: u32_dari(kolom(r, 10)?)?,
        galat_terakhir: kolom(r, 11)?,
        terkirim: kolom(r, 12)?,
    })
}

impl PostgresStore {
    pub(crate) async fn ttd_simpan(
        &self,
        instansi: InstansiId,
        batch: &[TandaTanganMasuk],
    ) -> StoreResult<Vec<HasilTtd>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        match simpan_batch(&tx, instansi, batch, false).await {
            Ok(out) => {
                tx.commit().await.map_err(db)?;
                return Ok(out);
            }
            // A unique index refused what another batch committed after the lookups.
            Err(StoreError::Konflik(_)) => tx.rollback().await.map_err(db)?,
            Err(e) => return Err(e),
        }
        let tx = c.transaction().await.map_err(db)?;
        let out = simpan_batch(&tx, instansi, batch, true).await?;
        tx.commit().await.map_err(db)?;
        Ok(out)
    }

    pub(crate) async fn ttd_satu(
        &self,
        instansi: InstansiId,
        id: TandaTanganId,
    ) -> StoreResult<Option<TandaTanganTersimpan>> {
        let c = self.klien().await?;
        satu_ttd(&c, instansi, "AND id = $2", &id.0).await
    }

    pub(crate) async fn ttd_by_daun(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<TandaTanganTersimpan>> {
        let c = self.klien().await?;
        // Through the log's hash constraint, then the signature's leaf index (migration 0006).
        satu_ttd(
            &c,
            instansi,
            "AND indeks_daun = (SELECT idx FROM log_daun WHERE instansi_id = $1 AND hash = $2)
             AND hash_daun = $2",
            &&hash[..],
        )
        .await
    }

    pub(crate) async fn ttd_daftar(
        &self,
        instansi: InstansiId,
        f: &FilterTtd,
        halaman: Halaman,
    ) -> StoreResult<(Vec<TandaTanganTersimpan>, u64)> {
        let c = self.klien().await?;
        let template = f.template_id.map(|t| t.0);
        let versi = f.template_versi.map(i64::from);
        let metode = f.metode.map(|m| m.kode());
        let pegawai = f.pegawai.map(|p| p.0);
        let aktif = f.aktif;
        let units: Option<Vec<i64>> = match f.unit {
            None => None,
            Some(u) => Some(
                leluhur_unit(&pasangan_unit(&c, instansi).await?)
                    .into_iter()
                    .filter(|(_, l)| l.contains(&u))
                    .map(|(id, _)| id.0)
                    .collect(),
            ),
        };
        let syarat = "AND ($2::bigint IS NULL OR template_id = $2)
             AND ($3::bigint IS NULL OR template_versi = $3)
             AND ($4::text IS NULL OR metode = $4)
             AND ($5::bigint IS NULL OR pegawai_id = $5)
             AND ($6::boolean IS NULL OR (batal_waktu IS NULL) = $6)
             AND ($7::bigint[] IS NULL OR pegawai_id IN
                  (SELECT id FROM pegawai WHERE instansi_id = $1 AND unit_id = ANY($7)))";
        let p: [Param<'_>; 6] = [&template, &versi, &metode, &pegawai, &aktif, &units];
        let mut semua = vec![&instansi.0 as Param<'_>];
        semua.extend_from_slice(&p);
        let total: i64 = kolom(
            &c.query_one(
                &format!("SELECT COUNT(*) FROM tanda_tangan WHERE instansi_id = $1 {syarat}"),
                &semua,
            )
            .await
            .map_err(db)?,
            0,
        )?;
        let batas = i64::from(halaman.ukuran);
        let offset = ke_i64(halaman.offset())?;
        let mut q: Vec<Param<'_>> = p.to_vec();
        q.push(&batas);
        q.push(&offset);
        let daftar = baca_ttd(
            &c,
            instansi,
            &format!("{syarat} ORDER BY id DESC LIMIT $8 OFFSET $9"),
            &q,
        )
        .await?;
        Ok((daftar, ke_u64(total)?))
    }

    pub(crate) async fn ttd_mewakili(
        &self,
        instansi: InstansiId,
        id: TandaTanganId,
    ) -> StoreResult<Vec<PegawaiId>> {
        let c = self.klien().await?;
        Ok(baca_mewakili(&c, instansi, &[id.0])
            .await?
            .remove(&id.0)
            .unwrap_or_default())
    }

    pub(crate) async fn ttd_batalkan(
        &self,
        instansi: InstansiId,
        id: TandaTanganId,
        p: &Pembatalan,
        daun: &DaunBaru,
        jejak: &Jejak,
    ) -> StoreResult<TandaTanganTersimpan> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        kunci_kepala(&tx, instansi).await?;
        let lama = satu_ttd(&tx, instansi, "AND id = $2 FOR UPDATE", &id.0)
            .await?
            .ok_or_else(|| StoreError::TidakDitemukan("tanda tangan".into()))?;
        if lama.ttd.pembatalan.is_some() {
            return Err(StoreError::Konflik(
                "tanda tangan ini sudah dibatalkan".into(),
            ));
        }
        let indeks = tambah_daun_baru(&tx, instansi, daun).await?;
        tx.execute(
            "UPDATE tanda_tangan SET batal_waktu = $3, batal_alasan = $4, batal_oleh = $5,
                    hash_daun_batal = $6, indeks_daun_batal = $7
             WHERE instansi_id = $1 AND id = $2",
            &[
                &instansi.0,
                &id.0,
                &p.waktu,
                &p.alasan,
                &p.oleh,
                &&daun.hash[..],
                &ke_i64(indeks)?,
            ],
        )
        .await
        .map_err(db)?;
        catat(
            &tx,
            instansi,
            aksi::BATALKAN_TANDA_TANGAN,
            "tanda_tangan",
            id.0,
            None,
            Some(ke_json(p)?),
            jejak,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        let mut t = lama;
        t.ttd.pembatalan = Some(p.clone());
        t.hash_daun_batal = Some(daun.hash);
        t.indeks_daun_batal = Some(indeks);
        Ok(t)
    }

    pub(crate) async fn ttd_perubahan(
        &self,
        instansi: InstansiId,
        template: TemplateId,
        versi: u32,
        setelah: Option<u64>,
    ) -> StoreResult<Vec<PerubahanTtd>> {
        let setelah = setelah.map(ke_i64).transpose()?.unwrap_or(-1);
        let c = self.klien().await?;
        let st = c
            .prepare_cached(
                "SELECT pegawai_id, id, metode, TRUE, indeks_daun, waktu FROM tanda_tangan
                 WHERE instansi_id = $1 AND template_id = $2 AND template_versi = $3
                   AND indeks_daun > $4
                 UNION ALL
                 SELECT pegawai_id, id, metode, FALSE, indeks_daun_batal, batal_waktu
                 FROM tanda_tangan
                 WHERE instansi_id = $1 AND template_id = $2 AND template_versi = $3
                   AND indeks_daun_batal > $4
                 ORDER BY 5",
            )
            .await
            .map_err(db)?;
        let rows = c
            .query(
                &st,
                &[&instansi.0, &template.0, &i64::from(versi), &setelah],
            )
            .await
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(PerubahanTtd {
                    pegawai_id: PegawaiId(kolom(r, 0)?),
                    tanda_tangan_id: TandaTanganId(kolom(r, 1)?),
                    metode: kode(&kolom::<String>(r, 2)?, MetodeTandaTangan::parse)?,
                    aktif: kolom(r, 3)?,
                    indeks_daun: ke_u64(kolom(r, 4)?)?,
                    waktu: kolom(r, 5)?,
                })
            })
            .collect()
    }

    pub(crate) async fn ttd_simpan_saksi(
        &self,
        instansi: InstansiId,
        p: &PernyataanSaksi,
        daun: &DaunBaru,
        jejak: &Jejak,
    ) -> StoreResult<PernyataanSaksiTersimpan> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        kunci_kepala(&tx, instansi).await?;
        let t = satu_ttd(&tx, instansi, "AND id = $2", &p.tanda_tangan_id.0)
            .await?
            .ok_or_else(|| StoreError::Konflik("tanda tangan yang disaksikan tidak ada".into()))?;
        if t.ttd.pembatalan.is_some() {
            return Err(StoreError::Konflik(
                "tanda tangan yang sudah dibatalkan tidak dapat disaksikan".into(),
            ));
        }
        if t.ttd.hash_daun.as_ref() != Some(&p.hash_daun) {
            return Err(StoreError::Konflik(
                "hash daun pernyataan tidak sama dengan daun tanda tangan".into(),
            ));
        }
        let indeks = tambah_daun_baru(&tx, instansi, daun).await?;
        let row = tx
            .query_one(
                "INSERT INTO pernyataan_saksi (instansi_id, tanda_tangan_id, hash_ttd, nama,
                         jabatan, saksi_instansi, saksi_pegawai_id, waktu, metode, lokasi,
                         hash_daun, indeks_daun)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                     RETURNING id",
                &[
                    &instansi.0,
                    &p.tanda_tangan_id.0,
                    &p.hash_daun.as_str(),
                    &p.saksi.nama,
                    &p.saksi.jabatan,
                    &p.saksi.instansi,
                    &p.saksi.pegawai_id.map(|x| x.0),
                    &p.waktu,
                    &p.metode.kode(),
                    &p.lokasi,
                    &&daun.hash[..],
                    &ke_i64(indeks)?,
                ],
            )
            .await
            .map_err(db)?;
        let id: i64 = kolom(&row, 0)?;
        catat(
            &tx,
            instansi,
            aksi::PERNYATAAN_SAKSI,
            "pernyataan_saksi",
            id,
            None,
            Some(ke_json(p)?),
            jejak,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(PernyataanSaksiTersimpan {
            id,
            instansi_id: instansi,
            pernyataan: p.clone(),
            hash_daun: daun.hash,
            indeks_daun: indeks,
        })
    }

    pub(crate) async fn ttd_saksi(
        &self,
        instansi: InstansiId,
        ttd: TandaTanganId,
    ) -> StoreResult<Vec<PernyataanSaksiTersimpan>> {
        let c = self.klien().await?;
        baca_saksi(&c, instansi, "tanda_tangan_id = $2", &ttd.0).await
    }

    pub(crate) async fn ttd_saksi_by_daun(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<PernyataanSaksiTersimpan>> {
        let c = self.klien().await?;
        Ok(baca_saksi(&c, instansi, "hash_daun = $2", &&hash[..])
            .await?
            .into_iter()
            .next())
    }

    pub(crate) async fn ttd_berkas(
        &self,
        instansi: InstansiId,
        hash: &HashSha256,
    ) -> StoreResult<Option<Berkas>> {
        let c = self.klien().await?;
        let r = c
            .query_opt(
                "SELECT mime, nama, isi FROM berkas WHERE instansi_id = $1 AND hash = $2",
                &[&instansi.0, &hash.as_str()],
            )
            .await
            .map_err(db)?;
        r.map(|r| {
            Ok(Berkas {
                hash: hash.clone(),
                mime: kolom(&r, 0)?,
                nama: kolom(&r, 1)?,
                isi: kolom(&r, 2)?,
            })
        })
        .transpose()
    }

    pub(crate) async fn ttd_roster(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<netral_domain::pakta::PegawaiRingkas>> {
        let c = self.klien().await?;
        let leluhur = leluhur_unit(&pasangan_unit(&c, instansi).await?);
        let rows = c
            .query(
                "SELECT p.id, p.jenis, p.status, j.jenis, j.eselon, p.unit_id FROM pegawai p
                 LEFT JOIN jabatan j ON j.instansi_id = p.instansi_id AND j.id = p.jabatan_id
                 WHERE p.instansi_id = $1",
                &[&instansi.0],
            )
            .await
            .map_err(db)?;
        let (mut jenis, mut status) = (MemoKode::default(), MemoKode::default());
        let (mut jabatan, mut eselon) = (MemoKode::default(), MemoKode::default());
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(ringkas_roster(
                PegawaiId(kolom(r, 0)?),
                jenis
                    .parse(kolom::<&str>(r, 1)?, JenisPegawai::parse)
                    .map_err(rusak)?,
                status
                    .parse(kolom::<&str>(r, 2)?, StatusPegawai::parse)
                    .map_err(rusak)?,
                kolom::<Option<&str>>(r, 3)?
                    .map(|s| jabatan.parse(s, JenisJabatan::parse))
                    .transpose()
                    .map_err(rusak)?,
                kolom::<Option<&str>>(r, 4)?
                    .map(|s| eselon.parse(s, Eselon::parse))
                    .transpose()
                    .map_err(rusak)?,
                kolom::<Option<i64>>(r, 5)?.map(UnitId),
                &leluhur,
            ));
        }
        Ok(out)
    }

    pub(crate) async fn ttd_simpan_acara(
        &self,
        baru: &AcaraIkrarBaru,
        jejak: &Jejak,
    ) -> StoreResult<AcaraIkrar> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let instansi = baru.instansi_id;
        if let Some(p) = baru.pemilihan_id
            && tx
                .query_opt(
                    "SELECT 1 FROM pemilihan WHERE instansi_id = $1 AND id = $2",
                    &[&instansi.0, &p.0],
                )
                .await
                .map_err(db)?
                .is_none()
        {
            return Err(StoreError::TidakDitemukan("pemilihan".into()));
        }
        let row = tx
            .query_one(
                "INSERT INTO acara_ikrar (instansi_id, pemilihan_id, jenis, nama, tanggal, lokasi,
                                          hash_teks)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                &[
                    &instansi.0,
                    &baru.pemilihan_id.map(|p| p.0),
                    &baru.jenis.kode(),
                    &baru.nama,
                    &baru.tanggal,
                    &baru.lokasi,
                    &baru.hash_teks.as_ref().map(|h| h.as_str()),
                ],
            )
            .await
            .map_err(db)?;
        let a = AcaraIkrar {
            id: AcaraIkrarId(kolom(&row, 0)?),
            instansi_id: instansi,
            pemilihan_id: baru.pemilihan_id,
            jenis: baru.jenis,
            nama: baru.nama.clone(),
            tanggal: baru.tanggal,
            lokasi: baru.lokasi.clone(),
            hash_teks: baru.hash_teks.clone(),
        };
        catat(
            &tx,
            instansi,
            aksi::TAMBAH_ACARA_IKRAR,
            "acara_ikrar",
            a.id.0,
            None,
            Some(ke_json(&a)?),
            jejak,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(a)
    }

    pub(crate) async fn ttd_daftar_acara(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<AcaraIkrar>> {
        let c = self.klien().await?;
        baca_acara(&c, instansi, "", &[]).await
    }

    pub(crate) async fn ttd_catat_kehadiran(
        &self,
        instansi: InstansiId,
        hadir: &[KehadiranIkrar],
        jejak: &Jejak,
    ) -> StoreResult<u64> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let mut acara: Vec<i64> = hadir.iter().map(|k| k.acara_id.0).collect();
        acara.sort_unstable();
        acara.dedup();
        let ada = baca_acara(&tx, instansi, "AND id = ANY($2)", &[&acara]).await?;
        if ada.len() != acara.len() {
            return Err(StoreError::TidakDitemukan("acara ikrar".into()));
        }
        let mut pegawai: Vec<i64> = hadir.iter().map(|k| k.pegawai_id.0).collect();
        pegawai.sort_unstable();
        pegawai.dedup();
        let n: i64 = kolom(
            &tx.query_one(
                "SELECT COUNT(*) FROM pegawai WHERE instansi_id = $1 AND id = ANY($2)",
                &[&instansi.0, &pegawai],
            )
            .await
            .map_err(db)?,
            0,
        )?;
        if n != pegawai.len() as i64 {
            return Err(StoreError::TidakDitemukan("pegawai".into()));
        }
        // First record per (event, employee) wins, within the call and against stored rows.
        let unik = netral_domain::pakta::tanda_tangan::kehadiran_unik(hadir);
        let a: Vec<i64> = unik.iter().map(|k| k.acara_id.0).collect();
        let p: Vec<i64> = unik.iter().map(|k| k.pegawai_id.0).collect();
        let w: Vec<DateTime<Utc>> = unik.iter().map(|k| k.waktu).collect();
        let o: Vec<&str> = unik.iter().map(|k| k.dicatat_oleh.as_str()).collect();
        let rows = tx
            .query(
                "INSERT INTO kehadiran_ikrar (instansi_id, acara_id, pegawai_id, waktu, dicatat_oleh)
                 SELECT $1, * FROM UNNEST($2::bigint[], $3::bigint[], $4::timestamptz[], $5::text[])
                 ON CONFLICT DO NOTHING RETURNING acara_id",
                &[&instansi.0, &a, &p, &w, &o],
            )
            .await
            .map_err(db)?;
        let mut per_acara: std::collections::BTreeMap<i64, u64> = Default::default();
        for r in &rows {
            *per_acara.entry(kolom(r, 0)?).or_default() += 1;
        }
        for (id, n) in &per_acara {
            catat(
                &tx,
                instansi,
                aksi::KEHADIRAN_IKRAR,
                "acara_ikrar",
                *id,
                None,
                Some(format!("{{\"hadir_baru\":{n}}}")),
                jejak,
            )
            .await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(rows.len() as u64)
    }

    pub(crate) async fn ttd_kehadiran(
        &self,
        instansi: InstansiId,
        acara: AcaraIkrarId,
    ) -> StoreResult<Vec<KehadiranIkrar>> {
        let c = self.klien().await?;
        let rows = c
            .query(
                "SELECT pegawai_id, waktu, dicatat_oleh FROM kehadiran_ikrar
                 WHERE instansi_id = $1 AND acara_id = $2 ORDER BY waktu, pegawai_id",
                &[&instansi.0, &acara.0],
            )
            .await
            .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(KehadiranIkrar {
                    acara_id: acara,
                    pegawai_id: PegawaiId(kolom(r, 0)?),
                    waktu: kolom(r, 1)?,
                    dicatat_oleh: kolom(r, 2)?,
                })
            })
            .collect()
    }

    pub(crate) async fn ttd_simpan_otp(&self, otp: &OtpBaru) -> StoreResult<()> {
        let c = self.klien().await?;
        c.execute(
            "INSERT INTO otp (instansi_id, pegawai_id, kode_hash, dibuat, kedaluwarsa, maks_coba)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &otp.instansi_id.0,
                &otp.pegawai_id.0,
                &otp.kode_hash,
                &otp.dibuat,
                &otp.kedaluwarsa,
                &i64::from(otp.maks_coba),
            ],
        )
        .await
        .map_err(db)?;
        Ok(())
    }

    pub(crate) async fn ttd_pakai_otp(
        &self,
        instansi: InstansiId,
        pegawai: PegawaiId,
        kode_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<HasilOtp> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let hidup = tx
            .query_opt(
                "SELECT id, kode_hash, maks_coba, coba FROM otp
                 WHERE instansi_id = $1 AND pegawai_id = $2 AND dipakai IS NULL
                   AND kedaluwarsa > $3 AND coba < maks_coba
                 ORDER BY id DESC LIMIT 1 FOR UPDATE",
                &[&instansi.0, &pegawai.0, &now],
            )
            .await
            .map_err(db)?;
        let Some(r) = hidup else {
            return Ok(HasilOtp::TidakAda);
        };
        let (id, hash, maks, coba): (i64, String, i64, i64) =
            (kolom(&r, 0)?, kolom(&r, 1)?, kolom(&r, 2)?, kolom(&r, 3)?);
        let hasil = if hash == kode_hash {
            tx.execute(
                "UPDATE otp SET dipakai = $3 WHERE instansi_id = $1 AND id = $2",
                &[&instansi.0, &id, &now],
            )
            .await
            .map_err(db)?;
            HasilOtp::Cocok
        } else {
            tx.execute(
                "UPDATE otp SET coba = coba + 1 WHERE instansi_id = $1 AND id = $2",
                &[&instansi.0, &id],
            )
            .await
            .map_err(db)?;
            HasilOtp::Salah {
                sisa: u32_dari((maks - coba - 1).max(0))?,
            }
        };
        tx.commit().await.map_err(db)?;
        Ok(hasil)
    }

    pub(crate) async fn ttd_simpan_tautan(&self, t: &TautanTtd) -> StoreResult<()> {
        let c = self.klien().await?;
        c.execute(
            "INSERT INTO tautan_ttd (token_hash, instansi_id, pegawai_id, kampanye_id, dibuat,
                                     kedaluwarsa)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &t.token_hash,
                &t.instansi_id.0,
                &t.pegawai_id.0,
                &t.kampanye_id.0,
                &t.dibuat,
                &t.kedaluwarsa,
            ],
        )
        .await
        .map_err(db)?;
        Ok(())
    }

    pub(crate) async fn ttd_tautan(&self, token_hash: &str) -> StoreResult<Option<TautanTtd>> {
        let c = self.klien().await?;
        let r = c
            .query_opt(
                "SELECT instansi_id, pegawai_id, kampanye_id, dibuat, kedaluwarsa FROM tautan_ttd
                 WHERE token_hash = $1",
                &[&token_hash],
            )
            .await
            .map_err(db)?;
        r.map(|r| {
            Ok(TautanTtd {
                token_hash: token_hash.to_string(),
                instansi_id: InstansiId(kolom(&r, 0)?),
                pegawai_id: PegawaiId(kolom(&r, 1)?),
                kampanye_id: netral_store::pakta::KampanyeId(kolom(&r, 2)?),
                dibuat: kolom(&r, 3)?,
                kedaluwarsa: kolom(&r, 4)?,
            })
        })
        .transpose()
    }

    pub(crate) async fn ttd_antre(&self, pesan: &[NotifikasiBaru]) -> StoreResult<Vec<i64>> {
        if pesan.is_empty() {
            return Ok(Vec::new());
        }
        let c = self.klien().await?;
        let urutan: Vec<i64> = (0..pesan.len() as i64).collect();
        let instansi: Vec<i64> = pesan.iter().map(|n| n.instansi_id.0).collect();
        let pegawai: Vec<Option<i64>> = pesan.iter().map(|n| n.pegawai_id.map(|p| p.0)).collect();
        let saluran: Vec<&str> = pesan.iter().map(|n| n.saluran.as_str()).collect();
        let tujuan: Vec<&str> = pesan.iter().map(|n| n.tujuan.as_str()).collect();
        let subjek: Vec<&str> = pesan.iter().map(|n| n.subjek.as_str()).collect();
        let isi: Vec<&str> = pesan.iter().map(|n| n.isi.as_str()).collect();
        let dibuat: Vec<DateTime<Utc>> = pesan.iter().map(|n| n.dibuat).collect();
        let kirim: Vec<DateTime<Utc>> = pesan.iter().map(|n| n.kirim_setelah).collect();
        // Inserted in input order (ORDER BY the array position), so ids ascend with it.
        let rows = c
            .query(
                "INSERT INTO notifikasi (instansi_id, pegawai_id, saluran, tujuan, subjek, isi,
                                         dibuat, kirim_setelah, status)
                 SELECT i, p, s, t, j, x, d, k, 'ANTRE'
                 FROM UNNEST($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                             $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])
                      AS u(n, i, p, s, t, j, x, d, k)
                 ORDER BY n
                 RETURNING id",
                &[
                    &urutan, &instansi, &pegawai, &saluran, &tujuan, &subjek, &isi, &dibuat, &kirim,
                ],
            )
            .await
            .map_err(db)?;
        let mut ids = rows
            .iter()
            .map(|r| kolom::<i64>(r, 0))
            .collect::<StoreResult<Vec<_>>>()?;
        ids.sort_unstable();
        Ok(ids)
    }

    pub(crate) async fn ttd_ambil_notifikasi(
        &self,
        now: DateTime<Utc>,
        sewa_sampai: DateTime<Utc>,
        batas: usize,
    ) -> StoreResult<Vec<Notifikasi>> {
        let c = self.klien().await?;
        let batas = i64::try_from(batas).unwrap_or(i64::MAX);
        let rows = c
            .query(
                &format!(
                    "UPDATE notifikasi SET sewa_sampai = $2
                     WHERE id IN (
                         SELECT id FROM notifikasi
                         WHERE status = 'ANTRE' AND kirim_setelah <= $1
                           AND (sewa_sampai IS NULL OR sewa_sampai <= $1)
                         ORDER BY kirim_setelah, id LIMIT $3
                         FOR UPDATE SKIP LOCKED)
                     RETURNING {KOLOM_NOTIF}"
                ),
                &[&now, &sewa_sampai, &batas],
            )
            .await
            .map_err(db)?;
        let mut daftar = rows.iter().map(notif).collect::<StoreResult<Vec<_>>>()?;
        daftar.sort_by_key(|n| (n.baru.kirim_setelah, n.id));
        Ok(daftar)
    }

    pub(crate) async fn ttd_selesai_notifikasi(
        &self,
        id: i64,
        hasil: &HasilKirim,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let c = self.klien().await?;
        let n = match hasil {
            HasilKirim::Terkirim => {
                c.execute(
                    "UPDATE notifikasi SET status = 'TERKIRIM', terkirim = $2, sewa_sampai = NULL
                     WHERE id = $1",
                    &[&id, &now],
                )
                .await
            }
            HasilKirim::Gagal { galat, coba_lagi } => {
                let status = if coba_lagi.is_some() {
                    "ANTRE"
                } else {
                    "GAGAL"
                };
                c.execute(
                    "UPDATE notifikasi SET percobaan = percobaan + 1, galat_terakhir = $2,
                            sewa_sampai = NULL, status = $3,
                            kirim_setelah = COALESCE($4, kirim_setelah)
                     WHERE id = $1",
                    &[&id, galat, &status, coba_lagi],
                )
                .await
            }
        }
        .map_err(db)?;
        if n == 0 {
            return Err(StoreError::TidakDitemukan("notifikasi".into()));
        }
        Ok(())
    }

    pub(crate) async fn ttd_daftar_notifikasi(
        &self,
        instansi: InstansiId,
        halaman: Halaman,
    ) -> StoreResult<(Vec<Notifikasi>, u64)> {
        let c = self.klien().await?;
        let total: i64 = kolom(
            &c.query_one(
                "SELECT COUNT(*) FROM notifikasi WHERE instansi_id = $1",
                &[&instansi.0],
            )
            .await
            .map_err(db)?,
            0,
        )?;
        let rows = c
            .query(
                &format!(
                    "SELECT {KOLOM_NOTIF} FROM notifikasi WHERE instansi_id = $1
                     ORDER BY id DESC LIMIT $2 OFFSET $3"
                ),
                &[
                    &instansi.0,
                    &i64::from(halaman.ukuran),
                    &ke_i64(halaman.offset())?,
                ],
            )
            .await
            .map_err(db)?;
        Ok((
            rows.iter().map(notif).collect::<StoreResult<_>>()?,
            ke_u64(total)?,
        ))
    }
}
