//! The employee generator: a deterministic iterator that first fills the structural posts
//! (Pj, Sekda, kepala OPD, …, in chain-of-command order) and then draws staff, each
//! reporting to one of the lowest structural posts of a unit.

use chrono::NaiveDate;
use netral_domain::pegawai::{Eselon, JenisJabatan, JenisPegawai};
use rand::Rng;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::identitas::{PetaCepat, Register};
use crate::nama::{self, pilih};
use crate::peran::{self, Gelar, Jalur, Pendidikan, Peran};
use crate::struktur::{self, Profil, Struktur, Tingkat};
use crate::{Orang, Spesifikasi, TAHUN_ACUAN};

/// Employment types in a fixed order, with their share of all employees in percent.
const JENIS: [(JenisPegawai, usize); 5] = [
    (JenisPegawai::Pns, 55),
    (JenisPegawai::Cpns, 3),
    (JenisPegawai::Pppk, 25),
    (JenisPegawai::PppkParuhWaktu, 5),
    (JenisPegawai::NonAsn, 12),
];
const PNS: usize = 0;
const CPNS: usize = 1;
// 2 is PPPK.
const PPPK_PW: usize = 3;
const NON_ASN: usize = 4;

/// How strongly each type gravitates to a kind of workplace (tenths), by
/// [`kategori`]: school, health office/puskesmas, hospital, field work, kecamatan and
/// kelurahan, inspectorate, other offices.
const AFINITAS: [[u64; 7]; 5] = [
    [10, 10, 10, 6, 10, 10, 10],
    [10, 10, 10, 5, 8, 10, 10],
    [18, 13, 10, 4, 5, 3, 5],
    [8, 8, 6, 12, 12, 2, 10],
    [3, 6, 12, 30, 12, 2, 10],
];

fn kategori(p: Profil) -> usize {
    match p {
        Profil::Sekolah => 0,
        Profil::Puskesmas | Profil::Kesehatan => 1,
        Profil::RumahSakit => 2,
        Profil::Satpol | Profil::Damkar | Profil::Lingkungan | Profil::Perhubungan => 3,
        Profil::Kewilayahan => 4,
        Profil::Inspektorat => 5,
        _ => 6,
    }
}

const GOLONGAN_PNS: [&str; 17] = [
    "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d",
    "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
];

/// Women are drawn with the profile's share times this factor, which brings the overall
/// share close to 40 %.
const FAKTOR_PEREMPUAN: f64 = 0.8;

const DOMAIN_EMAIL: &str = "@pangkalpinangkota.go.id";

/// Splits `n` by the type shares with the largest-remainder method (exact total).
pub(crate) fn kuota(n: usize) -> [usize; 5] {
    let mut k = [0usize; 5];
    let mut sisa: Vec<(usize, usize)> = Vec::with_capacity(5);
    for (i, (_, persen)) in JENIS.iter().enumerate() {
        k[i] = n * persen / 100;
        sisa.push((n * persen % 100, i));
    }
    let kurang = n - k.iter().sum::<usize>();
    sisa.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in sisa.iter().take(kurang) {
        k[i] += 1;
    }
    k
}

/// Streams the employees of a [`Spesifikasi`]; see [`crate::pembangkit`].
pub struct Pembangkit {
    rng: ChaCha8Rng,
    struktur: Struktur,
    jumlah: usize,
    dihasilkan: usize,
    register: Register,
    email: PetaCepat<u64, u32>,
    /// Identifier of whoever fills each structural post.
    id_pos: Vec<String>,
    /// Staff still to draw per type.
    sisa: [usize; 5],
    /// Posts that take staff, and per type the cumulative weights over them.
    pos_staf: Vec<usize>,
    kumulatif: [Vec<u64>; 5],
}

impl Pembangkit {
    pub(crate) fn baru(spec: &Spesifikasi) -> Self {
        let struktur = struktur::bangun();
        let jumlah_pos = struktur.pos.len().min(spec.jumlah);
        let mut sisa = kuota(spec.jumlah);
        sisa[PNS] = sisa[PNS].saturating_sub(jumlah_pos);
        let pos_staf: Vec<usize> = (0..struktur.pos.len())
            .filter(|&i| struktur.pos[i].bobot_staf > 0)
            .collect();
        let kumulatif = std::array::from_fn(|j| {
            let mut total = 0u64;
            pos_staf
                .iter()
                .map(|&i| {
                    let p = &struktur.pos[i];
                    total += u64::from(p.bobot_staf) * AFINITAS[j][kategori(p.profil)];
                    total
                })
                .collect()
        });
        Pembangkit {
            rng: ChaCha8Rng::seed_from_u64(spec.seed),
            id_pos: Vec::with_capacity(jumlah_pos),
            struktur,
            jumlah: spec.jumlah,
            dihasilkan: 0,
            register: Register::default(),
            email: PetaCepat::default(),
            sisa,
            pos_staf,
            kumulatif,
        }
    }

    /// The organisation the employees are placed in.
    pub(crate) fn struktur(&self) -> &Struktur {
        &self.struktur
    }

    fn pejabat(&mut self, i: usize) -> Orang {
        let pos = self.struktur.pos[i].clone();
        let rng = &mut self.rng;
        let (lahir_min, lahir_max, gol_min, gol_max, p_perempuan) = match pos.tingkat {
            Tingkat::Pj => (1968, 1976, 14, 15, 0.1),
            Tingkat::Sekda => (1967, 1975, 14, 15, 0.15),
            Tingkat::Jpt => (1967, 1980, 13, 15, 0.22),
            Tingkat::Administrator => (1968, 1986, 11, 13, 0.32),
            Tingkat::Pengawas => (1968, 1992, 10, 12, 0.42),
            Tingkat::KepalaSekolah => (1967, 1985, 11, 13, 0.58),
        };
        let pendidikan = match pos.tingkat {
            Tingkat::Pj | Tingkat::Sekda | Tingkat::Jpt => {
                if rng.gen_bool(0.15) {
                    Pendidikan::S3
                } else {
                    Pendidikan::S2
                }
            }
            Tingkat::Administrator | Tingkat::KepalaSekolah => {
                if rng.gen_bool(0.55) {
                    Pendidikan::S2
                } else {
                    Pendidikan::S1
                }
            }
            Tingkat::Pengawas => match rng.gen_range(0..20) {
                0 => Pendidikan::D3,
                1..=14 => Pendidikan::S1,
                _ => Pendidikan::S2,
            },
        };
        let perempuan = rng.gen_bool(p_perempuan);
        let dokter = matches!(
            pos.profil,
            Profil::RumahSakit | Profil::Kesehatan | Profil::Puskesmas
        ) && rng.gen_bool(0.6);
        let gelar = peran::gelar_pejabat(pos.profil, dokter);
        let profil_teknik = gelar.s1.first() == Some(&"S.T.");
        let unit_path = self.struktur.paths[pos.unit].clone();
        let atasan = pos.atasan.map(|a| self.id_pos[a].clone());
        let mut o = self.orang_pns(
            PNS,
            perempuan,
            pendidikan,
            (lahir_min, lahir_max),
            Some((gol_min, gol_max)),
            gelar,
            profil_teknik,
            0.9,
        );
        o.jabatan = pos.jabatan;
        o.jenis_jabatan = Some(pos.jenis_jabatan.kode());
        o.eselon = pos.eselon.map(Eselon::kode);
        o.unit_path = unit_path;
        o.atasan = atasan;
        o
    }

    fn staf(&mut self) -> Orang {
        // Type: drawn without replacement from what is left of each quota.
        let total: usize = self.sisa.iter().sum();
        let mut r = self.rng.gen_range(0..total.max(1));
        let mut jenis = NON_ASN;
        for (j, &s) in self.sisa.iter().enumerate() {
            if r < s {
                jenis = j;
                break;
            }
            r -= s;
        }
        self.sisa[jenis] = self.sisa[jenis].saturating_sub(1);

        // Workplace: a post that takes staff, weighted for the type.
        let kum = &self.kumulatif[jenis];
        let x = self
            .rng
            .gen_range(0..kum.last().copied().unwrap_or(1).max(1));
        let k = kum
            .partition_point(|&c| c <= x)
            .min(self.pos_staf.len() - 1);
        let pi = self.pos_staf[k];
        let profil = self.struktur.pos[pi].profil;
        let unit_path = self.struktur.paths[self.struktur.pos[pi].unit].clone();
        let atasan = Some(self.id_pos[pi].clone());

        let perempuan = self
            .rng
            .gen_bool(peran::peluang_perempuan(profil) * FAKTOR_PEREMPUAN);
        let mut o = if jenis == NON_ASN {
            self.orang_non_asn(profil, perempuan)
        } else {
            self.orang_asn(jenis, profil, perempuan)
        };
        o.unit_path = unit_path;
        o.atasan = atasan;
        o
    }

    fn orang_asn(&mut self, jenis: usize, profil: Profil, perempuan: bool) -> Orang {
        let daftar = peran::peran_asn(profil);
        let mut peran = pilih_bobot(&mut self.rng, daftar, |p| p.bobot);
        // Many PPPK paruh waktu are former honorer in general duties.
        if jenis == PPPK_PW
            && peran.jalur == Jalur::Ahli
            && profil != Profil::Sekolah
            && self.rng.gen_bool(0.5)
        {
            peran = daftar.last().unwrap_or(peran);
        }
        let pendidikan = pendidikan_untuk(&mut self.rng, peran);
        let dokter = peran.gelar.depan == "dr." || peran.gelar.depan == "drg.";
        let perempuan = perempuan || peran.nama == "Bidan";
        // Without a fungsional keahlian a career ends at III/d.
        let batas_gol = (peran.jalur != Jalur::Ahli).then_some((0, 11));
        let mut o = match jenis {
            PNS | CPNS => {
                let lahir = if jenis == PNS {
                    (1967, 2001)
                } else {
                    (1989, 2002)
                };
                self.orang_pns(
                    jenis,
                    perempuan,
                    pendidikan,
                    lahir,
                    batas_gol,
                    peran.gelar,
                    false,
                    0.5,
                )
            }
            _ => self.orang_pppk(jenis, perempuan, pendidikan, peran.gelar),
        };
        o.jabatan = nama_jabatan(peran, pendidikan, o.golongan.unwrap_or(""), dokter);
        o.jenis_jabatan = Some(if peran.jalur == Jalur::Pelaksana {
            JenisJabatan::Pelaksana.kode()
        } else {
            JenisJabatan::Fungsional.kode()
        });
        o
    }

    /// A PNS or CPNS with a NIP, a golongan that follows their years of service, and titles.
    #[allow(clippy::too_many_arguments)]
    fn orang_pns(
        &mut self,
        jenis: usize,
        perempuan: bool,
        pendidikan: Pendidikan,
        (lahir_min, lahir_max): (i32, i32),
        batas_gol: Option<(usize, usize)>,
        gelar: &'static Gelar,
        teknik: bool,
        p_nik: f64,
    ) -> Orang {
        let (usia_min, usia_max) = match pendidikan {
            Pendidikan::Sma => (19, 30),
            Pendidikan::D3 => (22, 32),
            Pendidikan::S1 => (23, 35),
            Pendidikan::S2 | Pendidikan::S3 => (25, 35),
        };
        let akhir_pns = TAHUN_ACUAN - 2; // a PNS finished the CPNS year before the reference
        let (lahir, nip, tmt_tahun) = loop {
            let (lahir, tmt, tmt_min, tmt_max) = if jenis == CPNS {
                // CPNS formation 2024: TMT between January 2024 and June 2025.
                let tmt = self
                    .rng
                    .gen_range(TAHUN_ACUAN as u32 * 12 - 12..TAHUN_ACUAN as u32 * 12 + 6);
                let tahun = (tmt / 12) as i32;
                let lahir = tanggal_acak(
                    &mut self.rng,
                    lahir_min.max(tahun - 35),
                    lahir_max.min(tahun - usia_min),
                );
                (
                    lahir,
                    tmt,
                    TAHUN_ACUAN as u32 * 12 - 12,
                    TAHUN_ACUAN as u32 * 12 + 5,
                )
            } else {
                let lahir = tanggal_acak(
                    &mut self.rng,
                    lahir_min,
                    lahir_max.min(akhir_pns - usia_min),
                );
                let tahun_lahir = chrono::Datelike::year(&lahir);
                let tahun =
                    (tahun_lahir + self.rng.gen_range(usia_min..=usia_max)).clamp(1988, akhir_pns);
                let tmt = tahun as u32 * 12 + self.rng.gen_range(0..12);
                let tmt_min = (tahun_lahir + usia_min).clamp(1988, akhir_pns) as u32 * 12;
                (lahir, tmt, tmt_min.min(tmt), akhir_pns as u32 * 12 + 11)
            };
            if let Some((nip, t)) = self.register.nip(lahir, tmt, tmt_min, tmt_max, perempuan) {
                break (lahir, nip, (t / 12) as i32);
            }
        };
        let dasar = match pendidikan {
            Pendidikan::Sma => 4,
            Pendidikan::D3 => 6,
            Pendidikan::S1 if gelar.depan == "dr." || gelar.depan == "drg." => 9,
            Pendidikan::S1 => 8,
            Pendidikan::S2 | Pendidikan::S3 => 9,
        };
        let maks = match pendidikan {
            Pendidikan::Sma => 10,
            Pendidikan::D3 => 11,
            Pendidikan::S1 => 13,
            Pendidikan::S2 => 14,
            Pendidikan::S3 => 15,
        };
        let mut gol = dasar;
        if jenis == PNS {
            let naik = ((TAHUN_ACUAN - tmt_tahun) / 4) as usize;
            gol = (dasar + naik.saturating_sub(self.rng.gen_range(0..=1))).min(maks);
        }
        if let Some((min, max)) = batas_gol {
            gol = gol.clamp(min, max);
        }
        let mut o = self.orang_dasar(jenis, perempuan, lahir, p_nik);
        o.nip = Some(nip);
        o.golongan = Some(GOLONGAN_PNS[gol]);
        let tua = chrono::Datelike::year(&lahir) < 1982;
        let (depan, belakang) = susun_gelar(
            &mut self.rng,
            gelar,
            pendidikan,
            teknik && tua,
            tua,
            perempuan,
        );
        o.gelar_depan = depan;
        o.gelar_belakang = belakang;
        o
    }

    /// A PPPK (full or part time) with an NI PPPK and a Roman golongan.
    fn orang_pppk(
        &mut self,
        jenis: usize,
        perempuan: bool,
        pendidikan: Pendidikan,
        gelar: &'static Gelar,
    ) -> Orang {
        let usia_min = match pendidikan {
            Pendidikan::Sma => 19,
            Pendidikan::D3 => 21,
            _ => 23,
        };
        let (lahir, ni) = loop {
            let tahun: u32 = if jenis == PPPK_PW {
                TAHUN_ACUAN as u32
            } else {
                pilih_bobot(
                    &mut self.rng,
                    &[
                        (2019u32, 8),
                        (2020, 3),
                        (2021, 16),
                        (2022, 20),
                        (2023, 22),
                        (2024, 22),
                        (2025, 9),
                    ],
                    |t| t.1,
                )
                .0
                .min(TAHUN_ACUAN as u32)
            };
            let lahir = tanggal_acak(&mut self.rng, 1968, 2001.min(tahun as i32 - usia_min));
            let kontrak = if tahun <= 2021 && self.rng.gen_bool(0.6) {
                2
            } else {
                1
            };
            let (min, max) = if jenis == PPPK_PW {
                (tahun, tahun)
            } else {
                (2019, TAHUN_ACUAN as u32)
            };
            if let Some((ni, _)) = self
                .register
                .ni_pppk(lahir, tahun, min, max, kontrak, perempuan)
            {
                break (lahir, ni);
            }
        };
        let golongan = match pendidikan {
            Pendidikan::Sma => "V",
            Pendidikan::D3 => "VII",
            Pendidikan::S1 if gelar.depan == "dr." || gelar.depan == "drg." => "X",
            Pendidikan::S1 => "IX",
            Pendidikan::S2 => "X",
            Pendidikan::S3 => "XI",
        };
        let mut o = self.orang_dasar(jenis, perempuan, lahir, 0.5);
        o.ni_pppk = Some(ni);
        o.golongan = Some(golongan);
        let (depan, belakang) =
            susun_gelar(&mut self.rng, gelar, pendidikan, false, false, perempuan);
        o.gelar_depan = depan;
        o.gelar_belakang = belakang;
        o
    }

    fn orang_non_asn(&mut self, profil: Profil, perempuan: bool) -> Orang {
        let peran = pilih_bobot(&mut self.rng, peran::peran_non_asn(profil), |p| p.bobot);
        let perempuan = perempuan || peran.nama.starts_with("Bidan");
        let pendidikan = match pilih_indeks(&mut self.rng, &peran.pendidikan) {
            0 => Pendidikan::Sma,
            1 => Pendidikan::D3,
            _ => Pendidikan::S1,
        };
        let usia_min = match pendidikan {
            Pendidikan::Sma => 18,
            Pendidikan::D3 => 21,
            _ => 22,
        };
        let lahir = tanggal_acak(&mut self.rng, 1972, 2003.min(TAHUN_ACUAN - usia_min));
        let mut o = self.orang_dasar(NON_ASN, perempuan, lahir, 1.0);
        let (depan, belakang) = susun_gelar(
            &mut self.rng,
            peran.gelar,
            pendidikan,
            false,
            false,
            perempuan,
        );
        o.gelar_depan = depan;
        o.gelar_belakang = belakang;
        o.jabatan = peran.nama.to_string();
        o
    }

    /// Name, birth date and place, NIK (always for non-ASN, with chance `p_nik` otherwise),
    /// phone and email.
    fn orang_dasar(
        &mut self,
        jenis: usize,
        perempuan: bool,
        lahir: NaiveDate,
        p_nik: f64,
    ) -> Orang {
        let n = nama::nama(&mut self.rng, perempuan);
        let nik = if p_nik >= 1.0 || self.rng.gen_bool(p_nik) {
            let kec = self.rng.gen_range(1..=7u8);
            let mut nik = self.register.nik(lahir, kec, perempuan);
            // A birth date whose seven kecamatan are all full cannot happen below ~140
            // million people; the fallback only keeps the function total.
            let mut hari = lahir;
            while nik.is_none() {
                hari = hari.succ_opt().unwrap_or(hari);
                nik = self.register.nik(hari, kec, perempuan);
            }
            nik
        } else {
            None
        };
        let asn = jenis != NON_ASN;
        let no_hp = self
            .rng
            .gen_bool(if asn { 0.7 } else { 0.55 })
            .then(|| nama::no_hp(&mut self.rng));
        let email = if self.rng.gen_bool(if asn { 0.5 } else { 0.15 }) {
            Some(self.email_unik(&n.lokal_email))
        } else {
            None
        };
        Orang {
            jenis_pegawai: JENIS[jenis].0.kode(),
            nip: None,
            ni_pppk: None,
            nik,
            nama: n.nama,
            gelar_depan: None,
            gelar_belakang: None,
            tempat_lahir: n.tempat_lahir,
            tanggal_lahir: lahir,
            jenis_kelamin: if perempuan { "P" } else { "L" },
            golongan: None,
            jabatan: String::new(),
            jenis_jabatan: None,
            eselon: None,
            unit_path: Vec::new(),
            atasan: None,
            no_hp,
            email,
        }
    }

    fn email_unik(&mut self, lokal: &str) -> String {
        use std::hash::Hasher;
        let mut h = crate::identitas::HashCepat::default();
        h.write(lokal.as_bytes());
        let c = self.email.entry(h.finish()).or_insert(0);
        *c += 1;
        if *c == 1 {
            format!("{lokal}{DOMAIN_EMAIL}")
        } else {
            format!("{lokal}{c}{DOMAIN_EMAIL}")
        }
    }
}

impl Iterator for Pembangkit {
    type Item = Orang;

    fn next(&mut self) -> Option<Orang> {
        if self.dihasilkan >= self.jumlah {
            return None;
        }
        let i = self.dihasilkan;
        let o = if i < self.struktur.pos.len() {
            let o = self.pejabat(i);
            self.id_pos.push(o.identitas().to_string());
            o
        } else {
            self.staf()
        };
        self.dihasilkan += 1;
        Some(o)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.jumlah - self.dihasilkan;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Pembangkit {}

/// A uniformly random date between 1 January of `dari` and 31 December of `sampai`.
fn tanggal_acak<R: Rng>(rng: &mut R, dari: i32, sampai: i32) -> NaiveDate {
    let awal = NaiveDate::from_ymd_opt(dari, 1, 1).unwrap_or_default();
    let akhir = NaiveDate::from_ymd_opt(sampai.max(dari), 12, 31).unwrap_or_default();
    let hari = (akhir - awal).num_days();
    awal + chrono::Duration::days(rng.gen_range(0..=hari))
}

fn pilih_bobot<'a, R: Rng, T>(rng: &mut R, daftar: &'a [T], bobot: impl Fn(&T) -> u32) -> &'a T {
    let total: u32 = daftar.iter().map(&bobot).sum();
    let mut r = rng.gen_range(0..total.max(1));
    for x in daftar {
        let b = bobot(x);
        if r < b {
            return x;
        }
        r -= b;
    }
    &daftar[daftar.len() - 1]
}

fn pilih_indeks<R: Rng>(rng: &mut R, bobot: &[u32]) -> usize {
    let total: u32 = bobot.iter().sum();
    let mut r = rng.gen_range(0..total.max(1));
    for (i, &b) in bobot.iter().enumerate() {
        if r < b {
            return i;
        }
        r -= b;
    }
    bobot.len() - 1
}

fn pendidikan_untuk<R: Rng>(rng: &mut R, peran: &Peran) -> Pendidikan {
    match peran.jalur {
        Jalur::Ahli => {
            if rng.gen_bool(0.14) {
                Pendidikan::S2
            } else {
                Pendidikan::S1
            }
        }
        Jalur::Terampil => Pendidikan::D3,
        Jalur::Pemula => {
            if rng.gen_bool(0.7) {
                Pendidikan::Sma
            } else {
                Pendidikan::D3
            }
        }
        Jalur::Pelaksana => match rng.gen_range(0..100) {
            0..=29 => Pendidikan::Sma,
            30..=44 => Pendidikan::D3,
            45..=94 => Pendidikan::S1,
            _ => Pendidikan::S2,
        },
    }
}

/// Jabatan name: a fungsional with its jenjang from the golongan, or a pelaksana title
/// that follows the education.
fn nama_jabatan(peran: &Peran, pendidikan: Pendidikan, golongan: &str, dokter: bool) -> String {
    let idx = GOLONGAN_PNS.iter().position(|g| *g == golongan);
    match peran.jalur {
        Jalur::Pelaksana => match pendidikan {
            Pendidikan::Sma => "Pengadministrasi Perkantoran",
            Pendidikan::D3 => "Pengelola Layanan Operasional",
            _ => "Penata Layanan Operasional",
        }
        .to_string(),
        Jalur::Ahli => {
            let jenjang = match (idx, golongan) {
                (Some(i), _) if i <= 9 => "Ahli Pertama",
                (Some(i), _) if i <= 11 => "Ahli Muda",
                (Some(_), _) => "Ahli Madya",
                (None, "XI") => "Ahli Muda",
                (None, "X") if !dokter => "Ahli Muda",
                _ => "Ahli Pertama",
            };
            format!("{} {jenjang}", peran.nama)
        }
        Jalur::Terampil | Jalur::Pemula => {
            let jenjang = match (idx, golongan) {
                (Some(i), _) if i <= 4 => "Pemula",
                (Some(i), _) if i <= 7 => "Terampil",
                (Some(i), _) if i <= 9 => "Mahir",
                (Some(_), _) => "Penyelia",
                (None, "V") => "Pemula",
                _ => "Terampil",
            };
            format!("{} {jenjang}", peran.nama)
        }
    }
}

/// Titles for a person: professional title before the name (`dr.`, `Ns.`), degree(s) after
/// it; an old engineer may carry `Ir.`, an older Muslim official `H.`/`Hj.`.
fn susun_gelar<R: Rng>(
    rng: &mut R,
    g: &Gelar,
    pendidikan: Pendidikan,
    insinyur: bool,
    tua: bool,
    perempuan: bool,
) -> (Option<String>, Option<String>) {
    let mut depan: Vec<&str> = Vec::new();
    let mut belakang: Vec<&str> = Vec::new();
    if pendidikan == Pendidikan::S3 {
        depan.push("Dr.");
    }
    match pendidikan {
        Pendidikan::Sma => {}
        Pendidikan::D3 => {
            if !g.d3.is_empty() {
                belakang.push(pilih(rng, g.d3));
            }
        }
        _ => {
            if insinyur && rng.gen_bool(0.5) {
                depan.push("Ir.");
            } else if !g.s1.is_empty() {
                belakang.push(pilih(rng, g.s1));
            }
        }
    }
    if tua && rng.gen_bool(0.12) {
        depan.push(if perempuan { "Hj." } else { "H." });
    }
    if pendidikan >= Pendidikan::S1 && !g.depan.is_empty() {
        depan.push(g.depan);
    }
    if pendidikan >= Pendidikan::S2 && !g.s2.is_empty() {
        belakang.push(pilih(rng, g.s2));
    }
    let gabung = |v: Vec<&str>, sep: &str| (!v.is_empty()).then(|| v.join(sep));
    (gabung(depan, " "), gabung(belakang, ", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_adds_up() {
        for n in [0, 1, 7, 99, 100, 6000, 6001, 1_000_003] {
            let k = kuota(n);
            assert_eq!(k.iter().sum::<usize>(), n);
        }
        assert_eq!(kuota(6000), [3300, 180, 1500, 300, 720]);
    }

    #[test]
    fn titles_read_like_indonesian_documents() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let (d, b) = susun_gelar(
            &mut rng,
            &peran::G_DOKTER,
            Pendidikan::S1,
            false,
            false,
            false,
        );
        assert_eq!((d.as_deref(), b.as_deref()), (Some("dr."), None));
        let (d, b) = susun_gelar(
            &mut rng,
            &peran::G_PERAWAT,
            Pendidikan::D3,
            false,
            false,
            true,
        );
        assert_eq!((d.as_deref(), b.as_deref()), (None, Some("A.Md.Kep.")));
        let (d, b) = susun_gelar(
            &mut rng,
            &peran::G_PERAWAT,
            Pendidikan::S1,
            false,
            false,
            true,
        );
        assert_eq!((d.as_deref(), b.as_deref()), (Some("Ns."), Some("S.Kep.")));
        let (d, b) = susun_gelar(&mut rng, &peran::G_GURU, Pendidikan::S3, false, false, true);
        assert_eq!(d.as_deref(), Some("Dr."));
        assert!(b.unwrap_or_default().contains(", M.Pd"));
    }
}
