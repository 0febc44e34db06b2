//! `netral export pakta`: a ZIP of every active signature's PDF with its manifest, written
//! only when complete; refused input (exit 2) leaves no file behind.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Cursor, Read};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use netral_app::log::KonfigurasiLog;
use netral_app::ttd::BerkasMasuk;
use netral_app::{App, JamSistem, Konfigurasi, Pelaku};
use netral_domain::pakta::{
    AnggotaTahap, JenisTemplatAwal, LingkupKampanye, ModePakta, SifatTahap, TahapKampanye,
};
use netral_store::KampanyeBaru;

fn netral(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_netral"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("NETRAL_DATA_DIR")
        .env_remove("NETRAL_DATABASE_URL")
        .env_remove("NETRAL_LOG_KEY_DIR")
        .env_remove("NETRAL_PUBLIC_HOST")
        .output()
        .expect("run netral")
}

/// The demo Pemda with a campaign and three paper signatures, one of them revoked.
fn siapkan(dir: &Path) -> i64 {
    let o = netral(dir, &["demo", "--tanpa-server", "--jumlah", "30"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = netral_store_sqlite::SqliteStore::open(dir.join("netral.db")).unwrap();
        let app = App::new(
            Arc::new(store),
            Arc::new(JamSistem),
            Konfigurasi {
                log: KonfigurasiLog {
                    folder_kunci: Some(dir.join("kunci")),
                    ..KonfigurasiLog::default()
                },
                ..Konfigurasi::default()
            },
        );
        let cli = Pelaku::Cli("uji".into());
        let inst = app.instansi_wajib("19.71").await.unwrap();
        let (t, _) = app
            .templat_awal(
                &cli,
                inst.id,
                None,
                JenisTemplatAwal::Skb4,
                ModePakta::Individu,
                None,
            )
            .await
            .unwrap();
        let hari_ini = app.sekarang().date_naive();
        let t = app
            .sahkan_templat(&cli, inst.id, t.id, "Sekretaris Daerah", hari_ini)
            .await
            .unwrap();
        let (k, _) = app
            .buat_kampanye(
                &cli,
                KampanyeBaru {
                    instansi_id: inst.id,
                    nama: "Kampanye Ekspor".into(),
                    template_id: t.id,
                    lingkup: LingkupKampanye {
                        unit: None,
                        jenis_pegawai: t.isi.berlaku_untuk.clone(),
                    },
                    tahap: vec![TahapKampanye {
                        nama: "Semua".into(),
                        sifat: SifatTahap::Anjuran,
                        tenggat: None,
                        anggota: AnggotaTahap::Sisanya,
                        perlu_saksi: false,
                    }],
                    dibuka: None,
                    ditutup: None,
                },
            )
            .await
            .unwrap();
        let snap = app.keadaan_kampanye(inst.id, k.id).await.unwrap();
        let siapa: Vec<_> = snap.belum().take(3).map(|p| p.id).collect();
        let mut ids = Vec::new();
        for p in siapa {
            let t = app
                .ttd_kertas(
                    &cli,
                    inst.id,
                    k.id,
                    p,
                    BerkasMasuk {
                        nama: "pindaian.pdf".into(),
                        isi: format!("%PDF-1.4\n% pindaian {p}\n").into_bytes(),
                    },
                    hari_ini,
                )
                .await
                .unwrap();
            ids.push(t.id);
        }
        app.batalkan_ttd(
            &cli,
            inst.id,
            ids[0],
            "penerimaan kertas untuk orang yang salah",
        )
        .await
        .unwrap();
        k.id.0
    })
}

#[test]
fn ekspor_pakta_zip_dan_penolakan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let k = siapkan(d).to_string();
    let out = d.join("arsip.zip");
    let o = netral(
        d,
        &[
            "export",
            "pakta",
            "--instansi",
            "19.71",
            "--kampanye",
            &k,
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(json["pdf"], 2, "{json}");
    assert_eq!(json["menunggu_checkpoint"], 0);
    let mut arsip = zip::ZipArchive::new(Cursor::new(std::fs::read(&out).unwrap())).unwrap();
    let mut nama: Vec<String> = arsip.file_names().map(|n| n.unwrap().to_string()).collect();
    nama.sort();
    assert_eq!(nama.iter().filter(|n| n.ends_with(".pdf")).count(), 2);
    assert!(nama.contains(&"manifest.csv".to_string()));
    assert!(nama.contains(&"MANIFEST.sha256".to_string()));
    let mut manifest = String::new();
    arsip
        .by_name("manifest.csv")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    assert_eq!(manifest.lines().count(), 3, "{manifest}");
    for n in nama.iter().filter(|n| n.ends_with(".pdf")) {
        let mut pdf = Vec::new();
        arsip.by_name(n).unwrap().read_to_end(&mut pdf).unwrap();
        assert!(manifest.contains(&netral_app::sha256_hex(&pdf)), "{n}");
    }

    // Refused: unknown instansi or unit; exit 2 and no file, not even a partial one.
    for args in [
        vec!["--instansi", "99.99"],
        vec!["--instansi", "19.71", "--unit", "987654"],
    ] {
        let gagal = d.join("gagal.zip");
        let mut semua = vec!["export", "pakta", "--out", gagal.to_str().unwrap()];
        semua.extend(args.iter().copied());
        let o = netral(d, &semua);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{:?}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stderr).starts_with("ditolak: "));
        let sisa: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with("gagal.zip"))
            .collect();
        assert!(sisa.is_empty(), "{sisa:?}");
    }
}
