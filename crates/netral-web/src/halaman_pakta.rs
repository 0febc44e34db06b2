//! Staff pages of signing: elections, templates, campaigns, progress dashboard, exports,
//! paper intake, representative and witness signatures, revocations, ikrar events.
//!
//! Forms are read as a list of pairs ([`Isian`]) so checkbox lists and per-stage fields
//! need no fixed struct; the values are turned into the same request shapes the JSON API
//! uses ([`crate::api_pakta`]), so both parse input alike. A rejected form is shown again
//! with the user's input and the Indonesian reason (422, or 409 for a conflict) and nothing
//! is written.

use askama::Template;
use axum::Form;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Utc};

use netral_app::AppError;
use netral_app::ekspor::{PenulisKanal, SasaranEkspor};
use netral_app::progres_tampil::TampilanProgres;
use netral_app::ttd::TtdDicatat;
use netral_app::ttd::rute::LaporanHadir;
use netral_domain::organisasi::UnitId;
use netral_domain::pakta::{
    AcaraIkrarId, JenisAcaraIkrar, KampanyeId, MetodeTandaTangan, RekapAngka, TandaTanganId,
};
use netral_domain::pakta::{
    JenisPemilihan, JenisTahapan, JenisTemplatAwal, Kampanye, ModePakta, PaktaTemplate,
    PemilihanId, StatusPemilihan, TemplateId,
};
use netral_domain::pegawai::JenisPegawai;
use netral_store::ttd::TandaTanganTersimpan;

use crate::AppState;
use crate::api_pakta::{
    BATAS_UNGGAH, IkrarMasuk, IsiDto, KampanyeMasuk, PDF, ParamTtd, PemilihanMasuk, SahkanMasuk,
    SaksiMasuk, TahapanDto, TemplatMasuk, TtdDetailDto, XLSX, unduhan,
};
use crate::galat::{HalamanGalat, WebError};
use crate::halaman::{Kerangka, kerangka, render};
use crate::i18n::Bahasa;
use crate::sesi::Masuk;

pub(crate) mod kertas_unit;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .merge(kertas_unit::rute())
        .route("/pemilihan", get(halaman_pemilihan).post(kirim_pemilihan))
        .route("/templat", get(halaman_templat).post(kirim_templat))
        .route("/templat/{id}", get(detail_templat))
        .route("/templat/{id}/{aksi}", post(aksi_templat))
        .route("/kampanye", get(halaman_kampanye).post(kirim_kampanye))
        .route("/kampanye/{id}", get(halaman_progres))
        .route("/kampanye/{id}/angka", get(fragmen_angka))
        .route("/kampanye/{id}/pengingat", post(kirim_pengingat))
        .route("/kampanye/{id}/unduh/{berkas}", get(unduh_kampanye))
        .route("/ttd", get(daftar_ttd))
        .route("/ttd/pilih-pegawai", get(pilih_pegawai))
        .route(
            "/ttd/kertas",
            get(form_kertas)
                .post(kirim_kertas)
                .layer(DefaultBodyLimit::max(BATAS_UNGGAH)),
        )
        .route(
            "/ttd/perwakilan",
            get(form_perwakilan)
                .post(kirim_perwakilan)
                .layer(DefaultBodyLimit::max(BATAS_UNGGAH)),
        )
        .route("/ttd/{id}", get(detail_ttd))
        .route("/ttd/{id}/pdf", get(pdf_ttd))
        .route("/ttd/{id}/{aksi}", post(aksi_ttd))
        .route("/ikrar", get(halaman_ikrar).post(kirim_ikrar))
        .route("/ikrar/{id}", get(detail_ikrar))
        .route("/ikrar/{id}/hadir", post(kirim_hadir))
}

// --- shared ---------------------------------------------------------------------------

/// A submitted form as pairs, in order (checkboxes repeat their name).
#[derive(Debug, Clone, Default)]
pub struct Isian(pub Vec<(String, String)>);

impl Isian {
    /// The first value of a field, or "".
    pub fn nilai(&self, k: &str) -> &str {
        self.0
            .iter()
            .find(|(a, _)| a == k)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every non-empty value of a field.
    pub fn semua(&self, k: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(a, v)| a == k && !v.trim().is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether a field has this value (a ticked checkbox, a chosen option).
    pub fn ada(&self, k: &str, v: &str) -> bool {
        self.0.iter().any(|(a, b)| a == k && b == v)
    }

    fn opsi(&self, k: &str) -> Option<String> {
        let v = self.nilai(k).trim();
        (!v.is_empty()).then(|| v.to_string())
    }
}

/// The 403 answer for a state-changing request without the session's CSRF token, if so.
pub(crate) fn tolak_csrf(m: &Masuk, token: &str) -> Option<Response> {
    if !token.is_empty() && crate::sesi::sama(token, &m.csrf) {
        return None;
    }
    let t = m.bahasa;
    let page = HalamanGalat {
        t,
        judul: t.x("galat.judul").to_string(),
        pesan:
            "Formulir kedaluwarsa atau tidak sah (token CSRF); muat ulang halaman dan coba lagi."
                .into(),
        kode: "NT-403".into(),
        referensi: crate::galat::referensi(),
    };
    Some(match page.render() {
        Ok(h) => (StatusCode::FORBIDDEN, Html(h)).into_response(),
        Err(_) => (StatusCode::FORBIDDEN, "token CSRF tidak sah").into_response(),
    })
}

/// Renders a page with a status (a form shown again after an error).
pub(crate) fn tampil<T: Template>(
    status: StatusCode,
    t: &T,
    bahasa: Bahasa,
) -> Result<Response, WebError> {
    Ok((status, render(t, bahasa)?).into_response())
}

/// The status a rejected form is shown with; `None` for errors that get the error page.
pub(crate) fn status_form(e: &AppError) -> Option<StatusCode> {
    match e {
        AppError::Masukan(_) => Some(StatusCode::UNPROCESSABLE_ENTITY),
        AppError::Konflik(_) => Some(StatusCode::CONFLICT),
        AppError::TidakDitemukan(_) => Some(StatusCode::NOT_FOUND),
        _ => None,
    }
}

/// The form's message for an input error, or the error itself for the error page.
fn pesan_form(m: &Masuk, e: AppError) -> Result<(StatusCode, String), WebError> {
    match status_form(&e) {
        Some(st) => Ok((st, e.to_string())),
        None => Err(m.galat(e)),
    }
}

fn see_other(url: &str) -> Response {
    Redirect::to(url).into_response()
}

pub(crate) fn tgl_tampil(w: &DateTime<Utc>) -> String {
    w.format("%d-%m-%Y %H:%M UTC").to_string()
}

fn id_path(m: &Masuk, id: &str, apa: &str) -> Result<i64, WebError> {
    id.parse::<i64>()
        .map_err(|_| m.galat(AppError::TidakDitemukan(format!("{apa} {id}"))))
}

fn pilihan<T: Copy>(
    all: &[T],
    kode: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|x| (kode(*x), label(*x))).collect()
}

// --- elections ------------------------------------------------------------------------

pub struct BarisPemilihan {
    pub id: i64,
    pub nama: String,
    pub jenis: &'static str,
    pub tgl: String,
    pub status: &'static str,
    pub tahapan: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "pakta_pemilihan.html")]
struct HalamanPemilihan {
    k: Kerangka,
    daftar: Vec<BarisPemilihan>,
    f: Isian,
    pesan: Option<String>,
    pilihan_jenis: Vec<(&'static str, &'static str)>,
    pilihan_status: Vec<(&'static str, &'static str)>,
    pilihan_tahapan: Vec<(&'static str, &'static str)>,
}

async fn halaman_pemilihan_dengan(
    s: &AppState,
    m: &Masuk,
    f: Isian,
    pesan: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let daftar = s
        .app
        .daftar_pemilihan(&m.pelaku(), m.user.instansi_id)
        .await
        .map_err(|e| m.galat(e))?
        .into_iter()
        .map(|p| BarisPemilihan {
            id: p.id.0,
            nama: p.nama,
            jenis: p.jenis.label(),
            tgl: p.tgl_pemungutan.format("%d-%m-%Y").to_string(),
            status: p.status.label(),
            tahapan: p
                .tahapan
                .iter()
                .map(|t| {
                    (
                        t.jenis.label(),
                        format!(
                            "{} – {}",
                            t.mulai.format("%d-%m-%Y"),
                            t.selesai.format("%d-%m-%Y")
                        ),
                    )
                })
                .collect(),
        })
        .collect();
    tampil(
        status,
        &HalamanPemilihan {
            k: kerangka(s, m, "pemilihan").await?,
            daftar,
            f,
            pesan,
            pilihan_jenis: pilihan(
                JenisPemilihan::ALL,
                JenisPemilihan::kode,
                JenisPemilihan::label,
            ),
            pilihan_status: pilihan(
                StatusPemilihan::ALL,
                StatusPemilihan::kode,
                StatusPemilihan::label,
            ),
            pilihan_tahapan: pilihan(JenisTahapan::ALL, JenisTahapan::kode, JenisTahapan::label),
        },
        m.bahasa,
    )
}

async fn halaman_pemilihan(State(s): State<AppState>, m: Masuk) -> Result<Response, WebError> {
    halaman_pemilihan_dengan(&s, &m, Isian::default(), None, StatusCode::OK).await
}

async fn kirim_pemilihan(
    State(s): State<AppState>,
    m: Masuk,
    Form(pasangan): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Isian(pasangan);
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    let masuk = PemilihanMasuk {
        id: None,
        jenis: f.nilai("jenis").to_string(),
        nama: f.nilai("nama").to_string(),
        wilayah_kode: f.opsi("wilayah_kode"),
        tgl_pemungutan: f.nilai("tgl_pemungutan").to_string(),
        dasar_hukum: f.nilai("dasar_hukum").to_string(),
        status: f.opsi("status"),
        tahapan: JenisTahapan::ALL
            .iter()
            .filter_map(|j| {
                let mulai = f.nilai(&format!("mulai_{}", j.kode())).trim().to_string();
                let selesai = f.nilai(&format!("selesai_{}", j.kode())).trim().to_string();
                (!mulai.is_empty() || !selesai.is_empty()).then(|| TahapanDto {
                    jenis: j.kode().into(),
                    selesai: if selesai.is_empty() {
                        mulai.clone()
                    } else {
                        selesai
                    },
                    mulai,
                })
            })
            .collect(),
    };
    let hasil = async {
        let inst = s.app.instansi_user(&m.user).await?;
        let baru = crate::api_pakta::pemilihan_baru(&inst, &masuk)?;
        s.app.simpan_pemilihan(&m.pelaku(), baru).await
    }
    .await;
    match hasil {
        Ok(_) => Ok(see_other("/pemilihan")),
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            halaman_pemilihan_dengan(&s, &m, f, Some(pesan), st).await
        }
    }
}

// --- templates ------------------------------------------------------------------------

pub struct BarisTemplat {
    pub id: i64,
    pub judul: String,
    pub pemilihan: String,
    pub versi: u32,
    pub butir: usize,
    pub hash: String,
    pub disahkan: bool,
}

#[derive(Template)]
#[template(path = "pakta_templat.html")]
struct HalamanTemplat {
    k: Kerangka,
    daftar: Vec<BarisTemplat>,
    pemilihan: Vec<(i64, String)>,
    f: Isian,
    pesan: Option<String>,
    pilihan_awal: Vec<(&'static str, &'static str)>,
    pilihan_mode: Vec<(&'static str, &'static str)>,
}

async fn nama_pemilihan(s: &AppState, m: &Masuk) -> Result<Vec<(i64, String)>, WebError> {
    Ok(s.app
        .daftar_pemilihan(&m.pelaku(), m.user.instansi_id)
        .await
        .map_err(|e| m.galat(e))?
        .into_iter()
        .map(|p| (p.id.0, p.nama))
        .collect())
}

async fn halaman_templat_dengan(
    s: &AppState,
    m: &Masuk,
    f: Isian,
    pesan: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let pemilihan = nama_pemilihan(s, m).await?;
    let nama = |id: Option<PemilihanId>| {
        id.and_then(|id| pemilihan.iter().find(|(p, _)| *p == id.0))
            .map_or_else(|| "—".to_string(), |(_, n)| n.clone())
    };
    let daftar = s
        .app
        .daftar_templat(
            &m.pelaku(),
            m.user.instansi_id,
            pemilihan_dari(&f).map_err(|e| m.galat(e))?.map(PemilihanId),
        )
        .await
        .map_err(|e| m.galat(e))?
        .into_iter()
        .map(|t| BarisTemplat {
            id: t.id.0,
            pemilihan: nama(t.pemilihan_id),
            versi: t.versi,
            butir: t.isi.butir.len(),
            hash: t.hash_isi.to_string().chars().take(16).collect(),
            disahkan: t.sudah_disahkan(),
            judul: t.isi.judul,
        })
        .collect();
    tampil(
        status,
        &HalamanTemplat {
            k: kerangka(s, m, "templat").await?,
            daftar,
            pemilihan,
            f,
            pesan,
            pilihan_awal: pilihan(
                JenisTemplatAwal::ALL,
                JenisTemplatAwal::kode,
                JenisTemplatAwal::label,
            ),
            pilihan_mode: pilihan(ModePakta::ALL, ModePakta::kode, ModePakta::label),
        },
        m.bahasa,
    )
}

/// `?pemilihan=ID` lists that election's templates and preselects it in the form.
async fn halaman_templat(
    State(s): State<AppState>,
    m: Masuk,
    Query(pasangan): Query<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Isian(
        pasangan
            .into_iter()
            .filter(|(k, _)| k == "pemilihan")
            .map(|(_, v)| ("pemilihan_id".to_string(), v))
            .collect(),
    );
    halaman_templat_dengan(&s, &m, f, None, StatusCode::OK).await
}

fn pemilihan_dari(f: &Isian) -> Result<Option<i64>, AppError> {
    f.opsi("pemilihan_id")
        .map(|p| {
            p.parse::<i64>()
                .map_err(|_| AppError::Masukan(format!("pemilihan tidak valid: {p}")))
        })
        .transpose()
}

async fn kirim_templat(
    State(s): State<AppState>,
    m: Masuk,
    Form(pasangan): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Isian(pasangan);
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    let hasil = async {
        let masuk = TemplatMasuk {
            pemilihan_id: pemilihan_dari(&f)?,
            awal: Some(f.opsi("awal").unwrap_or_else(|| "SKB_4".into())),
            mode: f.opsi("mode"),
            nomor_se: f.opsi("nomor_se"),
            ..TemplatMasuk::default()
        };
        crate::api_pakta::simpan_templat(&s, &m.pelaku(), m.user.instansi_id, &masuk).await
    }
    .await;
    match hasil {
        Ok((t, _)) => Ok(see_other(&format!("/templat/{}", t.id))),
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            halaman_templat_dengan(&s, &m, f, Some(pesan), st).await
        }
    }
}

#[derive(Template)]
#[template(path = "pakta_templat_detail.html")]
struct HalamanDetailTemplat {
    k: Kerangka,
    t: PaktaTemplate,
    pemilihan: String,
    teks_kanonik: String,
    disahkan: bool,
    /// Values of the edit form (the stored ones, or what the user sent).
    f: Isian,
    pesan: Option<String>,
    pilihan_jenis: Vec<(&'static str, &'static str)>,
    hari_ini: String,
}

fn isian_templat(t: &PaktaTemplate) -> Isian {
    let mut v = vec![
        ("judul".to_string(), t.isi.judul.clone()),
        ("pembuka".to_string(), t.isi.pembuka.clone()),
        ("butir".to_string(), t.isi.butir.join("\n")),
        ("penutup".to_string(), t.isi.penutup.clone()),
        ("dasar_hukum".to_string(), t.isi.dasar_hukum.join("\n")),
        (
            "nomor_se".to_string(),
            t.isi.nomor_se.clone().unwrap_or_default(),
        ),
        ("mode".to_string(), t.isi.mode.kode().to_string()),
    ];
    for j in &t.isi.berlaku_untuk {
        v.push(("berlaku_untuk".to_string(), j.kode().to_string()));
    }
    Isian(v)
}

async fn detail_templat_dengan(
    s: &AppState,
    m: &Masuk,
    id: TemplateId,
    f: Option<Isian>,
    pesan: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let t = s
        .app
        .templat(&m.pelaku(), m.user.instansi_id, id)
        .await
        .map_err(|e| m.galat(e))?;
    let pemilihan = match t.pemilihan_id {
        Some(p) => nama_pemilihan(s, m)
            .await?
            .into_iter()
            .find(|(i, _)| *i == p.0)
            .map_or_else(String::new, |(_, n)| n),
        None => String::new(),
    };
    tampil(
        status,
        &HalamanDetailTemplat {
            k: kerangka(s, m, "templat").await?,
            pemilihan,
            teks_kanonik: t.teks_kanonik(),
            disahkan: t.sudah_disahkan(),
            f: f.unwrap_or_else(|| isian_templat(&t)),
            t,
            pesan,
            pilihan_jenis: pilihan(JenisPegawai::ALL, JenisPegawai::kode, JenisPegawai::label),
            hari_ini: crate::api_pakta::hari_ini_wib(s).to_string(),
        },
        m.bahasa,
    )
}

async fn detail_templat(
    State(s): State<AppState>,
    m: Masuk,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = TemplateId(id_path(&m, &id, "templat")?);
    detail_templat_dengan(&s, &m, id, None, None, StatusCode::OK).await
}

fn baris(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The three actions on one template version: `ubah` (edit the draft in place), `sahkan`
/// (approve) and `versi-baru` (copy its words into the next free version, to edit).
async fn aksi_templat(
    State(s): State<AppState>,
    m: Masuk,
    Path((id, aksi)): Path<(String, String)>,
    Form(pasangan): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = TemplateId(id_path(&m, &id, "templat")?);
    let f = Isian(pasangan);
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    let pelaku = m.pelaku();
    let instansi = m.user.instansi_id;
    let hasil = async {
        let t = s.app.templat(&pelaku, instansi, id).await?;
        let isi = match aksi.as_str() {
            "sahkan" => {
                let masuk = SahkanMasuk {
                    oleh: f.nilai("oleh").to_string(),
                    tanggal: f.opsi("tanggal"),
                };
                let tgl = crate::api_pakta::tanggal_sah(&s, &masuk)?;
                return s
                    .app
                    .sahkan_templat(&pelaku, instansi, id, &masuk.oleh, tgl)
                    .await;
            }
            "ubah" => IsiDto {
                judul: f.nilai("judul").to_string(),
                pembuka: f.nilai("pembuka").to_string(),
                butir: baris(f.nilai("butir")),
                penutup: f.nilai("penutup").to_string(),
                dasar_hukum: baris(f.nilai("dasar_hukum")),
                berlaku_untuk: f.semua("berlaku_untuk"),
                mode: t.isi.mode.kode().to_string(),
                nomor_se: f.opsi("nomor_se"),
            },
            "versi-baru" => t.isi.clone().into(),
            _ => return Err(AppError::TidakDitemukan(format!("aksi {aksi}"))),
        };
        let masuk = TemplatMasuk {
            pemilihan_id: t.pemilihan_id.map(|p| p.0),
            // Editing keeps the version; a new version takes the next free number.
            versi: (aksi == "ubah").then_some(t.versi),
            isi: Some(isi),
            ..TemplatMasuk::default()
        };
        crate::api_pakta::simpan_templat(&s, &pelaku, instansi, &masuk)
            .await
            .map(|(t, _)| t)
    }
    .await;
    match hasil {
        Ok(t) => Ok(see_other(&format!("/templat/{}", t.id))),
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            // An edit refused is shown with what the user typed.
            let isian = (aksi == "ubah").then_some(f);
            detail_templat_dengan(&s, &m, id, isian, Some(pesan), st).await
        }
    }
}

// --- campaigns --------------------------------------------------------------------------

pub struct BarisKampanye {
    pub id: i64,
    pub nama: String,
    pub templat: String,
    pub tahap: usize,
    pub dibuka: String,
    pub ditutup: String,
}

#[derive(Template)]
#[template(path = "kampanye.html")]
struct HalamanKampanye {
    k: Kerangka,
    daftar: Vec<BarisKampanye>,
    templat_sah: Vec<(i64, String)>,
    unit: Vec<(String, String)>,
    tahap_baku: Vec<(usize, String)>,
    f: Isian,
    pesan: Option<String>,
    pilihan_jenis: Vec<(&'static str, &'static str)>,
}

async fn halaman_kampanye_dengan(
    s: &AppState,
    m: &Masuk,
    f: Isian,
    pesan: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let pelaku = m.pelaku();
    let daftar = s
        .app
        .daftar_kampanye(&pelaku, m.user.instansi_id)
        .await
        .map_err(|e| m.galat(e))?;
    let templat = s
        .app
        .daftar_templat(&pelaku, m.user.instansi_id, None)
        .await
        .map_err(|e| m.galat(e))?;
    let judul = |id: TemplateId, versi: u32| {
        templat.iter().find(|t| t.id == id).map_or_else(
            || format!("#{id}"),
            |t| format!("{} (v{versi})", t.isi.judul),
        )
    };
    let daftar = daftar
        .into_iter()
        .rev()
        .map(|k| BarisKampanye {
            id: k.id.0,
            templat: judul(k.template_id, k.template_versi),
            tahap: k.tahap.len(),
            dibuka: k.dibuka.as_ref().map_or_else(|| "—".into(), tgl_tampil),
            ditutup: k.ditutup.as_ref().map_or_else(|| "—".into(), tgl_tampil),
            nama: k.nama,
        })
        .collect();
    let templat_sah = templat
        .iter()
        .filter(|t| t.sudah_disahkan())
        .map(|t| (t.id.0, format!("{} — versi {}", t.isi.judul, t.versi)))
        .collect();
    let unit = if m.user.boleh(netral_domain::akun::Izin::KelolaPakta) {
        s.app
            .pilihan_unit(&m.user)
            .await
            .map_err(|e| m.galat(e))?
            .into_iter()
            .map(|(id, nama)| (id.to_string(), nama))
            .collect()
    } else {
        Vec::new()
    };
    let tahap_baku = Kampanye::tahap_baku(Some(netral_domain::organisasi::PegawaiId(0)))
        .into_iter()
        .map(|t| t.nama)
        .enumerate()
        .collect();
    tampil(
        status,
        &HalamanKampanye {
            k: kerangka(s, m, "kampanye").await?,
            daftar,
            templat_sah,
            unit,
            tahap_baku,
            f,
            pesan,
            pilihan_jenis: pilihan(JenisPegawai::ALL, JenisPegawai::kode, JenisPegawai::label),
        },
        m.bahasa,
    )
}

async fn halaman_kampanye(State(s): State<AppState>, m: Masuk) -> Result<Response, WebError> {
    halaman_kampanye_dengan(&s, &m, Isian::default(), None, StatusCode::OK).await
}

async fn kirim_kampanye(
    State(s): State<AppState>,
    m: Masuk,
    Form(pasangan): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Isian(pasangan);
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    let hasil = async {
        let template_id = f
            .nilai("template_id")
            .trim()
            .parse::<i64>()
            .map_err(|_| AppError::Masukan("pilih templat yang sudah disahkan".into()))?;
        let unit = f
            .semua("unit")
            .iter()
            .map(|u| {
                u.parse::<i64>()
                    .map_err(|_| AppError::Masukan(format!("unit tidak valid: {u}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let sekda = match f.opsi("sekda_nip") {
            Some(nip) => Some(
                crate::api_pakta::pegawai_dari_nip(&s, &m.user, &nip)
                    .await?
                    .0,
            ),
            None => None,
        };
        // Deadline fields follow the usual order with a Sekda stage (index 1).
        let mut tenggat: Vec<Option<String>> =
            (0..5).map(|i| f.opsi(&format!("tenggat_{i}"))).collect();
        if sekda.is_none() {
            tenggat.remove(1);
        }
        let masuk = KampanyeMasuk {
            nama: f.nilai("nama").to_string(),
            template_id,
            unit,
            jenis_pegawai: f.semua("jenis_pegawai"),
            tahap: None,
            tenggat,
            sekda_id: sekda,
            dibuka: f.opsi("dibuka"),
            ditutup: f.opsi("ditutup"),
        };
        let pelaku = m.pelaku();
        let (baru, sekda) =
            crate::api_pakta::kampanye_baru(&s, &pelaku, m.user.instansi_id, &masuk).await?;
        s.app.buat_kampanye_dengan_sekda(&pelaku, baru, sekda).await
    }
    .await;
    match hasil {
        Ok((k, _)) => Ok(see_other(&format!("/kampanye/{}", k.id))),
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            halaman_kampanye_dengan(&s, &m, f, Some(pesan), st).await
        }
    }
}

// --- progress dashboard -----------------------------------------------------------------

/// Counts as shown: numbers, per mille for `<progress>`, percent text.
pub struct Angka {
    pub wajib: u64,
    pub sudah: u64,
    pub belum: u64,
    pub permil: u64,
    pub persen: String,
}

impl From<RekapAngka> for Angka {
    fn from(a: RekapAngka) -> Self {
        let permil = a.permil();
        Angka {
            wajib: a.wajib,
            sudah: a.sudah,
            belum: a.belum(),
            permil,
            persen: format!("{},{}%", permil / 10, permil % 10),
        }
    }
}

pub struct BarisTahapTampil {
    pub nama: String,
    pub sifat: &'static str,
    pub ketat: bool,
    pub tenggat: String,
    pub a: Angka,
    pub selesai: bool,
    pub terlambat: bool,
}

pub struct BarisUnitTampil {
    pub id: i64,
    pub nama: String,
    pub a: Angka,
    pub punya_anak: bool,
}

/// One bar of the signatures-per-hour chart, in SVG user units.
pub struct Batang {
    pub x: u32,
    pub y: u32,
    pub lebar: u32,
    pub tinggi: u32,
    pub label: String,
    pub jumlah: u64,
}

/// The chart, computed here so the SVG is plain attributes (no script, no inline style).
pub struct Grafik {
    pub batang: Vec<Batang>,
    pub maks: u64,
    pub awal: String,
    pub akhir: String,
    pub lebar: u32,
    pub tinggi: u32,
}

/// Bars for the last hours with signatures (at most [`JAM_GRAFIK`]), tallest = full height.
pub fn grafik(per_jam: &[(DateTime<Utc>, u64)]) -> Grafik {
    const LEBAR: u32 = 720;
    const TINGGI: u32 = 160;
    let titik = &per_jam[per_jam.len().saturating_sub(JAM_GRAFIK)..];
    let maks = titik.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let n = u32::try_from(titik.len()).unwrap_or(1).max(1);
    let langkah = LEBAR / n;
    let lebar = langkah.saturating_sub(2).max(1);
    let label = |w: &DateTime<Utc>| w.format("%d-%m %H:00 UTC").to_string();
    let batang = titik
        .iter()
        .enumerate()
        .map(|(i, (w, j))| {
            let tinggi = j
                .saturating_mul(u64::from(TINGGI))
                .checked_div(maks)
                .map_or(0, |h| u32::try_from(h).unwrap_or(TINGGI).max(1));
            Batang {
                x: u32::try_from(i).unwrap_or(0) * langkah + 1,
                y: TINGGI - tinggi,
                lebar,
                tinggi,
                label: label(w),
                jumlah: *j,
            }
        })
        .collect();
    Grafik {
        batang,
        maks,
        awal: titik.first().map(|(w, _)| label(w)).unwrap_or_default(),
        akhir: titik.last().map(|(w, _)| label(w)).unwrap_or_default(),
        lebar: LEBAR,
        tinggi: TINGGI,
    }
}

/// How many hours the chart shows.
pub const JAM_GRAFIK: usize = 72;

pub struct BarisIkrar {
    pub id: i64,
    pub nama: String,
    pub jenis: &'static str,
    pub tanggal: String,
    pub hadir: usize,
}

/// The instansi's ikrar events with how many attended each.
async fn baris_ikrar(s: &AppState, m: &Masuk) -> Result<Vec<BarisIkrar>, WebError> {
    let pelaku = m.pelaku();
    let mut out = Vec::new();
    for a in s
        .app
        .daftar_acara_ikrar(&pelaku, m.user.instansi_id)
        .await
        .map_err(|e| m.galat(e))?
    {
        let hadir = s
            .app
            .kehadiran_ikrar(&pelaku, m.user.instansi_id, a.id)
            .await
            .map_err(|e| m.galat(e))?;
        out.push(BarisIkrar {
            id: a.id.0,
            nama: a.nama,
            jenis: a.jenis.label(),
            tanggal: a.tanggal.format("%d-%m-%Y").to_string(),
            hadir: netral_domain::pakta::tanda_tangan::kehadiran_unik(&hadir).len(),
        });
    }
    Ok(out)
}

/// The numbers of the dashboard, refreshed alone by htmx every few seconds.
#[derive(Template)]
#[template(path = "progres_angka.html")]
pub struct AngkaProgres {
    t: Bahasa,
    id: i64,
    /// `?unit=…` of this view ("" for the whole instansi).
    q_unit: String,
    total: Angka,
    tahap: Vec<BarisTahapTampil>,
    anak: Vec<BarisUnitTampil>,
    langsung: Angka,
    metode: Vec<(&'static str, u64)>,
    grafik: Grafik,
    ikrar: Vec<BarisIkrar>,
    tidak_wajib: u64,
    waktu: String,
}

#[derive(Template)]
#[template(path = "progres.html")]
struct HalamanProgres {
    k: Kerangka,
    id: i64,
    nama: String,
    hash_isi: String,
    template_id: i64,
    template_versi: u32,
    jalur: Vec<(i64, String)>,
    unit: Option<i64>,
    q_unit: String,
    angka: AngkaProgres,
    pesan: Option<String>,
    sukses: Option<String>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct ParamProgres {
    unit: Option<String>,
    dikirim: Option<u64>,
}

fn unit_param(m: &Masuk, unit: Option<&str>) -> Result<Option<UnitId>, WebError> {
    crate::api_pakta::ParamUnit {
        unit: unit.map(str::to_string),
    }
    .unit()
    .map_err(|e| m.galat(e))
}

async fn angka_progres(
    s: &AppState,
    m: &Masuk,
    id: KampanyeId,
    unit: Option<UnitId>,
) -> Result<(TampilanProgres, AngkaProgres), WebError> {
    let inst = s.app.instansi_user(&m.user).await.map_err(|e| m.galat(e))?;
    let p = s
        .app
        .progres(&m.pelaku(), &inst, id, unit)
        .await
        .map_err(|e| m.galat(e))?;
    let ikrar = baris_ikrar(s, m).await?;
    let angka = AngkaProgres {
        t: m.bahasa,
        id: id.0,
        q_unit: unit.map(|u| format!("?unit={u}")).unwrap_or_default(),
        total: p.total.into(),
        tahap: p
            .tahap
            .iter()
            .map(|t| BarisTahapTampil {
                nama: t.nama.clone(),
                sifat: t.sifat.label(),
                ketat: t.sifat == netral_domain::pakta::SifatTahap::Ketat,
                tenggat: t.tenggat.as_ref().map_or_else(|| "—".into(), tgl_tampil),
                a: t.angka.into(),
                selesai: t.selesai,
                terlambat: t.terlambat,
            })
            .collect(),
        anak: p
            .anak
            .iter()
            .map(|a| BarisUnitTampil {
                id: a.id.0,
                nama: a.nama.clone(),
                a: a.angka.into(),
                punya_anak: a.punya_anak,
            })
            .collect(),
        langsung: p.langsung.into(),
        metode: p.per_metode.iter().map(|(m, n)| (m.label(), *n)).collect(),
        grafik: grafik(&p.per_jam),
        ikrar,
        tidak_wajib: p.tidak_wajib,
        waktu: tgl_tampil(&p.waktu),
    };
    Ok((p, angka))
}

async fn progres_dengan(
    s: &AppState,
    m: &Masuk,
    id: KampanyeId,
    unit: Option<UnitId>,
    pesan: Option<String>,
    sukses: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (p, angka) = angka_progres(s, m, id, unit).await?;
    tampil(
        status,
        &HalamanProgres {
            k: kerangka(s, m, "kampanye").await?,
            id: id.0,
            nama: p.kampanye.nama.clone(),
            hash_isi: p.kampanye.hash_isi.to_string(),
            template_id: p.kampanye.template_id.0,
            template_versi: p.kampanye.template_versi,
            jalur: p.jalur.iter().map(|(u, n)| (u.0, n.clone())).collect(),
            unit: p.unit.map(|u| u.0),
            q_unit: angka.q_unit.clone(),
            angka,
            pesan,
            sukses,
        },
        m.bahasa,
    )
}

async fn halaman_progres(
    State(s): State<AppState>,
    m: Masuk,
    Path(id): Path<String>,
    Query(q): Query<ParamProgres>,
) -> Result<Response, WebError> {
    let id = KampanyeId(id_path(&m, &id, "kampanye")?);
    let unit = unit_param(&m, q.unit.as_deref())?;
    let sukses = q
        .dikirim
        .map(|n| format!("{n} {}", m.bahasa.x("pk.progres.pengingat.terkirim")));
    progres_dengan(&s, &m, id, unit, None, sukses, StatusCode::OK).await
}

async fn fragmen_angka(
    State(s): State<AppState>,
    m: Masuk,
    Path(id): Path<String>,
    Query(q): Query<ParamProgres>,
) -> Result<Html<String>, WebError> {
    let id = KampanyeId(id_path(&m, &id, "kampanye")?);
    let unit = unit_param(&m, q.unit.as_deref())?;
    let (_, angka) = angka_progres(&s, &m, id, unit).await?;
    render(&angka, m.bahasa)
}

async fn kirim_pengingat(
    State(s): State<AppState>,
    m: Masuk,
    Path(id): Path<String>,
    Form(pasangan): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = KampanyeId(id_path(&m, &id, "kampanye")?);
    let f = Isian(pasangan);
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    let unit = unit_param(&m, Some(f.nilai("unit")))?;
    let inst = s.app.instansi_user(&m.user).await.map_err(|e| m.galat(e))?;
    match s.app.kirim_pengingat(&m.pelaku(), &inst, id, unit).await {
        Ok(n) => {
            let unit = unit.map(|u| format!("&unit={u}")).unwrap_or_default();
            Ok(see_other(&format!("/kampanye/{id}?dikirim={n}{unit}")))
        }
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            progres_dengan(&s, &m, id, unit, Some(pesan), None, st).await
        }
    }
}

/// Downloads of a campaign: `belum.xlsx` (non-signers), `rekap.pdf`, `rekap.xlsx`, and the
/// streamed `semua.zip` of every signature's PDF.
async fn unduh_kampanye(
    State(s): State<AppState>,
    m: Masuk,
    Path((id, berkas)): Path<(String, String)>,
    Query(q): Query<ParamProgres>,
) -> Result<Response, WebError> {
    let id = KampanyeId(id_path(&m, &id, "kampanye")?);
    let unit = unit_param(&m, q.unit.as_deref())?;
    let inst = s.app.instansi_user(&m.user).await.map_err(|e| m.galat(e))?;
    let pelaku = m.pelaku();
    let akhiran = unit.map(|u| format!("-unit-{u}")).unwrap_or_default();
    let (jenis, isi) = match berkas.as_str() {
        "belum.xlsx" => (
            XLSX,
            s.app
                .belum_tanda_tangan_xlsx(&pelaku, &inst, id, unit)
                .await,
        ),
        "rekap.xlsx" => (XLSX, s.app.rekap_unit_xlsx(&pelaku, &inst, id, unit).await),
        "rekap.pdf" => (PDF, s.app.rekap_unit_pdf(&pelaku, &inst, id, unit).await),
        "semua.zip" => {
            return zip_kampanye(&s, &m, inst, id, unit)
                .await
                .map_err(|e| m.galat(e));
        }
        _ => return Err(m.galat(AppError::TidakDitemukan(format!("berkas {berkas}")))),
    };
    let isi = isi.map_err(|e| m.galat(e))?;
    let (nama, ext) = berkas.split_once('.').unwrap_or((&berkas, "bin"));
    Ok(unduhan(
        jenis,
        &format!("{nama}-kampanye-{id}{akhiran}.{ext}"),
        isi,
    ))
}

/// Streams the ZIP: the exporter writes on a blocking thread into a channel and the body
/// reads from it, so memory stays at a few chunks however many PDFs there are. Permission
/// and the campaign are checked before the first byte; a failure later aborts the body (the
/// client sees a broken download, never a truncated file presented as complete).
async fn zip_kampanye(
    s: &AppState,
    m: &Masuk,
    inst: netral_domain::organisasi::Instansi,
    id: KampanyeId,
    unit: Option<UnitId>,
) -> Result<Response, AppError> {
    let pelaku = m.pelaku();
    pelaku.wajib(netral_domain::akun::Izin::KelolaPakta, inst.id)?;
    s.app.kampanye(&pelaku, inst.id, id).await?;
    let (penulis, rx) = PenulisKanal::baru(8);
    let app = s.app.clone();
    let tugas = tokio::spawn(async move {
        app.ekspor_zip(&pelaku, &inst, SasaranEkspor::Kampanye(id), unit, penulis)
            .await
            .map(|_| ())
    });
    enum Tahap {
        Isi(
            tokio::sync::mpsc::Receiver<Vec<u8>>,
            tokio::task::JoinHandle<Result<(), AppError>>,
        ),
        Selesai,
    }
    let aliran = futures_util::stream::unfold(Tahap::Isi(rx, tugas), |tahap| async move {
        match tahap {
            Tahap::Selesai => None,
            Tahap::Isi(mut rx, tugas) => match rx.recv().await {
                Some(potong) => Some((Ok(axum::body::Bytes::from(potong)), Tahap::Isi(rx, tugas))),
                None => match tugas.await {
                    Ok(Ok(())) => None,
                    Ok(Err(e)) => {
                        tracing::error!(error = %e, "ekspor ZIP gagal di tengah jalan");
                        Some((Err(std::io::Error::other("ekspor gagal")), Tahap::Selesai))
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "tugas ekspor ZIP berhenti");
                        Some((
                            Err(std::io::Error::other("ekspor berhenti")),
                            Tahap::Selesai,
                        ))
                    }
                },
            },
        }
    });
    let akhiran = unit.map(|u| format!("-unit-{u}")).unwrap_or_default();
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"pakta-kampanye-{id}{akhiran}.zip\""),
            ),
        ],
        axum::body::Body::from_stream(aliran),
    )
        .into_response())
}

// --- signatures -----------------------------------------------------------------------------

pub struct BarisTtd {
    pub id: i64,
    pub nama: String,
    pub nip: String,
    pub unit: String,
    pub metode: &'static str,
    pub waktu: String,
    pub aktif: bool,
}

impl From<&TandaTanganTersimpan> for BarisTtd {
    fn from(t: &TandaTanganTersimpan) -> Self {
        let r = crate::api_pakta::rekaman(t);
        BarisTtd {
            id: t.ttd.id.0,
            nama: r
                .as_ref()
                .map(|r| r.penanda.nama.clone())
                .unwrap_or_default(),
            nip: r
                .as_ref()
                .and_then(|r| r.penanda.nip_tampil.clone())
                .unwrap_or_else(|| "—".into()),
            unit: r
                .as_ref()
                .and_then(|r| r.penanda.unit.clone())
                .unwrap_or_default(),
            metode: t.ttd.data.metode.label(),
            waktu: tgl_tampil(&t.ttd.data.waktu),
            aktif: t.ttd.pembatalan.is_none(),
        }
    }
}

#[derive(Template)]
#[template(path = "ttd_daftar.html")]
struct HalamanDaftarTtd {
    k: Kerangka,
    baris: Vec<BarisTtd>,
    total: u64,
    halaman: u32,
    sebelumnya: Option<String>,
    berikutnya: Option<String>,
    f: Isian,
    kampanye: Vec<(i64, String)>,
    unit: Vec<(String, String)>,
    pilihan_metode: Vec<(&'static str, &'static str)>,
}

async fn daftar_kampanye_pilihan(s: &AppState, m: &Masuk) -> Result<Vec<(i64, String)>, WebError> {
    Ok(s.app
        .daftar_kampanye(&m.pelaku(), m.user.instansi_id)
        .await
        .map_err(|e| m.galat(e))?
        .into_iter()
        .rev()
        .map(|k| (k.id.0, k.nama))
        .collect())
}

async fn pilihan_unit(s: &AppState, m: &Masuk) -> Result<Vec<(String, String)>, WebError> {
    Ok(s.app
        .pilihan_unit(&m.user)
        .await
        .map_err(|e| m.galat(e))?
        .into_iter()
        .map(|(id, nama)| (id.to_string(), nama))
        .collect())
}

async fn daftar_ttd(
    State(s): State<AppState>,
    m: Masuk,
    Query(pasangan): Query<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Isian(pasangan);
    let opsi = |k: &str| f.opsi(k);
    let p = ParamTtd {
        kampanye: opsi("kampanye"),
        templat: None,
        versi: None,
        unit: opsi("unit"),
        metode: opsi("metode"),
        status: opsi("status"),
        pegawai: opsi("pegawai"),
        halaman: opsi("halaman").and_then(|h| h.parse().ok()),
        ukuran: Some(50),
    };
    let pelaku = m.pelaku();
    let (filter, h) = p
        .filter(&s, &pelaku, m.user.instansi_id)
        .await
        .map_err(|e| m.galat(e))?;
    let (v, total) = s
        .app
        .daftar_tanda_tangan(&pelaku, m.user.instansi_id, filter, h)
        .await
        .map_err(|e| m.galat(e))?;
    let tautan = |halaman: u32| {
        let mut q = format!("/ttd?halaman={halaman}");
        for k in ["kampanye", "unit", "metode", "status", "pegawai"] {
            if let Some(v) = f.opsi(k) {
                q.push_str(&format!("&{k}={}", urlencoding::encode(&v)));
            }
        }
        q
    };
    let jumlah_halaman = total.div_ceil(u64::from(h.ukuran)).max(1);
    let sebelumnya = (h.nomor > 1).then(|| tautan(h.nomor - 1));
    let berikutnya = (u64::from(h.nomor) < jumlah_halaman).then(|| tautan(h.nomor + 1));
    tampil(
        StatusCode::OK,
        &HalamanDaftarTtd {
            k: kerangka(&s, &m, "ttd").await?,
            baris: v.iter().map(Into::into).collect(),
            total,
            halaman: h.nomor,
            sebelumnya,
            berikutnya,
            kampanye: daftar_kampanye_pilihan(&s, &m).await?,
            unit: pilihan_unit(&s, &m).await?,
            pilihan_metode: pilihan(
                MetodeTandaTangan::ALL,
                MetodeTandaTangan::kode,
                MetodeTandaTangan::label,
            ),
            f,
        },
        m.bahasa,
    )
}

#[derive(Template)]
#[template(path = "ttd_detail.html")]
struct HalamanDetailTtd {
    k: Kerangka,
    d: TtdDetailDto,
    metode: &'static str,
    waktu: String,
    f: Isian,
    pesan: Option<String>,
    pilihan_metode: Vec<(&'static str, &'static str)>,
}

async fn detail_ttd_dengan(
    s: &AppState,
    m: &Masuk,
    id: TandaTanganId,
    f: Isian,
    pesan: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let (t, saksi) = crate::api_pakta::detail_ttd(s, &m.pelaku(), m.user.instansi_id, id)
        .await
        .map_err(|e| m.galat(e))?;
    tampil(
        status,
        &HalamanDetailTtd {
            k: kerangka(s, m, "ttd").await?,
            metode: t.ttd.data.metode.label(),
            waktu: tgl_tampil(&t.ttd.data.waktu),
            d: TtdDetailDto::dari(&t, &saksi),
            f,
            pesan,
            pilihan_metode: pilihan(
                MetodeTandaTangan::ALL,
                MetodeTandaTangan::kode,
                MetodeTandaTangan::label,
            ),
        },
        m.bahasa,
    )
}

async fn detail_ttd(
    State(s): State<AppState>,
    m: Masuk,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = TandaTanganId(id_path(&m, &id, "tanda tangan")?);
    detail_ttd_dengan(&s, &m, id, Isian::default(), None, StatusCode::OK).await
}

/// `batal` (revoke with a reason) and `saksi` (add a witness statement) on one signature.
async fn aksi_ttd(
    State(s): State<AppState>,
    m: Masuk,
    Path((id, aksi)): Path<(String, String)>,
    Form(pasangan): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = TandaTanganId(id_path(&m, &id, "tanda tangan")?);
    let f = Isian(pasangan);
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    let pelaku = m.pelaku();
    let hasil = match aksi.as_str() {
        "batal" => s
            .app
            .batalkan_ttd(&pelaku, m.user.instansi_id, id, f.nilai("alasan"))
            .await
            .map(|_| ()),
        "saksi" => {
            let masuk = SaksiMasuk {
                nama: f.nilai("nama").to_string(),
                jabatan: f.nilai("jabatan").to_string(),
                instansi: f.opsi("instansi"),
                pegawai_id: None,
                metode: f.opsi("metode"),
                lokasi: f.opsi("lokasi"),
            };
            crate::api_pakta::rekam_saksi(&s, &pelaku, m.user.instansi_id, id, &masuk)
                .await
                .map(|_| ())
        }
        _ => Err(AppError::TidakDitemukan(format!("aksi {aksi}"))),
    };
    match hasil {
        Ok(()) => Ok(see_other(&format!("/ttd/{id}"))),
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            detail_ttd_dengan(&s, &m, id, f, Some(pesan), st).await
        }
    }
}

async fn pdf_ttd(
    State(s): State<AppState>,
    m: Masuk,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = id_path(&m, &id, "tanda tangan")?;
    let inst = s.app.instansi_user(&m.user).await.map_err(|e| m.galat(e))?;
    let isi = s
        .app
        .pdf_tanda_tangan(&m.pelaku(), &inst, TandaTanganId(id))
        .await
        .map_err(|e| m.galat(e))?;
    Ok(unduhan(PDF, &format!("pakta-{id}.pdf"), isi))
}

// --- paper intake and representative signatures ---------------------------------------------

#[derive(Template)]
#[template(path = "ttd_kertas.html")]
struct HalamanKertas {
    k: Kerangka,
    kampanye: Vec<(i64, String)>,
    f: Isian,
    pesan: Option<String>,
    dicatat: Option<(i64, String)>,
    hari_ini: String,
}

#[derive(Template)]
#[template(path = "ttd_perwakilan.html")]
struct HalamanPerwakilan {
    k: Kerangka,
    kampanye: Vec<(i64, String)>,
    unit: Vec<(String, String)>,
    f: Isian,
    pesan: Option<String>,
    dicatat: Option<(i64, String)>,
    catatan: &'static str,
}

/// Which intake form: `kertas` or `perwakilan`.
async fn form_rekam_dengan(
    s: &AppState,
    m: &Masuk,
    jenis: &str,
    f: Isian,
    pesan: Option<String>,
    dicatat: Option<TtdDicatat>,
    status: StatusCode,
) -> Result<Response, WebError> {
    if !m.user.boleh(netral_domain::akun::Izin::KelolaPakta) {
        return Err(m.galat(AppError::TidakBerwenang));
    }
    let kampanye = daftar_kampanye_pilihan(s, m).await?;
    let dicatat = dicatat.map(|d| (d.id.0, d.hash_daun_hex));
    match jenis {
        "kertas" => tampil(
            status,
            &HalamanKertas {
                k: kerangka(s, m, "ttd").await?,
                kampanye,
                f,
                pesan,
                dicatat,
                hari_ini: crate::api_pakta::hari_ini_wib(s).to_string(),
            },
            m.bahasa,
        ),
        _ => tampil(
            status,
            &HalamanPerwakilan {
                k: kerangka(s, m, "ttd").await?,
                kampanye,
                unit: pilihan_unit(s, m).await?,
                f,
                pesan,
                dicatat,
                catatan: netral_domain::pakta::tanda_tangan::CATATAN_PERWAKILAN,
            },
            m.bahasa,
        ),
    }
}

async fn form_kertas(State(s): State<AppState>, m: Masuk) -> Result<Response, WebError> {
    form_rekam_dengan(
        &s,
        &m,
        "kertas",
        Isian::default(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

async fn form_perwakilan(State(s): State<AppState>, m: Masuk) -> Result<Response, WebError> {
    form_rekam_dengan(
        &s,
        &m,
        "perwakilan",
        Isian::default(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

async fn kirim_rekam(
    s: AppState,
    m: Masuk,
    jenis: &'static str,
    mp: Multipart,
) -> Result<Response, WebError> {
    let f = match crate::api_pakta::baca_multipart(mp).await {
        Ok(f) => f,
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            return form_rekam_dengan(&s, &m, jenis, Isian::default(), Some(pesan), None, st).await;
        }
    };
    if let Some(r) = tolak_csrf(&m, f.isian.nilai("_csrf")) {
        return Ok(r);
    }
    let isian = f.isian.clone();
    let hasil = if jenis == "kertas" {
        crate::api_pakta::rekam_kertas(&s, &m.user, f).await
    } else {
        crate::api_pakta::rekam_perwakilan(&s, &m.user, f).await
    };
    match hasil {
        // The form again, empty, with a link to what was recorded: operators enter many.
        Ok(d) => {
            let tetap = Isian(
                isian
                    .0
                    .into_iter()
                    .filter(|(k, _)| k == "kampanye_id" || k == "tanggal")
                    .collect(),
            );
            form_rekam_dengan(&s, &m, jenis, tetap, None, Some(d), StatusCode::CREATED).await
        }
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            form_rekam_dengan(&s, &m, jenis, isian, Some(pesan), None, st).await
        }
    }
}

async fn kirim_kertas(
    State(s): State<AppState>,
    m: Masuk,
    mp: Multipart,
) -> Result<Response, WebError> {
    kirim_rekam(s, m, "kertas", mp).await
}

async fn kirim_perwakilan(
    State(s): State<AppState>,
    m: Masuk,
    mp: Multipart,
) -> Result<Response, WebError> {
    kirim_rekam(s, m, "perwakilan", mp).await
}

pub struct CalonPegawai {
    pub id: i64,
    pub identitas: String,
    /// Whether `identitas` is a NIP / NI PPPK that may be shown and submitted.
    pub asn: bool,
    pub nama: String,
    pub jabatan: String,
    pub unit: String,
}

/// A list of employees to pick from (search results, a unit's roster).
#[derive(Template)]
#[template(path = "ttd_pilih_pegawai.html")]
struct PilihPegawai {
    t: Bahasa,
    daftar: Vec<CalonPegawai>,
    /// Input kind: "radio" (one) or "checkbox" (many).
    jenis: &'static str,
    /// Field name submitted.
    nama: String,
    /// Submit the NIP instead of the id (attendance takes NIPs).
    pakai_nip: bool,
    total: u64,
}

#[derive(Debug, Default, serde::Deserialize)]
struct ParamPilih {
    q: Option<String>,
    unit: Option<String>,
    /// `penanda`, `pegawai` (one, by id), `mewakili` (many, by id) or `hadir` (many, by NIP).
    untuk: Option<String>,
}

/// htmx fragment: employees by name/NIP search or by unit, as radio buttons or ticks.
async fn pilih_pegawai(
    State(s): State<AppState>,
    m: Masuk,
    Query(p): Query<ParamPilih>,
) -> Result<Html<String>, WebError> {
    let untuk = p.untuk.clone().unwrap_or_else(|| "pegawai".into());
    let (jenis, nama, pakai_nip) = match untuk.as_str() {
        "penanda" => ("radio", "penanda_id", false),
        "mewakili" => ("checkbox", "mewakili", false),
        "hadir" => ("checkbox", "hadir", true),
        _ => ("radio", "pegawai_id", false),
    };
    let q = p.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let unit = unit_param(&m, p.unit.as_deref())?;
    let daftar_kosong = q.is_none_or(|q| q.chars().count() < 3) && unit.is_none();
    let (daftar, total) = if daftar_kosong {
        (Vec::new(), 0)
    } else {
        let h = s
            .app
            .daftar_pegawai(
                &m.pelaku(),
                &m.user,
                netral_app::registri::KueriPegawai {
                    q: q.map(str::to_string),
                    unit,
                    jenis: None,
                    status: Some(netral_domain::pegawai::StatusPegawai::Aktif),
                    halaman: 1,
                    ukuran: if unit.is_some() { 200 } else { 20 },
                },
            )
            .await
            .map_err(|e| m.galat(e))?;
        let total = h.total;
        (
            h.items
                .into_iter()
                .map(|r| CalonPegawai {
                    id: r.id.0,
                    asn: r.jenis != JenisPegawai::NonAsn,
                    identitas: crate::halaman::identitas_tampil(r.jenis, &r.identitas),
                    nama: netral_domain::pegawai::nama_dengan_gelar(
                        r.gelar_depan.as_deref(),
                        &r.nama,
                        r.gelar_belakang.as_deref(),
                    ),
                    jabatan: r.jabatan.unwrap_or_default(),
                    unit: r.unit.unwrap_or_default(),
                })
                .collect(),
            total,
        )
    };
    render(
        &PilihPegawai {
            t: m.bahasa,
            daftar,
            jenis,
            nama: nama.to_string(),
            pakai_nip,
            total,
        },
        m.bahasa,
    )
}

// --- ikrar ---------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "ttd_ikrar.html")]
struct HalamanIkrar {
    k: Kerangka,
    daftar: Vec<BarisIkrar>,
    pemilihan: Vec<(i64, String)>,
    f: Isian,
    pesan: Option<String>,
    pilihan_jenis: Vec<(&'static str, &'static str)>,
}

async fn halaman_ikrar_dengan(
    s: &AppState,
    m: &Masuk,
    f: Isian,
    pesan: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    if !m.user.boleh(netral_domain::akun::Izin::KelolaPakta) {
        return Err(m.galat(AppError::TidakBerwenang));
    }
    let daftar = baris_ikrar(s, m).await?;
    tampil(
        status,
        &HalamanIkrar {
            k: kerangka(s, m, "ikrar").await?,
            daftar,
            pemilihan: nama_pemilihan(s, m).await?,
            f,
            pesan,
            pilihan_jenis: pilihan(
                JenisAcaraIkrar::ALL,
                JenisAcaraIkrar::kode,
                JenisAcaraIkrar::label,
            ),
        },
        m.bahasa,
    )
}

async fn halaman_ikrar(State(s): State<AppState>, m: Masuk) -> Result<Response, WebError> {
    halaman_ikrar_dengan(&s, &m, Isian::default(), None, StatusCode::OK).await
}

async fn kirim_ikrar(
    State(s): State<AppState>,
    m: Masuk,
    Form(pasangan): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Isian(pasangan);
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    let hasil = async {
        let masuk = IkrarMasuk {
            jenis: f.nilai("jenis").to_string(),
            nama: f.nilai("nama").to_string(),
            tanggal: f.nilai("tanggal").to_string(),
            lokasi: f.opsi("lokasi"),
            pemilihan_id: pemilihan_dari(&f)?,
            teks: f.opsi("teks"),
        };
        crate::api_pakta::buat_ikrar_dari(&s, &m.pelaku(), m.user.instansi_id, &masuk).await
    }
    .await;
    match hasil {
        Ok(a) => Ok(see_other(&format!("/ikrar/{}", a.id))),
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            halaman_ikrar_dengan(&s, &m, f, Some(pesan), st).await
        }
    }
}

pub struct BarisHadir {
    pub pegawai_id: i64,
    pub waktu: String,
    pub oleh: String,
}

#[derive(Template)]
#[template(path = "ttd_ikrar_detail.html")]
struct HalamanHadir {
    k: Kerangka,
    id: i64,
    nama: String,
    jenis: &'static str,
    tanggal: String,
    lokasi: String,
    hadir: Vec<BarisHadir>,
    jumlah: usize,
    unit: Vec<(String, String)>,
    laporan: Option<LaporanHadir>,
    /// Some line of the submitted list was refused (nothing was written).
    gagal: bool,
    f: Isian,
    pesan: Option<String>,
}

/// How many attendance rows the event page lists.
const HADIR_DITAMPILKAN: usize = 500;

async fn hadir_dengan(
    s: &AppState,
    m: &Masuk,
    id: AcaraIkrarId,
    laporan: Option<LaporanHadir>,
    f: Isian,
    pesan: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let pelaku = m.pelaku();
    let a = s
        .app
        .daftar_acara_ikrar(&pelaku, m.user.instansi_id)
        .await
        .map_err(|e| m.galat(e))?
        .into_iter()
        .find(|a| a.id == id)
        .ok_or_else(|| m.galat(AppError::TidakDitemukan(format!("acara {id}"))))?;
    let semua = s
        .app
        .kehadiran_ikrar(&pelaku, m.user.instansi_id, id)
        .await
        .map_err(|e| m.galat(e))?;
    let unik = netral_domain::pakta::tanda_tangan::kehadiran_unik(&semua);
    tampil(
        status,
        &HalamanHadir {
            k: kerangka(s, m, "ikrar").await?,
            id: a.id.0,
            jenis: a.jenis.label(),
            tanggal: a.tanggal.format("%d-%m-%Y").to_string(),
            lokasi: a.lokasi.unwrap_or_default(),
            nama: a.nama,
            jumlah: unik.len(),
            hadir: unik
                .iter()
                .rev()
                .take(HADIR_DITAMPILKAN)
                .map(|h| BarisHadir {
                    pegawai_id: h.pegawai_id.0,
                    waktu: tgl_tampil(&h.waktu),
                    oleh: h.dicatat_oleh.clone(),
                })
                .collect(),
            unit: pilihan_unit(s, m).await?,
            gagal: laporan
                .as_ref()
                .is_some_and(|l| l.hasil.iter().any(|h| h.galat.is_some())),
            laporan,
            f,
            pesan,
        },
        m.bahasa,
    )
}

async fn detail_ikrar(
    State(s): State<AppState>,
    m: Masuk,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let id = AcaraIkrarId(id_path(&m, &id, "acara")?);
    hadir_dengan(&s, &m, id, None, Isian::default(), None, StatusCode::OK).await
}

async fn kirim_hadir(
    State(s): State<AppState>,
    m: Masuk,
    Path(id): Path<String>,
    Form(pasangan): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let id = AcaraIkrarId(id_path(&m, &id, "acara")?);
    let f = Isian(pasangan);
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    let mut masukan: Vec<String> = f
        .nilai("daftar")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    for nip in f.semua("hadir") {
        if !masukan.contains(&nip) {
            masukan.push(nip);
        }
    }
    if masukan.is_empty() {
        return hadir_dengan(
            &s,
            &m,
            id,
            None,
            f,
            Some("Tulis NIP atau pindai QR kartu pegawai, atau centang pegawai yang hadir.".into()),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    match s
        .app
        .catat_hadir(&m.pelaku(), m.user.instansi_id, id, masukan)
        .await
    {
        Ok(l) => {
            let gagal = l.hasil.iter().any(|h| h.galat.is_some());
            let (st, f) = if gagal {
                (StatusCode::UNPROCESSABLE_ENTITY, f)
            } else {
                (StatusCode::OK, Isian::default())
            };
            hadir_dengan(&s, &m, id, Some(l), f, None, st).await
        }
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            hadir_dengan(&s, &m, id, None, f, Some(pesan), st).await
        }
    }
}
