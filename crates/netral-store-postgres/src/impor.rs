//! Writing an import plan in one transaction, fast enough for a million rows.
//!
//! 1. `UPDATE instansi … WHERE versi_registri = $2` bumps the registry version atomically
//!    (and row-locks the instansi, so imports into one instansi are serialised across
//!    processes); zero rows updated means a stale plan → `Konflik`, nothing written.
//! 2. Units (by parent and name) and posts (by unit and name) are resolved in memory
//!    against what is stored; missing ones get ids from their identity sequences in one
//!    round trip and are inserted with batched `INSERT … SELECT FROM UNNEST(…)`.
//! 3. New employees get ids the same way, so superiors inside the file are linked before
//!    writing. They are streamed with one binary `COPY … FROM STDIN` straight into
//!    `pegawai` (PostgreSQL batches the heap inserts; a duplicate identity aborts it as a
//!    `Konflik`). Changed rows are updated in chunks of [`PAKET`] with one prepared
//!    `UPDATE … FROM UNNEST(…)`, all columns as arrays.
//! 4. One `UPDATE … FROM` then links the remaining open superior references (superiors
//!    already stored, or registered by this import for older rows).
//!
//! Audit entries are the SQLite adapter's: one `UBAH_PEGAWAI` per changed employee with
//! the same before/after content, one `NONAKTIFKAN_PEGAWAI`, then the caller's summary.

use std::collections::{HashMap, HashSet};
use std::pin::pin;

use chrono::NaiveDate;
use deadpool_postgres::Transaction;
use serde::Serialize;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{ToSql, Type};

use netral_domain::impor::BarisImpor;
use netral_domain::organisasi::JenisUnit;
use netral_domain::pegawai::DataPegawai;
use netral_store::*;

use crate::registri::{audit, json};
use crate::{db, kolom};

/// Rows per statement.
const PAKET: usize = 10_000;

/// Units and posts of the instansi, with the ones this import creates. Ids of new
/// entries are provisional (negative, `-(index + 1)`) until [`Penyelesai::simpan`].
struct Penyelesai {
    /// parent id (0 for a top-level unit) → name → id
    unit: HashMap<i64, HashMap<String, i64>>,
    /// unit id → name → id
    jabatan: HashMap<i64, HashMap<String, i64>>,
    unit_baru: Vec<(i64, String, &'static str)>,
    jabatan_baru: Vec<(i64, String, Option<&'static str>, Option<&'static str>)>,
    id_unit: Vec<i64>,
    id_jabatan: Vec<i64>,
}

fn sementara(i: usize) -> i64 {
    -(i as i64) - 1
}

fn nyata(ids: &[i64], id: i64) -> i64 {
    if id < 0 { ids[(-id - 1) as usize] } else { id }
}

impl Penyelesai {
    async fn muat(tx: &Transaction<'_>, instansi: i64) -> StoreResult<Self> {
        let mut unit: HashMap<i64, HashMap<String, i64>> = HashMap::new();
        let st = tx
            .prepare_cached(
                "SELECT id, COALESCE(induk_id, 0), nama FROM unit_kerja WHERE instansi_id = $1",
            )
            .await
            .map_err(db)?;
        for r in tx.query(&st, &[&instansi]).await.map_err(db)? {
            unit.entry(kolom(&r, 1)?)
                .or_default()
                .insert(kolom(&r, 2)?, kolom(&r, 0)?);
        }
        let mut jabatan: HashMap<i64, HashMap<String, i64>> = HashMap::new();
        let st = tx
            .prepare_cached("SELECT id, unit_id, nama FROM jabatan WHERE instansi_id = $1")
            .await
            .map_err(db)?;
        for r in tx.query(&st, &[&instansi]).await.map_err(db)? {
            jabatan
                .entry(kolom(&r, 1)?)
                .or_default()
                .insert(kolom(&r, 2)?, kolom(&r, 0)?);
        }
        Ok(Penyelesai {
            unit,
            jabatan,
            unit_baru: Vec::new(),
            jabatan_baru: Vec::new(),
            id_unit: Vec::new(),
            id_jabatan: Vec::new(),
        })
    }

    /// The (possibly provisional) ids of an employee's unit and post.
    fn lokasi(&mut self, d: &DataPegawai) -> (Option<i64>, Option<i64>) {
        let mut induk = 0i64;
        let mut unit = None;
        for nama in &d.unit_path {
            let ada = self
                .unit
                .get(&induk)
                .and_then(|m| m.get(nama.as_str()))
                .copied();
            let u = match ada {
                Some(u) => u,
                None => {
                    let u = sementara(self.unit_baru.len());
                    self.unit_baru
                        .push((induk, nama.clone(), JenisUnit::tebak(nama).kode()));
                    self.unit.entry(induk).or_default().insert(nama.clone(), u);
                    u
                }
            };
            induk = u;
            unit = Some(u);
        }
        let (Some(u), Some(nama)) = (unit, d.jabatan_nama.as_ref()) else {
            return (unit, None);
        };
        let ada = self
            .jabatan
            .get(&u)
            .and_then(|m| m.get(nama.as_str()))
            .copied();
        let j = match ada {
            Some(j) => j,
            None => {
                let j = sementara(self.jabatan_baru.len());
                self.jabatan_baru.push((
                    u,
                    nama.clone(),
                    d.jabatan_jenis.map(|x| x.kode()),
                    d.eselon.map(|x| x.kode()),
                ));
                self.jabatan.entry(u).or_default().insert(nama.clone(), j);
                j
            }
        };
        (unit, Some(j))
    }

    /// Assigns real ids to the new units and posts and inserts them.
    async fn simpan(&mut self, tx: &Transaction<'_>, instansi: i64) -> StoreResult<()> {
        self.id_unit = alokasi(tx, "unit_kerja", self.unit_baru.len()).await?;
        self.id_jabatan = alokasi(tx, "jabatan", self.jabatan_baru.len()).await?;
        if !self.unit_baru.is_empty() {
            let st = tx
                .prepare_cached(
                    "INSERT INTO unit_kerja (instansi_id, id, induk_id, nama, jenis)
                     SELECT $1, * FROM UNNEST($2::bigint[], $3::bigint[], $4::text[], $5::text[])",
                )
                .await
                .map_err(db)?;
            // Parents are always created before their children, so chunks stay in order.
            for (k, paket) in self.unit_baru.chunks(PAKET).enumerate() {
                let id: Vec<i64> = self.id_unit[k * PAKET..k * PAKET + paket.len()].to_vec();
                let induk: Vec<Option<i64>> = paket
                    .iter()
                    .map(|(i, _, _)| (*i != 0).then(|| nyata(&self.id_unit, *i)))
                    .collect();
                let nama: Vec<&str> = paket.iter().map(|(_, n, _)| n.as_str()).collect();
                let jenis: Vec<&str> = paket.iter().map(|(_, _, j)| *j).collect();
                tx.execute(&st, &[&instansi, &id, &induk, &nama, &jenis])
                    .await
                    .map_err(db)?;
            }
        }
        if !self.jabatan_baru.is_empty() {
            let st = tx
                .prepare_cached(
                    "INSERT INTO jabatan (instansi_id, id, unit_id, nama, jenis, eselon)
                     SELECT $1, * FROM UNNEST($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[])",
                )
                .await
                .map_err(db)?;
            for (k, paket) in self.jabatan_baru.chunks(PAKET).enumerate() {
                let id: Vec<i64> = self.id_jabatan[k * PAKET..k * PAKET + paket.len()].to_vec();
                let unit: Vec<i64> = paket
                    .iter()
                    .map(|(u, _, _, _)| nyata(&self.id_unit, *u))
                    .collect();
                let nama: Vec<&str> = paket.iter().map(|(_, n, _, _)| n.as_str()).collect();
                let jenis: Vec<Option<&str>> = paket.iter().map(|(_, _, j, _)| *j).collect();
                let eselon: Vec<Option<&str>> = paket.iter().map(|(_, _, _, e)| *e).collect();
                tx.execute(&st, &[&instansi, &id, &unit, &nama, &jenis, &eselon])
                    .await
                    .map_err(db)?;
            }
        }
        Ok(())
    }

    fn unit_nyata(&self, id: Option<i64>) -> Option<i64> {
        id.map(|u| nyata(&self.id_unit, u))
    }

    fn jabatan_nyata(&self, id: Option<i64>) -> Option<i64> {
        id.map(|j| nyata(&self.id_jabatan, j))
    }
}

/// `n` fresh ids from the identity sequence of `tabel` (a constant of this module), in
/// one round trip.
async fn alokasi(tx: &Transaction<'_>, tabel: &'static str, n: usize) -> StoreResult<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let st = tx
        .prepare_cached(
            "SELECT COALESCE(array_agg(v ORDER BY v), '{}') FROM (
                SELECT nextval((SELECT pg_get_serial_sequence($1, 'id'))::regclass) AS v
                FROM generate_series(1, $2::bigint)
             ) s",
        )
        .await
        .map_err(db)?;
    let r = tx
        .query_one(&st, &[&tabel, &(n as i64)])
        .await
        .map_err(db)?;
    let ids: Vec<i64> = kolom(&r, 0)?;
    if ids.len() != n {
        return Err(StoreError::Backend(format!(
            "alokasi id {tabel}: {} dari {n}",
            ids.len()
        )));
    }
    Ok(ids)
}

/// The employee columns an import writes, one array each (see [`KOLOM_UNNEST`]).
#[derive(Default)]
struct Kolom<'a> {
    id: Vec<i64>,
    identitas: Vec<&'a str>,
    jenis: Vec<&'static str>,
    nip: Vec<Option<&'a str>>,
    ni_pppk: Vec<Option<&'a str>>,
    nik: Vec<Option<&'a str>>,
    nama: Vec<&'a str>,
    gelar_depan: Vec<Option<&'a str>>,
    gelar_belakang: Vec<Option<&'a str>>,
    tempat_lahir: Vec<Option<&'a str>>,
    tanggal_lahir: Vec<Option<NaiveDate>>,
    jenis_kelamin: Vec<Option<&'static str>>,
    golongan: Vec<Option<&'static str>>,
    atasan_identitas: Vec<Option<&'a str>>,
    no_hp: Vec<Option<&'a str>>,
    email: Vec<Option<&'a str>>,
    status: Vec<&'static str>,
    cari: Vec<String>,
    sidik: Vec<&'a str>,
    unit_id: Vec<Option<i64>>,
    jabatan_id: Vec<Option<i64>>,
    atasan_id: Vec<Option<i64>>,
}

/// `$3…$24`: the arrays of [`Kolom`], in field order (`$1` instansi, `$2` time).
macro_rules! unnest_pegawai {
    () => {
        "UNNEST($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], \
         $10::text[], $11::text[], $12::text[], $13::date[], $14::text[], $15::text[], $16::text[], \
         $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::bigint[], $23::bigint[], \
         $24::bigint[])"
    };
}

/// Column names of the [`unnest_pegawai`] rows.
macro_rules! kolom_pegawai {
    () => {
        "id, identitas, jenis, nip, ni_pppk, nik, nama, gelar_depan, gelar_belakang, tempat_lahir, \
         tanggal_lahir, jenis_kelamin, golongan, atasan_identitas, no_hp, email, status, cari, sidik, \
         unit_id, jabatan_id, atasan_id"
    };
}

const COPY_PEGAWAI: &str = concat!(
    "COPY pegawai (instansi_id, dibuat_pada, diubah_pada, ",
    kolom_pegawai!(),
    ") FROM STDIN (FORMAT binary)"
);

/// Column types of [`COPY_PEGAWAI`], in order.
const JENIS_COPY: [Type; 25] = [
    Type::INT8,
    Type::TIMESTAMPTZ,
    Type::TIMESTAMPTZ,
    Type::INT8,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::DATE,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::TEXT,
    Type::INT8,
    Type::INT8,
    Type::INT8,
];

const UPDATE_PEGAWAI: &str = concat!(
    "UPDATE pegawai p SET identitas = v.identitas, jenis = v.jenis, nip = v.nip, ni_pppk = v.ni_pppk, \
     nik = v.nik, nama = v.nama, gelar_depan = v.gelar_depan, gelar_belakang = v.gelar_belakang, \
     tempat_lahir = v.tempat_lahir, tanggal_lahir = v.tanggal_lahir, jenis_kelamin = v.jenis_kelamin, \
     golongan = v.golongan, atasan_identitas = v.atasan_identitas, no_hp = v.no_hp, email = v.email, \
     status = v.status, cari = v.cari, sidik = v.sidik, unit_id = v.unit_id, jabatan_id = v.jabatan_id, \
     atasan_id = v.atasan_id, diubah_pada = $2 FROM ",
    unnest_pegawai!(),
    " AS v(",
    kolom_pegawai!(),
    ") WHERE p.instansi_id = $1 AND p.id = v.id"
);

impl<'a> Kolom<'a> {
    fn dengan_kapasitas(n: usize) -> Self {
        Kolom {
            id: Vec::with_capacity(n),
            identitas: Vec::with_capacity(n),
            jenis: Vec::with_capacity(n),
            nip: Vec::with_capacity(n),
            ni_pppk: Vec::with_capacity(n),
            nik: Vec::with_capacity(n),
            nama: Vec::with_capacity(n),
            gelar_depan: Vec::with_capacity(n),
            gelar_belakang: Vec::with_capacity(n),
            tempat_lahir: Vec::with_capacity(n),
            tanggal_lahir: Vec::with_capacity(n),
            jenis_kelamin: Vec::with_capacity(n),
            golongan: Vec::with_capacity(n),
            atasan_identitas: Vec::with_capacity(n),
            no_hp: Vec::with_capacity(n),
            email: Vec::with_capacity(n),
            status: Vec::with_capacity(n),
            cari: Vec::with_capacity(n),
            sidik: Vec::with_capacity(n),
            unit_id: Vec::with_capacity(n),
            jabatan_id: Vec::with_capacity(n),
            atasan_id: Vec::with_capacity(n),
        }
    }

    fn tambah(
        &mut self,
        id: i64,
        b: &'a BarisImpor,
        unit: Option<i64>,
        jabatan: Option<i64>,
        atasan: Option<i64>,
    ) {
        let d = &b.data;
        self.id.push(id);
        self.identitas.push(b.identitas.as_str());
        self.jenis.push(d.jenis.kode());
        self.nip.push(d.nip.as_ref().map(|x| x.as_str()));
        self.ni_pppk.push(d.ni_pppk.as_ref().map(|x| x.as_str()));
        self.nik.push(d.nik.as_ref().map(|x| x.as_str()));
        self.nama.push(d.nama.as_str());
        self.gelar_depan.push(d.gelar_depan.as_deref());
        self.gelar_belakang.push(d.gelar_belakang.as_deref());
        self.tempat_lahir.push(d.tempat_lahir.as_deref());
        self.tanggal_lahir.push(d.tanggal_lahir);
        self.jenis_kelamin.push(d.jenis_kelamin.map(|x| x.kode()));
        self.golongan.push(d.golongan.as_ref().map(|g| g.as_str()));
        self.atasan_identitas.push(d.atasan_identitas.as_deref());
        self.no_hp.push(d.no_hp.as_deref());
        self.email.push(d.email.as_deref());
        self.status.push(d.status.kode());
        self.cari.push(teks_cari(d));
        self.sidik.push(b.sidik.as_str());
        self.unit_id.push(unit);
        self.jabatan_id.push(jabatan);
        self.atasan_id.push(atasan);
    }

    /// Runs `st` ([`UPDATE_PEGAWAI`]) with these rows.
    async fn tulis(
        &self,
        tx: &Transaction<'_>,
        st: &tokio_postgres::Statement,
        instansi: i64,
        waktu: &chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<u64> {
        let p: [&(dyn ToSql + Sync); 24] = [
            &instansi,
            waktu,
            &self.id,
            &self.identitas,
            &self.jenis,
            &self.nip,
            &self.ni_pppk,
            &self.nik,
            &self.nama,
            &self.gelar_depan,
            &self.gelar_belakang,
            &self.tempat_lahir,
            &self.tanggal_lahir,
            &self.jenis_kelamin,
            &self.golongan,
            &self.atasan_identitas,
            &self.no_hp,
            &self.email,
            &self.status,
            &self.cari,
            &self.sidik,
            &self.unit_id,
            &self.jabatan_id,
            &self.atasan_id,
        ];
        tx.execute(st, &p).await.map_err(db)
    }
}

/// The stored state recorded as `sebelum` of `UBAH_PEGAWAI` (same keys, order and JSON as
/// the SQLite adapter's `json_object`).
#[derive(Serialize)]
struct SebelumPegawai {
    nama: String,
    jenis: String,
    status: String,
    unit_id: Option<i64>,
    jabatan_id: Option<i64>,
    golongan: Option<String>,
    sidik: String,
}

/// Writes the plan (everything but the caller's summary audit entry).
pub(crate) async fn tulis(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    versi: i64,
    rencana: &RencanaImpor,
    jejak: &Jejak,
) -> StoreResult<HasilTulisImpor> {
    let iid = instansi.0;
    let st = tx
        .prepare_cached("UPDATE instansi SET versi_registri = versi_registri + 1 WHERE id = $1 AND versi_registri = $2")
        .await
        .map_err(db)?;
    if tx.execute(&st, &[&iid, &versi]).await.map_err(db)? != 1 {
        return Err(StoreError::Konflik(
            "data pegawai berubah sejak impor direncanakan; ulangi impor".into(),
        ));
    }
    let t = jejak.waktu;
    // Every statement below touches rows by key. Right after a big import the planner has
    // no statistics yet and would rather hash-join a whole tenant for each chunk; keyed
    // nested-loop lookups are what we want, so say so for this transaction only.
    tx.batch_execute("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off")
        .await
        .map_err(db)?;

    // A changed employee listed twice would be updated in an arbitrary order: refuse, like
    // a new employee listed twice (which the unique identity index refuses).
    let mut terlihat = HashSet::with_capacity(rencana.ubah.len());
    if !rencana.ubah.iter().all(|(id, _)| terlihat.insert(id.0)) {
        return Err(StoreError::Konflik(
            "rencana impor memuat pegawai yang sama lebih dari sekali".into(),
        ));
    }

    // Units and posts.
    let mut p = Penyelesai::muat(tx, iid).await?;
    let lokasi_baru: Vec<_> = rencana.baru.iter().map(|b| p.lokasi(&b.data)).collect();
    let lokasi_ubah: Vec<_> = rencana
        .ubah
        .iter()
        .map(|(_, b)| p.lokasi(&b.data))
        .collect();
    p.simpan(tx, iid).await?;

    // Ids of new employees, and superiors resolvable inside this plan.
    let id_baru = alokasi(tx, "pegawai", rencana.baru.len()).await?;
    let mut per_identitas: HashMap<&str, i64> =
        HashMap::with_capacity(rencana.baru.len() + rencana.ubah.len());
    for (b, id) in rencana.baru.iter().zip(&id_baru) {
        per_identitas.insert(b.identitas.as_str(), *id);
    }
    for (id, b) in &rencana.ubah {
        per_identitas.insert(b.identitas.as_str(), id.0);
    }
    let atasan = |d: &DataPegawai| {
        d.atasan_identitas
            .as_deref()
            .and_then(|a| per_identitas.get(a).copied())
    };

    if !rencana.baru.is_empty() {
        // Binary COPY straight into the table: rows stream while the server writes them,
        // and PostgreSQL inserts them in batches (multi-insert) rather than one by one.
        let sink = tx.copy_in(COPY_PEGAWAI).await.map_err(db)?;
        let mut w = pin!(BinaryCopyInWriter::new(sink, &JENIS_COPY));
        for ((b, id), (unit, jab)) in rencana.baru.iter().zip(&id_baru).zip(&lokasi_baru) {
            let d = &b.data;
            w.as_mut()
                .write(&[
                    &iid,
                    &t,
                    &t,
                    id,
                    &b.identitas.as_str(),
                    &d.jenis.kode(),
                    &d.nip.as_ref().map(|x| x.as_str()),
                    &d.ni_pppk.as_ref().map(|x| x.as_str()),
                    &d.nik.as_ref().map(|x| x.as_str()),
                    &d.nama,
                    &d.gelar_depan,
                    &d.gelar_belakang,
                    &d.tempat_lahir,
                    &d.tanggal_lahir,
                    &d.jenis_kelamin.map(|x| x.kode()),
                    &d.golongan.as_ref().map(|g| g.as_str()),
                    &d.atasan_identitas,
                    &d.no_hp,
                    &d.email,
                    &d.status.kode(),
                    &teks_cari(d),
                    &b.sidik,
                    &p.unit_nyata(*unit),
                    &p.jabatan_nyata(*jab),
                    &atasan(d),
                ])
                .await
                .map_err(db)?;
        }
        let n = w.finish().await.map_err(db)?;
        if n != rencana.baru.len() as u64 {
            return Err(StoreError::Backend(format!(
                "COPY pegawai: {n} dari {}",
                rencana.baru.len()
            )));
        }
    }

    if !rencana.ubah.is_empty() {
        let st_sebelum = tx
            .prepare_cached(
                "SELECT p.id, p.nama, p.jenis, p.status, p.unit_id, p.jabatan_id, p.golongan, p.sidik
                 FROM UNNEST($2::bigint[]) AS k(id) JOIN pegawai p ON p.instansi_id = $1 AND p.id = k.id",
            )
            .await
            .map_err(db)?;
        let st_ubah = tx.prepare_cached(UPDATE_PEGAWAI).await.map_err(db)?;
        let st_audit = tx
            .prepare_cached(
                "INSERT INTO audit_log (instansi_id, waktu, aktor, aksi, entitas, entitas_id, sebelum, sesudah)
                 SELECT $1, $2, $3, 'UBAH_PEGAWAI', 'pegawai', v.eid, v.seb, v.ses
                 FROM UNNEST($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS v(eid, seb, ses, n)
                 ORDER BY v.n",
            )
            .await
            .map_err(db)?;
        for (k, paket) in rencana.ubah.chunks(PAKET).enumerate() {
            let ids: Vec<i64> = paket.iter().map(|(id, _)| id.0).collect();
            let mut sebelum: HashMap<i64, String> = HashMap::with_capacity(paket.len());
            for r in tx.query(&st_sebelum, &[&iid, &ids]).await.map_err(db)? {
                let s = SebelumPegawai {
                    nama: kolom(&r, 1)?,
                    jenis: kolom(&r, 2)?,
                    status: kolom(&r, 3)?,
                    unit_id: kolom(&r, 4)?,
                    jabatan_id: kolom(&r, 5)?,
                    golongan: kolom(&r, 6)?,
                    sidik: kolom(&r, 7)?,
                };
                if let Some(j) = json(&s) {
                    sebelum.insert(kolom(&r, 0)?, j);
                }
            }
            let mut kolom = Kolom::dengan_kapasitas(paket.len());
            for (i, (id, b)) in paket.iter().enumerate() {
                let (unit, jab) = lokasi_ubah[k * PAKET + i];
                kolom.tambah(
                    id.0,
                    b,
                    p.unit_nyata(unit),
                    p.jabatan_nyata(jab),
                    atasan(&b.data),
                );
            }
            kolom.tulis(tx, &st_ubah, iid, &t).await?;
            let eid: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
            let seb: Vec<Option<&str>> = ids
                .iter()
                .map(|id| sebelum.get(id).map(String::as_str))
                .collect();
            let ses: Vec<Option<String>> = paket.iter().map(|(_, b)| json(&b.data)).collect();
            tx.execute(&st_audit, &[&iid, &t, &jejak.aktor, &eid, &seb, &ses])
                .await
                .map_err(db)?;
        }
    }

    if !rencana.nonaktif.is_empty() {
        let st = tx
            .prepare_cached(
                "UPDATE pegawai p SET status = 'TIDAK_AKTIF', diubah_pada = $2
                 FROM UNNEST($3::bigint[]) AS k(id) WHERE p.instansi_id = $1 AND p.id = k.id",
            )
            .await
            .map_err(db)?;
        for paket in rencana.nonaktif.chunks(PAKET) {
            let ids: Vec<i64> = paket.iter().map(|id| id.0).collect();
            tx.execute(&st, &[&iid, &t, &ids]).await.map_err(db)?;
        }
        audit(
            tx,
            &AuditBaru {
                instansi_id: instansi,
                aksi: "NONAKTIFKAN_PEGAWAI".into(),
                entitas: "pegawai".into(),
                entitas_id: None,
                sebelum: None,
                sesudah: json(&rencana.nonaktif),
            },
            jejak,
        )
        .await?;
    }

    if !rencana.baru.is_empty() || !rencana.ubah.is_empty() {
        // Rows written above already carry superiors found inside the plan (or NULL);
        // what is left open is resolved against everything stored, in one statement.
        let st = tx
            .prepare_cached(
                "UPDATE pegawai p SET atasan_id = a.id FROM pegawai a
                 WHERE p.instansi_id = $1 AND p.atasan_identitas IS NOT NULL AND p.atasan_id IS NULL
                   AND a.instansi_id = $1 AND a.identitas = p.atasan_identitas",
            )
            .await
            .map_err(db)?;
        tx.execute(&st, &[&iid]).await.map_err(db)?;
    }

    Ok(HasilTulisImpor {
        unit_baru: p.unit_baru.len() as u64,
        jabatan_baru: p.jabatan_baru.len() as u64,
    })
}
