-- Pakta model (issue #4 §1–2): elections and their stages, versioned pact templates,
-- signing campaigns and their stages. Every table is keyed (instansi_id, …) and every
-- reference between them includes instansi_id.

CREATE TABLE pemilihan (
    instansi_id     INTEGER NOT NULL REFERENCES instansi (id),
    id              INTEGER NOT NULL,
    jenis           TEXT NOT NULL,
    nama            TEXT NOT NULL,
    wilayah_kode    TEXT NOT NULL,
    tgl_pemungutan  TEXT NOT NULL,
    dasar_hukum     TEXT NOT NULL,
    status          TEXT NOT NULL,
    PRIMARY KEY (instansi_id, id)
);

CREATE TABLE pemilihan_tahapan (
    instansi_id   INTEGER NOT NULL,
    pemilihan_id  INTEGER NOT NULL,
    jenis         TEXT NOT NULL,
    mulai         TEXT NOT NULL,
    selesai       TEXT NOT NULL,
    PRIMARY KEY (instansi_id, pemilihan_id, jenis),
    FOREIGN KEY (instansi_id, pemilihan_id) REFERENCES pemilihan (instansi_id, id)
);

CREATE TABLE pakta_templat (
    instansi_id    INTEGER NOT NULL REFERENCES instansi (id),
    id             INTEGER NOT NULL,
    pemilihan_id   INTEGER,
    versi          INTEGER NOT NULL CHECK (versi >= 1),
    judul          TEXT NOT NULL,
    mode           TEXT NOT NULL,
    isi            TEXT NOT NULL,
    teks_kanonik   TEXT NOT NULL,
    hash_isi       TEXT NOT NULL,
    disahkan_oleh  TEXT,
    tgl_sah        TEXT,
    PRIMARY KEY (instansi_id, id),
    FOREIGN KEY (instansi_id, pemilihan_id) REFERENCES pemilihan (instansi_id, id)
);
CREATE UNIQUE INDEX pakta_templat_hash ON pakta_templat (instansi_id, hash_isi);
CREATE UNIQUE INDEX pakta_templat_versi ON pakta_templat (instansi_id, COALESCE(pemilihan_id, 0), versi);

-- An approved version never changes (a change is a new version row) and is never removed.
CREATE TRIGGER pakta_templat_beku BEFORE UPDATE ON pakta_templat
WHEN OLD.tgl_sah IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'pakta_templat: approved version is immutable');
END;

CREATE TRIGGER pakta_templat_no_delete BEFORE DELETE ON pakta_templat
WHEN OLD.tgl_sah IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'pakta_templat: approved version is immutable');
END;

CREATE TABLE kampanye (
    instansi_id     INTEGER NOT NULL REFERENCES instansi (id),
    id              INTEGER NOT NULL,
    nama            TEXT NOT NULL,
    template_id     INTEGER NOT NULL,
    template_versi  INTEGER NOT NULL,
    hash_isi        TEXT NOT NULL,
    lingkup         TEXT NOT NULL,
    dibuka          TEXT,
    ditutup         TEXT,
    PRIMARY KEY (instansi_id, id),
    FOREIGN KEY (instansi_id, template_id) REFERENCES pakta_templat (instansi_id, id)
);
CREATE INDEX kampanye_templat ON kampanye (instansi_id, template_id);

CREATE TABLE kampanye_tahap (
    instansi_id   INTEGER NOT NULL,
    kampanye_id   INTEGER NOT NULL,
    urutan        INTEGER NOT NULL,
    nama          TEXT NOT NULL,
    sifat         TEXT NOT NULL,
    tenggat       TEXT,
    anggota       TEXT NOT NULL,
    perlu_saksi   INTEGER NOT NULL,
    PRIMARY KEY (instansi_id, kampanye_id, urutan),
    FOREIGN KEY (instansi_id, kampanye_id) REFERENCES kampanye (instansi_id, id)
);
