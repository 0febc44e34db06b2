-- The record without the pact text it repeats (as SQLite's migration 0006). A signature's
-- record (~2.7 KB) is mostly the template's text, byte for byte the same in every signature
-- of that version, so every signature wrote it again: into the heap and into the WAL, whose
-- volume set off checkpoints in the middle of a signing morning. The text (the value of the
-- record's `templat` key) is kept once per instansi in `rekaman_templat`, keyed by its
-- SHA-256; the row keeps the rest and the byte offset to splice it back at
-- (`netral_store::ttd::sambung_rekaman`). Rows without `rekaman_sisip` hold the whole record.
CREATE TABLE rekaman_templat (
    instansi_id  BIGINT NOT NULL REFERENCES instansi (id),
    hash         BYTEA NOT NULL,
    isi          BYTEA NOT NULL,
    PRIMARY KEY (instansi_id, hash)
);
ALTER TABLE tanda_tangan
    ADD COLUMN rekaman_sisip INTEGER,
    ADD COLUMN rekaman_templat BYTEA,
    ADD CONSTRAINT tanda_tangan_rekaman_templat CHECK ((rekaman_sisip IS NULL) = (rekaman_templat IS NULL));
