//! Tenant isolation and role permissions over every route: a user of one instansi cannot
//! read or change another's data, and a role cannot do what it is not granted.

use netral_testkit::Server;
use reqwest::StatusCode;
use serde_json::Value;

use crate::{CSV_BAIK, dua_pemda, masuk, token};

crate::kedua_backend! {
    instansi_lain_tidak_terlihat => isolasi;
    peran_dibatasi => peran;
    tanpa_token_ditolak => tanpa_token;
}

async fn get(s: &Server, tok: &str, path: &str) -> (StatusCode, Value) {
    let res = reqwest::Client::new()
        .get(format!("{}{path}", s.url))
        .bearer_auth(tok)
        .send()
        .await
        .unwrap();
    let st = res.status();
    (st, res.json().await.unwrap_or(Value::Null))
}

async fn isi(s: &Server, tok: &str) {
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/pegawai/impor", s.url))
        .bearer_auth(tok)
        .body(CSV_BAIK)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

async fn isolasi(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let b = token(&s, "admin.b").await;
    isi(&s, &a).await;
    // B imports the very same people (same NIPs): separate records in B.
    isi(&s, &b).await;
    let (_, la) = get(&s, &a, "/api/v1/pegawai").await;
    let (_, lb) = get(&s, &b, "/api/v1/pegawai").await;
    let ids_a: Vec<i64> = la["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    let ids_b: Vec<i64> = lb["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!((ids_a.len(), ids_b.len()), (4, 4));

    // Everything A reads is A's.
    let (_, saya) = get(&s, &a, "/api/v1/saya").await;
    assert_eq!(saya["instansi_kode"], "19.71");
    let (_, r) = get(&s, &a, "/api/v1/ringkasan").await;
    assert_eq!(r["instansi_kode"], "19.71");
    assert_eq!(r["pegawai_aktif"], 4);
    let (_, audit_a) = get(&s, &a, "/api/v1/audit").await;
    assert!(
        audit_a
            .as_array()
            .unwrap()
            .iter()
            .all(|e| !e["sesudah"].as_str().unwrap_or("").contains("Bangka"))
    );

    // B's unit ids, used as a filter by A, are refused or empty; never B's rows.
    let (_, units_b) = get(&s, &b, "/api/v1/unit").await;
    let (_, units_a) = get(&s, &a, "/api/v1/unit").await;
    let unit_ids_a: Vec<i64> = units_a
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    for u in units_b.as_array().unwrap() {
        let id = u["id"].as_i64().unwrap();
        let (st, v) = get(&s, &a, &format!("/api/v1/pegawai?unit={id}")).await;
        if unit_ids_a.contains(&id) {
            // Same numeric id exists in A (ids are per instansi): A sees only A's rows.
            assert!(
                v["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|p| ids_a.contains(&p["id"].as_i64().unwrap()))
            );
        } else {
            assert_eq!(st, 404);
        }
    }
    // B's employee ids read through A return A's record of that id or 404, never B's data.
    for id in &ids_b {
        let (st, v) = get(&s, &a, &format!("/api/v1/pegawai/{id}")).await;
        assert!(st == 404 || ids_a.contains(id), "{st} {v}");
        if st == 200 {
            let (_, vb) = get(&s, &b, &format!("/api/v1/pegawai/{id}")).await;
            assert_eq!(v["id"], vb["id"]);
            // Same id, different tenants: A's row, not B's (B's was imported later).
            let (_, saya_b) = get(&s, &b, "/api/v1/saya").await;
            assert_eq!(saya_b["instansi_kode"], "19.01");
        }
    }

    // The same holds for pages through a session.
    let ca = masuk(&s, "admin.a").await;
    let html = ca
        .get(format!("{}/dasbor", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Kota Pangkalpinang") && !html.contains("Kabupaten Bangka"));
    let res = ca
        .get(format!("{}/pegawai/999999", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("tidak ditemukan"));
}

async fn peran(s: Server) {
    dua_pemda(&s).await;
    let auditor = token(&s, "auditor.a").await;
    let satgas = token(&s, "satgas.a").await;
    let bkpsdm = token(&s, "bkpsdm.a").await;
    // Import needs KelolaRegistri.
    for (tok, boleh) in [(&auditor, false), (&satgas, false), (&bkpsdm, true)] {
        let res = reqwest::Client::new()
            .post(format!("{}/api/v1/pegawai/impor?dry_run=true", s.url))
            .bearer_auth(tok)
            .body(CSV_BAIK)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status() == 200, boleh, "{}", res.status());
        if !boleh {
            assert_eq!(res.status(), 403);
            let v: Value = res.json().await.unwrap();
            assert_eq!(v["error"]["kode"], "NT-403");
            assert_eq!(
                v["error"]["pesan"],
                "Anda tidak berwenang melakukan tindakan ini"
            );
        }
    }
    // The audit log needs LihatAudit.
    assert_eq!(get(&s, &auditor, "/api/v1/audit").await.0, 200);
    assert_eq!(get(&s, &satgas, "/api/v1/audit").await.0, 403);
    // Everyone may read the registry.
    assert_eq!(get(&s, &satgas, "/api/v1/pegawai").await.0, 200);

    // Pages: the satgas operator cannot open import or audit; the menu hides them.
    let c = masuk(&s, "satgas.a").await;
    assert_eq!(
        c.get(format!("{}/impor", s.url))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        c.get(format!("{}/audit", s.url))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let menu = c
        .get(format!("{}/dasbor", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!menu.contains("href=\"/impor\""));

    // Only the CLI registers Pemda; only an admin of the same instansi creates accounts.
    let pelaku = netral_app::Pelaku::Pengguna(
        s.app
            .store
            .user_by_username("admin.b")
            .await
            .unwrap()
            .unwrap()
            .0,
    );
    let lintas = s
        .app
        .tambah_user(
            &pelaku,
            netral_app::akun::FormUser {
                instansi_kode: "19.71".into(),
                username: "penyusup".into(),
                nama: None,
                peran: "ADMIN".into(),
                unit_id: None,
                sandi: Some("sandi-panjang-sekali".into()),
            },
        )
        .await;
    assert!(matches!(lintas, Err(netral_app::AppError::TidakBerwenang)));
}

async fn tanpa_token(s: Server) {
    dua_pemda(&s).await;
    for path in [
        "/api/v1/saya",
        "/api/v1/pegawai",
        "/api/v1/unit",
        "/api/v1/audit",
        "/api/v1/ringkasan",
        "/api/v1/pegawai/1",
    ] {
        let res = reqwest::get(format!("{}{path}", s.url)).await.unwrap();
        assert_eq!(res.status(), 401, "{path}");
        let (st, v) = get(&s, "ntl_palsu", path).await;
        assert_eq!(st, 401, "{path}");
        assert_eq!(v["error"]["kode"], "NT-401");
    }
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/pegawai/impor", s.url))
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // Pages redirect to the login form.
    let res = crate::klien()
        .get(format!("{}/pegawai", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/masuk");
}
