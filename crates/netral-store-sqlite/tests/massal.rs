//! The bulk-load path (≥ 50,000 new rows): indexes are rebuilt in the same transaction, and a
//! duplicate identity still rolls everything back with the indexes intact.

use chrono::NaiveDate;
use netral_domain::ident::Nip;
use netral_domain::impor::{RencanaImpor, rencanakan};
use netral_store::conformance::{baris, instansi_baru, jejak, pns};
use netral_store::{AuditBaru, FilterPegawai, Halaman, Store, StoreError};
use netral_store_sqlite::SqliteStore;

fn nip_ke(i: u32) -> Nip {
    let lahir =
        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(i64::from(i / 999));
    Nip::parse(&format!(
        "{}199503{}{:03}",
        lahir.format("%Y%m%d"),
        1 + i % 2,
        i % 999 + 1
    ))
    .unwrap()
}

fn indeks(path: &std::path::Path) -> Vec<String> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut st = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'pegawai' AND sql IS NOT NULL ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn muat_massal_membangun_ulang_indeks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("netral.db");
    let store = SqliteStore::open(&path).unwrap();
    let sebelum = indeks(&path);
    assert_eq!(sebelum.len(), 4, "{sebelum:?}");
    let (a, _) = store
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap();
    let ringkas = AuditBaru {
        instansi_id: a.id,
        aksi: "IMPOR_PEGAWAI".into(),
        entitas: "pegawai".into(),
        entitas_id: None,
        sebelum: None,
        sesudah: None,
    };
    let rows: Vec<_> = (0..60_000u32)
        .map(|i| {
            let mut d = pns(i, &format!("Pegawai {i:05}"), &["Dinas Pendidikan"]);
            d.nip = Some(nip_ke(i));
            baris(d)
        })
        .collect();

    // A plan with one identity twice fails the rebuilt unique index: nothing is written.
    let mut dobel = RencanaImpor {
        baru: rows.clone(),
        ..Default::default()
    };
    dobel.baru.push(rows[123].clone());
    let err = store
        .tulis_impor(
            a.id,
            0,
            std::sync::Arc::new(dobel.clone()),
            &ringkas,
            &jejak(1),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Konflik(_)), "{err:?}");
    assert_eq!(store.pegawai_tersimpan(a.id).await.unwrap().len(), 0);
    assert_eq!(indeks(&path), sebelum, "indexes survive the rollback");

    let rencana = rencanakan(&[], rows, false);
    store
        .tulis_impor(
            a.id,
            0,
            std::sync::Arc::new(rencana.clone()),
            &ringkas,
            &jejak(2),
        )
        .await
        .unwrap();
    assert_eq!(indeks(&path), sebelum, "indexes rebuilt");
    let (l, n) = store
        .cari_pegawai(
            a.id,
            &FilterPegawai {
                q: Some("pegawai 59999".into()),
                ..Default::default()
            },
            Halaman {
                nomor: 1,
                ukuran: 5,
            },
        )
        .await
        .unwrap();
    assert_eq!((n, l[0].nama.as_str()), (1, "Pegawai 59999"));
    // The next, smaller import uses the live indexes and still sees every identity.
    let tersimpan = store.pegawai_tersimpan(a.id).await.unwrap();
    assert_eq!(tersimpan.len(), 60_000);
}
