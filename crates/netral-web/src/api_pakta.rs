//! JSON API of the staff side of signing (issue #4 §7): elections, templates, campaigns,
//! paper intake, representative and witness signatures, revocations, progress, exports.
//!
//! The request shapes here (`*Masuk`) are also what the pages build from their forms, so a
//! page and its API twin parse input the same way (see the `*_baru` functions).

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use netral_app::{AppError, Pelaku};
use netral_domain::akun::User;
use netral_domain::organisasi::{InstansiId, PegawaiId, UnitId};
use netral_domain::pakta::{
    AnggotaTahap, IsiPakta, JenisPemilihan, JenisTahapan, JenisTemplatAwal, Kampanye,
    LingkupKampanye, ModePakta, PaktaTemplate, PaktaTemplateBaru, Pemilihan,
    PemilihanId, SifatTahap, StatusPemilihan, TahapKampanye, Tahapan, TemplateId,
};
use netral_domain::pegawai::JenisPegawai;
use netral_store::{KampanyeBaru, PemilihanBaru};

use crate::AppState;
use crate::api::GalatDto;
use crate::galat::WebError;
use crate::sesi::ApiUser;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/pemilihan", get(daftar_pemilihan).post(buat_pemilihan))
        .route("/templat", get(daftar_templat).post(buat_templat))
        .route("/templat/{id}/sahkan", post(sahkan_templat))
        .route("/kampanye", get(daftar_kampanye).post(buat_kampanye))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        buat_pemilihan,
        daftar_pemilihan,
        buat_templat,
        daftar_templat,
        sahkan_templat,
        buat_kampanye,
        daftar_kampanye
    ),
    components(schemas(
        PemilihanMasuk,
        PemilihanDto,
        TahapanDto,
        TemplatMasuk,
        IsiDto,
        TemplatDto,
        SahkanMasuk,
        KampanyeMasuk,
        TahapMasuk,
        KampanyeDto,
        TahapDto
    ))
)]
pub struct DokumenApiPakta;

// --- input parsing shared with the pages ------------------------------------------------

type Hasil<T> = Result<T, AppError>;

fn masukan(pesan: impl Into<String>) -> AppError {
    AppError::Masukan(pesan.into())
}

/// The body of a JSON request, or an input error in Indonesian.
pub(crate) fn isi_json<T>(r: Result<Json<T>, JsonRejection>) -> Result<T, WebError> {
    r.map(|Json(t)| t).map_err(|e| {
        WebError::json(masukan(format!(
            "isi permintaan bukan JSON yang sah: {}",
            e.body_text()
        )))
    })
}

fn kosong(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// A calendar date `YYYY-MM-DD`.
pub(crate) fn tanggal(s: &str, nama: &str) -> Hasil<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| masukan(format!("{nama}: tanggal tidak sah \"{s}\" (format TTTT-BB-HH)")))
}

/// WIB, the zone most Pemda using this work in; a date or local time without a zone is WIB.
fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// An instant: RFC 3339, a local `YYYY-MM-DDTHH:MM` (WIB), or a date (end of that day, WIB).
pub(crate) fn waktu(s: &str, nama: &str) -> Hasil<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let lokal = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| NaiveTime::from_hms_opt(23, 59, 59).map(|t| d.and_time(t)))
        })
        .ok_or_else(|| masukan(format!("{nama}: waktu tidak sah \"{s}\" (TTTT-BB-HH atau TTTT-BB-HHTjj:mm)")))?;
    wib()
        .from_local_datetime(&lokal)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| masukan(format!("{nama}: waktu tidak sah \"{s}\"")))
}

fn kode<T>(s: &str, nama: &str, parse: impl Fn(&str) -> Result<T, netral_domain::pegawai::KodeTidakDikenal>) -> Hasil<T> {
    parse(s).map_err(|_| masukan(format!("{nama} tidak dikenal: \"{s}\"")))
}

/// Employment types by code; empty means "not given".
pub(crate) fn jenis_pegawai(daftar: &[String]) -> Hasil<BTreeSet<JenisPegawai>> {
    daftar
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| kode(s, "jenis pegawai", JenisPegawai::parse))
        .collect()
}

/// A new or replaced election.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PemilihanMasuk {
    /// Set to replace a stored election; absent creates one.
    pub id: Option<i64>,
    /// PEMILU, PILKADA, PILKADA_ULANG or PSU.
    pub jenis: String,
    pub nama: String,
    /// Region code; default the instansi's.
    pub wilayah_kode: Option<String>,
    /// Voting day, `YYYY-MM-DD`.
    pub tgl_pemungutan: String,
    #[serde(default)]
    pub dasar_hukum: String,
    /// DIRENCANAKAN (default), BERJALAN, SELESAI, DIBATALKAN.
    pub status: Option<String>,
    #[serde(default)]
    pub tahapan: Vec<TahapanDto>,
}

/// One election stage with inclusive dates.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct TahapanDto {
    /// PENDAFTARAN_PASLON, PENETAPAN_PASLON, KAMPANYE, MASA_TENANG, PEMUNGUTAN,
    /// REKAPITULASI, PENETAPAN_TERPILIH.
    pub jenis: String,
    /// `YYYY-MM-DD`.
    pub mulai: String,
    /// `YYYY-MM-DD`.
    pub selesai: String,
}

pub(crate) fn pemilihan_baru(
    instansi: &netral_domain::organisasi::Instansi,
    m: &PemilihanMasuk,
) -> Hasil<PemilihanBaru> {
    let wilayah_kode = match kosong(m.wilayah_kode.as_deref()) {
        Some(k) => netral_domain::ident::KodeWilayah::parse(k)
            .map_err(|e| masukan(format!("kode wilayah: {e}")))?,
        None => instansi.kode.clone(),
    };
    let tahapan = m
        .tahapan
        .iter()
        .map(|t| {
            let jenis = kode(&t.jenis, "jenis tahapan", JenisTahapan::parse)?;
            Ok(Tahapan {
                jenis,
                mulai: tanggal(&t.mulai, jenis.label())?,
                selesai: tanggal(&t.selesai, jenis.label())?,
            })
        })
        .collect::<Hasil<Vec<_>>>()?;
    Ok(PemilihanBaru {
        id: m.id.map(PemilihanId),
        instansi_id: instansi.id,
        jenis: kode(&m.jenis, "jenis pemilihan", JenisPemilihan::parse)?,
        nama: m.nama.clone(),
        wilayah_kode,
        tgl_pemungutan: tanggal(&m.tgl_pemungutan, "tanggal pemungutan")?,
        dasar_hukum: m.dasar_hukum.trim().to_string(),
        status: match kosong(m.status.as_deref()) {
            Some(s) => kode(s, "status pemilihan", StatusPemilihan::parse)?,
            None => StatusPemilihan::Direncanakan,
        },
        tahapan,
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PemilihanDto {
    pub id: i64,
    pub jenis: String,
    pub nama: String,
    pub wilayah_kode: String,
    pub tgl_pemungutan: String,
    pub dasar_hukum: String,
    pub status: String,
    pub tahapan: Vec<TahapanDto>,
}

impl From<Pemilihan> for PemilihanDto {
    fn from(p: Pemilihan) -> Self {
        PemilihanDto {
            id: p.id.0,
            jenis: p.jenis.kode().into(),
            nama: p.nama,
            wilayah_kode: p.wilayah_kode.to_string(),
            tgl_pemungutan: p.tgl_pemungutan.to_string(),
            dasar_hukum: p.dasar_hukum,
            status: p.status.kode().into(),
            tahapan: p
                .tahapan
                .into_iter()
                .map(|t| TahapanDto {
                    jenis: t.jenis.kode().into(),
                    mulai: t.mulai.to_string(),
                    selesai: t.selesai.to_string(),
                })
                .collect(),
        }
    }
}

/// A template version: from a starter text (`awal`) or with its full content (`isi`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TemplatMasuk {
    pub pemilihan_id: Option<i64>,
    /// Starter text: SKB_4, BUTIR_6 or BUTIR_9 (then `isi` is ignored).
    pub awal: Option<String>,
    /// For a starter: INDIVIDU (default) or PERWAKILAN.
    pub mode: Option<String>,
    /// For a starter: the Pemda circular's number.
    pub nomor_se: Option<String>,
    /// With `isi`: the version to store; default the next free one. An unapproved version
    /// is replaced; an approved one cannot change (409).
    pub versi: Option<u32>,
    pub isi: Option<IsiDto>,
}

/// The words of a pact.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct IsiDto {
    pub judul: String,
    #[serde(default)]
    pub pembuka: String,
    pub butir: Vec<String>,
    #[serde(default)]
    pub penutup: String,
    #[serde(default)]
    pub dasar_hukum: Vec<String>,
    /// Employment type codes (PNS, CPNS, PPPK, PPPK_PARUH_WAKTU, NON_ASN).
    pub berlaku_untuk: Vec<String>,
    /// INDIVIDU or PERWAKILAN.
    pub mode: String,
    pub nomor_se: Option<String>,
}

impl From<IsiPakta> for IsiDto {
    fn from(i: IsiPakta) -> Self {
        IsiDto {
            judul: i.judul,
            pembuka: i.pembuka,
            butir: i.butir,
            penutup: i.penutup,
            dasar_hukum: i.dasar_hukum,
            berlaku_untuk: i.berlaku_untuk.iter().map(|j| j.kode().to_string()).collect(),
            mode: i.mode.kode().into(),
            nomor_se: i.nomor_se,
        }
    }
}

pub(crate) fn isi_pakta(d: &IsiDto) -> Hasil<IsiPakta> {
    Ok(IsiPakta {
        judul: d.judul.clone(),
        pembuka: d.pembuka.clone(),
        butir: d
            .butir
            .iter()
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .collect(),
        penutup: d.penutup.clone(),
        dasar_hukum: d
            .dasar_hukum
            .iter()
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .collect(),
        berlaku_untuk: jenis_pegawai(&d.berlaku_untuk)?,
        mode: kode(&d.mode, "mode pakta", ModePakta::parse)?,
        nomor_se: kosong(d.nomor_se.as_deref()).map(str::to_string),
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TemplatDto {
    pub id: i64,
    pub pemilihan_id: Option<i64>,
    pub versi: u32,
    /// SHA-256 (hex) of the canonical text.
    pub hash_isi: String,
    pub disahkan: bool,
    pub disahkan_oleh: Option<String>,
    pub tgl_sah: Option<String>,
    pub isi: IsiDto,
    /// The canonical text (`NETRAL-PAKTA/1`) whose hash is `hash_isi`.
    pub teks_kanonik: String,
}

impl From<PaktaTemplate> for TemplatDto {
    fn from(t: PaktaTemplate) -> Self {
        TemplatDto {
            teks_kanonik: t.teks_kanonik(),
            disahkan: t.sudah_disahkan(),
            id: t.id.0,
            pemilihan_id: t.pemilihan_id.map(|p| p.0),
            versi: t.versi,
            hash_isi: t.hash_isi.to_string(),
            disahkan_oleh: t.disahkan_oleh,
            tgl_sah: t.tgl_sah.map(|d| d.to_string()),
            isi: t.isi.into(),
        }
    }
}

/// Stores a template version from a request: a starter, or full content whose version is
/// given or the next free one. Editing an approved version is a conflict (make a new one).
pub(crate) async fn simpan_templat(
    s: &AppState,
    pelaku: &Pelaku,
    instansi: InstansiId,
    m: &TemplatMasuk,
) -> Hasil<(PaktaTemplate, netral_store::Perubahan)> {
    let pemilihan_id = m.pemilihan_id.map(PemilihanId);
    if let Some(awal) = kosong(m.awal.as_deref()) {
        let jenis = kode(awal, "templat awal", JenisTemplatAwal::parse)?;
        let mode = match kosong(m.mode.as_deref()) {
            Some(x) => kode(x, "mode pakta", ModePakta::parse)?,
            None => ModePakta::Individu,
        };
        let se = kosong(m.nomor_se.as_deref()).map(str::to_string);
        return s
            .app
            .templat_awal(pelaku, instansi, pemilihan_id, jenis, mode, se)
            .await;
    }
    let isi = m
        .isi
        .as_ref()
        .ok_or_else(|| masukan("isi templat wajib diisi (atau pilih templat awal)"))?;
    let isi = isi_pakta(isi)?;
    let ada = s.app.daftar_templat(pelaku, instansi, pemilihan_id).await?;
    let sendiri: Vec<&PaktaTemplate> = ada
        .iter()
        .filter(|t| t.pemilihan_id == pemilihan_id)
        .collect();
    let versi = match m.versi {
        Some(v) => v,
        None => sendiri.iter().map(|t| t.versi).max().unwrap_or(0) + 1,
    };
    let baru = PaktaTemplateBaru {
        instansi_id: instansi,
        pemilihan_id,
        versi,
        isi,
    };
    if let Some(t) = sendiri.iter().find(|t| t.versi == versi)
        && t.sudah_disahkan()
        && baru.clone().periksa().map(|b| b.hash_isi()).ok() != Some(t.hash_isi.clone())
    {
        return Err(AppError::Konflik(format!(
            "templat versi {versi} sudah disahkan dan tidak dapat diubah; buat versi baru"
        )));
    }
    s.app.simpan_templat(pelaku, baru).await
}

/// Approval of a template version.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SahkanMasuk {
    /// Name and post of the approving official, as printed.
    pub oleh: String,
    /// `YYYY-MM-DD`; default today.
    pub tanggal: Option<String>,
}

pub(crate) fn tanggal_sah(s: &AppState, m: &SahkanMasuk) -> Hasil<NaiveDate> {
    match kosong(m.tanggal.as_deref()) {
        Some(t) => tanggal(t, "tanggal pengesahan"),
        None => Ok(s.app.sekarang().with_timezone(&wib()).date_naive()),
    }
}

/// A new campaign.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct KampanyeMasuk {
    pub nama: String,
    /// An approved template version.
    pub template_id: i64,
    /// Units in scope (and everything under them); absent or empty = the whole instansi.
    #[serde(default)]
    pub unit: Vec<i64>,
    /// Employment types asked to sign; default the template's.
    #[serde(default)]
    pub jenis_pegawai: Vec<String>,
    /// Ordered stages; absent = the usual order (kepala daerah, Sekda if `sekda_id`, JPT,
    /// administrator, everyone else).
    pub tahap: Option<Vec<TahapMasuk>>,
    /// With the usual order: deadlines per stage, by position (null = none).
    #[serde(default)]
    pub tenggat: Vec<Option<String>>,
    /// With the usual order: the Sekda as a named, witnessed stage.
    pub sekda_id: Option<i64>,
    /// Signing opens (RFC 3339 or `YYYY-MM-DDTHH:MM` WIB); default now.
    pub dibuka: Option<String>,
    /// Signing closes; default open until closed by hand.
    pub ditutup: Option<String>,
}

/// One stage of a campaign.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TahapMasuk {
    pub nama: String,
    /// KETAT (later stages wait) or ANJURAN.
    pub sifat: String,
    pub tenggat: Option<String>,
    /// `{"menurut":"JABATAN","nilai":{"jenis":[...],"eselon":[...]}}`,
    /// `{"menurut":"PEGAWAI","nilai":[ids]}` or `{"menurut":"SISANYA"}`.
    #[schema(value_type = Object)]
    pub anggota: serde_json::Value,
    #[serde(default)]
    pub perlu_saksi: bool,
}

pub(crate) async fn kampanye_baru(
    s: &AppState,
    pelaku: &Pelaku,
    instansi: InstansiId,
    m: &KampanyeMasuk,
) -> Hasil<(KampanyeBaru, Option<PegawaiId>)> {
    let templat = s
        .app
        .templat(pelaku, instansi, TemplateId(m.template_id))
        .await?;
    let mut jenis = jenis_pegawai(&m.jenis_pegawai)?;
    if jenis.is_empty() {
        jenis = templat.isi.berlaku_untuk.clone();
    }
    let sekda = m.sekda_id.map(PegawaiId);
    let tahap = match &m.tahap {
        Some(daftar) => daftar
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let anggota: AnggotaTahap = serde_json::from_value(t.anggota.clone())
                    .map_err(|e| masukan(format!("tahap {}: anggota tidak sah: {e}", i + 1)))?;
                Ok(TahapKampanye {
                    nama: t.nama.clone(),
                    sifat: kode(&t.sifat, "sifat tahap", SifatTahap::parse)?,
                    tenggat: kosong(t.tenggat.as_deref())
                        .map(|w| waktu(w, &format!("tenggat tahap {}", i + 1)))
                        .transpose()?,
                    anggota,
                    perlu_saksi: t.perlu_saksi,
                })
            })
            .collect::<Hasil<Vec<_>>>()?,
        None => {
            let mut baku = Kampanye::tahap_baku(sekda);
            if m.tenggat.len() > baku.len() {
                return Err(masukan(format!(
                    "tenggat diberikan untuk {} tahap, padahal urutan baku hanya {} tahap",
                    m.tenggat.len(),
                    baku.len()
                )));
            }
            for (i, t) in m.tenggat.iter().enumerate() {
                if let Some(w) = kosong(t.as_deref()) {
                    baku[i].tenggat = Some(waktu(w, &format!("tenggat tahap {}", i + 1))?);
                }
            }
            baku
        }
    };
    let unit: BTreeSet<UnitId> = m.unit.iter().copied().map(UnitId).collect();
    Ok((
        KampanyeBaru {
            instansi_id: instansi,
            nama: m.nama.clone(),
            template_id: templat.id,
            lingkup: LingkupKampanye {
                unit: (!unit.is_empty()).then_some(unit),
                jenis_pegawai: jenis,
            },
            tahap,
            dibuka: kosong(m.dibuka.as_deref())
                .map(|w| waktu(w, "waktu dibuka"))
                .transpose()?,
            ditutup: kosong(m.ditutup.as_deref())
                .map(|w| waktu(w, "waktu ditutup"))
                .transpose()?,
        },
        // Only the usual order names the Sekda itself.
        sekda.filter(|_| m.tahap.is_none()),
    ))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TahapDto {
    pub nama: String,
    pub sifat: String,
    pub tenggat: Option<String>,
    #[schema(value_type = Object)]
    pub anggota: serde_json::Value,
    pub perlu_saksi: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KampanyeDto {
    pub id: i64,
    pub nama: String,
    pub template_id: i64,
    pub template_versi: u32,
    pub hash_isi: String,
    /// Units in scope; null = the whole instansi.
    pub unit: Option<Vec<i64>>,
    pub jenis_pegawai: Vec<String>,
    pub tahap: Vec<TahapDto>,
    pub dibuka: Option<String>,
    pub ditutup: Option<String>,
}

impl From<Kampanye> for KampanyeDto {
    fn from(k: Kampanye) -> Self {
        KampanyeDto {
            id: k.id.0,
            nama: k.nama,
            template_id: k.template_id.0,
            template_versi: k.template_versi,
            hash_isi: k.hash_isi.to_string(),
            unit: k.lingkup.unit.map(|u| u.iter().map(|x| x.0).collect()),
            jenis_pegawai: k
                .lingkup
                .jenis_pegawai
                .iter()
                .map(|j| j.kode().to_string())
                .collect(),
            tahap: k
                .tahap
                .into_iter()
                .map(|t| TahapDto {
                    nama: t.nama,
                    sifat: t.sifat.kode().into(),
                    tenggat: t.tenggat.map(|w| w.to_rfc3339()),
                    anggota: serde_json::to_value(&t.anggota).unwrap_or_default(),
                    perlu_saksi: t.perlu_saksi,
                })
                .collect(),
            dibuka: k.dibuka.map(|w| w.to_rfc3339()),
            ditutup: k.ditutup.map(|w| w.to_rfc3339()),
        }
    }
}

// --- handlers -----------------------------------------------------------------------

fn dibuat(p: netral_store::Perubahan) -> StatusCode {
    if p == netral_store::Perubahan::Dibuat {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

fn instansi(u: &User) -> InstansiId {
    u.instansi_id
}

/// Creates (or, with `id`, replaces) an election with its stages.
#[utoipa::path(post, path = "/api/v1/pemilihan", operation_id = "createPemilihan", tag = "pakta",
    request_body = PemilihanMasuk,
    responses((status = 201, body = PemilihanDto), (status = 200, body = PemilihanDto),
        (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn buat_pemilihan(
    State(s): State<AppState>,
    u: ApiUser,
    m: Result<Json<PemilihanMasuk>, JsonRejection>,
) -> Result<Response, WebError> {
    let m = isi_json(m)?;
    let inst = s.app.instansi_user(&u.0).await.map_err(WebError::json)?;
    let baru = pemilihan_baru(&inst, &m).map_err(WebError::json)?;
    let (p, ubah) = s
        .app
        .simpan_pemilihan(&u.pelaku(), baru)
        .await
        .map_err(WebError::json)?;
    Ok((dibuat(ubah), Json(PemilihanDto::from(p))).into_response())
}

/// The instansi's elections.
#[utoipa::path(get, path = "/api/v1/pemilihan", operation_id = "listPemilihan", tag = "pakta",
    responses((status = 200, body = [PemilihanDto]), (status = 403, body = GalatDto)))]
async fn daftar_pemilihan(
    State(s): State<AppState>,
    u: ApiUser,
) -> Result<Json<Vec<PemilihanDto>>, WebError> {
    let v = s
        .app
        .daftar_pemilihan(&u.pelaku(), instansi(&u.0))
        .await
        .map_err(WebError::json)?;
    Ok(Json(v.into_iter().map(Into::into).collect()))
}

/// Stores a template version: from a starter text (`awal`) or full content (`isi`).
#[utoipa::path(post, path = "/api/v1/templat", operation_id = "createTemplate", tag = "pakta",
    request_body = TemplatMasuk,
    responses((status = 201, body = TemplatDto), (status = 200, body = TemplatDto),
        (status = 409, body = GalatDto), (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn buat_templat(
    State(s): State<AppState>,
    u: ApiUser,
    m: Result<Json<TemplatMasuk>, JsonRejection>,
) -> Result<Response, WebError> {
    let m = isi_json(m)?;
    let (t, ubah) = simpan_templat(&s, &u.pelaku(), instansi(&u.0), &m)
        .await
        .map_err(WebError::json)?;
    Ok((dibuat(ubah), Json(TemplatDto::from(t))).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParamTemplat {
    /// Only the templates of this election.
    pub pemilihan: Option<i64>,
}

/// The instansi's template versions.
#[utoipa::path(get, path = "/api/v1/templat", operation_id = "listTemplates", tag = "pakta",
    params(ParamTemplat),
    responses((status = 200, body = [TemplatDto]), (status = 403, body = GalatDto)))]
async fn daftar_templat(
    State(s): State<AppState>,
    u: ApiUser,
    Query(p): Query<ParamTemplat>,
) -> Result<Json<Vec<TemplatDto>>, WebError> {
    let v = s
        .app
        .daftar_templat(&u.pelaku(), instansi(&u.0), p.pemilihan.map(PemilihanId))
        .await
        .map_err(WebError::json)?;
    Ok(Json(v.into_iter().map(Into::into).collect()))
}

/// Approves a template version; from then on it is immutable.
#[utoipa::path(post, path = "/api/v1/templat/{id}/sahkan", operation_id = "approveTemplate", tag = "pakta",
    params(("id" = i64, Path, description = "Template version id")),
    request_body = SahkanMasuk,
    responses((status = 200, body = TemplatDto), (status = 404, body = GalatDto),
        (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn sahkan_templat(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
    m: Result<Json<SahkanMasuk>, JsonRejection>,
) -> Result<Json<TemplatDto>, WebError> {
    let m = isi_json(m)?;
    let tgl = tanggal_sah(&s, &m).map_err(WebError::json)?;
    let t = s
        .app
        .sahkan_templat(&u.pelaku(), instansi(&u.0), TemplateId(id), &m.oleh, tgl)
        .await
        .map_err(WebError::json)?;
    Ok(Json(t.into()))
}

/// Creates a signing campaign on an approved template.
#[utoipa::path(post, path = "/api/v1/kampanye", operation_id = "createKampanye", tag = "pakta",
    request_body = KampanyeMasuk,
    responses((status = 201, body = KampanyeDto), (status = 404, body = GalatDto),
        (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn buat_kampanye(
    State(s): State<AppState>,
    u: ApiUser,
    m: Result<Json<KampanyeMasuk>, JsonRejection>,
) -> Result<Response, WebError> {
    let m = isi_json(m)?;
    let pelaku = u.pelaku();
    let (baru, sekda) = kampanye_baru(&s, &pelaku, instansi(&u.0), &m)
        .await
        .map_err(WebError::json)?;
    let (k, ubah) = s
        .app
        .buat_kampanye_dengan_sekda(&pelaku, baru, sekda)
        .await
        .map_err(WebError::json)?;
    Ok((dibuat(ubah), Json(KampanyeDto::from(k))).into_response())
}

/// The instansi's campaigns.
#[utoipa::path(get, path = "/api/v1/kampanye", operation_id = "listKampanye", tag = "pakta",
    responses((status = 200, body = [KampanyeDto]), (status = 403, body = GalatDto)))]
async fn daftar_kampanye(
    State(s): State<AppState>,
    u: ApiUser,
) -> Result<Json<Vec<KampanyeDto>>, WebError> {
    let v = s
        .app
        .daftar_kampanye(&u.pelaku(), instansi(&u.0))
        .await
        .map_err(WebError::json)?;
    Ok(Json(v.into_iter().map(Into::into).collect()))
}
