-- Registry, accounts and audit log. Applied migrations are never edited: add a new file.
-- Every tenant-owned table starts its primary key with instansi_id (see ARCHITECTURE.md).

CREATE TABLE instansi (
    id              INTEGER PRIMARY KEY,
    kode            TEXT NOT NULL UNIQUE,
    jenis           TEXT NOT NULL,
    nama            TEXT NOT NULL,
    kepala_daerah   TEXT,
    status_kepala   TEXT NOT NULL,
    demo            INTEGER NOT NULL DEFAULT 0,
    versi_registri  INTEGER NOT NULL DEFAULT 0,
    dibuat_pada     TEXT NOT NULL,
    diubah_pada     TEXT NOT NULL
);

CREATE TABLE unit_kerja (
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    id           INTEGER NOT NULL,
    induk_id     INTEGER,
    nama         TEXT NOT NULL,
    jenis        TEXT NOT NULL,
    PRIMARY KEY (instansi_id, id),
    FOREIGN KEY (instansi_id, induk_id) REFERENCES unit_kerja (instansi_id, id)
);
CREATE UNIQUE INDEX unit_kerja_nama ON unit_kerja (instansi_id, COALESCE(induk_id, 0), nama);

CREATE TABLE jabatan (
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    id           INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL,
    nama         TEXT NOT NULL,
    jenis        TEXT,
    eselon       TEXT,
    PRIMARY KEY (instansi_id, id),
    FOREIGN KEY (instansi_id, unit_id) REFERENCES unit_kerja (instansi_id, id)
);
CREATE UNIQUE INDEX jabatan_nama ON jabatan (instansi_id, unit_id, nama);

CREATE TABLE pegawai (
    instansi_id       INTEGER NOT NULL REFERENCES instansi (id),
    id                INTEGER NOT NULL,
    identitas         TEXT NOT NULL,
    jenis             TEXT NOT NULL,
    nip               TEXT,
    ni_pppk           TEXT,
    nik               TEXT,
    nama              TEXT NOT NULL,
    gelar_depan       TEXT,
    gelar_belakang    TEXT,
    tempat_lahir      TEXT,
    tanggal_lahir     TEXT,
    jenis_kelamin     TEXT,
    golongan          TEXT,
    jabatan_id        INTEGER,
    unit_id           INTEGER,
    atasan_identitas  TEXT,
    atasan_id         INTEGER,
    no_hp             TEXT,
    email             TEXT,
    status            TEXT NOT NULL,
    cari              TEXT NOT NULL,
    sidik             TEXT NOT NULL,
    dibuat_pada       TEXT NOT NULL,
    diubah_pada       TEXT NOT NULL,
    PRIMARY KEY (instansi_id, id)
);
CREATE UNIQUE INDEX pegawai_identitas ON pegawai (instansi_id, identitas);
CREATE INDEX pegawai_nama ON pegawai (instansi_id, nama, id);
CREATE INDEX pegawai_unit ON pegawai (instansi_id, unit_id);

-- Accounts are few and looked up by username before the tenant is known, so the
-- username is unique across instansi; the row still carries its instansi.
CREATE TABLE pengguna (
    id           INTEGER PRIMARY KEY,
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    username     TEXT NOT NULL UNIQUE,
    nama         TEXT NOT NULL,
    peran        TEXT NOT NULL,
    unit_id      INTEGER,
    hash_sandi   TEXT,
    aktif        INTEGER NOT NULL DEFAULT 1,
    dibuat_pada  TEXT NOT NULL,
    diubah_pada  TEXT NOT NULL
);

CREATE TABLE sesi (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES pengguna (id),
    csrf         TEXT NOT NULL,
    dibuat       TEXT NOT NULL,
    kedaluwarsa  TEXT NOT NULL
);

CREATE TABLE token_api (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES pengguna (id),
    nama         TEXT NOT NULL,
    dibuat       TEXT NOT NULL,
    kedaluwarsa  TEXT
);

-- Append-only: the triggers below refuse UPDATE and DELETE.
CREATE TABLE audit_log (
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    id           INTEGER NOT NULL,
    waktu        TEXT NOT NULL,
    aktor        TEXT NOT NULL,
    aksi         TEXT NOT NULL,
    entitas      TEXT NOT NULL,
    entitas_id   TEXT,
    sebelum      TEXT,
    sesudah      TEXT,
    PRIMARY KEY (instansi_id, id)
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
