//! Staff side of signing (issue #4): elections, templates, campaigns, signatures, progress,
//! through the JSON API and the pages, on both backends.

use netral_testkit::Server;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{CSV_BAIK, dua_pemda, masuk, nilai_input, token};

crate::kedua_backend! {
    alur_pemilihan_templat_kampanye => alur_api;
    templat_sah_tidak_dapat_diubah => templat_tetap;
    halaman_pakta_tampil => halaman;
    halaman_pakta_bahasa_inggris => bahasa_inggris;
    formulir_salah_ditampilkan_ulang => formulir_salah;
    csrf_wajib_di_halaman_pakta => csrf;
    peran_tanpa_kelola_pakta_ditolak => peran;
    openapi_memuat_operasi_pakta => openapi;
    kertas_batal_dan_progres => kertas_api;
    saksi_ikrar_ekspor => saksi_ikrar;
    perwakilan_dengan_mandat => perwakilan;
    halaman_ttd_progres_ikrar => halaman_ttd;
    cuplikan_templat_disahkan => cuplikan_templat;
}

pub(crate) async fn kirim(
    s: &Server,
    tok: &str,
    metode: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut r = reqwest::Client::new()
        .request(metode, format!("{}{path}", s.url))
        .bearer_auth(tok);
    if let Some(b) = body {
        r = r.json(&b);
    }
    let res = r.send().await.unwrap();
    let st = res.status();
    (st, res.json().await.unwrap_or(Value::Null))
}

pub(crate) async fn post(s: &Server, tok: &str, path: &str, body: Value) -> (StatusCode, Value) {
    kirim(s, tok, reqwest::Method::POST, path, Some(body)).await
}

pub(crate) async fn get(s: &Server, tok: &str, path: &str) -> (StatusCode, Value) {
    kirim(s, tok, reqwest::Method::GET, path, None).await
}

/// Imports the four test employees, creates an election, a 4-butir template (approved) and a
/// one-stage campaign over everyone; returns (template id, campaign id).
pub(crate) async fn siapkan(s: &Server, tok: &str) -> (i64, i64) {
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/pegawai/impor", s.url))
        .bearer_auth(tok)
        .body(CSV_BAIK)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (st, p) = post(
        s,
        tok,
        "/api/v1/pemilihan",
        json!({
            "jenis": "PILKADA",
            "nama": "Pemilihan Wali Kota Pangkalpinang 2024",
            "tgl_pemungutan": "2024-11-27",
            "tahapan": [
                {"jenis": "KAMPANYE", "mulai": "2024-09-25", "selesai": "2024-11-23"},
                {"jenis": "PEMUNGUTAN", "mulai": "2024-11-27", "selesai": "2024-11-27"}
            ]
        }),
    )
    .await;
    assert_eq!(st, 201, "{p}");
    let (st, t) = post(
        s,
        tok,
        "/api/v1/templat",
        json!({"pemilihan_id": p["id"], "awal": "SKB_4"}),
    )
    .await;
    assert_eq!(st, 201, "{t}");
    assert_eq!(t["isi"]["butir"].as_array().unwrap().len(), 4);
    assert_eq!(t["disahkan"], false);
    let tid = t["id"].as_i64().unwrap();
    let (st, sah) = post(
        s,
        tok,
        &format!("/api/v1/templat/{tid}/sahkan"),
        json!({"oleh": "Sekretaris Daerah", "tanggal": "2024-09-01"}),
    )
    .await;
    assert_eq!(st, 200, "{sah}");
    assert_eq!(sah["disahkan"], true);
    assert_eq!(sah["hash_isi"], t["hash_isi"], "approval keeps the hash");
    let (st, k) = post(
        s,
        tok,
        "/api/v1/kampanye",
        json!({
            "nama": "Pakta Netralitas 2024",
            "template_id": tid,
            "tahap": [{"nama": "Semua pegawai", "sifat": "ANJURAN", "anggota": {"menurut": "SISANYA"}}]
        }),
    )
    .await;
    assert_eq!(st, 201, "{k}");
    (tid, k["id"].as_i64().unwrap())
}

async fn alur_api(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (tid, kid) = siapkan(&s, &a).await;

    let (st, daftar) = get(&s, &a, "/api/v1/pemilihan").await;
    assert_eq!(st, 200);
    assert_eq!(daftar.as_array().unwrap().len(), 1);
    assert_eq!(daftar[0]["tahapan"].as_array().unwrap().len(), 2);
    let (_, t) = get(&s, &a, "/api/v1/templat").await;
    assert_eq!(t[0]["id"], tid);
    assert!(
        t[0]["teks_kanonik"]
            .as_str()
            .unwrap()
            .starts_with("NETRAL-PAKTA/1\n")
    );
    let (_, k) = get(&s, &a, "/api/v1/kampanye").await;
    assert_eq!(k[0]["id"], kid);
    assert_eq!(k[0]["tahap"].as_array().unwrap().len(), 1);

    // Usual stages when none are given, with deadlines by position.
    let (st, k2) = post(
        &s,
        &a,
        "/api/v1/kampanye",
        json!({"nama": "Tahap baku", "template_id": tid, "tenggat": ["2024-10-01", null, "2024-10-15"]}),
    )
    .await;
    assert_eq!(st, 201, "{k2}");
    let tahap = k2["tahap"].as_array().unwrap();
    assert_eq!(tahap.len(), 4);
    assert_eq!(tahap[0]["nama"], "Kepala Daerah");
    assert!(
        tahap[0]["tenggat"]
            .as_str()
            .unwrap()
            .starts_with("2024-10-01")
    );
    assert!(tahap[1]["tenggat"].is_null());
    // A past deadline on a stage nobody finished marks it late, on the API and the page.
    let (st, k3) = post(
        &s,
        &a,
        "/api/v1/kampanye",
        json!({"nama": "Terlambat", "template_id": tid, "tenggat": [null, null, null, "2024-10-15"]}),
    )
    .await;
    assert_eq!(st, 201, "{k3}");
    let (_, p) = get(&s, &a, &format!("/api/v1/kampanye/{}/progres", k3["id"])).await;
    let tahap = p["tahap"].as_array().unwrap();
    assert_eq!(tahap[3]["terlambat"], true, "{p}");
    assert_eq!(tahap[0]["terlambat"], false);
    let c = masuk(&s, "admin.a").await;
    let (st, html) = teks(&c, &s, &format!("/kampanye/{}", k3["id"])).await;
    assert_eq!(st, 200);
    assert!(html.contains("<span class=\"lencana\">Terlambat</span>"));

    // An unapproved template cannot start a campaign: an input error, nothing stored.
    let (_, draf) = post(&s, &a, "/api/v1/templat", json!({"awal": "BUTIR_9"})).await;
    let (st, e) = post(
        &s,
        &a,
        "/api/v1/kampanye",
        json!({"nama": "Terlalu cepat", "template_id": draf["id"]}),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    let (_, k) = get(&s, &a, "/api/v1/kampanye").await;
    assert_eq!(k.as_array().unwrap().len(), 3);

    // Another Pemda sees none of it.
    let b = token(&s, "admin.b").await;
    let (_, kb) = get(&s, &b, "/api/v1/kampanye").await;
    assert_eq!(kb.as_array().unwrap().len(), 0);
    let (st, _) = post(
        &s,
        &b,
        "/api/v1/kampanye",
        json!({"nama": "Curian", "template_id": tid}),
    )
    .await;
    assert_eq!(st, 404);
}

async fn templat_tetap(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (tid, _) = siapkan(&s, &a).await;
    let (_, t) = get(&s, &a, "/api/v1/templat").await;
    let mut isi = t[0]["isi"].clone();
    isi["butir"][0] = json!("Butir yang diubah setelah pengesahan, tidak boleh.");
    let (st, e) = post(
        &s,
        &a,
        "/api/v1/templat",
        json!({"pemilihan_id": t[0]["pemilihan_id"], "versi": 1, "isi": isi.clone()}),
    )
    .await;
    assert_eq!(st, 409, "{e}");
    assert!(
        e["error"]["pesan"].as_str().unwrap().contains("versi baru"),
        "{e}"
    );
    // The stored text did not change.
    let (_, sesudah) = get(&s, &a, "/api/v1/templat").await;
    assert_eq!(sesudah[0]["hash_isi"], t[0]["hash_isi"]);
    // Without a version it becomes version 2, a draft.
    let (st, v2) = post(
        &s,
        &a,
        "/api/v1/templat",
        json!({"pemilihan_id": t[0]["pemilihan_id"], "isi": isi}),
    )
    .await;
    assert_eq!(st, 201, "{v2}");
    assert_eq!(v2["versi"], 2);
    assert_eq!(v2["disahkan"], false);
    assert_ne!(v2["id"], tid);
    // Approving twice is refused.
    let (st, _) = post(
        &s,
        &a,
        &format!("/api/v1/templat/{tid}/sahkan"),
        json!({"oleh": "Sekda"}),
    )
    .await;
    assert_eq!(st, 422);
    // Through the page: the approved version has no edit form and refuses an edit.
    let c = masuk(&s, "admin.a").await;
    let html = c
        .get(format!("{}/templat/{tid}", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Buat versi baru") && !html.contains("Sunting draf"));
    let csrf = nilai_input(&html, "_csrf");
    let res = form(
        &c,
        &s,
        &format!("/templat/{tid}/ubah"),
        &[
            ("_csrf", csrf.as_str()),
            ("judul", "Judul lain"),
            ("butir", "Butir baru yang cukup panjang sekali."),
            ("berlaku_untuk", "PNS"),
        ],
    )
    .await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("buat versi baru"));
}

/// Posts a form with the session's cookies.
pub(crate) async fn form(
    c: &reqwest::Client,
    s: &Server,
    path: &str,
    isi: &[(&str, &str)],
) -> reqwest::Response {
    c.post(format!("{}{path}", s.url))
        .form(isi)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn teks(c: &reqwest::Client, s: &Server, path: &str) -> (StatusCode, String) {
    let res = c.get(format!("{}{path}", s.url)).send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn halaman(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (tid, _) = siapkan(&s, &a).await;
    let c = masuk(&s, "admin.a").await;
    for (path, kata) in [
        ("/pemilihan", "Tambah pemilihan"),
        ("/templat", "Buat dari templat awal"),
        (&format!("/templat/{tid}") as &str, "Teks kanonik"),
        ("/kampanye", "Buat kampanye"),
    ] {
        let (st, html) = teks(&c, &s, path).await;
        assert_eq!(st, 200, "{path}");
        assert!(html.contains(kata), "{path}: {kata}");
        assert!(html.contains("<html lang=\"id\">"), "{path}");
    }
    // Create through the forms: election, starter template, edit the draft, approve, campaign.
    let (_, html) = teks(&c, &s, "/pemilihan").await;
    let csrf = nilai_input(&html, "_csrf");
    let res = form(
        &c,
        &s,
        "/pemilihan",
        &[
            ("_csrf", csrf.as_str()),
            ("jenis", "PILKADA_ULANG"),
            ("nama", "Pemilihan Ulang 2025"),
            ("tgl_pemungutan", "2025-08-27"),
            ("mulai_PEMUNGUTAN", "2025-08-27"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, html) = teks(&c, &s, "/pemilihan").await;
    assert!(html.contains("Pemilihan Ulang 2025"));
    let res = form(
        &c,
        &s,
        "/templat",
        &[
            ("_csrf", csrf.as_str()),
            ("awal", "BUTIR_6"),
            ("nomor_se", "800/123/BKPSDM"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let lokasi = res.headers()["location"].to_str().unwrap().to_string();
    let (st, html) = teks(&c, &s, &lokasi).await;
    assert_eq!(st, 200);
    assert!(html.contains("Sunting draf") && html.contains("800/123/BKPSDM"));
    let res = form(&c, &s, &format!("{lokasi}/ubah"), &[
            ("_csrf", csrf.as_str()),
            ("judul", "PAKTA INTEGRITAS NETRALITAS"),
            ("butir", "Menjaga netralitas ASN dalam Pemilihan.\nTidak menghadiri kampanye pasangan calon."),
            ("berlaku_untuk", "PNS"),
            ("berlaku_untuk", "PPPK"),
        ]).await;
    assert_eq!(res.status(), 303);
    let (_, html) = teks(&c, &s, &lokasi).await;
    assert!(html.contains("Tidak menghadiri kampanye pasangan calon."));
    let res = form(
        &c,
        &s,
        &format!("{lokasi}/sahkan"),
        &[
            ("_csrf", csrf.as_str()),
            ("oleh", "Drs. Fulan, Sekretaris Daerah"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, html) = teks(&c, &s, &lokasi).await;
    assert!(html.contains("Drs. Fulan, Sekretaris Daerah") && html.contains("Buat versi baru"));
    let baru = lokasi.trim_start_matches("/templat/");
    let res = form(
        &c,
        &s,
        "/kampanye",
        &[
            ("_csrf", csrf.as_str()),
            ("nama", "Kampanye lewat halaman"),
            ("template_id", baru),
            ("tenggat_0", "2025-07-01"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let (_, k) = get(&s, &a, "/api/v1/kampanye").await;
    assert_eq!(k.as_array().unwrap().len(), 2);
}

/// The approved template page, as a snapshot (ids and dates are fixed by the test).
async fn cuplikan_templat(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (tid, _) = siapkan(&s, &a).await;
    let c = masuk(&s, "admin.a").await;
    let (st, html) = teks(&c, &s, &format!("/templat/{tid}")).await;
    assert_eq!(st, 200);
    let csrf = nilai_input(&html, "_csrf");
    let (_, html_templat) = teks(&c, &s, "/templat?pemilihan=1").await;
    assert!(html_templat.contains("<option value=\"1\" selected>"));
    insta::assert_snapshot!("templat_disahkan", html.replace(&csrf, "[csrf]"));
}

async fn bahasa_inggris(s: Server) {
    dua_pemda(&s).await;
    let c = masuk(&s, "admin.a").await;
    let res = c
        .get(format!("{}/bahasa/en", s.url))
        .header("referer", format!("{}/templat", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/templat");
    let (st, html) = teks(&c, &s, "/templat").await;
    assert_eq!(st, 200);
    assert!(html.contains("<html lang=\"en\">") && html.contains("Create from a starter text"));
    let (_, html) = teks(&c, &s, "/pemilihan").await;
    assert!(html.contains("Add an election") && html.contains("Pact templates"));
    for (path, kata) in [
        ("/kampanye", "Signing campaigns"),
        ("/ttd", "Pact signatures"),
        ("/ttd/kertas", "Upload a paper pact"),
        ("/ttd/perwakilan", "Representative signature"),
        ("/ikrar", "Neutrality pledges and declarations"),
    ] {
        let (st, html) = teks(&c, &s, path).await;
        assert_eq!(st, 200, "{path}");
        assert!(html.contains(kata), "{path}: {kata}");
    }
}

async fn formulir_salah(s: Server) {
    dua_pemda(&s).await;
    let c = masuk(&s, "admin.a").await;
    let (_, html) = teks(&c, &s, "/pemilihan").await;
    let csrf = nilai_input(&html, "_csrf");
    // Stage ends before it starts: shown again with the reason and the typed name kept.
    let res = form(
        &c,
        &s,
        "/pemilihan",
        &[
            ("_csrf", csrf.as_str()),
            ("jenis", "PILKADA"),
            ("nama", "Nama yang diketik"),
            ("tgl_pemungutan", "2024-11-27"),
            ("mulai_KAMPANYE", "2024-11-23"),
            ("selesai_KAMPANYE", "2024-09-25"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("role=\"alert\"") && html.contains("tanggal selesai mendahului"),
        "{html}"
    );
    assert!(html.contains("value=\"Nama yang diketik\""));
    // A date that is not a date.
    let res = form(
        &c,
        &s,
        "/pemilihan",
        &[
            ("_csrf", csrf.as_str()),
            ("jenis", "PILKADA"),
            ("nama", "X"),
            ("tgl_pemungutan", "27/11/2024"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("tanggal tidak sah"));
    // Nothing was written.
    let a = token(&s, "admin.a").await;
    let (_, d) = get(&s, &a, "/api/v1/pemilihan").await;
    assert_eq!(d.as_array().unwrap().len(), 0);
    // Bad JSON on the API: an Indonesian input error, not a 500.
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/pemilihan", s.url))
        .bearer_auth(&a)
        .header("content-type", "application/json")
        .body("{\"jenis\": 1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(
        v["error"]["pesan"]
            .as_str()
            .unwrap()
            .starts_with("isi permintaan bukan JSON")
    );
    let (st, _) = post(&s, &a, "/api/v1/templat", json!({"awal": "SEPULUH"})).await;
    assert_eq!(st, 422);
    // Odd input anywhere is a 4xx, never a 500.
    let (tid, kid) = siapkan(&s, &a).await;
    for (path, body) in [
        (
            "/api/v1/kampanye",
            json!({"nama": "X", "template_id": tid, "tenggat": [null, null, null, null, null, "2024-01-01"]}),
        ),
        (
            "/api/v1/kampanye",
            json!({"nama": "X", "template_id": tid, "tahap": [{"nama": "A", "sifat": "KETAT", "anggota": {"menurut": "ENTAH"}}]}),
        ),
        (
            "/api/v1/kampanye",
            json!({"nama": "X", "template_id": tid, "dibuka": "besok"}),
        ),
        (
            "/api/v1/kampanye",
            json!({"nama": "X", "template_id": tid, "jenis_pegawai": ["TNI"]}),
        ),
        (
            "/api/v1/templat",
            json!({"isi": {"judul": "", "butir": [], "berlaku_untuk": [], "mode": "INDIVIDU"}}),
        ),
        ("/api/v1/templat/abc/sahkan", json!({"oleh": "X"})),
        ("/api/v1/templat/999999/sahkan", json!({"oleh": "X"})),
        (
            "/api/v1/tanda-tangan/999999/batal",
            json!({"alasan": "Alasan yang cukup panjang"}),
        ),
        ("/api/v1/ikrar/999999/hadir", json!({"masukan": ["1"]})),
        (
            "/api/v1/ikrar",
            json!({"jenis": "IKRAR", "nama": "X", "tanggal": "kemarin"}),
        ),
    ] {
        let (st, v) = post(&s, &a, path, body).await;
        assert!(st.is_client_error(), "{path}: {st} {v}");
    }
    for path in [
        format!("/api/v1/kampanye/{kid}/progres?unit=999999"),
        "/api/v1/kampanye/999999/progres".to_string(),
        "/api/v1/tanda-tangan?status=entah".to_string(),
        "/api/v1/tanda-tangan?kampanye=999999".to_string(),
        "/api/v1/tanda-tangan/abc".to_string(),
    ] {
        let (st, v) = get(&s, &a, &path).await;
        assert!(st.is_client_error(), "{path}: {st} {v}");
    }
    for path in [
        "/kampanye/999999",
        "/ttd/999999",
        "/templat/abc",
        "/ikrar/999999",
        "/kampanye/1/unduh/belum.xlsx?unit=x",
    ] {
        let (st, _) = teks(&c, &s, path).await;
        assert!(st.is_client_error(), "{path}: {st}");
    }
}

async fn csrf(s: Server) {
    dua_pemda(&s).await;
    let c = masuk(&s, "admin.a").await;
    for path in ["/pemilihan", "/templat", "/kampanye"] {
        let res = form(
            &c,
            &s,
            path,
            &[("nama", "Tanpa token"), ("jenis", "PILKADA")],
        )
        .await;
        assert_eq!(res.status(), 403, "{path}");
        assert!(res.text().await.unwrap().contains("CSRF"));
        let res = form(&c, &s, path, &[("_csrf", "palsu"), ("nama", "Token palsu")]).await;
        assert_eq!(res.status(), 403, "{path}");
    }
}

async fn peran(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    siapkan(&s, &a).await;
    // The satgas operator has neither KelolaPakta nor LihatProgres.
    let satgas = token(&s, "satgas.a").await;
    let (st, _) = post(
        &s,
        &satgas,
        "/api/v1/pemilihan",
        json!({"jenis": "PILKADA", "nama": "X", "tgl_pemungutan": "2024-11-27"}),
    )
    .await;
    assert_eq!(st, 403);
    let (st, _) = get(&s, &satgas, "/api/v1/kampanye").await;
    assert_eq!(st, 403);
    // The auditor watches progress but does not manage pacts.
    let auditor = token(&s, "auditor.a").await;
    let (st, k) = get(&s, &auditor, "/api/v1/kampanye").await;
    assert_eq!(st, 200);
    let (_, t) = get(&s, &a, "/api/v1/templat").await;
    let (st, _) = post(
        &s,
        &auditor,
        "/api/v1/kampanye",
        json!({"nama": "X", "template_id": t[0]["id"]}),
    )
    .await;
    assert_eq!(st, 403);
    let (st, _) = post(&s, &auditor, "/api/v1/templat", json!({"awal": "SKB_4"})).await;
    assert_eq!(st, 403);
    assert_eq!(k.as_array().unwrap().len(), 1);
    // Pages: 403 for the satgas operator; the auditor sees campaigns without the form.
    let c = masuk(&s, "satgas.a").await;
    for path in ["/pemilihan", "/templat", "/kampanye"] {
        let (st, _) = teks(&c, &s, path).await;
        assert_eq!(st, 403, "{path}");
    }
    let c = masuk(&s, "auditor.a").await;
    let (st, html) = teks(&c, &s, "/kampanye").await;
    assert_eq!(st, 200);
    assert!(html.contains("Pakta Netralitas 2024") && !html.contains("Buat kampanye"));
    let csrf = nilai_input(&html, "_csrf");
    let res = form(
        &c,
        &s,
        "/pemilihan",
        &[
            ("_csrf", csrf.as_str()),
            ("jenis", "PILKADA"),
            ("nama", "Bukan haknya"),
            ("tgl_pemungutan", "2024-11-27"),
        ],
    )
    .await;
    assert_eq!(res.status(), 403);
}

/// Every staff operation of issue #4 is in the OpenAPI document under its exact id.
pub const OPERASI: &[&str] = &[
    "createPemilihan",
    "listPemilihan",
    "createTemplate",
    "approveTemplate",
    "listTemplates",
    "createKampanye",
    "listKampanye",
    "recordPaperSignature",
    "recordPerwakilan",
    "recordSaksi",
    "revokeSignature",
    "listSignatures",
    "getSignature",
    "getSignaturePdf",
    "getProgress",
    "createIkrar",
    "recordAttendance",
    "sendReminders",
    "exportNonSigners",
];

async fn openapi(s: Server) {
    let res = reqwest::get(format!("{}/api/v1/openapi.json", s.url))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    let mut ids = Vec::new();
    for (_, item) in doc["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            if let Some(id) = op["operationId"].as_str() {
                ids.push(id.to_string());
            }
        }
    }
    for id in OPERASI {
        assert!(ids.iter().any(|i| i == id), "operationId {id} missing");
    }
}

pub const NIP_ANDI: &str = "198609262015051001";
pub const NIP_SITI: &str = "199001012019032002";
pub const NI_BUDI: &str = "199203152022211003";

/// A tiny PDF, enough for the evidence check (type by content).
pub const PINDAIAN: &[u8] =
    b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

pub(crate) async fn unggah_kertas(
    s: &Server,
    tok: &str,
    kid: i64,
    nip: &str,
) -> (StatusCode, Value) {
    let form = reqwest::multipart::Form::new()
        .text("kampanye_id", kid.to_string())
        .text("pegawai_nip", nip.to_string())
        .part(
            "berkas",
            reqwest::multipart::Part::bytes(PINDAIAN.to_vec())
                .file_name("pindaian.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/tanda-tangan/kertas", s.url))
        .bearer_auth(tok)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let st = res.status();
    (st, res.json().await.unwrap_or(Value::Null))
}

async fn sudah(s: &Server, tok: &str, kid: i64) -> u64 {
    let (st, p) = get(s, tok, &format!("/api/v1/kampanye/{kid}/progres")).await;
    assert_eq!(st, 200, "{p}");
    p["total"]["sudah"].as_u64().unwrap()
}

async fn kertas_api(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (_, kid) = siapkan(&s, &a).await;
    assert_eq!(sudah(&s, &a, kid).await, 0);

    let (st, t) = unggah_kertas(&s, &a, kid, NIP_ANDI).await;
    assert_eq!(st, 201, "{t}");
    assert_eq!(t["metode"], "KERTAS_PINDAI");
    assert_eq!(t["hash_daun"].as_str().unwrap().len(), 64);
    let id = t["id"].as_i64().unwrap();

    // In the list, with the scan's hash, and in progress.
    let (st, l) = get(&s, &a, &format!("/api/v1/tanda-tangan?kampanye={kid}")).await;
    assert_eq!(st, 200, "{l}");
    assert_eq!(l["total"], 1);
    assert_eq!(l["items"][0]["id"], id);
    assert_eq!(l["items"][0]["nip"], NIP_ANDI);
    assert_eq!(l["items"][0]["aktif"], true);
    let sha = l["items"][0]["bukti_hash"].as_str().unwrap().to_string();
    assert_eq!(sha.len(), 64);
    let (_, p) = get(&s, &a, &format!("/api/v1/kampanye/{kid}/progres")).await;
    assert_eq!(p["total"]["sudah"], 1);
    assert_eq!(p["per_metode"][0]["kunci"], "KERTAS_PINDAI");
    assert_eq!(p["per_metode"][0]["jumlah"], 1);
    assert_eq!(p["per_jam"].as_array().unwrap().len(), 1);
    let (_, l) = get(&s, &a, "/api/v1/tanda-tangan?metode=KIOSK").await;
    assert_eq!(l["total"], 0);
    // Drill-down: Andi sits directly in Dinas Sosial; its subtree counts him.
    let anak = p["anak"].as_array().unwrap();
    assert_eq!(anak.len(), 2, "{p}");
    let dinsos = anak.iter().find(|u| u["nama"] == "Dinas Sosial").unwrap();
    assert_eq!(dinsos["angka"]["sudah"], 1);
    assert_eq!(dinsos["angka"]["wajib"], 2);
    assert_eq!(dinsos["punya_anak"], true);
    let (st, d) = get(
        &s,
        &a,
        &format!("/api/v1/kampanye/{kid}/progres?unit={}", dinsos["id"]),
    )
    .await;
    assert_eq!(st, 200, "{d}");
    assert_eq!(d["jalur"][0]["nama"], "Dinas Sosial");
    assert_eq!(d["langsung"]["sudah"], 1);
    assert_eq!(d["anak"][0]["nama"], "Bidang Rehabilitasi");
    let (_, l) = get(
        &s,
        &a,
        &format!("/api/v1/tanda-tangan?unit={}", d["anak"][0]["id"]),
    )
    .await;
    assert_eq!(l["total"], 0);
    let (st, _) = get(&s, &a, &format!("/api/v1/kampanye/{kid}/progres?unit=abc")).await;
    assert_eq!(st, 422);

    // The same person again: refused, nothing new.
    let (st, e) = unggah_kertas(&s, &a, kid, NIP_ANDI).await;
    assert!(st.is_client_error(), "{st} {e}");
    // Not a PDF or image: refused as input.
    let form = reqwest::multipart::Form::new()
        .text("kampanye_id", kid.to_string())
        .text("pegawai_nip", NIP_SITI)
        .part(
            "berkas",
            reqwest::multipart::Part::bytes(b"bukan pindaian".to_vec()).file_name("x.txt"),
        );
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/tanda-tangan/kertas", s.url))
        .bearer_auth(&a)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    // Unknown NIP, and not multipart at all.
    let (st, _) = unggah_kertas(&s, &a, kid, "199912312020121999").await;
    assert_eq!(st, 422);
    let (st, e) = post(&s, &a, "/api/v1/tanda-tangan/kertas", json!({})).await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(sudah(&s, &a, kid).await, 1);

    // Revocation: a short reason is an input error and changes nothing.
    let (st, e) = post(
        &s,
        &a,
        &format!("/api/v1/tanda-tangan/{id}/batal"),
        json!({"alasan": "salah"}),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    assert!(
        e["error"]["pesan"]
            .as_str()
            .unwrap()
            .contains("alasan pembatalan"),
        "{e}"
    );
    assert_eq!(sudah(&s, &a, kid).await, 1);
    let (st, b) = post(
        &s,
        &a,
        &format!("/api/v1/tanda-tangan/{id}/batal"),
        json!({"alasan": "Pindaian tertukar dengan pegawai lain"}),
    )
    .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["aktif"], false);
    assert_eq!(sudah(&s, &a, kid).await, 0);
    let (_, d) = get(&s, &a, &format!("/api/v1/tanda-tangan/{id}")).await;
    assert_eq!(
        d["pembatalan"]["alasan"],
        "Pindaian tertukar dengan pegawai lain"
    );
    let (_, l) = get(&s, &a, "/api/v1/tanda-tangan?status=batal").await;
    assert_eq!(l["total"], 1);
    let (st, _) = post(
        &s,
        &a,
        &format!("/api/v1/tanda-tangan/{id}/batal"),
        json!({"alasan": "Sekali lagi dibatalkan"}),
    )
    .await;
    assert!(st.is_client_error());
    // After revocation the person may sign again.
    let (st, t2) = unggah_kertas(&s, &a, kid, NIP_ANDI).await;
    assert_eq!(st, 201, "{t2}");
    assert_eq!(sudah(&s, &a, kid).await, 1);

    // Another Pemda cannot see or revoke it.
    let b = token(&s, "admin.b").await;
    let (st, _) = get(&s, &b, &format!("/api/v1/tanda-tangan/{}", t2["id"])).await;
    assert_eq!(st, 404);
    let (st, _) = post(
        &s,
        &b,
        &format!("/api/v1/tanda-tangan/{}/batal", t2["id"]),
        json!({"alasan": "Bukan milik kami sama sekali"}),
    )
    .await;
    assert_eq!(st, 404);
    // The auditor reads but does not record.
    let auditor = token(&s, "auditor.a").await;
    let (st, _) = get(&s, &auditor, "/api/v1/tanda-tangan").await;
    assert_eq!(st, 200);
    let (st, _) = unggah_kertas(&s, &auditor, kid, NIP_SITI).await;
    assert_eq!(st, 403);
    let (st, _) = post(
        &s,
        &auditor,
        &format!("/api/v1/tanda-tangan/{}/batal", t2["id"]),
        json!({"alasan": "Auditor tidak berwenang"}),
    )
    .await;
    assert_eq!(st, 403);
}

async fn saksi_ikrar(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (_, kid) = siapkan(&s, &a).await;
    let (_, t) = unggah_kertas(&s, &a, kid, NIP_SITI).await;
    let id = t["id"].as_i64().unwrap();

    let (st, e) = post(
        &s,
        &a,
        &format!("/api/v1/tanda-tangan/{id}/saksi"),
        json!({"nama": "", "jabatan": "Dandim"}),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    let (st, w) = post(
        &s,
        &a,
        &format!("/api/v1/tanda-tangan/{id}/saksi"),
        json!({"nama": "Letkol Inf. Fulan", "jabatan": "Komandan Kodim", "instansi": "Kodim 0413/Bangka"}),
    )
    .await;
    assert_eq!(st, 201, "{w}");
    assert!(
        w["teks"]
            .as_str()
            .unwrap()
            .contains(t["hash_daun"].as_str().unwrap())
    );
    let (_, d) = get(&s, &a, &format!("/api/v1/tanda-tangan/{id}")).await;
    assert_eq!(d["saksi"].as_array().unwrap().len(), 1);
    assert_eq!(d["saksi"][0]["nama"], "Letkol Inf. Fulan");
    let (st, _) = post(
        &s,
        &a,
        "/api/v1/tanda-tangan/999999/saksi",
        json!({"nama": "X", "jabatan": "Y"}),
    )
    .await;
    assert_eq!(st, 404);

    // Ikrar: a bad line refuses the whole list; then everyone is recorded once.
    let (st, ev) = post(
        &s,
        &a,
        "/api/v1/ikrar",
        json!({"jenis": "DEKLARASI", "nama": "Deklarasi Netralitas ASN", "tanggal": "2024-09-20", "teks": "Kami ASN ... netral"}),
    )
    .await;
    assert_eq!(st, 201, "{ev}");
    assert_eq!(ev["hash_teks"].as_str().unwrap().len(), 64);
    let eid = ev["id"].as_i64().unwrap();
    let (st, e) = post(
        &s,
        &a,
        "/api/v1/ikrar",
        json!({"jenis": "PESTA", "nama": "X", "tanggal": "2024-09-20"}),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    let (st, l) = post(
        &s,
        &a,
        &format!("/api/v1/ikrar/{eid}/hadir"),
        json!({"masukan": [NIP_ANDI, "123"]}),
    )
    .await;
    assert_eq!(st, 422, "{l}");
    assert_eq!(l["dicatat"], 0);
    assert!(l["hasil"][1]["galat"].is_string());
    let (st, l) = post(
        &s,
        &a,
        &format!("/api/v1/ikrar/{eid}/hadir"),
        json!({"masukan": [NIP_ANDI, NIP_SITI]}),
    )
    .await;
    assert_eq!(st, 200, "{l}");
    assert_eq!(l["dicatat"], 2);
    let (_, l) = post(
        &s,
        &a,
        &format!("/api/v1/ikrar/{eid}/hadir"),
        json!({"masukan": [NIP_ANDI]}),
    )
    .await;
    assert_eq!(l["dicatat"], 0);
    let (_, daftar) = get(&s, &a, "/api/v1/ikrar").await;
    assert_eq!(daftar[0]["nama"], "Deklarasi Netralitas ASN");

    // Exports and reminders.
    let res = reqwest::Client::new()
        .get(format!("{}/api/v1/kampanye/{kid}/belum.xlsx", s.url))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    assert!(res.bytes().await.unwrap().starts_with(b"PK"));
    let (st, r) = post(
        &s,
        &a,
        &format!("/api/v1/kampanye/{kid}/pengingat"),
        json!({}),
    )
    .await;
    assert_eq!(st, 200, "{r}");
    assert!(r["diantrekan"].is_u64());
    let (st, _) = post(
        &s,
        &a,
        &format!("/api/v1/kampanye/{kid}/pengingat"),
        json!({}),
    )
    .await;
    assert_eq!(st, 409, "a second round within the pause is refused");
    let auditor = token(&s, "auditor.a").await;
    let (st, _) = post(
        &s,
        &auditor,
        &format!("/api/v1/kampanye/{kid}/pengingat?unit=1"),
        json!({}),
    )
    .await;
    assert_eq!(st, 403);
    // The signature's PDF: a PDF, or a clear refusal while no checkpoint covers it yet.
    let res = reqwest::Client::new()
        .get(format!("{}/api/v1/tanda-tangan/{id}/pdf", s.url))
        .bearer_auth(&a)
        .send()
        .await
        .unwrap();
    let st = res.status();
    assert!(st == 200 || st.is_client_error(), "{st}");
    if st == 200 {
        assert_eq!(res.headers()["content-type"], "application/pdf");
        assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
    }
}

async fn perwakilan(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (_, _) = siapkan(&s, &a).await;
    let (_, t) = post(
        &s,
        &a,
        "/api/v1/templat",
        json!({"awal": "SKB_4", "mode": "PERWAKILAN"}),
    )
    .await;
    let tid = t["id"].as_i64().unwrap();
    post(
        &s,
        &a,
        &format!("/api/v1/templat/{tid}/sahkan"),
        json!({"oleh": "Sekda"}),
    )
    .await;
    let (st, k) = post(
        &s,
        &a,
        "/api/v1/kampanye",
        json!({"nama": "Atas nama unit", "template_id": tid,
               "tahap": [{"nama": "Semua", "sifat": "ANJURAN", "anggota": {"menurut": "SISANYA"}}]}),
    )
    .await;
    assert_eq!(st, 201, "{k}");
    let kid = k["id"].as_i64().unwrap();
    let (_, peg) = get(&s, &a, &format!("/api/v1/pegawai?q={NIP_SITI}")).await;
    let siti = peg["items"][0]["id"].as_i64().unwrap();
    let kirim = |form: reqwest::multipart::Form| {
        let url = format!("{}/api/v1/tanda-tangan/perwakilan", s.url);
        let a = a.clone();
        async move {
            let res = reqwest::Client::new()
                .post(url)
                .bearer_auth(a)
                .multipart(form)
                .send()
                .await
                .unwrap();
            let st = res.status();
            (st, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    // No roster: refused.
    let (st, e) = kirim(
        reqwest::multipart::Form::new()
            .text("kampanye_id", kid.to_string())
            .text("penanda_nip", NIP_ANDI),
    )
    .await;
    assert_eq!(st, 422, "{e}");
    let (st, r) = kirim(
        reqwest::multipart::Form::new()
            .text("kampanye_id", kid.to_string())
            .text("penanda_nip", NIP_ANDI)
            .text("mewakili", siti.to_string())
            .text("mewakili_nip", format!("{NI_BUDI}\n"))
            .text("tempat", "Aula Kantor Wali Kota")
            .part(
                "mandat",
                reqwest::multipart::Part::bytes(PINDAIAN.to_vec()).file_name("mandat.pdf"),
            ),
    )
    .await;
    assert_eq!(st, 201, "{r}");
    assert_eq!(r["metode"], "PERWAKILAN");
    let (_, d) = get(&s, &a, &format!("/api/v1/tanda-tangan/{}", r["id"])).await;
    assert_eq!(d["jumlah_diwakili"], 2);
    assert_eq!(d["mewakili"].as_array().unwrap().len(), 2);
    assert!(d["mandat_hash"].is_string());
    assert!(
        d["catatan_perwakilan"]
            .as_str()
            .unwrap()
            .contains("bukan pernyataan persetujuan pribadi")
    );
}

async fn halaman_ttd(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (_, kid) = siapkan(&s, &a).await;
    let (_, t) = unggah_kertas(&s, &a, kid, NIP_ANDI).await;
    let id = t["id"].as_i64().unwrap();
    let (_, ev) = post(
        &s,
        &a,
        "/api/v1/ikrar",
        json!({"jenis": "IKRAR", "nama": "Ikrar Apel Pagi", "tanggal": "2024-09-20"}),
    )
    .await;
    let eid = ev["id"].as_i64().unwrap();
    let c = masuk(&s, "admin.a").await;
    for (path, kata) in [
        (format!("/kampanye/{kid}"), "Unduh yang belum (XLSX)"),
        (format!("/kampanye/{kid}"), "hx-trigger=\"every 5s\""),
        (format!("/kampanye/{kid}"), "Ikrar Apel Pagi"),
        (format!("/kampanye/{kid}/angka"), "Menurut tahap"),
        (format!("/ttd?kampanye={kid}"), "Andi Wijaya"),
        (format!("/ttd/{id}"), "Batalkan tanda tangan"),
        ("/ttd/kertas".to_string(), "Unggah pakta kertas"),
        (
            "/ttd/perwakilan".to_string(),
            "bukan pernyataan persetujuan pribadi",
        ),
        ("/ikrar".to_string(), "Ikrar Apel Pagi"),
        (format!("/ikrar/{eid}"), "Catat kehadiran"),
        ("/ttd/pilih-pegawai?q=Siti".to_string(), "Siti Aminah"),
    ] {
        let (st, html) = teks(&c, &s, &path).await;
        assert_eq!(st, 200, "{path}");
        assert!(html.contains(kata), "{path}: {kata}");
    }
    // The chart is inline SVG with one bar for the one hour with signatures.
    let (_, html) = teks(&c, &s, &format!("/kampanye/{kid}")).await;
    assert_eq!(html.matches("<rect ").count(), 1);
    assert!(html.contains("<progress max=\"1000\""));
    // Downloads from the dashboard.
    for (berkas, jenis, awal) in [
        ("belum.xlsx", "spreadsheetml", &b"PK"[..]),
        ("rekap.xlsx", "spreadsheetml", &b"PK"[..]),
        ("rekap.pdf", "application/pdf", &b"%PDF-"[..]),
    ] {
        let res = c
            .get(format!("{}/kampanye/{kid}/unduh/{berkas}", s.url))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{berkas}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .contains(jenis),
            "{berkas}"
        );
        assert!(res.bytes().await.unwrap().starts_with(awal), "{berkas}");
    }
    let res = c
        .get(format!("{}/kampanye/{kid}/unduh/semua.zip", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let zip = res.bytes().await.unwrap();
    assert!(zip.starts_with(b"PK"));
    assert!(
        zip.windows(4).any(|w| w == b"PK\x05\x06"),
        "ZIP ends with its directory"
    );
    assert!(zip.windows(12).any(|w| w == b"manifest.csv"));
    let res = c
        .get(format!("{}/kampanye/{kid}/unduh/lain.txt", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Revoke through the page: a short reason is shown again with the reason kept.
    let (_, html) = teks(&c, &s, &format!("/ttd/{id}")).await;
    let csrf = nilai_input(&html, "_csrf");
    let res = form(
        &c,
        &s,
        &format!("/ttd/{id}/batal"),
        &[("alasan", "Alasan cukup panjang")],
    )
    .await;
    assert_eq!(res.status(), 403, "no CSRF token");
    let res = form(
        &c,
        &s,
        &format!("/ttd/{id}/batal"),
        &[("_csrf", csrf.as_str()), ("alasan", "pendek")],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("alasan pembatalan paling sedikit") && html.contains(">pendek</textarea>")
    );
    assert_eq!(sudah(&s, &a, kid).await, 1);
    let res = form(
        &c,
        &s,
        &format!("/ttd/{id}/saksi"),
        &[
            ("_csrf", csrf.as_str()),
            ("nama", "Kapolres"),
            ("jabatan", "Kepala Kepolisian Resor"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let res = form(
        &c,
        &s,
        &format!("/ttd/{id}/batal"),
        &[
            ("_csrf", csrf.as_str()),
            ("alasan", "Salah pegawai, diganti"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(sudah(&s, &a, kid).await, 0);
    let (_, html) = teks(&c, &s, &format!("/ttd/{id}")).await;
    assert!(html.contains("Salah pegawai, diganti") && html.contains("Kapolres"));

    // Paper intake through the page (multipart with CSRF), and attendance by ticks.
    let kertas = |csrf: Option<&str>| {
        let mut f = reqwest::multipart::Form::new()
            .text("kampanye_id", kid.to_string())
            .text("pegawai_nip", NIP_SITI)
            .part(
                "berkas",
                reqwest::multipart::Part::bytes(PINDAIAN.to_vec()).file_name("s.pdf"),
            );
        if let Some(t) = csrf {
            f = f.text("_csrf", t.to_string());
        }
        c.post(format!("{}/ttd/kertas", s.url)).multipart(f).send()
    };
    assert_eq!(kertas(None).await.unwrap().status(), 403);
    let res = kertas(Some(&csrf)).await.unwrap();
    assert_eq!(res.status(), 201);
    assert!(res.text().await.unwrap().contains("Tercatat"));
    assert_eq!(sudah(&s, &a, kid).await, 1);
    let res = form(
        &c,
        &s,
        &format!("/ikrar/{eid}/hadir"),
        &[
            ("_csrf", csrf.as_str()),
            ("hadir", NIP_ANDI),
            ("daftar", NIP_SITI),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("2 kehadiran baru dicatat")
    );
    let res = form(
        &c,
        &s,
        &format!("/ikrar/{eid}/hadir"),
        &[("_csrf", csrf.as_str()), ("daftar", "bukan-nip")],
    )
    .await;
    assert_eq!(res.status(), 422);
    // Reminders through the dashboard: queued once, then refused within the pause.
    let res = form(
        &c,
        &s,
        &format!("/kampanye/{kid}/pengingat"),
        &[("_csrf", csrf.as_str()), ("unit", "")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let lokasi = res.headers()["location"].to_str().unwrap().to_string();
    assert!(
        lokasi.starts_with(&format!("/kampanye/{kid}?dikirim=")),
        "{lokasi}"
    );
    let (_, html) = teks(&c, &s, &lokasi).await;
    assert!(html.contains("pengingat dimasukkan ke antrean kirim"));
    let res = form(
        &c,
        &s,
        &format!("/kampanye/{kid}/pengingat"),
        &[("_csrf", csrf.as_str()), ("unit", "")],
    )
    .await;
    assert_eq!(res.status(), 409);
    assert!(res.text().await.unwrap().contains("role=\"alert\""));
    // A role without KelolaPakta gets 403 on the intake pages.
    let c2 = masuk(&s, "auditor.a").await;
    for path in ["/ttd/kertas", "/ttd/perwakilan", "/ikrar"] {
        let (st, _) = teks(&c2, &s, path).await;
        assert_eq!(st, 403, "{path}");
    }
    let (st, _) = teks(&c2, &s, &format!("/kampanye/{kid}")).await;
    assert_eq!(st, 200, "the auditor watches progress");
    let res = c2
        .get(format!("{}/kampanye/{kid}/unduh/semua.zip", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}
