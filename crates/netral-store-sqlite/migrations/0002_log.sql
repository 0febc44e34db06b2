-- The transparency log (issue #3): one log per instansi. Applied migrations are never
-- edited: add a new file. Every table starts its primary key with instansi_id.

-- The head of each log. Appends run in the single writer's IMMEDIATE transaction and
-- read and bump `urut` (the next leaf index) there, so indexes are dense and ordered.
CREATE TABLE log_kepala (
    instansi_id        INTEGER PRIMARY KEY REFERENCES instansi (id),
    origin             TEXT,
    vkey               TEXT,
    urut               INTEGER NOT NULL DEFAULT 0,
    pohon              INTEGER NOT NULL DEFAULT 0,
    checkpoint_ukuran  INTEGER,
    CHECK (pohon <= urut),
    CHECK (checkpoint_ukuran IS NULL OR checkpoint_ukuran <= pohon)
);

-- Sequenced leaves: RFC 6962 leaf hash and the canonical entry bytes it hashes.
CREATE TABLE log_daun (
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    idx          INTEGER NOT NULL,
    hash         BLOB NOT NULL,
    entri        BLOB NOT NULL,
    PRIMARY KEY (instansi_id, idx)
) WITHOUT ROWID;
CREATE UNIQUE INDEX log_daun_hash ON log_daun (instansi_id, hash);

-- Stored hashes of the Merkle tree, Go sumdb/tlog layout (stored-hash index).
CREATE TABLE log_hash (
    instansi_id  INTEGER NOT NULL,
    idx          INTEGER NOT NULL,
    hash         BLOB NOT NULL,
    PRIMARY KEY (instansi_id, idx)
) WITHOUT ROWID;

-- Every signed checkpoint (note text as signed), one per size.
CREATE TABLE log_checkpoint (
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    ukuran       INTEGER NOT NULL,
    akar         BLOB NOT NULL,
    catatan      TEXT NOT NULL,
    waktu        TEXT NOT NULL,
    PRIMARY KEY (instansi_id, ukuran)
) WITHOUT ROWID;

-- Witness cosignature lines received for a checkpoint, in the order received.
CREATE TABLE log_kosignatur (
    instansi_id    INTEGER NOT NULL,
    ukuran         INTEGER NOT NULL,
    urutan         INTEGER NOT NULL,
    baris          TEXT NOT NULL,
    diterima_pada  TEXT NOT NULL,
    PRIMARY KEY (instansi_id, ukuran, urutan),
    FOREIGN KEY (instansi_id, ukuran) REFERENCES log_checkpoint (instansi_id, ukuran)
);
CREATE UNIQUE INDEX log_kosignatur_baris ON log_kosignatur (instansi_id, ukuran, baris);

-- Leaves, stored hashes and checkpoints are append-only.
CREATE TRIGGER log_daun_no_update BEFORE UPDATE ON log_daun
BEGIN
    SELECT RAISE(ABORT, 'log_daun is append-only');
END;
CREATE TRIGGER log_daun_no_delete BEFORE DELETE ON log_daun
BEGIN
    SELECT RAISE(ABORT, 'log_daun is append-only');
END;
CREATE TRIGGER log_hash_no_update BEFORE UPDATE ON log_hash
BEGIN
    SELECT RAISE(ABORT, 'log_hash is append-only');
END;
CREATE TRIGGER log_hash_no_delete BEFORE DELETE ON log_hash
BEGIN
    SELECT RAISE(ABORT, 'log_hash is append-only');
END;
CREATE TRIGGER log_checkpoint_no_update BEFORE UPDATE ON log_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'log_checkpoint is append-only');
END;
CREATE TRIGGER log_checkpoint_no_delete BEFORE DELETE ON log_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'log_checkpoint is append-only');
END;
