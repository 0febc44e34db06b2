//! The organisation of the demo Pemda: OPD and their sub-units, and the structural posts
//! (pejabat) that head them, each linked to its direct superior.
//!
//! The tree is fixed (it does not depend on the seed); only the people filling the posts do.
//! Units are at most two levels deep, matching the import format's `UNIT KERJA` and
//! `SUB UNIT KERJA` columns.

use netral_domain::organisasi::JenisUnit;
use netral_domain::pegawai::{Eselon, JenisJabatan};

use crate::Unit;

/// What kind of work a post's staff do; decides their jabatan, education and titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Profil {
    Umum,
    Sekolah,
    Pendidikan,
    Puskesmas,
    Kesehatan,
    RumahSakit,
    Satpol,
    Damkar,
    Lingkungan,
    Perhubungan,
    Inspektorat,
    Kominfo,
    Dukcapil,
    Perencanaan,
    Keuangan,
    Kepegawaian,
    Sosial,
    Pertanian,
    Perpustakaan,
    Teknik,
    Hukum,
    Kewilayahan,
}

/// Rank of a structural post, which bounds age, golongan and education of its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tingkat {
    /// The Penjabat Wali Kota.
    Pj,
    Sekda,
    /// JPT pratama (eselon II.b): kepala OPD, asisten, staf ahli.
    Jpt,
    /// Administrator (eselon III): sekretaris, kepala bidang/bagian, camat.
    Administrator,
    /// Pengawas (eselon IV): kasubbag, kasi, lurah, kepala UPT.
    Pengawas,
    /// A teacher with the additional task of heading a school.
    KepalaSekolah,
}

/// A structural post and the unit it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Pos {
    pub jabatan: String,
    pub jenis_jabatan: JenisJabatan,
    pub eselon: Option<Eselon>,
    /// Index into [`Struktur::units`].
    pub unit: usize,
    /// Index of the superior's post; `None` only for the Pj.
    pub atasan: Option<usize>,
    pub tingkat: Tingkat,
    pub profil: Profil,
    /// Staff reporting to this post per ~6,000 employees (0: none report directly).
    pub bobot_staf: u32,
}

/// The unit tree and the posts, posts ordered so that every superior comes first.
#[derive(Debug, Clone)]
pub(crate) struct Struktur {
    pub units: Vec<Unit>,
    /// Unit path (OPD name, then sub-unit name) for each unit.
    pub paths: Vec<Vec<String>>,
    pub pos: Vec<Pos>,
}

/// A bidang of a dinas/badan: name, its seksi (may be empty after the 2021 simplification),
/// staff weight per seksi (or for the kabid when there is none) and the staff profile.
struct Bidang {
    nama: &'static str,
    seksi: &'static [&'static str],
    bobot: u32,
    profil: Option<Profil>,
}

const fn b(nama: &'static str, seksi: &'static [&'static str], bobot: u32) -> Bidang {
    Bidang {
        nama,
        seksi,
        bobot,
        profil: None,
    }
}

const fn bp(nama: &'static str, seksi: &'static [&'static str], bobot: u32, p: Profil) -> Bidang {
    Bidang {
        nama,
        seksi,
        bobot,
        profil: Some(p),
    }
}

/// A UPT of a dinas: name, staff weight, profile.
struct Upt {
    nama: &'static str,
    bobot: u32,
    profil: Profil,
}

struct Opd {
    nama: &'static str,
    jenis: JenisUnit,
    /// Jabatan of the head; `None` means "Kepala " + name.
    kepala: Option<&'static str>,
    profil: Profil,
    bidang: &'static [Bidang],
    upt: &'static [Upt],
}

const fn upt(nama: &'static str, bobot: u32, profil: Profil) -> Upt {
    Upt {
        nama,
        bobot,
        profil,
    }
}

use Profil as P;

const OPD: &[Opd] = &[
    Opd {
        nama: "Dinas Pendidikan",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Pendidikan,
        bidang: &[
            b(
                "Bidang Pembinaan Sekolah Dasar",
                &[
                    "Seksi Kurikulum dan Penilaian SD",
                    "Seksi Peserta Didik dan Pembangunan Karakter SD",
                ],
                4,
            ),
            b(
                "Bidang Pembinaan Sekolah Menengah Pertama",
                &[
                    "Seksi Kurikulum dan Penilaian SMP",
                    "Seksi Peserta Didik dan Pembangunan Karakter SMP",
                ],
                4,
            ),
            b("Bidang Pembinaan PAUD dan Pendidikan Nonformal", &[], 8),
            b("Bidang Pendidik dan Tenaga Kependidikan", &[], 8),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Kebudayaan",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Umum,
        bidang: &[
            b("Bidang Cagar Budaya dan Permuseuman", &[], 6),
            b("Bidang Kesenian dan Tradisi", &[], 6),
        ],
        upt: &[upt(
            "UPTD Museum Timah Indonesia Pangkalpinang",
            10,
            P::Umum,
        )],
    },
    Opd {
        nama: "Dinas Kesehatan",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Kesehatan,
        bidang: &[
            b(
                "Bidang Kesehatan Masyarakat",
                &[
                    "Seksi Kesehatan Keluarga dan Gizi",
                    "Seksi Promosi dan Pemberdayaan Masyarakat",
                ],
                4,
            ),
            b(
                "Bidang Pencegahan dan Pengendalian Penyakit",
                &[
                    "Seksi Surveilans dan Imunisasi",
                    "Seksi Pengendalian Penyakit Tidak Menular",
                ],
                4,
            ),
            b(
                "Bidang Pelayanan dan Sumber Daya Kesehatan",
                &[
                    "Seksi Pelayanan Kesehatan",
                    "Seksi Kefarmasian dan Alat Kesehatan",
                ],
                4,
            ),
        ],
        upt: &[
            upt("UPTD Puskesmas Selindung", 40, P::Puskesmas),
            upt("UPTD Puskesmas Gerunggang", 40, P::Puskesmas),
            upt("UPTD Puskesmas Kacang Pedang", 38, P::Puskesmas),
            upt("UPTD Puskesmas Pasir Putih", 36, P::Puskesmas),
            upt("UPTD Puskesmas Air Itam", 36, P::Puskesmas),
            upt("UPTD Puskesmas Melintang", 38, P::Puskesmas),
            upt("UPTD Puskesmas Pangkal Balam", 40, P::Puskesmas),
            upt("UPTD Puskesmas Taman Bunga", 34, P::Puskesmas),
            upt("UPTD Puskesmas Girimaya", 34, P::Puskesmas),
            upt("UPTD Laboratorium Kesehatan Daerah", 12, P::Kesehatan),
            upt("UPTD Instalasi Farmasi", 10, P::Kesehatan),
        ],
    },
    Opd {
        nama: "Dinas Pekerjaan Umum dan Penataan Ruang",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Teknik,
        bidang: &[
            b(
                "Bidang Bina Marga",
                &[
                    "Seksi Pembangunan Jalan dan Jembatan",
                    "Seksi Preservasi Jalan dan Jembatan",
                ],
                6,
            ),
            b(
                "Bidang Sumber Daya Air",
                &["Seksi Drainase", "Seksi Pengendalian Banjir"],
                6,
            ),
            b("Bidang Cipta Karya", &[], 8),
            b("Bidang Penataan Ruang", &[], 6),
            b("Bidang Bina Konstruksi", &[], 5),
        ],
        upt: &[upt("UPTD Peralatan dan Perbekalan", 20, P::Teknik)],
    },
    Opd {
        nama: "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Teknik,
        bidang: &[
            b("Bidang Perumahan", &[], 6),
            b("Bidang Kawasan Permukiman", &[], 6),
            b("Bidang Pertanahan", &[], 6),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Sosial",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Sosial,
        bidang: &[
            b("Bidang Rehabilitasi Sosial", &[], 7),
            b("Bidang Perlindungan dan Jaminan Sosial", &[], 7),
            b(
                "Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin",
                &[],
                7,
            ),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Perhubungan",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Perhubungan,
        bidang: &[
            b(
                "Bidang Lalu Lintas",
                &[
                    "Seksi Manajemen dan Rekayasa Lalu Lintas",
                    "Seksi Pengendalian dan Operasional",
                ],
                18,
            ),
            b("Bidang Angkutan", &[], 8),
            b("Bidang Sarana dan Prasarana", &[], 8),
        ],
        upt: &[
            upt("UPTD Pengujian Kendaraan Bermotor", 14, P::Perhubungan),
            upt("UPTD Perparkiran", 26, P::Perhubungan),
        ],
    },
    Opd {
        nama: "Dinas Komunikasi dan Informatika",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Kominfo,
        bidang: &[
            b("Bidang Aplikasi Informatika", &[], 8),
            b("Bidang Informasi dan Komunikasi Publik", &[], 8),
            b("Bidang Persandian dan Statistik", &[], 6),
            b(
                "Bidang Infrastruktur Teknologi Informasi dan Komunikasi",
                &[],
                6,
            ),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Kependudukan dan Pencatatan Sipil",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Dukcapil,
        bidang: &[
            b(
                "Bidang Pelayanan Pendaftaran Penduduk",
                &[
                    "Seksi Identitas Penduduk",
                    "Seksi Pindah Datang dan Pendataan Penduduk",
                ],
                6,
            ),
            b(
                "Bidang Pelayanan Pencatatan Sipil",
                &[
                    "Seksi Kelahiran dan Kematian",
                    "Seksi Perkawinan, Perceraian dan Perubahan Status Anak",
                ],
                6,
            ),
            b(
                "Bidang Pengelolaan Informasi Administrasi Kependudukan",
                &[],
                8,
            ),
            b("Bidang Pemanfaatan Data dan Inovasi Pelayanan", &[], 6),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Lingkungan Hidup",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Lingkungan,
        bidang: &[
            b(
                "Bidang Pengelolaan Sampah dan Limbah B3",
                &["Seksi Pengurangan Sampah", "Seksi Penanganan Sampah"],
                40,
            ),
            b(
                "Bidang Penataan dan Peningkatan Kapasitas Lingkungan Hidup",
                &[],
                6,
            ),
            b(
                "Bidang Pengendalian Pencemaran dan Kerusakan Lingkungan Hidup",
                &[],
                6,
            ),
            b("Bidang Pertamanan dan Penerangan Jalan Umum", &[], 30),
        ],
        upt: &[upt(
            "UPTD Tempat Pemrosesan Akhir Sampah Parit Enam",
            30,
            P::Lingkungan,
        )],
    },
    Opd {
        nama: "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Sosial,
        bidang: &[
            b("Bidang Pemberdayaan Perempuan", &[], 6),
            b("Bidang Perlindungan Anak", &[], 6),
            b(
                "Bidang Pengendalian Penduduk dan Keluarga Berencana",
                &[],
                14,
            ),
        ],
        upt: &[upt("UPTD Perlindungan Perempuan dan Anak", 8, P::Sosial)],
    },
    Opd {
        nama: "Dinas Tenaga Kerja",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Umum,
        bidang: &[
            b("Bidang Pelatihan dan Penempatan Tenaga Kerja", &[], 7),
            b(
                "Bidang Hubungan Industrial dan Jaminan Sosial Tenaga Kerja",
                &[],
                7,
            ),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Umum,
        bidang: &[
            b("Bidang Penanaman Modal", &[], 6),
            b("Bidang Pelayanan Perizinan dan Nonperizinan", &[], 10),
            b("Bidang Pengaduan, Kebijakan dan Pelaporan Layanan", &[], 6),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Koperasi dan Usaha Kecil dan Menengah",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Umum,
        bidang: &[
            b("Bidang Koperasi", &[], 7),
            b("Bidang Usaha Kecil dan Menengah", &[], 7),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Perdagangan dan Perindustrian",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Umum,
        bidang: &[
            b("Bidang Perdagangan", &[], 7),
            b("Bidang Perindustrian", &[], 6),
            b("Bidang Pengelolaan Pasar", &[], 16),
        ],
        upt: &[upt("UPTD Metrologi Legal", 8, P::Umum)],
    },
    Opd {
        nama: "Dinas Pariwisata",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Umum,
        bidang: &[
            b("Bidang Destinasi Pariwisata", &[], 6),
            b("Bidang Pemasaran Pariwisata", &[], 6),
            b("Bidang Ekonomi Kreatif", &[], 6),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Kepemudaan dan Olahraga",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Umum,
        bidang: &[b("Bidang Kepemudaan", &[], 6), b("Bidang Olahraga", &[], 8)],
        upt: &[upt("UPTD Pengelolaan Prasarana Olahraga", 10, P::Umum)],
    },
    Opd {
        nama: "Dinas Ketahanan Pangan",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Pertanian,
        bidang: &[
            b("Bidang Ketersediaan dan Distribusi Pangan", &[], 6),
            b("Bidang Konsumsi dan Keamanan Pangan", &[], 6),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Pertanian",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Pertanian,
        bidang: &[
            b("Bidang Tanaman Pangan dan Hortikultura", &[], 8),
            b("Bidang Peternakan dan Kesehatan Hewan", &[], 8),
        ],
        upt: &[upt("UPTD Rumah Potong Hewan", 10, P::Pertanian)],
    },
    Opd {
        nama: "Dinas Kelautan dan Perikanan",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Pertanian,
        bidang: &[
            b("Bidang Perikanan Tangkap", &[], 8),
            b("Bidang Perikanan Budidaya", &[], 7),
        ],
        upt: &[upt("UPTD Pelabuhan Perikanan Ketapang", 10, P::Pertanian)],
    },
    Opd {
        nama: "Dinas Perpustakaan dan Kearsipan",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Perpustakaan,
        bidang: &[
            b("Bidang Perpustakaan", &[], 10),
            b("Bidang Kearsipan", &[], 8),
        ],
        upt: &[],
    },
    Opd {
        nama: "Dinas Pemadam Kebakaran dan Penyelamatan",
        jenis: JenisUnit::Dinas,
        kepala: None,
        profil: P::Damkar,
        bidang: &[
            b(
                "Bidang Operasi dan Penyelamatan",
                &["Seksi Pemadaman", "Seksi Penyelamatan dan Evakuasi"],
                28,
            ),
            b("Bidang Pencegahan dan Sarana Prasarana", &[], 10),
        ],
        upt: &[],
    },
    Opd {
        nama: "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah",
        jenis: JenisUnit::Badan,
        kepala: None,
        profil: P::Kepegawaian,
        bidang: &[
            b("Bidang Pengadaan, Pemberhentian dan Informasi", &[], 8),
            b("Bidang Mutasi dan Promosi", &[], 7),
            b("Bidang Pengembangan Kompetensi Aparatur", &[], 7),
            b("Bidang Penilaian Kinerja dan Penghargaan", &[], 6),
        ],
        upt: &[],
    },
    Opd {
        nama: "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        jenis: JenisUnit::Badan,
        kepala: None,
        profil: P::Perencanaan,
        bidang: &[
            b("Bidang Pemerintahan dan Pembangunan Manusia", &[], 6),
            b("Bidang Perekonomian dan Sumber Daya Alam", &[], 6),
            b("Bidang Infrastruktur dan Kewilayahan", &[], 6),
            b("Bidang Riset dan Inovasi Daerah", &[], 5),
            b(
                "Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan",
                &[],
                6,
            ),
        ],
        upt: &[],
    },
    Opd {
        nama: "Badan Pengelolaan Keuangan dan Aset Daerah",
        jenis: JenisUnit::Badan,
        kepala: None,
        profil: P::Keuangan,
        bidang: &[
            b("Bidang Anggaran", &[], 8),
            b("Bidang Perbendaharaan", &[], 9),
            b("Bidang Akuntansi dan Pelaporan", &[], 8),
            b("Bidang Pengelolaan Barang Milik Daerah", &[], 8),
        ],
        upt: &[],
    },
    Opd {
        nama: "Badan Pendapatan Daerah",
        jenis: JenisUnit::Badan,
        kepala: None,
        profil: P::Keuangan,
        bidang: &[
            b("Bidang Pendataan dan Penetapan", &[], 9),
            b("Bidang Penagihan dan Keberatan", &[], 9),
            b("Bidang Pajak Bumi dan Bangunan dan BPHTB", &[], 9),
        ],
        upt: &[],
    },
    Opd {
        nama: "Badan Kesatuan Bangsa dan Politik",
        jenis: JenisUnit::Badan,
        kepala: None,
        profil: P::Umum,
        bidang: &[
            b(
                "Bidang Ideologi, Wawasan Kebangsaan dan Karakter Bangsa",
                &[],
                5,
            ),
            b(
                "Bidang Politik Dalam Negeri dan Organisasi Kemasyarakatan",
                &[],
                6,
            ),
            b("Bidang Kewaspadaan Nasional dan Penanganan Konflik", &[], 5),
        ],
        upt: &[],
    },
    Opd {
        nama: "Badan Penanggulangan Bencana Daerah",
        jenis: JenisUnit::Badan,
        kepala: Some("Kepala Pelaksana Badan Penanggulangan Bencana Daerah"),
        profil: P::Umum,
        bidang: &[
            b("Bidang Pencegahan dan Kesiapsiagaan", &[], 6),
            b("Bidang Kedaruratan dan Logistik", &[], 12),
            b("Bidang Rehabilitasi dan Rekonstruksi", &[], 5),
        ],
        upt: &[],
    },
    Opd {
        nama: "Satuan Polisi Pamong Praja",
        jenis: JenisUnit::Satpol,
        kepala: Some("Kepala Satuan Polisi Pamong Praja"),
        profil: P::Satpol,
        bidang: &[
            b("Bidang Penegakan Peraturan Daerah", &[], 14),
            b(
                "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
                &[
                    "Seksi Operasi dan Pengendalian",
                    "Seksi Pengamanan dan Pengawalan",
                ],
                40,
            ),
            b("Bidang Perlindungan Masyarakat", &[], 22),
        ],
        upt: &[],
    },
    Opd {
        nama: "Rumah Sakit Umum Daerah Depati Hamzah",
        jenis: JenisUnit::Rsud,
        kepala: Some("Direktur Rumah Sakit Umum Daerah Depati Hamzah"),
        profil: P::RumahSakit,
        bidang: &[
            bp(
                "Bagian Umum dan Keuangan",
                &["Subbagian Umum dan Kepegawaian", "Subbagian Keuangan"],
                24,
                P::Umum,
            ),
            b(
                "Bidang Pelayanan Medik",
                &[
                    "Seksi Pelayanan Rawat Jalan",
                    "Seksi Pelayanan Rawat Inap dan Gawat Darurat",
                ],
                70,
            ),
            b(
                "Bidang Keperawatan",
                &[
                    "Seksi Asuhan Keperawatan",
                    "Seksi Mutu dan Etika Keperawatan",
                ],
                90,
            ),
            b(
                "Bidang Penunjang",
                &["Seksi Penunjang Medik", "Seksi Penunjang Nonmedik"],
                40,
            ),
        ],
        upt: &[],
    },
];

/// Kecamatan of Kota Pangkalpinang with their code (BPS/Kemendagri order) and kelurahan.
const KECAMATAN: &[(&str, &str, &[&str])] = &[
    (
        "Bukit Intan",
        "19.71.01",
        &[
            "Air Itam",
            "Air Mawar",
            "Bacang",
            "Pasir Putih",
            "Semabung Lama",
            "Sinar Bulan",
            "Temberan",
        ],
    ),
    (
        "Taman Sari",
        "19.71.02",
        &[
            "Batin Tikal",
            "Gedung Nasional",
            "Kejaksaan",
            "Opas Indah",
            "Rawa Bangun",
        ],
    ),
    (
        "Pangkal Balam",
        "19.71.03",
        &[
            "Ampui",
            "Ketapang",
            "Lontong Pancur",
            "Pasir Garam",
            "Rejosari",
        ],
    ),
    (
        "Rangkui",
        "19.71.04",
        &[
            "Asam",
            "Bintang",
            "Gajah Mada",
            "Keramat",
            "Masjid Jamik",
            "Melintang",
            "Parit Lalang",
            "Pintu Air",
        ],
    ),
    (
        "Gerunggang",
        "19.71.05",
        &[
            "Air Kepala Tujuh",
            "Bukit Merapin",
            "Bukit Sari",
            "Kacang Pedang",
            "Taman Bunga",
            "Tua Tunu",
        ],
    ),
    (
        "Gabek",
        "19.71.06",
        &[
            "Air Salemba",
            "Gabek Dua",
            "Gabek Satu",
            "Jerambah Gantung",
            "Selindung",
            "Selindung Baru",
        ],
    ),
    (
        "Girimaya",
        "19.71.07",
        &[
            "Bukit Besar",
            "Bukit Intan",
            "Pasar Padi",
            "Semabung Baru",
            "Sriwijaya",
        ],
    ),
];

/// Setda bagian: name, index of the asisten it reports to, subbagian.
const BAGIAN_SETDA: &[(&str, usize, &[&str])] = &[
    (
        "Bagian Tata Pemerintahan",
        0,
        &[
            "Subbagian Pemerintahan Umum",
            "Subbagian Otonomi Daerah",
            "Subbagian Kerja Sama",
        ],
    ),
    (
        "Bagian Hukum",
        0,
        &[
            "Subbagian Perundang-undangan",
            "Subbagian Bantuan Hukum",
            "Subbagian Dokumentasi dan Informasi Hukum",
        ],
    ),
    (
        "Bagian Kesejahteraan Rakyat",
        0,
        &[
            "Subbagian Bina Mental dan Spiritual",
            "Subbagian Kesejahteraan Sosial",
        ],
    ),
    (
        "Bagian Perekonomian dan Sumber Daya Alam",
        1,
        &["Subbagian Perekonomian", "Subbagian Sumber Daya Alam"],
    ),
    (
        "Bagian Administrasi Pembangunan",
        1,
        &[
            "Subbagian Program dan Pengendalian",
            "Subbagian Evaluasi dan Pelaporan",
        ],
    ),
    (
        "Bagian Pengadaan Barang dan Jasa",
        1,
        &[
            "Subbagian Pengelolaan Pengadaan",
            "Subbagian Pembinaan dan Advokasi Pengadaan",
        ],
    ),
    (
        "Bagian Organisasi",
        2,
        &[
            "Subbagian Kelembagaan dan Analisis Jabatan",
            "Subbagian Tata Laksana",
            "Subbagian Kinerja dan Reformasi Birokrasi",
        ],
    ),
    (
        "Bagian Umum",
        2,
        &[
            "Subbagian Tata Usaha Pimpinan",
            "Subbagian Rumah Tangga",
            "Subbagian Keuangan",
        ],
    ),
    (
        "Bagian Protokol dan Komunikasi Pimpinan",
        2,
        &[
            "Subbagian Protokol",
            "Subbagian Komunikasi Pimpinan",
            "Subbagian Dokumentasi Pimpinan",
        ],
    ),
];

const ASISTEN: &[&str] = &[
    "Asisten Pemerintahan dan Kesejahteraan Rakyat",
    "Asisten Perekonomian dan Pembangunan",
    "Asisten Administrasi Umum",
];

const STAF_AHLI: &[&str] = &[
    "Staf Ahli Wali Kota Bidang Hukum, Politik dan Pemerintahan",
    "Staf Ahli Wali Kota Bidang Ekonomi, Keuangan dan Pembangunan",
    "Staf Ahli Wali Kota Bidang Kemasyarakatan dan Sumber Daya Manusia",
];

const BAGIAN_SETWAN: &[&str] = &[
    "Bagian Umum dan Keuangan",
    "Bagian Persidangan dan Perundang-undangan",
    "Bagian Fasilitasi Penganggaran dan Pengawasan",
];

/// Number of public primary and junior secondary schools in the demo.
const JUMLAH_SD: u32 = 40;
const JUMLAH_SMP: u32 = 10;

struct Pembangun {
    units: Vec<Unit>,
    paths: Vec<Vec<String>>,
    pos: Vec<Pos>,
}

impl Pembangun {
    fn unit(
        &mut self,
        nama: String,
        jenis: JenisUnit,
        induk: Option<usize>,
        kode: Option<&str>,
    ) -> usize {
        let mut path = match induk {
            Some(i) => self.paths[i].clone(),
            None => Vec::new(),
        };
        path.push(nama.clone());
        self.units.push(Unit {
            nama,
            jenis: jenis.kode(),
            induk: induk.map(|i| self.units[i].nama.clone()),
            kode_wilayah: kode.map(str::to_string),
        });
        self.paths.push(path);
        self.units.len() - 1
    }

    #[allow(clippy::too_many_arguments)]
    fn pos(
        &mut self,
        jabatan: String,
        eselon: Option<Eselon>,
        unit: usize,
        atasan: Option<usize>,
        tingkat: Tingkat,
        profil: Profil,
        bobot_staf: u32,
    ) -> usize {
        let jenis_jabatan = match tingkat {
            Tingkat::Pj | Tingkat::Sekda | Tingkat::Jpt => JenisJabatan::JptPratama,
            Tingkat::Administrator => JenisJabatan::Administrator,
            Tingkat::Pengawas => JenisJabatan::Pengawas,
            Tingkat::KepalaSekolah => JenisJabatan::Fungsional,
        };
        self.pos.push(Pos {
            jabatan,
            jenis_jabatan,
            eselon,
            unit,
            atasan,
            tingkat,
            profil,
            bobot_staf,
        });
        self.pos.len() - 1
    }
}

/// Builds the whole organisation of Kota Pangkalpinang.
pub(crate) fn bangun() -> Struktur {
    let mut s = Pembangun {
        units: Vec::new(),
        paths: Vec::new(),
        pos: Vec::new(),
    };

    // Sekretariat Daerah: the Pj (recorded as a PNS holding a JPT), the Sekda, asisten,
    // staf ahli and the bagian.
    let setda = s.unit("Sekretariat Daerah".into(), JenisUnit::Setda, None, None);
    let pj = s.pos(
        "Penjabat Wali Kota Pangkalpinang".into(),
        None,
        setda,
        None,
        Tingkat::Pj,
        P::Umum,
        0,
    );
    let sekda = s.pos(
        "Sekretaris Daerah".into(),
        Some(Eselon::IIA),
        setda,
        Some(pj),
        Tingkat::Sekda,
        P::Umum,
        0,
    );
    let asisten: Vec<usize> = ASISTEN
        .iter()
        .map(|a| {
            s.pos(
                (*a).into(),
                Some(Eselon::IIB),
                setda,
                Some(sekda),
                Tingkat::Jpt,
                P::Umum,
                0,
            )
        })
        .collect();
    for sa in STAF_AHLI {
        s.pos(
            (*sa).into(),
            Some(Eselon::IIB),
            setda,
            Some(pj),
            Tingkat::Jpt,
            P::Umum,
            0,
        );
    }
    for (nama, asst, subbag) in BAGIAN_SETDA {
        let u = s.unit((*nama).into(), JenisUnit::Bagian, Some(setda), None);
        let profil = if nama.contains("Hukum") {
            P::Hukum
        } else {
            P::Umum
        };
        let kabag = s.pos(
            format!("Kepala {nama}"),
            Some(Eselon::IIIA),
            u,
            Some(asisten[*asst]),
            Tingkat::Administrator,
            profil,
            0,
        );
        for sb in *subbag {
            s.pos(
                format!("Kepala {sb}"),
                Some(Eselon::IVA),
                u,
                Some(kabag),
                Tingkat::Pengawas,
                profil,
                5,
            );
        }
    }

    // Sekretariat DPRD.
    let setwan = s.unit(
        "Sekretariat DPRD".into(),
        JenisUnit::Sekretariat,
        None,
        None,
    );
    let sekwan = s.pos(
        "Sekretaris DPRD".into(),
        Some(Eselon::IIB),
        setwan,
        Some(sekda),
        Tingkat::Jpt,
        P::Umum,
        0,
    );
    for nama in BAGIAN_SETWAN {
        let u = s.unit((*nama).into(), JenisUnit::Bagian, Some(setwan), None);
        let kabag = s.pos(
            format!("Kepala {nama}"),
            Some(Eselon::IIIA),
            u,
            Some(sekwan),
            Tingkat::Administrator,
            P::Umum,
            0,
        );
        for sb in ["Subbagian Tata Usaha", "Subbagian Pelaksanaan"] {
            s.pos(
                format!("Kepala {sb}"),
                Some(Eselon::IVA),
                u,
                Some(kabag),
                Tingkat::Pengawas,
                P::Umum,
                8,
            );
        }
    }

    // Inspektorat.
    let insp = s.unit(
        "Inspektorat Daerah".into(),
        JenisUnit::Inspektorat,
        None,
        None,
    );
    let inspektur = s.pos(
        "Inspektur".into(),
        Some(Eselon::IIB),
        insp,
        Some(sekda),
        Tingkat::Jpt,
        P::Inspektorat,
        0,
    );
    sekretariat(
        &mut s,
        insp,
        "Sekretaris Inspektorat Daerah".into(),
        inspektur,
    );
    for w in ["I", "II", "III", "IV"] {
        let u = s.unit(
            format!("Inspektur Pembantu Wilayah {w}"),
            JenisUnit::Bidang,
            Some(insp),
            None,
        );
        s.pos(
            format!("Inspektur Pembantu Wilayah {w}"),
            Some(Eselon::IIIA),
            u,
            Some(inspektur),
            Tingkat::Administrator,
            P::Inspektorat,
            9,
        );
    }

    // Dinas, badan, Satpol PP and the RSUD.
    for opd in OPD {
        let u = s.unit(opd.nama.into(), opd.jenis, None, None);
        let kepala_jabatan = opd
            .kepala
            .map(str::to_string)
            .unwrap_or_else(|| format!("Kepala {}", opd.nama));
        let kepala = s.pos(
            kepala_jabatan,
            Some(Eselon::IIB),
            u,
            Some(sekda),
            Tingkat::Jpt,
            opd.profil,
            0,
        );
        let rsud = opd.jenis == JenisUnit::Rsud;
        if !rsud {
            sekretariat(&mut s, u, format!("Sekretaris {}", opd.nama), kepala);
        }
        let mut kabid_sekolah = [None, None];
        for bd in opd.bidang {
            let unit_jenis = if bd.nama.starts_with("Bagian") {
                JenisUnit::Bagian
            } else {
                JenisUnit::Bidang
            };
            let sub = s.unit(bd.nama.into(), unit_jenis, Some(u), None);
            let profil = bd.profil.unwrap_or(opd.profil);
            let bobot_kabid = if bd.seksi.is_empty() { bd.bobot } else { 0 };
            let kabid = s.pos(
                format!("Kepala {}", bd.nama),
                Some(Eselon::IIIB),
                sub,
                Some(kepala),
                Tingkat::Administrator,
                profil,
                bobot_kabid,
            );
            if bd.nama.ends_with("Sekolah Dasar") {
                kabid_sekolah[0] = Some(kabid);
            } else if bd.nama.ends_with("Sekolah Menengah Pertama") {
                kabid_sekolah[1] = Some(kabid);
            }
            for seksi in bd.seksi {
                s.pos(
                    format!("Kepala {seksi}"),
                    Some(Eselon::IVA),
                    sub,
                    Some(kabid),
                    Tingkat::Pengawas,
                    profil,
                    bd.bobot,
                );
            }
        }
        for up in opd.upt {
            let sub = s.unit(up.nama.into(), JenisUnit::Upt, Some(u), None);
            s.pos(
                format!("Kepala {}", up.nama),
                Some(Eselon::IVA),
                sub,
                Some(kepala),
                Tingkat::Pengawas,
                up.profil,
                up.bobot,
            );
        }
        if opd.profil == P::Pendidikan {
            for (jenjang, jumlah, bobot, kabid) in [
                ("SD", JUMLAH_SD, 21, kabid_sekolah[0]),
                ("SMP", JUMLAH_SMP, 44, kabid_sekolah[1]),
            ] {
                for i in 1..=jumlah {
                    let nama = format!("{jenjang} Negeri {i} Pangkalpinang");
                    let sub = s.unit(nama.clone(), JenisUnit::Upt, Some(u), None);
                    s.pos(
                        format!("Kepala {nama}"),
                        None,
                        sub,
                        Some(kabid.unwrap_or(kepala)),
                        Tingkat::KepalaSekolah,
                        P::Sekolah,
                        bobot,
                    );
                }
            }
        }
    }

    // Kecamatan and kelurahan.
    for (kec, kode, kelurahan) in KECAMATAN {
        let u = s.unit(
            format!("Kecamatan {kec}"),
            JenisUnit::Kecamatan,
            None,
            Some(kode),
        );
        let camat = s.pos(
            format!("Camat {kec}"),
            Some(Eselon::IIIA),
            u,
            Some(sekda),
            Tingkat::Administrator,
            P::Kewilayahan,
            0,
        );
        let sekcam = s.pos(
            format!("Sekretaris Kecamatan {kec}"),
            Some(Eselon::IIIB),
            u,
            Some(camat),
            Tingkat::Administrator,
            P::Kewilayahan,
            0,
        );
        s.pos(
            "Kepala Subbagian Umum dan Kepegawaian".into(),
            Some(Eselon::IVA),
            u,
            Some(sekcam),
            Tingkat::Pengawas,
            P::Kewilayahan,
            4,
        );
        for kasi in [
            "Kepala Seksi Pemerintahan",
            "Kepala Seksi Ketenteraman dan Ketertiban Umum",
            "Kepala Seksi Pemberdayaan Masyarakat dan Kelurahan",
        ] {
            s.pos(
                kasi.into(),
                Some(Eselon::IVA),
                u,
                Some(camat),
                Tingkat::Pengawas,
                P::Kewilayahan,
                4,
            );
        }
        for kel in *kelurahan {
            let sub = s.unit(
                format!("Kelurahan {kel}"),
                JenisUnit::Kelurahan,
                Some(u),
                None,
            );
            let lurah = s.pos(
                format!("Lurah {kel}"),
                Some(Eselon::IVA),
                sub,
                Some(camat),
                Tingkat::Pengawas,
                P::Kewilayahan,
                0,
            );
            s.pos(
                format!("Sekretaris Kelurahan {kel}"),
                Some(Eselon::IVB),
                sub,
                Some(lurah),
                Tingkat::Pengawas,
                P::Kewilayahan,
                7,
            );
        }
    }

    urutkan(s)
}

/// The sekretariat sub-unit of an OPD: a sekretaris and two kasubbag.
fn sekretariat(s: &mut Pembangun, opd: usize, jabatan: String, kepala: usize) {
    let u = s.unit(
        "Sekretariat".into(),
        JenisUnit::Sekretariat,
        Some(opd),
        None,
    );
    let sekretaris = s.pos(
        jabatan,
        Some(Eselon::IIIA),
        u,
        Some(kepala),
        Tingkat::Administrator,
        P::Umum,
        0,
    );
    for sb in [
        "Kepala Subbagian Umum dan Kepegawaian",
        "Kepala Subbagian Perencanaan dan Keuangan",
    ] {
        s.pos(
            sb.into(),
            Some(Eselon::IVA),
            u,
            Some(sekretaris),
            Tingkat::Pengawas,
            P::Umum,
            4,
        );
    }
}

/// Orders posts by depth in the chain of command (the Pj first), keeping the building order
/// within a level, so a prefix of the list never refers to a superior outside it.
fn urutkan(s: Pembangun) -> Struktur {
    let n = s.pos.len();
    let kedalaman: Vec<usize> = s
        .pos
        .iter()
        .map(|p| {
            let mut d = 0;
            let mut j = p.atasan;
            while let Some(a) = j {
                d += 1;
                j = s.pos[a].atasan;
            }
            d
        })
        .collect();
    let mut urutan: Vec<usize> = (0..n).collect();
    urutan.sort_by_key(|&i| kedalaman[i]);
    let mut baru = vec![0usize; n];
    for (posisi, &lama) in urutan.iter().enumerate() {
        baru[lama] = posisi;
    }
    let pos = urutan
        .iter()
        .map(|&lama| {
            let mut p = s.pos[lama].clone();
            p.atasan = p.atasan.map(|a| baru[a]);
            p
        })
        .collect();
    Struktur {
        units: s.units,
        paths: s.paths,
        pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn superiors_come_first() {
        let s = bangun();
        for (i, p) in s.pos.iter().enumerate() {
            match p.atasan {
                None => assert_eq!(i, 0, "only the Pj has no superior"),
                Some(a) => assert!(a < i, "{} before its superior", p.jabatan),
            }
        }
        assert_eq!(s.pos[0].tingkat, Tingkat::Pj);
        assert_eq!(s.pos[1].tingkat, Tingkat::Sekda);
    }

    #[test]
    fn about_forty_opd_and_seven_kecamatan_with_42_kelurahan() {
        let s = bangun();
        let opd = s.units.iter().filter(|u| u.induk.is_none()).count();
        assert!((38..=42).contains(&opd), "{opd} OPD");
        assert_eq!(s.units.iter().filter(|u| u.jenis == "KECAMATAN").count(), 7);
        assert_eq!(
            s.units.iter().filter(|u| u.jenis == "KELURAHAN").count(),
            42
        );
    }

    #[test]
    fn sub_unit_names_are_unique_within_their_opd() {
        let s = bangun();
        let mut seen = std::collections::HashSet::new();
        for p in &s.paths {
            assert!(seen.insert(p.clone()), "duplicate unit {p:?}");
            assert!(p.len() <= 2);
        }
    }

    #[test]
    fn every_staffed_post_is_a_real_leaf() {
        let s = bangun();
        let total: u32 = s.pos.iter().map(|p| p.bobot_staf).sum();
        assert!(total > 3500 && total < 6000, "{total}");
    }
}
