//! CSV import: encodings, delimiters, headers and every row rule.

mod common;

use chrono::NaiveDate;
use common::*;
use netral_domain::ident::{Golongan, NiPppk, Nik, Nip};
use netral_domain::pegawai::{
    DataPegawai, Eselon, JenisJabatan, JenisKelamin, JenisPegawai, StatusPegawai,
};
use netral_import::{Format, ImportError, Opsi, Tingkat, baca, deteksi_format};

use Tingkat::{Galat, Peringatan};

fn tgl(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn full_row_becomes_data_pegawai() {
    let h = dengan_header(&[&baris(&[])]);
    assert_eq!(h.total_baris, 1);
    assert!(h.masalah.is_empty(), "{:?}", h.masalah);
    assert_eq!(h.valid.len(), 1);
    assert_eq!(h.valid[0].baris, 2);
    assert_eq!(h.valid[0].peringatan, 0);
    assert_eq!(
        h.valid[0].data,
        DataPegawai {
            jenis: JenisPegawai::Pns,
            nip: Some(Nip::parse(NIP_L).unwrap()),
            ni_pppk: None,
            nik: Some(Nik::parse(NIK_L).unwrap()),
            nama: "Budi Santoso".into(),
            gelar_depan: None,
            gelar_belakang: None,
            tempat_lahir: None,
            tanggal_lahir: Some(tgl(1986, 9, 26)),
            jenis_kelamin: Some(JenisKelamin::L),
            golongan: Some(Golongan::parse("III/a").unwrap()),
            jabatan_nama: Some("Perawat".into()),
            jabatan_jenis: None,
            eselon: None,
            unit_path: vec!["Dinas Kesehatan".into(), "Puskesmas Bukit Intan".into()],
            atasan_identitas: None,
            no_hp: Some("+6281234567890".into()),
            email: Some("budi@pangkalpinangkota.go.id".into()),
            status: StatusPegawai::Aktif,
        }
    );
}

#[test]
fn siasn_header_with_unknown_columns_and_bom_semicolon() {
    let s = "\u{feff}NAMA;NIP;GELAR DEPAN;GELAR BELAKANG;TEMPAT LAHIR;TANGGAL LAHIR;JENIS KELAMIN;\
AGAMA;JENIS KAWIN;NIK;NOMOR HP;EMAIL;ALAMAT;NPWP;JENIS PEGAWAI;KEDUDUKAN HUKUM;STATUS CPNS PNS;\
TMT CPNS;GOL AWAL;GOL AKHIR;JENIS JABATAN;NAMA JABATAN;TINGKAT PENDIDIKAN;NAMA UNOR;UNOR INDUK\r\n\
Siti Aminah;19900101 201903 2 005;Dr.;S.Kom., M.T.;Pangkalpinang;01-01-1990;P;Islam;Kawin;\
3171024101900002;+62 812-1111-2222;siti@example.id;\"Jl. Merdeka 1; RT 2\";123;PNS;Aktif;P;\
01-03-2019;III/a;3b;Fungsional;Pranata Komputer Ahli Muda;S2;Bidang Aplikasi;Dinas Kominfo\r\n";
    let h = csv(s);
    assert!(h.masalah.is_empty(), "{:?}", h.masalah);
    let d = &h.valid[0].data;
    assert_eq!(d.nama, "Siti Aminah");
    assert_eq!(d.nama_lengkap(), "Dr. Siti Aminah, S.Kom., M.T.");
    assert_eq!(d.tempat_lahir.as_deref(), Some("Pangkalpinang"));
    assert_eq!(d.golongan.unwrap().as_str(), "III/b");
    assert_eq!(d.jabatan_jenis, Some(JenisJabatan::Fungsional));
    assert_eq!(d.unit_path, ["Dinas Kominfo", "Bidang Aplikasi"]);
    assert_eq!(d.no_hp.as_deref(), Some("+6281211112222"));
    assert_eq!(d.email.as_deref(), Some("siti@example.id"));
    assert_eq!(d.jenis_kelamin, Some(JenisKelamin::P));
}

#[test]
fn our_own_column_names_and_aliases() {
    let s = "Nama Lengkap,NIP Baru,NIPPPK,No HP,JK,Jenis Pegawai,OPD,Unit Kerja,Sub Unit Kerja,\
Gol/Ruang,Jabatan,Eselon,Status,NIP Atasan\n\
  Budi   Santoso ,198609262015051001,,0812 3456 7890,Laki-laki,pns,Kecamatan Bukit Intan,\
Kecamatan  Bukit Intan,Kelurahan Sinar Bulan,3a,Camat,III.a,aktif,19700101 199003 1 002\n\
Ani,,200012312024211001,,,PPPK,Dinas Pendidikan,,SD Negeri 1,IX,Guru,,cuti,\n";
    let h = csv(s);
    assert!(h.masalah.is_empty(), "{:?}", h.masalah);
    let budi = &h.valid[0].data;
    assert_eq!(budi.nama, "Budi Santoso");
    assert_eq!(
        budi.unit_path,
        ["Kecamatan Bukit Intan", "Kelurahan Sinar Bulan"]
    );
    assert_eq!(budi.golongan.unwrap().as_str(), "III/a");
    assert_eq!(budi.eselon, Some(Eselon::IIIA));
    // Eselon fills the post kind when no JENIS JABATAN is given.
    assert_eq!(budi.jabatan_jenis, Some(JenisJabatan::Administrator));
    assert_eq!(budi.atasan_identitas.as_deref(), Some("197001011990031002"));
    let ani = &h.valid[1].data;
    assert_eq!(ani.jenis, JenisPegawai::Pppk);
    assert_eq!(ani.ni_pppk, Some(NiPppk::parse(NI_PPPK).unwrap()));
    assert_eq!(ani.unit_path, ["Dinas Pendidikan", "SD Negeri 1"]);
    assert_eq!(ani.status, StatusPegawai::Cuti);
    assert_eq!(ani.golongan.unwrap().as_str(), "IX");
    // Birth date and sex come from the NI PPPK when the columns are absent or empty.
    assert_eq!(ani.tanggal_lahir, Some(tgl(2000, 12, 31)));
    assert_eq!(ani.jenis_kelamin, Some(JenisKelamin::L));
}

#[test]
fn windows_1252_names() {
    let mut b: Vec<u8> = b"NAMA;NIP;JENIS PEGAWAI;UNIT KERJA\r\n".to_vec();
    b.extend_from_slice(b"Ren\xe9 M\xfcller;198609262015051001;PNS;Dinas Pendidikan\r\n");
    let h = baca(&b, "x.csv", &ACUAN).unwrap();
    assert_eq!(h.valid[0].data.nama, "René Müller");
}

#[test]
fn utf8_with_bom_names() {
    let s =
        "\u{feff}NAMA,NIP,JENIS PEGAWAI,UNIT KERJA\nJosé Günther,198609262015051001,PNS,Dinas\n";
    let h = csv(s);
    assert_eq!(h.valid[0].data.nama, "José Günther");
}

#[test]
fn quoted_fields_with_delimiters_and_newlines() {
    let s = "NAMA,NIP,JENIS PEGAWAI,UNIT KERJA\n\
\"Santoso, Budi\",198609262015051001,PNS,\"Dinas \"\"Kesehatan\"\"\"\n";
    let h = csv(s);
    assert_eq!(h.valid[0].data.nama, "Santoso, Budi");
    assert_eq!(h.valid[0].data.unit_path, ["Dinas \"Kesehatan\""]);
}

#[test]
fn row_numbers_follow_the_spreadsheet() {
    let s = "DAFTAR PEGAWAI PEMERINTAH KOTA PANGKALPINANG\n\
\n\
NAMA;NIP;JENIS PEGAWAI;UNIT KERJA\n\
Ani;198609262015051001;PNS;Dinas\n\
\n\
\"Budi\nSantoso\";123;PNS;Dinas\n\
Cici;;PNS;Dinas\n";
    let h = csv(s);
    assert_eq!(h.total_baris, 3);
    assert_eq!(baris_valid(&h), [4]);
    assert_eq!(
        ringkas(&h),
        [
            (6, "NIP", "123", "NIP harus 18 digit, ditemukan 3", Galat),
            (7, "NIP", "", "NIP wajib diisi untuk pegawai PNS", Galat),
        ]
    );
    assert_eq!(h.ditolak(), 2);
}

#[test]
fn missing_name_and_unit() {
    let h = dengan_header(&[
        &baris(&[("NAMA", "  ")]),
        &baris(&[
            ("NIP", NIP_P),
            ("NIK", NIK_P),
            ("TANGGAL LAHIR", ""),
            ("JENIS KELAMIN", ""),
            ("UNOR INDUK", ""),
            ("NAMA UNOR", "-"),
        ]),
    ]);
    assert!(h.valid.is_empty());
    assert_eq!(
        ringkas(&h),
        [
            (2, "NAMA", "", "nama wajib diisi", Galat),
            (3, "UNOR INDUK", "", "unit kerja wajib diisi", Galat),
        ]
    );
}

#[test]
fn unit_path_skips_repeated_parent() {
    let h = dengan_header(&[&baris(&[
        ("UNOR INDUK", "Sekretariat  Daerah"),
        ("NAMA UNOR", "SEKRETARIAT DAERAH"),
    ])]);
    assert_eq!(h.valid[0].data.unit_path, ["Sekretariat Daerah"]);
}

#[test]
fn employment_type_rules() {
    let h = dengan_header(&[
        &baris(&[("JENIS PEGAWAI", "TNI")]),
        &baris(&[("JENIS PEGAWAI", "")]),
        &baris(&[("JENIS PEGAWAI", "pns")]),
    ]);
    assert_eq!(baris_valid(&h), [4]);
    assert_eq!(
        ringkas(&h),
        [
            (
                2,
                "JENIS PEGAWAI",
                "TNI",
                "jenis pegawai tidak dikenal: \"TNI\"; nilai yang dikenal: PNS, CPNS, PPPK, \
                 PPPK_PARUH_WAKTU, NON_ASN",
                Galat
            ),
            (3, "JENIS PEGAWAI", "", "jenis pegawai wajib diisi", Galat),
        ]
    );
}

#[test]
fn status_cpns_pns_maps_when_jenis_pegawai_is_absent() {
    let s = "NAMA,NIP,STATUS CPNS PNS,UNOR INDUK\n\
A,198609262015051001,P,Dinas\n\
B,199001012019032005,c,Dinas\n\
C,198609262015051002,X,Dinas\n\
D,198609262015051003,,Dinas\n";
    let h = csv(s);
    assert_eq!(h.valid[0].data.jenis, JenisPegawai::Pns);
    assert_eq!(h.valid[1].data.jenis, JenisPegawai::Cpns);
    assert_eq!(
        ringkas(&h),
        [
            (
                4,
                "STATUS CPNS PNS",
                "X",
                "status CPNS/PNS tidak dikenal: \"X\" (P = PNS, C = CPNS)",
                Galat
            ),
            (5, "STATUS CPNS PNS", "", "jenis pegawai wajib diisi", Galat),
        ]
    );
}

#[test]
fn required_identifier_per_type() {
    let h = dengan_header(&[
        &baris(&[("NIP", "")]),
        &baris(&[("JENIS PEGAWAI", "CPNS"), ("NIP", "")]),
        &baris(&[("JENIS PEGAWAI", "PPPK"), ("NIP", ""), ("GOL AKHIR", "")]),
        &baris(&[
            ("JENIS PEGAWAI", "PPPK Paruh Waktu"),
            ("NIP", ""),
            ("GOL AKHIR", ""),
        ]),
        &baris(&[("JENIS PEGAWAI", "Non ASN"), ("NIP", ""), ("NIK", "")]),
        // Non-ASN with a NIK and nothing else: fine.
        &baris(&[("JENIS PEGAWAI", "Honorer"), ("NIP", ""), ("GOL AKHIR", "")]),
    ]);
    assert_eq!(baris_valid(&h), [7]);
    assert_eq!(h.valid[0].data.jenis, JenisPegawai::NonAsn);
    assert_eq!(
        ringkas(&h),
        [
            (2, "NIP", "", "NIP wajib diisi untuk pegawai PNS", Galat),
            (3, "NIP", "", "NIP wajib diisi untuk pegawai CPNS", Galat),
            (
                4,
                "NI PPPK",
                "",
                "NI PPPK wajib diisi untuk pegawai PPPK",
                Galat
            ),
            (
                5,
                "NI PPPK",
                "",
                "NI PPPK wajib diisi untuk pegawai PPPK_PARUH_WAKTU",
                Galat
            ),
            (6, "NIK", "", "NIK wajib diisi untuk pegawai NON_ASN", Galat),
        ]
    );
}

#[test]
fn required_identifier_column_absent() {
    let s = "NAMA,JENIS PEGAWAI,UNIT KERJA\nAni,PNS,Dinas\n";
    let h = csv(s);
    assert_eq!(
        ringkas(&h),
        [(2, "NIP", "", "NIP wajib diisi untuk pegawai PNS", Galat)]
    );
}

#[test]
fn malformed_identifiers_are_errors_even_when_not_required() {
    let h = dengan_header(&[
        &baris(&[("NIK", "31710226098600")]),
        &baris(&[("NIP", "198602302015051001"), ("NIK", "")]),
        &baris(&[("NIP", "198609262015051000"), ("NIK", "")]),
        &baris(&[("NIP", "1.98609262015051E+17"), ("NIK", "")]),
        &baris(&[
            ("NI PPPK", "198609262015051001"),
            ("NIP", NIP_P),
            ("NIK", ""),
            ("TANGGAL LAHIR", ""),
            ("JENIS KELAMIN", ""),
        ]),
    ]);
    assert!(h.valid.is_empty());
    assert_eq!(
        ringkas(&h),
        [
            (
                2,
                "NIK",
                "31710226098600",
                "NIK harus 16 digit, ditemukan 14",
                Galat
            ),
            (
                3,
                "NIP",
                "198602302015051001",
                "tanggal lahir pada NIP tidak valid: 1986-02-30",
                Galat
            ),
            (
                4,
                "NIP",
                "198609262015051000",
                "nomor urut NIP tidak boleh 000",
                Galat
            ),
            (
                5,
                "NIP",
                "1.98609262015051E+17",
                "NIP \"1.98609262015051E+17\" tertulis dalam notasi ilmiah sehingga digitnya \
                 hilang; format kolom NIP sebagai Teks lalu ekspor ulang",
                Galat
            ),
            (
                6,
                "NI PPPK",
                "198609262015051001",
                "digit ke-13 NI PPPK harus 2 (penanda PPPK), ditemukan 0; nomor ini kemungkinan \
                 NIP PNS, bukan NI PPPK",
                Galat
            ),
        ]
    );
}

#[test]
fn ni_pppk_in_the_nip_column() {
    let h = dengan_header(&[
        // SIASN lists a PPPK's NI under NIP: accepted as the NI PPPK.
        &baris(&[
            ("JENIS PEGAWAI", "PPPK"),
            ("NIP", NI_PPPK),
            ("NIK", ""),
            ("TANGGAL LAHIR", "31-12-2000"),
            ("GOL AKHIR", "IX"),
        ]),
        // For a PNS it is an error that says what the number probably is.
        &baris(&[("NIP", NI_PPPK), ("NIK", "")]),
    ]);
    assert_eq!(baris_valid(&h), [2]);
    let d = &h.valid[0].data;
    assert_eq!(d.ni_pppk.as_ref().map(NiPppk::as_str), Some(NI_PPPK));
    assert_eq!(d.nip, None);
    assert_eq!(
        ringkas(&h),
        [(
            3,
            "NIP",
            NI_PPPK,
            "digit ke-13 NIP adalah 2 (penanda PPPK): nomor ini kemungkinan besar NI PPPK, \
             bukan NIP",
            Galat
        )]
    );
}

#[test]
fn duplicate_identifiers_reject_the_later_row() {
    let h = dengan_header(&[
        &baris(&[]),
        &baris(&[("NAMA", "Budi Kedua")]),
        &baris(&[
            ("NIP", NIP_P),
            ("TANGGAL LAHIR", "1990-01-01"),
            ("JENIS KELAMIN", "P"),
        ]),
    ]);
    assert_eq!(baris_valid(&h), [2]);
    let r = ringkas(&h);
    assert_eq!(
        r,
        [
            (
                3,
                "NIP",
                NIP_L,
                "NIP 198609262015051001 sudah dipakai oleh baris 2",
                Galat
            ),
            (
                3,
                "NIK",
                "3171xxxxxxxx0001",
                "NIK 3171xxxxxxxx0001 sudah dipakai oleh baris 2",
                Galat
            ),
            (
                4,
                "NIK",
                "3171xxxxxxxx0001",
                "NIK 3171xxxxxxxx0001 sudah dipakai oleh baris 2",
                Galat
            ),
            (
                4,
                "NIK",
                "3171xxxxxxxx0001",
                "tanggal lahir pada NIK (1986-09-26) berbeda dengan tanggal lahir pegawai (1990-01-01)",
                Peringatan
            ),
            (
                4,
                "NIK",
                "3171xxxxxxxx0001",
                "jenis kelamin pada NIK (L) berbeda dengan jenis kelamin pegawai (P)",
                Peringatan
            ),
        ]
    );
}

#[test]
fn a_rejected_row_does_not_claim_its_identifier() {
    let h = dengan_header(&[&baris(&[("NAMA", "")]), &baris(&[])]);
    assert_eq!(baris_valid(&h), [3]);
    assert_eq!(ringkas(&h), [(2, "NAMA", "", "nama wajib diisi", Galat)]);
}

#[test]
fn birth_date_layouts_and_errors() {
    for t in [
        "1986-09-26",
        "26-09-1986",
        "26/09/1986",
        "26.09.1986",
        "26 September 1986",
        "26 Sep 1986",
        "26 sept 1986",
    ] {
        let h = dengan_header(&[&baris(&[("TANGGAL LAHIR", t)])]);
        assert!(h.masalah.is_empty(), "{t}: {:?}", h.masalah);
        assert_eq!(h.valid[0].data.tanggal_lahir, Some(tgl(1986, 9, 26)));
    }
    let h = dengan_header(&[&baris(&[
        ("TANGGAL LAHIR", "26 Agustus 1990"),
        ("NIP", ""),
        ("NIK", ""),
        ("JENIS PEGAWAI", "NON_ASN"),
    ])]);
    assert!(h.valid.is_empty());
    assert_eq!(h.masalah.len(), 1);
    assert_eq!(h.masalah[0].alasan, "NIK wajib diisi untuk pegawai NON_ASN");

    let h = dengan_header(&[
        &baris(&[("TANGGAL LAHIR", "kemarin")]),
        &baris(&[
            ("TANGGAL LAHIR", "30/02/1986"),
            ("NIP", NIP_P),
            ("NIK", NIK_P),
            ("JENIS KELAMIN", ""),
        ]),
        &baris(&[
            ("TANGGAL LAHIR", "26-09-86"),
            ("NIP", "198609262015051002"),
            ("NIK", ""),
        ]),
        &baris(&[
            ("TANGGAL LAHIR", "2030-01-01"),
            ("NIP", "198609262015051003"),
            ("NIK", ""),
        ]),
    ]);
    assert!(h.valid.is_empty());
    assert_eq!(
        ringkas(&h),
        [
            (
                2,
                "TANGGAL LAHIR",
                "kemarin",
                "tanggal lahir tidak valid: format tidak dikenali (gunakan mis. 1986-09-26, \
                 26-09-1986, 26/09/1986 atau 26 September 1986)",
                Galat
            ),
            (
                3,
                "TANGGAL LAHIR",
                "30/02/1986",
                "tanggal lahir tidak valid: tanggal tidak ada di kalender",
                Galat
            ),
            (
                4,
                "TANGGAL LAHIR",
                "26-09-86",
                "tanggal lahir tidak valid: tahun harus ditulis 4 digit",
                Galat
            ),
            (
                5,
                "TANGGAL LAHIR",
                "2030-01-01",
                "tanggal lahir tidak wajar: 2030-01-01 (tahun harus 1900–2025)",
                Galat
            ),
        ]
    );
}

#[test]
fn indonesian_month_names() {
    let h = dengan_header(&[
        &baris(&[
            ("TANGGAL LAHIR", "1 Mei 1990"),
            ("NIP", "199005012019031001"),
            ("NIK", ""),
        ]),
        &baris(&[
            ("TANGGAL LAHIR", "3 Okt 1975"),
            ("NIP", "197510032000031001"),
            ("NIK", ""),
        ]),
        &baris(&[
            ("TANGGAL LAHIR", "31 Des 1979"),
            ("NIP", "197912312005011001"),
            ("NIK", ""),
        ]),
    ]);
    assert!(h.masalah.is_empty(), "{:?}", h.masalah);
    assert_eq!(h.valid.len(), 3);
}

#[test]
fn unknown_codes_are_errors() {
    let h = dengan_header(&[
        &baris(&[("GOL AKHIR", "III/f")]),
        &baris(&[
            ("ESELON", "VI.a"),
            ("NIP", NIP_P),
            ("NIK", NIK_P),
            ("TANGGAL LAHIR", ""),
            ("JENIS KELAMIN", ""),
        ]),
        &baris(&[
            ("STATUS", "KABUR"),
            ("NIP", "198609262015051002"),
            ("NIK", ""),
        ]),
        &baris(&[
            ("JENIS JABATAN", "Menteri"),
            ("NIP", "198609262015051003"),
            ("NIK", ""),
        ]),
    ]);
    assert!(h.valid.is_empty());
    assert_eq!(
        ringkas(&h),
        [
            (
                2,
                "GOL AKHIR",
                "III/f",
                "golongan tidak dikenal: \"III/f\" (contoh: III/a untuk PNS, IX untuk PPPK)",
                Galat
            ),
            (
                3,
                "ESELON",
                "VI.a",
                "eselon tidak dikenal: \"VI.a\"; nilai yang dikenal: I.a, I.b, II.a, II.b, \
                 III.a, III.b, IV.a, IV.b, V.a",
                Galat
            ),
            (
                4,
                "STATUS",
                "KABUR",
                "status pegawai tidak dikenal: \"KABUR\"; nilai yang dikenal: AKTIF, CUTI, CLTN, \
                 DIBERHENTIKAN_SEMENTARA, PENSIUN, DIBERHENTIKAN, MENINGGAL, TIDAK_AKTIF",
                Galat
            ),
            (
                5,
                "JENIS JABATAN",
                "Menteri",
                "jenis jabatan tidak dikenal: \"Menteri\"; nilai yang dikenal: JPT_UTAMA, \
                 JPT_MADYA, JPT_PRATAMA, ADMINISTRATOR, PENGAWAS, PELAKSANA, FUNGSIONAL, \
                 KEPALA_DAERAH",
                Galat
            ),
        ]
    );
}

#[test]
fn status_defaults_to_aktif_and_siasn_post_spellings() {
    let h = dengan_header(&[
        &baris(&[("STATUS", "")]),
        &baris(&[
            ("NIP", "198609262015051002"),
            ("NIK", ""),
            ("JENIS JABATAN", "Jabatan Fungsional Umum"),
        ]),
        &baris(&[
            ("NIP", "198609262015051003"),
            ("NIK", ""),
            ("JENIS JABATAN", "Struktural"),
            ("ESELON", "IV.a"),
        ]),
        &baris(&[
            ("NIP", "198609262015051004"),
            ("NIK", ""),
            ("ESELON", "Non Eselon"),
        ]),
    ]);
    assert!(h.masalah.is_empty(), "{:?}", h.masalah);
    let v: Vec<_> = h.valid.iter().map(|v| &v.data).collect();
    assert_eq!(v[0].status, StatusPegawai::Aktif);
    assert_eq!(v[1].jabatan_jenis, Some(JenisJabatan::Pelaksana));
    assert_eq!(v[2].jabatan_jenis, Some(JenisJabatan::Pengawas));
    assert_eq!(v[2].eselon, Some(Eselon::IVA));
    assert_eq!(v[3].eselon, None);
    assert_eq!(v[3].jabatan_jenis, None);
}

#[test]
fn explicit_post_kind_wins_over_eselon() {
    let h = dengan_header(&[&baris(&[
        ("ESELON", "II.a"),
        ("JENIS JABATAN", "Fungsional"),
    ])]);
    assert_eq!(
        h.valid[0].data.jabatan_jenis,
        Some(JenisJabatan::Fungsional)
    );
    assert_eq!(h.valid[0].data.eselon, Some(Eselon::IIA));
}

#[test]
fn birth_date_and_sex_cross_checks_are_warnings() {
    let h = dengan_header(&[
        &baris(&[("TANGGAL LAHIR", "1986-09-27"), ("NIK", "")]),
        &baris(&[("JENIS KELAMIN", "P"), ("NIP", "198609262015051002")]),
    ]);
    assert_eq!(baris_valid(&h), [2, 3]);
    assert_eq!(h.valid[0].peringatan, 1);
    assert_eq!(h.valid[1].peringatan, 2);
    assert_eq!(h.valid[0].data.tanggal_lahir, Some(tgl(1986, 9, 27)));
    assert_eq!(h.valid[1].data.jenis_kelamin, Some(JenisKelamin::P));
    assert_eq!(
        ringkas(&h),
        [
            (
                2,
                "TANGGAL LAHIR",
                "1986-09-27",
                "tanggal lahir 1986-09-27 berbeda dengan tanggal lahir pada NIP (1986-09-26)",
                Peringatan
            ),
            (
                3,
                "JENIS KELAMIN",
                "P",
                "jenis kelamin P berbeda dengan kode pada NIP (L)",
                Peringatan
            ),
            (
                3,
                "NIK",
                "3171xxxxxxxx0001",
                "jenis kelamin pada NIK (L) berbeda dengan jenis kelamin pegawai (P)",
                Peringatan
            ),
        ]
    );
}

#[test]
fn identifier_soft_rules_are_warnings() {
    let h = dengan_header(&[
        &baris(&[("NIK", "9971022609860000")]),
        &baris(&[
            ("NIP", "199001012005011001"),
            ("NIK", ""),
            ("TANGGAL LAHIR", "1990-01-01"),
        ]),
        &baris(&[
            ("JENIS KELAMIN", "X"),
            ("NIP", "198609262015051002"),
            ("NIK", ""),
        ]),
    ]);
    assert_eq!(baris_valid(&h), [2, 3, 4]);
    assert_eq!(h.valid[2].data.jenis_kelamin, Some(JenisKelamin::L));
    assert_eq!(
        ringkas(&h),
        [
            (
                2,
                "NIK",
                "9971xxxxxxxx0000",
                "kode provinsi pada NIK (99) bukan kode provinsi yang dikenal",
                Peringatan
            ),
            (
                2,
                "NIK",
                "9971xxxxxxxx0000",
                "nomor urut NIK 0000 tidak wajar",
                Peringatan
            ),
            (
                3,
                "NIP",
                "199001012005011001",
                "tahun pengangkatan pada NIP (2005) kurang dari 18 tahun setelah tahun lahir (1990)",
                Peringatan
            ),
            (
                4,
                "JENIS KELAMIN",
                "X",
                "jenis kelamin tidak dikenal: \"X\" (gunakan L atau P); nilai diabaikan",
                Peringatan
            ),
        ]
    );
}

#[test]
fn bad_contact_details_are_dropped_with_a_warning() {
    let h = dengan_header(&[&baris(&[("NOMOR HP", "0812"), ("EMAIL", "budi@")])]);
    assert_eq!(baris_valid(&h), [2]);
    assert_eq!(h.valid[0].peringatan, 2);
    assert_eq!(h.valid[0].data.no_hp, None);
    assert_eq!(h.valid[0].data.email, None);
    assert_eq!(
        ringkas(&h),
        [
            (
                2,
                "NOMOR HP",
                "0812",
                "nomor HP tidak valid (harus 9–15 digit, mis. 081234567890 atau +6281234567890); \
                 nomor tidak disimpan",
                Peringatan
            ),
            (
                2,
                "EMAIL",
                "budi@",
                "alamat email tidak valid; email tidak disimpan",
                Peringatan
            ),
        ]
    );
    for (hp, hasil) in [
        ("+6281234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
    ] {
        let h = dengan_header(&[&baris(&[("NOMOR HP", hp)])]);
        assert_eq!(h.valid[0].data.no_hp.as_deref(), Some(hasil));
    }
}

#[test]
fn several_errors_in_one_row_are_all_reported() {
    let h = dengan_header(&[&baris(&[
        ("NAMA", ""),
        ("NIP", "123"),
        ("GOL AKHIR", "Z"),
        ("EMAIL", "x"),
    ])]);
    assert!(h.valid.is_empty());
    let k: Vec<_> = h
        .masalah
        .iter()
        .map(|m| (m.kolom.as_str(), m.tingkat))
        .collect();
    assert_eq!(
        k,
        [
            ("NAMA", Galat),
            ("NIP", Galat),
            ("GOL AKHIR", Galat),
            ("EMAIL", Peringatan)
        ]
    );
}

#[test]
fn problems_are_sorted_by_row() {
    let rows: Vec<String> = (0..30)
        .map(|i| {
            if i % 3 == 0 {
                baris(&[("NAMA", ""), ("NIK", "")])
            } else {
                baris(&[("EMAIL", "salah"), ("NIK", ""), ("NIP", "")])
            }
        })
        .collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let h = dengan_header(&refs);
    assert!(h.masalah.windows(2).all(|w| w[0].baris <= w[1].baris));
    assert_eq!(h.jumlah(Galat), h.masalah.len() - h.jumlah(Peringatan));
}

#[test]
fn file_level_errors() {
    assert_eq!(csv_err(""), ImportError::Kosong);
    assert_eq!(csv_err("  \n\n"), ImportError::Kosong);
    assert_eq!(csv_err("a,b,c\n1,2,3\n"), ImportError::TanpaHeader);
    let e = csv_err("NIP,JENIS PEGAWAI,UNIT KERJA\n1,PNS,Dinas\n");
    assert_eq!(
        e,
        ImportError::KolomWajib {
            kolom: "nama pegawai",
            contoh: "NAMA, Nama Lengkap, Nama Pegawai"
        }
    );
    assert_eq!(
        e.to_string(),
        "kolom wajib tidak ditemukan: nama pegawai (nama kolom yang dikenali: NAMA, Nama Lengkap, \
         Nama Pegawai)"
    );
    assert!(matches!(
        csv_err("NAMA,NIP,JENIS PEGAWAI\nA,1,PNS\n"),
        ImportError::KolomWajib {
            kolom: "unit kerja",
            ..
        }
    ));
    assert!(matches!(
        csv_err("NAMA,NIP,UNIT KERJA\nA,1,Dinas\n"),
        ImportError::KolomWajib {
            kolom: "jenis pegawai",
            ..
        }
    ));
    assert_eq!(
        baca(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", "lama.xls", &ACUAN).unwrap_err(),
        ImportError::FormatLama
    );
    assert_eq!(
        baca(b"NAMA\0\x01\x02", "x.csv", &ACUAN).unwrap_err(),
        ImportError::BukanTeks
    );
    assert!(matches!(
        baca(b"PK\x03\x04garbage", "x.xlsx", &ACUAN).unwrap_err(),
        ImportError::TidakTerbaca { format: "XLSX", .. }
    ));
    assert_eq!(
        ImportError::TanpaHeader.to_string(),
        "baris judul kolom (header) tidak ditemukan: baris pertama harus berisi nama kolom \
         seperti NAMA, NIP, JENIS PEGAWAI, UNIT KERJA"
    );
}

#[test]
fn header_only_file_has_no_rows() {
    let h = csv("NAMA,NIP,JENIS PEGAWAI,UNIT KERJA\n");
    assert_eq!(h.total_baris, 0);
    assert!(h.valid.is_empty() && h.masalah.is_empty());
}

#[test]
fn short_rows_are_padded() {
    let h = csv("NAMA,NIP,JENIS PEGAWAI,UNIT KERJA,EMAIL\nAni,198609262015051001,PNS,Dinas\n");
    assert_eq!(baris_valid(&h), [2]);
}

#[test]
fn format_detection() {
    assert_eq!(deteksi_format("a.csv", b"PK\x03\x04rest"), Format::Xlsx);
    assert_eq!(deteksi_format("a.xlsx", b"NAMA,NIP"), Format::Csv);
    assert_eq!(deteksi_format("a.csv", b"NAMA"), Format::Csv);
}

#[test]
fn two_digit_nik_year_uses_the_reference_year() {
    // NIK 01-01-05: 2005 seen from 2025 (a 20-year-old), and the NIK date fills an empty
    // birth-date cell; a legacy NIK with warnings fills nothing.
    let s = "NAMA,NIK,JENIS PEGAWAI,UNIT KERJA,TANGGAL LAHIR\n\
Ani,3171020101050001,NON_ASN,Dinas,2005-01-01\n\
Budi,3171020101050002,NON_ASN,Dinas,1905-01-01\n\
Cici,3171024101050003,NON_ASN,Dinas,\n\
Dedi,3171023501050004,NON_ASN,Dinas,\n";
    let h = baca(s.as_bytes(), "x.csv", &Opsi { tahun_acuan: 2025 }).unwrap();
    assert_eq!(h.valid.len(), 4);
    assert_eq!(h.valid[2].data.tanggal_lahir, Some(tgl(2005, 1, 1)));
    assert_eq!(h.valid[2].data.jenis_kelamin, Some(JenisKelamin::P));
    assert_eq!(h.valid[3].data.tanggal_lahir, None);
    // From 2015 the same NIK would be a 10-year-old: no century fits, nothing is filled.
    let h = baca(s.as_bytes(), "x.csv", &Opsi { tahun_acuan: 2015 }).unwrap();
    assert_eq!(h.valid[2].data.tanggal_lahir, None);
    let h = baca(s.as_bytes(), "x.csv", &Opsi { tahun_acuan: 2025 }).unwrap();
    assert_eq!(
        ringkas(&h),
        [
            (
                3,
                "NIK",
                "3171xxxxxxxx0002",
                "tanggal lahir pada NIK (2005-01-01) berbeda dengan tanggal lahir pegawai (1905-01-01)",
                Peringatan
            ),
            (
                5,
                "NIK",
                "3171xxxxxxxx0004",
                "tanggal lahir pada NIK tidak wajar: hari 35 (harus 01–31, atau 41–71 untuk perempuan)",
                Peringatan
            )
        ]
    );
}
