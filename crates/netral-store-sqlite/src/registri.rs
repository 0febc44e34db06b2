//! The `Store` implementation: registry, accounts, audit.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use netral_domain::ident::{JenisPemda, KodeWilayah};
use netral_domain::organisasi::{JenisUnit, StatusKepalaDaerah};
use netral_domain::pegawai::{DataPegawai, Identitas};
use netral_store::*;

use crate::{SqliteStore, db, kode, parse_waktu, waktu};

const KOLOM_INSTANSI: &str = "id, kode, jenis, nama, kepala_daerah, status_kepala, demo";

fn baris_instansi(r: &Row<'_>) -> rusqlite::Result<Instansi> {
    Ok(Instansi {
        id: InstansiId(r.get(0)?),
        kode: kode(r.get(1)?, KodeWilayah::parse)?,
        jenis: kode(r.get(2)?, JenisPemda::parse)?,
        nama: r.get(3)?,
        kepala_daerah: r.get(4)?,
        status_kepala: kode(r.get(5)?, StatusKepalaDaerah::parse)?,
        demo: r.get(6)?,
    })
}

const KOLOM_USER: &str = "u.id, u.instansi_id, u.username, u.nama, u.peran, u.unit_id, u.aktif";

fn baris_user(r: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: UserId(r.get(0)?),
        instansi_id: InstansiId(r.get(1)?),
        username: kode(r.get(2)?, Username::parse)?,
        nama: r.get(3)?,
        peran: kode(r.get(4)?, Peran::parse)?,
        unit_id: r.get::<_, Option<i64>>(5)?.map(UnitId),
        aktif: r.get(6)?,
    })
}

const KOLOM_RINGKAS: &str = "p.id, p.identitas, p.jenis, p.nama, p.gelar_depan, p.gelar_belakang, \
     j.nama, p.unit_id, u.nama, p.golongan, p.status";
const JOIN_RINGKAS: &str = "FROM pegawai p \
     LEFT JOIN jabatan j ON j.instansi_id = p.instansi_id AND j.id = p.jabatan_id \
     LEFT JOIN unit_kerja u ON u.instansi_id = p.instansi_id AND u.id = p.unit_id";

fn baris_ringkas(r: &Row<'_>) -> rusqlite::Result<PegawaiRingkas> {
    Ok(PegawaiRingkas {
        id: PegawaiId(r.get(0)?),
        identitas: r.get(1)?,
        jenis: kode(r.get(2)?, JenisPegawai::parse)?,
        nama: r.get(3)?,
        gelar_depan: r.get(4)?,
        gelar_belakang: r.get(5)?,
        jabatan: r.get(6)?,
        unit_id: r.get::<_, Option<i64>>(7)?.map(UnitId),
        unit: r.get(8)?,
        golongan: r.get(9)?,
        status: kode(r.get(10)?, StatusPegawai::parse)?,
    })
}

pub(crate) fn audit(tx: &Transaction<'_>, a: &AuditBaru, jejak: &Jejak) -> StoreResult<()> {
    let id: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log WHERE instansi_id = ?1",
            [a.instansi_id.0],
            |r| r.get(0),
        )
        .map_err(db)?;
    tx.execute(
        "INSERT INTO audit_log (instansi_id, id, waktu, aktor, aksi, entitas, entitas_id, sebelum, sesudah)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            a.instansi_id.0,
            id,
            waktu(jejak.waktu),
            jejak.aktor,
            a.aksi,
            a.entitas,
            a.entitas_id,
            a.sebelum,
            a.sesudah
        ],
    )
    .map_err(db)?;
    Ok(())
}

fn json<T: serde::Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

fn instansi_by_kode(c: &Connection, kode_wilayah: &str) -> StoreResult<Option<Instansi>> {
    c.query_row(
        &format!("SELECT {KOLOM_INSTANSI} FROM instansi WHERE kode = ?1"),
        [kode_wilayah],
        baris_instansi,
    )
    .optional()
    .map_err(db)
}

/// Names to ids under a parent: units by (parent unit, name), posts by (unit, name). Nested
/// so a lookup borrows the name instead of building an owned key.
type PetaNama = HashMap<i64, HashMap<String, i64>>;

/// Loads `(id, parent, name)` rows of one instansi into a [`PetaNama`], with the next free id.
fn muat_peta(tx: &Transaction<'_>, sql: &str, instansi: i64) -> StoreResult<(PetaNama, i64)> {
    let mut peta = PetaNama::new();
    let mut berikut = 1;
    let mut st = tx.prepare(sql).map_err(db)?;
    let rows = st
        .query_map([instansi], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .map_err(db)?;
    for row in rows {
        let (id, induk, nama) = row.map_err(db)?;
        berikut = berikut.max(id + 1);
        peta.entry(induk).or_default().insert(nama, id);
    }
    Ok((peta, berikut))
}

/// Resolves unit paths and posts to ids inside an import transaction, creating what is
/// missing. Units are matched by (parent, name) so the same name may appear under two
/// parents (e.g. "Sekretariat" in every dinas); top-level units have parent 0.
struct Penyelesai {
    instansi: i64,
    unit: PetaNama,
    jabatan: PetaNama,
    next_unit: i64,
    next_jabatan: i64,
    hasil: HasilTulisImpor,
}

impl Penyelesai {
    fn muat(tx: &Transaction<'_>, instansi: i64) -> StoreResult<Self> {
        let (unit, next_unit) = muat_peta(
            tx,
            "SELECT id, COALESCE(induk_id, 0), nama FROM unit_kerja WHERE instansi_id = ?1",
            instansi,
        )?;
        let (jabatan, next_jabatan) = muat_peta(
            tx,
            "SELECT id, unit_id, nama FROM jabatan WHERE instansi_id = ?1",
            instansi,
        )?;
        Ok(Penyelesai {
            instansi,
            unit,
            jabatan,
            next_unit,
            next_jabatan,
            hasil: HasilTulisImpor::default(),
        })
    }

    fn unit(&mut self, tx: &Transaction<'_>, path: &[String]) -> StoreResult<Option<i64>> {
        let mut induk = 0i64;
        let mut id = None;
        for nama in path {
            let u = match self.unit.get(&induk).and_then(|m| m.get(nama.as_str())) {
                Some(u) => *u,
                None => {
                    let u = self.next_unit;
                    self.next_unit += 1;
                    tx.prepare_cached(
                        "INSERT INTO unit_kerja (instansi_id, id, induk_id, nama, jenis) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )
                    .map_err(db)?
                    .execute(params![
                        self.instansi,
                        u,
                        (induk != 0).then_some(induk),
                        nama,
                        JenisUnit::tebak(nama).kode()
                    ])
                    .map_err(db)?;
                    self.unit.entry(induk).or_default().insert(nama.clone(), u);
                    self.hasil.unit_baru += 1;
                    u
                }
            };
            induk = u;
            id = Some(u);
        }
        Ok(id)
    }

    fn jabatan(
        &mut self,
        tx: &Transaction<'_>,
        unit: Option<i64>,
        d: &DataPegawai,
    ) -> StoreResult<Option<i64>> {
        let (Some(unit), Some(nama)) = (unit, d.jabatan_nama.as_ref()) else {
            return Ok(None);
        };
        if let Some(j) = self.jabatan.get(&unit).and_then(|m| m.get(nama.as_str())) {
            return Ok(Some(*j));
        }
        let j = self.next_jabatan;
        self.next_jabatan += 1;
        tx.prepare_cached(
            "INSERT INTO jabatan (instansi_id, id, unit_id, nama, jenis, eselon) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(db)?
        .execute(params![
            self.instansi,
            j,
            unit,
            nama,
            d.jabatan_jenis.map(|x| x.kode()),
            d.eselon.map(|x| x.kode())
        ])
        .map_err(db)?;
        self.jabatan
            .entry(unit)
            .or_default()
            .insert(nama.clone(), j);
        self.hasil.jabatan_baru += 1;
        Ok(Some(j))
    }
}

/// The columns an import writes, in insert order after (instansi_id, id).
fn nilai_pegawai<'a>(
    identitas: &'a Identitas,
    d: &'a DataPegawai,
    sidik: &'a str,
) -> [Box<dyn rusqlite::ToSql + 'a>; 18] {
    [
        Box::new(identitas.as_str()),
        Box::new(d.jenis.kode()),
        Box::new(d.nip.as_ref().map(|x| x.as_str().to_string())),
        Box::new(d.ni_pppk.as_ref().map(|x| x.as_str().to_string())),
        Box::new(d.nik.as_ref().map(|x| x.as_str().to_string())),
        Box::new(d.nama.as_str()),
        Box::new(d.gelar_depan.as_deref()),
        Box::new(d.gelar_belakang.as_deref()),
        Box::new(d.tempat_lahir.as_deref()),
        Box::new(d.tanggal_lahir.map(|t| t.to_string())),
        Box::new(d.jenis_kelamin.map(|x| x.kode())),
        Box::new(d.golongan.as_ref().map(|g| g.as_str().to_string())),
        Box::new(d.atasan_identitas.as_deref()),
        Box::new(d.no_hp.as_deref()),
        Box::new(d.email.as_deref()),
        Box::new(d.status.kode()),
        Box::new(teks_cari(d)),
        Box::new(sidik),
    ]
}

/// Bulk-load threshold: below this, rows go through the live indexes.
const AMBANG_MUAT_MASSAL: usize = 50_000;

/// Drops the secondary indexes of `pegawai` when `baru` new rows are at least as many as the
/// rows already stored, returning their `CREATE INDEX` statements for re-creation.
fn tunda_indeks_pegawai(tx: &Transaction<'_>, baru: usize) -> StoreResult<Vec<String>> {
    if baru < AMBANG_MUAT_MASSAL {
        return Ok(Vec::new());
    }
    let ada: i64 = tx
        .query_row("SELECT COUNT(*) FROM pegawai", [], |r| r.get(0))
        .map_err(db)?;
    if i64::try_from(baru).unwrap_or(i64::MAX) < ada {
        return Ok(Vec::new());
    }
    let mut st = tx
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'pegawai' AND sql IS NOT NULL")
        .map_err(db)?;
    let indeks = st
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(db)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db)?;
    for (nama, _) in &indeks {
        tx.execute_batch(&format!("DROP INDEX \"{}\"", nama.replace('"', "\"\"")))
            .map_err(db)?;
    }
    Ok(indeks.into_iter().map(|(_, sql)| sql).collect())
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> StoreResult<()> {
        self.baca(|c| c.query_row("SELECT 1", [], |_| Ok(())).map_err(db))
            .await
    }

    async fn simpan_instansi(
        &self,
        baru: &InstansiBaru,
        jejak: &Jejak,
    ) -> StoreResult<(Instansi, Perubahan)> {
        let baru = baru.clone();
        let jejak = jejak.clone();
        self.tulis(move |tx| {
            let lama = instansi_by_kode(tx, baru.kode.as_str())?;
            let t = waktu(jejak.waktu);
            let perubahan = match &lama {
                Some(l)
                    if l.jenis == baru.jenis
                        && l.nama == baru.nama
                        && l.kepala_daerah == baru.kepala_daerah
                        && l.status_kepala == baru.status_kepala
                        && l.demo == baru.demo =>
                {
                    return Ok((l.clone(), Perubahan::Tetap));
                }
                Some(l) => {
                    tx.execute(
                        "UPDATE instansi SET jenis = ?2, nama = ?3, kepala_daerah = ?4, status_kepala = ?5,
                         demo = ?6, diubah_pada = ?7 WHERE id = ?1",
                        params![
                            l.id.0,
                            baru.jenis.kode(),
                            baru.nama,
                            baru.kepala_daerah,
                            baru.status_kepala.kode(),
                            baru.demo,
                            t
                        ],
                    )
                    .map_err(db)?;
                    Perubahan::Diubah
                }
                None => {
                    tx.execute(
                        "INSERT INTO instansi (kode, jenis, nama, kepala_daerah, status_kepala, demo, dibuat_pada, diubah_pada)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                        params![
                            baru.kode.as_str(),
                            baru.jenis.kode(),
                            baru.nama,
                            baru.kepala_daerah,
                            baru.status_kepala.kode(),
                            baru.demo,
                            t
                        ],
                    )
                    .map_err(db)?;
                    Perubahan::Dibuat
                }
            };
            let sekarang = instansi_by_kode(tx, baru.kode.as_str())?
                .ok_or_else(|| StoreError::Backend("instansi hilang setelah ditulis".into()))?;
            audit(
                tx,
                &AuditBaru {
                    instansi_id: sekarang.id,
                    aksi: if lama.is_some() { "UBAH_INSTANSI" } else { "TAMBAH_INSTANSI" }.into(),
                    entitas: "instansi".into(),
                    entitas_id: Some(sekarang.id.to_string()),
                    sebelum: lama.as_ref().and_then(json),
                    sesudah: json(&sekarang),
                },
                &jejak,
            )?;
            Ok((sekarang, perubahan))
        })
        .await
    }

    async fn instansi(&self, id: InstansiId) -> StoreResult<Option<Instansi>> {
        self.baca(move |c| {
            c.prepare_cached(&format!(
                "SELECT {KOLOM_INSTANSI} FROM instansi WHERE id = ?1"
            ))
            .map_err(db)?
            .query_row([id.0], baris_instansi)
            .optional()
            .map_err(db)
        })
        .await
    }

    async fn instansi_by_kode(&self, kode_wilayah: &str) -> StoreResult<Option<Instansi>> {
        let k = kode_wilayah.to_string();
        self.baca(move |c| instansi_by_kode(c, &k)).await
    }

    async fn daftar_instansi(&self) -> StoreResult<Vec<Instansi>> {
        self.baca(|c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {KOLOM_INSTANSI} FROM instansi ORDER BY kode"
                ))
                .map_err(db)?;
            let rows = st.query_map([], baris_instansi).map_err(db)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(db)
        })
        .await
    }

    async fn simpan_user(&self, baru: &UserBaru, jejak: &Jejak) -> StoreResult<(User, Perubahan)> {
        let baru = baru.clone();
        let jejak = jejak.clone();
        self.tulis(move |tx| {
            let cari = |tx: &Transaction<'_>| -> StoreResult<Option<(User, Option<String>)>> {
                tx.query_row(
                    &format!("SELECT {KOLOM_USER}, u.hash_sandi FROM pengguna u WHERE u.username = ?1"),
                    [baru.username.as_str()],
                    |r| Ok((baris_user(r)?, r.get::<_, Option<String>>(7)?)),
                )
                .optional()
                .map_err(db)
            };
            let lama = cari(tx)?;
            let t = waktu(jejak.waktu);
            let perubahan = match &lama {
                Some((u, _)) if u.instansi_id != baru.instansi_id => {
                    return Err(StoreError::Konflik(format!(
                        "nama pengguna {} sudah dipakai di instansi lain",
                        baru.username
                    )));
                }
                Some((u, hash))
                    if u.nama == baru.nama
                        && u.peran == baru.peran
                        && u.unit_id == baru.unit_id
                        && (baru.hash_sandi.is_none() || baru.hash_sandi == *hash) =>
                {
                    return Ok((u.clone(), Perubahan::Tetap));
                }
                Some((u, _)) => {
                    tx.execute(
                        "UPDATE pengguna SET nama = ?2, peran = ?3, unit_id = ?4,
                         hash_sandi = COALESCE(?5, hash_sandi), diubah_pada = ?6 WHERE id = ?1",
                        params![
                            u.id.0,
                            baru.nama,
                            baru.peran.kode(),
                            baru.unit_id.map(|x| x.0),
                            baru.hash_sandi,
                            t
                        ],
                    )
                    .map_err(db)?;
                    Perubahan::Diubah
                }
                None => {
                    tx.execute(
                        "INSERT INTO pengguna (instansi_id, username, nama, peran, unit_id, hash_sandi, dibuat_pada, diubah_pada)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                        params![
                            baru.instansi_id.0,
                            baru.username.as_str(),
                            baru.nama,
                            baru.peran.kode(),
                            baru.unit_id.map(|x| x.0),
                            baru.hash_sandi,
                            t
                        ],
                    )
                    .map_err(db)?;
                    Perubahan::Dibuat
                }
            };
            let (user, _) = cari(tx)?.ok_or_else(|| StoreError::Backend("pengguna hilang setelah ditulis".into()))?;
            audit(
                tx,
                &AuditBaru {
                    instansi_id: user.instansi_id,
                    aksi: if lama.is_some() { "UBAH_PENGGUNA" } else { "TAMBAH_PENGGUNA" }.into(),
                    entitas: "pengguna".into(),
                    entitas_id: Some(user.id.to_string()),
                    sebelum: lama.as_ref().and_then(|(u, _)| json(u)),
                    sesudah: json(&user),
                },
                &jejak,
            )?;
            Ok((user, perubahan))
        })
        .await
    }

    async fn user_by_username(
        &self,
        username: &str,
    ) -> StoreResult<Option<(User, Option<String>)>> {
        let username = username.trim().to_lowercase();
        self.baca(move |c| {
            c.query_row(
                &format!("SELECT {KOLOM_USER}, u.hash_sandi FROM pengguna u WHERE u.username = ?1"),
                [username],
                |r| Ok((baris_user(r)?, r.get(7)?)),
            )
            .optional()
            .map_err(db)
        })
        .await
    }

    async fn daftar_user(&self, instansi: InstansiId) -> StoreResult<Vec<User>> {
        self.baca(move |c| {
            let mut st = c
                .prepare(&format!(
                    "SELECT {KOLOM_USER} FROM pengguna u WHERE u.instansi_id = ?1 ORDER BY u.username"
                ))
                .map_err(db)?;
            let rows = st.query_map([instansi.0], baris_user).map_err(db)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(db)
        })
        .await
    }

    async fn buat_sesi(&self, sesi: &Sesi) -> StoreResult<()> {
        let s = sesi.clone();
        self.tulis(move |tx| {
            tx.execute(
                "INSERT INTO sesi (token_hash, user_id, csrf, dibuat, kedaluwarsa) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![s.token_hash, s.user_id.0, s.csrf, waktu(s.dibuat), waktu(s.kedaluwarsa)],
            )
            .map_err(db)?;
            // Housekeeping: expired sessions of this user go away.
            tx.execute(
                "DELETE FROM sesi WHERE user_id = ?1 AND kedaluwarsa < ?2",
                params![s.user_id.0, waktu(s.dibuat)],
            )
            .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn sesi(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(Sesi, User)>> {
        let h = token_hash.to_string();
        self.baca(move |c| {
            c.query_row(
                &format!(
                    "SELECT {KOLOM_USER}, s.token_hash, s.csrf, s.dibuat, s.kedaluwarsa
                     FROM sesi s JOIN pengguna u ON u.id = s.user_id
                     WHERE s.token_hash = ?1 AND s.kedaluwarsa > ?2 AND u.aktif = 1"
                ),
                params![h, waktu(now)],
                |r| {
                    let u = baris_user(r)?;
                    Ok((
                        Sesi {
                            token_hash: r.get(7)?,
                            user_id: u.id,
                            csrf: r.get(8)?,
                            dibuat: parse_waktu(&r.get::<_, String>(9)?)?,
                            kedaluwarsa: parse_waktu(&r.get::<_, String>(10)?)?,
                        },
                        u,
                    ))
                },
            )
            .optional()
            .map_err(db)
        })
        .await
    }

    async fn hapus_sesi(&self, token_hash: &str) -> StoreResult<()> {
        let h = token_hash.to_string();
        self.tulis(move |tx| {
            tx.execute("DELETE FROM sesi WHERE token_hash = ?1", [h])
                .map_err(db)?;
            Ok(())
        })
        .await
    }

    async fn buat_token(
        &self,
        token: &TokenBaru,
        jejak: &Jejak,
        instansi: InstansiId,
    ) -> StoreResult<()> {
        let t = token.clone();
        let jejak = jejak.clone();
        self.tulis(move |tx| {
            tx.execute(
                "INSERT INTO token_api (token_hash, user_id, nama, dibuat, kedaluwarsa) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![t.token_hash, t.user_id.0, t.nama, waktu(jejak.waktu), t.kedaluwarsa.map(waktu)],
            )
            .map_err(db)?;
            audit(
                tx,
                &AuditBaru {
                    instansi_id: instansi,
                    aksi: "BUAT_TOKEN".into(),
                    entitas: "pengguna".into(),
                    entitas_id: Some(t.user_id.to_string()),
                    sebelum: None,
                    sesudah: Some(format!("{{\"nama\":{}}}", serde_json::Value::String(t.nama.clone()))),
                },
                &jejak,
            )
        })
        .await
    }

    async fn user_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<User>> {
        let h = token_hash.to_string();
        self.baca(move |c| {
            c.prepare_cached(&format!(
                "SELECT {KOLOM_USER} FROM token_api t JOIN pengguna u ON u.id = t.user_id
                 WHERE t.token_hash = ?1 AND (t.kedaluwarsa IS NULL OR t.kedaluwarsa > ?2) AND u.aktif = 1"
            ))
            .map_err(db)?
            .query_row(params![h, waktu(now)], baris_user)
            .optional()
            .map_err(db)
        })
        .await
    }

    async fn daftar_unit(&self, instansi: InstansiId) -> StoreResult<Vec<UnitKerja>> {
        self.baca(move |c| {
            let mut st = c
                .prepare("SELECT id, induk_id, nama, jenis FROM unit_kerja WHERE instansi_id = ?1 ORDER BY id")
                .map_err(db)?;
            let rows = st
                .query_map([instansi.0], |r| {
                    Ok(UnitKerja {
                        id: UnitId(r.get(0)?),
                        instansi_id: instansi,
                        induk_id: r.get::<_, Option<i64>>(1)?.map(UnitId),
                        nama: r.get(2)?,
                        jenis: kode(r.get(3)?, JenisUnit::parse)?,
                    })
                })
                .map_err(db)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(db)
        })
        .await
    }

    async fn daftar_jabatan(&self, instansi: InstansiId) -> StoreResult<Vec<Jabatan>> {
        self.baca(move |c| {
            let mut st = c
                .prepare("SELECT id, unit_id, nama, jenis, eselon FROM jabatan WHERE instansi_id = ?1 ORDER BY id")
                .map_err(db)?;
            let rows = st
                .query_map([instansi.0], |r| {
                    Ok(Jabatan {
                        id: netral_domain::organisasi::JabatanId(r.get(0)?),
                        instansi_id: instansi,
                        unit_id: UnitId(r.get(1)?),
                        nama: r.get(2)?,
                        jenis: r.get::<_, Option<String>>(3)?.map(|s| kode(s, JenisJabatan::parse)).transpose()?,
                        eselon: r.get::<_, Option<String>>(4)?.map(|s| kode(s, Eselon::parse)).transpose()?,
                    })
                })
                .map_err(db)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(db)
        })
        .await
    }

    async fn jumlah_per_unit(&self, instansi: InstansiId) -> StoreResult<HashMap<UnitId, u64>> {
        self.baca(move |c| {
            // Without statistics the planner walks pegawai_unit for the GROUP BY order and reads
            // every row for its status; the covering statistics index answers from the index.
            let mut st = c
                .prepare(
                    "SELECT unit_id, COUNT(*) FROM pegawai INDEXED BY pegawai_statistik WHERE instansi_id = ?1 AND status = 'AKTIF'
                     AND unit_id IS NOT NULL GROUP BY unit_id",
                )
                .map_err(db)?;
            let rows = st
                .query_map([instansi.0], |r| Ok((UnitId(r.get(0)?), r.get::<_, i64>(1)? as u64)))
                .map_err(db)?;
            rows.collect::<Result<HashMap<_, _>, _>>().map_err(db)
        })
        .await
    }

    async fn pegawai_tersimpan(&self, instansi: InstansiId) -> StoreResult<Vec<PegawaiTersimpan>> {
        self.baca(move |c| {
            let mut st = c
                .prepare("SELECT id, identitas, sidik, status FROM pegawai WHERE instansi_id = ?1")
                .map_err(db)?;
            let rows = st
                .query_map([instansi.0], |r| {
                    Ok(PegawaiTersimpan {
                        id: PegawaiId(r.get(0)?),
                        identitas: Identitas::from_stored(r.get(1)?),
                        sidik: r.get(2)?,
                        status: kode(r.get(3)?, StatusPegawai::parse)?,
                    })
                })
                .map_err(db)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(db)
        })
        .await
    }

    async fn versi_registri(&self, instansi: InstansiId) -> StoreResult<i64> {
        self.baca(move |c| {
            c.prepare_cached("SELECT versi_registri FROM instansi WHERE id = ?1")
                .map_err(db)?
                .query_row([instansi.0], |r| r.get(0))
                .optional()
                .map_err(db)?
                .ok_or_else(|| StoreError::TidakDitemukan(format!("instansi {instansi}")))
        })
        .await
    }

    async fn tulis_impor(
        &self,
        instansi: InstansiId,
        versi: i64,
        rencana: std::sync::Arc<RencanaImpor>,
        ringkasan: &AuditBaru,
        jejak: &Jejak,
    ) -> StoreResult<HasilTulisImpor> {
        let ringkasan = ringkasan.clone();
        let jejak = jejak.clone();
        self.tulis(move |tx| {
            let iid = instansi.0;
            let n = tx
                .execute(
                    "UPDATE instansi SET versi_registri = versi_registri + 1 WHERE id = ?1 AND versi_registri = ?2",
                    params![iid, versi],
                )
                .map_err(db)?;
            if n != 1 {
                return Err(StoreError::Konflik(
                    "data pegawai berubah sejak impor direncanakan; ulangi impor".into(),
                ));
            }
            let t = waktu(jejak.waktu);
            let mut p = Penyelesai::muat(tx, iid)?;
            let id_awal: i64 = tx
                .query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM pegawai WHERE instansi_id = ?1", [iid], |r| r.get(0))
                .map_err(db)?;
            // Superiors are resolved in memory (stored ids plus the ids new rows will get), so
            // each row is written once with its link instead of being rewritten afterwards.
            let mut peta: HashMap<String, i64> = HashMap::new();
            let ada_atasan = rencana.baru.iter().chain(rencana.ubah.iter().map(|(_, b)| b)).any(|b| b.data.atasan_identitas.is_some());
            if ada_atasan {
                let mut st = tx.prepare("SELECT identitas, id FROM pegawai WHERE instansi_id = ?1").map_err(db)?;
                let rows = st.query_map([iid], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(db)?;
                for row in rows {
                    let (k, v) = row.map_err(db)?;
                    peta.insert(k, v);
                }
                for (urut, b) in (0i64..).zip(&rencana.baru) {
                    peta.insert(b.identitas.as_str().to_string(), id_awal + urut);
                }
            }
            let atasan_dari = |d: &netral_domain::pegawai::DataPegawai| -> Option<i64> {
                d.atasan_identitas.as_deref().and_then(|a| peta.get(a).copied())
            };
            // A bulk load (the first import of a large Pemda) is much faster when the
            // secondary indexes are built once by sorting instead of row by row; the indexes
            // are read from the schema and recreated in the same transaction (a duplicate
            // identity then fails the unique index and everything rolls back).
            let indeks_ditunda = tunda_indeks_pegawai(tx, rencana.baru.len())?;
            for (urut, b) in (0i64..).zip(&rencana.baru) {
                let next_id = id_awal + urut;
                let unit = p.unit(tx, &b.data.unit_path)?;
                let jab = p.jabatan(tx, unit, &b.data)?;
                let mut st = tx
                    .prepare_cached(
                        "INSERT INTO pegawai (instansi_id, id, identitas, jenis, nip, ni_pppk, nik, nama, gelar_depan,
                         gelar_belakang, tempat_lahir, tanggal_lahir, jenis_kelamin, golongan, atasan_identitas, no_hp,
                         email, status, cari, sidik, unit_id, jabatan_id, dibuat_pada, atasan_id, diubah_pada)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                         ?20, ?21, ?22, ?23, ?24, ?23)",
                    )
                    .map_err(db)?;
                let v = nilai_pegawai(&b.identitas, &b.data, &b.sidik);
                let mut args: Vec<&dyn rusqlite::ToSql> = vec![&iid, &next_id];
                args.extend(v.iter().map(|x| x.as_ref() as &dyn rusqlite::ToSql));
                let atasan = atasan_dari(&b.data);
                args.push(&unit);
                args.push(&jab);
                args.push(&t);
                args.push(&atasan);
                st.execute(args.as_slice()).map_err(db)?;
            }
            for sql in &indeks_ditunda {
                tx.execute_batch(sql).map_err(db)?;
            }
            for (id, b) in &rencana.ubah {
                let sebelum: Option<String> = tx
                    .query_row(
                        "SELECT json_object('nama', nama, 'jenis', jenis, 'status', status, 'unit_id', unit_id,
                         'jabatan_id', jabatan_id, 'golongan', golongan, 'sidik', sidik)
                         FROM pegawai WHERE instansi_id = ?1 AND id = ?2",
                        params![iid, id.0],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(db)?;
                let unit = p.unit(tx, &b.data.unit_path)?;
                let jab = p.jabatan(tx, unit, &b.data)?;
                let mut st = tx
                    .prepare_cached(
                        "UPDATE pegawai SET identitas = ?3, jenis = ?4, nip = ?5, ni_pppk = ?6, nik = ?7, nama = ?8,
                         gelar_depan = ?9, gelar_belakang = ?10, tempat_lahir = ?11, tanggal_lahir = ?12,
                         jenis_kelamin = ?13, golongan = ?14, atasan_identitas = ?15, no_hp = ?16, email = ?17,
                         status = ?18, cari = ?19, sidik = ?20, unit_id = ?21, jabatan_id = ?22, diubah_pada = ?23,
                         atasan_id = ?24
                         WHERE instansi_id = ?1 AND id = ?2",
                    )
                    .map_err(db)?;
                let v = nilai_pegawai(&b.identitas, &b.data, &b.sidik);
                let mut args: Vec<&dyn rusqlite::ToSql> = vec![&iid, &id.0];
                args.extend(v.iter().map(|x| x.as_ref() as &dyn rusqlite::ToSql));
                let atasan = atasan_dari(&b.data);
                args.push(&unit);
                args.push(&jab);
                args.push(&t);
                args.push(&atasan);
                st.execute(args.as_slice()).map_err(db)?;
                audit(
                    tx,
                    &AuditBaru {
                        instansi_id: instansi,
                        aksi: "UBAH_PEGAWAI".into(),
                        entitas: "pegawai".into(),
                        entitas_id: Some(id.to_string()),
                        sebelum,
                        sesudah: json(&b.data),
                    },
                    &jejak,
                )?;
            }
            for id in &rencana.nonaktif {
                tx.prepare_cached(
                    "UPDATE pegawai SET status = 'TIDAK_AKTIF', diubah_pada = ?3 WHERE instansi_id = ?1 AND id = ?2",
                )
                .map_err(db)?
                .execute(params![iid, id.0, t])
                .map_err(db)?;
            }
            if !rencana.nonaktif.is_empty() {
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
                    &jejak,
                )?;
            }
            if !rencana.baru.is_empty() || !rencana.ubah.is_empty() {
                tx.execute(
                    "UPDATE pegawai SET atasan_id = (SELECT a.id FROM pegawai a
                        WHERE a.instansi_id = pegawai.instansi_id AND a.identitas = pegawai.atasan_identitas)
                     WHERE instansi_id = ?1 AND atasan_identitas IS NOT NULL AND atasan_id IS NULL",
                    [iid],
                )
                .map_err(db)?;
            }
            audit(tx, &ringkasan, &jejak)?;
            Ok(p.hasil)
        })
        .await
    }

    async fn statistik_pegawai(
        &self,
        instansi: InstansiId,
        unit_ids: Option<&[UnitId]>,
    ) -> StoreResult<Vec<(JenisPegawai, StatusPegawai, u64)>> {
        let units = unit_ids.map(|u| {
            u.iter()
                .map(|x| x.0.to_string())
                .collect::<Vec<_>>()
                .join(",")
        });
        self.baca(move |c| {
            let saring = match &units {
                Some(list) if list.is_empty() => return Ok(Vec::new()),
                Some(list) => format!(" AND unit_id IN ({list})"),
                None => String::new(),
            };
            let mut st = c
                .prepare(&format!(
                    "SELECT jenis, status, COUNT(*) FROM pegawai WHERE instansi_id = ?1{saring} GROUP BY jenis, status"
                ))
                .map_err(db)?;
            let rows = st
                .query_map([instansi.0], |r| {
                    Ok((
                        kode(r.get(0)?, JenisPegawai::parse)?,
                        kode(r.get(1)?, StatusPegawai::parse)?,
                        r.get::<_, i64>(2)? as u64,
                    ))
                })
                .map_err(db)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(db)
        })
        .await
    }

    async fn cari_pegawai(
        &self,
        instansi: InstansiId,
        filter: &FilterPegawai,
        halaman: Halaman,
    ) -> StoreResult<(Vec<PegawaiRingkas>, u64)> {
        let f = filter.clone();
        self.baca(move |c| {
            let mut kondisi = vec!["p.instansi_id = ?".to_string()];
            let mut args: Vec<Box<dyn rusqlite::ToSql>> = vec![Box::new(instansi.0)];
            if let Some(q) =
                f.q.as_deref()
                    .map(normalisasi_cari)
                    .filter(|q| !q.is_empty())
            {
                kondisi.push("instr(p.cari, ?) > 0".into());
                args.push(Box::new(q));
            }
            if let Some(units) = &f.unit_ids {
                if units.is_empty() {
                    return Ok((Vec::new(), 0));
                }
                let list = units
                    .iter()
                    .map(|u| u.0.to_string())
                    .collect::<Vec<_>>()
                    .join(",");
                kondisi.push(format!("p.unit_id IN ({list})"));
            }
            if let Some(j) = f.jenis {
                kondisi.push("p.jenis = ?".into());
                args.push(Box::new(j.kode()));
            }
            if let Some(s) = f.status {
                kondisi.push("p.status = ?".into());
                args.push(Box::new(s.kode()));
            }
            let where_ = kondisi.join(" AND ");
            let refs: Vec<&dyn rusqlite::ToSql> = args.iter().map(|a| a.as_ref()).collect();
            let total: i64 = c
                .query_row(
                    &format!("SELECT COUNT(*) FROM pegawai p WHERE {where_}"),
                    refs.as_slice(),
                    |r| r.get(0),
                )
                .map_err(db)?;
            // The page's ids come from the narrow index first, so skipping to a deep page
            // does not evaluate the joins for every skipped row. CROSS JOIN keeps that order:
            // left alone, SQLite 3.50 prefers scanning every employee and probing the page.
            let sql = format!(
                "SELECT {KOLOM_RINGKAS}
                 FROM (SELECT p.id AS pid, p.cari AS pcari FROM pegawai p WHERE {where_}
                       ORDER BY p.cari, p.id LIMIT {} OFFSET {}) h
                 CROSS JOIN pegawai p ON p.instansi_id = ? AND p.id = h.pid
                 LEFT JOIN jabatan j ON j.instansi_id = p.instansi_id AND j.id = p.jabatan_id
                 LEFT JOIN unit_kerja u ON u.instansi_id = p.instansi_id AND u.id = p.unit_id
                 ORDER BY h.pcari, h.pid",
                halaman.ukuran,
                halaman.offset()
            );
            let mut refs = refs;
            refs.push(&instansi.0);
            let mut st = c.prepare(&sql).map_err(db)?;
            let rows = st.query_map(refs.as_slice(), baris_ringkas).map_err(db)?;
            let list = rows.collect::<Result<Vec<_>, _>>().map_err(db)?;
            Ok((list, total as u64))
        })
        .await
    }

    async fn pegawai(
        &self,
        instansi: InstansiId,
        id: PegawaiId,
    ) -> StoreResult<Option<PegawaiDetail>> {
        self.baca(move |c| {
            c.query_row(
                &format!(
                    "SELECT {KOLOM_RINGKAS}, p.nip, p.ni_pppk, p.nik, p.tempat_lahir, p.tanggal_lahir,
                     p.jenis_kelamin, j.jenis, j.eselon, p.atasan_id, a.nama, p.no_hp, p.email, p.diubah_pada
                     {JOIN_RINGKAS}
                     LEFT JOIN pegawai a ON a.instansi_id = p.instansi_id AND a.id = p.atasan_id
                     WHERE p.instansi_id = ?1 AND p.id = ?2"
                ),
                params![instansi.0, id.0],
                |r| {
                    Ok(PegawaiDetail {
                        ringkas: baris_ringkas(r)?,
                        nip: r.get(11)?,
                        ni_pppk: r.get(12)?,
                        nik: r.get(13)?,
                        tempat_lahir: r.get(14)?,
                        tanggal_lahir: r
                            .get::<_, Option<String>>(15)?
                            .and_then(|s| s.parse::<NaiveDate>().ok()),
                        jenis_kelamin: r.get::<_, Option<String>>(16)?.map(|s| kode(s, JenisKelamin::parse)).transpose()?,
                        jabatan_jenis: r.get::<_, Option<String>>(17)?.map(|s| kode(s, JenisJabatan::parse)).transpose()?,
                        eselon: r.get::<_, Option<String>>(18)?.map(|s| kode(s, Eselon::parse)).transpose()?,
                        atasan_id: r.get::<_, Option<i64>>(19)?.map(PegawaiId),
                        atasan_nama: r.get(20)?,
                        no_hp: r.get(21)?,
                        email: r.get(22)?,
                        diubah_pada: parse_waktu(&r.get::<_, String>(23)?)?,
                    })
                },
            )
            .optional()
            .map_err(db)
        })
        .await
    }

    async fn catat_audit(&self, entri: &AuditBaru, jejak: &Jejak) -> StoreResult<()> {
        let e = entri.clone();
        let j = jejak.clone();
        self.tulis(move |tx| audit(tx, &e, &j)).await
    }

    async fn daftar_audit(
        &self,
        instansi: InstansiId,
        batas: u32,
        sebelum_id: Option<i64>,
    ) -> StoreResult<Vec<EntriAudit>> {
        self.baca(move |c| {
            let mut st = c
                .prepare(
                    "SELECT id, waktu, aktor, aksi, entitas, entitas_id, sebelum, sesudah FROM audit_log
                     WHERE instansi_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
                )
                .map_err(db)?;
            let rows = st
                .query_map(params![instansi.0, sebelum_id.unwrap_or(i64::MAX), batas], |r| {
                    Ok(EntriAudit {
                        id: r.get(0)?,
                        instansi_id: instansi,
                        waktu: parse_waktu(&r.get::<_, String>(1)?)?,
                        aktor: r.get(2)?,
                        aksi: r.get(3)?,
                        entitas: r.get(4)?,
                        entitas_id: r.get(5)?,
                        sebelum: r.get(6)?,
                        sesudah: r.get(7)?,
                    })
                })
                .map_err(db)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(db)
        })
        .await
    }

    // --- transparency log: implemented in crate::log ----------------------------------
    async fn daftarkan_log(
        &self,
        instansi: InstansiId,
        origin: &str,
        vkey: &str,
    ) -> StoreResult<InfoLog> {
        self.log_daftarkan(instansi, origin, vkey).await
    }
    async fn info_log(&self, instansi: InstansiId) -> StoreResult<Option<InfoLog>> {
        self.log_info(instansi).await
    }
    async fn daftar_log(&self) -> StoreResult<Vec<InfoLog>> {
        self.log_daftar().await
    }
    async fn tambah_daun(&self, instansi: InstansiId, daun: &[DaunBaru]) -> StoreResult<Vec<u64>> {
        self.log_tambah(instansi, daun).await
    }
    async fn daun_log(
        &self,
        instansi: InstansiId,
        dari: u64,
        sampai: u64,
    ) -> StoreResult<Vec<Daun>> {
        self.log_daun(instansi, dari, sampai).await
    }
    async fn indeks_daun(&self, instansi: InstansiId, hash: &Hash32) -> StoreResult<Option<u64>> {
        self.log_indeks(instansi, hash).await
    }
    async fn tulis_pohon(
        &self,
        instansi: InstansiId,
        pohon_lama: u64,
        pohon_baru: u64,
        mulai: u64,
        hash: &[Hash32],
    ) -> StoreResult<()> {
        self.log_tulis_pohon(instansi, pohon_lama, pohon_baru, mulai, hash)
            .await
    }
    async fn baca_hash_pohon(
        &self,
        instansi: InstansiId,
        indeks: &[u64],
    ) -> StoreResult<Vec<Hash32>> {
        self.log_baca_hash(instansi, indeks).await
    }
    async fn rentang_hash_pohon(
        &self,
        instansi: InstansiId,
        dari: u64,
        sampai: u64,
    ) -> StoreResult<Vec<Hash32>> {
        self.log_rentang_hash(instansi, dari, sampai).await
    }
    async fn simpan_checkpoint(
        &self,
        instansi: InstansiId,
        ukuran_lama: Option<u64>,
        cp: &CheckpointBaru,
    ) -> StoreResult<()> {
        self.log_simpan_checkpoint(instansi, ukuran_lama, cp).await
    }
    async fn checkpoint_terakhir(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Option<CheckpointTersimpan>> {
        self.log_checkpoint_terakhir(instansi).await
    }
    async fn checkpoint_log(
        &self,
        instansi: InstansiId,
        ukuran: u64,
    ) -> StoreResult<Option<CheckpointTersimpan>> {
        self.log_checkpoint(instansi, ukuran).await
    }
    async fn daftar_checkpoint(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<CheckpointTersimpan>> {
        self.log_daftar_checkpoint(instansi).await
    }
    async fn simpan_kosignatur(
        &self,
        instansi: InstansiId,
        ukuran: u64,
        baris: &[String],
        waktu: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.log_simpan_kosignatur(instansi, ukuran, baris, waktu)
            .await
    }
    async fn kosignatur(&self, instansi: InstansiId, ukuran: u64) -> StoreResult<Vec<String>> {
        self.log_kosignatur(instansi, ukuran).await
    }

    // --- pakta: implemented in crate::pakta --------------------------------------------
    async fn simpan_pemilihan(
        &self,
        baru: &PemilihanBaru,
        jejak: &Jejak,
    ) -> StoreResult<(pakta::Pemilihan, Perubahan)> {
        self.pakta_simpan_pemilihan(baru, jejak).await
    }
    async fn daftar_pemilihan(&self, instansi: InstansiId) -> StoreResult<Vec<pakta::Pemilihan>> {
        self.pakta_daftar_pemilihan(instansi).await
    }
    async fn pemilihan(
        &self,
        instansi: InstansiId,
        id: pakta::PemilihanId,
    ) -> StoreResult<Option<pakta::Pemilihan>> {
        self.pakta_pemilihan(instansi, id).await
    }
    async fn simpan_templat(
        &self,
        baru: &pakta::PaktaTemplateBaru,
        jejak: &Jejak,
    ) -> StoreResult<(pakta::PaktaTemplate, Perubahan)> {
        self.pakta_simpan_templat(baru, jejak).await
    }
    async fn sahkan_templat(
        &self,
        instansi: InstansiId,
        id: pakta::TemplateId,
        oleh: &str,
        tgl: chrono::NaiveDate,
        jejak: &Jejak,
    ) -> StoreResult<pakta::PaktaTemplate> {
        self.pakta_sahkan_templat(instansi, id, oleh, tgl, jejak)
            .await
    }
    async fn templat(
        &self,
        instansi: InstansiId,
        id: pakta::TemplateId,
    ) -> StoreResult<Option<pakta::PaktaTemplate>> {
        self.pakta_templat(instansi, id).await
    }
    async fn daftar_templat(
        &self,
        instansi: InstansiId,
        pemilihan: Option<pakta::PemilihanId>,
    ) -> StoreResult<Vec<pakta::PaktaTemplate>> {
        self.pakta_daftar_templat(instansi, pemilihan).await
    }
    async fn simpan_kampanye(
        &self,
        baru: &KampanyeBaru,
        jejak: &Jejak,
    ) -> StoreResult<(pakta::Kampanye, Perubahan)> {
        self.pakta_simpan_kampanye(baru, jejak).await
    }
    async fn kampanye(
        &self,
        instansi: InstansiId,
        id: pakta::KampanyeId,
    ) -> StoreResult<Option<pakta::Kampanye>> {
        self.pakta_kampanye(instansi, id).await
    }
    async fn daftar_kampanye(&self, instansi: InstansiId) -> StoreResult<Vec<pakta::Kampanye>> {
        self.pakta_daftar_kampanye(instansi).await
    }

    // --- signing: implemented in crate::ttd ---------------------------------------------
    async fn simpan_tanda_tangan(
        &self,
        instansi: InstansiId,
        batch: &[ttd::TandaTanganMasuk],
    ) -> StoreResult<Vec<ttd::HasilTtd>> {
        self.ttd_simpan(instansi, batch).await
    }
    async fn tanda_tangan(
        &self,
        instansi: InstansiId,
        id: ttd::TandaTanganId,
    ) -> StoreResult<Option<ttd::TandaTanganTersimpan>> {
        self.ttd_satu(instansi, id).await
    }
    async fn tanda_tangan_by_daun(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<ttd::TandaTanganTersimpan>> {
        self.ttd_by_daun(instansi, hash).await
    }
    async fn daftar_tanda_tangan(
        &self,
        instansi: InstansiId,
        filter: &ttd::FilterTtd,
        halaman: Halaman,
    ) -> StoreResult<(Vec<ttd::TandaTanganTersimpan>, u64)> {
        self.ttd_daftar(instansi, filter, halaman).await
    }
    async fn daftar_mewakili(
        &self,
        instansi: InstansiId,
        id: ttd::TandaTanganId,
    ) -> StoreResult<Vec<PegawaiId>> {
        self.ttd_mewakili(instansi, id).await
    }
    async fn batalkan_tanda_tangan(
        &self,
        instansi: InstansiId,
        id: ttd::TandaTanganId,
        pembatalan: &ttd::Pembatalan,
        daun: &DaunBaru,
        jejak: &Jejak,
    ) -> StoreResult<ttd::TandaTanganTersimpan> {
        self.ttd_batalkan(instansi, id, pembatalan, daun, jejak)
            .await
    }
    async fn perubahan_ttd(
        &self,
        instansi: InstansiId,
        template: ttd::TemplateId,
        versi: u32,
        setelah: Option<u64>,
    ) -> StoreResult<Vec<ttd::PerubahanTtd>> {
        self.ttd_perubahan(instansi, template, versi, setelah).await
    }
    async fn simpan_pernyataan_saksi(
        &self,
        instansi: InstansiId,
        pernyataan: &ttd::PernyataanSaksi,
        daun: &DaunBaru,
        jejak: &Jejak,
    ) -> StoreResult<ttd::PernyataanSaksiTersimpan> {
        self.ttd_simpan_saksi(instansi, pernyataan, daun, jejak)
            .await
    }
    async fn pernyataan_saksi(
        &self,
        instansi: InstansiId,
        ttd: ttd::TandaTanganId,
    ) -> StoreResult<Vec<ttd::PernyataanSaksiTersimpan>> {
        self.ttd_saksi(instansi, ttd).await
    }
    async fn pernyataan_saksi_by_daun(
        &self,
        instansi: InstansiId,
        hash: &Hash32,
    ) -> StoreResult<Option<ttd::PernyataanSaksiTersimpan>> {
        self.ttd_saksi_by_daun(instansi, hash).await
    }
    async fn berkas(
        &self,
        instansi: InstansiId,
        hash: &ttd::HashSha256,
    ) -> StoreResult<Option<ttd::Berkas>> {
        self.ttd_berkas(instansi, hash).await
    }
    async fn roster_kampanye(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<netral_domain::pakta::PegawaiRingkas>> {
        self.ttd_roster(instansi).await
    }
    async fn simpan_acara_ikrar(
        &self,
        baru: &ttd::AcaraIkrarBaru,
        jejak: &Jejak,
    ) -> StoreResult<ttd::AcaraIkrar> {
        self.ttd_simpan_acara(baru, jejak).await
    }
    async fn daftar_acara_ikrar(&self, instansi: InstansiId) -> StoreResult<Vec<ttd::AcaraIkrar>> {
        self.ttd_daftar_acara(instansi).await
    }
    async fn catat_kehadiran(
        &self,
        instansi: InstansiId,
        hadir: &[ttd::KehadiranIkrar],
        jejak: &Jejak,
    ) -> StoreResult<u64> {
        self.ttd_catat_kehadiran(instansi, hadir, jejak).await
    }
    async fn kehadiran_ikrar(
        &self,
        instansi: InstansiId,
        acara: ttd::AcaraIkrarId,
    ) -> StoreResult<Vec<ttd::KehadiranIkrar>> {
        self.ttd_kehadiran(instansi, acara).await
    }
    async fn simpan_otp(&self, otp: &ttd::OtpBaru) -> StoreResult<()> {
        self.ttd_simpan_otp(otp).await
    }
    async fn pakai_otp(
        &self,
        instansi: InstansiId,
        pegawai: PegawaiId,
        kode_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<ttd::HasilOtp> {
        self.ttd_pakai_otp(instansi, pegawai, kode_hash, now).await
    }
    async fn simpan_tautan(&self, tautan: &ttd::TautanTtd) -> StoreResult<()> {
        self.ttd_simpan_tautan(tautan).await
    }
    async fn tautan(&self, token_hash: &str) -> StoreResult<Option<ttd::TautanTtd>> {
        self.ttd_tautan(token_hash).await
    }
    async fn antre_notifikasi(&self, pesan: &[ttd::NotifikasiBaru]) -> StoreResult<Vec<i64>> {
        self.ttd_antre(pesan).await
    }
    async fn ambil_notifikasi(
        &self,
        now: DateTime<Utc>,
        sewa_sampai: DateTime<Utc>,
        batas: usize,
    ) -> StoreResult<Vec<ttd::Notifikasi>> {
        self.ttd_ambil_notifikasi(now, sewa_sampai, batas).await
    }
    async fn selesai_notifikasi(
        &self,
        id: i64,
        hasil: &ttd::HasilKirim,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        self.ttd_selesai_notifikasi(id, hasil, now).await
    }
    async fn daftar_notifikasi(
        &self,
        instansi: InstansiId,
        halaman: Halaman,
    ) -> StoreResult<(Vec<ttd::Notifikasi>, u64)> {
        self.ttd_daftar_notifikasi(instansi, halaman).await
    }
}
