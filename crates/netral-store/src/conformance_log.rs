//! Conformance cases of the transparency-log storage (issue #3). Listed in
//! [`crate::uji_kesesuaian!`] and re-exported from [`crate::conformance`], so every adapter
//! runs them on a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use netral_ledger::tree::{MemoryHashStore, stored_hash_count};

use crate::conformance::{instansi_baru, jejak};
use crate::*;

async fn dua_pemda(store: &dyn Store) -> (InstansiId, InstansiId) {
    let a = store
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap()
        .0;
    let b = store
        .simpan_instansi(&instansi_baru("19.01", "Kabupaten Bangka"), &jejak(0))
        .await
        .unwrap()
        .0;
    (a.id, b.id)
}

fn daun(s: &str) -> DaunBaru {
    DaunBaru::baru(s.as_bytes().to_vec())
}

fn konflik<T: std::fmt::Debug>(r: StoreResult<T>) {
    match r {
        Err(StoreError::Konflik(_)) => {}
        other => panic!("expected Konflik, got {other:?}"),
    }
}

/// Appends are dense, ordered and deduplicated by leaf hash, per log.
pub async fn log_urutan_dan_dedupe(store: &dyn Store) {
    let (a, b) = dua_pemda(store).await;
    assert_eq!(store.info_log(a).await.unwrap(), None);
    let idx = store
        .tambah_daun(a, &[daun("satu"), daun("dua"), daun("tiga")])
        .await
        .unwrap();
    assert_eq!(idx, vec![0, 1, 2]);
    // An existing leaf keeps its index; a duplicate inside the batch too.
    let idx = store
        .tambah_daun(
            a,
            &[daun("dua"), daun("empat"), daun("empat"), daun("satu")],
        )
        .await
        .unwrap();
    assert_eq!(idx, vec![1, 3, 3, 0]);
    assert_eq!(store.tambah_daun(a, &[]).await.unwrap(), Vec::<u64>::new());
    // The same entry in another instansi's log is a different log.
    assert_eq!(store.tambah_daun(b, &[daun("dua")]).await.unwrap(), vec![0]);

    let info = store.info_log(a).await.unwrap().unwrap();
    assert_eq!((info.urut, info.pohon, info.checkpoint), (4, 0, None));
    assert_eq!(info.origin, None);
    let semua = store.daun_log(a, 0, 10).await.unwrap();
    let teks: Vec<&[u8]> = semua.iter().map(|d| d.entri.as_slice()).collect();
    assert_eq!(
        teks,
        vec![&b"satu"[..], &b"dua"[..], &b"tiga"[..], &b"empat"[..]]
    );
    for (i, d) in semua.iter().enumerate() {
        assert_eq!(d.indeks, i as u64);
        assert_eq!(d.hash, netral_ledger::leaf_hash(&d.entri));
    }
    assert_eq!(store.daun_log(a, 1, 3).await.unwrap(), semua[1..3].to_vec());
    assert_eq!(
        store.indeks_daun(a, &daun("tiga").hash).await.unwrap(),
        Some(2)
    );
    assert_eq!(
        store.indeks_daun(b, &daun("tiga").hash).await.unwrap(),
        None
    );
    assert_eq!(store.info_log(b).await.unwrap().unwrap().urut, 1);
    assert_eq!(store.daftar_log().await.unwrap().len(), 2);
}

/// A batch is one transaction: one bad leaf and nothing of it is appended.
pub async fn log_tambah_atomik(store: &dyn Store) {
    let (a, _) = dua_pemda(store).await;
    store.tambah_daun(a, &[daun("awal")]).await.unwrap();
    let besar = DaunBaru::baru(vec![7u8; log::MAKS_ENTRI_DAUN + 1]);
    konflik(
        store
            .tambah_daun(a, &[daun("hilang"), besar, daun("juga hilang")])
            .await,
    );
    let mut palsu = daun("palsu");
    palsu.hash[0] ^= 1;
    konflik(store.tambah_daun(a, &[daun("hilang"), palsu]).await);
    assert_eq!(store.info_log(a).await.unwrap().unwrap().urut, 1);
    assert_eq!(
        store.indeks_daun(a, &daun("hilang").hash).await.unwrap(),
        None
    );
    assert_eq!(store.daun_log(a, 0, 10).await.unwrap().len(), 1);
    // The log goes on from where it was.
    assert_eq!(
        store.tambah_daun(a, &[daun("hilang")]).await.unwrap(),
        vec![1]
    );
}

/// Stored hashes round-trip; integration is a compare-and-swap on the integrated size.
pub async fn log_pohon_cas(store: &dyn Store) {
    let (a, b) = dua_pemda(store).await;
    let entri: Vec<DaunBaru> = (0..300).map(|i| daun(&format!("entri {i}"))).collect();
    store.tambah_daun(a, &entri).await.unwrap();
    let mut mem = MemoryHashStore::new();
    for d in &entri[..200] {
        mem.append_leaf_hash(d.hash).unwrap();
    }
    let n200 = stored_hash_count(200) as usize;
    store
        .tulis_pohon(a, 0, 200, 0, &mem.stored_hashes()[..n200])
        .await
        .unwrap();
    // A stale integration (another sequencer already moved the tree) is refused.
    konflik(
        store
            .tulis_pohon(a, 0, 200, 0, &mem.stored_hashes()[..n200])
            .await,
    );
    // Beyond what was sequenced is refused.
    for d in &entri[200..] {
        mem.append_leaf_hash(d.hash).unwrap();
    }
    let n300 = stored_hash_count(300) as usize;
    konflik(
        store
            .tulis_pohon(a, 200, 301, n200 as u64, &mem.stored_hashes()[n200..])
            .await,
    );
    store
        .tulis_pohon(a, 200, 300, n200 as u64, &mem.stored_hashes()[n200..n300])
        .await
        .unwrap();
    assert_eq!(store.info_log(a).await.unwrap().unwrap().pohon, 300);

    let indeks: Vec<u64> = vec![5, 0, n300 as u64 - 1, 17, 17];
    let dibaca = store.baca_hash_pohon(a, &indeks).await.unwrap();
    let harap: Vec<Hash32> = indeks
        .iter()
        .map(|&i| mem.stored_hashes()[i as usize])
        .collect();
    assert_eq!(dibaca, harap);
    assert_eq!(
        store
            .rentang_hash_pohon(a, 0, n300 as u64 + 50)
            .await
            .unwrap(),
        mem.stored_hashes().to_vec()
    );
    assert_eq!(
        store.rentang_hash_pohon(a, 10, 20).await.unwrap(),
        mem.stored_hashes()[10..20].to_vec()
    );
    match store.baca_hash_pohon(a, &[0, n300 as u64]).await {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
    // Tenants do not see each other's trees.
    assert!(store.baca_hash_pohon(b, &[0]).await.is_err());
    assert_eq!(
        store.rentang_hash_pohon(b, 0, 10).await.unwrap(),
        Vec::<Hash32>::new()
    );
}

fn cp(ukuran: u64, tanda: &str) -> CheckpointBaru {
    CheckpointBaru {
        ukuran,
        akar: [ukuran as u8; 32],
        catatan: format!("o\n{ukuran}\n{tanda}\n\n— o sig\n"),
        waktu: jejak(ukuran as i64).waktu,
    }
}

/// Checkpoints are stored with compare-and-swap on the previous size and all kept;
/// registration and cosignatures are idempotent.
pub async fn log_checkpoint_cas(store: &dyn Store) {
    let (a, _) = dua_pemda(store).await;
    let info = store
        .daftarkan_log(a, "localhost/19.71/kota-pangkalpinang", "vkey-a")
        .await
        .unwrap();
    assert_eq!(
        info.origin.as_deref(),
        Some("localhost/19.71/kota-pangkalpinang")
    );
    assert_eq!((info.urut, info.pohon, info.checkpoint), (0, 0, None));
    assert_eq!(
        store
            .daftarkan_log(a, "localhost/19.71/kota-pangkalpinang", "vkey-a")
            .await
            .unwrap(),
        info
    );
    konflik(
        store
            .daftarkan_log(a, "localhost/19.71/kota-pangkalpinang", "vkey-lain")
            .await,
    );
    konflik(store.daftarkan_log(a, "lain/19.71/x", "vkey-a").await);

    store
        .simpan_checkpoint(a, None, &cp(0, "nol"))
        .await
        .unwrap();
    konflik(store.simpan_checkpoint(a, None, &cp(0, "nol lagi")).await);
    // Beyond the integrated tree.
    konflik(store.simpan_checkpoint(a, Some(0), &cp(2, "dua")).await);
    let entri: Vec<DaunBaru> = (0..3).map(|i| daun(&format!("e{i}"))).collect();
    store.tambah_daun(a, &entri).await.unwrap();
    let mut mem = MemoryHashStore::new();
    for d in &entri {
        mem.append_leaf_hash(d.hash).unwrap();
    }
    store
        .tulis_pohon(a, 0, 3, 0, mem.stored_hashes())
        .await
        .unwrap();
    store
        .simpan_checkpoint(a, Some(0), &cp(2, "dua"))
        .await
        .unwrap();
    // Stale old size, and a size that does not grow, are refused.
    konflik(store.simpan_checkpoint(a, Some(0), &cp(3, "tiga")).await);
    konflik(
        store
            .simpan_checkpoint(a, Some(2), &cp(2, "dua lagi"))
            .await,
    );
    konflik(store.simpan_checkpoint(a, Some(2), &cp(1, "satu")).await);
    store
        .simpan_checkpoint(a, Some(2), &cp(3, "tiga"))
        .await
        .unwrap();
    assert_eq!(
        store.info_log(a).await.unwrap().unwrap().checkpoint,
        Some(3)
    );
    assert_eq!(
        store.checkpoint_terakhir(a).await.unwrap(),
        Some(cp(3, "tiga"))
    );
    assert_eq!(
        store.checkpoint_log(a, 2).await.unwrap(),
        Some(cp(2, "dua"))
    );
    assert_eq!(store.checkpoint_log(a, 1).await.unwrap(), None);
    assert_eq!(
        store.daftar_checkpoint(a).await.unwrap(),
        vec![cp(0, "nol"), cp(2, "dua"), cp(3, "tiga")]
    );

    let baris = vec!["— saksi-a AAAA".to_string(), "— saksi-b BBBB".to_string()];
    store
        .simpan_kosignatur(a, 3, &baris, jejak(9).waktu)
        .await
        .unwrap();
    store
        .simpan_kosignatur(a, 3, &baris[..1], jejak(10).waktu)
        .await
        .unwrap();
    assert_eq!(store.kosignatur(a, 3).await.unwrap(), baris);
    assert_eq!(store.kosignatur(a, 2).await.unwrap(), Vec::<String>::new());
    match store.simpan_kosignatur(a, 1, &baris, jejak(9).waktu).await {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
}
