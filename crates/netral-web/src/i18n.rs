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
        match SEMUA
            .iter()
            .flat_map(|t| t.iter())
            .find(|(k, _, _)| *k == kunci)
        {
            Some((_, id, en)) => match self {
                Bahasa::Id => id,
                Bahasa::En => en,
            },
            None => "??",
        }
    }
}

/// Every text table: the general one here and one per area, so areas are edited apart.
pub const SEMUA: &[&[(&str, &str, &str)]] =
    &[TEKS, crate::i18n_pakta::TEKS, crate::i18n_penanda::TEKS];

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
    // Public verification page (/v).
    (
        "v.judul",
        "Verifikasi catatan Netral",
        "Verify a Netral record",
    ),
    (
        "v.keterangan",
        "Pindai kode QR pada pakta, atau tempel kode verifikasinya (64 digit heksadesimal) di bawah ini.",
        "Scan the QR code on the pact, or paste its verification code (64 hexadecimal digits) below.",
    ),
    (
        "v.tempel",
        "Kode verifikasi (hash daun)",
        "Verification code (leaf hash)",
    ),
    ("v.periksa", "Periksa", "Check"),
    (
        "v.asli",
        "ASLI — tercatat dalam log",
        "GENUINE — recorded in the log of",
    ),
    (
        "v.asli.2",
        "dan dicakup checkpoint yang ditandatangani",
        "and covered by a signed checkpoint",
    ),
    (
        "v.tunggu",
        "TERCATAT — menunggu checkpoint berikutnya",
        "RECORDED — awaiting the next checkpoint",
    ),
    (
        "v.tidak",
        "TIDAK DITEMUKAN / TIDAK SAH",
        "NOT FOUND / NOT VALID",
    ),
    (
        "v.alasan.asli",
        "Catatan ini ada di log transparansi Pemda, log itu telah menandatangani ringkasannya (checkpoint), dan bukti matematis bahwa catatan ini termasuk di dalamnya telah diperiksa.",
        "This record is in the Pemda's transparency log, the log has signed a summary of it (checkpoint), and the mathematical proof that this record is included was checked.",
    ),
    (
        "v.alasan.tunggu",
        "Catatan ini sudah masuk log, tetapi belum dicakup checkpoint yang ditandatangani, jadi belum dapat diverifikasi. Biasanya hanya beberapa detik; muat ulang halaman ini.",
        "This record is in the log but not yet covered by a signed checkpoint, so it cannot be verified yet. This usually takes seconds; reload this page.",
    ),
    (
        "v.alasan.tidak_ditemukan",
        "Tidak ada catatan dengan kode ini di server ini. Dokumen yang kodenya diubah atau dipalsukan tidak akan ditemukan.",
        "There is no record with this code on this server. A document whose code was altered or forged will not be found.",
    ),
    (
        "v.alasan.tidak_valid",
        "Kode verifikasi tidak valid: harus 64 digit heksadesimal (0–9, a–f).",
        "Invalid verification code: it must be 64 hexadecimal digits (0–9, a–f).",
    ),
    (
        "v.alasan.gagal",
        "Catatan ditemukan, tetapi pemeriksaannya gagal. Jangan percayai dokumen ini dan laporkan ke pengelola.",
        "The record was found, but a check failed. Do not trust this document and report it to the operator.",
    ),
    ("v.diperiksa", "Yang diperiksa", "What was checked"),
    ("v.ya", "lulus", "passed"),
    ("v.tidak_lulus", "tidak lulus", "failed"),
    (
        "v.cek.hash_format",
        "Kode berbentuk hash SHA-256 (64 digit heksadesimal)",
        "The code is a SHA-256 hash (64 hexadecimal digits)",
    ),
    (
        "v.cek.leaf_found",
        "Catatan dengan kode ini ada di log transparansi",
        "A record with this code is in a transparency log",
    ),
    (
        "v.cek.entry_hash",
        "Isi catatan tersimpan menghasilkan kode yang sama",
        "The stored record hashes to this code",
    ),
    (
        "v.cek.entry_canonical",
        "Catatan berformat Netral yang sah dan milik instansi log ini",
        "The record is a valid Netral record of this log's instansi",
    ),
    (
        "v.cek.checkpoint_covers",
        "Checkpoint yang ditandatangani sudah mencakup catatan ini",
        "A signed checkpoint already covers this record",
    ),
    (
        "v.cek.checkpoint_signature",
        "Tanda tangan checkpoint sah menurut kunci log",
        "The checkpoint signature is valid under the log's key",
    ),
    (
        "v.cek.inclusion_proof",
        "Bukti inklusi cocok dengan akar checkpoint (dihitung dan diperiksa sekarang)",
        "The inclusion proof matches the checkpoint root (computed and checked now)",
    ),
    ("v.catatan", "Catatan", "Record"),
    ("v.jenis", "Jenis", "Kind"),
    ("v.instansi", "Instansi", "Instansi"),
    ("v.waktu", "Waktu dicatat", "Recorded at"),
    (
        "v.hash_isi",
        "Hash isi (SHA-256 dokumen)",
        "Content hash (SHA-256 of the document)",
    ),
    ("v.pengenal", "Nomor rujukan", "Reference ids"),
    ("v.pribadi", "Data pribadi", "Personal data"),
    (
        "v.komitmen",
        "Tidak ada di log; orang yang bersangkutan hanya tercatat sebagai komitmen bergaram",
        "None in the log; the person appears only as a salted commitment",
    ),
    ("v.tanpa_komitmen", "Tidak ada", "None"),
    (
        "v.jenis.tanda_tangan",
        "Pakta yang ditandatangani",
        "Signed pact",
    ),
    (
        "v.jenis.pernyataan_saksi",
        "Pernyataan saksi",
        "Witness statement",
    ),
    ("v.jenis.pencabutan", "Pencabutan", "Revocation"),
    (
        "v.jenis.tanda_terima_laporan",
        "Tanda terima laporan",
        "Report receipt",
    ),
    ("v.jenis.peristiwa_kasus", "Peristiwa kasus", "Case event"),
    ("v.jenis.sanksi", "Keputusan sanksi", "Sanction decision"),
    ("v.checkpoint", "Checkpoint", "Checkpoint"),
    ("v.ukuran", "Ukuran log", "Log size"),
    ("v.akar", "Akar (root hash)", "Root hash"),
    ("v.waktu_checkpoint", "Ditandatangani", "Signed at"),
    ("v.saksi", "Saksi (kosignatur)", "Witnesses (cosignatures)"),
    (
        "v.saksi.kosong",
        "Belum ada kosignatur saksi untuk checkpoint ini.",
        "No witness cosignature for this checkpoint yet.",
    ),
    (
        "v.saksi.belum_diperiksa",
        "Kosignatur saksi yang kuncinya tidak dikenal server ini tidak diperiksa di sini. Periksa sendiri dengan kunci saksi (netral verify --policy).",
        "Cosignatures by witnesses whose keys this server does not know are not checked here. Check them yourself with the witness keys (netral verify --policy).",
    ),
    (
        "v.saksi.sah",
        "kosignatur diperiksa di sini: sah",
        "cosignature checked here: valid",
    ),
    (
        "v.saksi.tidak_sah",
        "kosignatur diperiksa di sini: TIDAK SAH",
        "cosignature checked here: NOT VALID",
    ),
    (
        "v.saksi.tidak_diperiksa",
        "ada, tidak diperiksa di sini",
        "present, not checked here",
    ),
    ("v.teknis", "Rincian teknis", "Technical details"),
    ("v.hash_daun", "Hash daun", "Leaf hash"),
    ("v.origin", "Origin log", "Log origin"),
    ("v.indeks", "Indeks daun", "Leaf index"),
    ("v.bukti", "Bukti inklusi", "Inclusion proof"),
    (
        "v.catatan_checkpoint",
        "Catatan checkpoint (apa adanya)",
        "Checkpoint note (verbatim)",
    ),
    (
        "v.cek.record_matches",
        "Isi yang tersimpan di server (rekaman tanda tangan, pernyataan saksi atau pembatalan) cocok dengan hash di log",
        "The content stored on the server (signature record, witness statement or revocation) matches the hash in the log",
    ),
    (
        "v.alasan.rekaman",
        "Rekaman di server tidak cocok dengan log: isi yang tersimpan telah berubah sejak dicatat. Jangan percayai catatan ini; laporkan ke pengelola.",
        "The record on the server does not match the log: the stored content changed after it was recorded. Do not trust this record; report it to the operator.",
    ),
    (
        "v.batal",
        "ASLI, TETAPI SUDAH DIBATALKAN — TIDAK BERLAKU",
        "GENUINE, BUT REVOKED — NO LONGER IN FORCE",
    ),
    (
        "v.alasan.batal",
        "Tanda tangan ini memang tercatat dalam log, tetapi telah dibatalkan oleh Pemda dan tidak berlaku lagi. Alasan dan waktu pembatalan ada di bawah.",
        "This signature is indeed recorded in the log, but the Pemda revoked it and it is no longer in force. The reason and time are below.",
    ),
    ("v.ttd", "Pakta yang ditandatangani", "The signed pact"),
    ("v.ttd.status", "Status", "Status"),
    (
        "v.ttd.berlaku",
        "Berlaku — tanda tangan aktif",
        "In force — active signature",
    ),
    (
        "v.ttd.dibatalkan",
        "DIBATALKAN — tidak berlaku lagi",
        "REVOKED — no longer in force",
    ),
    ("v.ttd.batal_waktu", "Dibatalkan pada", "Revoked at"),
    (
        "v.ttd.batal_alasan",
        "Alasan pembatalan",
        "Reason for revocation",
    ),
    (
        "v.ttd.batal_catatan",
        "Catatan pembatalan di log",
        "Revocation record in the log",
    ),
    ("v.ttd.judul", "Judul pakta", "Pact title"),
    ("v.ttd.pemda", "Pemerintah daerah", "Regional government"),
    (
        "v.ttd.templat",
        "Templat (nomor, versi)",
        "Template (number, version)",
    ),
    ("v.ttd.templat_hash", "Hash teks pakta", "Pact text hash"),
    ("v.ttd.nama", "Nama penanda tangan", "Signer's name"),
    ("v.ttd.nip", "NIP", "NIP"),
    ("v.ttd.jenis_pegawai", "Jenis pegawai", "Employment type"),
    ("v.ttd.unit", "Unit kerja", "Work unit"),
    ("v.ttd.jabatan", "Jabatan", "Position"),
    ("v.ttd.waktu", "Waktu tanda tangan", "Signed at"),
    ("v.ttd.metode", "Cara menandatangani", "Signing method"),
    ("v.ttd.tempat", "Tempat", "Place"),
    (
        "v.ttd.samaran",
        "Nama dan NIP disamarkan untuk melindungi data pribadi. Cocokkan dengan dokumen pakta yang Anda pegang.",
        "Name and NIP are masked to protect personal data. Compare them with the pact document you hold.",
    ),
    (
        "v.ttd.perwakilan",
        "Tanda tangan perwakilan",
        "Representative signature",
    ),
    (
        "v.ttd.jumlah_diwakili",
        "Jumlah pegawai yang diwakili",
        "Employees represented",
    ),
    (
        "v.ttd.catatan_perwakilan",
        "Tanda tangan perwakilan hanya mencatat bahwa penanda tangan menandatangani atas nama pegawai yang tercantum; tanda tangan ini bukan pernyataan persetujuan pribadi masing-masing pegawai tersebut.",
        "A representative signature only records that the signer signed on behalf of the employees listed; it is not a personal statement of consent by each of them.",
    ),
    ("v.ttd.saksi", "Disaksikan oleh", "Witnessed by"),
    (
        "v.ttd.saksi.kosong",
        "Belum ada pernyataan saksi untuk tanda tangan ini.",
        "No witness statement for this signature yet.",
    ),
    (
        "v.ttd.saksi.periksa",
        "Periksa pernyataan ini",
        "Verify this statement",
    ),
    ("v.pernyataan", "Pernyataan saksi", "Witness statement"),
    ("v.pernyataan.saksi", "Saksi", "Witness"),
    ("v.pernyataan.teks", "Isi pernyataan", "Statement"),
    (
        "v.pernyataan.ttd",
        "Periksa tanda tangan yang disaksikan",
        "Verify the witnessed signature",
    ),
    (
        "v.pencabutan",
        "Pembatalan tanda tangan",
        "Revocation of a signature",
    ),
    (
        "v.pencabutan.ttd",
        "Periksa tanda tangan yang dibatalkan",
        "Verify the revoked signature",
    ),
    (
        "v.metode.DARING_OTP",
        "Daring (tautan pribadi dan kode OTP)",
        "Online (personal link and one-time code)",
    ),
    (
        "v.metode.KIOSK",
        "Kios apel/unit (tablet dan OTP atau QR kartu pegawai)",
        "Assembly/unit kiosk (tablet and one-time code or staff card QR)",
    ),
    (
        "v.metode.KERTAS_PINDAI",
        "Tanda tangan basah di kertas, dipindai",
        "Wet-ink signature on paper, scanned",
    ),
    (
        "v.metode.PERWAKILAN",
        "Atas nama (perwakilan unit)",
        "On behalf of others (unit representative)",
    ),
    (
        "v.metode.TTE_BSRE",
        "Tanda tangan elektronik tersertifikasi (BSrE)",
        "Certified electronic signature (BSrE)",
    ),
    (
        "v.sendiri",
        "Periksa sendiri tanpa mempercayai kami",
        "Verify it yourself without trusting us",
    ),
    (
        "v.sendiri.1",
        "Halaman ini dibuat oleh server Pemda. Untuk tidak bergantung padanya, ambil checkpoint, kunci log dan tile berikut (data publik, boleh disalin siapa saja) dan hitung sendiri bukti inklusinya; bandingkan kunci log dengan kunci yang diumumkan di tempat lain dan minta saksi independen.",
        "This page is made by the Pemda's server. To not depend on it, fetch the checkpoint, log key and tiles below (public data anyone may copy) and compute the inclusion proof yourself; compare the log key with one published elsewhere and rely on independent witnesses.",
    ),
    (
        "v.sendiri.2",
        "Atau, dengan berkas bukti (.tlog-proof) dan kunci log, jalankan di komputer Anda:",
        "Or, with a proof bundle (.tlog-proof) and the log key, run on your own computer:",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_complete() {
        let mut seen = std::collections::HashSet::new();
        for (k, id, en) in SEMUA.iter().flat_map(|t| t.iter()) {
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
                    SEMUA
                        .iter()
                        .flat_map(|t| t.iter())
                        .any(|(k, _, _)| *k == key),
                    "{}: unknown key {key}",
                    path.display()
                );
            }
        }
    }
}
