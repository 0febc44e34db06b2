//! The public verification page `/v/{leaf_hash}` and `/api/v1/verify/{leaf_hash}`: a record
//! in the log and covered by a signed checkpoint is genuine (and its proof verifies with
//! what the server publishes); anything else is a friendly `valid: false`.

use netral_domain::entri::{Entri, JenisEntri, Pengenal};
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::CosignerKey;
use netral_ledger::note::Verifier;
use netral_ledger::proof::verify_inclusion;
use netral_ledger::{Hash, leaf_hash};
use netral_store::DaunBaru;
use netral_testkit::Server;
use reqwest::StatusCode;
use serde_json::Value;

crate::kedua_backend! {
    verifikasi_asli => asli;
    verifikasi_tidak_sah => tidak_sah;
    verifikasi_menunggu_checkpoint => menunggu_checkpoint;
    verifikasi_tanda_tangan_pakta => tanda_tangan;
}

fn entri(i: u64) -> Vec<u8> {
    Entri {
        jenis: JenisEntri::TandaTangan,
        instansi: "19.71".into(),
        pengenal: vec![
            Pengenal::Angka(2029),
            Pengenal::Angka(1),
            Pengenal::Teks(format!("PK-{i:04}")),
        ],
        waktu_ms: 1_750_000_000_000 + i * 1000,
        hash_isi: [(i % 251) as u8; 32],
        komitmen: Some([(i % 13) as u8 + 100; 32]),
    }
    .encode()
    .unwrap()
}

async fn siapkan(s: &Server, n: u64) -> netral_domain::organisasi::Instansi {
    netral_testkit::pemda(&s.app, "19.71", "Kota Pangkalpinang", "KOTA", &[]).await;
    netral_testkit::pemda(&s.app, "19.01", "Kabupaten Bangka", "KAB", &[]).await;
    let i = s.app.instansi_wajib("19.71").await.unwrap();
    let daun: Vec<DaunBaru> = (0..n).map(|k| DaunBaru::baru(entri(k))).collect();
    s.app.store.tambah_daun(i.id, &daun).await.unwrap();
    // One sequencer step: integrate and sign a checkpoint covering them.
    s.app.langkah_log().await.unwrap();
    i
}

async fn ambil(s: &Server, path: &str) -> (StatusCode, String) {
    let res = reqwest::get(format!("{}{path}", s.url)).await.unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn ambil_inggris(s: &Server, path: &str) -> String {
    let res = reqwest::Client::new()
        .get(format!("{}{path}", s.url))
        .header("cookie", "bahasa=en")
        .send()
        .await
        .unwrap();
    res.text().await.unwrap()
}

async fn openapi(s: &Server) -> Value {
    let res = reqwest::get(format!("{}/api/v1/openapi.json", s.url))
        .await
        .unwrap();
    res.json().await.unwrap()
}

async fn json(s: &Server, hash: &str) -> Value {
    let res = reqwest::get(format!("{}/api/v1/verify/{hash}", s.url))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "always 200 with a verdict");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    res.json().await.unwrap()
}

fn hashes(v: &Value) -> Vec<Hash> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            hex::decode(h.as_str().unwrap())
                .unwrap()
                .try_into()
                .unwrap()
        })
        .collect()
}

async fn asli(s: Server) {
    let i = siapkan(&s, 20).await;
    // A witness cosignature stored with the checkpoint is listed (not checked here).
    let baris = {
        use base64::Engine;
        let sig = base64::engine::general_purpose::STANDARD.encode([9u8, 9, 9, 9, 1, 2, 3]);
        format!("— saksi.example/bawaslu {sig}")
    };
    // A witness whose key the server knows (`--witness`): its cosignature is checked; one
    // "by" another known witness that does not verify is shown as not valid.
    let (_, vkey) = ambil(&s, "/log/19.71/vkey").await;
    let v = Verifier::from_vkey(vkey.trim()).unwrap();
    let (_, teks) = ambil(&s, "/log/19.71/checkpoint").await;
    let (cp, _) = Checkpoint::open(&teks, &[&v]).unwrap();
    let bkn = CosignerKey::from_seed("saksi.example/bkn", [3; 32]).unwrap();
    let palsu = CosignerKey::from_seed("saksi.example/palsu", [4; 32]).unwrap();
    s.app.kenal_saksi(bkn.verifier());
    s.app.kenal_saksi(palsu.verifier());
    let asli_bkn = bkn.cosign(&cp.body(), 1_750_000_100).unwrap().to_line();
    let mut tiruan = palsu.cosign(&cp.body(), 1_750_000_100).unwrap();
    tiruan.sig[20] ^= 1;
    let tiruan = tiruan.to_line();
    s.app
        .terima_kosignatur(
            &i,
            20,
            &[
                baris.clone(),
                asli_bkn.trim_end().to_string(),
                tiruan.trim_end().to_string(),
            ],
        )
        .await
        .unwrap();

    let lh = leaf_hash(&entri(7));
    let hx = hex::encode(lh);
    let b = json(&s, &hx).await;
    assert_eq!(b["valid"], true, "{b}");
    assert_eq!(b["status"], "genuine");
    assert_eq!(b["kind"], "tanda_tangan");
    assert_eq!(b["leaf_index"], 7);
    assert_eq!(b["tree_size"], 20);
    assert_eq!(b["instansi_kode"], "19.71");
    assert_eq!(b["instansi_nama"], "Kota Pangkalpinang");
    assert_eq!(
        b["entry"]["ids"],
        serde_json::json!(["2029", "1", "PK-0007"])
    );
    assert_eq!(b["entry"]["content_hash"], hex::encode([7u8; 32]));
    assert_eq!(b["entry"]["has_commitment"], true);
    assert_eq!(b["cosignatures"][0]["name"], "saksi.example/bawaslu");
    assert_eq!(b["cosignatures"][0]["checked"], false);
    assert_eq!(b["cosignatures"][1]["name"], "saksi.example/bkn");
    assert_eq!(b["cosignatures"][1]["checked"], true);
    assert_eq!(b["cosignatures"][1]["valid"], true);
    assert_eq!(b["cosignatures"][1]["time"], "2025-06-15T15:08:20.000Z");
    assert_eq!(b["cosignatures"][2]["checked"], true);
    assert_eq!(b["cosignatures"][2]["valid"], false);
    // No personal data, not even the commitment.
    assert!(!b.to_string().contains(&hex::encode([107u8; 32])));
    // Client-side: the proof verifies against the checkpoint, opened with the published
    // vkey only.
    let (cp, _) = Checkpoint::open(b["checkpoint"].as_str().unwrap(), &[&v]).unwrap();
    assert_eq!(cp.size, 20);
    verify_inclusion(7, 20, &lh, &hashes(&b["inclusion_proof"]), &cp.root).unwrap();
    assert!(
        b["checkpoint"]
            .as_str()
            .unwrap()
            .contains(&format!("{baris}\n"))
    );
    // Uppercase hex is the same leaf.
    let b = json(&s, &hx.to_uppercase()).await;
    assert_eq!(b["valid"], true, "{b}");

    // The page.
    let res = reqwest::get(format!("{}/v/{hx}", s.url)).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"].to_str().unwrap(), "no-cache");
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    let html = res.text().await.unwrap();
    assert!(html.contains("<html lang=\"id\">"), "{html}");
    assert!(
        html.contains(
            "ASLI — tercatat dalam log Kota Pangkalpinang dan dicakup checkpoint yang ditandatangani"
        ),
        "{html}"
    );
    assert!(!html.contains("<script"), "no scripts on the public page");
    assert!(html.contains("saksi.example/bawaslu"));
    assert!(html.contains("kosignatur diperiksa di sini: sah"));
    assert!(html.contains("kosignatur diperiksa di sini: TIDAK SAH"));
    assert!(html.contains("ada, tidak diperiksa di sini"));
    assert!(html.contains("Pakta yang ditandatangani"));

    // Snapshot with the volatile parts (key, signature, signing time) redacted.
    let mut tersunting = html.clone();
    let teks = b["checkpoint"].as_str().unwrap();
    for baris in teks.lines().filter(|l| l.starts_with("— localhost/")) {
        let sig = baris.rsplit(' ').next().unwrap();
        tersunting = tersunting.replace(sig, "[tanda-tangan]");
    }
    let waktu = chrono::DateTime::parse_from_rfc3339(b["checkpoint_time"].as_str().unwrap())
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
        .format("%d-%m-%Y %H:%M:%S WIB")
        .to_string();
    tersunting = tersunting.replace(&waktu, "[waktu-checkpoint]");
    insta::assert_snapshot!("verifikasi_asli", tersunting);

    // In English with the language cookie.
    let html = ambil_inggris(&s, &format!("/v/{hx}")).await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("GENUINE — recorded in the log of Kota Pangkalpinang"));

    // The form and its redirect.
    let (st, html) = ambil(&s, "/v").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("name=\"leaf_hash\""));
    let res = crate::klien()
        .get(format!("{}/v?leaf_hash=%20{hx}%20", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()["location"].to_str().unwrap(),
        format!("/v/{hx}")
    );

    // Documented, public.
    let api = openapi(&s).await;
    let get = &api["paths"]["/api/v1/verify/{leaf_hash}"]["get"];
    assert_eq!(get["operationId"], "verifyLeaf");
    assert_eq!(get["security"], serde_json::json!([{}]), "{get}");
}

async fn tidak_sah(s: Server) {
    siapkan(&s, 5).await;
    let hx = hex::encode(leaf_hash(&entri(3)));
    assert_eq!(json(&s, &hx).await["valid"], true);

    // A random hash, and the real one with one hex digit changed.
    let mut ubah = hx.clone().into_bytes();
    ubah[10] = if ubah[10] == b'0' { b'1' } else { b'0' };
    let ubah = String::from_utf8(ubah).unwrap();
    for h in [hex::encode([0x5au8; 32]), ubah] {
        let b = json(&s, &h).await;
        assert_eq!(b["valid"], false, "{h}: {b}");
        assert_eq!(b["status"], "not_found");
        assert!(b["reason"].as_str().unwrap().contains("Tidak ada catatan"));
        assert!(b["inclusion_proof"].as_array().unwrap().is_empty());
        let (st, html) = ambil(&s, &format!("/v/{h}")).await;
        assert_eq!(st, StatusCode::OK);
        assert!(html.contains("TIDAK DITEMUKAN / TIDAK SAH"), "{html}");
        assert!(!html.contains("ASLI"));
    }

    // Malformed: a friendly page and `valid: false` with a reason.
    for h in [
        "xyz",
        &hx[..63],
        &format!("{hx}0"),
        &format!("{}zz", &hx[..62]),
    ] {
        let b = json(&s, h).await;
        assert_eq!(b["valid"], false, "{h}: {b}");
        assert_eq!(b["status"], "malformed");
        assert!(b["reason"].as_str().unwrap().contains("64 digit"));
        let (st, html) = ambil(&s, &format!("/v/{h}")).await;
        assert_eq!(st, StatusCode::OK);
        assert!(html.contains("<html lang=\"id\">"));
        assert!(html.contains("TIDAK DITEMUKAN / TIDAK SAH"));
        assert!(html.contains("harus 64 digit heksadesimal"));
        assert!(!html.contains("Terjadi kesalahan"), "not an error page");
    }
    // Pasted garbage in the form is answered in place, not redirected.
    let res = crate::klien()
        .get(format!("{}/v?leaf_hash=%3Cscript%3E", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("TIDAK DITEMUKAN / TIDAK SAH"));
    assert!(!html.contains("<script>"));
}

async fn menunggu_checkpoint(s: Server) {
    let i = siapkan(&s, 3).await;
    // Appended after the last checkpoint: in the log but not verifiable yet.
    s.app
        .store
        .tambah_daun(i.id, &[DaunBaru::baru(entri(3))])
        .await
        .unwrap();
    let hx = hex::encode(leaf_hash(&entri(3)));
    let b = json(&s, &hx).await;
    assert_eq!(b["valid"], false, "{b}");
    assert_eq!(b["status"], "awaiting_checkpoint");
    assert_eq!(b["leaf_index"], 3);
    assert!(b["tree_size"].is_null());
    let (st, html) = ambil(&s, &format!("/v/{hx}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("menunggu checkpoint berikutnya"), "{html}");
    assert!(!html.contains("ASLI"));

    // The next sequencer step makes it genuine.
    s.app.langkah_log().await.unwrap();
    let b = json(&s, &hx).await;
    assert_eq!(b["valid"], true, "{b}");
    assert_eq!(b["tree_size"], 4);
}

/// Records Siti's wet-ink signature through the staff API and one sequencer step.
async fn ttd_kertas(s: &Server, tok: &str) -> (i64, String) {
    let (_, kid) = crate::pakta::siapkan(s, tok).await;
    let (st, t) = crate::pakta::unggah_kertas(s, tok, kid, crate::pakta::NIP_SITI).await;
    assert_eq!(st, StatusCode::CREATED, "{t}");
    s.app.langkah_log().await.unwrap();
    (
        t["id"].as_i64().unwrap(),
        t["hash_daun"].as_str().unwrap().to_string(),
    )
}

/// The `/v/…` links of a page, in order.
fn tautan_v(html: &str) -> Vec<String> {
    html.split("href=\"/v/")
        .skip(1)
        .filter_map(|p| p.split('"').next())
        .map(String::from)
        .collect()
}

async fn tanda_tangan(s: Server) {
    use crate::pakta::{NIP_SITI, post};
    crate::dua_pemda(&s).await;
    let a = crate::token(&s, "admin.a").await;
    let (id, hx) = ttd_kertas(&s, &a).await;

    // The page: genuine, in force, the pact, the masked signer, never the full name or NIP.
    let (st, html) = ambil(&s, &format!("/v/{hx}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("vonis-asli"), "{html}");
    assert!(html.contains("ASLI"));
    assert!(html.contains("data-status=\"AKTIF\""), "{html}");
    assert!(html.contains("Berlaku — tanda tangan aktif"));
    assert!(html.contains("Pakta Integritas Netralitas"), "{html}");
    assert!(html.contains("S*** A*****"), "{html}");
    assert!(html.contains("1990**********2002"), "{html}");
    assert!(!html.contains("Siti Aminah"), "full name leaked");
    assert!(!html.contains(NIP_SITI), "full NIP leaked");
    assert!(html.contains("Tanda tangan basah di kertas, dipindai"));
    assert!(html.contains("Bidang Rehabilitasi"), "unit shown: {html}");
    assert!(html.contains("WIB"));
    assert!(html.contains("Belum ada pernyataan saksi"));
    assert!(
        html.contains("Isi yang tersimpan di server"),
        "record check listed"
    );

    // The JSON twin, same masked fields; the record's nonce never appears.
    let b = json(&s, &hx).await;
    assert_eq!(b["valid"], true, "{b}");
    assert_eq!(b["kind"], "tanda_tangan");
    assert!(b["leaf_index"].is_u64() && b["checkpoint"].is_string());
    assert!(!b["inclusion_proof"].as_array().unwrap().is_empty() || b["tree_size"] == 1);
    let d = &b["tanda_tangan"];
    assert_eq!(d["status"], "AKTIF", "{b}");
    assert_eq!(d["signer_name_masked"], "S*** A*****");
    assert_eq!(d["nip_masked"], "1990**********2002");
    assert_eq!(d["method"], "KERTAS_PINDAI");
    assert_eq!(d["employment_type"], "PNS");
    assert_eq!(d["template_hash"].as_str().unwrap().len(), 64);
    assert!(
        d["pact_title"]
            .as_str()
            .unwrap()
            .starts_with("Pakta Integritas"),
        "{d}"
    );
    assert!(d["revocation"].is_null());
    let teks = b.to_string();
    assert!(!teks.contains("Siti Aminah") && !teks.contains(NIP_SITI));
    assert!(!teks.contains("nonce"));
    assert!(
        b["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["check"] == "record_matches" && c["passed"] == true)
    );

    // Snapshot of the signature section, the signing time and leaf hash redacted.
    let waktu = d["time"].as_str().unwrap();
    let wib = chrono::DateTime::parse_from_rfc3339(waktu)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(7 * 3600).unwrap())
        .format("%d-%m-%Y %H:%M:%S WIB")
        .to_string();
    let awal = html.find("<section id=\"tanda-tangan\"").unwrap();
    let akhir = awal + html[awal..].find("</section>").unwrap();
    let bagian = html[awal..akhir]
        .replace(waktu, "[waktu-utc]")
        .replace(&wib, "[waktu-wib]")
        .replace(&hx, "[hash-daun]");
    insta::assert_snapshot!("verifikasi_tanda_tangan", bagian);

    // A witness statement: listed on the signature's page; its own page links back.
    let (st, w) = post(
        &s,
        &a,
        &format!("/api/v1/tanda-tangan/{id}/saksi"),
        serde_json::json!({"nama": "Letkol Inf. Fulan", "jabatan": "Komandan Kodim", "instansi": "Kodim 0413/Bangka"}),
    )
    .await;
    assert_eq!(st, StatusCode::CREATED, "{w}");
    let hw = w["hash_daun"].as_str().unwrap().to_string();
    s.app.langkah_log().await.unwrap();
    let (_, html) = ambil(&s, &format!("/v/{hx}")).await;
    assert!(html.contains("Letkol Inf. Fulan"), "{html}");
    assert!(html.contains("Kodim 0413/Bangka"));
    assert!(tautan_v(&html).contains(&hw), "links to the statement");
    let b = json(&s, &hx).await;
    assert_eq!(b["tanda_tangan"]["witness_statements"][0]["leaf_hash"], hw);
    assert_eq!(
        b["tanda_tangan"]["witness_statements"][0]["position"],
        "Komandan Kodim"
    );
    let (_, html) = ambil(&s, &format!("/v/{hw}")).await;
    assert!(html.contains("vonis-asli"), "{html}");
    assert!(html.contains("data-testid=\"pernyataan-saksi\""));
    assert!(html.contains("menyatakan telah menyaksikan"));
    assert!(tautan_v(&html).contains(&hx), "links back to the signature");
    let b = json(&s, &hw).await;
    assert_eq!(b["valid"], true);
    assert_eq!(b["witness_statement"]["signature_leaf_hash"], hx.as_str());
    assert!(b["tanda_tangan"].is_null());

    // Revoked: still genuine in the log, but the page says so and is not green.
    let alasan = "Pindaian tertukar dengan pegawai lain";
    let (st, r) = post(
        &s,
        &a,
        &format!("/api/v1/tanda-tangan/{id}/batal"),
        serde_json::json!({ "alasan": alasan }),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{r}");
    s.app.langkah_log().await.unwrap();
    let (_, html) = ambil(&s, &format!("/v/{hx}")).await;
    assert!(!html.contains("vonis-asli"), "{html}");
    assert!(!html.contains("Berlaku — tanda tangan aktif"));
    assert!(html.contains("SUDAH DIBATALKAN"));
    assert!(html.contains("data-status=\"DIBATALKAN\""));
    assert!(html.contains(alasan));
    let b = json(&s, &hx).await;
    assert_eq!(b["valid"], true, "the leaf itself is genuine");
    assert_eq!(b["tanda_tangan"]["status"], "DIBATALKAN");
    assert_eq!(b["tanda_tangan"]["revocation"]["reason"], alasan);
    // The revocation's own leaf: genuine, says what it revoked and why.
    let hb = b["tanda_tangan"]["revocation"]["leaf_hash"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(tautan_v(&html).contains(&hb));
    let (_, html) = ambil(&s, &format!("/v/{hb}")).await;
    assert!(html.contains("vonis-asli"), "{html}");
    assert!(html.contains("data-testid=\"pencabutan\""));
    assert!(html.contains(alasan));
    assert!(tautan_v(&html).contains(&hx));
    let b = json(&s, &hb).await;
    assert_eq!(b["revocation"]["signature_leaf_hash"], hx.as_str());
    assert_eq!(b["revocation"]["reason"], alasan);

    // In English.
    let html = ambil_inggris(&s, &format!("/v/{hx}")).await;
    assert!(html.contains("GENUINE, BUT REVOKED"), "{html}");
    assert!(html.contains("Wet-ink signature on paper, scanned"));

    // An altered hash is still a friendly "not found".
    let mut palsu = hx.clone().into_bytes();
    palsu[0] = if palsu[0] == b'0' { b'1' } else { b'0' };
    let palsu = String::from_utf8(palsu).unwrap();
    let b = json(&s, &palsu).await;
    assert_eq!(b["valid"], false);
    assert!(b["tanda_tangan"].is_null());

    // Documented.
    let api = openapi(&s).await;
    let skema = &api["components"]["schemas"];
    assert!(skema["VerifikasiDto"]["properties"]["tanda_tangan"].is_object());
    assert!(skema["TandaTanganTerverifikasiDto"]["properties"]["nip_masked"].is_object());
}
