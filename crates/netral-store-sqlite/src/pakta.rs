//! The pakta model on SQLite (migration `0004_pakta.sql`): elections, template versions and
//! campaigns. Every method is one transaction (the writer's IMMEDIATE transaction for
//! writes) and every query is filtered by `instansi_id`.

use std::str::FromStr;

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, params};

use netral_domain::ident::KodeWilayah;
use netral_domain::pakta::{AnggotaTahap, HashSha256, SifatTahap};
use netral_store::pakta::{
    IsiPakta, JenisPemilihan, JenisTahapan, Kampanye, KampanyeId, PaktaTemplate, PaktaTemplateBaru,
    Pemilihan, PemilihanId, StatusPemilihan, TahapKampanye, Tahapan, TemplateId, aksi,
    konflik_sudah_disahkan, templat_tersimpan,
};
use netral_store::*;

use crate::registri::audit;
use crate::{SqliteStore, db, kode, parse_waktu, waktu};

fn rusak(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(format!("data pakta tersimpan tidak terbaca: {e}"))
}

fn tanggal(s: &str) -> StoreResult<NaiveDate> {
    NaiveDate::from_str(s).map_err(rusak)
}

fn ke_json<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Backend(format!("json: {e}")))
}

fn dari_json<T: serde::de::DeserializeOwned>(s: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(rusak)
}

fn id_berikut(tx: &Transaction<'_>, tabel: &str, instansi: InstansiId) -> StoreResult<i64> {
    tx.query_row(
        &format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {tabel} WHERE instansi_id = ?1"),
        [instansi.0],
        |r| r.get(0),
    )
    .map_err(db)
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn catat(
    tx: &Transaction<'_>,
    instansi: InstansiId,
    aksi: &str,
    entitas: &str,
    id: i64,
    sebelum: Option<String>,
    sesudah: Option<String>,
    jejak: &Jejak,
) -> StoreResult<()> {
    audit(
        tx,
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
}

// --- pemilihan ------------------------------------------------------------------------

const KOLOM_PEMILIHAN: &str = "id, jenis, nama, wilayah_kode, tgl_pemungutan, dasar_hukum, status";

fn baca_pemilihan(
    c: &Connection,
    instansi: InstansiId,
    syarat: &str,
    param: &[&dyn rusqlite::ToSql],
) -> StoreResult<Vec<Pemilihan>> {
    let mut st = c
        .prepare(&format!(
            "SELECT {KOLOM_PEMILIHAN} FROM pemilihan WHERE instansi_id = ?1 {syarat}
             ORDER BY tgl_pemungutan, id"
        ))
        .map_err(db)?;
    let mut semua = Vec::new();
    let mut p: Vec<&dyn rusqlite::ToSql> = vec![&instansi.0];
    p.extend_from_slice(param);
    let rows = st
        .query_map(p.as_slice(), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                kode(r.get(1)?, JenisPemilihan::parse)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                kode(r.get(6)?, StatusPemilihan::parse)?,
            ))
        })
        .map_err(db)?;
    for row in rows {
        let (id, jenis, nama, wilayah, tgl, dasar_hukum, status) = row.map_err(db)?;
        semua.push(Pemilihan {
            id: PemilihanId(id),
            instansi_id: instansi,
            jenis,
            nama,
            wilayah_kode: KodeWilayah::parse(&wilayah).map_err(rusak)?,
            tgl_pemungutan: tanggal(&tgl)?,
            dasar_hukum,
            status,
            tahapan: Vec::new(),
        });
    }
    let mut st = c
        .prepare_cached(
            "SELECT jenis, mulai, selesai FROM pemilihan_tahapan
             WHERE instansi_id = ?1 AND pemilihan_id = ?2",
        )
        .map_err(db)?;
    for p in &mut semua {
        let rows = st
            .query_map(params![instansi.0, p.id.0], |r| {
                Ok((
                    kode(r.get(0)?, JenisTahapan::parse)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(db)?;
        for row in rows {
            let (jenis, mulai, selesai) = row.map_err(db)?;
            p.tahapan.push(Tahapan {
                jenis,
                mulai: tanggal(&mulai)?,
                selesai: tanggal(&selesai)?,
            });
        }
        p.tahapan.sort_by_key(|t| t.jenis);
    }
    Ok(semua)
}

fn satu_pemilihan(
    c: &Connection,
    instansi: InstansiId,
    id: PemilihanId,
) -> StoreResult<Option<Pemilihan>> {
    Ok(baca_pemilihan(c, instansi, "AND id = ?2", &[&id.0])?
        .into_iter()
        .next())
}

fn tulis_pemilihan(tx: &Transaction<'_>, p: &Pemilihan, baru: bool) -> StoreResult<()> {
    let args = params![
        p.instansi_id.0,
        p.id.0,
        p.jenis.kode(),
        p.nama,
        p.wilayah_kode.to_string(),
        p.tgl_pemungutan.to_string(),
        p.dasar_hukum,
        p.status.kode(),
    ];
    if baru {
        tx.execute(
            &format!(
                "INSERT INTO pemilihan (instansi_id, {KOLOM_PEMILIHAN})
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ),
            args,
        )
        .map_err(db)?;
    } else {
        tx.execute(
            "UPDATE pemilihan SET jenis = ?3, nama = ?4, wilayah_kode = ?5, tgl_pemungutan = ?6,
                    dasar_hukum = ?7, status = ?8
             WHERE instansi_id = ?1 AND id = ?2",
            args,
        )
        .map_err(db)?;
        tx.execute(
            "DELETE FROM pemilihan_tahapan WHERE instansi_id = ?1 AND pemilihan_id = ?2",
            params![p.instansi_id.0, p.id.0],
        )
        .map_err(db)?;
    }
    let mut st = tx
        .prepare_cached(
            "INSERT INTO pemilihan_tahapan (instansi_id, pemilihan_id, jenis, mulai, selesai)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .map_err(db)?;
    for t in &p.tahapan {
        st.execute(params![
            p.instansi_id.0,
            p.id.0,
            t.jenis.kode(),
            t.mulai.to_string(),
            t.selesai.to_string()
        ])
        .map_err(db)?;
    }
    Ok(())
}

// --- templat --------------------------------------------------------------------------

const KOLOM_TEMPLAT: &str =
    "id, pemilihan_id, versi, isi, teks_kanonik, hash_isi, disahkan_oleh, tgl_sah";

type BarisTemplat = (
    i64,
    Option<i64>,
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn templat_dari(instansi: InstansiId, b: BarisTemplat) -> StoreResult<PaktaTemplate> {
    let (id, pemilihan_id, versi, isi, teks, hash, oleh, tgl) = b;
    let isi: IsiPakta = dari_json(&isi)?;
    let t = PaktaTemplate {
        id: TemplateId(id),
        instansi_id: instansi,
        pemilihan_id: pemilihan_id.map(PemilihanId),
        versi: u32::try_from(versi).map_err(rusak)?,
        isi,
        hash_isi: HashSha256::parse(&hash).map_err(rusak)?,
        disahkan_oleh: oleh,
        tgl_sah: tgl.as_deref().map(tanggal).transpose()?,
    };
    templat_tersimpan(t, &teks)
}

fn baca_templat(
    c: &Connection,
    instansi: InstansiId,
    syarat: &str,
    param: &[&dyn rusqlite::ToSql],
) -> StoreResult<Vec<PaktaTemplate>> {
    let mut st = c
        .prepare_cached(&format!(
            "SELECT {KOLOM_TEMPLAT} FROM pakta_templat WHERE instansi_id = ?1 {syarat}
             ORDER BY COALESCE(pemilihan_id, 0), versi, id"
        ))
        .map_err(db)?;
    let mut p: Vec<&dyn rusqlite::ToSql> = vec![&instansi.0];
    p.extend_from_slice(param);
    let rows = st
        .query_map(p.as_slice(), |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .map_err(db)?
        .collect::<Result<Vec<BarisTemplat>, _>>()
        .map_err(db)?;
    rows.into_iter()
        .map(|b| templat_dari(instansi, b))
        .collect()
}

fn satu_templat(
    c: &Connection,
    instansi: InstansiId,
    id: TemplateId,
) -> StoreResult<Option<PaktaTemplate>> {
    Ok(baca_templat(c, instansi, "AND id = ?2", &[&id.0])?
        .into_iter()
        .next())
}

fn simpan_templat_tx(
    tx: &Transaction<'_>,
    baru: &PaktaTemplateBaru,
    jejak: &Jejak,
) -> StoreResult<(PaktaTemplate, Perubahan)> {
    let instansi = baru.instansi_id;
    let hash = baru.hash_isi();
    if let Some(t) = baca_templat(tx, instansi, "AND hash_isi = ?2", &[&hash.as_str()])?
        .into_iter()
        .next()
    {
        return Ok((t, Perubahan::Tetap));
    }
    let pemilihan = baru.pemilihan_id.map(|p| p.0);
    let versi = i64::from(baru.versi);
    let ada = baca_templat(
        tx,
        instansi,
        "AND COALESCE(pemilihan_id, 0) = COALESCE(?2, 0) AND versi = ?3",
        &[&pemilihan, &versi],
    )?
    .into_iter()
    .next();
    let isi = ke_json(&baru.isi)?;
    let teks = baru.teks_kanonik();
    match ada {
        Some(lama) if lama.sudah_disahkan() => Err(konflik_sudah_disahkan(lama.versi)),
        Some(lama) => {
            tx.execute(
                "UPDATE pakta_templat SET judul = ?3, mode = ?4, isi = ?5, teks_kanonik = ?6,
                        hash_isi = ?7
                 WHERE instansi_id = ?1 AND id = ?2",
                params![
                    instansi.0,
                    lama.id.0,
                    baru.isi.judul,
                    baru.isi.mode.kode(),
                    isi,
                    teks,
                    hash.as_str()
                ],
            )
            .map_err(db)?;
            let t = PaktaTemplate::dari_baru(lama.id, baru.clone());
            catat(
                tx,
                instansi,
                aksi::UBAH_TEMPLAT,
                "pakta_templat",
                lama.id.0,
                Some(lama.hash_isi.to_string()),
                Some(hash.to_string()),
                jejak,
            )?;
            Ok((t, Perubahan::Diubah))
        }
        None => {
            let id = id_berikut(tx, "pakta_templat", instansi)?;
            tx.execute(
                &format!(
                    "INSERT INTO pakta_templat (instansi_id, judul, mode, {KOLOM_TEMPLAT})
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, NULL)"
                ),
                params![
                    instansi.0,
                    baru.isi.judul,
                    baru.isi.mode.kode(),
                    id,
                    pemilihan,
                    versi,
                    isi,
                    teks,
                    hash.as_str()
                ],
            )
            .map_err(db)?;
            catat(
                tx,
                instansi,
                aksi::TAMBAH_TEMPLAT,
                "pakta_templat",
                id,
                None,
                Some(hash.to_string()),
                jejak,
            )?;
            Ok((
                PaktaTemplate::dari_baru(TemplateId(id), baru.clone()),
                Perubahan::Dibuat,
            ))
        }
    }
}

// --- kampanye -------------------------------------------------------------------------

type BarisKampanye = (
    i64,
    String,
    i64,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn baca_kampanye(
    c: &Connection,
    instansi: InstansiId,
    syarat: &str,
    param: &[&dyn rusqlite::ToSql],
) -> StoreResult<Vec<Kampanye>> {
    let mut st = c
        .prepare_cached(&format!(
            "SELECT id, nama, template_id, template_versi, hash_isi, lingkup, dibuka, ditutup
             FROM kampanye WHERE instansi_id = ?1 {syarat} ORDER BY id"
        ))
        .map_err(db)?;
    let mut p: Vec<&dyn rusqlite::ToSql> = vec![&instansi.0];
    p.extend_from_slice(param);
    let rows = st
        .query_map(p.as_slice(), |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .map_err(db)?
        .collect::<Result<Vec<BarisKampanye>, _>>()
        .map_err(db)?;
    let mut st = c
        .prepare_cached(
            "SELECT nama, sifat, tenggat, anggota, perlu_saksi FROM kampanye_tahap
             WHERE instansi_id = ?1 AND kampanye_id = ?2 ORDER BY urutan",
        )
        .map_err(db)?;
    let mut semua = Vec::new();
    for (id, nama, template_id, versi, hash, lingkup, dibuka, ditutup) in rows {
        let tahap = st
            .query_map(params![instansi.0, id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    kode(r.get(1)?, SifatTahap::parse)?,
                    r.get::<_, Option<String>>(2)?
                        .map(|s| parse_waktu(&s))
                        .transpose()?,
                    r.get::<_, String>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            })
            .map_err(db)?
            .collect::<Result<Vec<_>, _>>()
            .map_err(db)?
            .into_iter()
            .map(|(nama, sifat, tenggat, anggota, perlu_saksi)| {
                Ok(TahapKampanye {
                    nama,
                    sifat,
                    tenggat,
                    anggota: dari_json::<AnggotaTahap>(&anggota)?,
                    perlu_saksi,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        semua.push(Kampanye {
            id: KampanyeId(id),
            instansi_id: instansi,
            nama,
            template_id: TemplateId(template_id),
            template_versi: u32::try_from(versi).map_err(rusak)?,
            hash_isi: HashSha256::parse(&hash).map_err(rusak)?,
            lingkup: dari_json(&lingkup)?,
            tahap,
            dibuka: dibuka.as_deref().map(parse_waktu).transpose().map_err(db)?,
            ditutup: ditutup
                .as_deref()
                .map(parse_waktu)
                .transpose()
                .map_err(db)?,
        });
    }
    Ok(semua)
}

impl SqliteStore {
    pub(crate) async fn pakta_simpan_pemilihan(
        &self,
        baru: &PemilihanBaru,
        jejak: &Jejak,
    ) -> StoreResult<(Pemilihan, Perubahan)> {
        let baru = baru.clone();
        let jejak = jejak.clone();
        self.tulis(move |tx| {
            let instansi = baru.instansi_id;
            match baru.id {
                Some(id) => {
                    let lama = satu_pemilihan(tx, instansi, id)?
                        .ok_or_else(|| StoreError::TidakDitemukan("pemilihan".into()))?;
                    let p = baru.dengan_id(id);
                    if p == lama {
                        return Ok((p, Perubahan::Tetap));
                    }
                    tulis_pemilihan(tx, &p, false)?;
                    catat(
                        tx,
                        instansi,
                        aksi::UBAH_PEMILIHAN,
                        "pemilihan",
                        id.0,
                        Some(ke_json(&lama)?),
                        Some(ke_json(&p)?),
                        &jejak,
                    )?;
                    Ok((p, Perubahan::Diubah))
                }
                None => {
                    let id = id_berikut(tx, "pemilihan", instansi)?;
                    let p = baru.dengan_id(PemilihanId(id));
                    tulis_pemilihan(tx, &p, true)?;
                    catat(
                        tx,
                        instansi,
                        aksi::TAMBAH_PEMILIHAN,
                        "pemilihan",
                        id,
                        None,
                        Some(ke_json(&p)?),
                        &jejak,
                    )?;
                    Ok((p, Perubahan::Dibuat))
                }
            }
        })
        .await
    }

    pub(crate) async fn pakta_daftar_pemilihan(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<Pemilihan>> {
        self.baca(move |c| baca_pemilihan(c, instansi, "", &[]))
            .await
    }

    pub(crate) async fn pakta_pemilihan(
        &self,
        instansi: InstansiId,
        id: PemilihanId,
    ) -> StoreResult<Option<Pemilihan>> {
        self.baca(move |c| satu_pemilihan(c, instansi, id)).await
    }

    pub(crate) async fn pakta_simpan_templat(
        &self,
        baru: &PaktaTemplateBaru,
        jejak: &Jejak,
    ) -> StoreResult<(PaktaTemplate, Perubahan)> {
        let baru = baru.clone();
        let jejak = jejak.clone();
        self.tulis(move |tx| simpan_templat_tx(tx, &baru, &jejak))
            .await
    }

    pub(crate) async fn pakta_sahkan_templat(
        &self,
        instansi: InstansiId,
        id: TemplateId,
        oleh: &str,
        tgl: NaiveDate,
        jejak: &Jejak,
    ) -> StoreResult<PaktaTemplate> {
        let oleh = oleh.to_string();
        let jejak = jejak.clone();
        self.tulis(move |tx| {
            let lama = satu_templat(tx, instansi, id)?
                .ok_or_else(|| StoreError::TidakDitemukan("templat pakta".into()))?;
            if lama.sudah_disahkan() {
                return Err(konflik_sudah_disahkan(lama.versi));
            }
            let t = lama
                .sahkan(&oleh, tgl)
                .map_err(|e| StoreError::Konflik(e.to_string()))?;
            tx.execute(
                "UPDATE pakta_templat SET disahkan_oleh = ?3, tgl_sah = ?4
                 WHERE instansi_id = ?1 AND id = ?2",
                params![instansi.0, id.0, t.disahkan_oleh, tgl.to_string()],
            )
            .map_err(db)?;
            catat(
                tx,
                instansi,
                aksi::SAHKAN_TEMPLAT,
                "pakta_templat",
                id.0,
                None,
                Some(t.hash_isi.to_string()),
                &jejak,
            )?;
            Ok(t)
        })
        .await
    }

    pub(crate) async fn pakta_templat(
        &self,
        instansi: InstansiId,
        id: TemplateId,
    ) -> StoreResult<Option<PaktaTemplate>> {
        self.baca(move |c| satu_templat(c, instansi, id)).await
    }

    pub(crate) async fn pakta_daftar_templat(
        &self,
        instansi: InstansiId,
        pemilihan: Option<PemilihanId>,
    ) -> StoreResult<Vec<PaktaTemplate>> {
        self.baca(move |c| match pemilihan {
            Some(p) => baca_templat(c, instansi, "AND pemilihan_id = ?2", &[&p.0]),
            None => baca_templat(c, instansi, "", &[]),
        })
        .await
    }

    pub(crate) async fn pakta_simpan_kampanye(
        &self,
        baru: &KampanyeBaru,
        jejak: &Jejak,
    ) -> StoreResult<(Kampanye, Perubahan)> {
        let baru = baru.clone();
        let jejak = jejak.clone();
        self.tulis(move |tx| {
            let instansi = baru.instansi_id;
            let templat = satu_templat(tx, instansi, baru.template_id)?
                .ok_or_else(|| StoreError::TidakDitemukan("templat pakta".into()))?;
            let id = id_berikut(tx, "kampanye", instansi)?;
            let k = baru.periksa(KampanyeId(id), &templat)?;
            tx.execute(
                "INSERT INTO kampanye (instansi_id, id, nama, template_id, template_versi, hash_isi,
                                       lingkup, dibuka, ditutup)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    instansi.0,
                    id,
                    k.nama,
                    k.template_id.0,
                    i64::from(k.template_versi),
                    k.hash_isi.as_str(),
                    ke_json(&k.lingkup)?,
                    k.dibuka.map(waktu),
                    k.ditutup.map(waktu),
                ],
            )
            .map_err(db)?;
            let mut st = tx
                .prepare_cached(
                    "INSERT INTO kampanye_tahap (instansi_id, kampanye_id, urutan, nama, sifat,
                                                 tenggat, anggota, perlu_saksi)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(db)?;
            for (i, t) in k.tahap.iter().enumerate() {
                st.execute(params![
                    instansi.0,
                    id,
                    i as i64,
                    t.nama,
                    t.sifat.kode(),
                    t.tenggat.map(waktu),
                    ke_json(&t.anggota)?,
                    t.perlu_saksi,
                ])
                .map_err(db)?;
            }
            catat(
                tx,
                instansi,
                aksi::TAMBAH_KAMPANYE,
                "kampanye",
                id,
                None,
                Some(ke_json(&k)?),
                &jejak,
            )?;
            Ok((k, Perubahan::Dibuat))
        })
        .await
    }

    pub(crate) async fn pakta_kampanye(
        &self,
        instansi: InstansiId,
        id: KampanyeId,
    ) -> StoreResult<Option<Kampanye>> {
        self.baca(move |c| {
            Ok(baca_kampanye(c, instansi, "AND id = ?2", &[&id.0])?
                .into_iter()
                .next())
        })
        .await
    }

    pub(crate) async fn pakta_daftar_kampanye(
        &self,
        instansi: InstansiId,
    ) -> StoreResult<Vec<Kampanye>> {
        self.baca(move |c| baca_kampanye(c, instansi, "", &[]))
            .await
    }
}
