//! The shared conformance suite on PostgreSQL, each case in a fresh schema.
//!
//! `netral_store::uji_kesesuaian!` cannot skip a case when no database is configured, so
//! the cases are listed here with the same names; `kasus_sama_dengan_netral_store` fails
//! if this list and the macro's ever drift apart.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

macro_rules! kesesuaian {
    ($($nama:ident),+ $(,)?) => {
        const KASUS: &[&str] = &[$(stringify!($nama)),+];
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $nama() {
                let Some(uji) = common::baru().await else { return };
                netral_store::conformance::$nama(&uji.store).await;
                uji.bersihkan().await;
            }
        )+
    };
}

kesesuaian!(
    instansi_idempoten,
    pengguna_dan_sesi,
    impor_menulis_dan_idempoten,
    impor_sinkron_menonaktifkan,
    impor_versi_basi_ditolak,
    cari_dan_filter,
    isolasi_instansi,
    atasan_tertaut,
    log_urutan_dan_dedupe,
    log_tambah_atomik,
    log_pohon_cas,
    log_checkpoint_cas,
    pakta_pemilihan_simpan,
    pakta_templat_idempoten,
    pakta_templat_disahkan_beku,
    pakta_kampanye_simpan,
    pakta_isolasi_instansi,
    pakta_audit_tercatat,
    ttd_batch_campuran,
    ttd_daun_sudah_ada,
    ttd_satu_aktif_dan_batal,
    ttd_kunci_idempoten,
    ttd_perubahan_watermark,
    ttd_roster_leluhur,
    ttd_otp_dan_tautan,
    ttd_outbox,
    ttd_ikrar_kehadiran,
    ttd_isolasi_instansi,
);

/// The case list of `uji_kesesuaian!` as written in `netral-store`.
fn kasus_netral_store() -> Vec<String> {
    let src = include_str!("../../netral-store/src/conformance.rs");
    let awal = "$crate::uji_kesesuaian!(@kasus $buat,";
    let i = src.find(awal).expect("uji_kesesuaian! case list") + awal.len();
    let j = i + src[i..].find(");").expect("end of case list");
    src[i..j]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn kasus_sama_dengan_netral_store() {
    let ini: Vec<String> = KASUS.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        ini,
        kasus_netral_store(),
        "update the case list to match netral_store::uji_kesesuaian!"
    );
}
