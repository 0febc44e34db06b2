//! The public transparency-log endpoints, checked the way an outside verifier does: only
//! with `netral-ledger` and what the server serves (vkey, checkpoint, tiles, proofs).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use netral_domain::entri::{Entri, JenisEntri, Pengenal};
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::note::Verifier;
use netral_ledger::proof::{verify_consistency, verify_inclusion};
use netral_ledger::tile::{Tile, TileHashReader, decode_entry_bundle, tiles_for_size};
use netral_ledger::tree::{prove_record, tree_hash};
use netral_ledger::{Hash, leaf_hash};
use netral_store::DaunBaru;
use netral_testkit::Server;
use reqwest::StatusCode;
use serde_json::Value;

crate::kedua_backend! {
    log_tile_checkpoint_vkey => tile_checkpoint_vkey;
    log_bukti_json => bukti_json;
    log_sequencer_di_server => sequencer_di_server;
}

fn entri(i: u64) -> Vec<u8> {
    Entri {
        jenis: JenisEntri::TandaTangan,
        instansi: "19.71".into(),
        pengenal: vec![Pengenal::Angka(2029), Pengenal::Angka(i)],
        waktu_ms: 1_750_000_000_000 + i,
        hash_isi: [(i % 251) as u8; 32],
        komitmen: Some([(i % 13) as u8; 32]),
    }
    .encode()
    .unwrap()
}

async fn siapkan(s: &Server) -> netral_domain::organisasi::Instansi {
    netral_testkit::pemda(&s.app, "19.71", "Kota Pangkalpinang", "KOTA", &[]).await;
    s.app.instansi_wajib("19.71").await.unwrap()
}

async fn tambah(s: &Server, i: &netral_domain::organisasi::Instansi, dari: u64, sampai: u64) {
    let daun: Vec<DaunBaru> = (dari..sampai).map(|k| DaunBaru::baru(entri(k))).collect();
    s.app.store.tambah_daun(i.id, &daun).await.unwrap();
}

async fn ambil(s: &Server, path: &str) -> reqwest::Response {
    reqwest::get(format!("{}{path}", s.url)).await.unwrap()
}

async fn vkey(s: &Server) -> Verifier {
    let res = ambil(s, "/log/19.71/vkey").await;
    assert_eq!(res.status(), StatusCode::OK);
    Verifier::from_vkey(res.text().await.unwrap().trim()).unwrap()
}

async fn checkpoint(s: &Server, v: &Verifier) -> (Checkpoint, String) {
    let res = ambil(s, "/log/19.71/checkpoint").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "text/plain; charset=utf-8"
    );
    assert_eq!(res.headers()["cache-control"].to_str().unwrap(), "no-cache");
    let teks = res.text().await.unwrap();
    let (cp, _) = Checkpoint::open(&teks, &[v]).unwrap();
    (cp, teks)
}

async fn tile_ke_peta(s: &Server, ukuran: u64) -> HashMap<Tile, Vec<u8>> {
    let mut peta = HashMap::new();
    for t in tiles_for_size(ukuran) {
        let res = ambil(s, &format!("/log/19.71/{}", t.path())).await;
        assert_eq!(res.status(), StatusCode::OK, "{}", t.path());
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "application/octet-stream"
        );
        let cache = res.headers()["cache-control"].to_str().unwrap().to_string();
        if t.is_full() {
            assert_eq!(cache, "public, max-age=31536000, immutable");
        } else {
            assert_eq!(cache, "public, max-age=10");
        }
        let data = res.bytes().await.unwrap().to_vec();
        assert_eq!(data.len(), usize::from(t.width) * 32);
        peta.insert(t, data);
    }
    peta
}

async fn tile_checkpoint_vkey(s: Server) {
    let i = siapkan(&s).await;
    assert_eq!(
        ambil(&s, "/log/19.71/checkpoint").await.status(),
        StatusCode::NOT_FOUND,
        "no log before the first sequencer step"
    );
    s.app.langkah_log().await.unwrap();
    let v = vkey(&s).await;
    let (cp0, _) = checkpoint(&s, &v).await;
    assert_eq!(cp0.size, 0);
    assert_eq!(cp0.origin, "localhost/19.71/kota-pangkalpinang");

    tambah(&s, &i, 0, 600).await;
    s.app.langkah_log().await.unwrap();
    let (cp, _) = checkpoint(&s, &v).await;
    assert_eq!(cp.size, 600);

    // The client computes the root and a proof from the served tiles only.
    let peta = tile_ke_peta(&s, 600).await;
    let reader = TileHashReader::new(600, |t: &Tile| {
        peta.get(t)
            .cloned()
            .ok_or(netral_ledger::LedgerError::InvalidArgument(
                "tile not fetched",
            ))
    });
    assert_eq!(tree_hash(600, &reader).unwrap(), cp.root);
    for k in [0u64, 255, 256, 300, 599] {
        let bukti = prove_record(600, k, &reader).unwrap();
        verify_inclusion(k, 600, &leaf_hash(&entri(k)), &bukti, &cp.root).unwrap();
    }

    // Entry bundles hold the canonical entries.
    let res = ambil(&s, "/log/19.71/tile/entries/000").await;
    assert_eq!(
        res.headers()["cache-control"].to_str().unwrap(),
        "public, max-age=31536000, immutable"
    );
    let data = res.bytes().await.unwrap();
    let semua = decode_entry_bundle(&data).unwrap();
    assert_eq!(semua.len(), 256);
    assert_eq!(semua[17], entri(17).as_slice());
    // Gzip on request (HTTP compression of entry bundles, as tlog-tiles recommends).
    let res = reqwest::Client::new()
        .get(format!("{}/log/19.71/tile/entries/000", s.url))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"].to_str().unwrap(), "gzip");
    assert!((res.bytes().await.unwrap().len()) < data.len());
    let res = ambil(&s, "/log/19.71/tile/entries/002.p/88").await;
    assert_eq!(res.status(), StatusCode::OK);
    let data = res.bytes().await.unwrap();
    let semua = decode_entry_bundle(&data).unwrap();
    assert_eq!(semua.len(), 88);
    assert_eq!(
        Entri::decode(semua[87]).unwrap(),
        Entri::decode(&entri(599)).unwrap()
    );

    // Nothing beyond the signed checkpoint, even once the leaves exist.
    tambah(&s, &i, 600, 800).await;
    for p in [
        "/log/19.71/tile/0/002",
        "/log/19.71/tile/0/002.p/89",
        "/log/19.71/tile/0/003.p/1",
        "/log/19.71/tile/1/000.p/3",
        "/log/19.71/tile/entries/002",
        "/log/19.71/tile/0/00x",
        "/log/19.71/tile/0/000.p/256",
        "/log/19.99/tile/0/000",
        "/log/19.99/checkpoint",
        "/log/19.99/vkey",
    ] {
        let res = ambil(&s, p).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{p}");
    }
    // An older, narrower partial tile of the same tree is still served.
    assert_eq!(
        ambil(&s, "/log/19.71/tile/0/002.p/80").await.status(),
        StatusCode::OK
    );

    // Witness cosignatures are served with the checkpoint.
    let baris = {
        use base64::Engine;
        let sig = base64::engine::general_purpose::STANDARD.encode([9u8, 9, 9, 9, 1, 2, 3]);
        format!("— saksi.example/bawaslu {sig}")
    };
    s.app
        .terima_kosignatur(&i, 600, std::slice::from_ref(&baris))
        .await
        .unwrap();
    let (_, teks) = checkpoint(&s, &v).await;
    assert!(teks.ends_with(&format!("{baris}\n")), "{teks}");
}

async fn json(s: &Server, path: &str) -> (StatusCode, Value) {
    let res = ambil(s, path).await;
    let st = res.status();
    (st, res.json().await.unwrap_or(Value::Null))
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

async fn bukti_json(s: Server) {
    let i = siapkan(&s).await;
    tambah(&s, &i, 0, 100).await;
    s.app.langkah_log().await.unwrap();
    tambah(&s, &i, 100, 257).await;
    s.app.langkah_log().await.unwrap();
    let v = vkey(&s).await;
    let (cp, _) = checkpoint(&s, &v).await;
    assert_eq!(cp.size, 257);

    let lh = leaf_hash(&entri(42));
    let (st, b) = json(
        &s,
        &format!("/api/v1/log/19.71/inclusion?leaf_hash={}", hex::encode(lh)),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    assert_eq!(b["leaf_index"], 42);
    assert_eq!(b["tree_size"], 257);
    let (cpb, _) = Checkpoint::open(b["checkpoint"].as_str().unwrap(), &[&v]).unwrap();
    verify_inclusion(42, 257, &lh, &hashes(&b["inclusion_proof"]), &cpb.root).unwrap();

    // Against the older checkpoint of size 100.
    let (st, b) = json(
        &s,
        &format!(
            "/api/v1/log/19.71/inclusion?leaf_hash={}&size=100",
            hex::encode(lh)
        ),
    )
    .await;
    assert_eq!(st, StatusCode::OK, "{b}");
    let (lama, _) = Checkpoint::open(b["checkpoint"].as_str().unwrap(), &[&v]).unwrap();
    assert_eq!(lama.size, 100);
    verify_inclusion(42, 100, &lh, &hashes(&b["inclusion_proof"]), &lama.root).unwrap();

    let (st, k) = json(&s, "/api/v1/log/19.71/consistency?old=100&new=257").await;
    assert_eq!(st, StatusCode::OK, "{k}");
    verify_consistency(100, 257, &hashes(&k["proof"]), &lama.root, &cp.root).unwrap();

    for (p, want) in [
        (
            format!("/api/v1/log/19.71/inclusion?leaf_hash={}", "zz"),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!(
                "/api/v1/log/19.71/inclusion?leaf_hash={}",
                hex::encode([0u8; 32])
            ),
            StatusCode::NOT_FOUND,
        ),
        (
            format!(
                "/api/v1/log/19.71/inclusion?leaf_hash={}&size=99",
                hex::encode(lh)
            ),
            StatusCode::NOT_FOUND,
        ),
        (
            format!(
                "/api/v1/log/19.71/inclusion?leaf_hash={}&size=100",
                hex::encode(leaf_hash(&entri(150)))
            ),
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v1/log/19.71/consistency?old=0&new=257".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/v1/log/19.71/consistency?old=100&new=258".into(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "/api/v1/log/19.99/consistency?old=1&new=2".into(),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let (st, b) = json(&s, &p).await;
        assert_eq!(st, want, "{p}: {b}");
    }

    // Documented, public.
    let (_, api) = json(&s, "/api/v1/openapi.json").await;
    for (path, op) in [
        ("/api/v1/log/{kode}/inclusion", "getLogInclusion"),
        ("/api/v1/log/{kode}/consistency", "getLogConsistency"),
    ] {
        let get = &api["paths"][path]["get"];
        assert_eq!(get["operationId"], op);
        assert_eq!(get["security"], serde_json::json!([{}]), "{get}");
    }
}

async fn sequencer_di_server(s: Server) {
    let i = siapkan(&s).await;
    let seq = s.app.mulai_sequencer().await.unwrap();
    let v = vkey(&s).await;
    tambah(&s, &i, 0, 10).await;
    let mulai = Instant::now();
    loop {
        let (cp, _) = checkpoint(&s, &v).await;
        if cp.size == 10 {
            break;
        }
        assert!(
            mulai.elapsed() < Duration::from_secs(5),
            "no checkpoint of size 10 after {:?}",
            mulai.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tambah(&s, &i, 10, 13).await;
    seq.berhenti().await.unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    let (cp, _) = checkpoint(&s, &v).await;
    assert_eq!(cp.size, 13, "shutdown signs what was pending");
}
