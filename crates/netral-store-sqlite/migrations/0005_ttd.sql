-- Signing (issue #4 §3–5): signatures with their log leaf, representative rosters, witness
-- statements, evidence files, ikrar events and attendance, one-time codes, personal links
-- and the notification outbox. Tenant tables are keyed (instansi_id, …).

CREATE TABLE tanda_tangan (
    instansi_id        INTEGER NOT NULL REFERENCES instansi (id),
    id                 INTEGER NOT NULL,
    template_id        INTEGER NOT NULL,
    template_versi     INTEGER NOT NULL,
    hash_isi           TEXT NOT NULL,
    pegawai_id         INTEGER NOT NULL,
    kampanye_id        INTEGER,
    waktu              TEXT NOT NULL,
    metode             TEXT NOT NULL,
    lokasi             TEXT,
    bukti_hash         TEXT,
    mewakili_unit_id   INTEGER,
    mandat_hash        TEXT,
    rekaman            BLOB NOT NULL,
    hash_daun          BLOB NOT NULL,
    indeks_daun        INTEGER NOT NULL,
    kunci_idempoten    TEXT,
    batal_waktu        TEXT,
    batal_alasan       TEXT,
    batal_oleh         TEXT,
    hash_daun_batal    BLOB,
    indeks_daun_batal  INTEGER,
    PRIMARY KEY (instansi_id, id),
    FOREIGN KEY (instansi_id, template_id) REFERENCES pakta_templat (instansi_id, id),
    FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id)
);
-- One ACTIVE signature per employee per template version; a revoked one stays.
CREATE UNIQUE INDEX tanda_tangan_aktif
    ON tanda_tangan (instansi_id, template_id, template_versi, pegawai_id)
    WHERE batal_waktu IS NULL;
CREATE UNIQUE INDEX tanda_tangan_kunci
    ON tanda_tangan (instansi_id, kunci_idempoten) WHERE kunci_idempoten IS NOT NULL;
CREATE UNIQUE INDEX tanda_tangan_daun ON tanda_tangan (instansi_id, hash_daun);
-- perubahan_ttd: signatures and revocations of one version after a leaf index.
CREATE INDEX tanda_tangan_versi_daun
    ON tanda_tangan (instansi_id, template_id, template_versi, indeks_daun);
CREATE INDEX tanda_tangan_versi_batal
    ON tanda_tangan (instansi_id, template_id, template_versi, indeks_daun_batal)
    WHERE indeks_daun_batal IS NOT NULL;
CREATE INDEX tanda_tangan_pegawai ON tanda_tangan (instansi_id, pegawai_id);

CREATE TABLE tanda_tangan_mewakili (
    instansi_id      INTEGER NOT NULL,
    tanda_tangan_id  INTEGER NOT NULL,
    urutan           INTEGER NOT NULL,
    pegawai_id       INTEGER NOT NULL,
    PRIMARY KEY (instansi_id, tanda_tangan_id, urutan),
    FOREIGN KEY (instansi_id, tanda_tangan_id) REFERENCES tanda_tangan (instansi_id, id)
) WITHOUT ROWID;

CREATE TABLE pernyataan_saksi (
    instansi_id       INTEGER NOT NULL REFERENCES instansi (id),
    id                INTEGER NOT NULL,
    tanda_tangan_id   INTEGER NOT NULL,
    hash_ttd          TEXT NOT NULL,
    nama              TEXT NOT NULL,
    jabatan           TEXT NOT NULL,
    saksi_instansi    TEXT,
    saksi_pegawai_id  INTEGER,
    waktu             TEXT NOT NULL,
    metode            TEXT NOT NULL,
    lokasi            TEXT,
    hash_daun         BLOB NOT NULL,
    indeks_daun       INTEGER NOT NULL,
    PRIMARY KEY (instansi_id, id),
    FOREIGN KEY (instansi_id, tanda_tangan_id) REFERENCES tanda_tangan (instansi_id, id)
);
CREATE UNIQUE INDEX pernyataan_saksi_daun ON pernyataan_saksi (instansi_id, hash_daun);
CREATE INDEX pernyataan_saksi_ttd ON pernyataan_saksi (instansi_id, tanda_tangan_id, id);

-- Evidence files, content-addressed.
CREATE TABLE berkas (
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    hash         TEXT NOT NULL,
    mime         TEXT NOT NULL,
    nama         TEXT NOT NULL,
    isi          BLOB NOT NULL,
    PRIMARY KEY (instansi_id, hash)
) WITHOUT ROWID;

CREATE TABLE acara_ikrar (
    instansi_id   INTEGER NOT NULL REFERENCES instansi (id),
    id            INTEGER NOT NULL,
    pemilihan_id  INTEGER,
    jenis         TEXT NOT NULL,
    nama          TEXT NOT NULL,
    tanggal       TEXT NOT NULL,
    lokasi        TEXT,
    hash_teks     TEXT,
    PRIMARY KEY (instansi_id, id),
    FOREIGN KEY (instansi_id, pemilihan_id) REFERENCES pemilihan (instansi_id, id)
);

CREATE TABLE kehadiran_ikrar (
    instansi_id   INTEGER NOT NULL,
    acara_id      INTEGER NOT NULL,
    pegawai_id    INTEGER NOT NULL,
    waktu         TEXT NOT NULL,
    dicatat_oleh  TEXT NOT NULL,
    PRIMARY KEY (instansi_id, acara_id, pegawai_id),
    FOREIGN KEY (instansi_id, acara_id) REFERENCES acara_ikrar (instansi_id, id),
    FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id)
) WITHOUT ROWID;

CREATE TABLE otp (
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    id           INTEGER NOT NULL,
    pegawai_id   INTEGER NOT NULL,
    kode_hash    TEXT NOT NULL,
    dibuat       TEXT NOT NULL,
    kedaluwarsa  TEXT NOT NULL,
    maks_coba    INTEGER NOT NULL,
    coba         INTEGER NOT NULL DEFAULT 0,
    dipakai      TEXT,
    PRIMARY KEY (instansi_id, id)
);
CREATE INDEX otp_pegawai ON otp (instansi_id, pegawai_id, id);

-- Looked up by token before the tenant is known (like sesi); the row carries its instansi.
CREATE TABLE tautan_ttd (
    token_hash   TEXT PRIMARY KEY,
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    pegawai_id   INTEGER NOT NULL,
    kampanye_id  INTEGER NOT NULL,
    dibuat       TEXT NOT NULL,
    kedaluwarsa  TEXT NOT NULL
);

-- The outbox is drained by one sender for all instansi, so ids are global.
CREATE TABLE notifikasi (
    id              INTEGER PRIMARY KEY,
    instansi_id     INTEGER NOT NULL REFERENCES instansi (id),
    pegawai_id      INTEGER,
    saluran         TEXT NOT NULL,
    tujuan          TEXT NOT NULL,
    subjek          TEXT NOT NULL,
    isi             TEXT NOT NULL,
    dibuat          TEXT NOT NULL,
    kirim_setelah   TEXT NOT NULL,
    status          TEXT NOT NULL,
    percobaan       INTEGER NOT NULL DEFAULT 0,
    galat_terakhir  TEXT,
    terkirim        TEXT,
    sewa_sampai     TEXT
);
CREATE INDEX notifikasi_antre ON notifikasi (kirim_setelah, id) WHERE status = 'ANTRE';
CREATE INDEX notifikasi_instansi ON notifikasi (instansi_id, id);
