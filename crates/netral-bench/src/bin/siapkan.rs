//! `siapkan --data-dir D [--database-url U] --jumlah N --keluar kartu.txt`: the demo Pemda
//! (19.71) with N employees, an approved SKB-4 pact, one open campaign with a single advisory
//! stage over every ASN type (nothing blocks), a bearer token of the `bkpsdm` operator, and
//! the staff-card QR payload of every active ASN in the campaign, one per line.
//! First line of the output file: `{"kampanye":…,"token":"…","butir":…,"instansi":…}`.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use netral_app::Pelaku;
use netral_domain::pakta::{
    AnggotaTahap, JenisTemplatAwal, LingkupKampanye, ModePakta, SifatTahap, TahapKampanye,
};
use netral_domain::pegawai::{JenisPegawai, StatusPegawai};
use netral_store::KampanyeBaru;

#[derive(Parser)]
struct Arg {
    #[arg(long)]
    data_dir: PathBuf,
    #[arg(long)]
    database_url: Option<String>,
    #[arg(long, default_value_t = 100_000)]
    jumlah: usize,
    #[arg(long)]
    keluar: PathBuf,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = Arg::parse();
    let t0 = Instant::now();
    let store = netral_bench::buka_store(&a.data_dir, a.database_url.as_deref()).await?;
    let app = netral_bench::app(store, &a.data_dir);
    let hasil = app.siapkan_demo(a.jumlah).await?;
    let inst = hasil.instansi;
    eprintln!(
        "{} pegawai diimpor dalam {:.1} s",
        hasil.impor.imported,
        t0.elapsed().as_secs_f64()
    );
    let cli = Pelaku::Cli("bench".into());
    let (t, _) = app
        .templat_awal(
            &cli,
            inst.id,
            None,
            JenisTemplatAwal::Skb4,
            ModePakta::Individu,
            None,
        )
        .await?;
    let tgl = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).ok_or(anyhow::anyhow!("tanggal"))?;
    let t = app
        .sahkan_templat(&cli, inst.id, t.id, "Sekretaris Daerah", tgl)
        .await?;
    let jenis: std::collections::BTreeSet<JenisPegawai> = t
        .isi
        .berlaku_untuk
        .iter()
        .copied()
        .filter(|j| j.is_asn())
        .collect();
    let (k, _) = app
        .buat_kampanye(
            &cli,
            KampanyeBaru {
                instansi_id: inst.id,
                nama: "Pakta Pilkada 2026 (bench)".into(),
                template_id: t.id,
                lingkup: LingkupKampanye {
                    unit: None,
                    jenis_pegawai: jenis.clone(),
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
        .await?;
    let token = app.buat_token(&cli, "bkpsdm", "bench kiosk").await?;
    let roster = app.store.roster_kampanye(inst.id).await?;
    let ids: Vec<_> = roster
        .into_iter()
        .filter(|p| p.status == StatusPegawai::Aktif && jenis.contains(&p.jenis))
        .map(|p| p.id)
        .collect();
    let mut f = std::io::BufWriter::new(std::fs::File::create(&a.keluar)?);
    writeln!(
        f,
        "{}",
        serde_json::json!({"kampanye": k.id.0, "token": token, "butir": t.isi.butir.len(),
            "instansi": inst.id.0})
    )?;
    let t1 = Instant::now();
    for potong in ids.chunks(1000) {
        let mut tugas = tokio::task::JoinSet::new();
        for id in potong {
            let (app, cli, id) = (app.clone(), cli.clone(), *id);
            tugas.spawn(async move { app.kartu_pegawai(&cli, inst.id, id).await });
        }
        while let Some(r) = tugas.join_next().await {
            writeln!(f, "{}", r??)?;
        }
    }
    f.flush()?;
    eprintln!(
        "kampanye {} · {} kartu dalam {:.1} s → {}",
        k.id.0,
        ids.len(),
        t1.elapsed().as_secs_f64(),
        a.keluar.display()
    );
    Ok(())
}
