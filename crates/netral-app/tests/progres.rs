//! The staff progress view ([`App::progres`]) answers from per-unit totals cached with the
//! campaign snapshot. These tests recount every unit of the demo tree the slow way (walking
//! the roster, as the view did before) and compare: totals, stages, methods, hours, child
//! rows and "directly in the unit", after signatures spread over several hours and after a
//! revocation; a drill-down total equals its children plus its own; and a second process
//! that builds its state from scratch agrees with the incrementally kept one. SQLite always,
//! PostgreSQL when `NETRAL_TEST_PG_URL` is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod alat;
use alat::Backend;

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use netral_app::progres_tampil::TampilanProgres;
use netral_app::ttd::BerkasMasuk;
use netral_app::{App, Jam, Konfigurasi, Pelaku};
use netral_domain::organisasi::{Instansi, UnitId};
use netral_domain::pakta::{
    AnggotaTahap, JenisTemplatAwal, Kampanye, LingkupKampanye, ModePakta, RekapAngka, SifatTahap,
    TahapKampanye, TandaTanganId,
};
use netral_store::{KampanyeBaru, subtree};

struct JamUji(Mutex<DateTime<Utc>>);

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

fn konfigurasi() -> Konfigurasi {
    Konfigurasi {
        argon2_ringan: true,
        ..Konfigurasi::default()
    }
}

async fn siapkan(b: Backend) -> Option<Uji> {
    let (store, dir) = store(b).await?;
    let jam = Arc::new(JamUji(Mutex::new(Utc::now())));
    let mut k = konfigurasi();
    k.log.folder_kunci = Some(dir.path().join("kunci"));
    let app = App::new(store, jam.clone(), k);
    let instansi = app.siapkan_demo(60).await.unwrap().instansi;
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
                nama: "Progres Uji".into(),
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

/// Signs `n` employees who have not signed yet (paper intake), one hour apart.
async fn tanda_tangani(u: &Uji, n: usize) -> Vec<TandaTanganId> {
    let snap = u
        .app
        .keadaan_kampanye(u.instansi.id, u.kampanye.id)
        .await
        .unwrap();
    // Spread over the tree: every third not-yet-signed employee.
    let siapa: Vec<_> = snap.belum().step_by(3).take(n).map(|p| p.id).collect();
    assert_eq!(siapa.len(), n, "not enough employees left to sign");
    let mut ids = Vec::new();
    for p in siapa {
        *u.jam.0.lock().unwrap() += TimeDelta::minutes(50);
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

/// The view of `unit` counted the slow way, from the roster and who signed.
#[derive(Debug, PartialEq, Eq)]
struct Lambat {
    total: RekapAngka,
    per_tahap: Vec<RekapAngka>,
    tidak_wajib: u64,
    per_metode: Vec<(netral_domain::pakta::MetodeTandaTangan, u64)>,
    per_jam: Vec<(DateTime<Utc>, u64)>,
    anak: Vec<(UnitId, RekapAngka)>,
    langsung: RekapAngka,
}

async fn lambat(u: &Uji, unit: Option<UnitId>) -> Lambat {
    let f = u
        .app
        .keadaan_kampanye(u.instansi.id, u.kampanye.id)
        .await
        .unwrap();
    let units = u.app.store.daftar_unit(u.instansi.id).await.unwrap();
    let k = &*f.kampanye;
    let dalam = |akar: Option<UnitId>, p: &netral_domain::pakta::PegawaiRingkas| match akar {
        None => true,
        Some(a) => {
            let s: HashSet<UnitId> = subtree(&units, a).into_iter().collect();
            p.unit_id.is_some_and(|x| s.contains(&x))
        }
    };
    let hitung = |akar: Option<UnitId>| {
        k.rekap(
            f.roster
                .pegawai
                .iter()
                .filter(|p| dalam(akar, p))
                .map(|p| (p, f.sudah(p.id).is_some())),
        )
    };
    let r = hitung(unit);
    let mut per_jam: BTreeMap<DateTime<Utc>, u64> = BTreeMap::new();
    let mut per_metode = BTreeMap::new();
    for p in f.roster.pegawai.iter().filter(|p| dalam(unit, p)) {
        if let Some(a) = f.sudah(p.id) {
            *per_jam
                .entry(a.waktu.duration_trunc(TimeDelta::hours(1)).unwrap())
                .or_default() += 1;
            *per_metode.entry(a.metode).or_default() += 1;
        }
    }
    let mut anak_unit: Vec<_> = units.iter().filter(|x| x.induk_id == unit).collect();
    anak_unit.sort_by(|a, b| a.nama.cmp(&b.nama).then(a.id.cmp(&b.id)));
    let anak: Vec<(UnitId, RekapAngka)> = anak_unit
        .iter()
        .map(|x| (x.id, hitung(Some(x.id)).total))
        .collect();
    let mut langsung = r.total;
    for (_, a) in &anak {
        langsung.wajib -= a.wajib;
        langsung.sudah -= a.sudah;
    }
    Lambat {
        total: r.total,
        per_tahap: r.per_tahap,
        tidak_wajib: r.tidak_wajib,
        per_metode: per_metode.into_iter().collect(),
        per_jam: per_jam.into_iter().collect(),
        anak,
        langsung,
    }
}

async fn lihat(u: &Uji, app: &App, unit: Option<UnitId>) -> TampilanProgres {
    app.progres(&cli(), &u.instansi, u.kampanye.id, unit)
        .await
        .unwrap()
}

fn cepat(p: &TampilanProgres) -> Lambat {
    Lambat {
        total: p.total,
        per_tahap: p.tahap.iter().map(|t| t.angka).collect(),
        tidak_wajib: p.tidak_wajib,
        per_metode: p.per_metode.clone(),
        per_jam: p.per_jam.clone(),
        anak: p.anak.iter().map(|a| (a.id, a.angka)).collect(),
        langsung: p.langsung,
    }
}

/// Every unit of the tree (and the whole instansi): the cached view equals the slow count,
/// and a unit's total is its children's plus its own.
async fn semua_unit_cocok(u: &Uji, app: &App) -> usize {
    let units = u.app.store.daftar_unit(u.instansi.id).await.unwrap();
    let mut diperiksa = 0;
    for unit in std::iter::once(None).chain(units.iter().map(|x| Some(x.id))) {
        let p = lihat(u, app, unit).await;
        let c = cepat(&p);
        assert_eq!(c, lambat(u, unit).await, "unit {unit:?}");
        let anak = p.anak.iter().fold(p.langsung, |a, b| RekapAngka {
            wajib: a.wajib + b.angka.wajib,
            sudah: a.sudah + b.angka.sudah,
        });
        assert_eq!(anak, p.total, "unit {unit:?}: children + own");
        for a in &p.anak {
            let turun = lihat(u, app, Some(a.id)).await;
            assert_eq!(turun.total, a.angka, "drill-down into {}", a.id);
            assert_eq!(turun.jalur.last().map(|(id, _)| *id), Some(a.id));
        }
        diperiksa += 1;
    }
    diperiksa
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

kedua_backend!(angka_unit_sama_dengan_hitungan_lambat);

async fn angka_unit_sama_dengan_hitungan_lambat(b: Backend) {
    let Some(u) = siapkan(b).await else { return };
    let units = u.app.store.daftar_unit(u.instansi.id).await.unwrap();
    assert!(
        units.iter().any(|x| x.induk_id.is_some()),
        "the demo tree must have more than one level"
    );
    assert!(semua_unit_cocok(&u, &u.app).await > 2);

    let awal = lihat(&u, &u.app, None).await;
    assert_eq!(awal.total.sudah, 0);
    let ids = tanda_tangani(&u, 8).await;
    let p = lihat(&u, &u.app, None).await;
    assert_eq!(p.total.sudah, 8);
    assert!(p.per_jam.len() >= 4, "signatures over several hours");
    semua_unit_cocok(&u, &u.app).await;

    // A revocation lowers the signer's unit, every unit above it and the whole.
    let dicabut = u
        .app
        .store
        .tanda_tangan(u.instansi.id, ids[3])
        .await
        .unwrap()
        .unwrap();
    let unit_dicabut = u
        .app
        .keadaan_kampanye(u.instansi.id, u.kampanye.id)
        .await
        .unwrap()
        .roster
        .cari(dicabut.ttd.data.pegawai_id)
        .unwrap()
        .unit_id
        .unwrap();
    let sebelum = lihat(&u, &u.app, Some(unit_dicabut)).await;
    u.app
        .batalkan_ttd(&cli(), u.instansi.id, ids[3], "dicatat untuk orang lain")
        .await
        .unwrap();
    let sesudah = lihat(&u, &u.app, Some(unit_dicabut)).await;
    assert_eq!(sesudah.total.sudah + 1, sebelum.total.sudah);
    assert_eq!(sesudah.total.wajib, sebelum.total.wajib);
    let p = lihat(&u, &u.app, None).await;
    assert_eq!(p.total.sudah, 7);
    semua_unit_cocok(&u, &u.app).await;

    // One more signature after the revocation.
    tanda_tangani(&u, 1).await;
    semua_unit_cocok(&u, &u.app).await;

    // Another process over the same store builds its state from the change feed alone and
    // agrees with the incrementally kept one, unit by unit.
    let lain = App::new(u.app.store.clone(), u.jam.clone(), konfigurasi());
    for unit in std::iter::once(None).chain(units.iter().map(|x| Some(x.id))) {
        let a = lihat(&u, &u.app, unit).await;
        let b = lihat(&u, &lain, unit).await;
        assert_eq!(cepat(&a), cepat(&b), "unit {unit:?}");
    }
    let publik = lain.progres_publik(u.instansi.kode.as_str()).await.unwrap();
    assert_eq!(publik.kampanye[0].total.sudah, 8);
}
