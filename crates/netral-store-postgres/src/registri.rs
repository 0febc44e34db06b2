//! The `Store` implementation: registry, accounts, audit. Behaviour and audit entries
//! mirror the SQLite adapter; the bulk import lives in [`crate::impor`].

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;
use tokio_postgres::types::ToSql;

use netral_domain::ident::{JenisPemda, KodeWilayah};
use netral_domain::organisasi::{JabatanId, JenisUnit, StatusKepalaDaerah};
use netral_domain::pegawai::Identitas;
use netral_store::*;

use crate::{PostgresStore, db, kode, kode_opsi, kolom};

const KOLOM_INSTANSI: &str = "id, kode, jenis, nama, kepala_daerah, status_kepala, demo";

fn baris_instansi(r: &Row) -> StoreResult<Instansi> {
    Ok(Instansi {
        id: InstansiId(kolom(r, 0)?),
        kode: kode(kolom(r, 1)?, KodeWilayah::parse)?,
        jenis: kode(kolom(r, 2)?, JenisPemda::parse)?,
        nama: kolom(r, 3)?,
        kepala_daerah: kolom(r, 4)?,
        status_kepala: kode(kolom(r, 5)?, StatusKepalaDaerah::parse)?,
        demo: kolom(r, 6)?,
    })
}

const KOLOM_USER: &str = "u.id, u.instansi_id, u.username, u.nama, u.peran, u.unit_id, u.aktif";

fn baris_user(r: &Row) -> StoreResult<User> {
    Ok(User {
        id: UserId(kolom(r, 0)?),
        instansi_id: InstansiId(kolom(r, 1)?),
        username: kode(kolom(r, 2)?, Username::parse)?,
        nama: kolom(r, 3)?,
        peran: kode(kolom(r, 4)?, Peran::parse)?,
        unit_id: kolom::<Option<i64>>(r, 5)?.map(UnitId),
        aktif: kolom(r, 6)?,
    })
}

const KOLOM_RINGKAS: &str = "p.id, p.identitas, p.jenis, p.nama, p.gelar_depan, p.gelar_belakang, \
     j.nama, p.unit_id, u.nama, p.golongan, p.status";
const JOIN_RINGKAS: &str = "FROM pegawai p \
     LEFT JOIN jabatan j ON j.instansi_id = p.instansi_id AND j.id = p.jabatan_id \
     LEFT JOIN unit_kerja u ON u.instansi_id = p.instansi_id AND u.id = p.unit_id";

fn baris_ringkas(r: &Row) -> StoreResult<PegawaiRingkas> {
    Ok(PegawaiRingkas {
        id: PegawaiId(kolom(r, 0)?),
        identitas: kolom(r, 1)?,
        jenis: kode(kolom(r, 2)?, JenisPegawai::parse)?,
        nama: kolom(r, 3)?,
        gelar_depan: kolom(r, 4)?,
        gelar_belakang: kolom(r, 5)?,
        jabatan: kolom(r, 6)?,
        unit_id: kolom::<Option<i64>>(r, 7)?.map(UnitId),
        unit: kolom(r, 8)?,
        golongan: kolom(r, 9)?,
        status: kode(kolom(r, 10)?, StatusPegawai::parse)?,
    })
}

/// Appends one audit entry (the id comes from the table's identity sequence).
pub(crate) async fn audit<C: GenericClient>(
    c: &C,
    a: &AuditBaru,
    jejak: &Jejak,
) -> StoreResult<()> {
    let st = c
        .prepare_cached(
            "INSERT INTO audit_log (instansi_id, waktu, aktor, aksi, entitas, entitas_id, sebelum, sesudah)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .await
        .map_err(db)?;
    c.execute(
        &st,
        &[
            &a.instansi_id.0,
            &jejak.waktu,
            &jejak.aktor,
            &a.aksi,
            &a.entitas,
            &a.entitas_id,
            &a.sebelum,
            &a.sesudah,
        ],
    )
    .await
    .map_err(db)?;
    Ok(())
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> Option<String> {
    serde_json::to_string(v).ok()
}

async fn instansi_by_kode<C: GenericClient>(
    c: &C,
    kode_wilayah: &str,
    kunci: bool,
) -> StoreResult<Option<Instansi>> {
    let sql = if kunci {
        format!("SELECT {KOLOM_INSTANSI} FROM instansi WHERE kode = $1 FOR UPDATE")
    } else {
        format!("SELECT {KOLOM_INSTANSI} FROM instansi WHERE kode = $1")
    };
    let st = c.prepare_cached(&sql).await.map_err(db)?;
    c.query_opt(&st, &[&kode_wilayah])
        .await
        .map_err(db)?
        .as_ref()
        .map(baris_instansi)
        .transpose()
}

async fn user_by_username<C: GenericClient>(
    c: &C,
    username: &str,
    kunci: bool,
) -> StoreResult<Option<(User, Option<String>)>> {
    let sql = format!(
        "SELECT {KOLOM_USER}, u.hash_sandi FROM pengguna u WHERE u.username = $1{}",
        if kunci { " FOR UPDATE" } else { "" }
    );
    let st = c.prepare_cached(&sql).await.map_err(db)?;
    match c.query_opt(&st, &[&username]).await.map_err(db)? {
        Some(r) => Ok(Some((baris_user(&r)?, kolom(&r, 7)?))),
        None => Ok(None),
    }
}

/// Runs one prepared query and maps every row.
async fn daftar<C: GenericClient, T>(
    c: &C,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
    f: impl Fn(&Row) -> StoreResult<T>,
) -> StoreResult<Vec<T>> {
    let st = c.prepare_cached(sql).await.map_err(db)?;
    c.query(&st, params)
        .await
        .map_err(db)?
        .iter()
        .map(f)
        .collect()
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn ping(&self) -> StoreResult<()> {
        let c = self.klien().await?;
        c.simple_query("SELECT 1").await.map_err(db)?;
        Ok(())
    }

    async fn simpan_instansi(
        &self,
        baru: &InstansiBaru,
        jejak: &Jejak,
    ) -> StoreResult<(Instansi, Perubahan)> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        // Insert when absent. If another process registers the same kode meanwhile, the
        // insert waits for it and becomes a no-op; its row is then treated as existing.
        let mut lama = instansi_by_kode(&tx, baru.kode.as_str(), true).await?;
        let mut dibuat = false;
        if lama.is_none() {
            let st = tx
                .prepare_cached(
                    "INSERT INTO instansi (kode, jenis, nama, kepala_daerah, status_kepala, demo, dibuat_pada, diubah_pada)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT ON CONSTRAINT instansi_kode_unik DO NOTHING",
                )
                .await
                .map_err(db)?;
            let n = tx
                .execute(
                    &st,
                    &[
                        &baru.kode.as_str(),
                        &baru.jenis.kode(),
                        &baru.nama,
                        &baru.kepala_daerah,
                        &baru.status_kepala.kode(),
                        &baru.demo,
                        &jejak.waktu,
                    ],
                )
                .await
                .map_err(db)?;
            dibuat = n == 1;
            if !dibuat {
                lama = instansi_by_kode(&tx, baru.kode.as_str(), true).await?;
            }
        }
        let perubahan = match &lama {
            _ if dibuat => Perubahan::Dibuat,
            None => {
                return Err(StoreError::Backend(
                    "instansi bentrok tetapi tidak ditemukan".into(),
                ));
            }
            Some(l)
                if l.jenis == baru.jenis
                    && l.nama == baru.nama
                    && l.kepala_daerah == baru.kepala_daerah
                    && l.status_kepala == baru.status_kepala
                    && l.demo == baru.demo =>
            {
                tx.commit().await.map_err(db)?;
                return Ok((l.clone(), Perubahan::Tetap));
            }
            Some(l) => {
                let st = tx
                    .prepare_cached(
                        "UPDATE instansi SET jenis = $2, nama = $3, kepala_daerah = $4, status_kepala = $5,
                         demo = $6, diubah_pada = $7 WHERE id = $1",
                    )
                    .await
                    .map_err(db)?;
                tx.execute(
                    &st,
                    &[
                        &l.id.0,
                        &baru.jenis.kode(),
                        &baru.nama,
                        &baru.kepala_daerah,
                        &baru.status_kepala.kode(),
                        &baru.demo,
                        &jejak.waktu,
                    ],
                )
                .await
                .map_err(db)?;
                Perubahan::Diubah
            }
        };
        let sekarang = instansi_by_kode(&tx, baru.kode.as_str(), false)
            .await?
            .ok_or_else(|| StoreError::Backend("instansi hilang setelah ditulis".into()))?;
        audit(
            &tx,
            &AuditBaru {
                instansi_id: sekarang.id,
                aksi: if lama.is_some() {
                    "UBAH_INSTANSI"
                } else {
                    "TAMBAH_INSTANSI"
                }
                .into(),
                entitas: "instansi".into(),
                entitas_id: Some(sekarang.id.to_string()),
                sebelum: lama.as_ref().and_then(json),
                sesudah: json(&sekarang),
            },
            jejak,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok((sekarang, perubahan))
    }

    async fn instansi(&self, id: InstansiId) -> StoreResult<Option<Instansi>> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {KOLOM_INSTANSI} FROM instansi WHERE id = $1"
            ))
            .await
            .map_err(db)?;
        c.query_opt(&st, &[&id.0])
            .await
            .map_err(db)?
            .as_ref()
            .map(baris_instansi)
            .transpose()
    }

    async fn instansi_by_kode(&self, kode_wilayah: &str) -> StoreResult<Option<Instansi>> {
        let c = self.klien().await?;
        instansi_by_kode(&c, kode_wilayah, false).await
    }

    async fn daftar_instansi(&self) -> StoreResult<Vec<Instansi>> {
        let c = self.klien().await?;
        daftar(
            &c,
            &format!("SELECT {KOLOM_INSTANSI} FROM instansi ORDER BY kode"),
            &[],
            baris_instansi,
        )
        .await
    }

    async fn simpan_user(&self, baru: &UserBaru, jejak: &Jejak) -> StoreResult<(User, Perubahan)> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        // As for instansi: a concurrent registration of the same username turns the insert
        // into a no-op and the row is then handled as existing.
        let mut lama = user_by_username(&tx, baru.username.as_str(), true).await?;
        let mut dibuat = false;
        if lama.is_none() {
            let st = tx
                .prepare_cached(
                    "INSERT INTO pengguna (instansi_id, username, nama, peran, unit_id, hash_sandi, dibuat_pada, diubah_pada)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT ON CONSTRAINT pengguna_username_unik DO NOTHING",
                )
                .await
                .map_err(db)?;
            let n = tx
                .execute(
                    &st,
                    &[
                        &baru.instansi_id.0,
                        &baru.username.as_str(),
                        &baru.nama,
                        &baru.peran.kode(),
                        &baru.unit_id.map(|x| x.0),
                        &baru.hash_sandi,
                        &jejak.waktu,
                    ],
                )
                .await
                .map_err(db)?;
            dibuat = n == 1;
            if !dibuat {
                lama = user_by_username(&tx, baru.username.as_str(), true).await?;
            }
        }
        let perubahan = match &lama {
            _ if dibuat => Perubahan::Dibuat,
            None => {
                return Err(StoreError::Backend(
                    "pengguna bentrok tetapi tidak ditemukan".into(),
                ));
            }
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
                tx.commit().await.map_err(db)?;
                return Ok((u.clone(), Perubahan::Tetap));
            }
            Some((u, _)) => {
                let st = tx
                    .prepare_cached(
                        "UPDATE pengguna SET nama = $2, peran = $3, unit_id = $4,
                         hash_sandi = COALESCE($5, hash_sandi), diubah_pada = $6 WHERE id = $1",
                    )
                    .await
                    .map_err(db)?;
                tx.execute(
                    &st,
                    &[
                        &u.id.0,
                        &baru.nama,
                        &baru.peran.kode(),
                        &baru.unit_id.map(|x| x.0),
                        &baru.hash_sandi,
                        &jejak.waktu,
                    ],
                )
                .await
                .map_err(db)?;
                Perubahan::Diubah
            }
        };
        let (user, _) = user_by_username(&tx, baru.username.as_str(), false)
            .await?
            .ok_or_else(|| StoreError::Backend("pengguna hilang setelah ditulis".into()))?;
        audit(
            &tx,
            &AuditBaru {
                instansi_id: user.instansi_id,
                aksi: if lama.is_some() {
                    "UBAH_PENGGUNA"
                } else {
                    "TAMBAH_PENGGUNA"
                }
                .into(),
                entitas: "pengguna".into(),
                entitas_id: Some(user.id.to_string()),
                sebelum: lama.as_ref().and_then(|(u, _)| json(u)),
                sesudah: json(&user),
            },
            jejak,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok((user, perubahan))
    }

    async fn user_by_username(
        &self,
        username: &str,
    ) -> StoreResult<Option<(User, Option<String>)>> {
        let username = username.trim().to_lowercase();
        let c = self.klien().await?;
        user_by_username(&c, &username, false).await
    }

    async fn daftar_user(&self, instansi: InstansiId) -> StoreResult<Vec<User>> {
        let c = self.klien().await?;
        daftar(
            &c,
            &format!(
                "SELECT {KOLOM_USER} FROM pengguna u WHERE u.instansi_id = $1 ORDER BY u.username"
            ),
            &[&instansi.0],
            baris_user,
        )
        .await
    }

    async fn buat_sesi(&self, sesi: &Sesi) -> StoreResult<()> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let st = tx
            .prepare_cached("INSERT INTO sesi (token_hash, user_id, csrf, dibuat, kedaluwarsa) VALUES ($1, $2, $3, $4, $5)")
            .await
            .map_err(db)?;
        tx.execute(
            &st,
            &[
                &sesi.token_hash,
                &sesi.user_id.0,
                &sesi.csrf,
                &sesi.dibuat,
                &sesi.kedaluwarsa,
            ],
        )
        .await
        .map_err(db)?;
        // Housekeeping: expired sessions of this user go away.
        let st = tx
            .prepare_cached("DELETE FROM sesi WHERE user_id = $1 AND kedaluwarsa < $2")
            .await
            .map_err(db)?;
        tx.execute(&st, &[&sesi.user_id.0, &sesi.dibuat])
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)
    }

    async fn sesi(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<(Sesi, User)>> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {KOLOM_USER}, s.token_hash, s.csrf, s.dibuat, s.kedaluwarsa
                 FROM sesi s JOIN pengguna u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.kedaluwarsa > $2 AND u.aktif"
            ))
            .await
            .map_err(db)?;
        let Some(r) = c.query_opt(&st, &[&token_hash, &now]).await.map_err(db)? else {
            return Ok(None);
        };
        let u = baris_user(&r)?;
        Ok(Some((
            Sesi {
                token_hash: kolom(&r, 7)?,
                user_id: u.id,
                csrf: kolom(&r, 8)?,
                dibuat: kolom(&r, 9)?,
                kedaluwarsa: kolom(&r, 10)?,
            },
            u,
        )))
    }

    async fn hapus_sesi(&self, token_hash: &str) -> StoreResult<()> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached("DELETE FROM sesi WHERE token_hash = $1")
            .await
            .map_err(db)?;
        c.execute(&st, &[&token_hash]).await.map_err(db)?;
        Ok(())
    }

    async fn buat_token(
        &self,
        token: &TokenBaru,
        jejak: &Jejak,
        instansi: InstansiId,
    ) -> StoreResult<()> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let st = tx
            .prepare_cached(
                "INSERT INTO token_api (token_hash, user_id, nama, dibuat, kedaluwarsa) VALUES ($1, $2, $3, $4, $5)",
            )
            .await
            .map_err(db)?;
        tx.execute(
            &st,
            &[
                &token.token_hash,
                &token.user_id.0,
                &token.nama,
                &jejak.waktu,
                &token.kedaluwarsa,
            ],
        )
        .await
        .map_err(db)?;
        audit(
            &tx,
            &AuditBaru {
                instansi_id: instansi,
                aksi: "BUAT_TOKEN".into(),
                entitas: "pengguna".into(),
                entitas_id: Some(token.user_id.to_string()),
                sebelum: None,
                sesudah: Some(format!(
                    "{{\"nama\":{}}}",
                    serde_json::Value::String(token.nama.clone())
                )),
            },
            jejak,
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    async fn user_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Option<User>> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {KOLOM_USER} FROM token_api t JOIN pengguna u ON u.id = t.user_id
                 WHERE t.token_hash = $1 AND (t.kedaluwarsa IS NULL OR t.kedaluwarsa > $2) AND u.aktif"
            ))
            .await
            .map_err(db)?;
        c.query_opt(&st, &[&token_hash, &now])
            .await
            .map_err(db)?
            .as_ref()
            .map(baris_user)
            .transpose()
    }

    async fn daftar_unit(&self, instansi: InstansiId) -> StoreResult<Vec<UnitKerja>> {
        let c = self.klien().await?;
        daftar(
            &c,
            "SELECT id, induk_id, nama, jenis FROM unit_kerja WHERE instansi_id = $1 ORDER BY id",
            &[&instansi.0],
            |r| {
                Ok(UnitKerja {
                    id: UnitId(kolom(r, 0)?),
                    instansi_id: instansi,
                    induk_id: kolom::<Option<i64>>(r, 1)?.map(UnitId),
                    nama: kolom(r, 2)?,
                    jenis: kode(kolom(r, 3)?, JenisUnit::parse)?,
                })
            },
        )
        .await
    }

    async fn daftar_jabatan(&self, instansi: InstansiId) -> StoreResult<Vec<Jabatan>> {
        let c = self.klien().await?;
        daftar(
            &c,
            "SELECT id, unit_id, nama, jenis, eselon FROM jabatan WHERE instansi_id = $1 ORDER BY id",
            &[&instansi.0],
            |r| {
                Ok(Jabatan {
                    id: JabatanId(kolom(r, 0)?),
                    instansi_id: instansi,
                    unit_id: UnitId(kolom(r, 1)?),
                    nama: kolom(r, 2)?,
                    jenis: kode_opsi(kolom(r, 3)?, JenisJabatan::parse)?,
                    eselon: kode_opsi(kolom(r, 4)?, Eselon::parse)?,
                })
            },
        )
        .await
    }

    async fn jumlah_per_unit(&self, instansi: InstansiId) -> StoreResult<HashMap<UnitId, u64>> {
        let c = self.klien().await?;
        let rows = daftar(
            &c,
            "SELECT unit_id, COUNT(*) FROM pegawai WHERE instansi_id = $1 AND status = 'AKTIF'
             AND unit_id IS NOT NULL GROUP BY unit_id",
            &[&instansi.0],
            |r| Ok((UnitId(kolom(r, 0)?), kolom::<i64>(r, 1)?.max(0) as u64)),
        )
        .await?;
        Ok(rows.into_iter().collect())
    }

    async fn pegawai_tersimpan(&self, instansi: InstansiId) -> StoreResult<Vec<PegawaiTersimpan>> {
        let c = self.klien().await?;
        daftar(
            &c,
            "SELECT id, identitas, sidik, status FROM pegawai WHERE instansi_id = $1",
            &[&instansi.0],
            |r| {
                Ok(PegawaiTersimpan {
                    id: PegawaiId(kolom(r, 0)?),
                    identitas: Identitas::from_stored(kolom(r, 1)?),
                    sidik: kolom(r, 2)?,
                    status: kode(kolom(r, 3)?, StatusPegawai::parse)?,
                })
            },
        )
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
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let hasil = crate::impor::tulis(&tx, instansi, versi, &rencana, jejak).await?;
        audit(&tx, ringkasan, jejak).await?;
        tx.commit().await.map_err(db)?;
        Ok(hasil)
    }

    async fn versi_registri(&self, instansi: InstansiId) -> StoreResult<i64> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached("SELECT versi_registri FROM instansi WHERE id = $1")
            .await
            .map_err(db)?;
        match c.query_opt(&st, &[&instansi.0]).await.map_err(db)? {
            Some(r) => kolom(&r, 0),
            None => Err(StoreError::TidakDitemukan(format!("instansi {instansi}"))),
        }
    }

    async fn statistik_pegawai(
        &self,
        instansi: InstansiId,
        unit_ids: Option<&[UnitId]>,
    ) -> StoreResult<Vec<(JenisPegawai, StatusPegawai, u64)>> {
        let c = self.klien().await?;
        let rows = match unit_ids {
            Some(u) => {
                let ids: Vec<i64> = u.iter().map(|x| x.0).collect();
                c.query(
                    "SELECT jenis, status, COUNT(*) FROM pegawai WHERE instansi_id = $1
                     AND unit_id = ANY($2::bigint[]) GROUP BY jenis, status",
                    &[&instansi.0, &ids],
                )
                .await
            }
            None => {
                c.query(
                    "SELECT jenis, status, COUNT(*) FROM pegawai WHERE instansi_id = $1 GROUP BY jenis, status",
                    &[&instansi.0],
                )
                .await
            }
        }
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok((
                    kode(&kolom::<String>(r, 0)?, JenisPegawai::parse)?,
                    kode(&kolom::<String>(r, 1)?, StatusPegawai::parse)?,
                    u64::try_from(kolom::<i64>(r, 2)?).unwrap_or(0),
                ))
            })
            .collect()
    }

    async fn cari_pegawai(
        &self,
        instansi: InstansiId,
        filter: &FilterPegawai,
        halaman: Halaman,
    ) -> StoreResult<(Vec<PegawaiRingkas>, u64)> {
        let mut kondisi = vec!["p.instansi_id = $1".to_string()];
        let mut args: Vec<Box<dyn ToSql + Sync + Send>> = vec![Box::new(instansi.0)];
        if let Some(q) = filter
            .q
            .as_deref()
            .map(normalisasi_cari)
            .filter(|q| !q.is_empty())
        {
            args.push(Box::new(q));
            kondisi.push(format!("strpos(p.cari, ${}) > 0", args.len()));
        }
        if let Some(units) = &filter.unit_ids {
            if units.is_empty() {
                return Ok((Vec::new(), 0));
            }
            args.push(Box::new(units.iter().map(|u| u.0).collect::<Vec<i64>>()));
            kondisi.push(format!("p.unit_id = ANY(${}::bigint[])", args.len()));
        }
        if let Some(j) = filter.jenis {
            args.push(Box::new(j.kode()));
            kondisi.push(format!("p.jenis = ${}", args.len()));
        }
        if let Some(s) = filter.status {
            args.push(Box::new(s.kode()));
            kondisi.push(format!("p.status = ${}", args.len()));
        }
        let where_ = kondisi.join(" AND ");
        let n = args.len();
        let batas = i64::from(halaman.ukuran);
        let lewati = i64::try_from(halaman.offset()).unwrap_or(i64::MAX);
        let mut refs: Vec<&(dyn ToSql + Sync)> = args
            .iter()
            .map(|a| a.as_ref() as &(dyn ToSql + Sync))
            .collect();

        let mut c = self.klien().await?;
        // One snapshot for the count and the page.
        let tx = c
            .build_transaction()
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .await
            .map_err(db)?;
        let st = tx
            .prepare_cached(&format!("SELECT COUNT(*) FROM pegawai p WHERE {where_}"))
            .await
            .map_err(db)?;
        let total: i64 = kolom(&tx.query_one(&st, &refs).await.map_err(db)?, 0)?;
        refs.push(&batas);
        refs.push(&lewati);
        let list = daftar(
            &tx,
            &format!(
                "SELECT {KOLOM_RINGKAS} {JOIN_RINGKAS} WHERE {where_} ORDER BY p.cari, p.id LIMIT ${} OFFSET ${}",
                n + 1,
                n + 2
            ),
            &refs,
            baris_ringkas,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok((list, total.max(0) as u64))
    }

    async fn pegawai(
        &self,
        instansi: InstansiId,
        id: PegawaiId,
    ) -> StoreResult<Option<PegawaiDetail>> {
        let c = self.klien().await?;
        let st = c
            .prepare_cached(&format!(
                "SELECT {KOLOM_RINGKAS}, p.nip, p.ni_pppk, p.nik, p.tempat_lahir, p.tanggal_lahir,
                 p.jenis_kelamin, j.jenis, j.eselon, p.atasan_id, a.nama, p.no_hp, p.email, p.diubah_pada
                 {JOIN_RINGKAS}
                 LEFT JOIN pegawai a ON a.instansi_id = p.instansi_id AND a.id = p.atasan_id
                 WHERE p.instansi_id = $1 AND p.id = $2"
            ))
            .await
            .map_err(db)?;
        let Some(r) = c.query_opt(&st, &[&instansi.0, &id.0]).await.map_err(db)? else {
            return Ok(None);
        };
        Ok(Some(PegawaiDetail {
            ringkas: baris_ringkas(&r)?,
            nip: kolom(&r, 11)?,
            ni_pppk: kolom(&r, 12)?,
            nik: kolom(&r, 13)?,
            tempat_lahir: kolom(&r, 14)?,
            tanggal_lahir: kolom(&r, 15)?,
            jenis_kelamin: kode_opsi(kolom(&r, 16)?, JenisKelamin::parse)?,
            jabatan_jenis: kode_opsi(kolom(&r, 17)?, JenisJabatan::parse)?,
            eselon: kode_opsi(kolom(&r, 18)?, Eselon::parse)?,
            atasan_id: kolom::<Option<i64>>(&r, 19)?.map(PegawaiId),
            atasan_nama: kolom(&r, 20)?,
            no_hp: kolom(&r, 21)?,
            email: kolom(&r, 22)?,
            diubah_pada: kolom(&r, 23)?,
        }))
    }

    async fn catat_audit(&self, entri: &AuditBaru, jejak: &Jejak) -> StoreResult<()> {
        let c = self.klien().await?;
        audit(&c, entri, jejak).await
    }

    async fn daftar_audit(
        &self,
        instansi: InstansiId,
        batas: u32,
        sebelum_id: Option<i64>,
    ) -> StoreResult<Vec<EntriAudit>> {
        let c = self.klien().await?;
        daftar(
            &c,
            "SELECT id, waktu, aktor, aksi, entitas, entitas_id, sebelum, sesudah FROM audit_log
             WHERE instansi_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
            &[
                &instansi.0,
                &sebelum_id.unwrap_or(i64::MAX),
                &i64::from(batas),
            ],
            |r| {
                Ok(EntriAudit {
                    id: kolom(r, 0)?,
                    instansi_id: instansi,
                    waktu: kolom(r, 1)?,
                    aktor: kolom(r, 2)?,
                    aksi: kolom(r, 3)?,
                    entitas: kolom(r, 4)?,
                    entitas_id: kolom(r, 5)?,
                    sebelum: kolom(r, 6)?,
                    sesudah: kolom(r, 7)?,
                })
            },
        )
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
