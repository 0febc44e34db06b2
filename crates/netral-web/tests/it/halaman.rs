//! Pages, sessions, CSRF, throttling, errors, health, metrics and OpenAPI.

use netral_testkit::{SANDI, Server};
use serde_json::Value;

use crate::{CSV_BAIK, dua_pemda, klien, masuk, nilai_input, token};

crate::kedua_backend! {
    masuk_keluar_dan_cookie => masuk_keluar;
    csrf_wajib => csrf;
    percobaan_masuk_dibatasi => pembatas;
    kesehatan_metrik_openapi => kesehatan;
    impor_lewat_halaman => impor_halaman;
    bahasa_inggris => bahasa;
    cari_pegawai_lewat_htmx => cari_htmx;
    masukan_rusak_dijawab_dalam_bahasa_indonesia => masukan_rusak;
}

async fn masuk_keluar(s: Server) {
    dua_pemda(&s).await;
    let c = klien();
    let res = c.get(format!("{}/masuk", s.url)).send().await.unwrap();
    let set = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"id\">") && html.contains("Masuk ke Netral"));
    let csrf = nilai_input(&html, "_csrf");

    let salah = c
        .post(format!("{}/masuk", s.url))
        .form(&[
            ("username", "admin.a"),
            ("sandi", "salah-sekali-bos"),
            ("_csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(salah.status(), 401);
    let html = salah.text().await.unwrap();
    assert!(html.contains("nama pengguna atau kata sandi salah"));
    let csrf = nilai_input(&html, "_csrf");

    let ok = c
        .post(format!("{}/masuk", s.url))
        .form(&[
            ("username", "ADMIN.A"),
            ("sandi", SANDI),
            ("_csrf", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/dasbor");
    let sesi = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("netral_sesi="))
        .unwrap();
    assert!(sesi.contains("HttpOnly") && sesi.contains("SameSite=Lax"));

    let dasbor = c
        .get(format!("{}/dasbor", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dasbor.contains("Kota Pangkalpinang"));
    let csrf = nilai_input(&dasbor, "_csrf");
    let out = c
        .post(format!("{}/keluar", s.url))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let lagi = c.get(format!("{}/dasbor", s.url)).send().await.unwrap();
    assert_eq!(lagi.status(), 303, "session ended");
}

async fn csrf(s: Server) {
    dua_pemda(&s).await;
    // Login without the CSRF cookie/field is refused.
    let res = klien()
        .post(format!("{}/masuk", s.url))
        .form(&[("username", "admin.a"), ("sandi", SANDI), ("_csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // Logged in, a form post with a wrong token is refused with an Indonesian message.
    let c = masuk(&s, "admin.a").await;
    let res = c
        .post(format!("{}/keluar", s.url))
        .form(&[("_csrf", "palsu")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("token CSRF"));
    let part = reqwest::multipart::Part::bytes(CSV_BAIK.as_bytes().to_vec()).file_name("p.csv");
    let form = reqwest::multipart::Form::new()
        .text("_csrf", "palsu")
        .part("berkas", part);
    let res = c
        .post(format!("{}/impor", s.url))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(
        s.app
            .store
            .pegawai_tersimpan(s.app.instansi_wajib("19.71").await.unwrap().id)
            .await
            .unwrap()
            .len(),
        0
    );
}

async fn pembatas(s: Server) {
    dua_pemda(&s).await;
    let c = klien();
    let mut status = Vec::new();
    for i in 0..6 {
        let html = c
            .get(format!("{}/masuk", s.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = nilai_input(&html, "_csrf");
        let sandi = if i == 5 { SANDI } else { "tebakan-salah-123" };
        let res = c
            .post(format!("{}/masuk", s.url))
            .form(&[
                ("username", "admin.a"),
                ("sandi", sandi),
                ("_csrf", csrf.as_str()),
            ])
            .send()
            .await
            .unwrap();
        status.push(res.status().as_u16());
        if i == 5 {
            assert!(
                res.text()
                    .await
                    .unwrap()
                    .contains("terlalu banyak percobaan")
            );
        }
    }
    assert_eq!(
        status,
        vec![401, 401, 401, 401, 401, 429],
        "even the right password waits"
    );
}

async fn kesehatan(s: Server) {
    let h = reqwest::get(format!("{}/healthz", s.url)).await.unwrap();
    assert_eq!(h.status(), 200);
    let m = reqwest::get(format!("{}/metrics", s.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(m.contains("netral_http_requests_total"), "{m}");
    let api: Value = reqwest::get(format!("{}/api/v1/openapi.json", s.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(api["openapi"].as_str().unwrap().starts_with("3."));
    let ops: Vec<String> = api["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|p| p.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str().map(String::from))
        .collect();
    for want in [
        "getSaya",
        "getRingkasan",
        "listUnit",
        "listPegawai",
        "getPegawai",
        "importPegawai",
        "listAudit",
    ] {
        assert!(ops.iter().any(|o| o == want), "{want} missing from {ops:?}");
    }
    let docs = reqwest::get(format!("{}/api/v1/docs", s.url))
        .await
        .unwrap();
    assert_eq!(docs.status(), 200);
    assert!(
        docs.text()
            .await
            .unwrap()
            .contains("/static/swagger-ui-bundle.js")
    );
    let js = reqwest::get(format!("{}/static/htmx.min.js", s.url))
        .await
        .unwrap();
    assert_eq!(js.status(), 200);
    let nf = reqwest::get(format!("{}/tidak/ada", s.url)).await.unwrap();
    assert_eq!(nf.status(), 404);
    let html = nf.text().await.unwrap();
    assert!(html.contains("Halaman tidak ditemukan") && html.contains("NT-404"));
    let api_nf = reqwest::get(format!("{}/api/v1/tidak-ada", s.url))
        .await
        .unwrap();
    assert_eq!(api_nf.status(), 404);
    let v: Value = api_nf.json().await.unwrap();
    assert_eq!(v["error"]["kode"], "NT-404");
}

async fn impor_halaman(s: Server) {
    dua_pemda(&s).await;
    let c = masuk(&s, "bkpsdm.a").await;
    let form = c
        .get(format!("{}/impor", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = nilai_input(&form, "_csrf");
    let kirim = |isi: &'static str| {
        let part =
            reqwest::multipart::Part::bytes(isi.as_bytes().to_vec()).file_name("pegawai.csv");
        reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part("berkas", part)
    };
    let res = c
        .post(format!("{}/impor", s.url))
        .multipart(kirim(crate::CSV_BURUK))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("id=\"alasan-batal\"") && !html.contains("id=\"konfirmasi\""));
    let token = html
        .split("/impor/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let laporan = c
        .get(format!("{}/impor/{token}/laporan.csv", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let laporan = laporan.trim_start_matches('\u{feff}');
    assert!(
        laporan.starts_with("baris,kolom,nilai,tingkat,alasan"),
        "{laporan}"
    );
    let mut baris: Vec<&str> = laporan
        .lines()
        .filter(|l| l.contains("GALAT"))
        .map(|l| l.split(',').next().unwrap())
        .collect();
    baris.dedup();
    assert_eq!(baris, vec!["3", "4", "5", "6"], "{laporan}");

    let html = c
        .post(format!("{}/impor", s.url))
        .multipart(kirim(CSV_BAIK))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("id=\"konfirmasi\""));
    let aksi = html
        .split("action=\"/impor/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let selesai = c
        .post(format!("{}/impor/{aksi}", s.url))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(selesai.contains("id=\"impor-selesai\""), "{selesai}");
    // The token is single-use.
    let lagi = c
        .post(format!("{}/impor/{aksi}", s.url))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(lagi.status(), 404);
    let daftar = c
        .get(format!("{}/pegawai?q=dewi", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(daftar.contains("Dewi Lestari"));
}

async fn bahasa(s: Server) {
    dua_pemda(&s).await;
    let c = masuk(&s, "admin.a").await;
    let res = c.get(format!("{}/bahasa/en", s.url)).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let html = c
        .get(format!("{}/dasbor", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\">") && html.contains("Active employees"));
    c.get(format!("{}/bahasa/id", s.url)).send().await.unwrap();
    let html = c
        .get(format!("{}/dasbor", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Pegawai aktif"));
}

async fn cari_htmx(s: Server) {
    dua_pemda(&s).await;
    let tok = crate::token(&s, "admin.a").await;
    reqwest::Client::new()
        .post(format!("{}/api/v1/pegawai/impor", s.url))
        .bearer_auth(&tok)
        .body(CSV_BAIK)
        .send()
        .await
        .unwrap();
    let c = masuk(&s, "admin.a").await;
    let partial = c
        .get(format!("{}/pegawai?q=aminah", s.url))
        .header("HX-Request", "true")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!partial.contains("<html"), "htmx gets a fragment");
    assert!(partial.contains("Siti Aminah") && !partial.contains("Andi Wijaya"));
    let full = c
        .get(format!("{}/pegawai?jenis=non_asn", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        full.contains("<html") && full.contains("Dewi Lestari") && !full.contains("Siti Aminah")
    );
    assert!(
        !full.contains("1971015203920001"),
        "a NIK is personal data: masked in lists"
    );
    assert!(full.contains("1971xxxxxxxx0001"));
    let bad = c
        .get(format!("{}/pegawai?jenis=TNI", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("jenis pegawai tidak dikenal")
    );
}

#[tokio::test]
async fn snapshot_halaman_masuk() {
    let Some(s) = Server::start(netral_testkit::Backend::Sqlite).await else {
        return;
    };
    let html = reqwest::get(format!("{}/masuk", s.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = nilai_input(&html, "_csrf");
    insta::assert_snapshot!("halaman_masuk", html.replace(&csrf, "[csrf]"));
}

/// What axum's extractors refuse (malformed JSON, wrong content type, a path or query that
/// does not parse, an incomplete form) comes back as every other error does: Indonesian,
/// with code and reference, JSON under /api and the error page elsewhere, status kept.
async fn masukan_rusak(s: Server) {
    dua_pemda(&s).await;
    let c = klien();
    let galat_json = |res: reqwest::Response, status: u16| async move {
        assert_eq!(res.status().as_u16(), status);
        let jenis = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(jenis.starts_with("application/json"), "{jenis}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["kode"], "NT-400", "{v}");
        assert_eq!(v["error"]["referensi"].as_str().unwrap().len(), 8, "{v}");
        v["error"]["pesan"].as_str().unwrap().to_string()
    };

    let post = |jalur: &str, jenis: &'static str, isi: &'static str| {
        c.post(format!("{}{jalur}", s.url))
            .header("content-type", jenis)
            .body(isi)
            .send()
    };
    let json = "application/json";
    let res = post("/api/v1/tanda-tangan", json, r#"{"x":1}"#)
        .await
        .unwrap();
    let pesan = galat_json(res, 422).await;
    assert!(pesan.contains("kolom `metode` wajib diisi"), "{pesan}");

    let isi = r#"{"metode":"KIOSK","butir":[true],"kampanye":"satu"}"#;
    let res = post("/api/v1/tanda-tangan", json, isi).await.unwrap();
    let pesan = galat_json(res, 422).await;
    assert!(
        pesan.contains("kolom `kampanye`: jenis atau nilai salah"),
        "{pesan}"
    );

    let res = post("/api/v1/otp", "text/plain", "instansi=19.71")
        .await
        .unwrap();
    let pesan = galat_json(res, 415).await;
    assert_eq!(pesan, "isi permintaan harus berjenis application/json");

    let t = token(&s, "admin.a").await;
    let get = |jalur: &str| c.get(format!("{}{jalur}", s.url)).bearer_auth(&t).send();
    let res = get("/api/v1/pegawai/bukan-angka").await.unwrap();
    let pesan = galat_json(res, 400).await;
    assert!(pesan.starts_with("bagian alamat tidak sah"), "{pesan}");

    let res = get("/api/v1/pegawai?halaman=dua").await.unwrap();
    let pesan = galat_json(res, 400).await;
    assert!(
        pesan.starts_with("parameter pada alamat tidak sah"),
        "{pesan}"
    );

    // A form page: the error page, in Indonesian.
    let res = c
        .post(format!("{}/masuk", s.url))
        .form(&[("x", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"id\">"), "{html}");
    assert!(
        html.contains("isian formulir tidak lengkap atau tidak sah"),
        "{html}"
    );
    assert!(!html.contains("Failed to"), "{html}");
}
