//! Documents, exports, progress views, reminders and the notification sender over real
//! stores (SQLite always; PostgreSQL when `NETRAL_TEST_PG_URL` is set): a signature's PDF
//! checks offline and its bundle verifies against the log key; the ZIP holds one PDF per
//! active signature with matching manifest hashes; XLSX rows match the signatures; the
//! reminder is rate-limited; progress counts follow signatures and a revocation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod alat;
use alat::Backend;

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, Utc};
use netral_app::dokumen::BELUM_TERCAKUP;
use netral_app::ekspor::{PenulisKanal, SasaranEkspor};
use netral_app::log::KonfigurasiLog;
use netral_app::notifikasi::{
    Notifier, NotifierHttp, NotifierLog, NotifierSmtp, PengirimNotifikasi,
};
use netral_app::ttd::BerkasMasuk;
use netral_app::{App, AppError, Jam, Konfigurasi, Pelaku};
use netral_domain::akun::{Peran, User, UserId, Username};
use netral_domain::organisasi::Instansi;
use netral_domain::pakta::{
    AnggotaTahap, JenisTemplatAwal, Kampanye, LingkupKampanye, MetodeTandaTangan, ModePakta,
    SifatTahap, TahapKampanye, TandaTanganId,
};
use netral_ledger::bundle::ProofBundle;
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::note::Verifier;
use netral_ledger::proof::verify_inclusion;
use netral_store::ttd::{Notifikasi, NotifikasiBaru, StatusNotifikasi};
use netral_store::{Halaman, KampanyeBaru};

/// A clock the test moves.
struct JamUji(Mutex<DateTime<Utc>>);

impl JamUji {
    fn maju(&self, d: TimeDelta) {
        *self.0.lock().unwrap() += d;
    }
}

impl Jam for JamUji {
    fn sekarang(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

use alat::store;

struct Uji {
    _dir: tempfile::TempDir,
    app: App,
    jam: Arc<JamUji>,
    instansi: Instansi,
    kampanye: Kampanye,
}

fn cli() -> Pelaku {
    Pelaku::Cli("uji".into())
}

async fn siapkan(b: Backend) -> Option<Uji> {
    let (store, dir) = store(b).await?;
    let jam = Arc::new(JamUji(Mutex::new(Utc::now())));
    let app = App::new(
        store,
        jam.clone(),
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
    let demo = app.siapkan_demo(40).await.unwrap();
    let instansi = demo.instansi;
    let (t, _) = app
        .templat_awal(
            &cli(),
            instansi.id,
            None,
            JenisTemplatAwal::Skb4,
            ModePakta::Individu,
            None,
        )
        .await
        .unwrap();
    let hari_ini = jam.sekarang().date_naive();
    let t = app
        .sahkan_templat(&cli(), instansi.id, t.id, "Sekretaris Daerah", hari_ini)
        .await
        .unwrap();
    let (kampanye, _) = app
        .buat_kampanye(
            &cli(),
            KampanyeBaru {
                instansi_id: instansi.id,
                nama: "Penandatanganan Pakta Uji".into(),
                template_id: t.id,
                lingkup: LingkupKampanye {
                    unit: None,
                    jenis_pegawai: t.isi.berlaku_untuk.clone(),
                },
                tahap: vec![TahapKampanye {
                    nama: "Semua pegawai".into(),
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
    Some(Uji {
        _dir: dir,
        app,
        jam,
        instansi,
        kampanye,
    })
}

/// Signs `n` employees who have not signed yet (paper intake); returns the signature ids.
async fn tanda_tangani(u: &Uji, n: usize) -> Vec<TandaTanganId> {
    let snap = u
        .app
        .keadaan_kampanye(u.instansi.id, u.kampanye.id)
        .await
        .unwrap();
    let siapa: Vec<_> = snap.belum().take(n).map(|p| p.id).collect();
    assert_eq!(siapa.len(), n, "not enough employees left to sign");
    let mut ids = Vec::new();
    for p in siapa {
        let mut isi = b"%PDF-1.4\n% pindaian uji\n".to_vec();
        isi.extend_from_slice(p.to_string().as_bytes());
        let t = u
            .app
            .ttd_kertas(
                &cli(),
                u.instansi.id,
                u.kampanye.id,
                p,
                BerkasMasuk {
                    nama: "pindaian.pdf".into(),
                    isi,
                },
                u.jam.sekarang().date_naive(),
            )
            .await
            .unwrap();
        ids.push(t.id);
    }
    ids
}

macro_rules! kedua_backend {
    ($($nama:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $nama() {
                    super::$nama(super::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $nama() {
                    super::$nama(super::Backend::Postgres).await;
                }
            )*
        }
    };
}

kedua_backend!(
    pdf_dan_bundel_terverifikasi,
    zip_berisi_pdf_dan_manifest,
    xlsx_dan_progres_setelah_pembatalan,
    pengingat_dibatasi,
    pengirim_mengulang_lalu_menyerah,
    izin_dan_lingkup_unit,
);

async fn pdf_dan_bundel_terverifikasi(b: Backend) {
    let Some(u) = siapkan(b).await else { return };
    let ids = tanda_tangani(&u, 2).await;
    // Not yet covered by a signed checkpoint.
    let t0 = u
        .app
        .store
        .tanda_tangan(u.instansi.id, ids[0])
        .await
        .unwrap()
        .unwrap();
    let daun = netral_store::ttd::hash_bytes(t0.ttd.hash_daun.as_ref().unwrap()).unwrap();
    match u.app.bundel_bukti(&u.instansi, &daun).await {
        Err(AppError::Konflik(m)) => assert_eq!(m, BELUM_TERCAKUP),
        lain => panic!("expected Konflik, got {lain:?}"),
    }
    u.app.langkah_log().await.unwrap();

    let pdf = u
        .app
        .pdf_tanda_tangan(&cli(), &u.instansi, ids[0])
        .await
        .unwrap();
    let cek = netral_dokumen::periksa_pdf(&pdf).unwrap();
    assert_eq!(cek.hash_daun, daun);
    assert_eq!(cek.rekaman.kanonik(), t0.rekaman);

    // The embedded bundle verifies against the log's key and proves this leaf.
    let teks = String::from_utf8(cek.bundle.clone()).unwrap();
    let bundel = ProofBundle::parse(&teks).unwrap();
    assert_eq!(
        netral_ledger::leaf_hash(bundel.extra.as_ref().unwrap()),
        daun
    );
    let vkey = u.app.vkey_publik(u.instansi.kode.as_str()).await.unwrap();
    let v = Verifier::from_vkey(&vkey).unwrap();
    let (cp, _) = Checkpoint::open(&bundel.checkpoint, &[&v]).unwrap();
    assert_eq!(bundel.index, t0.indeks_daun);
    verify_inclusion(bundel.index, cp.size, &daun, &bundel.proof, &cp.root).unwrap();
    // A tampered leaf does not verify.
    let mut lain = daun;
    lain[0] ^= 1;
    assert!(verify_inclusion(bundel.index, cp.size, &lain, &bundel.proof, &cp.root).is_err());

    // The signer gets their own PDF, nobody else's.
    let pemilik = t0.ttd.data.pegawai_id;
    let sendiri = u
        .app
        .pdf_milik_sendiri(&u.instansi, pemilik, ids[0])
        .await
        .unwrap();
    netral_dokumen::periksa_pdf(&sendiri).unwrap();
    assert!(matches!(
        u.app.pdf_milik_sendiri(&u.instansi, pemilik, ids[1]).await,
        Err(AppError::TidakDitemukan(_))
    ));
}

async fn zip_berisi_pdf_dan_manifest(b: Backend) {
    let Some(u) = siapkan(b).await else { return };
    let ids = tanda_tangani(&u, 4).await;
    u.app
        .batalkan_ttd(
            &cli(),
            u.instansi.id,
            ids[3],
            "salah orang saat penerimaan kertas",
        )
        .await
        .unwrap();
    u.app.langkah_log().await.unwrap();
    // One more after the checkpoint: listed, but without a PDF yet.
    tanda_tangani(&u, 1).await;

    let (isi, ringkas) = u
        .app
        .ekspor_zip(
            &cli(),
            &u.instansi,
            SasaranEkspor::Kampanye(u.kampanye.id),
            None,
            Vec::new(),
        )
        .await
        .unwrap();
    assert_eq!(ringkas.pdf, 3);
    assert_eq!(ringkas.menunggu_checkpoint, 1);
    let mut arsip = zip::ZipArchive::new(Cursor::new(isi)).unwrap();
    let mut berkas: HashMap<String, Vec<u8>> = HashMap::new();
    for i in 0..arsip.len() {
        let mut f = arsip.by_index(i).unwrap();
        let mut b = Vec::new();
        f.read_to_end(&mut b).unwrap();
        berkas.insert(f.name().unwrap().to_string(), b);
    }
    let pdf: Vec<&String> = berkas.keys().filter(|n| n.ends_with(".pdf")).collect();
    assert_eq!(pdf.len(), 3);
    let manifest = String::from_utf8(berkas["manifest.csv"].clone()).unwrap();
    let mut r = csv::Reader::from_reader(manifest.as_bytes());
    let baris: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(baris.len(), 4);
    for rec in &baris {
        let nama = &rec[0];
        if nama.is_empty() {
            assert_eq!(&rec[11], "menunggu_checkpoint");
            continue;
        }
        let isi = &berkas[nama];
        assert_eq!(&rec[10], netral_app::sha256_hex(isi), "{nama}");
        let cek = netral_dokumen::periksa_pdf(isi).unwrap();
        assert_eq!(hex::encode(cek.hash_daun), &rec[6]);
        assert_ne!(rec[1].parse::<i64>().unwrap(), ids[3].0, "revoked exported");
    }
    // MANIFEST.sha256 covers every PDF and the manifest.
    let sums = String::from_utf8(berkas["MANIFEST.sha256"].clone()).unwrap();
    let mut n = 0;
    for l in sums.lines() {
        let (h, nama) = l.split_once("  ").unwrap();
        assert_eq!(h, netral_app::sha256_hex(&berkas[nama]), "{nama}");
        n += 1;
    }
    assert_eq!(n, 4);
    assert_eq!(
        ringkas.sha256_manifest,
        netral_app::sha256_hex(manifest.as_bytes())
    );

    // The same archive streamed through a channel (as an HTTP body would take it).
    let (penulis, mut rx) = PenulisKanal::baru(2);
    let kumpul = tokio::spawn(async move {
        let mut semua = Vec::new();
        let mut potongan = 0;
        while let Some(c) = rx.recv().await {
            semua.extend_from_slice(&c);
            potongan += 1;
        }
        (semua, potongan)
    });
    let (penulis, ringkas2) = u
        .app
        .ekspor_zip(
            &cli(),
            &u.instansi,
            SasaranEkspor::Kampanye(u.kampanye.id),
            None,
            penulis,
        )
        .await
        .unwrap();
    drop(penulis);
    let (aliran, potongan) = kumpul.await.unwrap();
    assert!(potongan >= 2, "streamed in chunks, got {potongan}");
    assert_eq!(ringkas2.sha256_manifest, ringkas.sha256_manifest);
    let mut arsip2 = zip::ZipArchive::new(Cursor::new(aliran)).unwrap();
    let mut nama2: Vec<String> = arsip2
        .file_names()
        .map(|n| n.unwrap().to_string())
        .collect();
    let mut nama1: Vec<String> = berkas.keys().cloned().collect();
    nama1.sort();
    nama2.sort();
    assert_eq!(nama1, nama2);
    let mut m2 = String::new();
    arsip2
        .by_name("manifest.csv")
        .unwrap()
        .read_to_string(&mut m2)
        .unwrap();
    assert_eq!(m2, manifest);
}

fn baca_xlsx(isi: Vec<u8>) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(isi)).unwrap();
    let nama = wb.sheet_names()[0].clone();
    let r = wb.worksheet_range(&nama).unwrap();
    r.rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

async fn xlsx_dan_progres_setelah_pembatalan(b: Backend) {
    let Some(u) = siapkan(b).await else { return };
    let awal = u
        .app
        .progres(&cli(), &u.instansi, u.kampanye.id, None)
        .await
        .unwrap();
    assert_eq!(awal.total.sudah, 0);
    let wajib = awal.total.wajib;
    assert!(wajib >= 5);

    let ids = tanda_tangani(&u, 5).await;
    u.app
        .batalkan_ttd(
            &cli(),
            u.instansi.id,
            ids[0],
            "tanda tangan dicatat untuk orang lain",
        )
        .await
        .unwrap();
    let p = u
        .app
        .progres(&cli(), &u.instansi, u.kampanye.id, None)
        .await
        .unwrap();
    assert_eq!(p.total.wajib, wajib);
    assert_eq!(p.total.sudah, 4);
    assert_eq!(p.tahap.len(), 1);
    assert_eq!(p.tahap[0].angka.sudah, 4);
    assert_eq!(p.per_metode, vec![(MetodeTandaTangan::KertasPindai, 4)]);
    assert_eq!(p.per_jam.iter().map(|(_, n)| n).sum::<u64>(), 4);
    // Child rows add up to the total; drilling into one gives its row's numbers.
    let jumlah: u64 = p.anak.iter().map(|a| a.angka.wajib).sum::<u64>() + p.langsung.wajib;
    assert_eq!(jumlah, wajib);
    let sudah: u64 = p.anak.iter().map(|a| a.angka.sudah).sum::<u64>() + p.langsung.sudah;
    assert_eq!(sudah, 4);
    let anak = p.anak.iter().find(|a| a.angka.wajib > 0).unwrap();
    let turun = u
        .app
        .progres(&cli(), &u.instansi, u.kampanye.id, Some(anak.id))
        .await
        .unwrap();
    assert_eq!(turun.total, anak.angka);
    assert_eq!(turun.jalur.last().map(|(id, _)| *id), Some(anak.id));
    // The public aggregate has the same numbers.
    let publik = u
        .app
        .progres_publik(u.instansi.kode.as_str())
        .await
        .unwrap();
    assert_eq!(publik.kampanye.len(), 1);
    assert_eq!(publik.kampanye[0].total, p.total);

    // XLSX: header + one row per person; statuses follow the signatures.
    let rows = baca_xlsx(
        u.app
            .rekap_unit_xlsx(&cli(), &u.instansi, u.kampanye.id, None)
            .await
            .unwrap(),
    );
    assert_eq!(rows[0][0], "No");
    assert_eq!(rows[0][2], "NIP/NI PPPK");
    let status = |s: &str| rows.iter().skip(1).filter(|r| r[5] == s).count();
    assert_eq!(status("Sudah"), 4);
    assert_eq!(status("Dibatalkan"), 1);
    assert_eq!(status("Belum") as u64, wajib - 5);
    assert_eq!(rows.len() as u64, wajib + 1);
    let belum = baca_xlsx(
        u.app
            .belum_tanda_tangan_xlsx(&cli(), &u.instansi, u.kampanye.id, None)
            .await
            .unwrap(),
    );
    assert_eq!(belum.len() as u64 - 1, wajib - 4);
    assert!(
        belum
            .iter()
            .skip(1)
            .all(|r| r[5] == "Belum" || r[5] == "Dibatalkan")
    );

    let pdf = u
        .app
        .rekap_unit_pdf(&cli(), &u.instansi, u.kampanye.id, None)
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

async fn pengingat_dibatasi(b: Backend) {
    let Some(u) = siapkan(b).await else { return };
    tanda_tangani(&u, 3).await;
    let n = u
        .app
        .kirim_pengingat(&cli(), &u.instansi, u.kampanye.id, None)
        .await
        .unwrap();
    let (antre, total) = u
        .app
        .store
        .daftar_notifikasi(
            u.instansi.id,
            Halaman {
                nomor: 1,
                ukuran: 500,
            },
        )
        .await
        .unwrap();
    assert_eq!(total, n);
    assert!(n > 0, "demo employees have contacts");
    assert!(
        antre
            .iter()
            .all(|m| m.baru.isi.contains("belum menandatangani"))
    );
    // Within 6 hours: refused, nothing queued.
    u.jam.maju(TimeDelta::hours(5));
    match u
        .app
        .kirim_pengingat(&cli(), &u.instansi, u.kampanye.id, None)
        .await
    {
        Err(AppError::Konflik(m)) => assert!(m.contains("sudah dikirim"), "{m}"),
        lain => panic!("expected Konflik, got {lain:?}"),
    }
    // Another unit is its own budget.
    let units = u.app.store.daftar_unit(u.instansi.id).await.unwrap();
    let unit = units.iter().find(|x| x.induk_id.is_none()).unwrap();
    u.app
        .kirim_pengingat(&cli(), &u.instansi, u.kampanye.id, Some(unit.id))
        .await
        .unwrap();
    // An account bound to that unit asking for "everything" is asking for that unit.
    let terikat = pengguna(&u, Peran::Bkpsdm, Some(unit.id));
    assert!(matches!(
        u.app
            .kirim_pengingat(&terikat, &u.instansi, u.kampanye.id, None)
            .await,
        Err(AppError::Konflik(_))
    ));
    // After 6 hours it may be sent again.
    u.jam.maju(TimeDelta::hours(1) + TimeDelta::minutes(1));
    u.app
        .kirim_pengingat(&cli(), &u.instansi, u.kampanye.id, None)
        .await
        .unwrap();
}

/// Always fails.
struct Gagal;

#[async_trait::async_trait]
impl Notifier for Gagal {
    fn saluran(&self) -> &str {
        "sms"
    }
    async fn kirim(&self, _: &Notifikasi) -> Result<(), String> {
        Err("gateway mati".into())
    }
}

async fn pengirim_mengulang_lalu_menyerah(b: Backend) {
    let Some(u) = siapkan(b).await else { return };
    let now = u.jam.sekarang();
    let pesan = |saluran: &str, tujuan: &str| NotifikasiBaru {
        instansi_id: u.instansi.id,
        pegawai_id: None,
        saluran: saluran.into(),
        tujuan: tujuan.into(),
        subjek: "Uji".into(),
        isi: "Kode Anda 123456".into(),
        dibuat: now,
        kirim_setelah: now,
    };
    u.app
        .store
        .antre_notifikasi(&[pesan("sms", "0812"), pesan("email", "a@b.go.id")])
        .await
        .unwrap();
    let log = Arc::new(NotifierLog::baru("email", 10));
    let pengirim = PengirimNotifikasi::baru(u.app.clone())
        .dengan(Arc::new(Gagal))
        .dengan(log.clone());
    let l = pengirim.langkah().await.unwrap();
    assert_eq!((l.terkirim, l.diulang, l.menyerah), (1, 1, 0));
    assert_eq!(
        log.pesan_terakhir("a@b.go.id").unwrap().isi,
        "Kode Anda 123456"
    );
    // Not due again before its retry time.
    let l = pengirim.langkah().await.unwrap();
    assert_eq!(l.diulang + l.menyerah + l.terkirim, 0);
    let mut hasil = Vec::new();
    for _ in 0..6 {
        u.jam.maju(TimeDelta::hours(3));
        let l = pengirim.langkah().await.unwrap();
        hasil.push((l.diulang, l.menyerah));
    }
    // 1st failure above; 2nd–4th retried, 5th gives up, then nothing is due.
    assert_eq!(hasil, vec![(1, 0), (1, 0), (1, 0), (0, 1), (0, 0), (0, 0)]);
    let (semua, _) = u
        .app
        .store
        .daftar_notifikasi(
            u.instansi.id,
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    let sms = semua.iter().find(|m| m.baru.saluran == "sms").unwrap();
    assert_eq!(sms.status, StatusNotifikasi::Gagal);
    assert_eq!(sms.galat_terakhir.as_deref(), Some("gateway mati"));
    let email = semua.iter().find(|m| m.baru.saluran == "email").unwrap();
    assert_eq!(email.status, StatusNotifikasi::Terkirim);
}

/// The HTTP gateway notifier posts `{to, subject, body}` with the bearer token.
#[tokio::test]
async fn notifier_http_mengirim_json() {
    type Diterima = Arc<Mutex<Vec<(Option<String>, serde_json::Value)>>>;
    let diterima: Diterima = Arc::default();
    let d = diterima.clone();
    let app = axum::Router::new().route(
        "/kirim",
        axum::routing::post(
            move |h: axum::http::HeaderMap, axum::Json(v): axum::Json<serde_json::Value>| {
                let d = d.clone();
                async move {
                    let auth = h
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string);
                    let gagal = v["to"] == "gagal";
                    d.lock().unwrap().push((auth, v));
                    if gagal {
                        axum::http::StatusCode::BAD_GATEWAY
                    } else {
                        axum::http::StatusCode::OK
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let n = NotifierHttp::baru(
        "whatsapp",
        &format!("http://{addr}/kirim"),
        Some("rahasia".into()),
    )
    .unwrap();
    assert_eq!(n.saluran(), "whatsapp");
    let mut pesan = Notifikasi {
        id: 1,
        baru: NotifikasiBaru {
            instansi_id: netral_domain::organisasi::InstansiId(1),
            pegawai_id: None,
            saluran: "whatsapp".into(),
            tujuan: "+6281234".into(),
            subjek: "Pengingat".into(),
            isi: "Silakan menandatangani.".into(),
            dibuat: Utc::now(),
            kirim_setelah: Utc::now(),
        },
        status: StatusNotifikasi::Antre,
        percobaan: 0,
        galat_terakhir: None,
        terkirim: None,
    };
    n.kirim(&pesan).await.unwrap();
    pesan.baru.tujuan = "gagal".into();
    let e = n.kirim(&pesan).await.unwrap_err();
    assert!(e.contains("502"), "{e}");
    let d = diterima.lock().unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0].0.as_deref(), Some("Bearer rahasia"));
    assert_eq!(
        d[0].1,
        serde_json::json!({"to": "+6281234", "subject": "Pengingat", "body": "Silakan menandatangani."})
    );
}

fn pengguna(u: &Uji, peran: Peran, unit: Option<netral_domain::organisasi::UnitId>) -> Pelaku {
    Pelaku::Pengguna(User {
        id: UserId(9_999),
        instansi_id: u.instansi.id,
        username: Username::parse("pengguna.uji").unwrap(),
        nama: "Pengguna Uji".into(),
        peran,
        unit_id: unit,
        aktif: true,
    })
}

/// Permissions and the unit scope of unit-bound accounts.
async fn izin_dan_lingkup_unit(b: Backend) {
    let Some(u) = siapkan(b).await else { return };
    let p = u
        .app
        .progres(&cli(), &u.instansi, u.kampanye.id, None)
        .await
        .unwrap();
    let berisi: Vec<_> = p.anak.iter().filter(|a| a.angka.wajib > 0).collect();
    assert!(berisi.len() >= 2, "demo has several units with staff");
    let (a, b_) = (berisi[0].id, berisi[1].id);
    // One signature in each of the two units.
    let snap = u
        .app
        .keadaan_kampanye(u.instansi.id, u.kampanye.id)
        .await
        .unwrap();
    let di = |unit| {
        snap.belum()
            .find(|p| p.unit_leluhur.contains(&unit) || p.unit_id == Some(unit))
            .map(|p| p.id)
            .unwrap()
    };
    let (pa, pb) = (di(a), di(b_));
    let mut ids = Vec::new();
    for p in [pa, pb] {
        let t = u
            .app
            .ttd_kertas(
                &cli(),
                u.instansi.id,
                u.kampanye.id,
                p,
                BerkasMasuk {
                    nama: "pindaian.pdf".into(),
                    isi: format!("%PDF-1.4\n% {p}\n").into_bytes(),
                },
                u.jam.sekarang().date_naive(),
            )
            .await
            .unwrap();
        ids.push(t.id);
    }
    u.app.langkah_log().await.unwrap();

    // A superior bound to unit A sees A's subtree only.
    let atasan = pengguna(&u, Peran::AtasanLangsung, Some(a));
    let pa_view = u
        .app
        .progres(&atasan, &u.instansi, u.kampanye.id, None)
        .await
        .unwrap();
    assert_eq!(pa_view.jalur.last().map(|(id, _)| *id), Some(a));
    assert_eq!(pa_view.total.sudah, 1);
    assert!(matches!(
        u.app
            .progres(&atasan, &u.instansi, u.kampanye.id, Some(b_))
            .await,
        Err(AppError::TidakBerwenang)
    ));
    u.app
        .pdf_tanda_tangan(&atasan, &u.instansi, ids[0])
        .await
        .unwrap();
    assert!(matches!(
        u.app.pdf_tanda_tangan(&atasan, &u.instansi, ids[1]).await,
        Err(AppError::TidakDitemukan(_))
    ));
    let rows = baca_xlsx(
        u.app
            .rekap_unit_xlsx(&atasan, &u.instansi, u.kampanye.id, None)
            .await
            .unwrap(),
    );
    assert_eq!(rows.len() as u64 - 1, pa_view.total.wajib);
    // Exports and reminders need KelolaPakta.
    assert!(matches!(
        u.app
            .ekspor_zip(&atasan, &u.instansi, SasaranEkspor::Semua, None, Vec::new())
            .await,
        Err(AppError::TidakBerwenang)
    ));
    assert!(matches!(
        u.app
            .kirim_pengingat(&atasan, &u.instansi, u.kampanye.id, None)
            .await,
        Err(AppError::TidakBerwenang)
    ));
    // No progress permission, or another instansi: refused.
    let satgas = pengguna(&u, Peran::OperatorSatgas, None);
    assert!(matches!(
        u.app.pdf_tanda_tangan(&satgas, &u.instansi, ids[0]).await,
        Err(AppError::TidakBerwenang)
    ));
    let Pelaku::Pengguna(mut asing) = pengguna(&u, Peran::Admin, None) else {
        unreachable!()
    };
    asing.instansi_id = netral_domain::organisasi::InstansiId(u.instansi.id.0 + 1);
    assert!(matches!(
        u.app
            .progres(&Pelaku::Pengguna(asing), &u.instansi, u.kampanye.id, None)
            .await,
        Err(AppError::TidakBerwenang)
    ));
}

/// The SMTP notifier speaks SMTP to a (minimal, plaintext) server and sends the message.
#[tokio::test]
async fn notifier_smtp_mengirim_surel() {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (sock, _) = listener.accept().await.unwrap();
        let (r, mut w) = sock.into_split();
        let mut r = BufReader::new(r);
        w.write_all(b"220 uji ESMTP\r\n").await.unwrap();
        let mut perintah = Vec::new();
        let mut data = String::new();
        let mut dalam_data = false;
        let mut baris = String::new();
        loop {
            baris.clear();
            if r.read_line(&mut baris).await.unwrap() == 0 {
                break;
            }
            if dalam_data {
                if baris == ".\r\n" {
                    // One message is all this test needs.
                    w.write_all(b"250 diterima\r\n").await.unwrap();
                    break;
                } else {
                    data.push_str(&baris);
                }
                continue;
            }
            let kata = baris.trim_end().to_ascii_uppercase();
            perintah.push(baris.trim_end().to_string());
            let jawab: &[u8] = if kata.starts_with("EHLO") || kata.starts_with("HELO") {
                b"250 uji\r\n"
            } else if kata.starts_with("DATA") {
                dalam_data = true;
                b"354 lanjut\r\n"
            } else if kata.starts_with("QUIT") {
                w.write_all(b"221 selesai\r\n").await.unwrap();
                break;
            } else {
                b"250 OK\r\n"
            };
            w.write_all(jawab).await.unwrap();
        }
        (perintah, data)
    });
    let n = NotifierSmtp::dari_url(
        &format!("smtp://{addr}"),
        "Netral <pakta@pangkalpinangkota.go.id>",
    )
    .unwrap();
    assert_eq!(n.saluran(), "email");
    let pesan = Notifikasi {
        id: 7,
        baru: NotifikasiBaru {
            instansi_id: netral_domain::organisasi::InstansiId(1),
            pegawai_id: None,
            saluran: "email".into(),
            tujuan: "siti@example.go.id".into(),
            subjek: "Kode tanda tangan".into(),
            isi: "Kode Anda 123456".into(),
            dibuat: Utc::now(),
            kirim_setelah: Utc::now(),
        },
        status: StatusNotifikasi::Antre,
        percobaan: 0,
        galat_terakhir: None,
        terkirim: None,
    };
    n.kirim(&pesan).await.unwrap();
    drop(n);
    let (perintah, data) = tokio::time::timeout(std::time::Duration::from_secs(30), server)
        .await
        .unwrap()
        .unwrap();
    assert!(
        perintah
            .iter()
            .any(|p| p == "MAIL FROM:<pakta@pangkalpinangkota.go.id>"),
        "{perintah:?}"
    );
    assert!(
        perintah.iter().any(|p| p == "RCPT TO:<siti@example.go.id>"),
        "{perintah:?}"
    );
    assert!(data.contains("Subject: Kode tanda tangan"), "{data}");
    assert!(data.contains("Kode Anda 123456"), "{data}");
    // A bad address is refused before connecting.
    let mut salah = pesan.clone();
    salah.baru.tujuan = "bukan alamat".into();
    let n = NotifierSmtp::dari_url("smtp://127.0.0.1:9", "a@b.go.id").unwrap();
    assert!(n.kirim(&salah).await.unwrap_err().contains("tujuan"));
}
