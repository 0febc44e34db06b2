//! Signing use cases over a real store (SQLite; PostgreSQL too when `NETRAL_TEST_PG_URL` is
//! set): online with the code read from the outbox, wrong codes, kiosk retries and
//! concurrency, strict stages, paper, perwakilan, witnesses, revocation, the log, and 200
//! concurrent signers through the batcher.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod alat;
use alat::Backend;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use netral_app::akun::FormInstansi;
use netral_app::impor::OpsiImpor;
use netral_app::log::KonfigurasiLog;
use netral_app::ttd::otp::{PESAN_TIDAK_TERKIRIM, SasaranTautan};
use netral_app::ttd::rute::{KioskMasuk, MasukDaring, PenandaDaring};
use netral_app::ttd::{BerkasMasuk, TtdDicatat};
use netral_app::{App, AppError, JamSistem, Konfigurasi, Pelaku};
use netral_domain::organisasi::{Instansi, PegawaiId};
use netral_domain::pakta::{
    AnggotaTahap, JenisTemplatAwal, Kampanye, LingkupKampanye, MetodeTandaTangan, ModePakta, Saksi,
    SifatTahap, TahapKampanye,
};
use netral_domain::pegawai::{JenisJabatan, JenisPegawai};
use netral_store::ttd::FilterTtd;
use netral_store::{Halaman, KampanyeBaru};

struct Uji {
    _dir: tempfile::TempDir,
    app: App,
    inst: Instansi,
    kampanye: Kampanye,
    /// NIP of the Wali Kota (first row), then staff.
    walikota: String,
    staf: Vec<String>,
    tanpa_kontak: String,
}

fn cli() -> Pelaku {
    Pelaku::Cli("uji".into())
}

use alat::store_di as store;

fn nip(i: usize) -> String {
    // Born 1990-01-DD, appointed 2019-03, female, sequence.
    format!("199001{:02}2019032{:03}", 1 + i / 900, 1 + i % 900)
}

/// An instansi with a Wali Kota, `n` staff (e-mail each) and one without contact, an
/// approved 4-butir template in `mode` and a campaign: strict (kepala daerah first) or one
/// advisory stage for everyone.
async fn siapkan(b: Backend, n: usize, ketat: bool, mode: ModePakta) -> Option<Uji> {
    let dir = tempfile::tempdir().unwrap();
    let store = store(b, dir.path()).await?;
    let app = App::new(
        store,
        Arc::new(JamSistem),
        Konfigurasi {
            argon2_ringan: true,
            log: KonfigurasiLog {
                host_publik: "pakta.localhost".into(),
                folder_kunci: Some(dir.path().join("kunci")),
                ..KonfigurasiLog::default()
            },
            ..Konfigurasi::default()
        },
    );
    let (inst, _) = app
        .tambah_instansi(
            &cli(),
            FormInstansi {
                kode: "19.71".into(),
                nama: "Kota Pangkalpinang".into(),
                jenis: "KOTA".into(),
                kepala_daerah: None,
                status_kepala: None,
                demo: false,
            },
        )
        .await
        .unwrap();
    let walikota = "197001012000011001".to_string();
    let mut csv = String::from("NAMA;JENIS PEGAWAI;NIP;UNIT KERJA;JABATAN;JENIS JABATAN;EMAIL\n");
    csv.push_str(&format!(
        "Maulan Aklil;PNS;{walikota};Sekretariat Daerah;Wali Kota;KEPALA_DAERAH;walikota@contoh.go.id\n"
    ));
    let staf: Vec<String> = (0..n).map(nip).collect();
    for (i, s) in staf.iter().enumerate() {
        csv.push_str(&format!(
            "Pegawai {i};PNS;{s};Dinas Sosial;Analis;FUNGSIONAL;p{i}@contoh.go.id\n"
        ));
    }
    let tanpa_kontak = "198001012005011999".to_string();
    csv.push_str(&format!(
        "Tanpa Kontak;PNS;{tanpa_kontak};Dinas Sosial;Staf;PELAKSANA;\n"
    ));
    let lap = app
        .impor_pegawai(
            &cli(),
            inst.id,
            csv.into_bytes(),
            "uji.csv",
            OpsiImpor::default(),
        )
        .await
        .unwrap();
    assert!(!lap.ditolak(), "{:?}", lap.masalah);

    let (t, _) = app
        .templat_awal(&cli(), inst.id, None, JenisTemplatAwal::Skb4, mode, None)
        .await
        .unwrap();
    let t = app
        .sahkan_templat(
            &cli(),
            inst.id,
            t.id,
            "Sekretaris Daerah",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
        )
        .await
        .unwrap();
    let sisanya = TahapKampanye {
        nama: "Semua pegawai".into(),
        sifat: SifatTahap::Anjuran,
        tenggat: None,
        anggota: AnggotaTahap::Sisanya,
        perlu_saksi: false,
    };
    let tahap = if ketat {
        vec![
            TahapKampanye {
                nama: "Kepala Daerah".into(),
                sifat: SifatTahap::Ketat,
                tenggat: None,
                anggota: AnggotaTahap::Jabatan {
                    jenis: [JenisJabatan::KepalaDaerah].into(),
                    eselon: BTreeSet::new(),
                },
                perlu_saksi: true,
            },
            sisanya,
        ]
    } else {
        vec![sisanya]
    };
    let (kampanye, _) = app
        .buat_kampanye(
            &cli(),
            KampanyeBaru {
                instansi_id: inst.id,
                nama: "Pakta Pilkada 2026".into(),
                template_id: t.id,
                lingkup: LingkupKampanye {
                    unit: None,
                    jenis_pegawai: [JenisPegawai::Pns].into(),
                },
                tahap,
                dibuka: None,
                ditutup: None,
            },
        )
        .await
        .unwrap();
    Some(Uji {
        _dir: dir,
        app,
        inst,
        kampanye,
        walikota,
        staf,
        tanpa_kontak,
    })
}

impl Uji {
    async fn id(&self, nip: &str) -> PegawaiId {
        let (v, _) = self
            .app
            .store
            .cari_pegawai(
                self.inst.id,
                &netral_store::FilterPegawai {
                    q: Some(nip.into()),
                    ..Default::default()
                },
                Halaman {
                    nomor: 1,
                    ukuran: 5,
                },
            )
            .await
            .unwrap();
        v.into_iter().find(|p| p.identitas == nip).unwrap().id
    }

    /// The newest code queued for an employee, read from the outbox.
    async fn kode_dari_outbox(&self, pegawai: PegawaiId) -> String {
        let (pesan, _) = self
            .app
            .store
            .daftar_notifikasi(
                self.inst.id,
                Halaman {
                    nomor: 1,
                    ukuran: 100,
                },
            )
            .await
            .unwrap();
        let p = pesan
            .iter()
            .find(|m| m.baru.pegawai_id == Some(pegawai) && m.baru.isi.contains("Anda: "))
            .expect("pesan kode");
        let i = p.baru.isi.find("Anda: ").unwrap() + 6;
        p.baru.isi[i..i + 6].to_string()
    }

    fn daring(&self, nip: &str, otp: &str) -> MasukDaring {
        MasukDaring {
            penanda: PenandaDaring::Nip {
                instansi_kode: "19.71".into(),
                nip: nip.into(),
                kampanye: Some(self.kampanye.id),
            },
            otp: otp.into(),
            butir_dikonfirmasi: vec![true; 4],
            gambar: None,
            tempat: Some("Pangkalpinang".into()),
            kunci_idempoten: None,
        }
    }

    async fn kiosk(&self, nip: &str, kunci: &str) -> Result<TtdDicatat, AppError> {
        let kartu = self
            .app
            .kartu_pegawai(&cli(), self.inst.id, self.id(nip).await)
            .await
            .unwrap();
        self.app
            .ttd_kiosk(
                &cli(),
                self.inst.id,
                KioskMasuk {
                    kampanye_id: self.kampanye.id,
                    nip_atau_kartu: kartu,
                    otp: None,
                    kunci_idempoten: kunci.into(),
                    gambar: None,
                    waktu_klien: None,
                    tempat: None,
                },
            )
            .await
    }
}

macro_rules! kedua {
    ($($nama:ident),* $(,)?) => {
        $(mod $nama {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$nama(super::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$nama(super::Backend::Postgres).await
            }
        })*
    };
}

kedua!(
    daring_dengan_kode_dari_outbox,
    kode_salah_lima_kali_mematikan_kode,
    kiosk_ulang_dengan_kunci_sama,
    dua_bersamaan_satu_konflik,
    tahap_ketat_menunggu_pimpinan,
    kertas_wajib_pindaian,
    perwakilan_menyimpan_daftar,
    saksi_batal_dan_tanda_tangan_ulang,
    setiap_daun_terverifikasi,
    dua_ratus_bersamaan,
    tautan_pribadi_tidak_pernah_ke_petugas,
    hadir_ikrar_semua_atau_tidak_sama_sekali,
    pemilihan_templat_kampanye,
    progres_antar_proses,
    kiosk_unit_hanya_subtreenya,
);

async fn daring_dengan_kode_dari_outbox(b: Backend) {
    let Some(u) = siapkan(b, 3, false, ModePakta::Individu).await else {
        return;
    };
    let nip = u.staf[0].clone();
    let id = u.id(&nip).await;
    let kirim = u.app.kirim_otp("19.71", &nip).await.unwrap();
    assert_eq!(kirim.saluran, "email");
    assert_eq!(kirim.tujuan_tersamar, "p***@contoh.go.id");
    // At most one code a minute.
    assert!(matches!(
        u.app.kirim_otp("19.71", &nip).await,
        Err(AppError::TerlaluBanyakPercobaan(_))
    ));
    // Unknown NIP and no contact: the same answer.
    for n in ["199912312020121999", u.tanpa_kontak.as_str()] {
        match u.app.kirim_otp("19.71", n).await {
            Err(AppError::Masukan(m)) => assert_eq!(m, PESAN_TIDAK_TERKIRIM),
            other => panic!("{other:?}"),
        }
    }
    let kode = u.kode_dari_outbox(id).await;
    // Every butir must be confirmed (checked before the code is spent).
    let mut kurang = u.daring(&nip, &kode);
    kurang.butir_dikonfirmasi = vec![true, true, false, true];
    assert!(matches!(
        u.app.ttd_daring(kurang).await,
        Err(AppError::Masukan(_))
    ));
    let r = u.app.ttd_daring(u.daring(&nip, &kode)).await.unwrap();
    assert_eq!(r.metode, MetodeTandaTangan::DaringOtp);
    assert!(!r.ulang);
    let t = u
        .app
        .store
        .tanda_tangan(u.inst.id, r.id)
        .await
        .unwrap()
        .unwrap();
    let rek = netral_domain::pakta::RekamanTandaTangan::parse(&t.rekaman).unwrap();
    assert_eq!(rek.penanda.nip_tampil.as_deref(), Some(nip.as_str()));
    assert_eq!(rek.url_verifikasi_dasar, "https://pakta.localhost/v/");
    assert_eq!(rek.templat.butir.len(), 4);
    // The code is spent, and the person has signed.
    assert!(matches!(
        u.app.ttd_daring(u.daring(&nip, &kode)).await,
        Err(AppError::Konflik(_))
    ));
    // A retried submit with a request id returns the stored signature, once.
    let nip2 = u.staf[1].clone();
    let id2 = u.id(&nip2).await;
    u.app.kirim_otp("19.71", &nip2).await.unwrap();
    let kode2 = u.kode_dari_outbox(id2).await;
    let mut m = u.daring(&nip2, &kode2);
    m.kunci_idempoten = Some("formulir:0001".into());
    let pertama = u.app.ttd_daring(m.clone()).await.unwrap();
    let ulang = u.app.ttd_daring(m.clone()).await.unwrap();
    assert!(ulang.ulang && !pertama.ulang);
    assert_eq!(ulang.id, pertama.id);
    m.kunci_idempoten = Some("formulir:0002".into());
    assert!(matches!(
        u.app.ttd_daring(m).await,
        Err(AppError::Konflik(_))
    ));
    let snap = u
        .app
        .keadaan_kampanye(u.inst.id, u.kampanye.id)
        .await
        .unwrap();
    assert_eq!(snap.sudah(id).map(|i| i.id), Some(r.id));
    assert_eq!(snap.rekap().total.sudah, 2);
    assert_eq!(snap.per_jam().iter().map(|(_, n)| n).sum::<u64>(), 2);
    // Nothing changed: the same snapshot is handed out.
    let lagi = u
        .app
        .keadaan_kampanye(u.inst.id, u.kampanye.id)
        .await
        .unwrap();
    assert!(Arc::ptr_eq(&snap, &lagi));
}

async fn kode_salah_lima_kali_mematikan_kode(b: Backend) {
    let Some(u) = siapkan(b, 2, false, ModePakta::Individu).await else {
        return;
    };
    let nip = u.staf[1].clone();
    u.app.kirim_otp("19.71", &nip).await.unwrap();
    let kode = u.kode_dari_outbox(u.id(&nip).await).await;
    let salah = if kode == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        match u.app.ttd_daring(u.daring(&nip, salah)).await {
            Err(AppError::Masukan(m)) => assert!(m.contains("kode salah"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
    match u.app.ttd_daring(u.daring(&nip, &kode)).await {
        Err(AppError::Masukan(m)) => assert!(m.contains("tidak ada kode"), "{m}"),
        other => panic!("the right code after five misses must be dead: {other:?}"),
    }
}

async fn kiosk_ulang_dengan_kunci_sama(b: Backend) {
    let Some(u) = siapkan(b, 3, false, ModePakta::Individu).await else {
        return;
    };
    let a = u.kiosk(&u.staf[0], "tablet1:0001").await.unwrap();
    assert_eq!(a.metode, MetodeTandaTangan::Kiosk);
    let ulang = u.kiosk(&u.staf[0], "tablet1:0001").await.unwrap();
    assert!(ulang.ulang);
    assert_eq!(ulang.id, a.id);
    assert_eq!(ulang.hash_daun_hex, a.hash_daun_hex);
    assert!(matches!(
        u.kiosk(&u.staf[0], "tablet1:0002").await,
        Err(AppError::Konflik(_))
    ));
    // A NIP without a code, and a forged card, are refused.
    let tanpa = KioskMasuk {
        kampanye_id: u.kampanye.id,
        nip_atau_kartu: u.staf[1].clone(),
        otp: None,
        kunci_idempoten: "tablet1:0003".into(),
        gambar: None,
        waktu_klien: Some(chrono::Utc::now()),
        tempat: None,
    };
    assert!(matches!(
        u.app.ttd_kiosk(&cli(), u.inst.id, tanpa.clone()).await,
        Err(AppError::Masukan(_))
    ));
    let palsu = KioskMasuk {
        nip_atau_kartu: format!("NETRAL-KARTU/1:19.71:{}:0123456789abcdef", u.staf[1]),
        ..tanpa.clone()
    };
    // The queued batch: a forged card, a good card, the first one again.
    let baik = KioskMasuk {
        nip_atau_kartu: u
            .app
            .kartu_pegawai(&cli(), u.inst.id, u.id(&u.staf[2]).await)
            .await
            .unwrap(),
        kunci_idempoten: "tablet1:0004".into(),
        ..tanpa.clone()
    };
    let pertama = KioskMasuk {
        nip_atau_kartu: u
            .app
            .kartu_pegawai(&cli(), u.inst.id, u.id(&u.staf[0]).await)
            .await
            .unwrap(),
        kunci_idempoten: "tablet1:0001".into(),
        ..tanpa
    };
    let hasil = u
        .app
        .ttd_kiosk_banyak(&cli(), u.inst.id, vec![palsu, baik, pertama])
        .await
        .unwrap();
    assert!(matches!(hasil[0], Err(AppError::Masukan(_))));
    assert!(!hasil[1].as_ref().unwrap().ulang);
    assert_eq!(hasil[2].as_ref().unwrap().id, a.id);
    let (_, total) = u
        .app
        .store
        .daftar_tanda_tangan(
            u.inst.id,
            &FilterTtd::default(),
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 2);
}

async fn dua_bersamaan_satu_konflik(b: Backend) {
    let Some(u) = siapkan(b, 1, false, ModePakta::Individu).await else {
        return;
    };
    let (x, y) = tokio::join!(
        u.kiosk(&u.staf[0], "tablet-a:1"),
        u.kiosk(&u.staf[0], "tablet-b:1")
    );
    let ok = [&x, &y].iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 1, "{x:?} {y:?}");
    assert!(
        matches!(x, Err(AppError::Konflik(_))) || matches!(y, Err(AppError::Konflik(_))),
        "{x:?} {y:?}"
    );
}

async fn tahap_ketat_menunggu_pimpinan(b: Backend) {
    let Some(u) = siapkan(b, 2, true, ModePakta::Individu).await else {
        return;
    };
    match u.kiosk(&u.staf[0], "kios:00001").await {
        Err(AppError::Masukan(m)) => assert!(m.contains("menunggu"), "{m}"),
        other => panic!("staff must wait for the kepala daerah: {other:?}"),
    }
    u.kiosk(&u.walikota, "kios:00002").await.unwrap();
    u.kiosk(&u.staf[0], "kios:00003").await.unwrap();
    let snap = u
        .app
        .keadaan_kampanye(u.inst.id, u.kampanye.id)
        .await
        .unwrap();
    assert_eq!(snap.keadaan_tahap()[0].sudah, 1);
    assert!(snap.keadaan_tahap()[0].selesai());
    assert_eq!(snap.rekap().per_tahap[1].sudah, 1);
    assert_eq!(snap.rekap().per_tahap[1].wajib, 3);
    assert_eq!(snap.belum().count(), 2);
}

async fn kertas_wajib_pindaian(b: Backend) {
    let Some(u) = siapkan(b, 1, false, ModePakta::Individu).await else {
        return;
    };
    let id = u.id(&u.staf[0]).await;
    let tgl = chrono::Utc::now().date_naive();
    for buruk in [
        Vec::new(),
        b"bukan pdf".to_vec(),
        vec![b'%'; 11 * 1024 * 1024],
    ] {
        let r = u
            .app
            .ttd_kertas(
                &cli(),
                u.inst.id,
                u.kampanye.id,
                id,
                BerkasMasuk {
                    nama: "scan.pdf".into(),
                    isi: buruk,
                },
                tgl,
            )
            .await;
        assert!(matches!(r, Err(AppError::Masukan(_))), "{r:?}");
    }
    let isi = b"%PDF-1.4\n% pindaian lembar pakta\n".to_vec();
    let r = u
        .app
        .ttd_kertas(
            &cli(),
            u.inst.id,
            u.kampanye.id,
            id,
            BerkasMasuk {
                nama: "scan.pdf".into(),
                isi: isi.clone(),
            },
            tgl,
        )
        .await
        .unwrap();
    assert_eq!(r.metode, MetodeTandaTangan::KertasPindai);
    let t = u
        .app
        .store
        .tanda_tangan(u.inst.id, r.id)
        .await
        .unwrap()
        .unwrap();
    let h = t.ttd.data.bukti_hash.clone().unwrap();
    assert_eq!(h, netral_domain::pakta::HashSha256::dari_bytes(&isi));
    let berkas = u.app.store.berkas(u.inst.id, &h).await.unwrap().unwrap();
    assert_eq!(berkas.isi, isi);
    assert_eq!(berkas.mime, "application/pdf");
}

async fn perwakilan_menyimpan_daftar(b: Backend) {
    let Some(u) = siapkan(b, 3, false, ModePakta::Perwakilan).await else {
        return;
    };
    let penanda = u.id(&u.staf[0]).await;
    let wakil = vec![u.id(&u.staf[1]).await, u.id(&u.staf[2]).await];
    let r = u
        .app
        .ttd_perwakilan(
            &cli(),
            u.inst.id,
            u.kampanye.id,
            penanda,
            wakil.clone(),
            Some(BerkasMasuk {
                nama: "mandat.pdf".into(),
                isi: b"%PDF-1.7 mandat".to_vec(),
            }),
            None,
        )
        .await
        .unwrap();
    assert_eq!(r.metode, MetodeTandaTangan::Perwakilan);
    assert_eq!(
        u.app.store.daftar_mewakili(u.inst.id, r.id).await.unwrap(),
        wakil
    );
    let t = u
        .app
        .store
        .tanda_tangan(u.inst.id, r.id)
        .await
        .unwrap()
        .unwrap();
    let rek = netral_domain::pakta::RekamanTandaTangan::parse(&t.rekaman).unwrap();
    assert_eq!(rek.mewakili.len(), 2);
    assert!(rek.mewakili[0].starts_with("Pegawai 1 (NIP 1990"));
    assert!(rek.mandat_hash.is_some());
    // Representing oneself is refused by the domain.
    let sendiri = u
        .app
        .ttd_perwakilan(
            &cli(),
            u.inst.id,
            u.kampanye.id,
            wakil[0],
            vec![wakil[0]],
            None,
            None,
        )
        .await;
    assert!(matches!(sendiri, Err(AppError::Masukan(_))), "{sendiri:?}");

    // On an individual pact, perwakilan is refused.
    let Some(v) = siapkan(b, 2, false, ModePakta::Individu).await else {
        return;
    };
    let r = v
        .app
        .ttd_perwakilan(
            &cli(),
            v.inst.id,
            v.kampanye.id,
            v.id(&v.staf[0]).await,
            vec![v.id(&v.staf[1]).await],
            None,
            None,
        )
        .await;
    assert!(matches!(r, Err(AppError::Masukan(_))), "{r:?}");
}

fn saksi() -> Saksi {
    Saksi {
        nama: "Letkol Inf. Budi".into(),
        jabatan: "Dandim 0413/Bangka".into(),
        instansi: Some("Forkopimda".into()),
        pegawai_id: None,
    }
}

async fn saksi_batal_dan_tanda_tangan_ulang(b: Backend) {
    let Some(u) = siapkan(b, 1, false, ModePakta::Individu).await else {
        return;
    };
    let id = u.id(&u.staf[0]).await;
    let a = u.kiosk(&u.staf[0], "kios:batal1").await.unwrap();
    let s = u
        .app
        .catat_saksi(
            &cli(),
            u.inst.id,
            a.id,
            saksi(),
            MetodeTandaTangan::Kiosk,
            None,
        )
        .await
        .unwrap();
    assert_eq!(s.pernyataan.tanda_tangan_id, a.id);
    // A short reason is refused.
    assert!(matches!(
        u.app.batalkan_ttd(&cli(), u.inst.id, a.id, "salah").await,
        Err(AppError::Masukan(_))
    ));
    let batal = u
        .app
        .batalkan_ttd(&cli(), u.inst.id, a.id, "salah orang di kios apel")
        .await
        .unwrap();
    assert!(batal.ttd.pembatalan.is_some());
    assert!(batal.hash_daun_batal.is_some());
    let r = u
        .app
        .catat_saksi(
            &cli(),
            u.inst.id,
            a.id,
            saksi(),
            MetodeTandaTangan::Kiosk,
            None,
        )
        .await;
    assert!(matches!(r, Err(AppError::Masukan(_))), "{r:?}");
    let snap = u
        .app
        .keadaan_kampanye(u.inst.id, u.kampanye.id)
        .await
        .unwrap();
    assert!(snap.sudah(id).is_none());
    assert_eq!(snap.rekap().total.sudah, 0);
    // Revoked: the person signs again.
    let baru = u.kiosk(&u.staf[0], "kios:batal2").await.unwrap();
    assert_ne!(baru.id, a.id);
    let snap = u
        .app
        .keadaan_kampanye(u.inst.id, u.kampanye.id)
        .await
        .unwrap();
    assert_eq!(snap.sudah(id).map(|i| i.id), Some(baru.id));
    // A second revocation of the first is a conflict or refused by the domain.
    assert!(
        u.app
            .batalkan_ttd(&cli(), u.inst.id, a.id, "dibatalkan dua kali")
            .await
            .is_err()
    );
}

async fn setiap_daun_terverifikasi(b: Backend) {
    let Some(u) = siapkan(b, 3, false, ModePakta::Individu).await else {
        return;
    };
    let mut daun = Vec::new();
    for (i, n) in u.staf.iter().enumerate() {
        daun.push(u.kiosk(n, &format!("kios:daun{i}")).await.unwrap());
    }
    let s = u
        .app
        .catat_saksi(
            &cli(),
            u.inst.id,
            daun[0].id,
            saksi(),
            MetodeTandaTangan::Kiosk,
            None,
        )
        .await
        .unwrap();
    let batal = u
        .app
        .batalkan_ttd(
            &cli(),
            u.inst.id,
            daun[1].id,
            "tercatat dua kali karena salah",
        )
        .await
        .unwrap();
    u.app.langkah_log().await.unwrap();
    let mut hash: Vec<String> = daun.iter().map(|d| d.hash_daun_hex.clone()).collect();
    hash.push(hex::encode(s.hash_daun));
    hash.push(hex::encode(batal.hash_daun_batal.unwrap()));
    for (i, h) in hash.iter().enumerate() {
        let v = u.app.verifikasi_daun(h).await.unwrap();
        assert!(v.valid, "leaf {i} {h}: {}", v.alasan);
    }
    for d in &daun {
        let idx = u
            .app
            .store
            .indeks_daun(
                u.inst.id,
                &hex::decode(&d.hash_daun_hex).unwrap().try_into().unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(idx, Some(d.indeks_daun));
    }
    // An altered hash is not valid.
    let mut salah = daun[2].hash_daun_hex.clone().into_bytes();
    salah[0] = if salah[0] == b'0' { b'1' } else { b'0' };
    let v = u
        .app
        .verifikasi_daun(std::str::from_utf8(&salah).unwrap())
        .await
        .unwrap();
    assert!(!v.valid);
}

async fn dua_ratus_bersamaan(b: Backend) {
    let Some(u) = siapkan(b, 200, false, ModePakta::Individu).await else {
        return;
    };
    let mut kartu = Vec::new();
    for n in &u.staf {
        kartu.push(
            u.app
                .kartu_pegawai(&cli(), u.inst.id, u.id(n).await)
                .await
                .unwrap(),
        );
    }
    let mut tugas = tokio::task::JoinSet::new();
    for (i, k) in kartu.into_iter().enumerate() {
        let app = u.app.clone();
        let inst = u.inst.id;
        let kampanye = u.kampanye.id;
        tugas.spawn(async move {
            app.ttd_kiosk(
                &cli(),
                inst,
                KioskMasuk {
                    kampanye_id: kampanye,
                    nip_atau_kartu: k,
                    otp: None,
                    kunci_idempoten: format!("masal:{i:05}"),
                    gambar: None,
                    waktu_klien: None,
                    tempat: None,
                },
            )
            .await
        });
    }
    let mut id = HashSet::new();
    let mut indeks = HashSet::new();
    while let Some(r) = tugas.join_next().await {
        let r = r.unwrap().unwrap();
        assert!(id.insert(r.id));
        assert!(indeks.insert(r.indeks_daun));
    }
    assert_eq!(id.len(), 200);
    let (_, total) = u
        .app
        .store
        .daftar_tanda_tangan(
            u.inst.id,
            &FilterTtd::default(),
            Halaman {
                nomor: 1,
                ukuran: 1,
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 200);
    let info = u.app.store.info_log(u.inst.id).await.unwrap().unwrap();
    assert_eq!(info.urut, 200);
    let snap = u
        .app
        .keadaan_kampanye(u.inst.id, u.kampanye.id)
        .await
        .unwrap();
    assert_eq!(snap.rekap().total.sudah, 200);
    assert_eq!(snap.rekap().total.wajib, 202);
}

async fn tautan_pribadi_tidak_pernah_ke_petugas(b: Backend) {
    let Some(u) = siapkan(b, 2, false, ModePakta::Individu).await else {
        return;
    };
    let id = u.id(&u.staf[0]).await;
    let h = u
        .app
        .buat_tautan(
            &cli(),
            u.inst.id,
            u.kampanye.id,
            SasaranTautan::Pegawai(vec![id, u.id(&u.tanpa_kontak).await]),
        )
        .await
        .unwrap();
    assert_eq!((h.diantre, h.tanpa_kontak), (1, 1));
    let (pesan, _) = u
        .app
        .store
        .daftar_notifikasi(
            u.inst.id,
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    let isi = &pesan
        .iter()
        .find(|m| m.baru.pegawai_id == Some(id))
        .unwrap()
        .baru
        .isi;
    let awal = isi.find("https://pakta.localhost/t/").unwrap() + "https://pakta.localhost/t/".len();
    let token: String = isi[awal..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let k = u.app.buka_tautan(&token).await.unwrap();
    assert_eq!(k.pegawai_id, id);
    assert_eq!(k.templat.isi.butir.len(), 4);
    assert!(k.sudah.is_none());
    assert!(u.app.buka_tautan("bukan-token").await.is_err());
    // The link alone cannot sign: the code sent to the person is needed too.
    u.app.kirim_otp_tautan(&token).await.unwrap();
    let kode = u.kode_dari_outbox(id).await;
    let mut m = u.daring("", &kode);
    m.penanda = PenandaDaring::Tautan(token.clone());
    let r = u.app.ttd_daring(m).await.unwrap();
    assert_eq!(r.metode, MetodeTandaTangan::DaringOtp);
    let milik = u.app.tanda_tangan_saya(&token).await.unwrap();
    assert_eq!(milik.len(), 1);
    assert_eq!(milik[0].ttd.id, r.id);
}

async fn hadir_ikrar_semua_atau_tidak_sama_sekali(b: Backend) {
    let Some(u) = siapkan(b, 3, false, ModePakta::Individu).await else {
        return;
    };
    let acara = u
        .app
        .buat_acara_ikrar(
            &cli(),
            netral_store::ttd::AcaraIkrarBaru {
                instansi_id: u.inst.id,
                pemilihan_id: None,
                jenis: netral_domain::pakta::JenisAcaraIkrar::Ikrar,
                nama: "  Ikrar Netralitas ASN  ".into(),
                tanggal: chrono::Utc::now().date_naive(),
                lokasi: Some("Alun-alun Taman Merdeka".into()),
                hash_teks: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(acara.nama, "Ikrar Netralitas ASN");
    let kartu = u
        .app
        .kartu_pegawai(&cli(), u.inst.id, u.id(&u.staf[1]).await)
        .await
        .unwrap();
    // One unknown NIP: each line reported, nothing written.
    let lap = u
        .app
        .catat_hadir(
            &cli(),
            u.inst.id,
            acara.id,
            vec![
                u.staf[0].clone(),
                "199912312020121999".into(),
                kartu.clone(),
            ],
        )
        .await
        .unwrap();
    assert_eq!(lap.dicatat, 0);
    assert!(lap.hasil[0].galat.is_none() && lap.hasil[2].galat.is_none());
    assert!(lap.hasil[1].galat.is_some());
    assert!(
        u.app
            .store
            .kehadiran_ikrar(u.inst.id, acara.id)
            .await
            .unwrap()
            .is_empty()
    );
    // All valid (a NIP and a staff card): recorded; again: nothing new.
    let semua = vec![u.staf[0].clone(), kartu];
    let lap = u
        .app
        .catat_hadir(&cli(), u.inst.id, acara.id, semua.clone())
        .await
        .unwrap();
    assert_eq!(lap.dicatat, 2);
    let lap = u
        .app
        .catat_hadir(&cli(), u.inst.id, acara.id, semua)
        .await
        .unwrap();
    assert_eq!(lap.dicatat, 0);
    assert_eq!(
        u.app
            .store
            .kehadiran_ikrar(u.inst.id, acara.id)
            .await
            .unwrap()
            .len(),
        2
    );
}

async fn pemilihan_templat_kampanye(b: Backend) {
    let Some(u) = siapkan(b, 1, false, ModePakta::Individu).await else {
        return;
    };
    use netral_domain::pakta::{JenisPemilihan, StatusPemilihan};
    let tgl = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let baru = netral_store::PemilihanBaru {
        id: None,
        instansi_id: u.inst.id,
        jenis: JenisPemilihan::PilkadaUlang,
        nama: "  Pilkada Ulang   Pangkalpinang 2026 ".into(),
        wilayah_kode: u.inst.kode.clone(),
        tgl_pemungutan: tgl(8, 27),
        dasar_hukum: "UU 10/2016".into(),
        status: StatusPemilihan::Berjalan,
        tahapan: vec![],
    };
    let (p, _) = u.app.simpan_pemilihan(&cli(), baru.clone()).await.unwrap();
    assert_eq!(p.nama, "Pilkada Ulang Pangkalpinang 2026");
    let kosong = netral_store::PemilihanBaru {
        nama: " ".into(),
        ..baru
    };
    assert!(matches!(
        u.app.simpan_pemilihan(&cli(), kosong).await,
        Err(AppError::Masukan(_))
    ));
    // Starters: 6 butir becomes the next version; asking again changes nothing.
    let (t6, _) = u
        .app
        .templat_awal(
            &cli(),
            u.inst.id,
            Some(p.id),
            JenisTemplatAwal::Butir6,
            ModePakta::Individu,
            None,
        )
        .await
        .unwrap();
    let (t9, _) = u
        .app
        .templat_awal(
            &cli(),
            u.inst.id,
            Some(p.id),
            JenisTemplatAwal::Butir9,
            ModePakta::Individu,
            None,
        )
        .await
        .unwrap();
    assert_eq!((t6.versi, t9.versi), (1, 2));
    assert_eq!((t6.isi.butir.len(), t9.isi.butir.len()), (6, 9));
    let (lagi, ubah) = u
        .app
        .templat_awal(
            &cli(),
            u.inst.id,
            Some(p.id),
            JenisTemplatAwal::Butir6,
            ModePakta::Individu,
            None,
        )
        .await
        .unwrap();
    assert_eq!((lagi.id, ubah), (t6.id, netral_store::Perubahan::Tetap));
    // A campaign on an unapproved template is an input error with the domain's reason.
    let kampanye = |template_id| KampanyeBaru {
        instansi_id: u.inst.id,
        nama: "Pakta Pilkada Ulang".into(),
        template_id,
        lingkup: LingkupKampanye {
            unit: None,
            jenis_pegawai: [JenisPegawai::Pns].into(),
        },
        tahap: vec![],
        dibuka: None,
        ditutup: None,
    };
    match u.app.buat_kampanye(&cli(), kampanye(t6.id)).await {
        Err(AppError::Masukan(m)) => assert!(m.contains("belum disahkan"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        u.app
            .sahkan_templat(&cli(), u.inst.id, t6.id, " ", tgl(7, 1))
            .await,
        Err(AppError::Masukan(_))
    ));
    u.app
        .sahkan_templat(&cli(), u.inst.id, t6.id, "Sekretaris Daerah", tgl(7, 1))
        .await
        .unwrap();
    // No stages given: the usual order.
    let (k, _) = u.app.buat_kampanye(&cli(), kampanye(t6.id)).await.unwrap();
    assert_eq!(k.tahap, Kampanye::tahap_baku(None));
    assert_eq!(
        u.app
            .daftar_kampanye(&cli(), u.inst.id)
            .await
            .unwrap()
            .len(),
        2
    );
    // A user of another instansi's role cannot manage pacts here.
    let auditor = Pelaku::Pengguna(netral_domain::akun::User {
        id: netral_domain::akun::UserId(99),
        instansi_id: u.inst.id,
        username: netral_domain::akun::Username::parse("auditor").unwrap(),
        nama: "Auditor".into(),
        peran: netral_domain::akun::Peran::Auditor,
        unit_id: None,
        aktif: true,
    });
    assert!(matches!(
        u.app.buat_kampanye(&auditor, kampanye(t6.id)).await,
        Err(AppError::TidakBerwenang)
    ));
    assert!(
        u.app
            .daftar_templat(&auditor, u.inst.id, None)
            .await
            .is_ok()
    );
    assert!(matches!(
        u.app
            .keadaan_kampanye(u.inst.id, netral_domain::pakta::KampanyeId(9999))
            .await,
        Err(AppError::TidakDitemukan(_))
    ));
}

/// Two processes on one database: the second sees the first's signatures and revocations
/// through the change feed once its state is older than `SEGAR`.
async fn progres_antar_proses(b: Backend) {
    let Some(u) = siapkan(b, 3, false, ModePakta::Individu).await else {
        return;
    };
    let lain = App::new(
        u.app.store.clone(),
        Arc::new(JamSistem),
        u.app.konfigurasi.clone(),
    );
    let a = u.kiosk(&u.staf[0], "proses:0001").await.unwrap();
    let s = lain
        .keadaan_kampanye(u.inst.id, u.kampanye.id)
        .await
        .unwrap();
    assert_eq!(s.rekap().total.sudah, 1);
    assert_eq!(s.watermark, Some(a.indeks_daun));
    let b2 = u.kiosk(&u.staf[1], "proses:0002").await.unwrap();
    u.app
        .batalkan_ttd(&cli(), u.inst.id, a.id, "salah orang saat apel pagi")
        .await
        .unwrap();
    tokio::time::sleep(netral_app::progres::SEGAR * 2).await;
    let s = lain
        .keadaan_kampanye(u.inst.id, u.kampanye.id)
        .await
        .unwrap();
    assert_eq!(s.rekap().total.sudah, 1);
    assert!(s.sudah(u.id(&u.staf[0]).await).is_none());
    assert_eq!(s.sudah(u.id(&u.staf[1]).await).map(|i| i.id), Some(b2.id));
    assert!(
        s.watermark > Some(b2.indeks_daun),
        "the revocation leaf moved it"
    );
}

/// A unit-scoped kiosk operator (camat) signs only employees of their unit subtree.
async fn kiosk_unit_hanya_subtreenya(b: Backend) {
    let Some(u) = siapkan(b, 1, false, ModePakta::Individu).await else {
        return;
    };
    let units = u.app.store.daftar_unit(u.inst.id).await.unwrap();
    let unit = |nama: &str| units.iter().find(|x| x.nama == nama).unwrap().id;
    let operator = |unit_id| {
        Pelaku::Pengguna(netral_domain::akun::User {
            id: netral_domain::akun::UserId(77),
            instansi_id: u.inst.id,
            username: netral_domain::akun::Username::parse("camat").unwrap(),
            nama: "Camat".into(),
            peran: netral_domain::akun::Peran::AtasanLangsung,
            unit_id: Some(unit_id),
            aktif: true,
        })
    };
    let masuk = KioskMasuk {
        kampanye_id: u.kampanye.id,
        nip_atau_kartu: u
            .app
            .kartu_pegawai(&cli(), u.inst.id, u.id(&u.staf[0]).await)
            .await
            .unwrap(),
        otp: None,
        kunci_idempoten: "camat:0001".into(),
        gambar: None,
        waktu_klien: None,
        tempat: None,
    };
    let luar = operator(unit("Sekretariat Daerah"));
    assert!(matches!(
        u.app.ttd_kiosk(&luar, u.inst.id, masuk.clone()).await,
        Err(AppError::TidakBerwenang)
    ));
    let dalam = operator(unit("Dinas Sosial"));
    let r = u.app.ttd_kiosk(&dalam, u.inst.id, masuk).await.unwrap();
    let t = u
        .app
        .store
        .tanda_tangan(u.inst.id, r.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.ttd.data.lokasi.as_deref(), Some("kios user:camat"));
}

/// A clock the test moves by hand.
struct JamUji(std::sync::atomic::AtomicI64);

impl netral_app::Jam for JamUji {
    fn sekarang(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::from_timestamp_millis(self.0.load(std::sync::atomic::Ordering::SeqCst))
            .unwrap()
    }
}

/// The token → user cache: a role change (here: kiosk operator → read-only auditor) is
/// seen once the cached answer is older than `TTL_TOKEN`, by the application clock.
async fn token_berubah_setelah_ttl(b: Backend) {
    let Some(u) = siapkan(b, 1, false, ModePakta::Individu).await else {
        return;
    };
    let jam = Arc::new(JamUji(std::sync::atomic::AtomicI64::new(
        u.app.sekarang().timestamp_millis(),
    )));
    let app = App::new(
        u.app.store.clone(),
        jam.clone(),
        Konfigurasi {
            argon2_ringan: true,
            ..Konfigurasi::default()
        },
    );
    let form = |peran: &str| netral_app::akun::FormUser {
        instansi_kode: "19.71".into(),
        username: "kios1".into(),
        nama: Some("Operator Kios".into()),
        peran: peran.into(),
        unit_id: None,
        sandi: Some("sandi-yang-panjang-1".into()),
    };
    app.tambah_user(&cli(), form("ATASAN_LANGSUNG"))
        .await
        .unwrap();
    let token = app.buat_token(&cli(), "kios1", "kios").await.unwrap();
    let boleh_kios =
        |u: &netral_domain::akun::User| u.boleh(netral_domain::akun::Izin::OperasiKiosk);
    let awal = app.user_dari_token(&token).await.unwrap().unwrap();
    assert!(boleh_kios(&awal));
    app.tambah_user(&cli(), form("AUDITOR")).await.unwrap();
    // Within the TTL the cached answer stands (documented: at most 5 s).
    let masih = app.user_dari_token(&token).await.unwrap().unwrap();
    assert!(boleh_kios(&masih));
    jam.0.fetch_add(
        netral_app::cache::TTL_TOKEN.num_milliseconds() + 1,
        std::sync::atomic::Ordering::SeqCst,
    );
    let baru = app.user_dari_token(&token).await.unwrap().unwrap();
    assert!(!boleh_kios(&baru), "{:?}", baru.peran);
    // An unknown token is refused and not cached as anything.
    assert!(app.user_dari_token("ntl_bukan").await.unwrap().is_none());
}

/// An employee made inactive by a `--sync` import cannot sign, even right after the import
/// while every read cache (signers, campaign, progress) is warm: either a cache already
/// reloaded and the campaign rules refuse, or it is stale and the store refuses inside the
/// write transaction. No signature is written either way.
async fn sync_nonaktif_tidak_bisa_tanda_tangan(b: Backend) {
    let Some(u) = siapkan(b, 3, false, ModePakta::Individu).await else {
        return;
    };
    // Warm the caches with a signature, and take the card of the one who will leave.
    u.kiosk(&u.staf[0], "hangat:0001").await.unwrap();
    let keluar = u.id(&u.staf[1]).await;
    let kartu = u
        .app
        .kartu_pegawai(&cli(), u.inst.id, keluar)
        .await
        .unwrap();
    // Full export without staf[1].
    let mut csv = String::from("NAMA;JENIS PEGAWAI;NIP;UNIT KERJA;JABATAN;JENIS JABATAN;EMAIL\n");
    csv.push_str(&format!(
        "Maulan Aklil;PNS;{};Sekretariat Daerah;Wali Kota;KEPALA_DAERAH;walikota@contoh.go.id\n",
        u.walikota
    ));
    for (i, s) in u.staf.iter().enumerate().filter(|(i, _)| *i != 1) {
        csv.push_str(&format!(
            "Pegawai {i};PNS;{s};Dinas Sosial;Analis;FUNGSIONAL;p{i}@contoh.go.id\n"
        ));
    }
    csv.push_str(&format!(
        "Tanpa Kontak;PNS;{};Dinas Sosial;Staf;PELAKSANA;\n",
        u.tanpa_kontak
    ));
    let lap = u
        .app
        .impor_pegawai(
            &cli(),
            u.inst.id,
            csv.into_bytes(),
            "sync.csv",
            OpsiImpor {
                sync: true,
                ..OpsiImpor::default()
            },
        )
        .await
        .unwrap();
    assert!(!lap.ditolak(), "{:?}", lap.masalah);
    let r = u
        .app
        .ttd_kiosk(
            &cli(),
            u.inst.id,
            KioskMasuk {
                kampanye_id: u.kampanye.id,
                nip_atau_kartu: kartu,
                otp: None,
                kunci_idempoten: "keluar:0001".into(),
                gambar: None,
                waktu_klien: None,
                tempat: None,
            },
        )
        .await;
    assert!(matches!(r, Err(AppError::Masukan(_))), "{r:?}");
    let (ada, _) = u
        .app
        .store
        .daftar_tanda_tangan(
            u.inst.id,
            &FilterTtd {
                pegawai: Some(keluar),
                ..FilterTtd::default()
            },
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    assert!(ada.is_empty());
    // Still active colleagues sign as before.
    u.kiosk(&u.staf[2], "tetap:0001").await.unwrap();
}

kedua!(
    token_berubah_setelah_ttl,
    sync_nonaktif_tidak_bisa_tanda_tangan,
    kertas_bertanggal_hari_ini_di_indonesia
);

/// A sheet dated today in Indonesia is accepted even while it is still yesterday in UTC
/// (from 17:00 UTC it is already tomorrow in WIB); only a date past today in the
/// easternmost zone (WIT, UTC+9) is "in the future". One paper route once compared with
/// the UTC date and refused every sheet dated today in the evening, UTC.
async fn kertas_bertanggal_hari_ini_di_indonesia(b: Backend) {
    let Some(u) = siapkan(b, 2, false, ModePakta::Individu).await else {
        return;
    };
    // The next 17:30 UTC from now: 00:30 WIB of the following day.
    let kini = u.app.sekarang();
    let mut malam = kini.date_naive().and_hms_opt(17, 30, 0).unwrap().and_utc();
    if malam <= kini {
        malam += chrono::Duration::days(1);
    }
    let jam = Arc::new(JamUji(std::sync::atomic::AtomicI64::new(
        malam.timestamp_millis(),
    )));
    // Same store, same log keys; only the clock differs.
    let app = App::new(u.app.store.clone(), jam, u.app.konfigurasi.clone());
    let hari_ini_wib = (malam + chrono::Duration::hours(7)).date_naive();
    assert_eq!(hari_ini_wib, malam.date_naive() + chrono::Duration::days(1));
    let scan = || BerkasMasuk {
        nama: "scan.pdf".into(),
        isi: b"%PDF-1.4\n% pindaian lembar pakta\n".to_vec(),
    };
    let id = u.id(&u.staf[0]).await;
    let r = app
        .ttd_kertas(&cli(), u.inst.id, u.kampanye.id, id, scan(), hari_ini_wib)
        .await;
    assert!(r.is_ok(), "{r:?}");
    let id = u.id(&u.staf[1]).await;
    let lusa = hari_ini_wib + chrono::Duration::days(1);
    let r = app
        .ttd_kertas(&cli(), u.inst.id, u.kampanye.id, id, scan(), lusa)
        .await;
    assert!(
        matches!(&r, Err(AppError::Masukan(p)) if p.contains("masa depan")),
        "{r:?}"
    );
}
