//! Starter texts in Indonesian, as Pemda print them: the standard four butir of the 2022 joint
//! decree (SKB), and six- and nine-butir variants covering what the 2024–25 Pemda pacts list
//! (DOMAIN.md §0, §3.4). A Pemda edits the result before approving it; the texts are data.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::pemilihan::{JenisPemilihan, PemilihanId};
use super::templat::{IsiPakta, ModePakta, PaktaTemplateBaru};
use crate::organisasi::InstansiId;
use crate::pegawai::{JenisPegawai, kode_enum};

kode_enum! {
    /// Which starter text to begin from.
    JenisTemplatAwal, "jenis templat awal" {
        Skb4 => "SKB_4", "4 butir baku SKB 2022", ["SKB", "4", "4 BUTIR"],
        Butir6 => "BUTIR_6", "6 butir", ["6", "ENAM"],
        Butir9 => "BUTIR_9", "9 butir", ["9", "SEMBILAN"],
    }
}

/// What the starter text needs to know about the Pemda and the election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KonteksTemplat {
    pub instansi_id: InstansiId,
    pub pemilihan_id: Option<PemilihanId>,
    /// As in "di lingkungan Pemerintah {nama_pemda}", e.g. "Kota Pangkalpinang".
    pub nama_pemda: String,
    pub jenis_pemilihan: JenisPemilihan,
    /// Full name, e.g. "Pemilihan Wali Kota dan Wakil Wali Kota Pangkalpinang Tahun 2025".
    pub nama_pemilihan: String,
    pub mode: ModePakta,
    /// `None` = every employment type (ASN and non-ASN, as in Kotim 2024).
    pub berlaku_untuk: Option<BTreeSet<JenisPegawai>>,
    /// Number of the circular issuing the pact, e.g. "800.1.6.1/5391/V/2024".
    pub nomor_se: Option<String>,
}

/// The standard SKB clauses; `{p}` is "Pemilu" or "Pemilihan".
fn butir_skb(p: &str) -> [String; 4] {
    [
        format!(
            "Menjaga dan menegakkan prinsip netralitas pegawai ASN di instansi masing-masing \
             dalam melaksanakan fungsi pelayanan publik, baik sebelum, selama, maupun sesudah \
             pelaksanaan {p};"
        ),
        "Menghindari konflik kepentingan, tidak melakukan praktik intimidasi dan ancaman \
         kepada pegawai ASN dan seluruh elemen masyarakat, serta tidak memihak kepada \
         pasangan calon tertentu;"
            .to_string(),
        "Menggunakan media sosial secara bijak, tidak dipergunakan untuk kepentingan \
         pasangan calon tertentu, serta tidak menyebarkan ujaran kebencian dan berita bohong \
         (hoaks);"
            .to_string(),
        "Menolak politik uang dan segala jenis pemberian dalam bentuk apa pun.".to_string(),
    ]
}

const KAMPANYE: &str = "Tidak terlibat dalam kegiatan kampanye dan politik praktis, baik secara \
     langsung maupun tidak langsung, termasuk menghadiri kampanye, memasang atau membagikan \
     atribut, serta memberikan dukungan secara lisan, tertulis, maupun melalui simbol atau \
     gerakan tangan;";
const MEMIHAK: &str = "Tidak memihak dan tidak memberikan dukungan kepada pasangan calon \
     tertentu, baik melalui tindakan, pernyataan, keputusan, maupun media sosial;";
const FASILITAS: &str = "Tidak menggunakan fasilitas negara, fasilitas dinas, dan sarana \
     ibadah untuk kepentingan kampanye;";
const MEDSOS: &str = "Menggunakan media sosial secara bijak, tidak memberikan tanda suka, \
     komentar, atau membagikan unggahan yang mendukung pasangan calon tertentu, serta tidak \
     menyebarkan ujaran kebencian dan berita bohong (hoaks);";
const KONFLIK: &str = "Menghindari konflik kepentingan serta tidak melakukan intimidasi dan \
     ancaman kepada pegawai dan seluruh elemen masyarakat;";
const POLITIK_UANG: &str = "Menolak politik uang dan segala jenis pemberian dalam bentuk apa pun;";

fn butir_6(p: &str) -> Vec<String> {
    let [netral, ..] = butir_skb(p);
    vec![
        netral,
        KAMPANYE.into(),
        "Tidak memberikan dukungan kepada pasangan calon tertentu serta tidak melakukan \
         intimidasi dan ancaman kepada pegawai dan masyarakat;"
            .into(),
        FASILITAS.into(),
        MEDSOS.into(),
        "Menolak politik uang dan segala jenis pemberian dalam bentuk apa pun.".into(),
    ]
}

fn butir_9(p: &str) -> Vec<String> {
    let [netral, ..] = butir_skb(p);
    vec![
        netral,
        KONFLIK.into(),
        MEMIHAK.into(),
        KAMPANYE.into(),
        FASILITAS.into(),
        MEDSOS.into(),
        POLITIK_UANG.into(),
        format!(
            "Menghormati hasil {p} dan tetap bekerja secara profesional dalam memberikan \
             pelayanan kepada masyarakat, serta turut menciptakan suasana yang kondusif, aman, \
             dan damai;"
        ),
        "Bersedia menerima sanksi apabila melanggar pakta integritas ini, sesuai dengan \
         Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara, Peraturan \
         Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil, Peraturan \
         Pemerintah Nomor 42 Tahun 2004 tentang Pembinaan Jiwa Korps dan Kode Etik Pegawai \
         Negeri Sipil, serta perjanjian kerja bagi pegawai non-PNS."
            .into(),
    ]
}

/// The legal basis printed under a pact; the election law depends on the kind of election.
pub fn dasar_hukum_baku(jenis: JenisPemilihan, nomor_se: Option<&str>) -> Vec<String> {
    let mut v = vec!["Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara".to_string()];
    v.push(match jenis {
        JenisPemilihan::Pemilu => "Undang-Undang Nomor 7 Tahun 2017 tentang Pemilihan Umum".into(),
        _ => "Undang-Undang Nomor 10 Tahun 2016 tentang Perubahan Kedua atas Undang-Undang \
              Nomor 1 Tahun 2015 tentang Penetapan Peraturan Pemerintah Pengganti \
              Undang-Undang Nomor 1 Tahun 2014 tentang Pemilihan Gubernur, Bupati, dan \
              Walikota menjadi Undang-Undang"
            .into(),
    });
    v.push(
        "Peraturan Pemerintah Nomor 42 Tahun 2004 tentang Pembinaan Jiwa Korps dan Kode Etik \
         Pegawai Negeri Sipil"
            .into(),
    );
    v.push("Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil".into());
    v.push(
        "Keputusan Bersama Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi, \
         Menteri Dalam Negeri, Kepala Badan Kepegawaian Negara, Ketua Komisi Aparatur Sipil \
         Negara, dan Ketua Badan Pengawas Pemilihan Umum Tahun 2022 tentang Pedoman Pembinaan \
         dan Pengawasan Netralitas Pegawai Aparatur Sipil Negara dalam Penyelenggaraan \
         Pemilihan Umum dan Pemilihan"
            .into(),
    );
    if let Some(se) = nomor_se.map(str::trim).filter(|s| !s.is_empty()) {
        v.push(format!("Surat Edaran Nomor {se}"));
    }
    v
}

/// A starter template (version 1) for the given context; the Pemda reviews and approves it.
pub fn templat_awal(jenis: JenisTemplatAwal, ctx: &KonteksTemplat) -> PaktaTemplateBaru {
    let p = ctx.jenis_pemilihan.sebutan();
    let butir: Vec<String> = match jenis {
        JenisTemplatAwal::Skb4 => butir_skb(p).into(),
        JenisTemplatAwal::Butir6 => butir_6(p),
        JenisTemplatAwal::Butir9 => butir_9(p),
    };
    let pemda = crate::teks::rapikan(&ctx.nama_pemda);
    let pemilihan = crate::teks::rapikan(&ctx.nama_pemilihan);
    let (subjek, pelaku) = match ctx.mode {
        ModePakta::Individu => ("Saya", "saya"),
        ModePakta::Perwakilan => ("Kami", "kami"),
    };
    let pembuka = match ctx.mode {
        ModePakta::Individu => format!(
            "{subjek} yang bertanda tangan di bawah ini, pegawai di lingkungan Pemerintah \
             {pemda}, dalam rangka {pemilihan}, dengan ini menyatakan:"
        ),
        ModePakta::Perwakilan => format!(
            "{subjek} yang bertanda tangan di bawah ini, atas nama pegawai pada unit kerja \
             yang {pelaku} pimpin di lingkungan Pemerintah {pemda}, dalam rangka {pemilihan}, \
             dengan ini menyatakan:"
        ),
    };
    let sanksi = match jenis {
        JenisTemplatAwal::Butir9 => String::new(),
        _ => format!(
            " Apabila {pelaku} melanggar pakta integritas ini, {pelaku} bersedia menerima \
             sanksi sesuai dengan ketentuan peraturan perundang-undangan."
        ),
    };
    let penutup = format!(
        "Demikian pakta integritas ini {pelaku} buat dengan sadar, sungguh-sungguh, dan tanpa \
         paksaan dari pihak mana pun.{sanksi}"
    );
    let judul = format!(
        "Pakta Integritas Netralitas Pegawai Aparatur Sipil Negara dalam {}",
        match ctx.jenis_pemilihan {
            JenisPemilihan::Pemilu => "Pemilihan Umum",
            JenisPemilihan::Pilkada => "Pemilihan Kepala Daerah",
            JenisPemilihan::PilkadaUlang => "Pemilihan Ulang Kepala Daerah",
            JenisPemilihan::Psu => "Pemungutan Suara Ulang Pemilihan",
        }
    );
    let nomor_se = ctx
        .nomor_se
        .as_deref()
        .map(crate::teks::rapikan)
        .filter(|s| !s.is_empty());
    PaktaTemplateBaru {
        instansi_id: ctx.instansi_id,
        pemilihan_id: ctx.pemilihan_id,
        versi: 1,
        isi: IsiPakta {
            judul,
            pembuka,
            butir: butir.iter().map(|b| crate::teks::rapikan(b)).collect(),
            penutup: crate::teks::rapikan(&penutup),
            dasar_hukum: dasar_hukum_baku(ctx.jenis_pemilihan, nomor_se.as_deref())
                .iter()
                .map(|d| crate::teks::rapikan(d))
                .collect(),
            berlaku_untuk: ctx
                .berlaku_untuk
                .clone()
                .unwrap_or_else(|| JenisPegawai::ALL.iter().copied().collect()),
            mode: ctx.mode,
            nomor_se,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(jenis: JenisPemilihan, mode: ModePakta) -> KonteksTemplat {
        KonteksTemplat {
            instansi_id: InstansiId(1),
            pemilihan_id: Some(PemilihanId(2)),
            nama_pemda: "Kota  Pangkalpinang".into(),
            jenis_pemilihan: jenis,
            nama_pemilihan: "Pemilihan Wali Kota dan Wakil Wali Kota Pangkalpinang Tahun 2025"
                .into(),
            mode,
            berlaku_untuk: None,
            nomor_se: Some(" B/863/95/4.2.03/2024 ".into()),
        }
    }

    #[test]
    fn every_starter_is_valid_and_has_its_butir_count() {
        for j in JenisPemilihan::ALL {
            for m in ModePakta::ALL {
                for (t, n) in [
                    (JenisTemplatAwal::Skb4, 4),
                    (JenisTemplatAwal::Butir6, 6),
                    (JenisTemplatAwal::Butir9, 9),
                ] {
                    let b = templat_awal(t, &ctx(*j, *m));
                    assert_eq!(b.isi.butir.len(), n);
                    let tidied = b.clone().periksa().expect("starter must validate");
                    // Starters are already tidy: checking does not change the text.
                    assert_eq!(tidied, b);
                    assert_eq!(b.isi.berlaku_untuk.len(), JenisPegawai::ALL.len());
                }
            }
        }
    }

    #[test]
    #[ignore = "prints the starter texts for review"]
    fn cetak_templat_awal() {
        for t in JenisTemplatAwal::ALL {
            let b = templat_awal(*t, &ctx(JenisPemilihan::Pilkada, ModePakta::Individu));
            println!("{}", b.teks_kanonik());
        }
    }

    #[test]
    fn skb_text_reads_as_printed() {
        let b = templat_awal(
            JenisTemplatAwal::Skb4,
            &ctx(JenisPemilihan::Pemilu, ModePakta::Perwakilan),
        );
        assert_eq!(
            b.isi.butir[0],
            "Menjaga dan menegakkan prinsip netralitas pegawai ASN di instansi masing-masing \
             dalam melaksanakan fungsi pelayanan publik, baik sebelum, selama, maupun sesudah \
             pelaksanaan Pemilu;"
        );
        assert!(b.isi.butir[3].starts_with("Menolak politik uang"));
        assert!(b.isi.pembuka.starts_with("Kami yang bertanda tangan"));
        assert!(b.isi.pembuka.contains("Pemerintah Kota Pangkalpinang,"));
        assert!(b.isi.dasar_hukum[1].contains("Nomor 7 Tahun 2017"));
        assert_eq!(
            b.isi.dasar_hukum.last().unwrap(),
            "Surat Edaran Nomor B/863/95/4.2.03/2024"
        );
        assert_eq!(b.isi.nomor_se.as_deref(), Some("B/863/95/4.2.03/2024"));
    }

    #[test]
    fn variants_cover_what_the_articles_list() {
        let c = ctx(JenisPemilihan::PilkadaUlang, ModePakta::Individu);
        let enam = templat_awal(JenisTemplatAwal::Butir6, &c)
            .isi
            .butir
            .join(" ");
        for kata in [
            "kampanye",
            "sarana ibadah",
            "fasilitas negara",
            "media sosial",
            "politik uang",
            "pasangan calon",
        ] {
            assert!(enam.contains(kata), "6 butir tanpa \"{kata}\"");
        }
        let sembilan = templat_awal(JenisTemplatAwal::Butir9, &c).isi;
        let teks = sembilan.butir.join(" ");
        for kata in [
            "politik praktis",
            "Menghormati hasil Pemilihan",
            "profesional",
            "Nomor 20 Tahun 2023",
            "Nomor 94 Tahun 2021",
            "Nomor 42 Tahun 2004",
        ] {
            assert!(teks.contains(kata), "9 butir tanpa \"{kata}\"");
        }
        assert!(sembilan.dasar_hukum[1].contains("Nomor 10 Tahun 2016"));
        assert!(sembilan.pembuka.starts_with("Saya yang bertanda tangan"));
        // Every clause but the last ends with ';', the last with '.'.
        for isi in [
            templat_awal(JenisTemplatAwal::Skb4, &c).isi,
            templat_awal(JenisTemplatAwal::Butir6, &c).isi,
            sembilan,
        ] {
            let (last, rest) = isi.butir.split_last().unwrap();
            assert!(rest.iter().all(|b| b.ends_with(';')));
            assert!(last.ends_with('.'));
        }
    }
}
