//! Signing on SQLite (migration `0005_ttd.sql`): signatures with their log leaf, witness
//! statements, revocations, evidence files, ikrar attendance, one-time codes, personal
//! links and the notification outbox.
//!
//! Writes run in the single writer's IMMEDIATE transaction, so the checks of a batch item
//! and its writes cannot interleave with another writer. Each accepted item writes inside
//! its own savepoint (row, roster, evidence, leaf), so an item that still fails leaves
//! nothing behind while the others commit.

use std::borrow::Cow;
use std::collections::HashMap;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use netral_domain::pakta::Saksi;
use netral_store::log::{ke_hash, ke_i64, ke_u64};
use netral_store::ttd::*;
use netral_store::*;

use crate::log::{PenambahDaun, tambah_daun_dalam_tx};
use crate::pakta::catat;
use crate::{SqliteStore, db, kode, parse_waktu, waktu};

fn rusak(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("data tanda tangan tersimpan tidak terbaca: {e}"))
}

fn hash_teks(s: &str) -> StoreResult<HashSha256> {
    HashSha256::parse(s).map_err(rusak)
}

fn ke_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

fn id_berikut(c: &Connection, tabel: &str, instansi: InstansiId) -> StoreResult<i64> {
    c.prepare_cached(&format!(
        "SELECT COALESCE(MAX(id), 0) + 1 FROM {tabel} WHERE instansi_id = ?1"
    ))
    .map_err(db)?
    .query_row([instansi.0], |r| r.get(0))
    .map_err(db)
}

fn u32_dari(x: i64) -> StoreResult<u32> {
    u32::try_from(x).map_err(rusak)
}

// --- signatures -----------------------------------------------------------------------

const KOLOM_TTD: &str = "id, template_id, template_versi, hash_isi, pegawai_id, kampanye_id, \
     waktu, metode, lokasi, bukti_hash, mewakili_unit_id, mandat_hash, rekaman, hash_daun, \
     indeks_daun, kunci_idempoten, batal_waktu, batal_alasan, batal_oleh, hash_daun_batal, \
     indeks_daun_batal";

/// What a read selects after [`KOLOM_TTD`]: where the pact text goes back into the record
/// and the text itself (migration 0006).
const KOLOM_SISIP: &str = "rekaman_sisip, (SELECT isi FROM rekaman_templat r \
     WHERE r.instansi_id = tanda_tangan.instansi_id AND r.hash = tanda_tangan.rekaman_templat)";

/// A raw `tanda_tangan` row: [`KOLOM_TTD`], then [`KOLOM_SISIP`].
struct BarisTtd {
    id: i64,
    template_id: i64,
    versi: i64,
    hash_isi: String,
    pegawai_id: i64,
    kampanye_id: Option<i64>,
    waktu: String,
    metode: MetodeTandaTangan,
    lokasi: Option<String>,
    bukti_hash: Option<String>,
    mewakili_unit_id: Option<i64>,
    mandat_hash: Option<String>,
    rekaman: Vec<u8>,
    hash_daun: Vec<u8>,
    indeks_daun: i64,
    kunci: Option<String>,
    batal_waktu: Option<String>,
    batal_alasan: Option<String>,
    batal_oleh: Option<String>,
    hash_daun_batal: Option<Vec<u8>>,
    indeks_daun_batal: Option<i64>,
    rekaman_sisip: Option<i64>,
    rekaman_templat: Option<Vec<u8>>,
}

fn baris_ttd(r: &rusqlite::Row<'_>) -> rusqlite::Result<BarisTtd> {
    Ok(BarisTtd {
        id: r.get(0)?,
        template_id: r.get(1)?,
        versi: r.get(2)?,
        hash_isi: r.get(3)?,
        pegawai_id: r.get(4)?,
        kampanye_id: r.get(5)?,
        waktu: r.get(6)?,
        metode: kode(r.get(7)?, MetodeTandaTangan::parse)?,
        lokasi: r.get(8)?,
        bukti_hash: r.get(9)?,
        mewakili_unit_id: r.get(10)?,
        mandat_hash: r.get(11)?,
        rekaman: r.get(12)?,
        hash_daun: r.get(13)?,
        indeks_daun: r.get(14)?,
        kunci: r.get(15)?,
        batal_waktu: r.get(16)?,
        batal_alasan: r.get(17)?,
        batal_oleh: r.get(18)?,
        hash_daun_batal: r.get(19)?,
        indeks_daun_batal: r.get(20)?,
        rekaman_sisip: r.get(21)?,
        rekaman_templat: r.get(22)?,
    })
}

fn mewakili(c: &Connection, instansi: InstansiId, id: i64) -> StoreResult<Vec<PegawaiId>> {
    let mut st = c
        .prepare_cached(
            "SELECT pegawai_id FROM tanda_tangan_mewakili
             WHERE instansi_id = ?1 AND tanda_tangan_id = ?2 ORDER BY urutan",
        )
        .map_err(db)?;
    let rows = st
        .query_map(params![instansi.0, id], |r| r.get::<_, i64>(0))
        .map_err(db)?;
    rows.map(|r| r.map(PegawaiId).map_err(db)).collect()
}

fn ttd_dari(
    c: &Connection,
    instansi: InstansiId,
    b: BarisTtd,
) -> StoreResult<TandaTanganTersimpan> {
    let daftar = if b.metode == MetodeTandaTangan::Perwakilan {
        mewakili(c, instansi, b.id)?
    } else {
        Vec::new()
    };
    let pembatalan = match (b.batal_waktu, b.batal_alasan, b.batal_oleh) {
        (Some(w), Some(alasan), Some(oleh)) => Some(Pembatalan {
            waktu: parse_waktu(&w).map_err(db)?,
            alasan,
            oleh,
        }),
        _ => None,
    };
    let hash_daun = ke_hash(&b.hash_daun)?;
    let rekaman =
        netral_store::ttd::rekaman_utuh(b.rekaman, b.rekaman_sisip, b.rekaman_templat.as_deref())
            .map_err(|e| rusak(format!("{e} (tanda tangan {})", b.id)))?;
    Ok(TandaTanganTersimpan {
        instansi_id: instansi,
        ttd: TandaTanganPakta {
            id: TandaTanganId(b.id),
            data: TandaTanganBaru {
                template_id: TemplateId(b.template_id),
                template_versi: u32_dari(b.versi)?,
                hash_isi: hash_teks(&b.hash_isi)?,
                pegawai_id: PegawaiId(b.pegawai_id),
                kampanye_id: b.kampanye_id.map(netral_store::pakta::KampanyeId),
                waktu: parse_waktu(&b.waktu).map_err(db)?,
                metode: b.metode,
                lokasi: b.lokasi,
                bukti_hash: b.bukti_hash.as_deref().map(hash_teks).transpose()?,
                mewakili_unit_id: b.mewakili_unit_id.map(UnitId),
                mewakili: daftar,
                mandat_hash: b.mandat_hash.as_deref().map(hash_teks).transpose()?,
            },
            hash_daun: Some(hash_hex(&hash_daun)),
            pembatalan,
        },
        rekaman,
        indeks_daun: ke_u64(b.indeks_daun)?,
        hash_daun_batal: b.hash_daun_batal.as_deref().map(ke_hash).transpose()?,
        indeks_daun_batal: b.indeks_daun_batal.map(ke_u64).transpose()?,
        kunci_idempoten: b.kunci,
    })
}

/// One signature by a condition on the row (`?1` is the instansi, `?2` the value).
fn ttd_satu(
    c: &Connection,
    instansi: InstansiId,
    syarat: &str,
    nilai: &dyn rusqlite::ToSql,
) -> StoreResult<Option<TandaTanganTersimpan>> {
    let b = c
        .prepare_cached(&format!(
            "SELECT {KOLOM_TTD}, {KOLOM_SISIP} FROM tanda_tangan WHERE instansi_id = ?1 AND {syarat}"
        ))
        .map_err(db)?
        .query_row(params![instansi.0, nilai], baris_ttd)
        .optional()
        .map_err(db)?;
    b.map(|b| ttd_dari(c, instansi, b)).transpose()
}

/// Looks up what [`periksa_masuk`] needs about one item.
fn fakta(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    m: &TandaTanganMasuk,
    templat: &mut HashMap<i64, Option<(i64, String, bool)>>,
    cek_daun: bool,
) -> StoreResult<FaktaTtd> {
    let d = &m.data;
    let mut status = tx
        .prepare_cached("SELECT status FROM pegawai WHERE instansi_id = ?1 AND id = ?2")
        .map_err(db)?;
    let status_pegawai = status
        .query_row(params![instansi.0, d.pegawai_id.0], |r| {
            kode(r.get(0)?, StatusPegawai::parse)
        })
        .optional()
        .map_err(db)?;
    let mut mewakili_asing = None;
    for p in &d.mewakili {
        let ada = status
            .query_row(params![instansi.0, p.0], |_| Ok(()))
            .optional()
            .map_err(db)?;
        if ada.is_none() {
            mewakili_asing = Some(*p);
            break;
        }
    }
    let t = match templat.get(&d.template_id.0) {
        Some(t) => t.clone(),
        None => {
            let t = tx
                .prepare_cached(
                    "SELECT versi, hash_isi, tgl_sah IS NOT NULL FROM pakta_templat
                     WHERE instansi_id = ?1 AND id = ?2",
                )
                .map_err(db)?
                .query_row(params![instansi.0, d.template_id.0], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()
                .map_err(db)?;
            templat.insert(d.template_id.0, t.clone());
            t
        }
    };
    let templat_sah = t.is_some_and(|(versi, hash, sah)| {
        sah && versi == i64::from(d.template_versi) && hash == d.hash_isi.as_str()
    });
    let aktif = tx
        .prepare_cached(
            "SELECT id FROM tanda_tangan WHERE instansi_id = ?1 AND template_id = ?2
             AND template_versi = ?3 AND pegawai_id = ?4 AND batal_waktu IS NULL",
        )
        .map_err(db)?
        .query_row(
            params![
                instansi.0,
                d.template_id.0,
                i64::from(d.template_versi),
                d.pegawai_id.0
            ],
            |r| r.get::<_, i64>(0),
        )
        .optional()
        .map_err(db)?
        .map(TandaTanganId);
    Ok(FaktaTtd {
        status_pegawai,
        mewakili_asing,
        templat_sah,
        aktif,
        // The leaf commits to the whole record (employee, time, key...), so a leaf already
        // in the log is a replay the checks above refuse first; the fast path leaves it to
        // the unique index (a refusal there reruns the batch with `cek_daun`).
        daun_ada: cek_daun && daun_ada(tx, instansi, &m.daun.hash)?,
    })
}

fn daun_ada(c: &Connection, instansi: InstansiId, hash: &Hash32) -> StoreResult<bool> {
    Ok(
        c.prepare_cached("SELECT 1 FROM log_daun WHERE instansi_id = ?1 AND hash = ?2")
            .map_err(db)?
            .query_row(params![instansi.0, &hash[..]], |_| Ok(()))
            .optional()
            .map_err(db)?
            .is_some(),
    )
}

/// Writes one checked item (row, roster, evidence, leaf) and returns it as stored.
fn tulis_ttd(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    id: i64,
    m: &TandaTanganMasuk,
    log: &mut PenambahDaun,
) -> StoreResult<TandaTanganTersimpan> {
    let indeks = log.tambah(tx, &m.daun)?;
    let d = &m.data;
    // The pact text once per template (migration 0006), the rest in the row.
    let (rekaman, sisip, templat) = match netral_store::ttd::potong_rekaman(&m.rekaman) {
        Some(p) => {
            tx.prepare_cached(
                "INSERT INTO rekaman_templat (instansi_id, hash, isi) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
            )
            .map_err(db)?
            .execute(params![instansi.0, &p.hash[..], p.teks])
            .map_err(db)?;
            (
                Cow::Owned(p.sisa),
                Some(ke_i64(p.sisip as u64)?),
                Some(p.hash),
            )
        }
        None => (Cow::Borrowed(m.rekaman.as_slice()), None, None),
    };
    tx.prepare_cached(&format!(
        "INSERT INTO tanda_tangan (instansi_id, {KOLOM_TTD}, rekaman_sisip, rekaman_templat)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 NULL, NULL, NULL, NULL, NULL, ?18, ?19)"
    ))
    .map_err(db)?
    .execute(params![
        instansi.0,
        id,
        d.template_id.0,
        i64::from(d.template_versi),
        d.hash_isi.as_str(),
        d.pegawai_id.0,
        d.kampanye_id.map(|k| k.0),
        waktu(d.waktu),
        d.metode.kode(),
        d.lokasi,
        d.bukti_hash.as_ref().map(|h| h.as_str()),
        d.mewakili_unit_id.map(|u| u.0),
        d.mandat_hash.as_ref().map(|h| h.as_str()),
        rekaman.as_ref(),
        &m.daun.hash[..],
        ke_i64(indeks)?,
        m.kunci_idempoten,
        sisip,
        templat,
    ])
    .map_err(db)?;
    if !d.mewakili.is_empty() {
        let mut st = tx
            .prepare_cached(
                "INSERT INTO tanda_tangan_mewakili (instansi_id, tanda_tangan_id, urutan, pegawai_id)
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(db)?;
        for (i, p) in d.mewakili.iter().enumerate() {
            st.execute(params![instansi.0, id, i as i64, p.0])
                .map_err(db)?;
        }
    }
    if !m.berkas.is_empty() {
        let mut st = tx
            .prepare_cached(
                "INSERT INTO berkas (instansi_id, hash, mime, nama, isi) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT DO NOTHING",
            )
            .map_err(db)?;
        for b in &m.berkas {
            st.execute(params![instansi.0, b.hash.as_str(), b.mime, b.nama, b.isi])
                .map_err(db)?;
        }
    }
    Ok(TandaTanganTersimpan {
        instansi_id: instansi,
        ttd: TandaTanganPakta {
            id: TandaTanganId(id),
            data: d.clone(),
            hash_daun: Some(hash_hex(&m.daun.hash)),
            pembatalan: None,
        },
        rekaman: m.rekaman.clone(),
        indeks_daun: indeks,
        hash_daun_batal: None,
        indeks_daun_batal: None,
        kunci_idempoten: m.kunci_idempoten.clone(),
    })
}

/// Writes one signing batch. Each item is checked first ([`fakta`] sees the items already
/// written in this transaction, so duplicates inside the batch are refused like any other),
/// so a write is not expected to fail. With `jaga` every item also runs in its own
/// savepoint and an unexpected constraint refusal rejects only that item; without it (the
/// fast path: a savepoint copies every touched page to the statement journal) such a
/// refusal fails the whole transaction and [`SqliteStore::ttd_simpan`] runs the batch again
/// with `jaga`.
fn simpan_batch(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    batch: &[TandaTanganMasuk],
    jaga: bool,
) -> StoreResult<Vec<HasilTtd>> {
    let mut templat = HashMap::new();
    let mut id = id_berikut(tx, "tanda_tangan", instansi)?;
    let mut log = PenambahDaun::mulai(tx, instansi)?;
    let mut out = Vec::with_capacity(batch.len());
    for m in batch {
        if let Some(k) = &m.kunci_idempoten
            && let Some(t) = ttd_satu(tx, instansi, "kunci_idempoten = ?2", k)?
        {
            out.push(HasilTtd::Ulang(Box::new(t)));
            continue;
        }
        if let Err(t) = periksa_masuk(m, &fakta(tx, instansi, m, &mut templat, jaga)?) {
            out.push(HasilTtd::Ditolak(t));
            continue;
        }
        if !jaga {
            out.push(HasilTtd::Baru(Box::new(tulis_ttd(
                tx, instansi, id, m, &mut log,
            )?)));
            id += 1;
            continue;
        }
        let urut = log.urut;
        jalankan(tx, "SAVEPOINT ttd_item")?;
        match tulis_ttd(tx, instansi, id, m, &mut log) {
            Ok(t) => {
                id += 1;
                out.push(HasilTtd::Baru(Box::new(t)));
            }
            Err(StoreError::Konflik(e)) => {
                jalankan(tx, "ROLLBACK TO ttd_item")?;
                log.urut = urut;
                out.push(HasilTtd::Ditolak(TolakTtd::Lain(e)));
            }
            Err(e) => return Err(e),
        }
        jalankan(tx, "RELEASE ttd_item")?;
    }
    log.selesai(tx)?;
    Ok(out)
}

fn jalankan(tx: &Transaction<'_>, sql: &str) -> StoreResult<()> {
    tx.prepare_cached(sql)
        .map_err(db)?
        .execute([])
        .map_err(db)?;
    Ok(())
}

/// Appends a leaf that must be new to the log (a revocation or statement leaf).
fn tambah_daun_baru(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    daun: &DaunBaru,
) -> StoreResult<u64> {
    if daun_ada(tx, instansi, &daun.hash)? {
        return Err(StoreError::Konflik(
            "daun log ini sudah tercatat sebelumnya".into(),
        ));
    }
    tambah_daun_dalam_tx(tx, instansi, daun)
}

fn batalkan_tx(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    id: TandaTanganId,
    p: &Pembatalan,
    daun: &DaunBaru,
    jejak: &Jejak,
) -> StoreResult<TandaTanganTersimpan> {
    let lama = ttd_satu(tx, instansi, "id = ?2", &id.0)?
        .ok_or_else(|| StoreError::TidakDitemukan("tanda tangan".into()))?;
    if lama.ttd.pembatalan.is_some() {
        return Err(StoreError::Konflik(
            "tanda tangan ini sudah dibatalkan".into(),
        ));
    }
    let indeks = tambah_daun_baru(tx, instansi, daun)?;
    tx.execute(
        "UPDATE tanda_tangan SET batal_waktu = ?3, batal_alasan = ?4, batal_oleh = ?5,
                hash_daun_batal = ?6, indeks_daun_batal = ?7
         WHERE instansi_id = ?1 AND id = ?2",
        params![
            instansi.0,
            id.0,
            waktu(p.waktu),
            p.alasan,
            p.oleh,
            &daun.hash[..],
            ke_i64(indeks)?
        ],
    )
    .map_err(db)?;
    catat(
        tx,
        instansi,
        aksi::BATALKAN_TANDA_TANGAN,
        "tanda_tangan",
        id.0,
        None,
        Some(ke_json(p)?),
        jejak,
    )?;
    let mut t = lama;
    t.ttd.pembatalan = Some(p.clone());
    t.hash_daun_batal = Some(daun.hash);
    t.indeks_daun_batal = Some(indeks);
    Ok(t)
}

fn filter_sql(
    c: &Connection,
    instansi: InstansiId,
    f: &FilterTtd,
) -> StoreResult<(String, Vec<Box<dyn rusqlite::ToSql>>)> {
    let mut syarat = String::from("instansi_id = ?1");
    let mut p: Vec<Box<dyn rusqlite::ToSql>> = vec![Box::new(instansi.0)];
    let mut tambah = |s: &str, v: Box<dyn rusqlite::ToSql>, p: &mut Vec<_>| {
        p.push(v);
        syarat.push_str(&format!(" AND {s} ?{}", p.len()));
    };
    if let Some(t) = f.template_id {
        tambah("template_id =", Box::new(t.0), &mut p);
    }
    if let Some(v) = f.template_versi {
        tambah("template_versi =", Box::new(i64::from(v)), &mut p);
    }
    if let Some(m) = f.metode {
        tambah("metode =", Box::new(m.kode()), &mut p);
    }
    if let Some(pg) = f.pegawai {
        tambah("pegawai_id =", Box::new(pg.0), &mut p);
    }
    match f.aktif {
        Some(true) => syarat.push_str(" AND batal_waktu IS NULL"),
        Some(false) => syarat.push_str(" AND batal_waktu IS NOT NULL"),
        None => {}
    }
    if let Some(u) = f.unit {
        let ids = leluhur_unit(&semua_unit(c, instansi)?)
            .into_iter()
            .filter(|(_, l)| l.contains(&u))
            .map(|(id, _)| id.0.to_string())
            .collect::<Vec<_>>()
            .join(",");
        syarat.push_str(&format!(
            " AND pegawai_id IN (SELECT id FROM pegawai WHERE instansi_id = ?1 AND unit_id IN ({ids}))"
        ));
    }
    Ok((syarat, p))
}

fn semua_unit(c: &Connection, instansi: InstansiId) -> StoreResult<Vec<(UnitId, Option<UnitId>)>> {
    let mut st = c
        .prepare_cached("SELECT id, induk_id FROM unit_kerja WHERE instansi_id = ?1")
        .map_err(db)?;
    let rows = st
        .query_map([instansi.0], |r| {
            Ok((UnitId(r.get(0)?), r.get::<_, Option<i64>>(1)?.map(UnitId)))
        })
        .map_err(db)?;
    rows.map(|r| r.map_err(db)).collect()
}

fn roster(
    c: &Connection,
    instansi: InstansiId,
) -> StoreResult<Vec<netral_domain::pakta::PegawaiRingkas>> {
    let leluhur = leluhur_unit(&semua_unit(c, instansi)?);
    let mut st = c
        .prepare_cached(
            "SELECT p.id, p.jenis, p.status, j.jenis, j.eselon, p.unit_id FROM pegawai p
             LEFT JOIN jabatan j ON j.instansi_id = p.instansi_id AND j.id = p.jabatan_id
             WHERE p.instansi_id = ?1",
        )
        .map_err(db)?;
    let (mut jenis, mut status) = (MemoKode::default(), MemoKode::default());
    let (mut jabatan, mut eselon) = (MemoKode::default(), MemoKode::default());
    let mut rows = st.query([instansi.0]).map_err(db)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(db)? {
        let teks = |i: usize| -> StoreResult<Option<&str>> {
            r.get_ref(i)
                .and_then(|v| v.as_str_or_null().map_err(Into::into))
                .map_err(db)
        };
        let wajib = |i: usize| teks(i)?.ok_or_else(|| rusak(format!("kolom {i} kosong")));
        out.push(ringkas_roster(
            PegawaiId(r.get(0).map_err(db)?),
            jenis.parse(wajib(1)?, JenisPegawai::parse).map_err(rusak)?,
            status
                .parse(wajib(2)?, StatusPegawai::parse)
                .map_err(rusak)?,
            teks(3)?
                .map(|s| jabatan.parse(s, JenisJabatan::parse))
                .transpose()
                .map_err(rusak)?,
            teks(4)?
                .map(|s| eselon.parse(s, Eselon::parse))
                .transpose()
                .map_err(rusak)?,
            r.get::<_, Option<i64>>(5).map_err(db)?.map(UnitId),
            &leluhur,
        ));
    }
    Ok(out)
}

// --- witness statements ---------------------------------------------------------------

const KOLOM_SAKSI: &str = "id, tanda_tangan_id, hash_ttd, nama, jabatan, saksi_instansi, \
     saksi_pegawai_id, waktu, metode, lokasi, hash_daun, indeks_daun";

type BarisSaksi = (
    i64,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    String,
    String,
    Option<String>,
    Vec<u8>,
    i64,
);

fn baca_saksi(
    c: &Connection,
    instansi: InstansiId,
    syarat: &str,
    nilai: &dyn rusqlite::ToSql,
) -> StoreResult<Vec<PernyataanSaksiTersimpan>> {
    let mut st = c
        .prepare_cached(&format!(
            "SELECT {KOLOM_SAKSI} FROM pernyataan_saksi WHERE instansi_id = ?1 AND {syarat}
             ORDER BY id"
        ))
        .map_err(db)?;
    let rows = st
        .query_map(params![instansi.0, nilai], |r| BarisSaksi::try_from(r))
        .map_err(db)?
        .collect::<Result<Vec<BarisSaksi>, _>>()
        .map_err(db)?;
    rows.into_iter()
        .map(|b| {
            let (id, ttd, hash_ttd, nama, jabatan, si, sp, w, metode, lokasi, hd, idx) = b;
            Ok(PernyataanSaksiTersimpan {
                id,
                instansi_id: instansi,
                pernyataan: PernyataanSaksi {
                    tanda_tangan_id: TandaTanganId(ttd),
                    hash_daun: hash_teks(&hash_ttd)?,
                    saksi: Saksi {
                        nama,
                        jabatan,
                        instansi: si,
                        pegawai_id: sp.map(PegawaiId),
                    },
                    waktu: parse_waktu(&w).map_err(db)?,
                    metode: MetodeTandaTangan::parse(&metode).map_err(rusak)?,
                    lokasi,
                },
                hash_daun: ke_hash(&hd)?,
                indeks_daun: ke_u64(idx)?,
            })
        })
        .collect()
}

fn simpan_saksi_tx(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    p: &PernyataanSaksi,
    daun: &DaunBaru,
    jejak: &Jejak,
) -> StoreResult<PernyataanSaksiTersimpan> {
    let t = ttd_satu(tx, instansi, "id = ?2", &p.tanda_tangan_id.0)?
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
    let indeks = tambah_daun_baru(tx, instansi, daun)?;
    let id = id_berikut(tx, "pernyataan_saksi", instansi)?;
    tx.execute(
        &format!(
            "INSERT INTO pernyataan_saksi (instansi_id, {KOLOM_SAKSI})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
        ),
        params![
            instansi.0,
            id,
            p.tanda_tangan_id.0,
            p.hash_daun.as_str(),
            p.saksi.nama,
            p.saksi.jabatan,
            p.saksi.instansi,
            p.saksi.pegawai_id.map(|x| x.0),
            waktu(p.waktu),
            p.metode.kode(),
            p.lokasi,
            &daun.hash[..],
            ke_i64(indeks)?,
        ],
    )
    .map_err(db)?;
    catat(
        tx,
        instansi,
        aksi::PERNYATAAN_SAKSI,
        "pernyataan_saksi",
        id,
        None,
        Some(ke_json(p)?),
        jejak,
    )?;
    Ok(PernyataanSaksiTersimpan {
        id,
        instansi_id: instansi,
        pernyataan: p.clone(),
        hash_daun: daun.hash,
        indeks_daun: indeks,
    })
}

// --- ikrar ----------------------------------------------------------------------------

fn baca_acara(
    c: &Connection,
    instansi: InstansiId,
    syarat: &str,
    nilai: &[&dyn rusqlite::ToSql],
) -> StoreResult<Vec<AcaraIkrar>> {
    let mut st = c
        .prepare_cached(&format!(
            "SELECT id, pemilihan_id, jenis, nama, tanggal, lokasi, hash_teks FROM acara_ikrar
             WHERE instansi_id = ?1 {syarat} ORDER BY tanggal, id"
        ))
        .map_err(db)?;
    let mut p: Vec<&dyn rusqlite::ToSql> = vec![&instansi.0];
    p.extend_from_slice(nilai);
    let rows = st
        .query_map(p.as_slice(), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                kode(r.get(2)?, JenisAcaraIkrar::parse)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })
        .map_err(db)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db)?;
    rows.into_iter()
        .map(|(id, pem, jenis, nama, tgl, lokasi, hash)| {
            Ok(AcaraIkrar {
                id: AcaraIkrarId(id),
                instansi_id: instansi,
                pemilihan_id: pem.map(netral_store::pakta::PemilihanId),
                jenis,
                nama,
                tanggal: NaiveDate::from_str(&tgl).map_err(rusak)?,
                lokasi,
                hash_teks: hash.as_deref().map(hash_teks).transpose()?,
            })
        })
        .collect()
}

fn kehadiran_tx(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    hadir: &[KehadiranIkrar],
    jejak: &Jejak,
) -> StoreResult<u64> {
    let mut per_acara: HashMap<AcaraIkrarId, u64> = HashMap::new();
    for k in hadir {
        if baca_acara(tx, instansi, "AND id = ?2", &[&k.acara_id.0])?.is_empty() {
            return Err(StoreError::TidakDitemukan("acara ikrar".into()));
        }
        let ada = tx
            .prepare_cached("SELECT 1 FROM pegawai WHERE instansi_id = ?1 AND id = ?2")
            .map_err(db)?
            .query_row(params![instansi.0, k.pegawai_id.0], |_| Ok(()))
            .optional()
            .map_err(db)?;
        if ada.is_none() {
            return Err(StoreError::TidakDitemukan(format!(
                "pegawai {}",
                k.pegawai_id
            )));
        }
        let n = tx
            .prepare_cached(
                "INSERT INTO kehadiran_ikrar (instansi_id, acara_id, pegawai_id, waktu, dicatat_oleh)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            )
            .map_err(db)?
            .execute(params![
                instansi.0,
                k.acara_id.0,
                k.pegawai_id.0,
                waktu(k.waktu),
                k.dicatat_oleh
            ])
            .map_err(db)?;
        *per_acara.entry(k.acara_id).or_default() += n as u64;
    }
    let mut total = 0;
    let mut acara: Vec<_> = per_acara.into_iter().filter(|(_, n)| *n > 0).collect();
    acara.sort();
    for (a, n) in acara {
        total += n;
        catat(
            tx,
            instansi,
            aksi::KEHADIRAN_IKRAR,
            "acara_ikrar",
            a.0,
            None,
            Some(format!("{{\"hadir_baru\":{n}}}")),
            jejak,
        )?;
    }
    Ok(total)
}

// --- outbox ---------------------------------------------------------------------------

const KOLOM_NOTIF: &str = "id, instansi_id, pegawai_id, saluran, tujuan, subjek, isi, dibuat, \
     kirim_setelah, status, percobaan, galat_terakhir, terkirim";

type BarisNotif = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
);

fn baca_notif(
    c: &Connection,
    sql: &str,
    p: &[&dyn rusqlite::ToSql],
) -> StoreResult<Vec<Notifikasi>> {
    let mut st = c.prepare_cached(sql).map_err(db)?;
    let rows = st
        .query_map(p, |r| BarisNotif::try_from(r))
        .map_err(db)?
        .collect::<Result<Vec<BarisNotif>, _>>()
        .map_err(db)?;
    rows.into_iter()
        .map(|b| {
            let (id, ins, peg, saluran, tujuan, subjek, isi, dibuat, kirim, status, n, galat, t) =
                b;
            Ok(Notifikasi {
                id,
                baru: NotifikasiBaru {
                    instansi_id: InstansiId(ins),
                    pegawai_id: peg.map(PegawaiId),
                    saluran,
                    tujuan,
                    subjek,
                    isi,
                    dibuat: parse_waktu(&dibuat).map_err(db)?,
                    kirim_setelah: parse_waktu(&kirim).map_err(db)?,
                },
                status: StatusNotifikasi::dari_kode(&status).map_err(rusak)?,
                percobaan: u32_dari(n)?,
                galat_terakhir: galat,
                terkirim: t.as_deref().map(parse_waktu).transpose().map_err(db)?,
            })
        })
        .collect()
}

fn ambil_tx(
    tx: &Transaction<'_>,
    now: DateTime<Utc>,
    sewa_sampai: DateTime<Utc>,
    batas: usize,
) -> StoreResult<Vec<Notifikasi>> {
    let now = waktu(now);
    let batas = i64::try_from(batas).unwrap_or(i64::MAX);
    let daftar = baca_notif(
        tx,
        &format!(
            "SELECT {KOLOM_NOTIF} FROM notifikasi
             WHERE status = 'ANTRE' AND kirim_setelah <= ?1
               AND (sewa_sampai IS NULL OR sewa_sampai <= ?1)
             ORDER BY kirim_setelah, id LIMIT ?2"
        ),
        &[&now, &batas],
    )?;
    let mut st = tx
        .prepare_cached("UPDATE notifikasi SET sewa_sampai = ?2 WHERE id = ?1")
        .map_err(db)?;
    let sewa = waktu(sewa_sampai);
    for n in &daftar {
        st.execute(params![n.id, sewa]).map_err(db)?;
    }
    Ok(daftar)
}

impl SqliteStore {
    pub(crate) async fn ttd_simpan(
        &self,
        instansi: InstansiId,
        batch: &[TandaTanganMasuk],
    ) -> StoreResult<Vec<HasilTtd>> {
        if batch.is_empty() {
            return Ok(Vec::new());
        }
        let batch = std::sync::Arc::new(batch.to_vec());
        let b = batch.clone();
        let r = self
            .tulis(move |tx| simpan_batch(tx, instansi, &b, false))
            .await;
        match r {
            Err(StoreError::Konflik(e)) => {
                tracing::warn!(error = %e, "batch tanda tangan diulang dengan savepoint per item");
                self.tulis(move |tx| simpan_batch(tx, instansi, &batch, true))
                    .await
            }
            r => r,
        }
    }

    pub(crate) async fn ttd_satu(
        &self,
        instansi: InstansiId,
        id: TandaTanganId,
    ) -> StoreResult<Option<TandaTanganTersimpan>> {
        self.baca(move |c| ttd_satu(c, instansi, "id = ?2", &id.0))
            .await
    }

    pub(crate) async fn ttd_by_daun(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<TandaTanganTersimpan>> {
        let hash = hash.to_vec();
        self.baca(move |c| {
            // Through the log's hash index, then the signature's leaf index (migration 0006).
            ttd_satu(
                c,
                instansi,
                "indeks_daun = (SELECT idx FROM log_daun WHERE instansi_id = ?1 AND hash = ?2)
                 AND hash_daun = ?2",
                &hash,
            )
        })
        .await
    }

    pub(crate) async fn ttd_daftar(
        &self,
        instansi: InstansiId,
        filter: &FilterTtd,
        halaman: Halaman,
    ) -> StoreResult<(Vec<TandaTanganTersimpan>, u64)> {
        let filter = filter.clone();
        self.baca(move |c| {
            let (syarat, p) = filter_sql(c, instansi, &filter)?;
            let refs: Vec<&dyn rusqlite::ToSql> = p.iter().map(|b| b.as_ref()).collect();
            let total: i64 = c
                .prepare(&format!("SELECT COUNT(*) FROM tanda_tangan WHERE {syarat}"))
                .map_err(db)?
                .query_row(refs.as_slice(), |r| r.get(0))
                .map_err(db)?;
            let mut st = c
                .prepare(&format!(
                    "SELECT {KOLOM_TTD}, {KOLOM_SISIP} FROM tanda_tangan WHERE {syarat}
                     ORDER BY id DESC LIMIT {} OFFSET {}",
                    halaman.ukuran,
                    halaman.offset()
                ))
                .map_err(db)?;
            let rows = st
                .query_map(refs.as_slice(), baris_ttd)
                .map_err(db)?
                .collect::<Result<Vec<_>, _>>()
                .map_err(db)?;
            let daftar = rows
                .into_iter()
                .map(|b| ttd_dari(c, instansi, b))
                .collect::<StoreResult<Vec<_>>>()?;
            Ok((daftar, ke_u64(total)?))
        })
        .await
    }

    pub(crate) async fn ttd_mewakili(
        &self,
        instansi: InstansiId,
        id: TandaTanganId,
    ) -> StoreResult<Vec<PegawaiId>> {
        self.baca(move |c| mewakili(c, instansi, id.0)).await
    }

    pub(crate) async fn ttd_batalkan(
        &self,
        instansi: InstansiId,
        id: TandaTanganId,
        pembatalan: &Pembatalan,
        daun: &DaunBaru,
        jejak: &Jejak,
    ) -> StoreResult<TandaTanganTersimpan> {
        let (p, daun, jejak) = (pembatalan.clone(), daun.clone(), jejak.clone());
        self.tulis(move |tx| batalkan_tx(tx, instansi, id, &p, &daun, &jejak))
            .await
    }

    pub(crate) async fn ttd_perubahan(
        &self,
        instansi: InstansiId,
        template: TemplateId,
        versi: u32,
        setelah: Option<u64>,
    ) -> StoreResult<Vec<PerubahanTtd>> {
        let setelah = setelah.map(ke_i64).transpose()?.unwrap_or(-1);
        self.baca(move |c| {
            let mut st = c
                .prepare_cached(
                    "SELECT pegawai_id, id, metode, 1, indeks_daun, waktu FROM tanda_tangan
                     WHERE instansi_id = ?1 AND template_id = ?2 AND template_versi = ?3
                       AND indeks_daun > ?4
                     UNION ALL
                     SELECT pegawai_id, id, metode, 0, indeks_daun_batal, batal_waktu
                     FROM tanda_tangan
                     WHERE instansi_id = ?1 AND template_id = ?2 AND template_versi = ?3
                       AND indeks_daun_batal > ?4
                     ORDER BY 5",
                )
                .map_err(db)?;
            let rows = st
                .query_map(
                    params![instansi.0, template.0, i64::from(versi), setelah],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, i64>(1)?,
                            kode(r.get(2)?, MetodeTandaTangan::parse)?,
                            r.get::<_, bool>(3)?,
                            r.get::<_, i64>(4)?,
                            parse_waktu(&r.get::<_, String>(5)?)?,
                        ))
                    },
                )
                .map_err(db)?;
            rows.map(|r| {
                let (p, id, metode, aktif, idx, w) = r.map_err(db)?;
                Ok(PerubahanTtd {
                    pegawai_id: PegawaiId(p),
                    tanda_tangan_id: TandaTanganId(id),
                    metode,
                    aktif,
                    indeks_daun: ke_u64(idx)?,
                    waktu: w,
                })
            })
            .collect()
        })
        .await
    }

    pub(crate) async fn ttd_simpan_saksi(
        &self,
        instansi: InstansiId,
        pernyataan: &PernyataanSaksi,
        daun: &DaunBaru,
        jejak: &Jejak,
    ) -> StoreResult<PernyataanSaksiTersimpan> {
        let (p, daun, jejak) = (pernyataan.clone(), daun.clone(), jejak.clone());
        self.tulis(move |tx| simpan_saksi_tx(tx, instansi, &p, &daun, &jejak))
            .await
    }

    pub(crate) async fn ttd_saksi(
        &self,
        instansi: InstansiId,
        ttd: TandaTanganId,
    ) -> StoreResult<Vec<PernyataanSaksiTersimpan>> {
        self.baca(move |c| baca_saksi(c, instansi, "tanda_tangan_id = ?2", &ttd.0))
            .await
    }

    pub(crate) async fn ttd_saksi_by_daun(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<PernyataanSaksiTersimpan>> {
        let hash = hash.to_vec();
        self.baca(move |c| {
            Ok(baca_saksi(c, instansi, "hash_daun = ?2", &hash)?
                .into_iter()
                .next())
        })
        .await
    }

    pub(crate) async fn ttd_berkas(
        &self,
        instansi: InstansiId,
        hash: &HashSha256,
    ) -> StoreResult<Option<Berkas>> {
        let hash = hash.clone();
        self.baca(move |c| {
            c.prepare_cached(
                "SELECT mime, nama, isi FROM berkas WHERE instansi_id = ?1 AND hash = ?2",
            )
            .map_err(db)?
            .query_row(params![instansi.0, hash.as_str()], |r| {
                Ok(Berkas {
                    hash: hash.clone(),
                    mime: r.get(0)?,
                    nama: r.get(1)?,
                    isi: r.get(2)?,
                })
            })
            .optional()
            .map_err(db)
        })
        .await
    }

    pub(crate) async fn ttd_roster(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<netral_domain::pakta::PegawaiRingkas>> {
        self.baca(move |c| roster(c, instansi)).await
    }

    pub(crate) async fn ttd_simpan_acara(
        &self,
        baru: &AcaraIkrarBaru,
        jejak: &Jejak,
    ) -> StoreResult<AcaraIkrar> {
        let (baru, jejak) = (baru.clone(), jejak.clone());
        self.tulis(move |tx| {
            let instansi = baru.instansi_id;
            if let Some(p) = baru.pemilihan_id {
                let ada = tx
                    .query_row(
                        "SELECT 1 FROM pemilihan WHERE instansi_id = ?1 AND id = ?2",
                        params![instansi.0, p.0],
                        |_| Ok(()),
                    )
                    .optional()
                    .map_err(db)?;
                if ada.is_none() {
                    return Err(StoreError::TidakDitemukan("pemilihan".into()));
                }
            }
            let id = id_berikut(tx, "acara_ikrar", instansi)?;
            let a = AcaraIkrar {
                id: AcaraIkrarId(id),
                instansi_id: instansi,
                pemilihan_id: baru.pemilihan_id,
                jenis: baru.jenis,
                nama: baru.nama.clone(),
                tanggal: baru.tanggal,
                lokasi: baru.lokasi.clone(),
                hash_teks: baru.hash_teks.clone(),
            };
            tx.execute(
                "INSERT INTO acara_ikrar (instansi_id, id, pemilihan_id, jenis, nama, tanggal,
                                          lokasi, hash_teks)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    instansi.0,
                    id,
                    a.pemilihan_id.map(|p| p.0),
                    a.jenis.kode(),
                    a.nama,
                    a.tanggal.to_string(),
                    a.lokasi,
                    a.hash_teks.as_ref().map(|h| h.as_str()),
                ],
            )
            .map_err(db)?;
            catat(
                tx,
                instansi,
                aksi::TAMBAH_ACARA_IKRAR,
                "acara_ikrar",
                id,
                None,
                Some(ke_json(&a)?),
                &jejak,
            )?;
            Ok(a)
        })
        .await
    }

    pub(crate) async fn ttd_daftar_acara(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<AcaraIkrar>> {
        self.baca(move |c| baca_acara(c, instansi, "", &[])).await
    }

    pub(crate) async fn ttd_catat_kehadiran(
        &self,
        instansi: InstansiId,
        hadir: &[KehadiranIkrar],
        jejak: &Jejak,
    ) -> StoreResult<u64> {
        let (hadir, jejak) = (hadir.to_vec(), jejak.clone());
        self.tulis(move |tx| kehadiran_tx(tx, instansi, &hadir, &jejak))
            .await
    }

    pub(crate) async fn ttd_kehadiran(
        &self,
        instansi: InstansiId,
        acara: AcaraIkrarId,
    ) -> StoreResult<Vec<KehadiranIkrar>> {
        self.baca(move |c| {
            let mut st = c
                .prepare_cached(
                    "SELECT pegawai_id, waktu, dicatat_oleh FROM kehadiran_ikrar
                     WHERE instansi_id = ?1 AND acara_id = ?2 ORDER BY waktu, pegawai_id",
                )
                .map_err(db)?;
            let rows = st
                .query_map(params![instansi.0, acara.0], |r| {
                    Ok(KehadiranIkrar {
                        acara_id: acara,
                        pegawai_id: PegawaiId(r.get(0)?),
                        waktu: parse_waktu(&r.get::<_, String>(1)?)?,
                        dicatat_oleh: r.get(2)?,
                    })
                })
                .map_err(db)?;
            rows.map(|r| r.map_err(db)).collect()
        })
        .await
    }

    pub(crate) async fn ttd_simpan_otp(&self, otp: &OtpBaru) -> StoreResult<()> {
        let otp = otp.clone();
        self.tulis(move |tx| {
            let id = id_berikut(tx, "otp", otp.instansi_id)?;
            tx.execute(
                "INSERT INTO otp (instansi_id, id, pegawai_id, kode_hash, dibuat, kedaluwarsa,
                                  maks_coba)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    otp.instansi_id.0,
                    id,
                    otp.pegawai_id.0,
                    otp.kode_hash,
                    waktu(otp.dibuat),
                    waktu(otp.kedaluwarsa),
                    i64::from(otp.maks_coba)
                ],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn ttd_pakai_otp(
        &self,
        instansi: InstansiId,
        pegawai: PegawaiId,
        kode_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<HasilOtp> {
        let kode_hash = kode_hash.to_string();
        self.tulis(move |tx| {
            let now = waktu(now);
            let hidup = tx
                .query_row(
                    "SELECT id, kode_hash, maks_coba, coba FROM otp
                     WHERE instansi_id = ?1 AND pegawai_id = ?2 AND dipakai IS NULL
                       AND kedaluwarsa > ?3 AND coba < maks_coba
                     ORDER BY id DESC LIMIT 1",
                    params![instansi.0, pegawai.0, now],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, i64>(2)?,
                            r.get::<_, i64>(3)?,
                        ))
                    },
                )
                .optional()
                .map_err(db)?;
            let Some((id, hash, maks, coba)) = hidup else {
                return Ok(HasilOtp::TidakAda);
            };
            if hash == kode_hash {
                tx.execute(
                    "UPDATE otp SET dipakai = ?3 WHERE instansi_id = ?1 AND id = ?2",
                    params![instansi.0, id, now],
                )
                .map_err(db)?;
                Ok(HasilOtp::Cocok)
            } else {
                tx.execute(
                    "UPDATE otp SET coba = coba + 1 WHERE instansi_id = ?1 AND id = ?2",
                    params![instansi.0, id],
                )
                .map_err(db)?;
                Ok(HasilOtp::Salah {
                    sisa: u32_dari((maks - coba - 1).max(0))?,
                })
            }
        })
        .await
    }

    pub(crate) async fn ttd_simpan_tautan(&self, t: &TautanTtd) -> StoreResult<()> {
        let t = t.clone();
        self.tulis(move |tx| {
            tx.execute(
                "INSERT INTO tautan_ttd (token_hash, instansi_id, pegawai_id, kampanye_id, dibuat,
                                         kedaluwarsa)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    t.token_hash,
                    t.instansi_id.0,
                    t.pegawai_id.0,
                    t.kampanye_id.0,
                    waktu(t.dibuat),
                    waktu(t.kedaluwarsa)
                ],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn ttd_tautan(&self, token_hash: &str) -> StoreResult<Option<TautanTtd>> {
        let token_hash = token_hash.to_string();
        self.baca(move |c| {
            c.prepare_cached(
                "SELECT instansi_id, pegawai_id, kampanye_id, dibuat, kedaluwarsa FROM tautan_ttd
                 WHERE token_hash = ?1",
            )
            .map_err(db)?
            .query_row([&token_hash], |r| {
                Ok(TautanTtd {
                    token_hash: token_hash.clone(),
                    instansi_id: InstansiId(r.get(0)?),
                    pegawai_id: PegawaiId(r.get(1)?),
                    kampanye_id: netral_store::pakta::KampanyeId(r.get(2)?),
                    dibuat: parse_waktu(&r.get::<_, String>(3)?)?,
                    kedaluwarsa: parse_waktu(&r.get::<_, String>(4)?)?,
                })
            })
            .optional()
            .map_err(db)
        })
        .await
    }

    pub(crate) async fn ttd_antre(&self, pesan: &[NotifikasiBaru]) -> StoreResult<Vec<i64>> {
        let pesan = pesan.to_vec();
        self.tulis(move |tx| {
            let mut st = tx
                .prepare_cached(
                    "INSERT INTO notifikasi (instansi_id, pegawai_id, saluran, tujuan, subjek, isi,
                                             dibuat, kirim_setelah, status)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'ANTRE')",
                )
                .map_err(db)?;
            let mut ids = Vec::with_capacity(pesan.len());
            for n in &pesan {
                st.execute(params![
                    n.instansi_id.0,
                    n.pegawai_id.map(|p| p.0),
                    n.saluran,
                    n.tujuan,
                    n.subjek,
                    n.isi,
                    waktu(n.dibuat),
                    waktu(n.kirim_setelah)
                ])
                .map_err(db)?;
                ids.push(tx.last_insert_rowid());
            }
            Ok(ids)
        })
        .await
    }

    pub(crate) async fn ttd_ambil_notifikasi(
        &self,
        now: DateTime<Utc>,
        sewa_sampai: DateTime<Utc>,
        batas: usize,
    ) -> StoreResult<Vec<Notifikasi>> {
        self.tulis(move |tx| ambil_tx(tx, now, sewa_sampai, batas))
            .await
    }

    pub(crate) async fn ttd_selesai_notifikasi(
        &self,
        id: i64,
        hasil: &HasilKirim,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        let hasil = hasil.clone();
        self.tulis(move |tx| {
            let n = match &hasil {
                HasilKirim::Terkirim => tx.execute(
                    "UPDATE notifikasi SET status = 'TERKIRIM', terkirim = ?2, sewa_sampai = NULL
                     WHERE id = ?1",
                    params![id, waktu(now)],
                ),
                HasilKirim::Gagal { galat, coba_lagi } => tx.execute(
                    "UPDATE notifikasi SET percobaan = percobaan + 1, galat_terakhir = ?2,
                            sewa_sampai = NULL, status = ?3,
                            kirim_setelah = COALESCE(?4, kirim_setelah)
                     WHERE id = ?1",
                    params![
                        id,
                        galat,
                        if coba_lagi.is_some() {
                            StatusNotifikasi::Antre
                        } else {
                            StatusNotifikasi::Gagal
                        }
                        .kode(),
                        coba_lagi.map(waktu)
                    ],
                ),
            }
            .map_err(db)?;
            if n == 0 {
                return Err(StoreError::TidakDitemukan("notifikasi".into()));
            }
            Ok(())
        })
        .await
    }

    pub(crate) async fn ttd_daftar_notifikasi(
        &self,
        instansi: InstansiId,
        halaman: Halaman,
    ) -> StoreResult<(Vec<Notifikasi>, u64)> {
        self.baca(move |c| {
            let total: i64 = c
                .query_row(
                    "SELECT COUNT(*) FROM notifikasi WHERE instansi_id = ?1",
                    [instansi.0],
                    |r| r.get(0),
                )
                .map_err(db)?;
            let ukuran = i64::from(halaman.ukuran);
            let offset = ke_i64(halaman.offset())?;
            let daftar = baca_notif(
                c,
                &format!(
                    "SELECT {KOLOM_NOTIF} FROM notifikasi WHERE instansi_id = ?1
                     ORDER BY id DESC LIMIT ?2 OFFSET ?3"
                ),
                &[&instansi.0, &ukuran, &offset],
            )?;
            Ok((daftar, ke_u64(total)?))
        })
        .await
    }
}
