//! `mentah`: the raw durable insert rate of the signature table, the baseline the HTTP
//! signing rate is compared with. Rows of the same shape as the signatures just made
//! (same instansi/template/campaign, a stored record's size, fresh leaf hash and index) are
//! inserted for employees that have not signed, one transaction per `--batch` rows, each
//! commit durable (SQLite WAL `synchronous=FULL` like the store; PostgreSQL default
//! `synchronous_commit=on`). The rows are deleted again afterwards.
//!
//! `mentah --sqlite D/netral.db --n 2000 --batch 1` / `mentah --pg URL --n 100000 --batch 500`
//!
//! `--app D --kartu F` instead signs through the application itself without HTTP
//! (`App::ttd_kiosk`, `--n` cards from line `--mulai`, `--batch` concurrent callers): the
//! same checks, record, batcher and durable commit as the API, without HTTP and JSON.

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;

#[derive(Parser)]
struct Arg {
    #[arg(long)]
    sqlite: Option<PathBuf>,
    #[arg(long)]
    pg: Option<String>,
    #[arg(long, default_value_t = 10_000)]
    n: usize,
    #[arg(long, default_value_t = 500)]
    batch: usize,
    /// Data folder of a `siapkan` setup: sign through `App::ttd_kiosk` (with `--pg` for
    /// PostgreSQL).
    #[arg(long)]
    app: Option<PathBuf>,
    #[arg(long)]
    kartu: Option<PathBuf>,
    #[arg(long, default_value_t = 0)]
    mulai: usize,
}

async fn lewat_app(a: &Arg, dir: &std::path::Path, kartu: &std::path::Path) -> anyhow::Result<()> {
    use netral_app::ttd::rute::KioskMasuk;
    use netral_domain::pakta::KampanyeId;
    let store = netral_bench::buka_store(dir, a.pg.as_deref()).await?;
    let app = netral_bench::app(store, dir);
    let teks = std::fs::read_to_string(kartu)?;
    let mut baris = teks.lines();
    let kepala: serde_json::Value =
        serde_json::from_str(baris.next().ok_or(anyhow::anyhow!("berkas kosong"))?)?;
    let token = kepala["token"].as_str().unwrap_or_default();
    let user = app
        .user_dari_token(token)
        .await?
        .ok_or(anyhow::anyhow!("token tidak dikenal"))?;
    let instansi = user.instansi_id;
    let pelaku = netral_app::Pelaku::Pengguna(user);
    let kampanye = KampanyeId(kepala["kampanye"].as_i64().unwrap_or_default());
    let kartu: Vec<String> = baris.skip(a.mulai).take(a.n).map(str::to_string).collect();
    let masuk = move |i: usize, k: &str| KioskMasuk {
        kampanye_id: kampanye,
        nip_atau_kartu: k.to_string(),
        otp: None,
        kunci_idempoten: format!("mentah-app-{i:08}"),
        gambar: None,
        waktu_klien: None,
        tempat: None,
    };
    // Warm-up: loads the campaign's progress state and the identifier index.
    app.ttd_kiosk(&pelaku, instansi, masuk(0, &kartu[0]))
        .await?;
    let berikut = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(1));
    let kartu = std::sync::Arc::new(kartu);
    let t0 = Instant::now();
    let mut tugas = tokio::task::JoinSet::new();
    for _ in 0..a.batch {
        let (app, pelaku, berikut, kartu) =
            (app.clone(), pelaku.clone(), berikut.clone(), kartu.clone());
        tugas.spawn(async move {
            let mut gagal = 0u64;
            loop {
                let i = berikut.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(k) = kartu.get(i) else { break };
                if app.ttd_kiosk(&pelaku, instansi, masuk(i, k)).await.is_err() {
                    gagal += 1;
                }
            }
            gagal
        });
    }
    let mut gagal = 0;
    while let Some(g) = tugas.join_next().await {
        gagal += g?;
    }
    let detik = t0.elapsed().as_secs_f64();
    let n = kartu.len() - 1;
    println!(
        "app ({}): {n} kiosk signatures via App::ttd_kiosk, {} concurrent callers, no HTTP: {detik:.2} s = {:.0}/s ({gagal} failed)",
        if a.pg.is_some() { "postgres" } else { "sqlite" },
        a.batch,
        n as f64 / detik
    );
    Ok(())
}

const AMBIL: &str = "SELECT instansi_id, template_id, template_versi, hash_isi, kampanye_id, \
     rekaman, metode, lokasi FROM tanda_tangan LIMIT 1";
const CALON: &str = "SELECT p.id FROM pegawai p WHERE p.instansi_id = $1 AND NOT EXISTS \
     (SELECT 1 FROM tanda_tangan t WHERE t.instansi_id = p.instansi_id AND t.pegawai_id = p.id) \
     ORDER BY p.id LIMIT $2";
const TAMBAH: &str = "INSERT INTO tanda_tangan (instansi_id, id, template_id, template_versi, \
     hash_isi, pegawai_id, kampanye_id, waktu, metode, lokasi, rekaman, hash_daun, indeks_daun) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
const ID_AWAL: i64 = 1_000_000_000;

fn hash(i: i64) -> Vec<u8> {
    let mut h = [0u8; 32];
    h[..8].copy_from_slice(&i.to_le_bytes());
    h[8..16].copy_from_slice(b"mentah!!");
    h.to_vec()
}

fn cetak(db: &str, n: usize, batch: usize, detik: f64) {
    println!(
        "{db}: {n} signature rows in batches of {batch} (one durable commit each): {detik:.2} s = {:.0} rows/s",
        n as f64 / detik
    );
}

fn sqlite(path: &PathBuf, n: usize, batch: usize) -> anyhow::Result<()> {
    let mut c = rusqlite::Connection::open(path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "FULL")?;
    c.pragma_update(None, "foreign_keys", "ON")?;
    // instansi, template, version, content hash, campaign, record, method, place
    let contoh = |r: &rusqlite::Row<'_>| {
        Ok((
            (
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ),
            (r.get::<_, String>(3)?, r.get::<_, Option<i64>>(4)?),
            (
                r.get::<_, Vec<u8>>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
            ),
        ))
    };
    let ((inst, tpl, versi), (hash_isi, kampanye), (rekaman, metode, lokasi)) =
        c.query_row(&AMBIL.replace('$', "?"), [], contoh)?;
    let calon: Vec<i64> = c
        .prepare(&CALON.replace('$', "?"))?
        .query_map(rusqlite::params![inst, n as i64], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let waktu = chrono::Utc::now().to_rfc3339();
    let t0 = Instant::now();
    for (b, potong) in calon.chunks(batch).enumerate() {
        let tx = c.transaction()?;
        {
            let mut st = tx.prepare_cached(&TAMBAH.replace('$', "?"))?;
            for (j, p) in potong.iter().enumerate() {
                let k = ID_AWAL + (b * batch + j) as i64;
                st.execute(rusqlite::params![
                    inst,
                    k,
                    tpl,
                    versi,
                    hash_isi,
                    p,
                    kampanye,
                    waktu,
                    metode,
                    lokasi,
                    rekaman,
                    hash(k),
                    k
                ])?;
            }
        }
        tx.commit()?;
    }
    cetak("sqlite", calon.len(), batch, t0.elapsed().as_secs_f64());
    c.execute("DELETE FROM tanda_tangan WHERE id >= ?1", [ID_AWAL])?;
    Ok(())
}

async fn pg(url: &str, n: usize, batch: usize) -> anyhow::Result<()> {
    let (mut c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(conn);
    let r = c.query_one(AMBIL, &[]).await?;
    let (inst, tpl, versi): (i64, i64, i64) = (r.get(0), r.get(1), r.get(2));
    let (hash_isi, kampanye, rekaman, metode, lokasi): (
        String,
        Option<i64>,
        Vec<u8>,
        String,
        Option<String>,
    ) = (r.get(3), r.get(4), r.get(5), r.get(6), r.get(7));
    let calon: Vec<i64> = c
        .query(CALON, &[&inst, &(n as i64)])
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let waktu = chrono::Utc::now();
    let st = c.prepare(TAMBAH).await?;
    let t0 = Instant::now();
    for (b, potong) in calon.chunks(batch).enumerate() {
        let tx = c.transaction().await?;
        for (j, p) in potong.iter().enumerate() {
            let k = ID_AWAL + (b * batch + j) as i64;
            tx.execute(
                &st,
                &[
                    &inst,
                    &k,
                    &tpl,
                    &versi,
                    &hash_isi,
                    p,
                    &kampanye,
                    &waktu,
                    &metode,
                    &lokasi,
                    &rekaman,
                    &hash(k),
                    &k,
                ],
            )
            .await?;
        }
        tx.commit().await?;
    }
    cetak("postgres", calon.len(), batch, t0.elapsed().as_secs_f64());
    c.execute("DELETE FROM tanda_tangan WHERE id >= $1", &[&ID_AWAL])
        .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = Arg::parse();
    if let (Some(dir), Some(kartu)) = (&a.app, &a.kartu) {
        return lewat_app(&a, dir, kartu).await;
    }
    match (&a.sqlite, &a.pg) {
        (Some(p), _) => sqlite(p, a.n, a.batch.max(1)),
        (None, Some(u)) => pg(u, a.n, a.batch.max(1)).await,
        _ => anyhow::bail!("beri --sqlite PATH atau --pg URL"),
    }
}
