//! Offline verification: a bundle cosigned by witnesses over HTTP, checked
//! against the policy "log + 2 of 3 witnesses".

use netral_ledger::bundle::ProofBundle;
use netral_ledger::leaf_hash;
use netral_ledger::tree::{prove_record, prove_tree};
use netral_witness::klien::{KlienSaksi, Kosignatur, TujuanSaksi, tempel_kosignatur};
use netral_witness::verifikasi::{SumberDaun, teks_kebijakan};
use netral_witness::{Daun, Galat, verifikasi_bundle};

use crate::umum::{Log, ORIGIN, SEKARANG, SaksiUji};

struct Dunia {
    log: Log,
    saksi: Vec<SaksiUji>,
    _dir: Vec<tempfile::TempDir>,
    kosig: Vec<Kosignatur>,
}

impl Dunia {
    /// A log of 10 entries and three witnesses, each of which cosigned the
    /// size-10 checkpoint.
    async fn baru() -> Dunia {
        let log = Log::baru(ORIGIN, 5, 10);
        let mut saksi = Vec::new();
        let mut dir = Vec::new();
        for nama in [
            "saksi.bkn.example",
            "saksi.bawaslu.example",
            "saksi.ugm.example",
        ] {
            let d = tempfile::tempdir().expect("tempdir");
            saksi.push(SaksiUji::mulai(d.path(), Some(nama), &[log.vkey()]).await);
            dir.push(d);
        }
        let klien = KlienSaksi::new();
        let mut kosig = Vec::new();
        let store = &log.store;
        for s in &saksi {
            let t = TujuanSaksi::baru(&s.url, s.saksi.vkey()).expect("vkey");
            kosig.push(
                klien
                    .kosignasi(&t, 0, &[], &log.bertanda(), |n| async move {
                        prove_tree(10, n, store)
                    })
                    .await
                    .expect("cosigned"),
            );
        }
        Dunia {
            log,
            saksi,
            _dir: dir,
            kosig,
        }
    }

    fn kebijakan(&self) -> String {
        format!(
            "# log + 2 dari 3 saksi\nlog {}\nwitness bkn {}\nwitness bawaslu {}\nwitness ugm {}\n\
             group institusi 2 bkn bawaslu ugm\nquorum institusi\n",
            self.log.vkey(),
            self.saksi[0].saksi.vkey(),
            self.saksi[1].saksi.vkey(),
            self.saksi[2].saksi.vkey(),
        )
    }

    /// The bundle for entry `i` with the cosignatures of witnesses `pakai`.
    fn bundel(&self, i: u64, pakai: &[usize], extra: bool) -> String {
        let kosig: Vec<Kosignatur> = pakai.iter().map(|&k| self.kosig[k].clone()).collect();
        ProofBundle {
            extra: extra.then(|| self.log.entri(i).into_bytes()),
            index: i,
            proof: prove_record(self.log.ukuran(), i, &self.log.store).expect("proof"),
            checkpoint: tempel_kosignatur(&self.log.bertanda(), &kosig).expect("append"),
        }
        .to_text()
    }

    async fn berhenti(self) {
        for s in self.saksi {
            s.berhenti().await;
        }
    }
}

#[tokio::test]
async fn two_of_three_witnesses_accepted_one_refused() {
    let d = Dunia::baru().await;
    let kebijakan = d.kebijakan();
    let entri = d.log.entri(7);

    for pakai in [[0, 1], [1, 2], [0, 2]] {
        let l = verifikasi_bundle(&d.bundel(7, &pakai, true), Daun::Extra, &kebijakan)
            .expect("2 of 3 accepted");
        assert_eq!((l.origin.as_str(), l.ukuran, l.indeks), (ORIGIN, 10, 7));
        assert_eq!(l.saksi.len(), 2);
        assert!(l.saksi.iter().all(|(_, t)| *t == SEKARANG));
        assert!(!l.tanpa_saksi);
        assert_eq!(l.sumber_daun, SumberDaun::Extra);
        assert!(l.putusan().starts_with("ASLI: "), "{}", l.putusan());
    }
    let l = verifikasi_bundle(
        &d.bundel(7, &[0, 1, 2], false),
        Daun::Data(entri.as_bytes()),
        &kebijakan,
    )
    .expect("3 of 3 accepted");
    assert_eq!(l.saksi.len(), 3);
    assert_eq!(l.hash_daun, leaf_hash(entri.as_bytes()));
    verifikasi_bundle(
        &d.bundel(7, &[2, 0], false),
        Daun::Hash(leaf_hash(entri.as_bytes())),
        &kebijakan,
    )
    .expect("by leaf hash");

    for pakai in [&[0][..], &[1], &[2], &[]] {
        let e = verifikasi_bundle(&d.bundel(7, pakai, true), Daun::Extra, &kebijakan)
            .expect_err("one witness is not enough");
        assert!(matches!(e, Galat::KuorumTidakTerpenuhi(_)), "{e}");
    }
    let e = verifikasi_bundle(&d.bundel(7, &[1], true), Daun::Extra, &kebijakan).unwrap_err();
    assert_eq!(
        e.to_string(),
        "kuorum saksi tidak terpenuhi (kosignatur sah: bawaslu)"
    );
    d.berhenti().await;
}

#[tokio::test]
async fn tampered_bundles_are_refused_with_a_reason() {
    let d = Dunia::baru().await;
    let kebijakan = d.kebijakan();
    let baik = d.bundel(3, &[0, 1], true);
    verifikasi_bundle(&baik, Daun::Extra, &kebijakan).expect("genuine");

    // Another entry than the one proved.
    let e = verifikasi_bundle(&baik, Daun::Data(b"pakta 4"), &kebijakan).unwrap_err();
    assert!(matches!(e, Galat::TidakTercatat(_)), "{e}");
    // The extra line swapped for another entry.
    let palsu = baik.replace(
        &format!("extra {}", b64(d.log.entri(3).as_bytes())),
        &format!("extra {}", b64(b"pakta 99")),
    );
    assert_ne!(palsu, baik);
    let e = verifikasi_bundle(&palsu, Daun::Extra, &kebijakan).unwrap_err();
    assert!(matches!(e, Galat::TidakTercatat(_)), "{e}");
    // Another index.
    let e = verifikasi_bundle(
        &baik.replace("index 3\n", "index 2\n"),
        Daun::Extra,
        &kebijakan,
    )
    .unwrap_err();
    assert!(matches!(e, Galat::TidakTercatat(_)), "{e}");
    // A changed tree size in the checkpoint: the log signature breaks.
    let e =
        verifikasi_bundle(&baik.replace("\n10\n", "\n11\n"), Daun::Extra, &kebijakan).unwrap_err();
    assert!(matches!(e, Galat::TandaTanganLog(_)), "{e}");
    // A damaged witness cosignature.
    let baris = d.kosig[1].baris.trim_end().to_owned();
    let rusak = {
        let (awal, akhir) = baris.split_at(baris.len() - 6);
        let ganti = if akhir.starts_with('A') { "B" } else { "A" };
        format!("{awal}{ganti}{}", &akhir[1..])
    };
    let e = verifikasi_bundle(&baik.replace(&baris, &rusak), Daun::Extra, &kebijakan).unwrap_err();
    assert!(
        matches!(e, Galat::KosignaturTidakSah(ref n) if n == "bawaslu"),
        "{e}"
    );
    // Not a bundle.
    let e = verifikasi_bundle("halo\n", Daun::Extra, &kebijakan).unwrap_err();
    assert!(matches!(e, Galat::BundelTidakValid(_)), "{e}");
    // No extra and no leaf given.
    let e = verifikasi_bundle(&d.bundel(3, &[0, 1], false), Daun::Extra, &kebijakan).unwrap_err();
    assert_eq!(e, Galat::TanpaDaun);
    // A policy for another log.
    let lain = Log::baru("pakta.example.go.id/19.04/pilkada2029", 6, 1);
    let kebijakan_lain = kebijakan.replace(&d.log.vkey(), &lain.vkey());
    let e = verifikasi_bundle(&baik, Daun::Extra, &kebijakan_lain).unwrap_err();
    assert!(matches!(e, Galat::LogTidakDikenal(_)), "{e}");
    d.berhenti().await;
}

#[tokio::test]
async fn log_key_alone_checks_signature_and_inclusion_and_warns() {
    let d = Dunia::baru().await;
    let kebijakan = teks_kebijakan(None, &[d.log.vkey()]).expect("policy from --log");
    let l = verifikasi_bundle(&d.bundel(0, &[], true), Daun::Extra, &kebijakan).expect("ok");
    assert!(l.tanpa_saksi);
    assert!(l.rincian().iter().any(|r| r.starts_with("PERINGATAN")));
    // A witness policy without a log line, plus --log: the quorum still applies.
    let hanya_saksi: String = d
        .kebijakan()
        .lines()
        .filter(|l| !l.starts_with("log "))
        .map(|l| format!("{l}\n"))
        .collect();
    let gabung = teks_kebijakan(Some(&hanya_saksi), &[d.log.vkey()]).expect("combined");
    verifikasi_bundle(&d.bundel(0, &[0, 2], true), Daun::Extra, &gabung).expect("2 of 3");
    let e = verifikasi_bundle(&d.bundel(0, &[0], true), Daun::Extra, &gabung).unwrap_err();
    assert!(matches!(e, Galat::KuorumTidakTerpenuhi(_)));
    // The same log key twice is not an error.
    let dua = teks_kebijakan(Some(&d.kebijakan()), &[d.log.vkey()]).expect("dedup");
    assert_eq!(dua.matches("\nlog ").count(), 1, "{dua}");
    d.berhenti().await;
}

fn b64(b: &[u8]) -> String {
    // The bundle's extra encoding (standard base64 with padding), without a
    // base64 dependency: reuse the bundle writer.
    let t = ProofBundle {
        extra: Some(b.to_vec()),
        index: 0,
        proof: vec![],
        checkpoint: String::new(),
    }
    .to_text();
    t.lines()
        .nth(1)
        .and_then(|l| l.strip_prefix("extra "))
        .expect("extra line")
        .to_owned()
}
