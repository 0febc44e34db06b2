//! Server-rendered pages. Each handler: parse, call one use case, render.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use netral_app::registri::{DetailPegawai, HalamanPegawai, KueriPegawai, RingkasanRegistri};
use netral_app::{AppError, LaporanImpor, OpsiImpor};
use netral_domain::akun::{Izin, UserId};
use netral_domain::organisasi::{PegawaiId, SimpulUnit, UnitId};
use netral_domain::pegawai::{JenisPegawai, StatusPegawai, nama_dengan_gelar};
use netral_import::Masalah;

use crate::AppState;
use crate::galat::WebError;
use crate::i18n::Bahasa;
use crate::sesi::{self, COOKIE_BAHASA, COOKIE_CSRF_MASUK, COOKIE_SESI, Masuk};

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(beranda))
        .route("/masuk", get(form_masuk).post(kirim_masuk))
        .route("/keluar", post(keluar))
        .route("/bahasa/{kode}", get(ganti_bahasa))
        .route("/dasbor", get(dasbor))
        .route("/unit", get(unit))
        .route("/pegawai", get(daftar_pegawai))
        .route("/pegawai/{id}", get(detail_pegawai))
        .route(
            "/impor",
            get(form_impor)
                .post(kirim_impor)
                .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024)),
        )
        .route(
            "/impor/{token}/konfirmasi",
            post(konfirmasi_impor).get(|| async { Redirect::to("/impor") }),
        )
        .route("/impor/{token}/laporan.csv", get(laporan_csv))
        .route("/impor/{token}/laporan.xlsx", get(laporan_xlsx))
        .route("/audit", get(audit))
}

/// The frame every logged-in page shares.
pub struct Kerangka {
    pub t: Bahasa,
    pub user_nama: String,
    pub peran: String,
    pub instansi: String,
    pub demo: bool,
    pub csrf: String,
    pub aktif: &'static str,
    pub boleh_impor: bool,
    pub boleh_audit: bool,
    /// Pact pages: elections, templates, campaigns, intake (`KelolaPakta`).
    pub boleh_pakta: bool,
    /// Campaign progress (`LihatProgres`).
    pub boleh_progres: bool,
}

pub(crate) async fn kerangka(
    s: &AppState,
    m: &Masuk,
    aktif: &'static str,
) -> Result<Kerangka, WebError> {
    let instansi = s.app.instansi_user(&m.user).await.map_err(|e| m.galat(e))?;
    Ok(Kerangka {
        t: m.bahasa,
        user_nama: m.user.nama.clone(),
        peran: m.user.peran.label().to_string(),
        instansi: format!("{} ({})", instansi.nama, instansi.kode),
        demo: instansi.demo,
        csrf: m.csrf.clone(),
        aktif,
        boleh_impor: m.user.boleh(Izin::KelolaRegistri),
        boleh_audit: m.user.boleh(Izin::LihatAudit),
        boleh_pakta: m.user.boleh(Izin::KelolaPakta),
        boleh_progres: m.user.boleh(Izin::LihatProgres),
    })
}

pub(crate) fn render<T: Template>(t: &T, bahasa: Bahasa) -> Result<Html<String>, WebError> {
    t.render()
        .map(Html)
        .map_err(|e| WebError::html(AppError::Internal(format!("template: {e}")), bahasa))
}

pub async fn tidak_ditemukan(bahasa: Bahasa, headers: HeaderMap) -> Response {
    let path_api = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"));
    let g = AppError::TidakDitemukan("halaman".into());
    if path_api {
        WebError::json(g).into_response()
    } else {
        WebError::html(g, bahasa).into_response()
    }
}

async fn beranda(State(s): State<AppState>, headers: HeaderMap) -> Redirect {
    let masuk = match sesi::cookie(&headers, COOKIE_SESI) {
        Some(t) => matches!(s.app.sesi(&t).await, Ok(Some(_))),
        None => false,
    };
    Redirect::to(if masuk { "/dasbor" } else { "/masuk" })
}

async fn ganti_bahasa(Path(kode): Path<String>, headers: HeaderMap) -> Response {
    let b = Bahasa::dari_kode(&kode).unwrap_or_default();
    let kembali = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| {
            r.find("://")
                .and_then(|i| r[i + 3..].find('/').map(|j| r[i + 3 + j..].to_string()))
        })
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    (
        [(
            header::SET_COOKIE,
            format!(
                "{COOKIE_BAHASA}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                b.kode()
            ),
        )],
        Redirect::to(&kembali),
    )
        .into_response()
}

// --- login --------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "masuk.html")]
struct HalamanMasuk {
    t: Bahasa,
    csrf: String,
    username: String,
    pesan: Option<String>,
}

async fn form_masuk(State(s): State<AppState>, bahasa: Bahasa) -> Result<Response, WebError> {
    let csrf = netral_app::akun::token_acak();
    let page = render(
        &HalamanMasuk {
            t: bahasa,
            csrf: csrf.clone(),
            username: String::new(),
            pesan: None,
        },
        bahasa,
    )?;
    Ok((
        [(
            header::SET_COOKIE,
            sesi::set_cookie(COOKIE_CSRF_MASUK, &csrf, Some(3600), s.cookie_aman),
        )],
        page,
    )
        .into_response())
}

#[derive(Deserialize)]
struct FormMasuk {
    username: String,
    sandi: String,
    #[serde(rename = "_csrf")]
    csrf: String,
}

async fn kirim_masuk(
    State(s): State<AppState>,
    bahasa: Bahasa,
    headers: HeaderMap,
    sesi::Alamat(alamat): sesi::Alamat,
    Form(f): Form<FormMasuk>,
) -> Result<Response, WebError> {
    let cookie_csrf = sesi::cookie(&headers, COOKIE_CSRF_MASUK).unwrap_or_default();
    let ulang = |pesan: String, status: StatusCode| -> Result<Response, WebError> {
        let csrf = netral_app::akun::token_acak();
        let page = render(
            &HalamanMasuk {
                t: bahasa,
                csrf: csrf.clone(),
                username: f.username.clone(),
                pesan: Some(pesan),
            },
            bahasa,
        )?;
        Ok((
            status,
            [(
                header::SET_COOKIE,
                sesi::set_cookie(COOKIE_CSRF_MASUK, &csrf, Some(3600), s.cookie_aman),
            )],
            page,
        )
            .into_response())
    };
    if cookie_csrf.is_empty() || !sesi::sama(&cookie_csrf, &f.csrf) {
        return ulang(
            "Formulir kedaluwarsa (token CSRF). Silakan coba lagi.".into(),
            StatusCode::FORBIDDEN,
        );
    }
    match s.app.masuk(&f.username, &f.sandi, &alamat).await {
        Ok(h) => {
            let umur = (h.kedaluwarsa - s.app.sekarang()).num_seconds();
            let mut res = Redirect::to("/dasbor").into_response();
            let hs = res.headers_mut();
            if let Ok(v) =
                sesi::set_cookie(COOKIE_SESI, &h.token, Some(umur), s.cookie_aman).parse()
            {
                hs.append(header::SET_COOKIE, v);
            }
            if let Ok(v) = sesi::set_cookie(COOKIE_CSRF_MASUK, "", Some(0), s.cookie_aman).parse() {
                hs.append(header::SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(e @ (AppError::GagalMasuk | AppError::TerlaluBanyakPercobaan(_))) => {
            let status = crate::galat::status(&e);
            ulang(e.to_string(), status)
        }
        Err(e) => Err(WebError::html(e, bahasa)),
    }
}

#[derive(Deserialize)]
struct FormCsrf {
    #[serde(rename = "_csrf")]
    csrf: String,
}

async fn keluar(
    State(s): State<AppState>,
    m: Masuk,
    headers: HeaderMap,
    Form(f): Form<FormCsrf>,
) -> Result<Response, WebError> {
    m.periksa_csrf(&f.csrf)?;
    if let Some(t) = sesi::cookie(&headers, COOKIE_SESI) {
        s.app.keluar(&t).await.map_err(|e| m.galat(e))?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            sesi::set_cookie(COOKIE_SESI, "", Some(0), s.cookie_aman),
        )],
        Redirect::to("/masuk"),
    )
        .into_response())
}

// --- dashboard and units ------------------------------------------------------------

#[derive(Template)]
#[template(path = "dasbor.html")]
struct HalamanDasbor {
    k: Kerangka,
    r: RingkasanRegistri,
}

async fn dasbor(State(s): State<AppState>, m: Masuk) -> Result<Html<String>, WebError> {
    let r = s
        .app
        .ringkasan(&m.pelaku(), &m.user)
        .await
        .map_err(|e| m.galat(e))?;
    render(
        &HalamanDasbor {
            k: kerangka(&s, &m, "dasbor").await?,
            r,
        },
        m.bahasa,
    )
}

/// A unit flattened for display, with its depth in the tree.
pub struct BarisUnit {
    pub id: UnitId,
    pub nama: String,
    pub jenis: &'static str,
    pub kedalaman: usize,
    pub langsung: u64,
    pub total: u64,
}

fn ratakan(simpul: &[SimpulUnit], kedalaman: usize, out: &mut Vec<BarisUnit>) {
    for s in simpul {
        out.push(BarisUnit {
            id: s.unit.id,
            nama: s.unit.nama.clone(),
            jenis: s.unit.jenis.label(),
            kedalaman: kedalaman.min(6),
            langsung: s.jumlah_langsung,
            total: s.jumlah_total,
        });
        ratakan(&s.anak, kedalaman + 1, out);
    }
}

#[derive(Template)]
#[template(path = "unit.html")]
struct HalamanUnit {
    k: Kerangka,
    baris: Vec<BarisUnit>,
}

async fn unit(State(s): State<AppState>, m: Masuk) -> Result<Html<String>, WebError> {
    let pohon = s
        .app
        .pohon_unit(&m.pelaku(), &m.user)
        .await
        .map_err(|e| m.galat(e))?;
    let mut baris = Vec::new();
    ratakan(&pohon, 0, &mut baris);
    render(
        &HalamanUnit {
            k: kerangka(&s, &m, "unit").await?,
            baris,
        },
        m.bahasa,
    )
}

// --- employees ----------------------------------------------------------------------

#[derive(Debug, Default, Deserialize)]
pub struct ParamPegawai {
    pub q: Option<String>,
    pub unit: Option<String>,
    pub jenis: Option<String>,
    pub status: Option<String>,
    pub halaman: Option<u32>,
    pub ukuran: Option<u32>,
}

impl ParamPegawai {
    /// Parses the query into a use-case query; bad values are input errors (4xx).
    pub fn kueri(&self) -> Result<KueriPegawai, AppError> {
        let kosong = |o: &Option<String>| {
            o.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let unit = kosong(&self.unit)
            .map(|u| {
                u.parse::<i64>()
                    .map(UnitId)
                    .map_err(|_| AppError::Masukan(format!("unit tidak valid: {u}")))
            })
            .transpose()?;
        let jenis = kosong(&self.jenis)
            .map(|j| JenisPegawai::parse(&j).map_err(|e| AppError::Masukan(e.to_string())))
            .transpose()?;
        let status = kosong(&self.status)
            .map(|j| StatusPegawai::parse(&j).map_err(|e| AppError::Masukan(e.to_string())))
            .transpose()?;
        Ok(KueriPegawai {
            q: kosong(&self.q),
            unit,
            jenis,
            status,
            halaman: self.halaman.unwrap_or(1),
            ukuran: self.ukuran.unwrap_or(50),
        })
    }

    fn tautan(&self, halaman: u64) -> String {
        let mut s = format!("/pegawai?halaman={halaman}");
        for (k, v) in [
            ("q", &self.q),
            ("unit", &self.unit),
            ("jenis", &self.jenis),
            ("status", &self.status),
        ] {
            if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
                s.push_str(&format!("&{k}={}", urlencoding::encode(v)));
            }
        }
        s
    }
}

/// How an employee's identifier is shown in lists: NIP and NI PPPK as they are, a NIK
/// (personal data under UU 27/2022) masked to its first and last four digits.
pub fn identitas_tampil(jenis: JenisPegawai, identitas: &str) -> String {
    match jenis {
        JenisPegawai::NonAsn => netral_domain::Nik::parse(identitas)
            .map(|n| n.tersamar())
            .unwrap_or_else(|_| "—".into()),
        _ => identitas.to_string(),
    }
}

pub struct BarisPegawai {
    pub id: PegawaiId,
    pub nama: String,
    pub identitas: String,
    pub jenis: &'static str,
    pub jabatan: String,
    pub unit: String,
    pub golongan: String,
    pub status: &'static str,
    pub aktif: bool,
}

#[derive(Template)]
#[template(path = "pegawai.html")]
struct HalamanDaftarPegawai {
    k: Kerangka,
    h: HasilPegawai,
    q: String,
    unit_dipilih: String,
    jenis_dipilih: String,
    status_dipilih: String,
    pilihan_unit: Vec<(String, String)>,
    pilihan_jenis: Vec<(&'static str, &'static str)>,
    pilihan_status: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "pegawai_hasil.html")]
struct HasilPegawai {
    t: Bahasa,
    baris: Vec<BarisPegawai>,
    total: u64,
    halaman: u32,
    jumlah_halaman: u64,
    sebelumnya: Option<String>,
    berikutnya: Option<String>,
}

fn hasil_pegawai(t: Bahasa, h: HalamanPegawai, p: &ParamPegawai) -> HasilPegawai {
    let baris = h
        .items
        .into_iter()
        .map(|r| BarisPegawai {
            id: r.id,
            nama: nama_dengan_gelar(
                r.gelar_depan.as_deref(),
                &r.nama,
                r.gelar_belakang.as_deref(),
            ),
            identitas: identitas_tampil(r.jenis, &r.identitas),
            jenis: r.jenis.label(),
            jabatan: r.jabatan.unwrap_or_default(),
            unit: r.unit.unwrap_or_default(),
            golongan: r.golongan.unwrap_or_default(),
            status: r.status.label(),
            aktif: r.status == StatusPegawai::Aktif,
        })
        .collect();
    HasilPegawai {
        t,
        baris,
        total: h.total,
        halaman: h.halaman,
        jumlah_halaman: h.jumlah_halaman,
        sebelumnya: (h.halaman > 1).then(|| p.tautan(u64::from(h.halaman) - 1)),
        berikutnya: (u64::from(h.halaman) < h.jumlah_halaman)
            .then(|| p.tautan(u64::from(h.halaman) + 1)),
    }
}

async fn daftar_pegawai(
    State(s): State<AppState>,
    m: Masuk,
    headers: HeaderMap,
    Query(p): Query<ParamPegawai>,
) -> Result<Html<String>, WebError> {
    let kueri = p.kueri().map_err(|e| m.galat(e))?;
    let h = s
        .app
        .daftar_pegawai(&m.pelaku(), &m.user, kueri)
        .await
        .map_err(|e| m.galat(e))?;
    let hasil = hasil_pegawai(m.bahasa, h, &p);
    if headers.contains_key("hx-request") && !headers.contains_key("hx-boosted") {
        return render(&hasil, m.bahasa);
    }
    let pilihan_unit = s
        .app
        .pilihan_unit(&m.user)
        .await
        .map_err(|e| m.galat(e))?
        .into_iter()
        .map(|(id, nama)| (id.to_string(), nama))
        .collect();
    render(
        &HalamanDaftarPegawai {
            k: kerangka(&s, &m, "pegawai").await?,
            h: hasil,
            q: p.q.clone().unwrap_or_default(),
            unit_dipilih: p.unit.clone().unwrap_or_default(),
            jenis_dipilih: p.jenis.clone().unwrap_or_default(),
            status_dipilih: p.status.clone().unwrap_or_default(),
            pilihan_unit,
            pilihan_jenis: JenisPegawai::ALL
                .iter()
                .map(|j| (j.kode(), j.label()))
                .collect(),
            pilihan_status: StatusPegawai::ALL
                .iter()
                .map(|j| (j.kode(), j.label()))
                .collect(),
        },
        m.bahasa,
    )
}

#[derive(Template)]
#[template(path = "pegawai_detail.html")]
struct HalamanDetail {
    k: Kerangka,
    nama: String,
    d: DetailPegawai,
    jalur: String,
    lahir: String,
    nik_tersamar: Option<String>,
    diubah: String,
}

async fn detail_pegawai(
    State(s): State<AppState>,
    m: Masuk,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let id = id
        .parse::<i64>()
        .map(PegawaiId)
        .map_err(|_| m.galat(AppError::TidakDitemukan(format!("pegawai {id}"))))?;
    let d = s
        .app
        .detail_pegawai(&m.pelaku(), &m.user, id)
        .await
        .map_err(|e| m.galat(e))?;
    let r = &d.pegawai.ringkas;
    let nama = nama_dengan_gelar(
        r.gelar_depan.as_deref(),
        &r.nama,
        r.gelar_belakang.as_deref(),
    );
    let lahir = [
        d.pegawai.tempat_lahir.clone().unwrap_or_default(),
        d.pegawai
            .tanggal_lahir
            .map(|t| t.format("%d-%m-%Y").to_string())
            .unwrap_or_default(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let nik_tersamar = d
        .pegawai
        .nik
        .as_deref()
        .and_then(|n| netral_domain::Nik::parse(n).ok())
        .map(|n| n.tersamar());
    let diubah = d
        .pegawai
        .diubah_pada
        .format("%d-%m-%Y %H:%M UTC")
        .to_string();
    render(
        &HalamanDetail {
            k: kerangka(&s, &m, "pegawai").await?,
            nama,
            jalur: d.jalur_unit.join(" › "),
            d,
            lahir,
            nik_tersamar,
            diubah,
        },
        m.bahasa,
    )
}

// --- import -------------------------------------------------------------------------

/// An uploaded file waiting for confirmation.
#[derive(Debug, Clone)]
pub struct Unggahan {
    pub user_id: UserId,
    pub nama_file: String,
    pub isi: Vec<u8>,
    pub opsi: OpsiImpor,
    pub masalah: Vec<Masalah>,
    pub dibuat: DateTime<Utc>,
}

const UMUR_UNGGAHAN_MENIT: i64 = 30;

#[derive(Template)]
#[template(path = "impor.html")]
struct HalamanImpor {
    k: Kerangka,
    pesan: Option<String>,
}

async fn form_impor(State(s): State<AppState>, m: Masuk) -> Result<Html<String>, WebError> {
    if !m.user.boleh(Izin::KelolaRegistri) {
        return Err(m.galat(AppError::TidakBerwenang));
    }
    render(
        &HalamanImpor {
            k: kerangka(&s, &m, "impor").await?,
            pesan: None,
        },
        m.bahasa,
    )
}

#[derive(Template)]
#[template(path = "impor_hasil.html")]
struct HalamanHasilImpor {
    k: Kerangka,
    l: LaporanImpor,
    token: String,
    nama_file: String,
    pratinjau: bool,
    bisa_konfirmasi: bool,
    masalah: Vec<Masalah>,
    masalah_lebih: usize,
}

const MASALAH_DITAMPILKAN: usize = 500;

fn halaman_hasil(
    k: Kerangka,
    l: LaporanImpor,
    token: String,
    nama_file: String,
    pratinjau: bool,
) -> HalamanHasilImpor {
    let bisa_konfirmasi = pratinjau && !l.ditolak() && (l.imported + l.updated + l.deactivated) > 0;
    let masalah: Vec<Masalah> = l
        .masalah
        .iter()
        .take(MASALAH_DITAMPILKAN)
        .cloned()
        .collect();
    let masalah_lebih = l.masalah.len().saturating_sub(MASALAH_DITAMPILKAN);
    HalamanHasilImpor {
        k,
        l,
        token,
        nama_file,
        pratinjau,
        bisa_konfirmasi,
        masalah,
        masalah_lebih,
    }
}

async fn kirim_impor(
    State(s): State<AppState>,
    m: Masuk,
    mut mp: Multipart,
) -> Result<Html<String>, WebError> {
    let mut csrf = String::new();
    let mut berkas: Option<(String, Vec<u8>)> = None;
    let mut opsi = OpsiImpor::default();
    let salah = |e: axum::extract::multipart::MultipartError| {
        m.galat(AppError::Masukan(format!(
            "unggahan tidak terbaca: {}",
            e.body_text()
        )))
    };
    while let Some(field) = mp.next_field().await.map_err(salah)? {
        match field.name().unwrap_or_default() {
            "_csrf" => csrf = field.text().await.map_err(salah)?,
            "skip_invalid" => opsi.skip_invalid = true,
            "sync" => opsi.sync = true,
            "berkas" => {
                let nama = field.file_name().unwrap_or("berkas").to_string();
                let isi = field.bytes().await.map_err(salah)?.to_vec();
                berkas = Some((nama, isi));
            }
            _ => {}
        }
    }
    m.periksa_csrf(&csrf)?;
    let k = kerangka(&s, &m, "impor").await?;
    let Some((nama_file, isi)) = berkas.filter(|(_, isi)| !isi.is_empty()) else {
        return render(
            &HalamanImpor {
                k,
                pesan: Some("Pilih berkas CSV atau XLSX terlebih dahulu.".into()),
            },
            m.bahasa,
        );
    };
    let pratinjau = OpsiImpor {
        dry_run: true,
        ..opsi
    };
    let l = match s
        .app
        .impor_pegawai(
            &m.pelaku(),
            m.user.instansi_id,
            isi.clone(),
            &nama_file,
            pratinjau,
        )
        .await
    {
        Ok(l) => l,
        Err(AppError::Masukan(pesan)) => {
            return render(
                &HalamanImpor {
                    k,
                    pesan: Some(pesan),
                },
                m.bahasa,
            );
        }
        Err(e) => return Err(m.galat(e)),
    };
    let token = netral_app::akun::token_acak();
    let now = s.app.sekarang();
    if let Ok(mut peta) = s.unggahan.lock() {
        peta.retain(|_, u| now - u.dibuat < Duration::minutes(UMUR_UNGGAHAN_MENIT));
        peta.insert(
            token.clone(),
            Unggahan {
                user_id: m.user.id,
                nama_file: nama_file.clone(),
                isi,
                opsi,
                masalah: l.masalah.clone(),
                dibuat: now,
            },
        );
    }
    render(&halaman_hasil(k, l, token, nama_file, true), m.bahasa)
}

fn ambil_unggahan(s: &AppState, m: &Masuk, token: &str, hapus: bool) -> Result<Unggahan, WebError> {
    let mut peta = s
        .unggahan
        .lock()
        .map_err(|_| m.galat(AppError::Internal("kunci unggahan rusak".into())))?;
    let ada = peta.get(token).is_some_and(|u| u.user_id == m.user.id);
    let hilang = || {
        m.galat(AppError::TidakDitemukan(
            "unggahan (mungkin sudah kedaluwarsa; unggah ulang berkasnya)".into(),
        ))
    };
    if !ada {
        return Err(hilang());
    }
    let u = if hapus {
        peta.remove(token)
    } else {
        peta.get(token).cloned()
    };
    u.ok_or_else(hilang)
}

async fn konfirmasi_impor(
    State(s): State<AppState>,
    m: Masuk,
    Path(token): Path<String>,
    Form(f): Form<FormCsrf>,
) -> Result<Html<String>, WebError> {
    m.periksa_csrf(&f.csrf)?;
    let u = ambil_unggahan(&s, &m, &token, true)?;
    let l = s
        .app
        .impor_pegawai(&m.pelaku(), m.user.instansi_id, u.isi, &u.nama_file, u.opsi)
        .await
        .map_err(|e| m.galat(e))?;
    render(
        &halaman_hasil(
            kerangka(&s, &m, "impor").await?,
            l,
            token,
            u.nama_file,
            false,
        ),
        m.bahasa,
    )
}

async fn laporan_csv(
    State(s): State<AppState>,
    m: Masuk,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let u = ambil_unggahan(&s, &m, &token, false)?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"laporan-impor.csv\"".to_string(),
            ),
        ],
        netral_import::laporan_csv(&u.masalah),
    )
        .into_response())
}

async fn laporan_xlsx(
    State(s): State<AppState>,
    m: Masuk,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let u = ambil_unggahan(&s, &m, &token, false)?;
    let isi = netral_import::laporan_xlsx(&u.masalah)
        .map_err(|e| m.galat(AppError::Internal(e.to_string())))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"laporan-impor.xlsx\"".to_string(),
            ),
        ],
        isi,
    )
        .into_response())
}

// --- audit --------------------------------------------------------------------------

#[derive(Deserialize)]
struct ParamAudit {
    sebelum: Option<i64>,
}

pub struct BarisAudit {
    pub id: i64,
    pub waktu: String,
    pub aktor: String,
    pub aksi: String,
    pub entitas: String,
    pub sebelum: String,
    pub sesudah: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct HalamanAudit {
    k: Kerangka,
    baris: Vec<BarisAudit>,
    lebih_lama: Option<i64>,
}

fn potong(s: Option<String>) -> String {
    let s = s.unwrap_or_default();
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s
    }
}

async fn audit(
    State(s): State<AppState>,
    m: Masuk,
    Query(p): Query<ParamAudit>,
) -> Result<Html<String>, WebError> {
    let entri = s
        .app
        .log_audit(&m.pelaku(), &m.user, p.sebelum)
        .await
        .map_err(|e| m.galat(e))?;
    let lebih_lama = (entri.len() == 100)
        .then(|| entri.last().map(|e| e.id))
        .flatten();
    let baris = entri
        .into_iter()
        .map(|e| BarisAudit {
            id: e.id,
            waktu: e.waktu.format("%d-%m-%Y %H:%M:%S UTC").to_string(),
            aktor: e.aktor,
            aksi: e.aksi,
            entitas: format!("{} {}", e.entitas, e.entitas_id.unwrap_or_default()),
            sebelum: potong(e.sebelum),
            sesudah: potong(e.sesudah),
        })
        .collect();
    render(
        &HalamanAudit {
            k: kerangka(&s, &m, "audit").await?,
            baris,
            lebih_lama,
        },
        m.bahasa,
    )
}
