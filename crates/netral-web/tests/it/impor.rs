//! Importing employees through the API: all-or-nothing, row report, idempotent.

use netral_testkit::Server;
use serde_json::Value;

use crate::{CSV_BAIK, CSV_BURUK, dua_pemda, token};

crate::kedua_backend! {
    impor_buruk_menulis_apa_pun_tidak => impor_buruk;
    impor_baik_lalu_idempoten => impor_baik;
    uji_coba_tidak_menulis => uji_coba;
}

async fn kirim(s: &Server, tok: &str, isi: &str, query: &str) -> (u16, Value) {
    let res = reqwest::Client::new()
        .post(format!(
            "{}/api/v1/pegawai/impor?nama_file=pegawai.csv{query}",
            s.url
        ))
        .bearer_auth(tok)
        .body(isi.to_string())
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn total(s: &Server, tok: &str) -> u64 {
    let v: Value = reqwest::Client::new()
        .get(format!("{}/api/v1/pegawai", s.url))
        .bearer_auth(tok)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["total"].as_u64().unwrap()
}

async fn impor_buruk(s: Server) {
    dua_pemda(&s).await;
    let tok = token(&s, "bkpsdm.a").await;
    let (st, v) = kirim(&s, &tok, CSV_BURUK, "").await;
    assert_eq!(st, 422, "{v}");
    assert_eq!(v["rows"], 5);
    assert_eq!(v["rejected"], 4);
    assert_eq!(v["written"], false);
    assert!(
        v["alasan_batal"]
            .as_str()
            .unwrap()
            .contains("tidak ada data yang ditulis")
    );
    let masalah = v["masalah"].as_array().unwrap();
    let baris: Vec<u64> = masalah
        .iter()
        .filter(|m| m["tingkat"] == "GALAT")
        .map(|m| m["baris"].as_u64().unwrap())
        .collect();
    assert_eq!(baris, vec![3, 4, 5, 6], "{masalah:?}");
    let dup = masalah.iter().find(|m| m["baris"] == 6).unwrap();
    assert!(
        dup["alasan"].as_str().unwrap().contains('2'),
        "names the earlier row: {dup}"
    );
    assert_eq!(total(&s, &tok).await, 0, "nothing written");

    // --skip-invalid writes the one valid row.
    let (st, v) = kirim(&s, &tok, CSV_BURUK, "&skip_invalid=true").await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(v["imported"], 1);
    assert_eq!(total(&s, &tok).await, 1);
}

async fn impor_baik(s: Server) {
    dua_pemda(&s).await;
    let tok = token(&s, "bkpsdm.a").await;
    let (st, v) = kirim(&s, &tok, CSV_BAIK, "").await;
    assert_eq!(st, 200, "{v}");
    assert_eq!(
        (
            v["rows"].as_u64(),
            v["imported"].as_u64(),
            v["rejected"].as_u64()
        ),
        (Some(4), Some(4), Some(0))
    );
    let (_, v) = kirim(&s, &tok, CSV_BAIK, "").await;
    assert_eq!(
        (
            v["imported"].as_u64(),
            v["unchanged"].as_u64(),
            v["written"].as_bool()
        ),
        (Some(0), Some(4), Some(false))
    );
    assert_eq!(total(&s, &tok).await, 4);

    // The superior link was resolved and the unit path built.
    let v: Value = reqwest::Client::new()
        .get(format!("{}/api/v1/pegawai?q=siti", s.url))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = v["items"][0]["id"].as_i64().unwrap();
    let d: Value = reqwest::Client::new()
        .get(format!("{}/api/v1/pegawai/{id}", s.url))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(d["atasan_nama"], "Andi Wijaya");
    assert_eq!(
        d["jalur_unit"],
        serde_json::json!(["Dinas Sosial", "Bidang Rehabilitasi"])
    );

    // The import is in the audit log with the file's hash.
    let audit: Value = reqwest::Client::new()
        .get(format!("{}/api/v1/audit", s.url))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let imp = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["aksi"] == "IMPOR_PEGAWAI")
        .unwrap();
    assert_eq!(imp["aktor"], "user:bkpsdm.a");
    assert!(imp["sesudah"].as_str().unwrap().contains("sha256"));
}

async fn uji_coba(s: Server) {
    dua_pemda(&s).await;
    let tok = token(&s, "admin.a").await;
    let (st, v) = kirim(&s, &tok, CSV_BAIK, "&dry_run=true").await;
    assert_eq!(st, 200);
    assert_eq!(v["imported"], 4);
    assert_eq!(v["written"], false);
    assert_eq!(total(&s, &tok).await, 0);
}
