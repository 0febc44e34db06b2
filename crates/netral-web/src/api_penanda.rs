//! JSON API of signing itself (issue #4 §7): `signPakta` online and by kiosk, the kiosk
//! queue batch, one-time codes, the signer's own documents and the public progress.
//!
//! - `POST /api/v1/otp` (`requestOtp`): no login; always 202 with the same message.
//! - `POST /api/v1/tanda-tangan` (`signPakta`): `metode` `DARING_OTP` (no login: NIP or
//!   personal link + the code) or `KIOSK` (operator's bearer token).
//! - `POST /api/v1/tanda-tangan/batch` (`signPaktaBatch`): a kiosk's queue, per-item results.
//! - `GET /api/v1/tanda-tangan/saya` (`getMySignatures`) and
//!   `GET /api/v1/tanda-tangan/saya/{id}/pdf` (`getMySignaturePdf`): the signer's session
//!   cookie from the online flow.
//! - `GET /api/v1/publik/{kode}/progres` (`getPublicProgress`): no login, numbers only.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use netral_app::AppError;
use netral_app::ttd::TtdDicatat;
use netral_app::ttd::rute::{MasukDaring, PenandaDaring};
use netral_domain::akun::User;
use netral_domain::pakta::{GambarRekaman, KampanyeId, TandaTanganId};

use crate::AppState;
use crate::api::GalatDto;
use crate::galat::WebError;
use crate::halaman_penanda::{
    BATAS_MASUK_KODE, BATAS_MINTA_KODE, KioskDto, PdfSaya, jawab_pdf, pdf_saya, periksa_gambar,
    sesi_penanda, terlalu_sering,
};
use crate::sesi::Alamat;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/otp", post(minta_otp))
        .route("/tanda-tangan", post(tanda_tangan))
        .route("/tanda-tangan/batch", post(tanda_tangan_banyak))
        .route("/tanda-tangan/saya", get(milik_saya))
        .route("/tanda-tangan/saya/{id}/pdf", get(pdf_milik_saya))
        .route("/publik/{kode}/progres", get(progres_publik))
}

#[derive(OpenApi)]
#[openapi(
    paths(
        minta_otp,
        tanda_tangan,
        tanda_tangan_banyak,
        milik_saya,
        pdf_milik_saya,
        progres_publik
    ),
    components(schemas(
        OtpDto,
        PesanDto,
        TandaTanganDto,
        TtdDicatatDto,
        BatchDto,
        HasilItemDto,
        HasilBatchDto,
        KioskDto,
        ProgresPublikDto,
        KampanyePublikDto,
        AngkaPublikDto,
        TahapPublikDto
    ))
)]
pub struct DokumenApiPenanda;

// --- DTOs ------------------------------------------------------------------------------

/// A recorded signature.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TtdDicatatDto {
    pub id: i64,
    /// RFC 6962 leaf hash, lowercase hex: what the PDF's QR and `/v/{hash}` use.
    pub hash_daun: String,
    pub indeks_daun: u64,
    /// Signing time, RFC 3339 UTC.
    pub waktu: String,
    /// `DARING_OTP`, `KIOSK`, …
    pub metode: String,
    /// `true` when the idempotency key was seen before: the stored signature, nothing new.
    pub ulang: bool,
    /// The public verification page of this signature.
    pub url_verifikasi: String,
}

impl TtdDicatatDto {
    pub(crate) fn dari(s: &AppState, d: &TtdDicatat) -> Self {
        TtdDicatatDto {
            id: d.id.0,
            hash_daun: d.hash_daun_hex.clone(),
            indeks_daun: d.indeks_daun,
            waktu: d.waktu.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            metode: d.metode.kode().to_string(),
            ulang: d.ulang,
            url_verifikasi: format!(
                "{}/v/{}",
                s.app.konfigurasi.log.url_dasar(),
                d.hash_daun_hex
            ),
        }
    }
}

/// A neutral answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PesanDto {
    pub pesan: String,
}

/// Ask for a one-time code: `instansi` + `nip`, or a personal link's `tautan` token.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OtpDto {
    /// Kode wilayah of the Pemda, e.g. `19.71`.
    #[serde(default)]
    pub instansi: Option<String>,
    /// NIP or NI PPPK.
    #[serde(default)]
    pub nip: Option<String>,
    /// A personal link token (the part after `/t/`).
    #[serde(default)]
    pub tautan: Option<String>,
}

/// A signature to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TandaTanganDto {
    /// `DARING_OTP` or `KIOSK`.
    pub metode: String,
    /// DARING_OTP: kode wilayah of the Pemda (with `nip`).
    #[serde(default)]
    pub instansi: Option<String>,
    /// DARING_OTP: NIP or NI PPPK (with `instansi`).
    #[serde(default)]
    pub nip: Option<String>,
    /// DARING_OTP: a personal link token instead of `instansi` + `nip`.
    #[serde(default)]
    pub tautan: Option<String>,
    /// Campaign id (KIOSK: required; DARING_OTP: optional, default the open campaign the
    /// employee must sign).
    #[serde(default)]
    pub kampanye: Option<i64>,
    /// KIOSK: a NIP / NI PPPK or the staff-card QR payload.
    #[serde(default)]
    pub nip_atau_kartu: Option<String>,
    /// The one-time code (KIOSK: not needed with a valid card payload).
    #[serde(default)]
    pub otp: Option<String>,
    /// One `true` per butir of the pact, in order.
    #[serde(default)]
    pub butir: Vec<bool>,
    /// `{"goresan": {"lebar": 600, "tinggi": 200, "garis": [[[x, y], …], …]}}` or
    /// `{"png_base64": "…"}`.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub gambar: Option<GambarRekaman>,
    /// Place as printed; default the Pemda's name.
    #[serde(default)]
    pub tempat: Option<String>,
    /// A client request id: the same key again returns the same signature (KIOSK:
    /// required).
    #[serde(default)]
    pub kunci_idempoten: Option<String>,
    /// KIOSK: the tablet's clock when queued (recorded, not trusted).
    #[serde(default)]
    pub waktu_klien: Option<DateTime<Utc>>,
}

/// A kiosk queue to sync.
#[derive(Debug, Deserialize, ToSchema)]
pub struct BatchDto {
    pub item: Vec<KioskDto>,
}

/// The result of one queued item.
#[derive(Debug, Serialize, ToSchema)]
pub struct HasilItemDto {
    pub kunci_idempoten: String,
    pub ok: bool,
    pub ttd: Option<TtdDicatatDto>,
    /// Stable error code, e.g. `NT-422`.
    pub kode: Option<String>,
    /// Indonesian reason.
    pub pesan: Option<String>,
}

/// Per-item results, in input order.
#[derive(Debug, Serialize, ToSchema)]
pub struct HasilBatchDto {
    pub hasil: Vec<HasilItemDto>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AngkaPublikDto {
    pub wajib: u64,
    pub sudah: u64,
    /// Share signed, per mille (0–1000).
    pub permil: u64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TahapPublikDto {
    pub nama: String,
    pub angka: AngkaPublikDto,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KampanyePublikDto {
    pub id: i64,
    pub nama: String,
    pub total: AngkaPublikDto,
    pub tahap: Vec<TahapPublikDto>,
}

/// Aggregate progress of a Pemda's open campaigns: numbers only, no names.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProgresPublikDto {
    pub instansi_kode: String,
    pub instansi_nama: String,
    pub demo: bool,
    pub kampanye: Vec<KampanyePublikDto>,
    /// When computed, RFC 3339 UTC.
    pub waktu: String,
}

fn angka(a: &netral_domain::pakta::RekapAngka) -> AngkaPublikDto {
    AngkaPublikDto {
        wajib: a.wajib,
        sudah: a.sudah,
        permil: a.permil(),
    }
}

// --- handlers ----------------------------------------------------------------------------

const PESAN_OTP: &str = "Jika NIP terdaftar, aktif, dan memiliki alamat e-mail atau nomor HP, \
     kode sekali pakai telah dikirim ke sana. Kode berlaku 10 menit.";

/// Sends a one-time code for online signing. No login. Always 202 with the same message,
/// whether or not the NIP exists (rate-limited per client address: 429).
#[utoipa::path(post, path = "/api/v1/otp", operation_id = "requestOtp", tag = "tanda-tangan",
    security(()), request_body = OtpDto,
    responses((status = 202, body = PesanDto), (status = 429, body = GalatDto)))]
async fn minta_otp(
    State(s): State<AppState>,
    Alamat(alamat): Alamat,
    Json(f): Json<OtpDto>,
) -> Result<Response, WebError> {
    BATAS_MINTA_KODE
        .hitung(&s, &alamat)
        .map_err(|d| WebError::json(terlalu_sering(d)))?;
    let hasil = match (&f.tautan, &f.instansi, &f.nip) {
        (Some(t), _, _) => s.app.kirim_otp_tautan(t).await.map(|_| ()),
        (None, Some(i), Some(n)) => s.app.kirim_otp(i, n).await.map(|_| ()),
        _ => Err(AppError::Masukan(
            "isi `instansi` dan `nip`, atau `tautan`".into(),
        )),
    };
    match hasil {
        // Not revealing who is registered: refusals, and the per-employee limit (which only
        // a registered NIP can reach), answer like a send.
        Ok(())
        | Err(AppError::Masukan(_))
        | Err(AppError::TidakDitemukan(_))
        | Err(AppError::TerlaluBanyakPercobaan(_)) => Ok((
            StatusCode::ACCEPTED,
            Json(PesanDto {
                pesan: PESAN_OTP.into(),
            }),
        )
            .into_response()),
        Err(e) => Err(WebError::json(e)),
    }
}

async fn pengguna_bearer(s: &AppState, headers: &HeaderMap) -> Result<User, WebError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or(WebError::json(AppError::BelumMasuk))?;
    s.app
        .user_dari_token(token)
        .await
        .map_err(WebError::json)?
        .ok_or(WebError::json(AppError::BelumMasuk))
}

fn dicatat(s: &AppState, d: &TtdDicatat) -> Response {
    let status = if d.ulang {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (status, Json(TtdDicatatDto::dari(s, d))).into_response()
}

/// Signs a pact. `metode: "DARING_OTP"`: no login; `instansi` + `nip` (or `tautan`),
/// `otp`, every `butir` true, optional `gambar`. `metode: "KIOSK"`: an operator's bearer
/// token with `OperasiKiosk`; `kampanye`, `nip_atau_kartu`, `otp` (or a card payload),
/// `kunci_idempoten`, `butir`. 201 when recorded, 200 when the idempotency key was seen
/// (the same signature).
#[utoipa::path(post, path = "/api/v1/tanda-tangan", operation_id = "signPakta",
    tag = "tanda-tangan", request_body = TandaTanganDto,
    responses((status = 201, body = TtdDicatatDto), (status = 200, body = TtdDicatatDto),
        (status = 401, body = GalatDto), (status = 403, body = GalatDto),
        (status = 422, body = GalatDto), (status = 429, body = GalatDto)))]
async fn tanda_tangan(
    State(s): State<AppState>,
    Alamat(alamat): Alamat,
    headers: HeaderMap,
    Json(f): Json<TandaTanganDto>,
) -> Result<Response, WebError> {
    match f.metode.trim().to_ascii_uppercase().as_str() {
        "DARING_OTP" => {
            BATAS_MASUK_KODE
                .hitung(&s, &alamat)
                .map_err(|d| WebError::json(terlalu_sering(d)))?;
            let penanda = match (f.tautan, f.instansi, f.nip) {
                (Some(t), _, _) => PenandaDaring::Tautan(t),
                (None, Some(instansi_kode), Some(nip)) => PenandaDaring::Nip {
                    instansi_kode,
                    nip,
                    kampanye: f.kampanye.map(KampanyeId),
                },
                _ => {
                    return Err(WebError::json(AppError::Masukan(
                        "isi `instansi` dan `nip`, atau `tautan`".into(),
                    )));
                }
            };
            periksa_gambar(&f.gambar).map_err(WebError::json)?;
            let d = s
                .app
                .ttd_daring(MasukDaring {
                    penanda,
                    otp: f.otp.unwrap_or_default(),
                    butir_dikonfirmasi: f.butir,
                    gambar: f.gambar,
                    tempat: f.tempat,
                    kunci_idempoten: f.kunci_idempoten,
                })
                .await
                .map_err(WebError::json)?;
            Ok(dicatat(&s, &d))
        }
        "KIOSK" => {
            let user = pengguna_bearer(&s, &headers).await?;
            let dto = KioskDto {
                kampanye: f.kampanye.ok_or_else(|| {
                    WebError::json(AppError::Masukan("`kampanye` wajib untuk KIOSK".into()))
                })?,
                nip_atau_kartu: f.nip_atau_kartu.or(f.nip).unwrap_or_default(),
                otp: f.otp,
                kunci_idempoten: f.kunci_idempoten.unwrap_or_default(),
                butir: f.butir,
                gambar: f.gambar,
                waktu_klien: f.waktu_klien,
                tempat: f.tempat,
            };
            let pelaku = netral_app::Pelaku::Pengguna(user.clone());
            let masuk = dto
                .masuk(&s, user.instansi_id)
                .await
                .map_err(WebError::json)?;
            let d = s
                .app
                .ttd_kiosk(&pelaku, user.instansi_id, masuk)
                .await
                .map_err(WebError::json)?;
            Ok(dicatat(&s, &d))
        }
        lain => Err(WebError::json(AppError::Masukan(format!(
            "metode {lain:?} tidak didukung di sini; pakai DARING_OTP atau KIOSK"
        )))),
    }
}

fn hasil_item(s: &AppState, kunci: String, h: Result<TtdDicatat, AppError>) -> HasilItemDto {
    match h {
        Ok(d) => HasilItemDto {
            kunci_idempoten: kunci,
            ok: true,
            ttd: Some(TtdDicatatDto::dari(s, &d)),
            kode: None,
            pesan: None,
        },
        Err(e) => {
            if let AppError::Internal(detail) = &e {
                tracing::error!(detail, "signPaktaBatch: item gagal");
            }
            HasilItemDto {
                kunci_idempoten: kunci,
                ok: false,
                ttd: None,
                kode: Some(e.kode().to_string()),
                pesan: Some(e.to_string()),
            }
        }
    }
}

/// Syncs a kiosk's queue (operator's bearer token with `OperasiKiosk`). Each item has its
/// own result, in input order; an item already recorded (same `kunci_idempoten`) answers
/// its stored signature with `ulang: true`.
#[utoipa::path(post, path = "/api/v1/tanda-tangan/batch", operation_id = "signPaktaBatch",
    tag = "tanda-tangan", request_body = BatchDto,
    responses((status = 200, body = HasilBatchDto), (status = 401, body = GalatDto),
        (status = 403, body = GalatDto), (status = 422, body = GalatDto)))]
async fn tanda_tangan_banyak(
    State(s): State<AppState>,
    headers: HeaderMap,
    Json(f): Json<BatchDto>,
) -> Result<Json<HasilBatchDto>, WebError> {
    let user = pengguna_bearer(&s, &headers).await?;
    let pelaku = netral_app::Pelaku::Pengguna(user.clone());
    pelaku
        .wajib(netral_domain::akun::Izin::OperasiKiosk, user.instansi_id)
        .map_err(WebError::json)?;
    let mut hasil: Vec<Option<HasilItemDto>> = Vec::with_capacity(f.item.len());
    let mut kirim = Vec::new();
    let mut posisi = Vec::new();
    for item in f.item {
        let kunci = item.kunci_idempoten.clone();
        match item.masuk(&s, user.instansi_id).await {
            Ok(m) => {
                posisi.push((hasil.len(), kunci));
                hasil.push(None);
                kirim.push(m);
            }
            Err(e) => hasil.push(Some(hasil_item(&s, kunci, Err(e)))),
        }
    }
    let jawab = s
        .app
        .ttd_kiosk_banyak(&pelaku, user.instansi_id, kirim)
        .await
        .map_err(WebError::json)?;
    for ((i, kunci), h) in posisi.into_iter().zip(jawab) {
        if let Some(slot) = hasil.get_mut(i) {
            *slot = Some(hasil_item(&s, kunci, h));
        }
    }
    Ok(Json(HasilBatchDto {
        hasil: hasil.into_iter().flatten().collect(),
    }))
}

/// The signatures of the signer's session (the cookie of the online signing flow): those
/// made in it, or, for a personal link, all of the link owner's.
#[utoipa::path(get, path = "/api/v1/tanda-tangan/saya", operation_id = "getMySignatures",
    tag = "tanda-tangan", security(()),
    responses((status = 200, body = Vec<TtdDicatatDto>), (status = 401, body = GalatDto)))]
async fn milik_saya(
    State(s): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<TtdDicatatDto>>, WebError> {
    let (_, sesi) = sesi_penanda(&headers).ok_or(WebError::json(AppError::BelumMasuk))?;
    let mut v: Vec<TtdDicatatDto> = sesi
        .ttd
        .iter()
        .map(|d| TtdDicatatDto::dari(&s, d))
        .collect();
    if let Some(token) = &sesi.tautan {
        for t in s
            .app
            .tanda_tangan_saya(token)
            .await
            .map_err(WebError::json)?
        {
            if v.iter().any(|x| x.id == t.ttd.id.0) {
                continue;
            }
            let hash = t
                .ttd
                .hash_daun
                .as_ref()
                .map(|h| h.as_str().to_string())
                .unwrap_or_default();
            v.push(TtdDicatatDto {
                id: t.ttd.id.0,
                url_verifikasi: format!("{}/v/{hash}", s.app.konfigurasi.log.url_dasar()),
                hash_daun: hash,
                indeks_daun: t.indeks_daun,
                waktu: t
                    .ttd
                    .data
                    .waktu
                    .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                metode: t.ttd.data.metode.kode().to_string(),
                ulang: false,
            });
        }
    }
    Ok(Json(v))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ParamTtdSaya {
    /// Signature id.
    pub id: i64,
}

/// The signer's own pact PDF (signer session cookie). 202 with `Retry-After` while the
/// latest checkpoint does not yet cover the signature (a few seconds after signing).
#[utoipa::path(get, path = "/api/v1/tanda-tangan/saya/{id}/pdf", operation_id = "getMySignaturePdf",
    tag = "tanda-tangan", security(()), params(ParamTtdSaya),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>),
        (status = 202, body = PesanDto), (status = 401, body = GalatDto),
        (status = 404, body = GalatDto)))]
async fn pdf_milik_saya(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let (_, sesi) = sesi_penanda(&headers).ok_or(WebError::json(AppError::BelumMasuk))?;
    match pdf_saya(&s, &sesi, TandaTanganId(id))
        .await
        .map_err(WebError::json)?
    {
        PdfSaya::Siap { nama, isi } => Ok(jawab_pdf(&nama, isi)),
        PdfSaya::Menunggu => Ok((
            StatusCode::ACCEPTED,
            [(header::RETRY_AFTER, "3")],
            Json(PesanDto {
                pesan: netral_app::dokumen::BELUM_TERCAKUP.into(),
            }),
        )
            .into_response()),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ParamKode {
    /// Kode wilayah of the Pemda, e.g. `19.71`.
    pub kode: String,
}

/// Public aggregate progress of a Pemda's open campaigns: counts per stage, no names. No
/// login.
#[utoipa::path(get, path = "/api/v1/publik/{kode}/progres", operation_id = "getPublicProgress",
    tag = "tanda-tangan", security(()), params(ParamKode),
    responses((status = 200, body = ProgresPublikDto), (status = 404, body = GalatDto)))]
async fn progres_publik(
    State(s): State<AppState>,
    Path(kode): Path<String>,
) -> Result<Json<ProgresPublikDto>, WebError> {
    let p = s.app.progres_publik(&kode).await.map_err(WebError::json)?;
    Ok(Json(ProgresPublikDto {
        instansi_kode: p.instansi_kode,
        instansi_nama: p.instansi_nama,
        demo: p.demo,
        kampanye: p
            .kampanye
            .iter()
            .map(|k| KampanyePublikDto {
                id: k.id.0,
                nama: k.nama.clone(),
                total: angka(&k.total),
                tahap: k
                    .tahap
                    .iter()
                    .map(|(nama, a)| TahapPublikDto {
                        nama: nama.clone(),
                        angka: angka(a),
                    })
                    .collect(),
            })
            .collect(),
        waktu: p.waktu.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    }))
}
