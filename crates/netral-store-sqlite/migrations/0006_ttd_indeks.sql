-- Signing throughput (issue #4 §8). Every signature dirtied a page of an index keyed by
-- its random leaf hash, and `tanda_tangan_versi_daun` duplicated what an index on the leaf
-- index alone gives. A signature is now found by its leaf hash through the log's own
-- unique hash index (`log_daun_hash`) and then by its leaf index, which is appended in
-- order: one index fewer per signature, and its pages are the last ones, already cached.
-- The log's unique hash index still guarantees that no two signatures share a leaf.
--
-- The index also covers the change feed (`perubahan_ttd`: the campaign progress of every
-- server asks for the signatures after its watermark every 100 ms), which so read each new
-- signature's table row, one page apiece (the row carries its ~2.7 KB record), and from disk:
-- a reader's page cache is emptied by every commit of the writer.
DROP INDEX tanda_tangan_daun;
DROP INDEX tanda_tangan_versi_daun;
CREATE INDEX tanda_tangan_indeks_daun ON tanda_tangan
    (instansi_id, indeks_daun, template_id, template_versi, pegawai_id, id, metode, waktu);

-- The record without the pact text it repeats. A signature's record (~2.7 KB) is mostly the
-- template's text, byte for byte the same in every signature of that version, so a row
-- took a 4 KB page of its own. The text (the value of the record's `templat` key) is kept
-- once per instansi in `rekaman_templat`, keyed by its SHA-256; the row keeps the rest and
-- the byte offset to splice it back at (`netral_store::ttd::sambung_rekaman`). Rows
-- without `rekaman_sisip` hold the whole record.
CREATE TABLE rekaman_templat (
    instansi_id  INTEGER NOT NULL REFERENCES instansi (id),
    hash         BLOB NOT NULL,
    isi          BLOB NOT NULL,
    PRIMARY KEY (instansi_id, hash)
) WITHOUT ROWID;
ALTER TABLE tanda_tangan ADD COLUMN rekaman_sisip INTEGER;
ALTER TABLE tanda_tangan ADD COLUMN rekaman_templat BLOB;
