//! Signer-facing pages: online signing on a phone, the kiosk, the signer's own documents,
//! the public progress page.
//!
//! - `GET/POST /tandatangan` — choose the Pemda, enter the NIP, "Kirim kode" (the answer is
//!   the same whether or not the NIP exists; the code and links are never shown);
//! - `GET /t/{token}` — a personal link: the same flow for that person;
//! - `GET/POST /tandatangan/kode` — the 6-digit code;
//! - `GET/POST /tandatangan/pakta` — the pact, one checkbox per butir, the signature pad;
//! - `GET /tandatangan/selesai/{id}` — the receipt; `GET /tandatangan/pdf/{id}` — own PDF;
//! - `GET /kiosk`, `GET /kiosk/{kampanye}`, `POST /kiosk/antre` — the ceremony tablet;
//! - `GET /publik/{kode}` — aggregate progress, no names.
//!
//! The signer's short-lived state (Pemda, NIP or link, code, what they signed) is kept on
//! the server under a random id in an HttpOnly cookie, with its own CSRF token.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Deserialize;

use netral_app::AppError;
use netral_app::progres_tampil::ProgresPublik;
use netral_app::ttd::TtdDicatat;
use netral_app::ttd::rute::{KioskMasuk, MasukDaring, PenandaDaring};
use netral_domain::akun::Izin;
use netral_domain::organisasi::InstansiId;
use utoipa::ToSchema;

use crate::sesi::Masuk;
use netral_domain::pakta::{GambarRekaman, Kampanye, KampanyeId, PaktaTemplate, TandaTanganId};

use crate::AppState;
use crate::galat::WebError;
use crate::i18n::Bahasa;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/tandatangan", get(mulai).post(kirim_kode))
        .route("/t/{token}", get(buka_tautan))
        .route("/tandatangan/kode", get(form_kode).post(masuk_kode))
        .route("/tandatangan/pakta", get(form_pakta).post(tanda_tangani))
        .route("/tandatangan/selesai/{id}", get(selesai))
        .route("/tandatangan/pdf/{id}", get(unduh_pdf))
        .route("/kiosk", get(kiosk_pilih))
        .route("/kiosk/{kampanye}", get(kiosk_antrean))
        .route("/kiosk/antre", post(kiosk_antre))
        .route("/kiosk/kirim-kode", post(kiosk_kirim_kode))
        .route("/publik/{kode}", get(publik))
}

// --- shared helpers -----------------------------------------------------------------

pub(crate) fn render<T: Template>(t: &T, bahasa: Bahasa) -> Result<Response, WebError> {
    t.render()
        .map(|h| {
            let mut res = Html(h).into_response();
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        })
        .map_err(|e| WebError::html(AppError::Internal(format!("template: {e}")), bahasa))
}

/// A time for people, in WIB.
pub(crate) fn waktu_wib(w: DateTime<Utc>) -> String {
    match FixedOffset::east_opt(7 * 3600) {
        Some(wib) => w
            .with_timezone(&wib)
            .format("%d-%m-%Y %H:%M:%S WIB")
            .to_string(),
        None => w.format("%d-%m-%Y %H:%M:%S UTC").to_string(),
    }
}

/// A per-mille share as a percentage with one decimal, Indonesian style ("45,3 %").
pub(crate) fn persen(permil: u64, t: Bahasa) -> String {
    let koma = if t == Bahasa::Id { ',' } else { '.' };
    format!("{}{koma}{} %", permil / 10, permil % 10)
}

/// A fixed-window request counter per client address, for the unauthenticated signing
/// steps (code request and code entry). Keyed also by the server's store so test servers
/// in one process do not share counts.
pub(crate) struct Pembatas {
    nama: &'static str,
    batas: u32,
    jendela: Duration,
}

/// Code requests: per address per minute (an office behind one NAT address shares it).
pub(crate) const BATAS_MINTA_KODE: Pembatas = Pembatas {
    nama: "minta_kode",
    batas: 20,
    jendela: Duration::from_secs(60),
};

/// Code entries (each also spends one of the code's own attempts).
pub(crate) const BATAS_MASUK_KODE: Pembatas = Pembatas {
    nama: "masuk_kode",
    batas: 30,
    jendela: Duration::from_secs(60),
};

impl Pembatas {
    /// Counts one request; `Err` with the seconds to wait when over the limit.
    pub(crate) fn hitung(&self, s: &AppState, alamat: &str) -> Result<(), u64> {
        /// Per key: the store it counts for (held weakly, which also keeps its address
        /// from being reused by another store while the entry lives), window start, count.
        type Jendela = HashMap<String, (Weak<dyn netral_store::Store>, Instant, u32)>;
        static JENDELA: OnceLock<Mutex<Jendela>> = OnceLock::new();
        let kunci = format!("{}|{:p}|{alamat}", self.nama, Arc::as_ptr(&s.app.store));
        let now = Instant::now();
        let Ok(mut peta) = JENDELA.get_or_init(Default::default).lock() else {
            return Ok(());
        };
        if peta.len() > 10_000 {
            peta.retain(|_, (toko, mulai, _)| {
                toko.strong_count() > 0 && now.duration_since(*mulai) < self.jendela
            });
        }
        let e = peta
            .entry(kunci)
            .or_insert_with(|| (Arc::downgrade(&s.app.store), now, 0));
        if now.duration_since(e.1) >= self.jendela {
            e.1 = now;
            e.2 = 0;
        }
        if e.2 >= self.batas {
            let sisa = self.jendela.saturating_sub(now.duration_since(e.1));
            return Err(sisa.as_secs().max(1));
        }
        e.2 += 1;
        Ok(())
    }
}

/// The error of a rate-limited step.
pub(crate) fn terlalu_sering(detik: u64) -> AppError {
    AppError::TerlaluBanyakPercobaan(detik.div_ceil(60) as i64)
}

// --- the signer's session -----------------------------------------------------------

pub const COOKIE_PENANDA: &str = "netral_penanda";
/// How long a signer's session lives (enter code, read, sign, download).
const UMUR_SESI: Duration = Duration::from_secs(30 * 60);

/// A signer's short-lived state, kept on the server.
#[derive(Debug, Clone)]
pub(crate) struct SesiPenanda {
    pub csrf: String,
    /// Kode of the instansi chosen.
    pub instansi: Option<String>,
    pub nip: Option<String>,
    /// A personal link's token (instead of instansi + NIP).
    pub tautan: Option<String>,
    /// Where the code went, masked.
    pub tujuan: Option<String>,
    /// The code entered, used when signing (the app checks and consumes it then).
    pub otp: Option<String>,
    /// The signer, known once they signed (for their own documents).
    pub pegawai: Option<(
        netral_domain::organisasi::InstansiId,
        netral_domain::organisasi::PegawaiId,
    )>,
    /// What they signed in this session.
    pub ttd: Vec<netral_app::ttd::TtdDicatat>,
    dibuat: Instant,
}

impl SesiPenanda {
    fn baru() -> Self {
        SesiPenanda {
            csrf: netral_app::akun::token_acak(),
            instansi: None,
            nip: None,
            tautan: None,
            tujuan: None,
            otp: None,
            pegawai: None,
            ttd: Vec::new(),
            dibuat: Instant::now(),
        }
    }

    /// Checks a form's CSRF token against the session's.
    pub(crate) fn periksa_csrf(&self, token: &str, bahasa: Bahasa) -> Result<(), WebError> {
        if crate::sesi::sama(token, &self.csrf) {
            Ok(())
        } else {
            Err(WebError::html(
                AppError::Masukan(
                    "formulir kedaluwarsa atau tidak sah (token CSRF); muat ulang halaman dan coba lagi"
                        .into(),
                ),
                bahasa,
            ))
        }
    }
}

fn peta_sesi() -> &'static Mutex<HashMap<String, SesiPenanda>> {
    static PETA: OnceLock<Mutex<HashMap<String, SesiPenanda>>> = OnceLock::new();
    PETA.get_or_init(Default::default)
}

/// The signer's session from the cookie, if live.
pub(crate) fn sesi_penanda(headers: &HeaderMap) -> Option<(String, SesiPenanda)> {
    let id = crate::sesi::cookie(headers, COOKIE_PENANDA)?;
    let peta = peta_sesi().lock().ok()?;
    let s = peta.get(&id)?;
    (s.dibuat.elapsed() < UMUR_SESI).then(|| (id, s.clone()))
}

/// Stores a session (new or changed); returns the `Set-Cookie` value.
pub(crate) fn simpan_sesi(s: &AppState, id: &str, sesi: SesiPenanda) -> String {
    if let Ok(mut peta) = peta_sesi().lock() {
        if peta.len() > 50_000 {
            peta.retain(|_, v| v.dibuat.elapsed() < UMUR_SESI);
        }
        peta.insert(id.to_string(), sesi);
    }
    crate::sesi::set_cookie(
        COOKIE_PENANDA,
        id,
        Some(UMUR_SESI.as_secs() as i64),
        s.cookie_aman,
    )
}

/// The live session or a fresh one (with a new id).
fn sesi_atau_baru(headers: &HeaderMap) -> (String, SesiPenanda) {
    sesi_penanda(headers).unwrap_or_else(|| (netral_app::akun::token_acak(), SesiPenanda::baru()))
}

fn dengan_cookie(cookie: String, res: Response) -> Response {
    let mut res = res;
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

// --- online signing: start ---------------------------------------------------------

#[derive(Template)]
#[template(path = "tandatangan_mulai.html")]
struct HalamanMulai {
    t: Bahasa,
    csrf: String,
    /// (kode, name) of every Pemda.
    pemda: Vec<(String, String)>,
    instansi: String,
    nip: String,
    tautan: bool,
    pesan: Option<String>,
}

async fn pilihan_pemda(s: &AppState, bahasa: Bahasa) -> Result<Vec<(String, String)>, WebError> {
    let mut v: Vec<(String, String)> = s
        .app
        .store
        .daftar_instansi()
        .await
        .map_err(|e| WebError::html(e.into(), bahasa))?
        .into_iter()
        .map(|i| (i.kode.to_string(), i.nama))
        .collect();
    v.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(v)
}

/// `GET /tandatangan`: choose the Pemda (when several) and enter the NIP.
async fn mulai(
    State(s): State<AppState>,
    bahasa: Bahasa,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (id, mut sesi) = sesi_atau_baru(&headers);
    // Starting again forgets a link and a code, but keeps what was signed.
    sesi.tautan = None;
    sesi.otp = None;
    let page = HalamanMulai {
        t: bahasa,
        csrf: sesi.csrf.clone(),
        pemda: pilihan_pemda(&s, bahasa).await?,
        instansi: sesi.instansi.clone().unwrap_or_default(),
        nip: sesi.nip.clone().unwrap_or_default(),
        tautan: false,
        pesan: None,
    };
    let res = render(&page, bahasa)?;
    Ok(dengan_cookie(simpan_sesi(&s, &id, sesi), res))
}

/// `GET /t/{token}`: a personal link. Remembers the token in the session and asks the
/// person to have a code sent (the link alone cannot sign).
async fn buka_tautan(
    State(s): State<AppState>,
    bahasa: Bahasa,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let (id, mut sesi) = sesi_atau_baru(&headers);
    let (tautan, pesan) = match s.app.buka_tautan(&token).await {
        Ok(k) => {
            sesi.tautan = Some(token);
            sesi.instansi = Some(k.instansi.kode.to_string());
            sesi.nip = None;
            sesi.otp = None;
            (true, None)
        }
        Err(AppError::TidakDitemukan(_)) => {
            sesi.tautan = None;
            (false, Some(bahasa.x("ttd.tautan.tidak_sah").to_string()))
        }
        Err(e) => return Err(WebError::html(e, bahasa)),
    };
    let page = HalamanMulai {
        t: bahasa,
        csrf: sesi.csrf.clone(),
        pemda: pilihan_pemda(&s, bahasa).await?,
        instansi: sesi.instansi.clone().unwrap_or_default(),
        nip: String::new(),
        tautan,
        pesan,
    };
    let mut res = render(&page, bahasa)?;
    // The token is in the URL: keep it out of other sites' logs.
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(dengan_cookie(simpan_sesi(&s, &id, sesi), res))
}

#[derive(Deserialize)]
struct FormMulai {
    #[serde(default)]
    instansi: String,
    #[serde(default)]
    nip: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// `POST /tandatangan`: sends a code (rate-limited per address) and goes to the code page.
async fn kirim_kode(
    State(s): State<AppState>,
    bahasa: Bahasa,
    headers: HeaderMap,
    crate::sesi::Alamat(alamat): crate::sesi::Alamat,
    Form(f): Form<FormMulai>,
) -> Result<Response, WebError> {
    let Some((id, mut sesi)) =
        langkah_terbatas(&s, &headers, &f.csrf, &alamat, &BATAS_MINTA_KODE, bahasa)?
    else {
        return Ok(kembali_ke_awal(bahasa));
    };
    let hasil = match &sesi.tautan {
        Some(token) => s.app.kirim_otp_tautan(token).await,
        None => {
            // "Send again" from the code page posts no NIP: the session's is used.
            if !f.nip.trim().is_empty() {
                sesi.instansi = Some(f.instansi.trim().to_string());
                sesi.nip = Some(f.nip.trim().to_string());
            }
            let instansi = sesi.instansi.clone().unwrap_or_default();
            let nip = sesi.nip.clone().unwrap_or_default();
            s.app.kirim_otp(&instansi, &nip).await
        }
    };
    match hasil {
        Ok(k) => {
            sesi.tujuan = Some(k.tujuan_tersamar);
            sesi.otp = None;
            let cookie = simpan_sesi(&s, &id, sesi);
            Ok(dengan_cookie(
                cookie,
                Redirect::to("/tandatangan/kode").into_response(),
            ))
        }
        // A code was sent less than a minute ago (or too many this hour): the code page
        // says when to ask again.
        Err(AppError::TerlaluBanyakPercobaan(menit)) if sesi.tujuan.is_some() => {
            let mut res = render(
                &HalamanKode {
                    t: bahasa,
                    csrf: sesi.csrf.clone(),
                    tujuan: sesi.tujuan.clone().unwrap_or_default(),
                    pesan: Some(format!(
                        "{} {menit} {}",
                        bahasa.x("ttd.kode.tunggu"),
                        bahasa.x("ttd.menit")
                    )),
                },
                bahasa,
            )?;
            *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            Ok(res)
        }
        Err(AppError::Masukan(pesan)) | Err(AppError::TidakDitemukan(pesan)) => {
            let page = HalamanMulai {
                t: bahasa,
                csrf: sesi.csrf.clone(),
                pemda: pilihan_pemda(&s, bahasa).await?,
                instansi: sesi.instansi.clone().unwrap_or_default(),
                nip: sesi.nip.clone().unwrap_or_default(),
                tautan: sesi.tautan.is_some(),
                pesan: Some(pesan),
            };
            let mut res = render(&page, bahasa)?;
            *res.status_mut() = StatusCode::BAD_REQUEST;
            Ok(dengan_cookie(simpan_sesi(&s, &id, sesi), res))
        }
        Err(e) => Err(WebError::html(e, bahasa)),
    }
}

/// The session of a rate-limited form step, its CSRF token checked; `None` when there is
/// no live session.
fn langkah_terbatas(
    s: &AppState,
    headers: &HeaderMap,
    csrf: &str,
    alamat: &str,
    batas: &Pembatas,
    bahasa: Bahasa,
) -> Result<Option<(String, SesiPenanda)>, WebError> {
    let Some((id, sesi)) = sesi_penanda(headers) else {
        return Ok(None);
    };
    sesi.periksa_csrf(csrf, bahasa)?;
    batas
        .hitung(s, alamat)
        .map_err(|d| WebError::html(terlalu_sering(d), bahasa))?;
    Ok(Some((id, sesi)))
}

/// Back to the start page (session missing or expired).
fn kembali_ke_awal(_bahasa: Bahasa) -> Response {
    Redirect::to("/tandatangan").into_response()
}

// --- online signing: code ----------------------------------------------------------

#[derive(Template)]
#[template(path = "tandatangan_kode.html")]
struct HalamanKode {
    t: Bahasa,
    csrf: String,
    tujuan: String,
    pesan: Option<String>,
}

/// `GET /tandatangan/kode`.
async fn form_kode(bahasa: Bahasa, headers: HeaderMap) -> Result<Response, WebError> {
    let Some((_, sesi)) = sesi_penanda(&headers) else {
        return Ok(kembali_ke_awal(bahasa));
    };
    if sesi.tujuan.is_none() {
        return Ok(kembali_ke_awal(bahasa));
    }
    render(
        &HalamanKode {
            t: bahasa,
            csrf: sesi.csrf.clone(),
            tujuan: sesi.tujuan.clone().unwrap_or_default(),
            pesan: None,
        },
        bahasa,
    )
}

#[derive(Deserialize)]
struct FormKode {
    #[serde(default)]
    kode: String,
    #[serde(rename = "_csrf", default)]
    csrf: String,
}

/// `POST /tandatangan/kode`: remembers the code (checked and consumed when signing) and
/// shows the pact.
async fn masuk_kode(
    State(s): State<AppState>,
    bahasa: Bahasa,
    headers: HeaderMap,
    crate::sesi::Alamat(alamat): crate::sesi::Alamat,
    Form(f): Form<FormKode>,
) -> Result<Response, WebError> {
    let Some((id, mut sesi)) =
        langkah_terbatas(&s, &headers, &f.csrf, &alamat, &BATAS_MASUK_KODE, bahasa)?
    else {
        return Ok(kembali_ke_awal(bahasa));
    };
    let kode = f.kode.trim();
    if kode.len() != 6 || !kode.bytes().all(|b| b.is_ascii_digit()) {
        let mut res = render(
            &HalamanKode {
                t: bahasa,
                csrf: sesi.csrf.clone(),
                tujuan: sesi.tujuan.clone().unwrap_or_default(),
                pesan: Some(bahasa.x("ttd.kode.format").to_string()),
            },
            bahasa,
        )?;
        *res.status_mut() = StatusCode::BAD_REQUEST;
        return Ok(res);
    }
    sesi.otp = Some(kode.to_string());
    let cookie = simpan_sesi(&s, &id, sesi);
    Ok(dengan_cookie(
        cookie,
        Redirect::to("/tandatangan/pakta").into_response(),
    ))
}

// --- online signing: the pact ------------------------------------------------------

/// The pact as shown to the signer.
pub(crate) struct PaktaTampil {
    pub pemda: String,
    pub kampanye_id: KampanyeId,
    pub judul: String,
    pub versi: u32,
    pub nomor_se: Option<String>,
    pub hash_isi: String,
    pub pembuka: String,
    pub butir: Vec<String>,
    pub penutup: String,
    /// The signer as printed (personal link only; by NIP nothing personal is shown before
    /// the code is checked).
    pub penanda: String,
    /// Default place of signing.
    pub tempat: String,
}

fn pakta_tampil(
    inst: &netral_domain::organisasi::Instansi,
    k: &Kampanye,
    t: &PaktaTemplate,
    penanda: String,
) -> PaktaTampil {
    PaktaTampil {
        pemda: inst.nama.clone(),
        kampanye_id: k.id,
        judul: t.isi.judul.clone(),
        versi: t.versi,
        nomor_se: t.isi.nomor_se.clone(),
        hash_isi: t.hash_isi.as_str().to_string(),
        pembuka: t.isi.pembuka.clone(),
        butir: t.isi.butir.clone(),
        penutup: t.isi.penutup.clone(),
        penanda,
        tempat: inst
            .nama
            .trim_start_matches("Kota ")
            .trim_start_matches("Kabupaten ")
            .to_string(),
    }
}

/// What the signer may be asked to sign: the pact of their link, or (by NIP) the open
/// campaigns of the Pemda — one is shown; several are offered to choose from.
pub(crate) enum PaktaAtauPilihan {
    Pakta(Box<PaktaTampil>),
    Pilih(Vec<(KampanyeId, String)>),
}

pub(crate) async fn pakta_penanda(
    s: &AppState,
    sesi: &SesiPenanda,
    pilih: Option<KampanyeId>,
) -> Result<PaktaAtauPilihan, AppError> {
    if let Some(token) = &sesi.tautan {
        let k = s.app.buka_tautan(token).await?;
        let penanda = [
            Some(k.nama.clone()),
            k.nip_tampil.clone(),
            k.jabatan.clone(),
            k.unit.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        return Ok(PaktaAtauPilihan::Pakta(Box::new(pakta_tampil(
            &k.instansi,
            &k.kampanye,
            &k.templat,
            penanda,
        ))));
    }
    let kode = sesi.instansi.as_deref().unwrap_or_default();
    let inst = s
        .app
        .store
        .instansi_by_kode(kode)
        .await?
        .ok_or_else(|| AppError::Masukan("pemerintah daerah tidak dikenal".into()))?;
    let now = s.app.sekarang();
    let terbuka: Vec<Kampanye> = s
        .app
        .store
        .daftar_kampanye(inst.id)
        .await?
        .into_iter()
        .filter(|k| k.dibuka.is_none_or(|d| d <= now) && k.ditutup.is_none_or(|d| now < d))
        .collect();
    let dipilih = match (pilih, terbuka.len()) {
        (_, 0) => {
            return Err(AppError::Masukan(
                "tidak ada penandatanganan pakta yang terbuka saat ini".into(),
            ));
        }
        (Some(id), _) => terbuka.iter().find(|k| k.id == id),
        (None, 1) => terbuka.first(),
        (None, _) => None,
    };
    let Some(k) = dipilih else {
        return Ok(PaktaAtauPilihan::Pilih(
            terbuka.iter().map(|k| (k.id, k.nama.clone())).collect(),
        ));
    };
    let t = s
        .app
        .store
        .templat(inst.id, k.template_id)
        .await?
        .ok_or_else(|| AppError::TidakDitemukan("templat pakta".into()))?;
    Ok(PaktaAtauPilihan::Pakta(Box::new(pakta_tampil(
        &inst,
        k,
        &t,
        String::new(),
    ))))
}

#[derive(Template)]
#[template(path = "tandatangan_pakta.html")]
struct HalamanPakta {
    t: Bahasa,
    csrf: String,
    aksi: String,
    pemda: String,
    judul: String,
    versi: u32,
    nomor_se: Option<String>,
    hash_isi: String,
    pembuka: String,
    butir: Vec<String>,
    penutup: String,
    penanda: String,
    tempat: String,
    pesan: Option<String>,
}

#[derive(Template)]
#[template(path = "tandatangan_pilih.html")]
struct HalamanPilih {
    t: Bahasa,
    pilihan: Vec<(KampanyeId, String)>,
}

fn halaman_pakta(
    t: Bahasa,
    sesi: &SesiPenanda,
    p: PaktaTampil,
    pesan: Option<String>,
) -> HalamanPakta {
    HalamanPakta {
        t,
        csrf: sesi.csrf.clone(),
        aksi: format!("/tandatangan/pakta?kampanye={}", p.kampanye_id),
        pemda: p.pemda,
        judul: p.judul,
        versi: p.versi,
        nomor_se: p.nomor_se,
        hash_isi: p.hash_isi,
        pembuka: p.pembuka,
        butir: p.butir,
        penutup: p.penutup,
        penanda: p.penanda,
        tempat: p.tempat,
        pesan,
    }
}

#[derive(Deserialize)]
pub(crate) struct ParamPakta {
    kampanye: Option<i64>,
}

/// `GET /tandatangan/pakta`: the pact to read and sign (after the code was entered).
async fn form_pakta(
    State(s): State<AppState>,
    bahasa: Bahasa,
    headers: HeaderMap,
    Query(q): Query<ParamPakta>,
) -> Result<Response, WebError> {
    let Some((_, sesi)) = sesi_penanda(&headers) else {
        return Ok(kembali_ke_awal(bahasa));
    };
    if sesi.otp.is_none() {
        return Ok(Redirect::to("/tandatangan/kode").into_response());
    }
    match pakta_penanda(&s, &sesi, q.kampanye.map(KampanyeId))
        .await
        .map_err(|e| WebError::html(e, bahasa))?
    {
        PaktaAtauPilihan::Pakta(p) => render(&halaman_pakta(bahasa, &sesi, *p, None), bahasa),
        PaktaAtauPilihan::Pilih(pilihan) => render(&HalamanPilih { t: bahasa, pilihan }, bahasa),
    }
}

/// Parses the signature field: the pad's JSON (`GambarRekaman`), or nothing when a name
/// was typed without JavaScript.
pub(crate) fn baca_gambar(
    gambar: &str,
    nama_ketik: &str,
    t: Bahasa,
) -> Result<Option<GambarRekaman>, String> {
    let g = gambar.trim();
    if g.is_empty() {
        return if nama_ketik.trim().is_empty() {
            Err(t.x("ttd.ttd_kosong").to_string())
        } else {
            Ok(None)
        };
    }
    match serde_json::from_str::<GambarRekaman>(g) {
        Ok(GambarRekaman::Goresan { garis, .. }) if garis.iter().all(|g| g.is_empty()) => {
            Err(t.x("ttd.ttd_kosong").to_string())
        }
        Ok(x) if gambar_sah(&x) => Ok(Some(x)),
        _ => Err(t.x("ttd.gambar_rusak").to_string()),
    }
}

/// Whether a signature image can be drawn in the PDF: strokes in a positive, finite box
/// with finite points (at most 50,000, as the renderer allows), or a base64 PNG.
pub(crate) fn gambar_sah(g: &GambarRekaman) -> bool {
    match g {
        GambarRekaman::Goresan {
            lebar,
            tinggi,
            garis,
        } => {
            let kotak = |v: f32| v.is_finite() && v > 0.0 && v <= 10_000.0;
            kotak(*lebar)
                && kotak(*tinggi)
                && garis.iter().map(Vec::len).sum::<usize>() <= 50_000
                && garis
                    .iter()
                    .flatten()
                    .all(|(x, y)| x.is_finite() && y.is_finite())
        }
        // The PNG signature `\x89PNG\r\n\x1a\n` in base64.
        GambarRekaman::PngBase64(b) => b.starts_with("iVBORw0KGgo"),
    }
}

/// The image of an API or kiosk request, checked like the page's.
pub(crate) fn periksa_gambar(g: &Option<GambarRekaman>) -> Result<(), AppError> {
    match g {
        Some(x) if !gambar_sah(x) => Err(AppError::Masukan(
            "gambar tanda tangan tidak terbaca (goresan atau PNG base64)".into(),
        )),
        _ => Ok(()),
    }
}

/// The butir checkboxes of a form (`butir_1` … `butir_n`), in order.
pub(crate) fn butir_dicentang(isian: &[(String, String)], jumlah: usize) -> Vec<bool> {
    (1..=jumlah)
        .map(|i| {
            let nama = format!("butir_{i}");
            isian.iter().any(|(k, v)| *k == nama && !v.is_empty())
        })
        .collect()
}

fn isian<'a>(f: &'a [(String, String)], nama: &str) -> &'a str {
    f.iter()
        .find(|(k, _)| k == nama)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default()
}

/// `POST /tandatangan/pakta`: signs. Every butir must be ticked (else 400, nothing is
/// written); the code entered earlier is checked and consumed by the app.
async fn tanda_tangani(
    State(s): State<AppState>,
    bahasa: Bahasa,
    headers: HeaderMap,
    Query(q): Query<ParamPakta>,
    Form(f): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let Some((id, mut sesi)) = sesi_penanda(&headers) else {
        return Ok(kembali_ke_awal(bahasa));
    };
    sesi.periksa_csrf(isian(&f, "_csrf"), bahasa)?;
    let Some(otp) = sesi.otp.clone() else {
        return Ok(Redirect::to("/tandatangan/kode").into_response());
    };
    let p = match pakta_penanda(&s, &sesi, q.kampanye.map(KampanyeId))
        .await
        .map_err(|e| WebError::html(e, bahasa))?
    {
        PaktaAtauPilihan::Pakta(p) => *p,
        PaktaAtauPilihan::Pilih(pilihan) => {
            return render(&HalamanPilih { t: bahasa, pilihan }, bahasa);
        }
    };
    let butir = butir_dicentang(&f, p.butir.len());
    let tolak = |p: PaktaTampil, pesan: String| -> Result<Response, WebError> {
        let mut res = render(&halaman_pakta(bahasa, &sesi, p, Some(pesan)), bahasa)?;
        *res.status_mut() = StatusCode::BAD_REQUEST;
        Ok(res)
    };
    if butir.iter().any(|b| !b) {
        return tolak(p, bahasa.x("ttd.butir_belum").to_string());
    }
    let gambar = match baca_gambar(isian(&f, "gambar"), isian(&f, "nama_ketik"), bahasa) {
        Ok(g) => g,
        Err(pesan) => return tolak(p, pesan),
    };
    let tempat = Some(isian(&f, "tempat").trim().to_string()).filter(|t| !t.is_empty());
    let penanda = match &sesi.tautan {
        Some(token) => PenandaDaring::Tautan(token.clone()),
        None => PenandaDaring::Nip {
            instansi_kode: sesi.instansi.clone().unwrap_or_default(),
            nip: sesi.nip.clone().unwrap_or_default(),
            kampanye: Some(p.kampanye_id),
        },
    };
    let hasil = s
        .app
        .ttd_daring(MasukDaring {
            penanda,
            otp,
            butir_dikonfirmasi: butir,
            gambar,
            tempat,
            kunci_idempoten: None,
        })
        .await;
    match hasil {
        Ok(d) => {
            // The code is spent either way.
            sesi.otp = None;
            catat_milik(&s, &mut sesi, &d).await;
            let tujuan = format!("/tandatangan/selesai/{}", d.id);
            sesi.ttd.retain(|x| x.id != d.id);
            sesi.ttd.push(d);
            let cookie = simpan_sesi(&s, &id, sesi);
            Ok(dengan_cookie(cookie, Redirect::to(&tujuan).into_response()))
        }
        // A wrong, expired or spent code (the app's messages about it name the "kode"):
        // forget it and ask for it again on the code page.
        Err(AppError::Masukan(pesan)) if pesan.contains("kode") => {
            sesi.otp = None;
            let mut res = render(
                &HalamanKode {
                    t: bahasa,
                    csrf: sesi.csrf.clone(),
                    tujuan: sesi.tujuan.clone().unwrap_or_default(),
                    pesan: Some(pesan),
                },
                bahasa,
            )?;
            *res.status_mut() = StatusCode::BAD_REQUEST;
            Ok(dengan_cookie(simpan_sesi(&s, &id, sesi), res))
        }
        Err(AppError::Masukan(pesan)) => tolak(p, pesan),
        Err(e) => Err(WebError::html(e, bahasa)),
    }
}

/// Remembers who signed, for their own documents.
pub(crate) async fn catat_milik(s: &AppState, sesi: &mut SesiPenanda, d: &TtdDicatat) {
    if sesi.pegawai.is_some() {
        return;
    }
    let Some(kode) = sesi.instansi.as_deref() else {
        return;
    };
    let Ok(Some(inst)) = s.app.store.instansi_by_kode(kode).await else {
        return;
    };
    if let Ok(Some(t)) = s.app.store.tanda_tangan(inst.id, d.id).await {
        sesi.pegawai = Some((inst.id, t.ttd.data.pegawai_id));
    }
}

// --- receipt and own PDF -------------------------------------------------------------

#[derive(Template)]
#[template(path = "tandatangan_selesai.html")]
struct HalamanSelesai {
    t: Bahasa,
    id: i64,
    hash: String,
    indeks: u64,
    waktu: String,
    metode: &'static str,
    ulang: bool,
}

/// `GET /tandatangan/selesai/{id}`: the receipt of a signature made in this session.
async fn selesai(
    bahasa: Bahasa,
    headers: HeaderMap,
    Path(ttd): Path<i64>,
) -> Result<Response, WebError> {
    let Some((_, sesi)) = sesi_penanda(&headers) else {
        return Ok(kembali_ke_awal(bahasa));
    };
    let d =
        sesi.ttd.iter().find(|d| d.id.0 == ttd).ok_or_else(|| {
            WebError::html(AppError::TidakDitemukan("tanda tangan".into()), bahasa)
        })?;
    render(
        &HalamanSelesai {
            t: bahasa,
            id: d.id.0,
            hash: d.hash_daun_hex.clone(),
            indeks: d.indeks_daun,
            waktu: waktu_wib(d.waktu),
            metode: d.metode.label(),
            ulang: d.ulang,
        },
        bahasa,
    )
}

/// What asking for one's own PDF gave.
pub(crate) enum PdfSaya {
    Siap {
        nama: String,
        isi: Vec<u8>,
    },
    /// The leaf is not yet covered by a signed checkpoint: try again in a few seconds.
    Menunggu,
}

/// The PDF of a signature of this signer's session.
pub(crate) async fn pdf_saya(
    s: &AppState,
    sesi: &SesiPenanda,
    id: TandaTanganId,
) -> Result<PdfSaya, AppError> {
    let tidak = || AppError::TidakDitemukan(format!("tanda tangan {id}"));
    let (instansi, pegawai) = match sesi.pegawai {
        Some(p) => p,
        None => {
            let token = sesi.tautan.as_deref().ok_or_else(tidak)?;
            let k = s.app.buka_tautan(token).await?;
            (k.instansi.id, k.pegawai_id)
        }
    };
    let inst = s.app.store.instansi(instansi).await?.ok_or_else(tidak)?;
    match s.app.pdf_milik_sendiri(&inst, pegawai, id).await {
        Ok(isi) => Ok(PdfSaya::Siap {
            nama: format!("pakta-{}-{}.pdf", inst.kode, id),
            isi,
        }),
        Err(AppError::Konflik(m)) if m == netral_app::dokumen::BELUM_TERCAKUP => {
            Ok(PdfSaya::Menunggu)
        }
        Err(e) => Err(e),
    }
}

pub(crate) fn jawab_pdf(nama: &str, isi: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{nama}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        isi,
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "tandatangan_pdf_tunggu.html")]
struct HalamanPdfTunggu {
    t: Bahasa,
    id: i64,
}

/// `GET /tandatangan/pdf/{id}`: the signer's own PDF; while the checkpoint does not yet
/// cover it, a page that says so and retries by itself.
async fn unduh_pdf(
    State(s): State<AppState>,
    bahasa: Bahasa,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let Some((_, sesi)) = sesi_penanda(&headers) else {
        return Ok(kembali_ke_awal(bahasa));
    };
    match pdf_saya(&s, &sesi, TandaTanganId(id))
        .await
        .map_err(|e| WebError::html(e, bahasa))?
    {
        PdfSaya::Siap { nama, isi } => Ok(jawab_pdf(&nama, isi)),
        PdfSaya::Menunggu => {
            let mut res = render(&HalamanPdfTunggu { t: bahasa, id }, bahasa)?;
            *res.status_mut() = StatusCode::ACCEPTED;
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("3"));
            Ok(res)
        }
    }
}

// --- kiosk ------------------------------------------------------------------------

/// The kiosk operator: logged in, with `OperasiKiosk` on their instansi.
async fn operator_kiosk(
    s: &AppState,
    m: &Masuk,
) -> Result<netral_domain::organisasi::Instansi, WebError> {
    m.pelaku()
        .wajib(Izin::OperasiKiosk, m.user.instansi_id)
        .map_err(|e| m.galat(e))?;
    s.app.instansi_user(&m.user).await.map_err(|e| m.galat(e))
}

/// The campaigns open now on an instansi.
async fn kampanye_terbuka(s: &AppState, instansi: InstansiId) -> Result<Vec<Kampanye>, AppError> {
    let now = s.app.sekarang();
    Ok(s.app
        .store
        .daftar_kampanye(instansi)
        .await?
        .into_iter()
        .filter(|k| k.dibuka.is_none_or(|d| d <= now) && k.ditutup.is_none_or(|d| now < d))
        .collect())
}

#[derive(Template)]
#[template(path = "kiosk_pilih.html")]
struct HalamanKioskPilih {
    t: Bahasa,
    pemda: String,
    operator: String,
    kampanye: Vec<(KampanyeId, String)>,
}

/// `GET /kiosk`: the operator chooses the campaign.
async fn kiosk_pilih(State(s): State<AppState>, m: Masuk) -> Result<Response, WebError> {
    let inst = operator_kiosk(&s, &m).await?;
    let kampanye = kampanye_terbuka(&s, inst.id)
        .await
        .map_err(|e| m.galat(e))?
        .into_iter()
        .map(|k| (k.id, k.nama))
        .collect();
    render(
        &HalamanKioskPilih {
            t: m.bahasa,
            pemda: inst.nama,
            operator: m.user.nama.clone(),
            kampanye,
        },
        m.bahasa,
    )
}

#[derive(Template)]
#[template(path = "kiosk_antrean.html")]
struct HalamanKiosk {
    t: Bahasa,
    csrf: String,
    pemda: String,
    operator: String,
    kampanye_id: KampanyeId,
    nama_kampanye: String,
    judul: String,
    hash_isi: String,
    butir: Vec<String>,
    /// A fresh idempotency key for the form without JavaScript.
    kunci: String,
    /// The result of the previous submit without JavaScript: (recorded, message).
    hasil: Option<(bool, String)>,
}

async fn halaman_kiosk(
    s: &AppState,
    m: &Masuk,
    kampanye: KampanyeId,
    hasil: Option<(bool, String)>,
) -> Result<HalamanKiosk, WebError> {
    let inst = operator_kiosk(s, m).await?;
    let k = s
        .app
        .store
        .kampanye(inst.id, kampanye)
        .await
        .map_err(|e| m.galat(e.into()))?
        .ok_or_else(|| m.galat(AppError::TidakDitemukan("kampanye".into())))?;
    let t = s
        .app
        .store
        .templat(inst.id, k.template_id)
        .await
        .map_err(|e| m.galat(e.into()))?
        .ok_or_else(|| m.galat(AppError::TidakDitemukan("templat pakta".into())))?;
    Ok(HalamanKiosk {
        t: m.bahasa,
        csrf: m.csrf.clone(),
        pemda: inst.nama,
        operator: m.user.nama.clone(),
        kampanye_id: k.id,
        nama_kampanye: k.nama,
        judul: t.isi.judul,
        hash_isi: t.hash_isi.as_str().to_string(),
        butir: t.isi.butir,
        kunci: netral_app::akun::token_acak(),
        hasil,
    })
}

/// `GET /kiosk/{kampanye}`: the queue screen.
async fn kiosk_antrean(
    State(s): State<AppState>,
    m: Masuk,
    Path(kampanye): Path<i64>,
) -> Result<Response, WebError> {
    let page = halaman_kiosk(&s, &m, KampanyeId(kampanye), None).await?;
    render(&page, m.bahasa)
}

/// One kiosk item as kiosk.js sends it (and as the API batch carries it).
#[derive(Debug, Deserialize, ToSchema)]
pub struct KioskDto {
    /// Campaign id.
    pub kampanye: i64,
    /// A NIP / NI PPPK, or the staff-card QR payload (`NETRAL-KARTU/1:…`).
    pub nip_atau_kartu: String,
    /// The one-time code; not needed with a valid card payload.
    #[serde(default)]
    pub otp: Option<String>,
    /// The tablet's id for this item (8–128 of `A-Z a-z 0-9 - _ :`, e.g. a UUID): the same
    /// key again returns the stored signature, never a second one.
    pub kunci_idempoten: String,
    /// One `true` per butir, all confirmed.
    #[serde(default)]
    pub butir: Vec<bool>,
    /// `{"goresan": {"lebar", "tinggi", "garis"}}` or `{"png_base64": …}`.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub gambar: Option<GambarRekaman>,
    /// The tablet's clock when queued (RFC 3339): recorded, not trusted.
    #[serde(default)]
    pub waktu_klien: Option<DateTime<Utc>>,
    #[serde(default)]
    pub tempat: Option<String>,
}

impl KioskDto {
    /// Checks the butir against the campaign's pact and converts.
    pub(crate) async fn masuk(
        self,
        s: &AppState,
        instansi: InstansiId,
    ) -> Result<KioskMasuk, AppError> {
        let (k, t) = s
            .app
            .pakta_kampanye(instansi, KampanyeId(self.kampanye))
            .await?;
        periksa_gambar(&self.gambar)?;
        if self.butir.len() != t.isi.butir.len() || self.butir.iter().any(|b| !b) {
            return Err(AppError::Masukan(
                "setiap butir pakta harus dibaca dan dikonfirmasi sebelum menandatangani".into(),
            ));
        }
        Ok(KioskMasuk {
            kampanye_id: k.id,
            nip_atau_kartu: self.nip_atau_kartu,
            otp: self.otp.filter(|o| !o.trim().is_empty()),
            kunci_idempoten: self.kunci_idempoten,
            gambar: self.gambar,
            waktu_klien: self.waktu_klien,
            tempat: self.tempat.filter(|t| !t.trim().is_empty()),
        })
    }
}

fn csrf_header(headers: &HeaderMap) -> String {
    headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

fn minta_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/json"))
}

/// `POST /kiosk/antre`: one person at the kiosk. JSON from kiosk.js (CSRF in
/// `X-CSRF-Token`; answers the signature as JSON), or the plain form (answers the queue
/// screen with the result). The same `kunci_idempoten` again returns the same signature.
async fn kiosk_antre(
    State(s): State<AppState>,
    m: Masuk,
    headers: HeaderMap,
    badan: axum::body::Bytes,
) -> Result<Response, WebError> {
    operator_kiosk(&s, &m).await?;
    if minta_json(&headers) {
        m.periksa_csrf(&csrf_header(&headers))
            .map_err(|e| WebError::json(e.galat))?;
        let dto: KioskDto = serde_json::from_slice(&badan).map_err(|e| {
            WebError::json(AppError::Masukan(format!("isi permintaan tidak sah: {e}")))
        })?;
        let masuk = dto
            .masuk(&s, m.user.instansi_id)
            .await
            .map_err(WebError::json)?;
        let d = s
            .app
            .ttd_kiosk(&m.pelaku(), m.user.instansi_id, masuk)
            .await
            .map_err(WebError::json)?;
        return Ok(axum::Json(crate::api_penanda::TtdDicatatDto::dari(&s, &d)).into_response());
    }
    let f: Vec<(String, String)> = isian_form(&badan);
    m.periksa_csrf(isian(&f, "_csrf"))?;
    let kampanye: i64 = isian(&f, "kampanye").parse().unwrap_or_default();
    let bahasa = m.bahasa;
    let hasil = async {
        let k = s
            .app
            .store
            .kampanye(m.user.instansi_id, KampanyeId(kampanye))
            .await?
            .ok_or_else(|| AppError::TidakDitemukan("kampanye".into()))?;
        let t = s
            .app
            .store
            .templat(m.user.instansi_id, k.template_id)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan("templat pakta".into()))?;
        let gambar = baca_gambar(isian(&f, "gambar"), isian(&f, "nama_ketik"), bahasa)
            .map_err(AppError::Masukan)?;
        let dto = KioskDto {
            kampanye,
            nip_atau_kartu: isian(&f, "nip_atau_kartu").to_string(),
            otp: Some(isian(&f, "otp").to_string()),
            kunci_idempoten: isian(&f, "kunci_idempoten").to_string(),
            butir: butir_dicentang(&f, t.isi.butir.len()),
            gambar,
            waktu_klien: None,
            tempat: None,
        };
        let masuk = dto.masuk(&s, m.user.instansi_id).await?;
        s.app
            .ttd_kiosk(&m.pelaku(), m.user.instansi_id, masuk)
            .await
    }
    .await;
    let (status, pesan) = match hasil {
        Ok(d) => (
            StatusCode::OK,
            (
                true,
                format!("{} — {}", bahasa.x("kiosk.berhasil"), d.hash_daun_hex),
            ),
        ),
        Err(e @ (AppError::Masukan(_) | AppError::TidakDitemukan(_) | AppError::Konflik(_))) => {
            (StatusCode::BAD_REQUEST, (false, e.to_string()))
        }
        Err(e) => return Err(m.galat(e)),
    };
    let page = halaman_kiosk(&s, &m, KampanyeId(kampanye), Some(pesan)).await?;
    let mut res = render(&page, bahasa)?;
    *res.status_mut() = status;
    Ok(res)
}

/// An `application/x-www-form-urlencoded` body as pairs (undecodable pairs are dropped).
fn isian_form(badan: &[u8]) -> Vec<(String, String)> {
    let dekode = |s: &str| {
        urlencoding::decode(&s.replace('+', " "))
            .ok()
            .map(|c| c.into_owned())
    };
    String::from_utf8_lossy(badan)
        .split('&')
        .filter(|kv| !kv.is_empty())
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            Some((dekode(k)?, dekode(v)?))
        })
        .collect()
}

#[derive(Deserialize)]
struct KirimKodeKiosk {
    nip_atau_kartu: String,
}

/// `POST /kiosk/kirim-kode` (JSON): sends the employee a code. The answer is the same
/// whether or not it could be sent.
async fn kiosk_kirim_kode(
    State(s): State<AppState>,
    m: Masuk,
    headers: HeaderMap,
    axum::Json(f): axum::Json<KirimKodeKiosk>,
) -> Result<Response, WebError> {
    let inst = operator_kiosk(&s, &m).await?;
    m.periksa_csrf(&csrf_header(&headers))
        .map_err(|e| WebError::json(e.galat))?;
    match s
        .app
        .kirim_otp(inst.kode.as_str(), f.nip_atau_kartu.trim())
        .await
    {
        Ok(_) | Err(AppError::Masukan(_)) => {}
        Err(e) => return Err(WebError::json(e)),
    }
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(serde_json::json!({ "pesan": m.bahasa.x("kiosk.kode_terkirim") })),
    )
        .into_response())
}

// --- public progress ----------------------------------------------------------------

pub(crate) struct BarisPublik {
    pub nama: String,
    pub wajib: u64,
    pub sudah: u64,
    pub permil: u64,
    pub persen: String,
}

pub(crate) struct KampanyeTampil {
    pub nama: String,
    pub wajib: u64,
    pub sudah: u64,
    pub permil: u64,
    pub persen: String,
    pub tahap: Vec<BarisPublik>,
}

#[derive(Template)]
#[template(path = "publik_progres.html")]
struct HalamanPublik {
    t: Bahasa,
    p: ProgresPublik,
    kampanye: Vec<KampanyeTampil>,
    waktu: String,
    waktu_iso: String,
}

fn tampil_kampanye(p: &ProgresPublik, t: Bahasa) -> Vec<KampanyeTampil> {
    p.kampanye
        .iter()
        .map(|k| KampanyeTampil {
            nama: k.nama.clone(),
            wajib: k.total.wajib,
            sudah: k.total.sudah,
            permil: k.total.permil(),
            persen: persen(k.total.permil(), t),
            tahap: k
                .tahap
                .iter()
                .map(|(nama, a)| BarisPublik {
                    nama: nama.clone(),
                    wajib: a.wajib,
                    sudah: a.sudah,
                    permil: a.permil(),
                    persen: persen(a.permil(), t),
                })
                .collect(),
        })
        .collect()
}

/// `GET /publik/{kode}`: aggregate progress of the Pemda's open campaigns. No login, no
/// names; refreshes itself every minute.
async fn publik(
    State(s): State<AppState>,
    bahasa: Bahasa,
    Path(kode): Path<String>,
) -> Result<Response, WebError> {
    let p = s
        .app
        .progres_publik(&kode)
        .await
        .map_err(|e| WebError::html(e, bahasa))?;
    let page = HalamanPublik {
        t: bahasa,
        kampanye: tampil_kampanye(&p, bahasa),
        waktu: waktu_wib(p.waktu),
        waktu_iso: p.waktu.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        p,
    };
    render(&page, bahasa)
}
