//! Page texts: Indonesian first, English second. The language comes from the `bahasa`
//! cookie (set by the switcher); without it pages are Indonesian.

/// A page language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Bahasa {
    #[default]
    Id,
    En,
}

impl Bahasa {
    pub fn kode(self) -> &'static str {
        match self {
            Bahasa::Id => "id",
            Bahasa::En => "en",
        }
    }

    pub fn dari_kode(s: &str) -> Option<Bahasa> {
        match s {
            "id" => Some(Bahasa::Id),
            "en" => Some(Bahasa::En),
            _ => None,
        }
    }

    /// Looks up a text; an unknown key shows itself (and a test checks none is unknown).
    pub fn x(self, kunci: &str) -> &'static str {
        match TEKS.iter().find(|(k, _, _)| *k == kunci) {
            Some((_, id, en)) => match self {
                Bahasa::Id => id,
                Bahasa::En => en,
            },
            None => "??",
        }
    }
}

/// (key, Indonesian, English).
pub const TEKS: &[(&str, &str, &str)] = &[
    (
        "aplikasi",
        "Netral — Pakta Integritas Netralitas ASN",
        "Netral — ASN Neutrality Integrity Pact",
    ),
    ("lewati", "Lewati ke konten utama", "Skip to main content"),
    ("menu", "Menu utama", "Main menu"),
    ("dasbor", "Dasbor", "Dashboard"),
    ("unit", "Unit kerja", "Work units"),
    ("pegawai", "Pegawai", "Employees"),
    ("impor", "Impor pegawai", "Import employees"),
    ("audit", "Log audit", "Audit log"),
    ("api", "Dokumentasi API", "API documentation"),
    ("keluar", "Keluar", "Log out"),
    ("masuk", "Masuk", "Log in"),
    ("masuk.judul", "Masuk ke Netral", "Log in to Netral"),
    ("masuk.username", "Nama pengguna", "Username"),
    ("masuk.sandi", "Kata sandi", "Password"),
    ("masuk.tombol", "Masuk", "Log in"),
    (
        "masuk.keterangan",
        "Untuk petugas BKPSDM, Satgas, Inspektorat dan pejabat Pemda.",
        "For BKPSDM, task force, inspectorate and Pemda officials.",
    ),
    (
        "demo.label",
        "DATA DEMO — bukan data pegawai sebenarnya",
        "DEMO DATA — not real employee data",
    ),
    ("dasbor.pegawai_aktif", "Pegawai aktif", "Active employees"),
    ("dasbor.unit", "Unit kerja", "Work units"),
    (
        "dasbor.per_jenis",
        "Menurut jenis pegawai",
        "By employment type",
    ),
    ("dasbor.kepala", "Kepala daerah", "Regional head"),
    ("jenis", "Jenis", "Type"),
    ("jumlah", "Jumlah", "Count"),
    ("nama", "Nama", "Name"),
    ("identitas", "NIP / NI PPPK / NIK", "NIP / NI PPPK / NIK"),
    ("jabatan", "Jabatan", "Position"),
    ("golongan", "Golongan", "Grade"),
    ("status", "Status", "Status"),
    ("semua", "Semua", "All"),
    ("cari", "Cari", "Search"),
    (
        "cari.label",
        "Cari nama atau NIP/NIK",
        "Search name or NIP/NIK",
    ),
    (
        "filter.unit",
        "Unit kerja (termasuk di bawahnya)",
        "Work unit (including below)",
    ),
    ("hasil", "hasil", "results"),
    ("halaman", "Halaman", "Page"),
    ("dari", "dari", "of"),
    ("sebelumnya", "Sebelumnya", "Previous"),
    ("berikutnya", "Berikutnya", "Next"),
    ("kosong", "Tidak ada data.", "No data."),
    ("unit.langsung", "Pegawai langsung", "Direct staff"),
    (
        "unit.total",
        "Total termasuk sub-unit",
        "Total incl. sub-units",
    ),
    ("detail.data", "Data pegawai", "Employee data"),
    (
        "detail.tempat_lahir",
        "Tempat, tanggal lahir",
        "Place, date of birth",
    ),
    ("detail.jk", "Jenis kelamin", "Sex"),
    ("detail.atasan", "Atasan langsung", "Direct superior"),
    ("detail.kontak", "Kontak", "Contact"),
    ("detail.diubah", "Terakhir diubah", "Last changed"),
    (
        "detail.eselon",
        "Jenis jabatan / eselon",
        "Position type / echelon",
    ),
    ("kembali", "Kembali ke daftar", "Back to the list"),
    (
        "impor.keterangan",
        "Unggah ekspor SIASN/SIMPEG (CSV atau XLSX). Berkas diperiksa dulu; tidak ada yang ditulis sebelum Anda mengonfirmasi.",
        "Upload a SIASN/SIMPEG export (CSV or XLSX). The file is checked first; nothing is written until you confirm.",
    ),
    (
        "impor.berkas",
        "Berkas pegawai (CSV atau XLSX)",
        "Employee file (CSV or XLSX)",
    ),
    (
        "impor.lewati",
        "Tulis baris yang valid meskipun ada baris yang ditolak",
        "Write the valid rows even if some rows are rejected",
    ),
    (
        "impor.sinkron",
        "Ekspor lengkap: nonaktifkan pegawai yang tidak ada di berkas",
        "Full export: deactivate employees missing from the file",
    ),
    ("impor.periksa", "Periksa berkas", "Check file"),
    ("impor.pratinjau", "Hasil pemeriksaan", "Check result"),
    ("impor.hasil", "Hasil impor", "Import result"),
    ("impor.baris", "Baris data", "Data rows"),
    ("impor.baru", "Baru", "New"),
    ("impor.diubah", "Diubah", "Updated"),
    ("impor.tetap", "Tidak berubah", "Unchanged"),
    ("impor.ditolak", "Ditolak", "Rejected"),
    ("impor.peringatan", "Peringatan", "Warnings"),
    ("impor.nonaktif", "Dinonaktifkan", "Deactivated"),
    (
        "impor.konfirmasi",
        "Konfirmasi dan tulis",
        "Confirm and write",
    ),
    (
        "impor.selesai",
        "Impor selesai. Data telah ditulis.",
        "Import done. The data has been written.",
    ),
    (
        "impor.tidak_ada_perubahan",
        "Tidak ada perubahan: data sudah sama dengan berkas.",
        "No changes: the data already matches the file.",
    ),
    (
        "impor.unduh_csv",
        "Unduh laporan (CSV)",
        "Download report (CSV)",
    ),
    (
        "impor.unduh_xlsx",
        "Unduh laporan (XLSX)",
        "Download report (XLSX)",
    ),
    ("impor.masalah", "Masalah per baris", "Problems per row"),
    ("impor.ulang", "Unggah berkas lain", "Upload another file"),
    ("impor.kolom", "Kolom", "Column"),
    ("impor.nilai", "Nilai", "Value"),
    ("impor.tingkat", "Tingkat", "Level"),
    ("impor.alasan", "Alasan", "Reason"),
    ("impor.baris_ke", "Baris", "Row"),
    ("audit.waktu", "Waktu", "Time"),
    ("audit.aktor", "Pelaku", "Actor"),
    ("audit.aksi", "Tindakan", "Action"),
    ("audit.entitas", "Data", "Record"),
    ("audit.sebelum", "Sebelum", "Before"),
    ("audit.sesudah", "Sesudah", "After"),
    ("audit.lebih_lama", "Lebih lama", "Older"),
    ("galat.judul", "Terjadi kesalahan", "Something went wrong"),
    ("galat.kode", "Kode", "Code"),
    ("galat.referensi", "Referensi", "Reference"),
    (
        "galat.bantuan",
        "Sebutkan kode dan referensi ini kepada petugas bantuan.",
        "Give this code and reference to the help desk.",
    ),
    (
        "galat.tidak_ditemukan",
        "Halaman tidak ditemukan",
        "Page not found",
    ),
    ("bahasa", "Bahasa", "Language"),
    ("pengguna", "Pengguna", "User"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_complete() {
        let mut seen = std::collections::HashSet::new();
        for (k, id, en) in TEKS {
            assert!(seen.insert(k), "duplicate key {k}");
            assert!(!id.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(Bahasa::Id.x("masuk"), "Masuk");
        assert_eq!(Bahasa::En.x("masuk"), "Log in");
        assert_eq!(Bahasa::Id.x("tidak-ada"), "??");
    }

    #[test]
    fn every_key_used_in_templates_exists() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for part in text.split(".x(\"").skip(1) {
                let key = part.split('"').next().unwrap();
                assert!(
                    TEKS.iter().any(|(k, _, _)| *k == key),
                    "{}: unknown key {key}",
                    path.display()
                );
            }
        }
    }
}
