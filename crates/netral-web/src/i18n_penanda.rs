//! Texts of the signer-facing pages: online signing on a phone, the kiosk, the signer's own
//! documents and the public progress page.
//! (key, Indonesian, English); looked up through [`crate::i18n::Bahasa::x`].

pub const TEKS: &[(&str, &str, &str)] = &[
    // --- online signing ---
    (
        "ttd.judul",
        "Tanda tangan Pakta Integritas Netralitas ASN",
        "Sign the ASN Neutrality Integrity Pact",
    ),
    (
        "ttd.mulai.keterangan",
        "Masukkan NIP Anda. Kami mengirim kode sekali pakai ke surel atau nomor telepon yang terdaftar di BKPSDM.",
        "Enter your NIP. We send a one-time code to the e-mail address or phone number registered with BKPSDM.",
    ),
    ("ttd.pemda", "Pemerintah daerah", "Regional government"),
    ("ttd.nip", "NIP / NI PPPK", "NIP / NI PPPK"),
    ("ttd.kirim_kode", "Kirim kode", "Send code"),
    ("ttd.kode.judul", "Masukkan kode", "Enter the code"),
    (
        "ttd.kode.terkirim",
        "Kode 6 angka telah dikirim ke kontak Anda yang terdaftar. Kode berlaku 10 menit.",
        "A 6-digit code has been sent to your registered contact. The code is valid for 10 minutes.",
    ),
    ("ttd.kode", "Kode 6 angka", "6-digit code"),
    ("ttd.kode.ke", "Tujuan:", "Sent to:"),
    ("ttd.lanjut", "Lanjut", "Continue"),
    ("ttd.kode.ulang", "Kirim ulang kode", "Send the code again"),
    ("ttd.ganti_nip", "Ganti NIP", "Use another NIP"),
    (
        "ttd.kode.tunggu",
        "Kode baru baru saja dikirim. Periksa kotak masuk atau SMS Anda; kode lain dapat diminta dalam",
        "A code was just sent. Check your inbox or SMS; another code can be requested in",
    ),
    ("ttd.menit", "menit.", "minute(s)."),
    (
        "ttd.kode.format",
        "Kode terdiri dari 6 angka.",
        "The code has 6 digits.",
    ),
    (
        "ttd.sesi_habis",
        "Sesi penandatanganan berakhir atau belum dimulai. Silakan mulai lagi.",
        "The signing session has ended or not started. Please start again.",
    ),
    (
        "ttd.tautan.keterangan",
        "Tautan pribadi Anda dikenali. Untuk memastikan ini Anda, kami mengirim kode sekali pakai ke kontak yang terdaftar.",
        "Your personal link was recognised. To make sure it is you, we send a one-time code to the registered contact.",
    ),
    (
        "ttd.tautan.tidak_sah",
        "Tautan tidak berlaku (salah, kedaluwarsa atau sudah dipakai). Masuk dengan NIP Anda.",
        "The link is not valid (wrong, expired or used). Sign in with your NIP.",
    ),
    (
        "ttd.hash_teks",
        "Sidik teks pakta (SHA-256)",
        "Pact text fingerprint (SHA-256)",
    ),
    ("ttd.versi", "Versi", "Version"),
    ("ttd.butir", "Butir pakta", "Pact points"),
    (
        "ttd.setuju",
        "Saya memahami dan menyetujui butir",
        "I understand and agree to point",
    ),
    ("ttd.tanda_tangan", "Tanda tangan", "Signature"),
    ("ttd.mode.gambar", "Gambar tanda tangan", "Draw signature"),
    ("ttd.mode.ketik", "Ketik nama", "Type name"),
    (
        "ttd.pad.petunjuk",
        "Gambar tanda tangan Anda di kotak ini dengan jari atau pena.",
        "Draw your signature in this box with a finger or stylus.",
    ),
    ("ttd.hapus", "Hapus gambar", "Clear drawing"),
    (
        "ttd.nama_ketik",
        "Nama lengkap sebagai tanda tangan",
        "Full name as signature",
    ),
    ("ttd.tempat", "Tempat penandatanganan", "Place of signing"),
    ("ttd.tombol", "Tanda tangani", "Sign"),
    (
        "ttd.pernyataan",
        "Dengan menekan \"Tanda tangani\", Anda menandatangani pakta ini secara elektronik. Tanda tangan dicatat di log transparansi dan tidak dapat dihapus; hanya dapat dicabut dengan alasan.",
        "By pressing \"Sign\" you sign this pact electronically. The signature is recorded in the transparency log and cannot be deleted; it can only be revoked with a reason.",
    ),
    (
        "ttd.butir_belum",
        "Centang setiap butir pakta untuk menyatakan Anda memahami dan menyetujuinya.",
        "Tick every point of the pact to state that you understand and agree to it.",
    ),
    (
        "ttd.ttd_kosong",
        "Gambar tanda tangan atau ketik nama lengkap Anda.",
        "Draw your signature or type your full name.",
    ),
    (
        "ttd.gambar_rusak",
        "Gambar tanda tangan tidak terbaca; hapus lalu gambar lagi.",
        "The signature drawing could not be read; clear it and draw again.",
    ),
    (
        "ttd.selesai.judul",
        "Pakta telah ditandatangani",
        "The pact has been signed",
    ),
    (
        "ttd.selesai.ulang",
        "Tanda tangan ini sudah tercatat sebelumnya; tidak ada tanda tangan ganda.",
        "This signature was already recorded; nothing was signed twice.",
    ),
    ("ttd.selesai.waktu", "Waktu", "Time"),
    ("ttd.selesai.metode", "Cara", "Method"),
    (
        "ttd.selesai.indeks",
        "Nomor urut di log",
        "Position in the log",
    ),
    (
        "ttd.selesai.hash",
        "Kode verifikasi (hash daun)",
        "Verification code (leaf hash)",
    ),
    (
        "ttd.selesai.periksa",
        "Periksa keasliannya",
        "Check that it is genuine",
    ),
    ("ttd.unduh", "Unduh PDF saya", "Download my PDF"),
    (
        "ttd.selesai.simpan",
        "Simpan PDF Anda. Siapa pun dapat memeriksa keasliannya dengan memindai kode QR di dalamnya.",
        "Keep your PDF. Anyone can check that it is genuine by scanning the QR code in it.",
    ),
    (
        "ttd.pdf.tunggu",
        "PDF siap dalam beberapa detik",
        "Your PDF will be ready in a few seconds",
    ),
    (
        "ttd.pdf.tunggu.2",
        "Tanda tangan Anda sedang dimasukkan ke checkpoint log berikutnya. Halaman ini mencoba lagi dengan sendirinya.",
        "Your signature is being included in the next log checkpoint. This page retries by itself.",
    ),
    ("ttd.pdf.coba", "Coba lagi sekarang", "Try again now"),
    (
        "ttd.pilih",
        "Pilih pakta yang akan ditandatangani",
        "Choose the pact to sign",
    ),
    ("ttd.riwayat", "Tanda tangan saya", "My signatures"),
    ("ttd.kembali", "Kembali ke awal", "Back to start"),
    // --- kiosk ---
    ("kiosk.judul", "Kiosk tanda tangan", "Signing kiosk"),
    (
        "kiosk.pilih",
        "Pilih kampanye yang ditandatangani di kiosk ini.",
        "Choose the campaign signed at this kiosk.",
    ),
    (
        "kiosk.kosong",
        "Belum ada kampanye yang dapat ditandatangani.",
        "No campaign can be signed yet.",
    ),
    ("kiosk.buka", "Buka antrean", "Open the queue"),
    (
        "kiosk.keterangan",
        "Pindai QR kartu pegawai atau ketik NIP. Pegawai mengonfirmasi dengan kode sekali pakai (atau kartunya), mencentang setiap butir, lalu menggambar tanda tangan.",
        "Scan the staff card QR or type the NIP. The employee confirms with a one-time code (or the card), ticks every point, then draws a signature.",
    ),
    (
        "kiosk.nip",
        "QR kartu pegawai atau NIP",
        "Staff card QR or NIP",
    ),
    (
        "kiosk.otp",
        "Kode sekali pakai (kosongkan bila memakai kartu)",
        "One-time code (leave empty when using the card)",
    ),
    (
        "kiosk.kirim_kode",
        "Kirim kode ke pegawai",
        "Send a code to the employee",
    ),
    ("kiosk.kirim", "Tanda tangani & berikutnya", "Sign & next"),
    (
        "kiosk.antrean",
        "Antrean di perangkat ini",
        "Queue on this device",
    ),
    (
        "kiosk.menunggu",
        "tersimpan, menunggu koneksi",
        "saved, waiting for connection",
    ),
    ("kiosk.terkirim", "terkirim", "sent"),
    ("kiosk.ditolak", "ditolak", "refused"),
    ("kiosk.daring", "Tersambung", "Online"),
    (
        "kiosk.luring",
        "Tidak tersambung — tanda tangan disimpan di perangkat",
        "Offline — signatures are kept on this device",
    ),
    (
        "kiosk.kode_terkirim",
        "Jika NIP terdaftar, kode telah dikirim ke kontak pegawai.",
        "If the NIP is registered, a code was sent to the employee's contact.",
    ),
    (
        "kiosk.tanpa_js",
        "Tanpa JavaScript, kiosk tetap berfungsi tetapi tidak menyimpan antrean saat koneksi putus.",
        "Without JavaScript the kiosk still works but keeps no queue while offline.",
    ),
    ("kiosk.berhasil", "Tercatat", "Recorded"),
    // --- public progress ---
    (
        "pub.judul",
        "Progres Pakta Integritas",
        "Integrity Pact progress",
    ),
    (
        "pub.keterangan",
        "Angka agregat penandatanganan pakta netralitas ASN. Halaman ini tidak memuat nama siapa pun.",
        "Aggregate figures of the ASN neutrality pact signing. This page names no one.",
    ),
    ("pub.diperbarui", "Diperbarui", "Updated"),
    (
        "pub.kosong",
        "Tidak ada kampanye penandatanganan yang sedang berjalan.",
        "No signing campaign is running.",
    ),
    ("pub.sudah", "— sudah menandatangani:", "— signed:"),
    ("pub.dari", "dari", "of"),
    ("pub.per_tahap", "Progres per tahap", "Progress by stage"),
    ("pub.tahap", "Tahap", "Stage"),
    ("pub.wajib", "Wajib", "Required"),
    ("pub.sudah_kolom", "Sudah", "Signed"),
    ("pub.grafik", "Grafik", "Chart"),
    (
        "pub.tanda_tangani",
        "Pegawai: tanda tangani pakta Anda",
        "Employees: sign your pact",
    ),
    (
        "pub.privasi",
        "Setiap tanda tangan dapat diperiksa satu per satu melalui kode QR pada dokumennya.",
        "Each signature can be checked one by one through the QR code on its document.",
    ),
    // --- PDF upload on /v ---
    (
        "vp.unggah",
        "Unggah PDF untuk diperiksa",
        "Upload a PDF to check",
    ),
    ("vp.tombol", "Periksa PDF", "Check PDF"),
    (
        "vp.keterangan",
        "Berkas diperiksa di server ini dan tidak disimpan.",
        "The file is checked on this server and not kept.",
    ),
    (
        "vp.asli",
        "ASLI — dokumen pakta ini sah",
        "GENUINE — this pact document is authentic",
    ),
    ("vp.tidak_asli", "TIDAK ASLI", "NOT GENUINE"),
    (
        "vp.tanpa_berkas",
        "Tidak ada berkas PDF yang diterima (atau berkas terlalu besar).",
        "No PDF file was received (or the file is too large).",
    ),
    (
        "vp.isi_utuh",
        "Isi PDF utuh: sama persis dengan dokumen yang disusun dari rekaman tanda tangannya.",
        "The PDF is intact: identical to the document rendered from its signature record.",
    ),
    (
        "vp.tercatat",
        "Tanda tangannya tercatat di log Pemda dan dicakup checkpoint yang ditandatangani.",
        "Its signature is in the Pemda's log and covered by a signed checkpoint.",
    ),
    (
        "vp.instansi_beda",
        "Pemda pada dokumen tidak sama dengan Pemda pemilik log.",
        "The Pemda on the document differs from the log's owner.",
    ),
];
