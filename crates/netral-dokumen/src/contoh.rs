//! Sample templates and signers (from the public reports the domain notes cite), for tests,
//! benchmarks and demos. Not legal text: real templates come from the Pemda.

use crate::{DataTandaTangan, GambarTtd, Goresan, IsiPakta, Kop, Penandatangan};

/// Letterhead of Kota Pangkalpinang.
pub fn kop_pangkalpinang() -> Kop {
    Kop {
        pemda: "PEMERINTAH KOTA PANGKALPINANG".into(),
        alamat: Some(
            "Jalan Rasakunda No. 1, Kota Pangkalpinang, Kepulauan Bangka Belitung 33121".into(),
        ),
    }
}

/// The standard four clauses of the 2022 SKB text (as signed in Kotawaringin Timur), with
/// the Indonesian quotation marks and dashes the renderer must keep.
pub fn isi_standar() -> IsiPakta {
    IsiPakta {
        judul: "PAKTA INTEGRITAS NETRALITAS APARATUR SIPIL NEGARA".into(),
        pembuka: "dengan ini menyatakan bahwa saya:".into(),
        butir: vec![
            "Siap menjaga dan menegakkan prinsip netralitas pegawai ASN dalam melaksanakan \
             fungsi pelayanan publik, baik sebelum, selama, maupun sesudah pelaksanaan \
             Pemilihan Kepala Daerah (Pilkada) Ulang 2025."
                .into(),
            "Menghindari konflik kepentingan, tidak melakukan praktik intimidasi dan ancaman \
             kepada pegawai ASN dan seluruh elemen masyarakat, serta tidak memihak kepada \
             pasangan calon tertentu."
                .into(),
            "Menggunakan media sosial secara bijak dan tidak menyebarkan ujaran kebencian \
             serta berita bohong (“hoaks”) – termasuk tidak memberi tanda suka, komentar, \
             atau membagikan unggahan kampanye."
                .into(),
            "Menolak politik uang dan segala jenis pemberian dalam bentuk apa pun.".into(),
        ],
        penutup: "Apabila saya melanggar pakta integritas ini, saya bersedia menerima sanksi \
                  moral, sosial, administratif, hingga disiplin sesuai dengan ketentuan \
                  peraturan perundang-undangan. Demikian pakta integritas ini saya buat dengan \
                  sebenar-benarnya, tanpa paksaan dari pihak mana pun."
            .into(),
        dasar_hukum: vec![
            "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara.".into(),
            "Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil."
                .into(),
            "Keputusan Bersama Menteri PANRB, Menteri Dalam Negeri, Kepala BKN, Ketua KASN \
             dan Ketua Bawaslu Tahun 2022 tentang Pedoman Pembinaan dan Pengawasan \
             Netralitas Pegawai ASN dalam Penyelenggaraan Pemilihan Umum dan Pemilihan."
                .into(),
        ],
    }
}

/// Nine clauses (the Bitung count), to exercise the size fallback.
pub fn isi_sembilan_butir() -> IsiPakta {
    let mut isi = isi_standar();
    isi.butir.extend([
        "Tidak berkampanye dan tidak terlibat politik praktis, baik secara langsung maupun \
         tidak langsung."
            .to_owned(),
        "Tidak menggunakan fasilitas negara untuk kepentingan kampanye pasangan calon tertentu."
            .to_owned(),
        "Tidak menggunakan sarana ibadah untuk kampanye.".to_owned(),
        "Menghormati hasil Pemilihan Kepala Daerah dan tetap bekerja secara profesional."
            .to_owned(),
        "Siap menerima sanksi sesuai dengan peraturan yang berlaku apabila melanggar.".to_owned(),
    ]);
    isi
}

/// The `i`-th sample signer (distinct names and NIPs).
pub fn penandatangan(i: u32) -> Penandatangan {
    const DEPAN: [&str; 8] = [
        "Andi",
        "Siti",
        "Made",
        "Yohanes",
        "Nur’aini",
        "Putu",
        "Rahmat",
        "Dewi",
    ];
    const BELAKANG: [&str; 8] = [
        "Saputra",
        "Rahmawati, S.H.",
        "Wijaya, S.Kom., M.T.",
        "Simanjuntak",
        "Hasibuan",
        "Pratama, S.E.",
        "Hidayat",
        "Lestari, S.Pd.",
    ];
    Penandatangan {
        nama: format!(
            "{} {} {}",
            DEPAN[(i % 8) as usize],
            BELAKANG[(i / 8 % 8) as usize],
            i
        ),
        nip_tampil: Some(format!(
            "1986{:02}{:02} 2015{:02} {} {:03}",
            i % 12 + 1,
            i % 28 + 1,
            i % 12 + 1,
            1 + i % 2,
            i % 1000
        )),
        jenis_pegawai: if i.is_multiple_of(5) { "PPPK" } else { "PNS" }.into(),
        jabatan: Some("Analis Sumber Daya Manusia Aparatur Ahli Muda".into()),
        unit: Some(
            "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian, Badan Kepegawaian \
             dan Pengembangan Sumber Daya Manusia Daerah"
                .into(),
        ),
    }
}

/// A drawn signature that differs a little per signer.
pub fn goresan(i: u32) -> Goresan {
    let geser = (i % 17) as f32;
    let garis = (0..3)
        .map(|k| {
            (0..40)
                .map(|j| {
                    let t = j as f32 / 39.0;
                    let x = 20.0 + k as f32 * 120.0 + t * 110.0;
                    let y =
                        75.0 + 35.0 * (t * 9.0 + k as f32 + geser * 0.1).sin() * (1.0 - t * 0.5);
                    (x, y)
                })
                .collect()
        })
        .collect();
    Goresan {
        lebar: 400.0,
        tinggi: 150.0,
        garis,
    }
}

/// Signing data for the `i`-th sample signer; the URL carries a per-signer leaf hash.
pub fn data_tanda_tangan(i: u32) -> DataTandaTangan {
    let leaf = format!("{:064x}", u64::from(i).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    DataTandaTangan {
        waktu_wib: format!("Senin, 4 Agustus 2025 09.{:02} WIB", i % 60),
        waktu_rfc3339: format!("2025-08-04T09:{:02}:00+07:00", i % 60),
        tempat: "Pangkalpinang".into(),
        metode: "Daring (OTP)".into(),
        gambar_ttd: Some(GambarTtd::Goresan(goresan(i))),
        url_verifikasi: format!("https://pakta.pangkalpinangkota.go.id/v/{leaf}"),
        hash_isi: "5f1c0a9e2b7d4c3f8a6e1d0b9c8a7f6e5d4c3b2a19080706050403020100ffee".into(),
    }
}
