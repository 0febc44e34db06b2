//! Arbitrary signer input never panics: every render returns a PDF or a typed error.

use netral_dokumen::{DataTandaTangan, GambarTtd, Goresan, Penandatangan, Penyaji, contoh};
use proptest::prelude::*;

fn teks() -> impl Strategy<Value = String> {
    prop_oneof![
        // Any Unicode, including controls, combining marks, RTL, emoji, unassigned.
        ".{0,80}",
        // Long runs without spaces (forced character breaks).
        "[A-Za-zé’“”–]{0,300}",
        // Words of ordinary length.
        "([A-Za-z]{1,12} ){0,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn masukan_acak_tidak_pernah_panik(
        nama in teks(),
        nip in proptest::option::of(teks()),
        jenis in teks(),
        jabatan in proptest::option::of(teks()),
        unit in proptest::option::of(teks()),
        tempat in teks(),
        waktu in teks(),
        metode in teks(),
        url in prop_oneof![3 => "https://[a-z.]{1,20}/v/[!-~]{0,100}", 1 => "[ -~]{0,260}"],
        hash in teks(),
        titik in proptest::collection::vec(
            proptest::collection::vec((-1e6f32..1e6, -1e6f32..1e6), 0..20), 0..6),
        kanvas in prop_oneof![3 => (1f32..1000.0, 1f32..1000.0), 1 => (-10f32..10.0, -10f32..10.0)],
    ) {
        let penyaji = Penyaji::baru(&contoh::kop_pangkalpinang(), &contoh::isi_standar()).unwrap();
        let p = Penandatangan { nama, nip_tampil: nip, jenis_pegawai: jenis, jabatan, unit };
        let t = DataTandaTangan {
            waktu_wib: waktu,
            waktu_rfc3339: "2025-08-04T09:12:00+07:00".into(),
            tempat,
            metode,
            gambar_ttd: Some(GambarTtd::Goresan(Goresan {
                lebar: kanvas.0,
                tinggi: kanvas.1,
                garis: titik,
            })),
            url_verifikasi: url,
            hash_isi: hash,
        };
        if let Ok(pdf) = penyaji.render(&p, &t) {
            prop_assert!(pdf.starts_with(b"%PDF-1.7"));
            prop_assert!(pdf.ends_with(b"%%EOF"));
        }
    }
}
