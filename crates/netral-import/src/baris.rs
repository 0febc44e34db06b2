//! Row validation: one file row → a [`DataPegawai`] or rejection, plus findings.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;

use chrono::{Datelike, NaiveDate};
use netral_domain::ident::{Golongan, IdentError, NiPppk, Nik, Nip};
use netral_domain::pegawai::{
    DataPegawai, Eselon, JenisJabatan, JenisKelamin, JenisPegawai, KodeTidakDikenal, StatusPegawai,
};
use netral_domain::teks::kunci;

use crate::kolom::{Kolom, Peta};
use crate::sel::{Sel, ident_dari_angka, serial_excel};
use crate::tanggal::parse_tanggal;
use crate::{BarisValid, HasilBaca, Masalah, Opsi, Tingkat, kontak};

/// Cell access for one row, whatever the file format.
pub(crate) trait Baris {
    /// The cell at column `i` (`Sel::Kosong` past the end of the row).
    fn sel(&self, i: usize) -> Sel<'_>;
    /// Whether every cell is empty (a blank row, skipped and not counted).
    fn kosong(&self) -> bool;
}

/// Caches parse results per distinct raw value: exports repeat `PNS`, `L`, `AKTIF`, `III/a`
/// thousands of times, and the domain parsers allocate.
struct Memo<T> {
    peta: HashMap<String, T>,
}

impl<T: Clone> Memo<T> {
    fn new() -> Self {
        Memo {
            peta: HashMap::new(),
        }
    }

    fn get(&mut self, k: &str, f: impl FnOnce(&str) -> T) -> T {
        if let Some(v) = self.peta.get(k) {
            return v.clone();
        }
        let v = f(k);
        if self.peta.len() < 4096 {
            self.peta.insert(k.to_string(), v.clone());
        }
        v
    }
}

/// Identifiers already taken by accepted rows: digits as a number → row.
#[derive(Default)]
struct Terpakai {
    nip: HashMap<u64, u32>,
    ni_pppk: HashMap<u64, u32>,
    nik: HashMap<u64, u32>,
}

fn kunci_angka(s: &str) -> u64 {
    s.parse().unwrap_or(u64::MAX)
}

/// Validates rows one by one and collects the result.
pub(crate) struct Pemroses {
    peta: Peta,
    tahun_acuan: i32,
    hasil: HasilBaca,
    terpakai: Terpakai,
    /// Findings of the current row.
    buf: Vec<Masalah>,
    baris: u32,
    galat: usize,
    memo_jenis: Memo<Result<JenisPegawai, KodeTidakDikenal>>,
    memo_cpns: Memo<Option<JenisPegawai>>,
    memo_status: Memo<Result<StatusPegawai, KodeTidakDikenal>>,
    memo_jk: Memo<Result<JenisKelamin, KodeTidakDikenal>>,
    memo_gol: Memo<Result<Golongan, IdentError>>,
    memo_eselon: Memo<Result<Option<Eselon>, KodeTidakDikenal>>,
    memo_jabatan: Memo<Result<Option<JenisJabatan>, KodeTidakDikenal>>,
}

/// Canonical column names used when the column is absent from the file.
const KOLOM_NIP: &str = "NIP";
const KOLOM_NI_PPPK: &str = "NI PPPK";
const KOLOM_NIK: &str = "NIK";

fn nama_kolom(k: Option<&Kolom>, cadangan: &str) -> String {
    k.map_or_else(|| cadangan.to_string(), |k| k.nama.clone())
}

/// Trims and folds whitespace, borrowing when the text is already tidy.
fn rapikan(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    let rapi = !t
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace())
        && !t.chars().any(|c| c.is_whitespace() && c != ' ');
    if rapi {
        Cow::Borrowed(t)
    } else {
        Cow::Owned(t.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// Letters and digits of ASCII text, upper-cased.
fn huruf_angka(s: &str) -> impl Iterator<Item = u8> + '_ {
    s.bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
}

/// `kunci(a) == kunci(b)`, without allocating for ASCII text.
fn sama_longgar(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        huruf_angka(a).eq(huruf_angka(b))
    } else {
        kunci(a) == kunci(b)
    }
}

fn jenis_cpns(v: &str) -> Option<JenisPegawai> {
    match kunci(v).as_str() {
        "P" | "PNS" => Some(JenisPegawai::Pns),
        "C" | "CPNS" => Some(JenisPegawai::Cpns),
        _ => None,
    }
}

fn eselon(v: &str) -> Result<Option<Eselon>, KodeTidakDikenal> {
    match kunci(v).as_str() {
        "NONESELON" | "NONES" | "0" | "TIDAKADA" | "TANPAESELON" => Ok(None),
        _ => Eselon::parse(v).map(Some),
    }
}

/// `JenisJabatan::parse` plus SIASN spellings: `Jabatan Fungsional Umum` → pelaksana,
/// `Jabatan Struktural` → unknown here (decided by the eselon later).
fn jenis_jabatan(v: &str) -> Result<Option<JenisJabatan>, KodeTidakDikenal> {
    if let Ok(j) = JenisJabatan::parse(v) {
        return Ok(Some(j));
    }
    let k = kunci(v);
    let tanpa = k.strip_prefix("JABATAN").unwrap_or(&k);
    match tanpa {
        "FUNGSIONALUMUM" | "JFU" => Ok(Some(JenisJabatan::Pelaksana)),
        "STRUKTURAL" => Ok(None),
        _ => JenisJabatan::parse(tanpa)
            .map(Some)
            .map_err(|_| KodeTidakDikenal {
                jenis: "jenis jabatan",
                nilai: v.trim().to_string(),
            }),
    }
}

fn daftar_kode<T: Copy + Into<&'static str>>(all: &[T]) -> String {
    all.iter()
        .map(|v| (*v).into())
        .collect::<Vec<&str>>()
        .join(", ")
}

impl Pemroses {
    pub(crate) fn new(peta: Peta, opsi: &Opsi) -> Self {
        Pemroses {
            peta,
            tahun_acuan: opsi.tahun_acuan,
            hasil: HasilBaca {
                total_baris: 0,
                valid: Vec::new(),
                masalah: Vec::new(),
            },
            terpakai: Terpakai::default(),
            buf: Vec::new(),
            baris: 0,
            galat: 0,
            memo_jenis: Memo::new(),
            memo_cpns: Memo::new(),
            memo_status: Memo::new(),
            memo_jk: Memo::new(),
            memo_gol: Memo::new(),
            memo_eselon: Memo::new(),
            memo_jabatan: Memo::new(),
        }
    }

    pub(crate) fn selesai(self) -> HasilBaca {
        self.hasil
    }

    fn catat(&mut self, tingkat: Tingkat, kolom: String, nilai: &str, alasan: String) {
        if tingkat == Tingkat::Galat {
            self.galat += 1;
        }
        self.buf.push(Masalah {
            baris: self.baris,
            kolom,
            nilai: nilai.to_string(),
            alasan,
            tingkat,
        });
    }

    fn galat(&mut self, kolom: String, nilai: &str, alasan: String) {
        self.catat(Tingkat::Galat, kolom, nilai, alasan);
    }

    fn peringatan(&mut self, kolom: String, nilai: &str, alasan: String) {
        self.catat(Tingkat::Peringatan, kolom, nilai, alasan);
    }

    /// Reads an identifier cell: empty → `None`; a number cell that lost precision or a
    /// malformed value → an error, `None`.
    fn ident<T>(
        &mut self,
        sel: Sel<'_>,
        kolom: Option<&Kolom>,
        label: &str,
        parse: fn(&str) -> Result<T, IdentError>,
    ) -> Option<T> {
        if sel.kosong() {
            return None;
        }
        let teks: Cow<'_, str> = match sel {
            Sel::Angka(f) => match ident_dari_angka(f) {
                Ok(t) => Cow::Owned(t),
                Err(t) => {
                    self.galat(
                        nama_kolom(kolom, label),
                        &t,
                        format!(
                            "{label} tersimpan sebagai angka di Excel sehingga digit terakhirnya \
                             hilang; format kolom {label} sebagai Teks lalu ekspor ulang"
                        ),
                    );
                    return None;
                }
            },
            other => other.teks(),
        };
        match parse(&teks) {
            Ok(v) => Some(v),
            Err(e) => {
                self.galat(nama_kolom(kolom, label), &teks, e.to_string());
                None
            }
        }
    }

    fn sel<'r, B: Baris>(row: &'r B, k: Option<&Kolom>) -> Sel<'r> {
        k.map_or(Sel::Kosong, |k| row.sel(k.idx))
    }

    /// Optional free text, whitespace-folded.
    fn teks_opsional<B: Baris>(row: &B, k: Option<&Kolom>) -> Option<String> {
        Self::sel(row, k)
            .isi()
            .map(|t| rapikan(&t).into_owned())
            .filter(|t| !t.is_empty())
    }

    /// Validates one row; `baris` is its spreadsheet row number.
    pub(crate) fn proses<B: Baris>(&mut self, baris: u32, row: &B) {
        if row.kosong() {
            return;
        }
        self.baris = baris;
        self.galat = 0;
        self.buf.clear();
        self.hasil.total_baris += 1;
        // The column map is moved out for the duration of the row so cells can be read while
        // `self` records findings.
        let peta = std::mem::take(&mut self.peta);
        let data = self.bangun(&peta, row);
        self.peta = peta;

        let peringatan = self
            .buf
            .iter()
            .filter(|m| m.tingkat == Tingkat::Peringatan)
            .count();
        if self.galat == 0
            && let Some(data) = data
        {
            let t = &mut self.terpakai;
            if let Some(n) = &data.nip {
                t.nip.insert(kunci_angka(n.as_str()), baris);
            }
            if let Some(n) = &data.ni_pppk {
                t.ni_pppk.insert(kunci_angka(n.as_str()), baris);
            }
            if let Some(n) = &data.nik {
                t.nik.insert(kunci_angka(n.as_str()), baris);
            }
            self.hasil.valid.push(BarisValid {
                baris,
                data,
                peringatan,
            });
        }
        self.hasil.masalah.append(&mut self.buf);
    }

    fn cek_ganda<K: Eq + Hash>(
        &mut self,
        peta: &HashMap<K, u32>,
        k: K,
        kolom: Option<&Kolom>,
        label: &str,
        nilai: &str,
    ) {
        if let Some(lain) = peta.get(&k) {
            let alasan = format!("{label} {nilai} sudah dipakai oleh baris {lain}");
            self.galat(nama_kolom(kolom, label), nilai, alasan);
        }
    }

    fn bangun<B: Baris>(&mut self, p: &Peta, row: &B) -> Option<DataPegawai> {
        // Name.
        let nama = Self::teks_opsional(row, p.nama.as_ref());
        if nama.is_none() {
            self.galat(
                nama_kolom(p.nama.as_ref(), "NAMA"),
                "",
                "nama wajib diisi".into(),
            );
        }

        // Unit path, top down, consecutive duplicates skipped.
        let mut unit_path: Vec<String> = Vec::with_capacity(p.unit.len());
        for k in &p.unit {
            if let Some(u) = Self::teks_opsional(row, Some(k))
                && unit_path
                    .last()
                    .is_none_or(|akhir| !sama_longgar(akhir, &u))
            {
                unit_path.push(u);
            }
        }
        if unit_path.is_empty() {
            self.galat(
                nama_kolom(p.unit.first(), "UNIT KERJA"),
                "",
                "unit kerja wajib diisi".into(),
            );
        }

        // Employment type: JENIS PEGAWAI, else STATUS CPNS PNS (P → PNS, C → CPNS).
        let jenis = self.jenis_pegawai(p, row);

        // Identifiers: every one present is validated.
        let sel_nip = Self::sel(row, p.nip.as_ref());
        let sel_ni = Self::sel(row, p.ni_pppk.as_ref());
        let pppk = matches!(
            jenis,
            Some(JenisPegawai::Pppk | JenisPegawai::PppkParuhWaktu)
        );
        // SIASN lists a PPPK's NI in the NIP column.
        let ni_di_kolom_nip = pppk && sel_ni.kosong() && !sel_nip.kosong() && {
            let t = sel_nip.teks();
            NiPppk::parse(&t).is_ok()
        };
        let (nip, ni_pppk) = if ni_di_kolom_nip {
            let ni = self.ident(sel_nip, p.nip.as_ref(), KOLOM_NI_PPPK, NiPppk::parse);
            (None, ni)
        } else {
            let nip = self.ident(sel_nip, p.nip.as_ref(), KOLOM_NIP, Nip::parse);
            let ni = self.ident(sel_ni, p.ni_pppk.as_ref(), KOLOM_NI_PPPK, NiPppk::parse);
            (nip, ni)
        };
        let sel_nik = Self::sel(row, p.nik.as_ref());
        let nik = self.ident(sel_nik, p.nik.as_ref(), KOLOM_NIK, Nik::parse);
        let kolom_ni = if ni_di_kolom_nip {
            p.nip.as_ref()
        } else {
            p.ni_pppk.as_ref()
        };

        // The identifier the employment type requires.
        if let Some(j) = jenis {
            let (ada, kosong, kolom, label) = match j {
                JenisPegawai::Pns | JenisPegawai::Cpns => {
                    (nip.is_some(), sel_nip.kosong(), p.nip.as_ref(), KOLOM_NIP)
                }
                JenisPegawai::Pppk | JenisPegawai::PppkParuhWaktu => (
                    ni_pppk.is_some(),
                    sel_ni.kosong() && !ni_di_kolom_nip,
                    kolom_ni,
                    KOLOM_NI_PPPK,
                ),
                JenisPegawai::NonAsn => {
                    (nik.is_some(), sel_nik.kosong(), p.nik.as_ref(), KOLOM_NIK)
                }
            };
            if !ada && kosong {
                self.galat(
                    nama_kolom(kolom, label),
                    "",
                    format!("{label} wajib diisi untuk pegawai {}", j.kode()),
                );
            }
        }

        // Duplicates within the file (only rows that were accepted count as "used").
        let terpakai = std::mem::take(&mut self.terpakai);
        if let Some(n) = &nip {
            self.cek_ganda(
                &terpakai.nip,
                kunci_angka(n.as_str()),
                p.nip.as_ref(),
                KOLOM_NIP,
                n.as_str(),
            );
        }
        if let Some(n) = &ni_pppk {
            self.cek_ganda(
                &terpakai.ni_pppk,
                kunci_angka(n.as_str()),
                kolom_ni,
                KOLOM_NI_PPPK,
                n.as_str(),
            );
        }
        // A NIK is personal data (UU 27/2022): reports show it masked once it is valid.
        let nik_samar = nik.as_ref().map(Nik::tersamar).unwrap_or_default();
        if let Some(n) = &nik {
            self.cek_ganda(
                &terpakai.nik,
                kunci_angka(n.as_str()),
                p.nik.as_ref(),
                KOLOM_NIK,
                &nik_samar,
            );
        }
        self.terpakai = terpakai;

        // Soft findings of the identifiers themselves.
        if let Some(n) = &nip {
            for w in n.peringatan() {
                self.peringatan(
                    nama_kolom(p.nip.as_ref(), KOLOM_NIP),
                    n.as_str(),
                    w.to_string(),
                );
            }
        }
        if let Some(n) = &ni_pppk {
            for w in n.peringatan() {
                self.peringatan(
                    nama_kolom(kolom_ni, KOLOM_NI_PPPK),
                    n.as_str(),
                    w.to_string(),
                );
            }
        }
        let nik_peringatan = nik.as_ref().map(Nik::peringatan).unwrap_or_default();
        for w in &nik_peringatan {
            self.peringatan(
                nama_kolom(p.nik.as_ref(), KOLOM_NIK),
                &nik_samar,
                w.to_string(),
            );
        }

        // Birth date: the column, else the NIP / NI PPPK, else a NIK without warnings.
        let tgl_kolom = self.tanggal_lahir(p, row);
        let tgl_ident = nip
            .as_ref()
            .map(|n| (n.tanggal_lahir(), KOLOM_NIP))
            .or_else(|| ni_pppk.as_ref().map(|n| (n.tanggal_lahir(), KOLOM_NI_PPPK)));
        if let (Some((t, teks)), Some((ti, label))) = (&tgl_kolom, tgl_ident)
            && *t != ti
        {
            self.peringatan(
                nama_kolom(p.tanggal_lahir.as_ref(), "TANGGAL LAHIR"),
                teks,
                format!(
                    "tanggal lahir {} berbeda dengan tanggal lahir pada {label} ({})",
                    t.format("%Y-%m-%d"),
                    ti.format("%Y-%m-%d")
                ),
            );
        }
        let tanggal_lahir = tgl_kolom.map(|(t, _)| t).or(tgl_ident.map(|(t, _)| t));
        // The NIK date counts only when the NIK raised no warning of its own.
        let tgl_nik = nik
            .as_ref()
            .filter(|_| nik_peringatan.is_empty())
            .and_then(|n| n.tanggal_lahir(self.tahun_acuan));
        if let (Some(tn), Some(t)) = (tgl_nik, tanggal_lahir)
            && tn != t
        {
            self.peringatan(
                nama_kolom(p.nik.as_ref(), KOLOM_NIK),
                &nik_samar,
                format!(
                    "tanggal lahir pada NIK ({}) berbeda dengan tanggal lahir pegawai ({})",
                    tn.format("%Y-%m-%d"),
                    t.format("%Y-%m-%d")
                ),
            );
        }

        // No column and no NIP / NI PPPK: a clean NIK still tells the birth date.
        let tanggal_lahir = tanggal_lahir.or(tgl_nik);

        // Sex: the column, else the one encoded in the identifiers.
        let jk_ident = nip
            .as_ref()
            .map(|n| (n.jenis_kelamin(), KOLOM_NIP))
            .or_else(|| ni_pppk.as_ref().map(|n| (n.jenis_kelamin(), KOLOM_NI_PPPK)));
        let mut jenis_kelamin = None;
        if let Some(v) = Self::sel(row, p.jenis_kelamin.as_ref()).isi() {
            let kolom = nama_kolom(p.jenis_kelamin.as_ref(), "JENIS KELAMIN");
            match self.memo_jk.get(&v, JenisKelamin::parse) {
                Ok(jk) => {
                    jenis_kelamin = Some(jk);
                    if let Some((ji, label)) = jk_ident
                        && ji != jk
                    {
                        self.peringatan(
                            kolom,
                            &v,
                            format!(
                                "jenis kelamin {} berbeda dengan kode pada {label} ({})",
                                jk.kode(),
                                ji.kode()
                            ),
                        );
                    }
                }
                Err(e) => self.peringatan(
                    kolom,
                    &v,
                    format!("{e} (gunakan L atau P); nilai diabaikan"),
                ),
            }
        }
        let jenis_kelamin = jenis_kelamin.or(jk_ident.map(|(j, _)| j));
        if let (Some(n), Some(jk)) = (&nik, jenis_kelamin)
            && let Some(jn) = n.jenis_kelamin()
            && jn != jk
        {
            self.peringatan(
                nama_kolom(p.nik.as_ref(), KOLOM_NIK),
                &nik_samar,
                format!(
                    "jenis kelamin pada NIK ({}) berbeda dengan jenis kelamin pegawai ({})",
                    jn.kode(),
                    jk.kode()
                ),
            );
        }
        let jenis_kelamin = jenis_kelamin.or_else(|| nik.as_ref().and_then(Nik::jenis_kelamin));

        // Grade.
        let mut golongan = None;
        if let Some(v) = Self::sel(row, p.golongan.as_ref()).isi() {
            let kolom = nama_kolom(p.golongan.as_ref(), "GOLONGAN");
            match self.memo_gol.get(&v, Golongan::parse) {
                Ok(g) => {
                    golongan = Some(g);
                    match jenis {
                        Some(JenisPegawai::Pns | JenisPegawai::Cpns) if g.is_pppk() => self
                            .peringatan(
                                kolom,
                                &v,
                                format!("golongan {g} adalah golongan PPPK, bukan golongan PNS (mis. III/a)"),
                            ),
                        Some(JenisPegawai::Pppk | JenisPegawai::PppkParuhWaktu) if g.is_pns() => {
                            self.peringatan(
                                kolom,
                                &v,
                                format!("golongan {g} adalah golongan PNS, bukan golongan PPPK (I–XVII)"),
                            )
                        }
                        _ => {}
                    }
                }
                Err(e) => self.galat(kolom, &v, e.to_string()),
            }
        }

        // Post.
        let mut eselon_v = None;
        if let Some(v) = Self::sel(row, p.eselon.as_ref()).isi() {
            match self.memo_eselon.get(&v, eselon) {
                Ok(e) => eselon_v = e,
                Err(e) => self.galat(
                    nama_kolom(p.eselon.as_ref(), "ESELON"),
                    &v,
                    format!("{e}; nilai yang dikenal: {}", daftar_kode(Eselon::ALL)),
                ),
            }
        }
        let mut jabatan_jenis = None;
        if let Some(v) = Self::sel(row, p.jenis_jabatan.as_ref()).isi() {
            match self.memo_jabatan.get(&v, jenis_jabatan) {
                Ok(j) => jabatan_jenis = j,
                Err(e) => self.galat(
                    nama_kolom(p.jenis_jabatan.as_ref(), "JENIS JABATAN"),
                    &v,
                    format!(
                        "{e}; nilai yang dikenal: {}",
                        daftar_kode(JenisJabatan::ALL)
                    ),
                ),
            }
        }
        let jabatan_jenis = jabatan_jenis.or(eselon_v.map(Eselon::jenis_jabatan));

        // Status (default AKTIF).
        let mut status = StatusPegawai::Aktif;
        if let Some(v) = Self::sel(row, p.status.as_ref()).isi() {
            match self.memo_status.get(&v, StatusPegawai::parse) {
                Ok(s) => status = s,
                Err(e) => self.galat(
                    nama_kolom(p.status.as_ref(), "STATUS"),
                    &v,
                    format!(
                        "{e}; nilai yang dikenal: {}",
                        daftar_kode(StatusPegawai::ALL)
                    ),
                ),
            }
        }

        // Contact details: a malformed value is dropped with a warning.
        let mut no_hp = None;
        if let Some(v) = Self::sel(row, p.no_hp.as_ref()).isi() {
            no_hp = kontak::normalisasi_hp(&v);
            if no_hp.is_none() {
                self.peringatan(
                    nama_kolom(p.no_hp.as_ref(), "NOMOR HP"),
                    &v,
                    "nomor HP tidak valid (harus 9–15 digit, mis. 081234567890 atau +6281234567890); \
                     nomor tidak disimpan"
                        .into(),
                );
            }
        }
        let mut email = None;
        if let Some(v) = Self::sel(row, p.email.as_ref()).isi() {
            email = kontak::normalisasi_email(&v);
            if email.is_none() {
                self.peringatan(
                    nama_kolom(p.email.as_ref(), "EMAIL"),
                    &v,
                    "alamat email tidak valid; email tidak disimpan".into(),
                );
            }
        }

        // Direct superior as written: digits when it is a number, else the text.
        let atasan_identitas = Self::sel(row, p.atasan.as_ref()).isi().map(|v| {
            let angka: String = v
                .chars()
                .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-')))
                .collect();
            if !angka.is_empty() && angka.bytes().all(|b| b.is_ascii_digit()) {
                angka
            } else {
                rapikan(&v).into_owned()
            }
        });

        if self.galat > 0 {
            return None;
        }
        Some(DataPegawai {
            jenis: jenis?,
            nip,
            ni_pppk,
            nik,
            nama: nama?,
            gelar_depan: Self::teks_opsional(row, p.gelar_depan.as_ref()),
            gelar_belakang: Self::teks_opsional(row, p.gelar_belakang.as_ref()),
            tempat_lahir: Self::teks_opsional(row, p.tempat_lahir.as_ref()),
            tanggal_lahir,
            jenis_kelamin,
            golongan,
            jabatan_nama: Self::teks_opsional(row, p.nama_jabatan.as_ref()),
            jabatan_jenis,
            eselon: eselon_v,
            unit_path,
            atasan_identitas,
            no_hp,
            email,
            status,
        })
    }

    fn jenis_pegawai<B: Baris>(&mut self, p: &Peta, row: &B) -> Option<JenisPegawai> {
        let jp = Self::sel(row, p.jenis_pegawai.as_ref()).isi();
        let sc = Self::sel(row, p.status_cpns_pns.as_ref()).isi();
        let dari_sc = sc.as_ref().map(|v| self.memo_cpns.get(v, jenis_cpns));
        match (jp, dari_sc) {
            (Some(v), sc) => match self.memo_jenis.get(&v, JenisPegawai::parse) {
                Ok(j) => Some(j),
                // An unknown JENIS PEGAWAI is forgiven when STATUS CPNS PNS says P or C.
                Err(_) if matches!(sc, Some(Some(_))) => sc.flatten(),
                Err(e) => {
                    self.galat(
                        nama_kolom(p.jenis_pegawai.as_ref(), "JENIS PEGAWAI"),
                        &v,
                        format!(
                            "{e}; nilai yang dikenal: {}",
                            daftar_kode(JenisPegawai::ALL)
                        ),
                    );
                    None
                }
            },
            (None, Some(Some(j))) => Some(j),
            (None, Some(None)) => {
                let v = sc.unwrap_or_default();
                self.galat(
                    nama_kolom(p.status_cpns_pns.as_ref(), "STATUS CPNS PNS"),
                    &v,
                    format!("status CPNS/PNS tidak dikenal: \"{v}\" (P = PNS, C = CPNS)"),
                );
                None
            }
            (None, None) => {
                let kolom = p.jenis_pegawai.as_ref().or(p.status_cpns_pns.as_ref());
                self.galat(
                    nama_kolom(kolom, "JENIS PEGAWAI"),
                    "",
                    "jenis pegawai wajib diisi".into(),
                );
                None
            }
        }
    }

    /// The birth-date column: date cells, Excel serial numbers, or text in any supported
    /// layout. Returns the date and the text as read (for reports).
    fn tanggal_lahir<B: Baris>(&mut self, p: &Peta, row: &B) -> Option<(NaiveDate, String)> {
        let sel = Self::sel(row, p.tanggal_lahir.as_ref());
        if sel.kosong() {
            return None;
        }
        let teks = sel.teks();
        let kolom = || nama_kolom(p.tanggal_lahir.as_ref(), "TANGGAL LAHIR");
        let hasil = match sel {
            Sel::Tanggal(dt) => Ok(dt.date()),
            Sel::Angka(f) if f.fract() == 0.0 && (10_000_000.0..100_000_000.0).contains(&f) => {
                parse_tanggal(&teks)
            }
            Sel::Angka(f) => serial_excel(f).ok_or(crate::tanggal::SalahTanggal::Format),
            Sel::Bulat(i) => serial_excel(i as f64).ok_or(crate::tanggal::SalahTanggal::Format),
            _ => parse_tanggal(&teks),
        };
        match hasil {
            Ok(t) if t.year() < 1900 || t.year() > self.tahun_acuan => {
                self.galat(
                    kolom(),
                    &teks,
                    format!(
                        "tanggal lahir tidak wajar: {} (tahun harus 1900–{})",
                        t.format("%Y-%m-%d"),
                        self.tahun_acuan
                    ),
                );
                None
            }
            Ok(t) => Some((t, teks.into_owned())),
            Err(e) => {
                self.galat(
                    kolom(),
                    &teks,
                    format!("tanggal lahir tidak valid: {}", e.pesan()),
                );
                None
            }
        }
    }
}
