//! The JSON API under `/api/v1`, mirroring the pages, documented by OpenAPI 3
//! (`/api/v1/openapi.json`, browsable at `/api/v1/docs`). Authentication: `Authorization:
//! Bearer <token>` from `netral token create`.

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use netral_app::{AppError, LaporanImpor, OpsiImpor};
use netral_domain::organisasi::{PegawaiId, SimpulUnit};
use netral_store::PegawaiRingkas;

use crate::AppState;
use crate::galat::WebError;
use crate::halaman::ParamPegawai;
use crate::sesi::ApiUser;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/docs", get(docs))
        .route("/saya", get(saya))
        .route("/ringkasan", get(ringkasan))
        .route("/unit", get(daftar_unit))
        .route("/pegawai", get(daftar_pegawai))
        .route("/pegawai/{id}", get(detail_pegawai))
        .route(
            "/pegawai/impor",
            post(impor_pegawai).layer(axum::extract::DefaultBodyLimit::max(256 * 1024 * 1024)),
        )
        .route("/audit", get(daftar_audit))
        .merge(crate::log::rute_api())
        .merge(crate::verifikasi::rute_api())
        .merge(crate::api_pakta::rute())
        .merge(crate::api_penanda::rute())
        .fallback(tidak_ada)
}

async fn tidak_ada() -> WebError {
    WebError::json(AppError::TidakDitemukan("rute API".into()))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Netral API",
        version = "1",
        description = "API Netral: registri pegawai Pemda untuk Pakta Integritas Netralitas ASN. \
            Semua rute memerlukan `Authorization: Bearer <token>` dari `netral token create`. \
            Pesan galat berbahasa Indonesia dengan kode stabil dan referensi log."
    ),
    paths(saya, ringkasan, daftar_unit, daftar_pegawai, detail_pegawai, impor_pegawai, daftar_audit,
        crate::log::inklusi, crate::log::konsistensi, crate::verifikasi::verifikasi_json),
    components(schemas(
        SayaDto, RingkasanDto, JumlahJenis, UnitDto, PegawaiDto, HalamanPegawaiDto, PegawaiDetailDto,
        ImporDto, MasalahDto, AuditDto, GalatDto, GalatIsi,
        crate::log::InklusiDto, crate::log::KonsistensiDto,
        crate::verifikasi::VerifikasiDto, crate::verifikasi::EntriDto,
        crate::verifikasi::PemeriksaanDto, crate::verifikasi::KosignaturDto,
        crate::verifikasi::TandaTanganTerverifikasiDto,
        crate::verifikasi::PembatalanTerverifikasiDto,
        crate::verifikasi::PernyataanSaksiDto, crate::verifikasi::PernyataanDto,
        crate::verifikasi::PencabutanDto
    )),
    modifiers(&Keamanan),
    security(("bearer" = []))
)]
pub struct DokumenApi;

impl DokumenApi {
    /// The whole document: this module's routes and each area's.
    pub fn lengkap() -> utoipa::openapi::OpenApi {
        let mut doc = DokumenApi::openapi();
        doc.merge(crate::api_pakta::DokumenApiPakta::openapi());
        doc.merge(crate::api_penanda::DokumenApiPenanda::openapi());
        doc
    }
}

struct Keamanan;

impl Modify for Keamanan {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let c = openapi.components.get_or_insert_with(Default::default);
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(DokumenApi::lengkap())
}

#[derive(Template)]
#[template(path = "docs.html")]
struct HalamanDocs;

async fn docs() -> Response {
    match HalamanDocs.render() {
        Ok(h) => Html(h).into_response(),
        Err(e) => WebError::json(AppError::Internal(e.to_string())).into_response(),
    }
}

/// Error body of every failing call.
#[derive(Serialize, ToSchema)]
pub struct GalatDto {
    pub error: GalatIsi,
}

#[derive(Serialize, ToSchema)]
pub struct GalatIsi {
    /// Stable code, e.g. `NT-403`.
    pub kode: String,
    /// Indonesian message, safe to show.
    pub pesan: String,
    /// Reference to the server log line.
    pub referensi: String,
}

#[derive(Serialize, ToSchema)]
pub struct SayaDto {
    pub username: String,
    pub nama: String,
    pub peran: String,
    pub instansi_kode: String,
    pub instansi_nama: String,
    pub unit_id: Option<i64>,
}

/// The caller's account and instansi.
#[utoipa::path(get, path = "/api/v1/saya", operation_id = "getSaya", tag = "akun",
    responses((status = 200, body = SayaDto), (status = 401, body = GalatDto)))]
async fn saya(State(s): State<AppState>, u: ApiUser) -> Result<Json<SayaDto>, WebError> {
    let i = s.app.instansi_user(&u.0).await.map_err(WebError::json)?;
    Ok(Json(SayaDto {
        username: u.0.username.to_string(),
        nama: u.0.nama.clone(),
        peran: u.0.peran.kode().into(),
        instansi_kode: i.kode.to_string(),
        instansi_nama: i.nama,
        unit_id: u.0.unit_id.map(|x| x.0),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct JumlahJenis {
    pub jenis: String,
    pub jumlah: u64,
}

#[derive(Serialize, ToSchema)]
pub struct RingkasanDto {
    pub instansi_kode: String,
    pub instansi_nama: String,
    pub demo: bool,
    pub unit: usize,
    pub pegawai_aktif: u64,
    pub per_jenis: Vec<JumlahJenis>,
}

/// Dashboard counts of the caller's instansi (or unit subtree).
#[utoipa::path(get, path = "/api/v1/ringkasan", operation_id = "getRingkasan", tag = "registri",
    responses((status = 200, body = RingkasanDto), (status = 401, body = GalatDto)))]
async fn ringkasan(State(s): State<AppState>, u: ApiUser) -> Result<Json<RingkasanDto>, WebError> {
    let r = s
        .app
        .ringkasan(&u.pelaku(), &u.0)
        .await
        .map_err(WebError::json)?;
    Ok(Json(RingkasanDto {
        instansi_kode: r.instansi.kode.to_string(),
        instansi_nama: r.instansi.nama,
        demo: r.instansi.demo,
        unit: r.unit,
        pegawai_aktif: r.pegawai_aktif,
        per_jenis: r
            .per_jenis
            .into_iter()
            .map(|(jenis, jumlah)| JumlahJenis { jenis, jumlah })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct UnitDto {
    pub id: i64,
    pub induk_id: Option<i64>,
    pub nama: String,
    pub jenis: String,
    pub kedalaman: usize,
    /// Active employees directly in the unit.
    pub jumlah_langsung: u64,
    /// Active employees in the unit and below.
    pub jumlah_total: u64,
}

fn ratakan(s: &[SimpulUnit], kedalaman: usize, out: &mut Vec<UnitDto>) {
    for n in s {
        out.push(UnitDto {
            id: n.unit.id.0,
            induk_id: n.unit.induk_id.map(|x| x.0),
            nama: n.unit.nama.clone(),
            jenis: n.unit.jenis.kode().into(),
            kedalaman,
            jumlah_langsung: n.jumlah_langsung,
            jumlah_total: n.jumlah_total,
        });
        ratakan(&n.anak, kedalaman + 1, out);
    }
}

/// The unit tree, flattened depth-first (parents before children).
#[utoipa::path(get, path = "/api/v1/unit", operation_id = "listUnit", tag = "registri",
    responses((status = 200, body = [UnitDto]), (status = 401, body = GalatDto)))]
async fn daftar_unit(
    State(s): State<AppState>,
    u: ApiUser,
) -> Result<Json<Vec<UnitDto>>, WebError> {
    let pohon = s
        .app
        .pohon_unit(&u.pelaku(), &u.0)
        .await
        .map_err(WebError::json)?;
    let mut out = Vec::new();
    ratakan(&pohon, 0, &mut out);
    Ok(Json(out))
}

#[derive(Serialize, ToSchema)]
pub struct PegawaiDto {
    pub id: i64,
    /// NIP or NI PPPK as stored; for non-ASN the NIK, masked (first and last four digits).
    pub identitas: String,
    pub jenis: String,
    pub nama: String,
    pub gelar_depan: Option<String>,
    pub gelar_belakang: Option<String>,
    pub jabatan: Option<String>,
    pub unit_id: Option<i64>,
    pub unit: Option<String>,
    pub golongan: Option<String>,
    pub status: String,
}

impl From<PegawaiRingkas> for PegawaiDto {
    fn from(r: PegawaiRingkas) -> Self {
        PegawaiDto {
            id: r.id.0,
            identitas: crate::halaman::identitas_tampil(r.jenis, &r.identitas),
            jenis: r.jenis.kode().into(),
            nama: r.nama,
            gelar_depan: r.gelar_depan,
            gelar_belakang: r.gelar_belakang,
            jabatan: r.jabatan,
            unit_id: r.unit_id.map(|x| x.0),
            unit: r.unit,
            golongan: r.golongan,
            status: r.status.kode().into(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct HalamanPegawaiDto {
    pub items: Vec<PegawaiDto>,
    pub total: u64,
    pub halaman: u32,
    pub ukuran: u32,
    pub jumlah_halaman: u64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // documents the query; parsing goes through ParamPegawai
struct DokParamPegawai {
    /// Substring of name or identifier (case-insensitive).
    q: Option<String>,
    /// Unit id; includes the units below it.
    unit: Option<i64>,
    /// PNS, CPNS, PPPK, PPPK_PARUH_WAKTU, NON_ASN.
    jenis: Option<String>,
    /// AKTIF, TIDAK_AKTIF, PENSIUN, …
    status: Option<String>,
    /// 1-based page.
    halaman: Option<u32>,
    /// Page size, 1–200 (default 50).
    ukuran: Option<u32>,
}

/// Searches employees.
#[utoipa::path(get, path = "/api/v1/pegawai", operation_id = "listPegawai", tag = "registri",
    params(DokParamPegawai),
    responses((status = 200, body = HalamanPegawaiDto), (status = 422, body = GalatDto), (status = 401, body = GalatDto)))]
async fn daftar_pegawai(
    State(s): State<AppState>,
    u: ApiUser,
    Query(p): Query<ParamPegawai>,
) -> Result<Json<HalamanPegawaiDto>, WebError> {
    let k = p.kueri().map_err(WebError::json)?;
    let h = s
        .app
        .daftar_pegawai(&u.pelaku(), &u.0, k)
        .await
        .map_err(WebError::json)?;
    Ok(Json(HalamanPegawaiDto {
        items: h.items.into_iter().map(Into::into).collect(),
        total: h.total,
        halaman: h.halaman,
        ukuran: h.ukuran,
        jumlah_halaman: h.jumlah_halaman,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PegawaiDetailDto {
    #[serde(flatten)]
    pub pegawai: PegawaiDto,
    pub nip: Option<String>,
    pub ni_pppk: Option<String>,
    /// Masked: only the first and last four digits.
    pub nik_tersamar: Option<String>,
    pub tempat_lahir: Option<String>,
    pub tanggal_lahir: Option<String>,
    pub jenis_kelamin: Option<String>,
    pub jalur_unit: Vec<String>,
    pub atasan_id: Option<i64>,
    pub atasan_nama: Option<String>,
    pub diubah_pada: String,
}

/// One employee of the caller's instansi.
#[utoipa::path(get, path = "/api/v1/pegawai/{id}", operation_id = "getPegawai", tag = "registri",
    params(("id" = i64, Path, description = "Employee id")),
    responses((status = 200, body = PegawaiDetailDto), (status = 404, body = GalatDto)))]
async fn detail_pegawai(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<PegawaiDetailDto>, WebError> {
    let d = s
        .app
        .detail_pegawai(&u.pelaku(), &u.0, PegawaiId(id))
        .await
        .map_err(WebError::json)?;
    let p = d.pegawai;
    Ok(Json(PegawaiDetailDto {
        nip: p.nip,
        ni_pppk: p.ni_pppk,
        nik_tersamar: p
            .nik
            .as_deref()
            .and_then(|n| netral_domain::Nik::parse(n).ok())
            .map(|n| n.tersamar()),
        tempat_lahir: p.tempat_lahir,
        tanggal_lahir: p.tanggal_lahir.map(|t| t.to_string()),
        jenis_kelamin: p.jenis_kelamin.map(|j| j.kode().into()),
        jalur_unit: d.jalur_unit,
        atasan_id: p.atasan_id.map(|x| x.0),
        atasan_nama: p.atasan_nama,
        diubah_pada: p.diubah_pada.to_rfc3339(),
        pegawai: p.ringkas.into(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct MasalahDto {
    /// Row number as a spreadsheet shows it (header = 1).
    pub baris: u32,
    pub kolom: String,
    pub nilai: String,
    /// GALAT (row rejected) or PERINGATAN (row kept).
    pub tingkat: String,
    pub alasan: String,
}

#[derive(Serialize, ToSchema)]
pub struct ImporDto {
    pub rows: usize,
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub warnings: usize,
    pub deactivated: usize,
    /// Whether anything was written.
    pub written: bool,
    /// Why nothing was written, when rows were rejected.
    pub alasan_batal: Option<String>,
    pub masalah: Vec<MasalahDto>,
}

impl From<LaporanImpor> for ImporDto {
    fn from(l: LaporanImpor) -> Self {
        ImporDto {
            rows: l.rows,
            imported: l.imported,
            updated: l.updated,
            unchanged: l.unchanged,
            rejected: l.rejected,
            warnings: l.warnings,
            deactivated: l.deactivated,
            written: l.ditulis,
            alasan_batal: l.alasan_batal,
            masalah: l
                .masalah
                .into_iter()
                .map(|m| MasalahDto {
                    baris: m.baris,
                    kolom: m.kolom,
                    nilai: m.nilai,
                    tingkat: m.tingkat.kode().into(),
                    alasan: m.alasan,
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ParamImpor {
    /// File name (decides nothing but is recorded; the format is detected from the bytes).
    nama_file: Option<String>,
    /// Check and count only.
    #[serde(default)]
    dry_run: bool,
    /// Write valid rows even if some are rejected.
    #[serde(default)]
    skip_invalid: bool,
    /// Full export: deactivate employees missing from the file.
    #[serde(default)]
    sync: bool,
}

/// Imports employees from a CSV or XLSX body (the raw file bytes). All-or-nothing unless
/// `skip_invalid`; a rejected file answers 422 with the row report and writes nothing.
#[utoipa::path(post, path = "/api/v1/pegawai/impor", operation_id = "importPegawai", tag = "registri",
    params(ParamImpor),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "CSV or XLSX file"),
    responses((status = 200, body = ImporDto), (status = 422, body = ImporDto), (status = 403, body = GalatDto)))]
async fn impor_pegawai(
    State(s): State<AppState>,
    u: ApiUser,
    Query(p): Query<ParamImpor>,
    body: Bytes,
) -> Result<Response, WebError> {
    if body.is_empty() {
        return Err(WebError::json(AppError::Masukan(
            "isi permintaan kosong: kirim berkas CSV atau XLSX".into(),
        )));
    }
    let opsi = OpsiImpor {
        dry_run: p.dry_run,
        skip_invalid: p.skip_invalid,
        sync: p.sync,
    };
    let nama = p.nama_file.unwrap_or_else(|| "unggahan".into());
    let l = s
        .app
        .impor_pegawai(&u.pelaku(), u.0.instansi_id, body.to_vec(), &nama, opsi)
        .await
        .map_err(WebError::json)?;
    let status = if l.ditolak() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Json(ImporDto::from(l))).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct AuditDto {
    pub id: i64,
    pub waktu: String,
    pub aktor: String,
    pub aksi: String,
    pub entitas: String,
    pub entitas_id: Option<String>,
    pub sebelum: Option<String>,
    pub sesudah: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ParamAudit {
    /// Return entries older than this id.
    sebelum: Option<i64>,
}

/// The audit log of the caller's instansi, newest first, 100 per page.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "listAudit", tag = "audit",
    params(ParamAudit),
    responses((status = 200, body = [AuditDto]), (status = 403, body = GalatDto)))]
async fn daftar_audit(
    State(s): State<AppState>,
    u: ApiUser,
    Query(p): Query<ParamAudit>,
) -> Result<Json<Vec<AuditDto>>, WebError> {
    let e = s
        .app
        .log_audit(&u.pelaku(), &u.0, p.sebelum)
        .await
        .map_err(WebError::json)?;
    Ok(Json(
        e.into_iter()
            .map(|e| AuditDto {
                id: e.id,
                waktu: e.waktu.to_rfc3339(),
                aktor: e.aktor,
                aksi: e.aksi,
                entitas: e.entitas,
                entitas_id: e.entitas_id,
                sebelum: e.sebelum,
                sesudah: e.sesudah,
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// utoipa names a component after the Rust type's last segment, and when two areas'
    /// documents register different types under one name the merge keeps one silently: the
    /// other's operations then document the wrong body (signPakta once showed the public
    /// verification payload as its request).
    #[test]
    fn satu_nama_skema_satu_bentuk() {
        let bagian = [
            ("api", DokumenApi::openapi()),
            ("pakta", crate::api_pakta::DokumenApiPakta::openapi()),
            ("penanda", crate::api_penanda::DokumenApiPenanda::openapi()),
        ];
        let mut dilihat: std::collections::HashMap<String, (&str, serde_json::Value)> =
            Default::default();
        for (area, doc) in &bagian {
            let skema = doc.components.as_ref().map(|c| &c.schemas);
            for (nama, s) in skema.into_iter().flatten() {
                let s = serde_json::to_value(s).unwrap();
                if let Some((lain, s0)) = dilihat.get(nama) {
                    assert_eq!(s0, &s, "skema `{nama}` berbeda di `{lain}` dan `{area}`");
                } else {
                    dilihat.insert(nama.clone(), (area, s));
                }
            }
        }
    }

    #[test]
    fn badan_sign_pakta_adalah_permintaan_tanda_tangan() {
        let doc = serde_json::to_value(DokumenApi::lengkap()).unwrap();
        let op = &doc["paths"]["/api/v1/tanda-tangan"]["post"];
        assert_eq!(op["operationId"], "signPakta");
        let r = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap();
        let nama = r.rsplit('/').next().unwrap();
        let sifat = &doc["components"]["schemas"][nama]["properties"];
        for kolom in ["metode", "butir", "otp", "kampanye"] {
            assert!(sifat[kolom].is_object(), "{nama} tanpa `{kolom}`: {sifat}");
        }
    }
}
