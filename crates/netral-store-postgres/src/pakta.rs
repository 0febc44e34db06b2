//! The pakta model on PostgreSQL (migration `0004_pakta.sql`): elections, template versions
//! and campaigns, with the same behaviour and audit entries as the SQLite adapter. Every
//! method is one transaction and every query is filtered by `instansi_id`. Saving a template
//! locks the instansi's template rows of that version (`FOR UPDATE`); two racing inserts of
//! the same text or version end in a unique violation, i.e. a `Konflik`.

use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::types::ToSql;

use netral_domain::ident::KodeWilayah;
use netral_domain::pakta::{AnggotaTahap, HashSha256, SifatTahap};
use netral_store::pakta::{
    IsiPakta, JenisPemilihan, JenisTahapan, Kampanye, KampanyeId, PaktaTemplate, PaktaTemplateBaru,
    Pemilihan, PemilihanId, StatusPemilihan, TahapKampanye, Tahapan, TemplateId, aksi,
    konflik_sudah_disahkan, templat_tersimpan,
};
use netral_store::*;

use crate::registri::audit;
use crate::{PostgresStore, db, kode, kolom};

type Param<'a> = &'a (dyn ToSql + Sync);

fn rusak(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("data pakta tersimpan tidak terbaca: {e}"))
}

fn ke_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

fn dari_json<T: serde::de::DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(rusak)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn catat<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    aksi: &str,
    entitas: &str,
    id: i64,
    sebelum: Option<String>,
    sesudah: Option<String>,
    jejak: &Jejak,
) -> StoreResult<()> {
    audit(
        c,
        &AuditBaru {
            instansi_id: instansi,
            aksi: aksi.into(),
            entitas: entitas.into(),
            entitas_id: Some(id.to_string()),
            sebelum,
            sesudah,
        },
        jejak,
    )
    .await
}

/// Splits a trailing ` FOR UPDATE` off a condition so it can follow the `ORDER BY`.
fn pisah_kunci(syarat: &str) -> (&str, &str) {
    match syarat.strip_suffix(" FOR UPDATE") {
        Some(s) => (s, " FOR UPDATE"),
        None => (syarat, ""),
    }
}

// --- pemilihan ------------------------------------------------------------------------

async fn baca_pemilihan<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    syarat: &str,
    param: &[Param<'_>],
) -> StoreResult<Vec<Pemilihan>> {
    let (syarat, kunci) = pisah_kunci(syarat);
    let mut p: Vec<Param<'_>> = vec![&instansi.0];
    p.extend_from_slice(param);
    let rows = c
        .query(
            &format!(
                "SELECT id, jenis, nama, wilayah_kode, tgl_pemungutan, dasar_hukum, status
                 FROM pemilihan WHERE instansi_id = $1 {syarat} ORDER BY tgl_pemungutan, id{kunci}"
            ),
            &p,
        )
        .await
        .map_err(db)?;
    let mut semua = Vec::with_capacity(rows.len());
    for r in &rows {
        semua.push(Pemilihan {
            id: PemilihanId(kolom(r, 0)?),
            instansi_id: instansi,
            jenis: kode(&kolom::<String>(r, 1)?, JenisPemilihan::parse)?,
            nama: kolom(r, 2)?,
            wilayah_kode: KodeWilayah::parse(&kolom::<String>(r, 3)?).map_err(rusak)?,
            tgl_pemungutan: kolom(r, 4)?,
            dasar_hukum: kolom(r, 5)?,
            status: kode(&kolom::<String>(r, 6)?, StatusPemilihan::parse)?,
            tahapan: Vec::new(),
        });
    }
    if semua.is_empty() {
        return Ok(semua);
    }
    let ids: Vec<i64> = semua.iter().map(|p| p.id.0).collect();
    let rows = c
        .query(
            "SELECT pemilihan_id, jenis, mulai, selesai FROM pemilihan_tahapan
             WHERE instansi_id = $1 AND pemilihan_id = ANY($2)",
            &[&instansi.0, &ids],
        )
        .await
        .map_err(db)?;
    for r in &rows {
        let pid: i64 = kolom(r, 0)?;
        let t = Tahapan {
            jenis: kode(&kolom::<String>(r, 1)?, JenisTahapan::parse)?,
            mulai: kolom(r, 2)?,
            selesai: kolom(r, 3)?,
        };
        if let Some(p) = semua.iter_mut().find(|p| p.id.0 == pid) {
            p.tahapan.push(t);
        }
    }
    for p in &mut semua {
        p.tahapan.sort_by_key(|t| t.jenis);
    }
    Ok(semua)
}

async fn satu_pemilihan<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    id: PemilihanId,
    kunci: bool,
) -> StoreResult<Option<Pemilihan>> {
    let syarat = if kunci {
        "AND id = $2 FOR UPDATE"
    } else {
        "AND id = $2"
    };
    Ok(baca_pemilihan(c, instansi, syarat, &[&id.0])
        .await?
        .into_iter()
        .next())
}

async fn tulis_tahapan<C: GenericClient>(c: &C, p: &Pemilihan) -> StoreResult<()> {
    let st = c
        .prepare_cached(
            "INSERT INTO pemilihan_tahapan (instansi_id, pemilihan_id, jenis, mulai, selesai)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .await
        .map_err(db)?;
    for t in &p.tahapan {
        c.execute(
            &st,
            &[
                &p.instansi_id.0,
                &p.id.0,
                &t.jenis.kode(),
                &t.mulai,
                &t.selesai,
            ],
        )
        .await
        .map_err(db)?;
    }
    Ok(())
}

// --- templat --------------------------------------------------------------------------

async fn baca_templat<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    syarat: &str,
    param: &[Param<'_>],
) -> StoreResult<Vec<PaktaTemplate>> {
    let (syarat, kunci) = pisah_kunci(syarat);
    let mut p: Vec<Param<'_>> = vec![&instansi.0];
    p.extend_from_slice(param);
    let rows = c
        .query(
            &format!(
                "SELECT id, pemilihan_id, versi, isi, teks_kanonik, hash_isi, disahkan_oleh, tgl_sah
                 FROM pakta_templat WHERE instansi_id = $1 {syarat}
                 ORDER BY COALESCE(pemilihan_id, 0), versi, id{kunci}"
            ),
            &p,
        )
        .await
        .map_err(db)?;
    rows.iter()
        .map(|r| {
            let isi: IsiPakta = dari_json(&kolom::<String>(r, 3)?)?;
            let t = PaktaTemplate {
                id: TemplateId(kolom(r, 0)?),
                instansi_id: instansi,
                pemilihan_id: kolom::<Option<i64>>(r, 1)?.map(PemilihanId),
                versi: u32::try_from(kolom::<i64>(r, 2)?).map_err(rusak)?,
                isi,
                hash_isi: HashSha256::parse(&kolom::<String>(r, 5)?).map_err(rusak)?,
                disahkan_oleh: kolom(r, 6)?,
                tgl_sah: kolom(r, 7)?,
            };
            templat_tersimpan(t, &kolom::<String>(r, 4)?)
        })
        .collect()
}

async fn satu_templat<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    id: TemplateId,
    kunci: bool,
) -> StoreResult<Option<PaktaTemplate>> {
    let syarat = if kunci {
        "AND id = $2 FOR UPDATE"
    } else {
        "AND id = $2"
    };
    Ok(baca_templat(c, instansi, syarat, &[&id.0])
        .await?
        .into_iter()
        .next())
}

// --- kampanye -------------------------------------------------------------------------

async fn baca_kampanye<C: GenericClient>(
    c: &C,
    instansi: InstansiId,
    syarat: &str,
    param: &[Param<'_>],
) -> StoreResult<Vec<Kampanye>> {
    let mut p: Vec<Param<'_>> = vec![&instansi.0];
    p.extend_from_slice(param);
    let rows = c
        .query(
            &format!(
                "SELECT id, nama, template_id, template_versi, hash_isi, lingkup, dibuka, ditutup
                 FROM kampanye WHERE instansi_id = $1 {syarat} ORDER BY id"
            ),
            &p,
        )
        .await
        .map_err(db)?;
    let mut semua = Vec::with_capacity(rows.len());
    for r in &rows {
        semua.push(Kampanye {
            id: KampanyeId(kolom(r, 0)?),
            instansi_id: instansi,
            nama: kolom(r, 1)?,
            template_id: TemplateId(kolom(r, 2)?),
            template_versi: u32::try_from(kolom::<i64>(r, 3)?).map_err(rusak)?,
            hash_isi: HashSha256::parse(&kolom::<String>(r, 4)?).map_err(rusak)?,
            lingkup: dari_json(&kolom::<String>(r, 5)?)?,
            tahap: Vec::new(),
            dibuka: kolom::<Option<DateTime<Utc>>>(r, 6)?,
            ditutup: kolom::<Option<DateTime<Utc>>>(r, 7)?,
        });
    }
    if semua.is_empty() {
        return Ok(semua);
    }
    let ids: Vec<i64> = semua.iter().map(|k| k.id.0).collect();
    let rows = c
        .query(
            "SELECT kampanye_id, nama, sifat, tenggat, anggota, perlu_saksi FROM kampanye_tahap
             WHERE instansi_id = $1 AND kampanye_id = ANY($2) ORDER BY kampanye_id, urutan",
            &[&instansi.0, &ids],
        )
        .await
        .map_err(db)?;
    for r in &rows {
        let kid: i64 = kolom(r, 0)?;
        let t = TahapKampanye {
            nama: kolom(r, 1)?,
            sifat: kode(&kolom::<String>(r, 2)?, SifatTahap::parse)?,
            tenggat: kolom(r, 3)?,
            anggota: dari_json::<AnggotaTahap>(&kolom::<String>(r, 4)?)?,
            perlu_saksi: kolom(r, 5)?,
        };
        if let Some(k) = semua.iter_mut().find(|k| k.id.0 == kid) {
            k.tahap.push(t);
        }
    }
    Ok(semua)
}

impl PostgresStore {
    pub(crate) async fn pakta_simpan_pemilihan(
        &self,
        baru: &PemilihanBaru,
        jejak: &Jejak,
    ) -> StoreResult<(Pemilihan, Perubahan)> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let instansi = baru.instansi_id;
        let hasil = match baru.id {
            Some(id) => {
                let lama = satu_pemilihan(&tx, instansi, id, true)
                    .await?
                    .ok_or_else(|| StoreError::TidakDitemukan("pemilihan".into()))?;
                let p = baru.dengan_id(id);
                if p == lama {
                    return Ok((p, Perubahan::Tetap));
                }
                tx.execute(
                    "UPDATE pemilihan SET jenis = $3, nama = $4, wilayah_kode = $5,
                            tgl_pemungutan = $6, dasar_hukum = $7, status = $8
                     WHERE instansi_id = $1 AND id = $2",
                    &[
                        &instansi.0,
                        &id.0,
                        &p.jenis.kode(),
                        &p.nama,
                        &p.wilayah_kode.to_string(),
                        &p.tgl_pemungutan,
                        &p.dasar_hukum,
                        &p.status.kode(),
                    ],
                )
                .await
                .map_err(db)?;
                tx.execute(
                    "DELETE FROM pemilihan_tahapan WHERE instansi_id = $1 AND pemilihan_id = $2",
                    &[&instansi.0, &id.0],
                )
                .await
                .map_err(db)?;
                tulis_tahapan(&tx, &p).await?;
                catat(
                    &tx,
                    instansi,
                    aksi::UBAH_PEMILIHAN,
                    "pemilihan",
                    id.0,
                    Some(ke_json(&lama)?),
                    Some(ke_json(&p)?),
                    jejak,
                )
                .await?;
                (p, Perubahan::Diubah)
            }
            None => {
                let row = tx
                    .query_one(
                        "INSERT INTO pemilihan (instansi_id, jenis, nama, wilayah_kode,
                                                tgl_pemungutan, dasar_hukum, status)
                         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        &[
                            &instansi.0,
                            &baru.jenis.kode(),
                            &baru.nama,
                            &baru.wilayah_kode.to_string(),
                            &baru.tgl_pemungutan,
                            &baru.dasar_hukum,
                            &baru.status.kode(),
                        ],
                    )
                    .await
                    .map_err(db)?;
                let id: i64 = kolom(&row, 0)?;
                let p = baru.dengan_id(PemilihanId(id));
                tulis_tahapan(&tx, &p).await?;
                catat(
                    &tx,
                    instansi,
                    aksi::TAMBAH_PEMILIHAN,
                    "pemilihan",
                    id,
                    None,
                    Some(ke_json(&p)?),
                    jejak,
                )
                .await?;
                (p, Perubahan::Dibuat)
            }
        };
        tx.commit().await.map_err(db)?;
        Ok(hasil)
    }

    pub(crate) async fn pakta_daftar_pemilihan(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<Pemilihan>> {
        let c = self.klien().await?;
        baca_pemilihan(&c, instansi, "", &[]).await
    }

    pub(crate) async fn pakta_pemilihan(
        &self,
        instansi: InstansiId,
        id: PemilihanId,
    ) -> StoreResult<Option<Pemilihan>> {
        let c = self.klien().await?;
        satu_pemilihan(&c, instansi, id, false).await
    }

    pub(crate) async fn pakta_simpan_templat(
        &self,
        baru: &PaktaTemplateBaru,
        jejak: &Jejak,
    ) -> StoreResult<(PaktaTemplate, Perubahan)> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let instansi = baru.instansi_id;
        let hash = baru.hash_isi();
        if let Some(t) = baca_templat(&tx, instansi, "AND hash_isi = $2", &[&hash.as_str()])
            .await?
            .into_iter()
            .next()
        {
            return Ok((t, Perubahan::Tetap));
        }
        let pemilihan = baru.pemilihan_id.map(|p| p.0);
        let versi = i64::from(baru.versi);
        let ada = baca_templat(
            &tx,
            instansi,
            "AND COALESCE(pemilihan_id, 0) = COALESCE($2::BIGINT, 0) AND versi = $3 FOR UPDATE",
            &[&pemilihan, &versi],
        )
        .await?
        .into_iter()
        .next();
        let isi = ke_json(&baru.isi)?;
        let teks = baru.teks_kanonik();
        let hasil = match ada {
            Some(lama) if lama.sudah_disahkan() => return Err(konflik_sudah_disahkan(lama.versi)),
            Some(lama) => {
                tx.execute(
                    "UPDATE pakta_templat SET judul = $3, mode = $4, isi = $5, teks_kanonik = $6,
                            hash_isi = $7
                     WHERE instansi_id = $1 AND id = $2",
                    &[
                        &instansi.0,
                        &lama.id.0,
                        &baru.isi.judul,
                        &baru.isi.mode.kode(),
                        &isi,
                        &teks,
                        &hash.as_str(),
                    ],
                )
                .await
                .map_err(db)?;
                catat(
                    &tx,
                    instansi,
                    aksi::UBAH_TEMPLAT,
                    "pakta_templat",
                    lama.id.0,
                    Some(lama.hash_isi.to_string()),
                    Some(hash.to_string()),
                    jejak,
                )
                .await?;
                (
                    PaktaTemplate::dari_baru(lama.id, baru.clone()),
                    Perubahan::Diubah,
                )
            }
            None => {
                let row = tx
                    .query_one(
                        "INSERT INTO pakta_templat (instansi_id, pemilihan_id, versi, judul, mode,
                                                    isi, teks_kanonik, hash_isi)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                        &[
                            &instansi.0,
                            &pemilihan,
                            &versi,
                            &baru.isi.judul,
                            &baru.isi.mode.kode(),
                            &isi,
                            &teks,
                            &hash.as_str(),
                        ],
                    )
                    .await
                    .map_err(db)?;
                let id: i64 = kolom(&row, 0)?;
                catat(
                    &tx,
                    instansi,
                    aksi::TAMBAH_TEMPLAT,
                    "pakta_templat",
                    id,
                    None,
                    Some(hash.to_string()),
                    jejak,
                )
                .await?;
                (
                    PaktaTemplate::dari_baru(TemplateId(id), baru.clone()),
                    Perubahan::Dibuat,
                )
            }
        };
        tx.commit().await.map_err(db)?;
        Ok(hasil)
    }

    pub(crate) async fn pakta_sahkan_templat(
        &self,
        instansi: InstansiId,
        id: TemplateId,
        oleh: &str,
        tgl: NaiveDate,
        jejak: &Jejak,
    ) -> StoreResult<PaktaTemplate> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let lama = satu_templat(&tx, instansi, id, true)
            .await?
            .ok_or_else(|| StoreError::TidakDitemukan("templat pakta".into()))?;
        if lama.sudah_disahkan() {
            return Err(konflik_sudah_disahkan(lama.versi));
        }
        let t = lama
            .sahkan(oleh, tgl)
            .map_err(|e| StoreError::Konflik(e.to_string()))?;
        tx.execute(
            "UPDATE pakta_templat SET disahkan_oleh = $3, tgl_sah = $4
             WHERE instansi_id = $1 AND id = $2",
            &[&instansi.0, &id.0, &t.disahkan_oleh, &tgl],
        )
        .await
        .map_err(db)?;
        catat(
            &tx,
            instansi,
            aksi::SAHKAN_TEMPLAT,
            "pakta_templat",
            id.0,
            None,
            Some(t.hash_isi.to_string()),
            jejak,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok(t)
    }

    pub(crate) async fn pakta_templat(
        &self,
        instansi: InstansiId,
        id: TemplateId,
    ) -> StoreResult<Option<PaktaTemplate>> {
        let c = self.klien().await?;
        satu_templat(&c, instansi, id, false).await
    }

    pub(crate) async fn pakta_daftar_templat(
        &self,
        instansi: InstansiId,
        pemilihan: Option<PemilihanId>,
    ) -> StoreResult<Vec<PaktaTemplate>> {
        let c = self.klien().await?;
        match pemilihan {
            Some(p) => baca_templat(&c, instansi, "AND pemilihan_id = $2", &[&p.0]).await,
            None => baca_templat(&c, instansi, "", &[]).await,
        }
    }

    pub(crate) async fn pakta_simpan_kampanye(
        &self,
        baru: &KampanyeBaru,
        jejak: &Jejak,
    ) -> StoreResult<(Kampanye, Perubahan)> {
        let mut c = self.klien().await?;
        let tx = c.transaction().await.map_err(db)?;
        let instansi = baru.instansi_id;
        // Locked so the template cannot be changed between the check and the insert.
        let templat = satu_templat(&tx, instansi, baru.template_id, true)
            .await?
            .ok_or_else(|| StoreError::TidakDitemukan("templat pakta".into()))?;
        // Checked with a placeholder id first: nothing is written for a rejected campaign.
        baru.periksa(KampanyeId(0), &templat)?;
        let row = tx
            .query_one(
                "INSERT INTO kampanye (instansi_id, nama, template_id, template_versi, hash_isi,
                                       lingkup, dibuka, ditutup)
                 VALUES ($1, '', $2, $3, $4, '{}', $5, $6) RETURNING id",
                &[
                    &instansi.0,
                    &templat.id.0,
                    &i64::from(templat.versi),
                    &templat.hash_isi.as_str(),
                    &baru.dibuka,
                    &baru.ditutup,
                ],
            )
            .await
            .map_err(db)?;
        let id: i64 = kolom(&row, 0)?;
        let k = baru.periksa(KampanyeId(id), &templat)?;
        tx.execute(
            "UPDATE kampanye SET nama = $3, lingkup = $4 WHERE instansi_id = $1 AND id = $2",
            &[&instansi.0, &id, &k.nama, &ke_json(&k.lingkup)?],
        )
        .await
        .map_err(db)?;
        let st = tx
            .prepare_cached(
                "INSERT INTO kampanye_tahap (instansi_id, kampanye_id, urutan, nama, sifat,
                                             tenggat, anggota, perlu_saksi)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .await
            .map_err(db)?;
        for (i, t) in k.tahap.iter().enumerate() {
            let urutan =
                i32::try_from(i).map_err(|_| StoreError::Konflik("tahap terlalu banyak".into()))?;
            tx.execute(
                &st,
                &[
                    &instansi.0,
                    &id,
                    &urutan,
                    &t.nama,
                    &t.sifat.kode(),
                    &t.tenggat,
                    &ke_json(&t.anggota)?,
                    &t.perlu_saksi,
                ],
            )
            .await
            .map_err(db)?;
        }
        catat(
            &tx,
            instansi,
            aksi::TAMBAH_KAMPANYE,
            "kampanye",
            id,
            None,
            Some(ke_json(&k)?),
            jejak,
        )
        .await?;
        tx.commit().await.map_err(db)?;
        Ok((k, Perubahan::Dibuat))
    }

    pub(crate) async fn pakta_kampanye(
        &self,
        instansi: InstansiId,
        id: KampanyeId,
    ) -> StoreResult<Option<Kampanye>> {
        let c = self.klien().await?;
        Ok(baca_kampanye(&c, instansi, "AND id = $2", &[&id.0])
            .await?
            .into_iter()
            .next())
    }

    pub(crate) async fn pakta_daftar_kampanye(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<Kampanye>> {
        let c = self.klien().await?;
        baca_kampanye(&c, instansi, "", &[]).await
    }
}
