//! Jabatan held by staff (fungsional, pelaksana, non-ASN roles) per kind of work, with the
//! education they need and the academic titles that go with it.

use crate::struktur::Profil;

/// Highest education, deciding the starting golongan and the titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Pendidikan {
    Sma,
    D3,
    S1,
    S2,
    S3,
}

/// Titles that go with a field of study.
pub(crate) struct Gelar {
    /// Professional title written before the name with an S1 (`dr.`, `Ns.`, `apt.`).
    pub depan: &'static str,
    pub d3: &'static [&'static str],
    pub s1: &'static [&'static str],
    pub s2: &'static [&'static str],
}

pub(crate) const G_UMUM: Gelar = Gelar {
    depan: "",
    d3: &["A.Md.", "A.Md.", "A.Md.Kom.", "A.Md.Ak."],
    s1: &[
        "S.E.", "S.Sos.", "S.IP.", "S.AP.", "S.H.", "S.Kom.", "S.Ak.", "S.M.", "S.E.", "S.Sos.",
    ],
    s2: &["M.Si.", "M.M.", "M.AP.", "M.H.", "M.Si."],
};
pub(crate) const G_PEMERINTAHAN: Gelar = Gelar {
    depan: "",
    d3: &["A.Md."],
    s1: &["S.STP.", "S.IP.", "S.Sos.", "S.AP.", "S.STP."],
    s2: &["M.Si.", "M.AP.", "M.Tr.IP.", "M.M."],
};
pub(crate) const G_GURU: Gelar = Gelar {
    depan: "",
    d3: &["A.Ma.Pd."],
    s1: &[
        "S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.", "S.Pd.I.", "S.Pd.SD.", "S.Si.", "S.Ag.",
    ],
    s2: &["M.Pd.", "M.Pd.", "M.Pd.I."],
};
pub(crate) const G_DOKTER: Gelar = Gelar {
    depan: "dr.",
    d3: &[],
    s1: &[],
    s2: &[
        "M.Kes.", "Sp.PD", "Sp.A", "Sp.OG", "Sp.B", "M.K.M.", "Sp.An",
    ],
};
pub(crate) const G_DRG: Gelar = Gelar {
    depan: "drg.",
    d3: &[],
    s1: &[],
    s2: &["M.Kes.", "Sp.KG"],
};
pub(crate) const G_APOTEKER: Gelar = Gelar {
    depan: "apt.",
    d3: &["A.Md.Farm."],
    s1: &["S.Farm."],
    s2: &["M.Farm."],
};
pub(crate) const G_PERAWAT: Gelar = Gelar {
    depan: "Ns.",
    d3: &["A.Md.Kep."],
    s1: &["S.Kep."],
    s2: &["M.Kep."],
};
pub(crate) const G_BIDAN: Gelar = Gelar {
    depan: "",
    d3: &["A.Md.Keb."],
    s1: &["S.Tr.Keb.", "S.Keb."],
    s2: &["M.Keb."],
};
pub(crate) const G_KESMAS: Gelar = Gelar {
    depan: "",
    d3: &["A.Md.Kes.", "A.Md.Gz.", "A.Md.KL.", "A.Md.Kes."],
    s1: &["S.K.M.", "S.K.M.", "S.Gz.", "S.Tr.Kes."],
    s2: &["M.Kes.", "M.K.M."],
};
pub(crate) const G_LAB: Gelar = Gelar {
    depan: "",
    d3: &["A.Md.AK."],
    s1: &["S.Tr.AK.", "S.Si."],
    s2: &["M.Si."],
};
pub(crate) const G_TEKNIK: Gelar = Gelar {
    depan: "",
    d3: &["A.Md.T."],
    s1: &["S.T.", "S.T.", "S.T.", "S.Ars.", "S.PWK."],
    s2: &["M.T.", "M.T.", "M.Eng."],
};
pub(crate) const G_KOMPUTER: Gelar = Gelar {
    depan: "",
    d3: &["A.Md.Kom.", "A.Md.T."],
    s1: &["S.Kom.", "S.Kom.", "S.T.", "S.Si."],
    s2: &["M.Kom.", "M.T.I."],
};
pub(crate) const G_EKONOMI: Gelar = Gelar {
    depan: "",
    d3: &["A.Md.Ak.", "A.Md."],
    s1: &["S.E.", "S.E.", "S.Ak.", "S.M."],
    s2: &["M.Ak.", "M.M.", "M.Si."],
};
pub(crate) const G_HUKUM: Gelar = Gelar {
    depan: "",
    d3: &["A.Md."],
    s1: &["S.H."],
    s2: &["M.H.", "M.H.", "M.Kn."],
};
pub(crate) const G_PERTANIAN: Gelar = Gelar {
    depan: "",
    d3: &["A.Md.P.", "A.Md.Pi."],
    s1: &["S.P.", "S.Pt.", "S.Pi.", "S.TP."],
    s2: &["M.Si.", "M.P."],
};
pub(crate) const G_DRH: Gelar = Gelar {
    depan: "drh.",
    d3: &[],
    s1: &[],
    s2: &["M.Si."],
};
pub(crate) const G_SOSIAL: Gelar = Gelar {
    depan: "",
    d3: &["A.Md."],
    s1: &["S.Sos.", "S.Tr.Sos.", "S.Psi."],
    s2: &["M.Si.", "M.Psi."],
};
pub(crate) const G_PUSTAKA: Gelar = Gelar {
    depan: "",
    d3: &["A.Md."],
    s1: &["S.IP.", "S.Hum.", "S.I.Pust."],
    s2: &["M.Hum.", "M.IP."],
};
pub(crate) const G_STATISTIK: Gelar = Gelar {
    depan: "",
    d3: &["A.Md.Stat."],
    s1: &["S.Si.", "S.Stat.", "S.Tr.Stat."],
    s2: &["M.Si.", "M.Stat."],
};

/// Career ladder of a jabatan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Jalur {
    /// Fungsional keahlian (Ahli Pertama/Muda/Madya), S1 and up.
    Ahli,
    /// Fungsional keterampilan (Terampil/Mahir/Penyelia), D3.
    Terampil,
    /// Fungsional keterampilan that starts at Pemula with a high-school diploma.
    Pemula,
    /// Pelaksana: the name follows the education.
    Pelaksana,
}

/// One kind of job with its relative frequency.
pub(crate) struct Peran {
    pub nama: &'static str,
    pub jalur: Jalur,
    pub gelar: &'static Gelar,
    pub bobot: u32,
}

const fn r(nama: &'static str, jalur: Jalur, gelar: &'static Gelar, bobot: u32) -> Peran {
    Peran {
        nama,
        jalur,
        gelar,
        bobot,
    }
}

use Jalur::{Ahli, Pelaksana, Pemula, Terampil};

const fn pelaksana(gelar: &'static Gelar, bobot: u32) -> Peran {
    r("", Pelaksana, gelar, bobot)
}

/// ASN jobs per profile.
pub(crate) fn peran_asn(p: Profil) -> &'static [Peran] {
    match p {
        Profil::Umum => {
            const L: &[Peran] = &[
                r("Analis Kebijakan", Ahli, &G_UMUM, 10),
                r("Perencana", Ahli, &G_EKONOMI, 4),
                r("Analis Keuangan Pusat dan Daerah", Ahli, &G_EKONOMI, 5),
                r("Arsiparis", Terampil, &G_UMUM, 3),
                r("Pranata Komputer", Terampil, &G_KOMPUTER, 3),
                r("Analis Sumber Daya Manusia Aparatur", Ahli, &G_UMUM, 3),
                r("Pranata Hubungan Masyarakat", Ahli, &G_UMUM, 2),
                r("Pengelola Pengadaan Barang/Jasa", Ahli, &G_UMUM, 2),
                pelaksana(&G_UMUM, 60),
            ];
            L
        }
        Profil::Pendidikan => {
            const L: &[Peran] = &[
                r("Pengawas Sekolah", Ahli, &G_GURU, 8),
                r("Penilik", Ahli, &G_GURU, 4),
                r("Pamong Belajar", Ahli, &G_GURU, 3),
                r("Analis Kebijakan", Ahli, &G_UMUM, 5),
                pelaksana(&G_UMUM, 50),
            ];
            L
        }
        Profil::Sekolah => {
            const L: &[Peran] = &[
                r("Guru", Ahli, &G_GURU, 90),
                r("Pustakawan", Terampil, &G_PUSTAKA, 2),
                pelaksana(&G_UMUM, 12),
            ];
            L
        }
        Profil::Puskesmas => {
            const L: &[Peran] = &[
                r("Dokter", Ahli, &G_DOKTER, 8),
                r("Dokter Gigi", Ahli, &G_DRG, 3),
                r("Perawat", Terampil, &G_PERAWAT, 22),
                r("Perawat", Ahli, &G_PERAWAT, 8),
                r("Bidan", Terampil, &G_BIDAN, 18),
                r("Bidan", Ahli, &G_BIDAN, 4),
                r("Apoteker", Ahli, &G_APOTEKER, 3),
                r("Asisten Apoteker", Terampil, &G_APOTEKER, 4),
                r("Pranata Laboratorium Kesehatan", Terampil, &G_LAB, 4),
                r("Nutrisionis", Terampil, &G_KESMAS, 3),
                r("Sanitarian", Terampil, &G_KESMAS, 3),
                r("Penyuluh Kesehatan Masyarakat", Ahli, &G_KESMAS, 3),
                r("Perekam Medis", Terampil, &G_KESMAS, 3),
                pelaksana(&G_UMUM, 12),
            ];
            L
        }
        Profil::Kesehatan => {
            const L: &[Peran] = &[
                r("Administrator Kesehatan", Ahli, &G_KESMAS, 10),
                r("Epidemiolog Kesehatan", Ahli, &G_KESMAS, 5),
                r("Penyuluh Kesehatan Masyarakat", Ahli, &G_KESMAS, 4),
                r("Pranata Laboratorium Kesehatan", Terampil, &G_LAB, 5),
                r("Apoteker", Ahli, &G_APOTEKER, 3),
                r("Asisten Apoteker", Terampil, &G_APOTEKER, 3),
                pelaksana(&G_UMUM, 30),
            ];
            L
        }
        Profil::RumahSakit => {
            const L: &[Peran] = &[
                r("Dokter", Ahli, &G_DOKTER, 10),
                r("Dokter Gigi", Ahli, &G_DRG, 1),
                r("Perawat", Terampil, &G_PERAWAT, 35),
                r("Perawat", Ahli, &G_PERAWAT, 15),
                r("Bidan", Terampil, &G_BIDAN, 8),
                r("Apoteker", Ahli, &G_APOTEKER, 3),
                r("Asisten Apoteker", Terampil, &G_APOTEKER, 4),
                r("Pranata Laboratorium Kesehatan", Terampil, &G_LAB, 4),
                r("Radiografer", Terampil, &G_KESMAS, 2),
                r("Nutrisionis", Terampil, &G_KESMAS, 2),
                r("Perekam Medis", Terampil, &G_KESMAS, 4),
                r("Fisioterapis", Terampil, &G_KESMAS, 2),
                pelaksana(&G_UMUM, 15),
            ];
            L
        }
        Profil::Satpol => {
            const L: &[Peran] = &[
                r("Polisi Pamong Praja", Pemula, &G_HUKUM, 60),
                r("Polisi Pamong Praja", Ahli, &G_HUKUM, 8),
                pelaksana(&G_UMUM, 20),
            ];
            L
        }
        Profil::Damkar => {
            const L: &[Peran] = &[
                r("Pemadam Kebakaran", Pemula, &G_UMUM, 55),
                r("Analis Kebakaran", Ahli, &G_TEKNIK, 5),
                pelaksana(&G_UMUM, 20),
            ];
            L
        }
        Profil::Lingkungan => {
            const L: &[Peran] = &[
                r("Pengendali Dampak Lingkungan", Ahli, &G_TEKNIK, 6),
                r("Pengawas Lingkungan Hidup", Ahli, &G_TEKNIK, 3),
                pelaksana(&G_UMUM, 40),
            ];
            L
        }
        Profil::Perhubungan => {
            const L: &[Peran] = &[
                r("Penguji Kendaraan Bermotor", Terampil, &G_TEKNIK, 10),
                r("Penguji Kendaraan Bermotor", Ahli, &G_TEKNIK, 3),
                pelaksana(&G_UMUM, 50),
            ];
            L
        }
        Profil::Inspektorat => {
            const L: &[Peran] = &[
                r("Auditor", Ahli, &G_EKONOMI, 50),
                r("Auditor", Terampil, &G_EKONOMI, 10),
                r(
                    "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah",
                    Ahli,
                    &G_PEMERINTAHAN,
                    25,
                ),
                pelaksana(&G_UMUM, 15),
            ];
            L
        }
        Profil::Kominfo => {
            const L: &[Peran] = &[
                r("Pranata Komputer", Ahli, &G_KOMPUTER, 20),
                r("Pranata Komputer", Terampil, &G_KOMPUTER, 8),
                r("Pranata Hubungan Masyarakat", Ahli, &G_UMUM, 10),
                r("Statistisi", Ahli, &G_STATISTIK, 5),
                r("Sandiman", Terampil, &G_KOMPUTER, 4),
                pelaksana(&G_UMUM, 30),
            ];
            L
        }
        Profil::Dukcapil => {
            const L: &[Peran] = &[
                r("Administrator Database Kependudukan", Ahli, &G_KOMPUTER, 10),
                r("Pranata Komputer", Terampil, &G_KOMPUTER, 5),
                pelaksana(&G_UMUM, 60),
            ];
            L
        }
        Profil::Perencanaan => {
            const L: &[Peran] = &[
                r("Perencana", Ahli, &G_EKONOMI, 40),
                r("Peneliti", Ahli, &G_UMUM, 5),
                r("Analis Kebijakan", Ahli, &G_UMUM, 10),
                pelaksana(&G_UMUM, 30),
            ];
            L
        }
        Profil::Keuangan => {
            const L: &[Peran] = &[
                r("Analis Keuangan Pusat dan Daerah", Ahli, &G_EKONOMI, 20),
                r("Pranata Keuangan APBD", Terampil, &G_EKONOMI, 8),
                pelaksana(&G_EKONOMI, 60),
            ];
            L
        }
        Profil::Kepegawaian => {
            const L: &[Peran] = &[
                r("Analis Sumber Daya Manusia Aparatur", Ahli, &G_UMUM, 30),
                r(
                    "Pranata Sumber Daya Manusia Aparatur",
                    Terampil,
                    &G_UMUM,
                    15,
                ),
                r("Asesor Sumber Daya Manusia Aparatur", Ahli, &G_SOSIAL, 5),
                r("Widyaiswara", Ahli, &G_UMUM, 3),
                pelaksana(&G_UMUM, 30),
            ];
            L
        }
        Profil::Sosial => {
            const L: &[Peran] = &[
                r("Pekerja Sosial", Ahli, &G_SOSIAL, 15),
                r("Pekerja Sosial", Terampil, &G_SOSIAL, 5),
                r("Penyuluh Sosial", Ahli, &G_SOSIAL, 5),
                r("Penyuluh Keluarga Berencana", Ahli, &G_SOSIAL, 8),
                pelaksana(&G_UMUM, 40),
            ];
            L
        }
        Profil::Pertanian => {
            const L: &[Peran] = &[
                r("Penyuluh Pertanian", Ahli, &G_PERTANIAN, 15),
                r("Penyuluh Pertanian", Terampil, &G_PERTANIAN, 8),
                r("Medik Veteriner", Ahli, &G_DRH, 3),
                r("Paramedik Veteriner", Terampil, &G_PERTANIAN, 4),
                r("Pengawas Mutu Hasil Pertanian", Ahli, &G_PERTANIAN, 3),
                r("Pengawas Perikanan", Ahli, &G_PERTANIAN, 4),
                r("Analis Ketahanan Pangan", Ahli, &G_PERTANIAN, 4),
                pelaksana(&G_UMUM, 40),
            ];
            L
        }
        Profil::Perpustakaan => {
            const L: &[Peran] = &[
                r("Pustakawan", Ahli, &G_PUSTAKA, 20),
                r("Pustakawan", Terampil, &G_PUSTAKA, 10),
                r("Arsiparis", Ahli, &G_UMUM, 10),
                r("Arsiparis", Terampil, &G_UMUM, 8),
                pelaksana(&G_UMUM, 30),
            ];
            L
        }
        Profil::Teknik => {
            const L: &[Peran] = &[
                r("Teknik Jalan dan Jembatan", Ahli, &G_TEKNIK, 10),
                r("Teknik Pengairan", Ahli, &G_TEKNIK, 6),
                r("Penata Ruang", Ahli, &G_TEKNIK, 6),
                r("Teknik Tata Bangunan dan Perumahan", Ahli, &G_TEKNIK, 8),
                r("Pembina Jasa Konstruksi", Ahli, &G_TEKNIK, 4),
                r("Pengelola Pengadaan Barang/Jasa", Ahli, &G_UMUM, 2),
                pelaksana(&G_UMUM, 45),
            ];
            L
        }
        Profil::Hukum => {
            const L: &[Peran] = &[
                r("Perancang Peraturan Perundang-undangan", Ahli, &G_HUKUM, 20),
                r("Analis Hukum", Ahli, &G_HUKUM, 15),
                pelaksana(&G_HUKUM, 30),
            ];
            L
        }
        Profil::Kewilayahan => {
            const L: &[Peran] = &[
                r("Analis Kebijakan", Ahli, &G_PEMERINTAHAN, 5),
                pelaksana(&G_PEMERINTAHAN, 70),
            ];
            L
        }
    }
}

/// A non-ASN role: name, education weights (SMA, D3, S1), titles, frequency.
pub(crate) struct PeranNonAsn {
    pub nama: &'static str,
    pub pendidikan: [u32; 3],
    pub gelar: &'static Gelar,
    pub bobot: u32,
}

const fn n(
    nama: &'static str,
    pendidikan: [u32; 3],
    gelar: &'static Gelar,
    bobot: u32,
) -> PeranNonAsn {
    PeranNonAsn {
        nama,
        pendidikan,
        gelar,
        bobot,
    }
}

const SMA: [u32; 3] = [1, 0, 0];
const CAMPUR: [u32; 3] = [5, 2, 4];

/// Non-ASN (honorer, tenaga kontrak) roles per profile.
pub(crate) fn peran_non_asn(p: Profil) -> &'static [PeranNonAsn] {
    match p {
        Profil::Sekolah => {
            const L: &[PeranNonAsn] = &[
                n("Guru Honorer", [0, 0, 1], &G_GURU, 40),
                n("Tenaga Administrasi Sekolah", CAMPUR, &G_UMUM, 25),
                n("Penjaga Sekolah", SMA, &G_UMUM, 15),
                n("Operator Dapodik", [1, 2, 2], &G_KOMPUTER, 10),
            ];
            L
        }
        Profil::Puskesmas | Profil::Kesehatan | Profil::RumahSakit => {
            const L: &[PeranNonAsn] = &[
                n("Perawat Kontrak", [0, 3, 1], &G_PERAWAT, 20),
                n("Bidan Kontrak", [0, 1, 0], &G_BIDAN, 10),
                n("Tenaga Administrasi", CAMPUR, &G_UMUM, 15),
                n("Petugas Kebersihan", SMA, &G_UMUM, 15),
                n("Pengemudi Ambulans", SMA, &G_UMUM, 5),
                n("Petugas Keamanan", SMA, &G_UMUM, 8),
            ];
            L
        }
        Profil::Satpol => {
            const L: &[PeranNonAsn] = &[
                n("Tenaga Ketertiban Umum", SMA, &G_UMUM, 60),
                n("Petugas Perlindungan Masyarakat", SMA, &G_UMUM, 20),
                n("Tenaga Administrasi", CAMPUR, &G_UMUM, 10),
            ];
            L
        }
        Profil::Damkar => {
            const L: &[PeranNonAsn] = &[
                n("Petugas Pemadam Kebakaran", SMA, &G_UMUM, 70),
                n("Tenaga Administrasi", CAMPUR, &G_UMUM, 10),
            ];
            L
        }
        Profil::Lingkungan => {
            const L: &[PeranNonAsn] = &[
                n("Petugas Kebersihan", SMA, &G_UMUM, 50),
                n("Pengemudi Truk Sampah", SMA, &G_UMUM, 15),
                n("Petugas Pertamanan", SMA, &G_UMUM, 20),
                n("Tenaga Administrasi", CAMPUR, &G_UMUM, 10),
            ];
            L
        }
        Profil::Perhubungan => {
            const L: &[PeranNonAsn] = &[
                n("Petugas Parkir", SMA, &G_UMUM, 40),
                n("Petugas Lalu Lintas", SMA, &G_UMUM, 30),
                n("Tenaga Administrasi", CAMPUR, &G_UMUM, 10),
            ];
            L
        }
        Profil::Kewilayahan => {
            const L: &[PeranNonAsn] = &[
                n("Tenaga Administrasi Kelurahan", CAMPUR, &G_PEMERINTAHAN, 40),
                n("Petugas Kebersihan", SMA, &G_UMUM, 15),
                n("Operator Komputer", [1, 2, 2], &G_KOMPUTER, 15),
                n("Pramu Kantor", SMA, &G_UMUM, 10),
            ];
            L
        }
        _ => {
            const L: &[PeranNonAsn] = &[
                n("Tenaga Administrasi", CAMPUR, &G_UMUM, 40),
                n("Pramu Kantor", SMA, &G_UMUM, 15),
                n("Pengemudi", SMA, &G_UMUM, 12),
                n("Petugas Keamanan", SMA, &G_UMUM, 12),
                n("Petugas Kebersihan", SMA, &G_UMUM, 10),
                n("Operator Komputer", [1, 2, 2], &G_KOMPUTER, 12),
            ];
            L
        }
    }
}

/// The titles a structural official of a profile typically holds.
pub(crate) fn gelar_pejabat(p: Profil, dokter: bool) -> &'static Gelar {
    match p {
        Profil::Sekolah | Profil::Pendidikan => &G_GURU,
        Profil::Puskesmas | Profil::Kesehatan | Profil::RumahSakit => {
            if dokter {
                &G_DOKTER
            } else {
                &G_KESMAS
            }
        }
        Profil::Teknik | Profil::Lingkungan | Profil::Perhubungan | Profil::Damkar => &G_TEKNIK,
        Profil::Keuangan | Profil::Inspektorat | Profil::Perencanaan => &G_EKONOMI,
        Profil::Kominfo | Profil::Dukcapil => &G_KOMPUTER,
        Profil::Hukum | Profil::Satpol => &G_HUKUM,
        Profil::Kewilayahan => &G_PEMERINTAHAN,
        Profil::Pertanian => &G_PERTANIAN,
        Profil::Sosial => &G_SOSIAL,
        Profil::Perpustakaan => &G_PUSTAKA,
        Profil::Umum | Profil::Kepegawaian => &G_PEMERINTAHAN,
    }
}

/// Share of women among staff of a profile (before the global adjustment).
pub(crate) fn peluang_perempuan(p: Profil) -> f64 {
    match p {
        Profil::Sekolah => 0.62,
        Profil::Puskesmas => 0.66,
        Profil::RumahSakit => 0.62,
        Profil::Kesehatan => 0.55,
        Profil::Satpol => 0.12,
        Profil::Damkar => 0.05,
        Profil::Lingkungan => 0.18,
        Profil::Perhubungan => 0.12,
        _ => 0.40,
    }
}
