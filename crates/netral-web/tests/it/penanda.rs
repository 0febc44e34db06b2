//! The signer-facing side of issue #4 over HTTP: online signing with the code read from
//! the outbox, the receipt, the own PDF and its check, the kiosk's idempotency, the public
//! progress page without names, the neutral code request, and the PDF upload on `/v`.

use netral_app::Pelaku;
use netral_app::impor::OpsiImpor;
use netral_domain::organisasi::{InstansiId, PegawaiId};
use netral_domain::pakta::{
    AnggotaTahap, JenisTemplatAwal, KampanyeId, LingkupKampanye, ModePakta, SifatTahap,
    TahapKampanye,
};
use netral_domain::pegawai::JenisPegawai;
use netral_store::ttd::FilterTtd;
use netral_store::{Halaman, KampanyeBaru};
use netral_testkit::Server;
use reqwest::StatusCode;
use serde_json::{Value, json};

crate::kedua_backend! {
    penanda_daring_penuh => daring_penuh;
    penanda_kiosk_idempoten => kiosk_idempoten;
    penanda_publik_tanpa_nama => publik_tanpa_nama;
    penanda_minta_kode_netral => minta_kode_netral;
    penanda_tautan_pribadi => tautan_pribadi;
}

const NAMA_DIKENAL: &str = "Siti Rahmawati Kusumadewi";

fn cli() -> Pelaku {
    Pelaku::Cli("uji".into())
}

fn nip(i: usize) -> String {
    format!("199001{:02}2019032{:03}", i + 1, i + 1)
}

struct Siap {
    instansi: InstansiId,
    kampanye: KampanyeId,
}

/// Kota Pangkalpinang with a BKPSDM account, three PNS with e-mail (the first is
/// [`NAMA_DIKENAL`]), an approved 4-butir pact and an open one-stage campaign.
async fn siapkan(s: &Server) -> Siap {
    netral_testkit::pemda(
        &s.app,
        "19.71",
        "Kota Pangkalpinang",
        "KOTA",
        &[("bkpsdm.a", "BKPSDM"), ("auditor.a", "AUDITOR")],
    )
    .await;
    let inst = s.app.instansi_wajib("19.71").await.unwrap();
    let mut csv = String::from("NAMA;JENIS PEGAWAI;NIP;UNIT KERJA;JABATAN;JENIS JABATAN;EMAIL\n");
    for i in 0..3 {
        let nama = if i == 0 {
            NAMA_DIKENAL.to_string()
        } else {
            format!("Pegawai Uji {i}")
        };
        csv.push_str(&format!(
            "{nama};PNS;{};Dinas Sosial;Analis;FUNGSIONAL;p{i}@contoh.go.id\n",
            nip(i)
        ));
    }
    let lap = s
        .app
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
    let (t, _) = s
        .app
        .templat_awal(
            &cli(),
            inst.id,
            None,
            JenisTemplatAwal::Skb4,
            ModePakta::Individu,
            None,
        )
        .await
        .unwrap();
    let t = s
        .app
        .sahkan_templat(
            &cli(),
            inst.id,
            t.id,
            "Sekretaris Daerah",
            chrono::NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
        )
        .await
        .unwrap();
    let (k, _) = s
        .app
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
    Siap {
        instansi: inst.id,
        kampanye: k.id,
    }
}

async fn pegawai_id(s: &Server, inst: InstansiId, nip: &str) -> PegawaiId {
    let (v, _) = s
        .app
        .store
        .cari_pegawai(
            inst,
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

/// The newest outbox message to an employee containing `isi`.
async fn pesan_outbox(s: &Server, inst: InstansiId, pegawai: PegawaiId, isi: &str) -> String {
    let (pesan, _) = s
        .app
        .store
        .daftar_notifikasi(
            inst,
            Halaman {
                nomor: 1,
                ukuran: 100,
            },
        )
        .await
        .unwrap();
    pesan
        .iter()
        .find(|m| m.baru.pegawai_id == Some(pegawai) && m.baru.isi.contains(isi))
        .unwrap_or_else(|| panic!("no message with {isi}"))
        .baru
        .isi
        .clone()
}

/// The newest code queued for an employee, from the outbox.
async fn kode_dari_outbox(s: &Server, inst: InstansiId, pegawai: PegawaiId) -> String {
    let isi = pesan_outbox(s, inst, pegawai, "Anda: ").await;
    let i = isi.find("Anda: ").unwrap() + 6;
    isi[i..i + 6].to_string()
}

async fn jumlah_ttd(s: &Server, inst: InstansiId, pegawai: Option<PegawaiId>) -> u64 {
    s.app
        .store
        .daftar_tanda_tangan(
            inst,
            &FilterTtd {
                pegawai,
                ..FilterTtd::default()
            },
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap()
        .1
}

/// The text between `awal` and the next `akhir` in a page.
fn antara<'a>(html: &'a str, awal: &str, akhir: &str) -> &'a str {
    let i = html
        .find(awal)
        .unwrap_or_else(|| panic!("{awal} not in page"))
        + awal.len();
    let j = html[i..].find(akhir).unwrap() + i;
    &html[i..j]
}

fn goresan() -> String {
    json!({"goresan": {"lebar": 600.0, "tinggi": 200.0, "garis": [[[10.0, 20.0], [50.5, 80.0], [120.0, 60.0]]]}})
        .to_string()
}

/// Status and body; a page must not show an unknown text key ("??").
async fn teks(res: reqwest::Response) -> (StatusCode, String) {
    let st = res.status();
    let html = res.text().await.unwrap();
    assert!(!html.contains("??"), "unknown text key in {html}");
    (st, html)
}

async fn daring_penuh(s: Server) {
    let siap = siapkan(&s).await;
    let nip0 = nip(0);
    let id0 = pegawai_id(&s, siap.instansi, &nip0).await;
    let c = crate::klien();

    // Start: one Pemda, so it is a hidden field.
    let (st, html) = teks(
        c.get(format!("{}/tandatangan", s.url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("id=\"tombol-kirim-kode\""));
    assert!(html.contains("Kirim kode"));
    let csrf = crate::nilai_input(&html, "_csrf");
    // English with the language cookie.
    let (_, en) = teks(
        reqwest::Client::new()
            .get(format!("{}/tandatangan", s.url))
            .header("cookie", "bahasa=en")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(en.contains("Send code") && en.contains("lang=\"en\""));
    // Without the session's CSRF token nothing is sent.
    let res = c
        .post(format!("{}/tandatangan", s.url))
        .form(&[
            ("instansi", "19.71"),
            ("nip", nip0.as_str()),
            ("_csrf", "salah"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = c
        .post(format!("{}/tandatangan", s.url))
        .form(&[
            ("instansi", "19.71"),
            ("nip", nip0.as_str()),
            ("_csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/tandatangan/kode");
    let kode = kode_dari_outbox(&s, siap.instansi, id0).await;

    let (st, html) = teks(
        c.get(format!("{}/tandatangan/kode", s.url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("p***@contoh.go.id"), "masked address shown");
    assert!(!html.contains(&kode), "the page never shows the code");
    let res = c
        .post(format!("{}/tandatangan/kode", s.url))
        .form(&[("kode", kode.as_str()), ("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/tandatangan/pakta");

    let (st, html) = teks(
        c.get(format!("{}/tandatangan/pakta", s.url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    for i in 1..=4 {
        assert!(html.contains(&format!("id=\"butir-{i}\"")), "butir {i}");
    }
    assert!(!html.contains("id=\"butir-5\""));
    assert!(html.contains("id=\"tombol-tanda-tangani\""));
    let aksi = antara(&html, "id=\"form-pakta\"", ">");
    assert!(aksi.is_empty() || !aksi.contains("http"));
    let aksi = antara(&html, "action=\"/tandatangan/pakta?kampanye=", "\"").to_string();
    assert_eq!(aksi, siap.kampanye.0.to_string());
    let url_pakta = format!("{}/tandatangan/pakta?kampanye={aksi}", s.url);

    // One butir not ticked: 400 in Indonesian, nothing written, the code not spent.
    let gambar = goresan();
    let kurang = [
        ("_csrf", csrf.as_str()),
        ("butir_1", "1"),
        ("butir_2", "1"),
        ("butir_4", "1"),
        ("gambar", gambar.as_str()),
        ("tempat", "Pangkalpinang"),
    ];
    let (st, html) = teks(c.post(&url_pakta).form(&kurang).send().await.unwrap()).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(html.contains("Centang setiap butir pakta"), "{html}");
    assert_eq!(jumlah_ttd(&s, siap.instansi, None).await, 0);

    let lengkap = [
        ("_csrf", csrf.as_str()),
        ("butir_1", "1"),
        ("butir_2", "1"),
        ("butir_3", "1"),
        ("butir_4", "1"),
        ("gambar", gambar.as_str()),
        ("tempat", "Pangkalpinang"),
    ];
    let res = c.post(&url_pakta).form(&lengkap).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let selesai = res.headers()["location"].to_str().unwrap().to_string();
    assert!(selesai.starts_with("/tandatangan/selesai/"), "{selesai}");
    let ttd_id = selesai.rsplit('/').next().unwrap().to_string();
    assert_eq!(jumlah_ttd(&s, siap.instansi, Some(id0)).await, 1);

    let (st, html) = teks(c.get(format!("{}{selesai}", s.url)).send().await.unwrap()).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("data-testid=\"ttd-berhasil\""));
    let hash = antara(&html, "data-testid=\"hash-daun\">", "<").to_string();
    assert_eq!(hash.len(), 64);
    assert!(html.contains(&format!("href=\"/v/{hash}\"")));
    assert!(html.contains("Unduh PDF saya"));

    // Before the next checkpoint: the PDF is not ready yet, the page says so.
    let url_pdf = format!("{}/tandatangan/pdf/{ttd_id}", s.url);
    let (st, html) = teks(c.get(&url_pdf).send().await.unwrap()).await;
    assert_eq!(st, StatusCode::ACCEPTED);
    assert!(html.contains("PDF siap dalam beberapa detik"));

    // One sequencer step: a signed checkpoint covers the leaf.
    s.app.langkah_log().await.unwrap();
    let (st, html) = teks(c.get(format!("{}/v/{hash}", s.url)).send().await.unwrap()).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("vonis-asli"), "{html}");

    let res = c.get(&url_pdf).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap().to_vec();
    let cek = netral_dokumen::rekaman::periksa_pdf(&pdf).expect("own PDF passes periksa_pdf");
    assert_eq!(hex::encode(cek.hash_daun), hash);
    assert_eq!(cek.rekaman.penanda.nama, NAMA_DIKENAL);

    // The same through the API of the signer's session.
    let saya: Value = c
        .get(format!("{}/api/v1/tanda-tangan/saya", s.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(saya[0]["hash_daun"], hash.as_str());
    assert_eq!(saya[0]["metode"], "DARING_OTP");
    let res = c
        .get(format!("{}/api/v1/tanda-tangan/saya/{ttd_id}/pdf", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
    // Another browser has no session: nothing.
    let lain = crate::klien();
    let res = lain.get(&url_pdf).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = lain
        .get(format!("{}/api/v1/tanda-tangan/saya", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // The PDF uploaded on /v is genuine; with one byte changed it is not (and no 500).
    let (st, html) = unggah(&s, pdf.clone()).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("data-asli=\"true\""), "{html}");
    assert!(html.contains("ASLI"));
    let mut ubah = pdf.clone();
    let tengah = ubah.len() / 2;
    ubah[tengah] ^= 0x01;
    let (st, html) = unggah(&s, ubah).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("data-asli=\"false\""), "{html}");
    assert!(html.contains("TIDAK ASLI"));
    let (st, html) = unggah(&s, b"bukan pdf".to_vec()).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("data-asli=\"false\""));
}

async fn unggah(s: &Server, pdf: Vec<u8>) -> (StatusCode, String) {
    let form = reqwest::multipart::Form::new().part(
        "pdf",
        reqwest::multipart::Part::bytes(pdf)
            .file_name("pakta.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    );
    teks(
        reqwest::Client::new()
            .post(format!("{}/v/periksa-pdf", s.url))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn kiosk_idempoten(s: Server) {
    let siap = siapkan(&s).await;
    let c = crate::masuk(&s, "bkpsdm.a").await;
    let (st, html) = teks(c.get(format!("{}/kiosk", s.url)).send().await.unwrap()).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(&format!("href=\"/kiosk/{}\"", siap.kampanye.0)));
    let (st, html) = teks(
        c.get(format!("{}/kiosk/{}", s.url, siap.kampanye.0))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("id=\"kiosk-nip\"") && html.contains("id=\"kiosk-antrean\""));
    let csrf = crate::nilai_input(&html, "_csrf");

    let id1 = pegawai_id(&s, siap.instansi, &nip(1)).await;
    let kartu = s
        .app
        .kartu_pegawai(&cli(), siap.instansi, id1)
        .await
        .unwrap();
    let item = json!({
        "kampanye": siap.kampanye.0,
        "nip_atau_kartu": kartu,
        "kunci_idempoten": "6f1c1e0e-8a7b-4b1e-9d7a-0c2b3e4f5a6b",
        "butir": [true, true, true, true],
        "gambar": serde_json::from_str::<Value>(&goresan()).unwrap(),
        "waktu_klien": "2026-11-24T05:00:00Z"
    });
    let kirim = || {
        c.post(format!("{}/kiosk/antre", s.url))
            .header("X-CSRF-Token", &csrf)
            .json(&item)
            .send()
    };
    let a: Value = kirim().await.unwrap().json().await.unwrap();
    let res = kirim().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let b: Value = res.json().await.unwrap();
    assert_eq!(a["id"], b["id"], "same key, same signature");
    assert_eq!(a["hash_daun"], b["hash_daun"]);
    assert_eq!(a["metode"], "KIOSK");
    assert_eq!(a["ulang"], false);
    assert_eq!(b["ulang"], true);
    assert_eq!(jumlah_ttd(&s, siap.instansi, Some(id1)).await, 1);

    // Without the CSRF header: refused.
    let res = c
        .post(format!("{}/kiosk/antre", s.url))
        .json(&item)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The API batch (operator's token): the same key again, and a refused item.
    let token = crate::token(&s, "bkpsdm.a").await;
    let id2 = pegawai_id(&s, siap.instansi, &nip(2)).await;
    let kartu2 = s
        .app
        .kartu_pegawai(&cli(), siap.instansi, id2)
        .await
        .unwrap();
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/tanda-tangan/batch", s.url))
        .bearer_auth(&token)
        .json(&json!({"item": [
            item,
            {"kampanye": siap.kampanye.0, "nip_atau_kartu": kartu2,
             "kunci_idempoten": "kunci-kedua-0001", "butir": [true, false, true, true]},
        ]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["hasil"][0]["ok"], true);
    assert_eq!(v["hasil"][0]["ttd"]["id"], a["id"]);
    assert_eq!(v["hasil"][0]["ttd"]["ulang"], true);
    assert_eq!(v["hasil"][1]["ok"], false);
    assert!(
        v["hasil"][1]["pesan"]
            .as_str()
            .unwrap()
            .contains("butir pakta")
    );
    assert_eq!(jumlah_ttd(&s, siap.instansi, None).await, 1);

    // An image the PDF could not draw is refused before anything is written.
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/tanda-tangan", s.url))
        .bearer_auth(&token)
        .json(
            &json!({"metode": "KIOSK", "kampanye": siap.kampanye.0, "nip_atau_kartu": kartu2,
            "kunci_idempoten": "kunci-kedua-0003", "butir": [true, true, true, true],
            "gambar": {"goresan": {"lebar": 0.0, "tinggi": 200.0, "garis": [[[1.0, 2.0]]]}}}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(jumlah_ttd(&s, siap.instansi, None).await, 1);

    // signPakta KIOSK with the token signs the second person.
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/tanda-tangan", s.url))
        .bearer_auth(&token)
        .json(
            &json!({"metode": "KIOSK", "kampanye": siap.kampanye.0, "nip_atau_kartu": kartu2,
            "kunci_idempoten": "kunci-kedua-0002", "butir": [true, true, true, true]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    assert!(
        v["url_verifikasi"]
            .as_str()
            .unwrap()
            .ends_with(v["hash_daun"].as_str().unwrap())
    );
    assert_eq!(jumlah_ttd(&s, siap.instansi, None).await, 2);

    // "Send a code to the employee": 202 and the code is in the outbox.
    let res = c
        .post(format!("{}/kiosk/kirim-kode", s.url))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({"nip_atau_kartu": nip(2)}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(kode_dari_outbox(&s, siap.instansi, id2).await.len(), 6);

    // The plain form (no JavaScript): typed name, the page's own key; sent twice, one
    // signature.
    let id0 = pegawai_id(&s, siap.instansi, &nip(0)).await;
    let kartu0 = s
        .app
        .kartu_pegawai(&cli(), siap.instansi, id0)
        .await
        .unwrap();
    let kunci = crate::nilai_input(&html, "kunci_idempoten");
    let kampanye = siap.kampanye.0.to_string();
    for _ in 0..2 {
        let (st, hasil) = teks(
            c.post(format!("{}/kiosk/antre", s.url))
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("kampanye", kampanye.as_str()),
                    ("kunci_idempoten", kunci.as_str()),
                    ("nip_atau_kartu", kartu0.as_str()),
                    ("otp", ""),
                    ("butir_1", "1"),
                    ("butir_2", "1"),
                    ("butir_3", "1"),
                    ("butir_4", "1"),
                    ("gambar", ""),
                    ("nama_ketik", NAMA_DIKENAL),
                ])
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(st, StatusCode::OK, "{hasil}");
        assert!(hasil.contains("data-testid=\"kiosk-hasil\"") && hasil.contains("Tercatat"));
    }
    assert_eq!(jumlah_ttd(&s, siap.instansi, Some(id0)).await, 1);

    // An account without OperasiKiosk cannot open the kiosk.
    let auditor = crate::masuk(&s, "auditor.a").await;
    let res = auditor
        .get(format!("{}/kiosk", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

async fn publik_tanpa_nama(s: Server) {
    let siap = siapkan(&s).await;
    let id0 = pegawai_id(&s, siap.instansi, &nip(0)).await;
    let kartu = s
        .app
        .kartu_pegawai(&cli(), siap.instansi, id0)
        .await
        .unwrap();
    let token = crate::token(&s, "bkpsdm.a").await;
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/tanda-tangan", s.url))
        .bearer_auth(&token)
        .json(
            &json!({"metode": "KIOSK", "kampanye": siap.kampanye.0, "nip_atau_kartu": kartu,
            "kunci_idempoten": "kunci-publik-0001", "butir": [true, true, true, true]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);

    let (st, html) = teks(
        reqwest::get(format!("{}/publik/19.71", s.url))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Pakta Pilkada 2026"));
    assert!(html.contains("Semua pegawai"));
    assert!(html.contains("id=\"waktu-progres\""));
    assert!(!html.contains(NAMA_DIKENAL), "no names on the public page");
    assert!(!html.contains(&nip(0)), "no NIP on the public page");
    let v: Value = reqwest::get(format!("{}/api/v1/publik/19.71/progres", s.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["kampanye"][0]["total"]["wajib"], 3);
    assert_eq!(v["kampanye"][0]["total"]["sudah"], 1);
    assert_eq!(v["kampanye"][0]["tahap"][0]["angka"]["sudah"], 1);
    assert!(!v.to_string().contains(NAMA_DIKENAL));
    let res = reqwest::get(format!("{}/publik/99.99", s.url))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

async fn minta_kode_netral(s: Server) {
    let siap = siapkan(&s).await;
    let minta = |nip: String| {
        reqwest::Client::new()
            .post(format!("{}/api/v1/otp", s.url))
            .json(&json!({"instansi": "19.71", "nip": nip}))
            .send()
    };
    let a = minta(nip(1)).await.unwrap();
    assert_eq!(a.status(), StatusCode::ACCEPTED);
    let a: Value = a.json().await.unwrap();
    let b = minta("199912312020121999".into()).await.unwrap();
    assert_eq!(b.status(), StatusCode::ACCEPTED);
    let b: Value = b.json().await.unwrap();
    assert_eq!(a, b, "the same answer whether or not the NIP exists");
    // Again at once: the per-employee limit (1 a minute) does not tell either.
    let c = minta(nip(1)).await.unwrap();
    assert_eq!(c.status(), StatusCode::ACCEPTED);
    assert_eq!(c.json::<Value>().await.unwrap(), a);
    // The code really went to the outbox for the registered one.
    let id1 = pegawai_id(&s, siap.instansi, &nip(1)).await;
    assert_eq!(kode_dari_outbox(&s, siap.instansi, id1).await.len(), 6);

    // A wrong code through signPakta: refused, nothing written.
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/tanda-tangan", s.url))
        .json(
            &json!({"metode": "DARING_OTP", "instansi": "19.71", "nip": nip(1),
            "otp": "000000", "butir": [true, true, true, true]}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(jumlah_ttd(&s, siap.instansi, None).await, 0);

    // With two Pemda the start page lets the signer choose.
    netral_testkit::pemda(&s.app, "19.01", "Kabupaten Bangka", "KAB", &[]).await;
    let (st, html) = teks(
        reqwest::get(format!("{}/tandatangan", s.url))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("id=\"instansi\""));
    assert!(html.contains("Kabupaten Bangka") && html.contains("Kota Pangkalpinang"));

    // Per address: at most 20 requests a minute.
    let mut terlalu = false;
    for _ in 0..25 {
        if minta("199912312020121998".into()).await.unwrap().status()
            == StatusCode::TOO_MANY_REQUESTS
        {
            terlalu = true;
        }
    }
    assert!(terlalu, "rate limited per address");
}

async fn tautan_pribadi(s: Server) {
    let siap = siapkan(&s).await;
    let id1 = pegawai_id(&s, siap.instansi, &nip(1)).await;
    s.app
        .buat_tautan(
            &cli(),
            siap.instansi,
            siap.kampanye,
            netral_app::ttd::otp::SasaranTautan::Pegawai(vec![id1]),
        )
        .await
        .unwrap();
    let isi = pesan_outbox(&s, siap.instansi, id1, "/t/").await;
    let token: String = isi[isi.find("/t/").unwrap() + 3..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert!(token.len() >= 40, "{isi}");

    let c = crate::klien();
    let (st, html) = teks(c.get(format!("{}/t/{token}", s.url)).send().await.unwrap()).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Tautan pribadi Anda dikenali"));
    assert!(!html.contains("id=\"nip\""), "no NIP needed with a link");
    let csrf = crate::nilai_input(&html, "_csrf");
    let res = c
        .post(format!("{}/tandatangan", s.url))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let kode = kode_dari_outbox(&s, siap.instansi, id1).await;
    let salah = if kode == "000000" { "111111" } else { "000000" };
    let butir = [
        ("_csrf", csrf.as_str()),
        ("butir_1", "1"),
        ("butir_2", "1"),
        ("butir_3", "1"),
        ("butir_4", "1"),
        ("gambar", ""),
        ("nama_ketik", "Pegawai Uji 1"),
    ];
    // "Send again" on the code page re-sends to the same person (at most one a minute).
    let html = teks(
        c.get(format!("{}/tandatangan/kode", s.url))
            .send()
            .await
            .unwrap(),
    )
    .await
    .1;
    assert!(html.contains("id=\"tombol-kirim-ulang\""));
    let (st, html) = teks(
        c.post(format!("{}/tandatangan", s.url))
            .form(&[("_csrf", csrf.as_str())])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::TOO_MANY_REQUESTS, "{html}");
    assert!(html.contains("Kode baru baru saja dikirim") && html.contains("id=\"kode\""));
    // A wrong code: back on the code page with the reason, nothing written.
    for k in [salah, kode.as_str()] {
        let res = c
            .post(format!("{}/tandatangan/kode", s.url))
            .form(&[("kode", k), ("_csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        if k == salah {
            let (st, html) = teks(
                c.post(format!("{}/tandatangan/pakta", s.url))
                    .form(&butir)
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
            assert_eq!(st, StatusCode::BAD_REQUEST);
            assert!(
                html.contains("kode salah") && html.contains("id=\"kode\""),
                "{html}"
            );
            assert_eq!(jumlah_ttd(&s, siap.instansi, None).await, 0);
        }
    }
    let (st, html) = teks(
        c.get(format!("{}/tandatangan/pakta", s.url))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Pegawai Uji 1"), "the link's owner is named");
    let url_pakta = format!(
        "{}/tandatangan/pakta?kampanye={}",
        s.url,
        antara(&html, "action=\"/tandatangan/pakta?kampanye=", "\"")
    );
    let res = c.post(&url_pakta).form(&butir).send().await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "typed name without JavaScript"
    );
    assert_eq!(jumlah_ttd(&s, siap.instansi, Some(id1)).await, 1);
    let saya: Value = c
        .get(format!("{}/api/v1/tanda-tangan/saya", s.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(saya.as_array().unwrap().len(), 1);

    // The OpenAPI document names the signer operations.
    let doc = reqwest::get(format!("{}/api/v1/openapi.json", s.url))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for op in [
        "signPakta",
        "signPaktaBatch",
        "requestOtp",
        "getMySignatures",
        "getMySignaturePdf",
        "getPublicProgress",
    ] {
        assert!(doc.contains(&format!("\"operationId\":\"{op}\"")), "{op}");
    }
}
