//! Paper intake for a unit (issue #4 §3): many scans uploaded at once, matched to the unit's
//! employees who have not signed, confirmed; and its API twin. On both backends.

use netral_domain::organisasi::PegawaiId;
use netral_domain::pakta::HashSha256;
use netral_testkit::Server;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::pakta::{NI_BUDI, NIP_ANDI, NIP_SITI, PINDAIAN, get, siapkan, teks};
use crate::{CSV_BAIK, dua_pemda, masuk, nilai_input, token};

crate::kedua_backend! {
    kertas_unit_cocok_dan_catat => alur_unit;
    kertas_batch_api => batch_api;
}

const NIP_EKA: &str = "198801012012012001";
const NIP_FAJAR: &str = "198902022013021002";
const NI_GITA: &str = "199303032023212003";

/// Three different scans: a PDF, a PNG and a JPEG (recognised by content).
fn pindaian() -> [Vec<u8>; 3] {
    let mut pdf = PINDAIAN.to_vec();
    pdf.extend_from_slice(b"% lembar Eka\n");
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(b"lembar Gita");
    let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpg.extend_from_slice(b"lembar Fajar");
    [pdf, png, jpg]
}

/// The test employees plus a Dinas Pendidikan with a sub-unit, and a campaign over all.
async fn siapkan_unit(s: &Server, tok: &str) -> (i64, i64) {
    let (_, kid) = siapkan(s, tok).await;
    let csv = format!(
        "{CSV_BAIK}Eka Putri;PNS;{NIP_EKA};;;Dinas Pendidikan;;Kepala Dinas;\n\
         Fajar Nugroho;PNS;{NIP_FAJAR};;;Dinas Pendidikan;Bidang SD;Guru;\n\
         Gita Ananda;PPPK;;{NI_GITA};;Dinas Pendidikan;Bidang SD;Guru;\n"
    );
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/pegawai/impor", s.url))
        .bearer_auth(tok)
        .body(csv)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (st, p) = get(s, tok, &format!("/api/v1/kampanye/{kid}/progres")).await;
    assert_eq!(st, 200, "{p}");
    let unit = p["anak"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["nama"] == "Dinas Pendidikan")
        .unwrap_or_else(|| panic!("Dinas Pendidikan in {p}"))["id"]
        .as_i64()
        .unwrap();
    (kid, unit)
}

async fn id_pegawai(s: &Server, tok: &str, nip: &str) -> i64 {
    let (st, l) = get(s, tok, &format!("/api/v1/pegawai?q={nip}")).await;
    assert_eq!(st, 200, "{l}");
    l["items"][0]["id"].as_i64().unwrap()
}

/// Paper signatures of the campaign (all KERTAS_PINDAI here).
async fn daftar_kertas(s: &Server, tok: &str, kid: i64) -> Value {
    let (st, l) = get(
        s,
        tok,
        &format!("/api/v1/tanda-tangan?kampanye={kid}&metode=KERTAS_PINDAI&ukuran=100"),
    )
    .await;
    assert_eq!(st, 200, "{l}");
    l
}

/// The `<select>` of row `i` on the matching screen.
fn pilihan_baris(html: &str, i: usize) -> &str {
    let key = format!("name=\"pegawai_{i}\"");
    let a = html.find(&key).unwrap_or_else(|| panic!("row {i} missing"));
    let b = html[a..].find("</select>").unwrap();
    &html[a..a + b]
}

/// The employee selected in a row, if any.
fn dipilih(html: &str, i: usize) -> Option<i64> {
    let sel = pilihan_baris(html, i);
    let j = sel.find("\" selected>")?;
    let awal = sel[..j].rfind("value=\"").unwrap() + 7;
    Some(sel[awal..j].parse().unwrap())
}

async fn unggah(
    c: &reqwest::Client,
    s: &Server,
    csrf: &str,
    kid: i64,
    unit: i64,
    berkas: &[(&str, Vec<u8>)],
) -> (StatusCode, String) {
    let mut f = Form::new()
        .text("_csrf", csrf.to_string())
        .text("kampanye_id", kid.to_string())
        .text("unit_id", unit.to_string())
        .text("tanggal", "2024-10-01");
    for (nama, isi) in berkas {
        f = f.part(
            "berkas",
            Part::bytes(isi.clone()).file_name(nama.to_string()),
        );
    }
    let res = c
        .post(format!("{}/ttd/kertas/unit", s.url))
        .multipart(f)
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn konfirmasi(
    c: &reqwest::Client,
    s: &Server,
    csrf: &str,
    titipan: &str,
    pilihan: [i64; 3],
) -> (StatusCode, String) {
    let p: Vec<String> = pilihan.iter().map(i64::to_string).collect();
    let res = c
        .post(format!("{}/ttd/kertas/unit/konfirmasi", s.url))
        .form(&[
            ("_csrf", csrf),
            ("titipan", titipan),
            ("pegawai_0", p[0].as_str()),
            ("pegawai_1", p[1].as_str()),
            ("pegawai_2", p[2].as_str()),
        ])
        .send()
        .await
        .unwrap();
    (res.status(), res.text().await.unwrap())
}

async fn alur_unit(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (kid, unit) = siapkan_unit(&s, &a).await;
    let eka = id_pegawai(&s, &a, NIP_EKA).await;
    let fajar = id_pegawai(&s, &a, NIP_FAJAR).await;
    let gita = id_pegawai(&s, &a, NI_GITA).await;
    let andi = id_pegawai(&s, &a, NIP_ANDI).await;
    let c = masuk(&s, "admin.a").await;

    // Linked from the paper page and the campaign dashboard.
    let (_, html) = teks(&c, &s, "/ttd/kertas").await;
    assert!(html.contains("href=\"/ttd/kertas/unit\""));
    let (_, html) = teks(&c, &s, &format!("/kampanye/{kid}")).await;
    assert!(html.contains(&format!("/ttd/kertas/unit?kampanye_id={kid}")));

    let (st, html) = teks(
        &c,
        &s,
        &format!("/ttd/kertas/unit?kampanye_id={kid}&unit_id={unit}"),
    )
    .await;
    assert_eq!(st, 200);
    assert!(html.contains("multiple"));
    let csrf = nilai_input(&html, "_csrf");

    // Without CSRF: refused.
    let (st, _) = unggah(&c, &s, "", kid, unit, &[("a.pdf", PINDAIAN.to_vec())]).await;
    assert_eq!(st, 403);
    // A text file: refused with its name, nothing kept.
    let (st, html) = unggah(
        &c,
        &s,
        &csrf,
        kid,
        unit,
        &[("catatan.txt", b"bukan".to_vec())],
    )
    .await;
    assert_eq!(st, 422, "{html}");
    assert!(html.contains("catatan.txt"));

    // A file over 10 MB: refused while streaming, nothing kept.
    let mut besar = PINDAIAN.to_vec();
    besar.resize(10 * 1024 * 1024 + 1, b' ');
    let (st, html) = unggah(&c, &s, &csrf, kid, unit, &[("besar.pdf", besar)]).await;
    assert_eq!(st, 422, "{html}");
    assert!(html.contains("besar.pdf: berkas terlalu besar"), "{html}");

    // The same scan twice is flagged.
    let (st, html) = unggah(
        &c,
        &s,
        &csrf,
        kid,
        unit,
        &[("x.pdf", PINDAIAN.to_vec()), ("y.pdf", PINDAIAN.to_vec())],
    )
    .await;
    assert_eq!(st, 200, "{html}");
    assert!(html.contains("Pindaian sama dengan baris 1"), "{html}");
    // Two different scans naming the same NIP: only the first is pre-selected.
    let mut lain = PINDAIAN.to_vec();
    lain.extend_from_slice(b"% kedua\n");
    let (st, html) = unggah(
        &c,
        &s,
        &csrf,
        kid,
        unit,
        &[
            (&format!("a_{NIP_EKA}.pdf"), PINDAIAN.to_vec()),
            (&format!("b_{NIP_EKA}.pdf"), lain),
        ],
    )
    .await;
    assert_eq!(st, 200, "{html}");
    assert_eq!(dipilih(&html, 0), Some(eka));
    assert_eq!(dipilih(&html, 1), None);

    // Three scans, two with a NIP / NI PPPK in the file name: those two are pre-selected.
    let [pdf, png, jpg] = pindaian();
    let (st, html) = unggah(
        &c,
        &s,
        &csrf,
        kid,
        unit,
        &[
            (&format!("pakta_{NIP_EKA}.pdf"), pdf.clone()),
            (&format!("{NI_GITA}-lembar.png"), png.clone()),
            ("scan003.jpg", jpg.clone()),
        ],
    )
    .await;
    assert_eq!(st, 200, "{html}");
    assert_eq!(dipilih(&html, 0), Some(eka));
    assert_eq!(dipilih(&html, 1), Some(gita));
    assert_eq!(dipilih(&html, 2), None);
    // Only the unit's employees are offered (Andi is in Dinas Sosial).
    assert!(pilihan_baris(&html, 2).contains(&format!("value=\"{fajar}\"")));
    assert!(!pilihan_baris(&html, 2).contains(&format!("value=\"{andi}\"")));
    assert!(html.contains(&HashSha256::dari_bytes(&pdf).as_str()[..12]));
    let titipan = nilai_input(&html, "titipan");
    assert_eq!(titipan.len(), 32);
    // The preview serves the kept bytes.
    let res = c
        .get(format!("{}/ttd/kertas/unit/{titipan}/berkas/1", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().to_vec(), png);

    // One employee chosen twice: the matching screen again with the row error, nothing written.
    let (st, html) = konfirmasi(&c, &s, &csrf, &titipan, [eka, gita, eka]).await;
    assert_eq!(st, 422, "{html}");
    assert!(
        html.contains("pegawai ini sudah dipilih di baris 1"),
        "{html}"
    );
    assert_eq!(daftar_kertas(&s, &a, kid).await["total"], 0);
    // An employee outside the unit: refused the same way.
    let (st, html) = konfirmasi(&c, &s, &csrf, &titipan, [eka, gita, andi]).await;
    assert_eq!(st, 422, "{html}");
    assert!(html.contains("tidak termasuk unit ini"), "{html}");
    assert_eq!(daftar_kertas(&s, &a, kid).await["total"], 0);
    // Without CSRF: refused.
    let (st, _) = konfirmasi(&c, &s, "", &titipan, [eka, gita, fajar]).await;
    assert_eq!(st, 403);

    // Correct: three paper signatures, each with its scan's hash, the scan kept exactly.
    let (st, html) = konfirmasi(&c, &s, &csrf, &titipan, [eka, gita, fajar]).await;
    assert_eq!(st, 201, "{html}");
    let l = daftar_kertas(&s, &a, kid).await;
    assert_eq!(l["total"], 3, "{l}");
    let inst = s
        .app
        .store
        .instansi_by_kode("19.71")
        .await
        .unwrap()
        .unwrap();
    for (isi, pegawai) in [(&pdf, eka), (&png, gita), (&jpg, fajar)] {
        let h = HashSha256::dari_bytes(isi);
        let t = l["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["bukti_hash"] == h.as_str())
            .unwrap_or_else(|| panic!("no signature with {h:?} in {l}"));
        assert_eq!(t["metode"], "KERTAS_PINDAI");
        assert_eq!(t["pegawai_id"], pegawai, "{t}");
        assert!(
            html.contains(&format!("href=\"/ttd/{}\"", t["id"])),
            "{html}"
        );
        let b = s.app.store.berkas(inst.id, &h).await.unwrap().unwrap();
        assert_eq!(&b.isi, isi);
    }
    // The batch is gone once recorded: confirming again writes nothing.
    let (st, _) = konfirmasi(&c, &s, &csrf, &titipan, [eka, gita, fajar]).await;
    assert_eq!(st, 404);
    assert_eq!(daftar_kertas(&s, &a, kid).await["total"], 3);
    // Another account cannot use someone's batch.
    let (_, html) = unggah(&c, &s, &csrf, kid, unit, &[("z.pdf", PINDAIAN.to_vec())]).await;
    let lain = nilai_input(&html, "titipan");
    let c2 = masuk(&s, "bkpsdm.a").await;
    let res = c2
        .get(format!("{}/ttd/kertas/unit/{lain}/berkas/0", s.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

async fn kirim_batch(
    s: &Server,
    tok: &str,
    kid: i64,
    baris: &[(i64, Vec<u8>)],
) -> (StatusCode, Value) {
    let mut f = Form::new()
        .text("kampanye_id", kid.to_string())
        .text("tanggal", "2024-10-02");
    for (i, (p, isi)) in baris.iter().enumerate() {
        f = f.text("pegawai_id", p.to_string()).part(
            "berkas",
            Part::bytes(isi.clone()).file_name(format!("s{i}.pdf")),
        );
    }
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/tanda-tangan/kertas/batch", s.url))
        .bearer_auth(tok)
        .multipart(f)
        .send()
        .await
        .unwrap();
    let st = res.status();
    (st, res.json().await.unwrap_or(Value::Null))
}

async fn batch_api(s: Server) {
    dua_pemda(&s).await;
    let a = token(&s, "admin.a").await;
    let (kid, _) = siapkan_unit(&s, &a).await;
    let siti = id_pegawai(&s, &a, NIP_SITI).await;
    let budi = id_pegawai(&s, &a, NI_BUDI).await;
    let [satu, dua, _] = pindaian();
    let doc: Value = reqwest::get(format!("{}/api/v1/openapi.json", s.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        doc["paths"]["/api/v1/tanda-tangan/kertas/batch"]["post"]["operationId"],
        "recordPaperSignatureBatch"
    );

    // Wrong rows: the same employee twice, or more ids than files → 422, nothing written.
    let (st, e) = kirim_batch(&s, &a, kid, &[(siti, satu.clone()), (siti, dua.clone())]).await;
    assert_eq!(st, 422, "{e}");
    assert!(
        e["error"]["pesan"]
            .as_str()
            .unwrap_or_default()
            .contains("baris 2: pegawai ini sudah dipilih"),
        "{e}"
    );
    let (st, e) = kirim_batch(&s, &a, kid, &[(siti, satu.clone()), (budi, satu.clone())]).await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(daftar_kertas(&s, &a, kid).await["total"], 0);

    let (st, r) = kirim_batch(&s, &a, kid, &[(siti, satu.clone()), (budi, dua.clone())]).await;
    assert_eq!(st, 201, "{r}");
    assert_eq!(r["tercatat"], 2);
    assert_eq!(
        r["hasil"][0]["hash"],
        HashSha256::dari_bytes(&satu).as_str()
    );
    assert_eq!(r["hasil"][1]["ttd"]["metode"], "KERTAS_PINDAI");
    assert_eq!(daftar_kertas(&s, &a, kid).await["total"], 2);
    // Signed already: refused before anything is written.
    let (st, e) = kirim_batch(&s, &a, kid, &[(siti, dua.clone())]).await;
    assert_eq!(st, 422, "{e}");
    assert_eq!(daftar_kertas(&s, &a, kid).await["total"], 2);
    // The strict use case: all recorded → the signatures; a wrong row → nothing written.
    let inst = s
        .app
        .store
        .instansi_by_kode("19.71")
        .await
        .unwrap()
        .unwrap();
    let andi = id_pegawai(&s, &a, NIP_ANDI).await;
    let cli = netral_app::Pelaku::Cli("uji".into());
    let masuk = |isi: &[u8]| netral_app::ttd::BerkasMasuk {
        nama: "andi.pdf".into(),
        isi: isi.to_vec(),
    };
    let tgl = chrono::NaiveDate::from_ymd_opt(2024, 10, 3).unwrap();
    let kampanye = netral_domain::pakta::KampanyeId(kid);
    let e = s
        .app
        .ttd_kertas_banyak(
            &cli,
            inst.id,
            kampanye,
            vec![
                (PegawaiId(andi), masuk(&satu)),
                (PegawaiId(siti), masuk(&dua)),
            ],
            tgl,
        )
        .await
        .unwrap_err();
    assert!(e.to_string().contains("baris 2"), "{e}");
    assert_eq!(daftar_kertas(&s, &a, kid).await["total"], 2);
    let t = s
        .app
        .ttd_kertas_banyak(
            &cli,
            inst.id,
            kampanye,
            vec![(PegawaiId(andi), masuk(&satu))],
            tgl,
        )
        .await
        .unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(
        t[0].metode,
        netral_domain::pakta::MetodeTandaTangan::KertasPindai
    );
    assert_eq!(daftar_kertas(&s, &a, kid).await["total"], 3);

    // Another Pemda's employee id is unknown here; an auditor may not record.
    let b = token(&s, "admin.b").await;
    let (st, _) = kirim_batch(&s, &b, kid, &[(siti, dua.clone())]).await;
    assert!(st.is_client_error());
    let auditor = token(&s, "auditor.a").await;
    let (st, _) = kirim_batch(&s, &auditor, kid, &[(siti, dua)]).await;
    assert_eq!(st, 403);
}
