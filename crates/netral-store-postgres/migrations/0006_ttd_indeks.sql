-- Signing throughput (issue #4 §8).
--
-- 1. Every signature dirtied a page of an index keyed by its random leaf hash, and
--    `tanda_tangan_versi_daun` duplicated what an index on the leaf index alone gives (and
--    tempted the planner, before statistics caught up, to answer the batch's active-
--    signature lookup by scanning every signature of the version). A signature is now
--    found by its leaf hash through the log's unique hash constraint (`log_daun_hash`) and
--    then by its leaf index, appended in order. The log's constraint still guarantees that
--    no two signatures share a leaf.
DROP INDEX tanda_tangan_daun;
DROP INDEX tanda_tangan_versi_daun;
CREATE UNIQUE INDEX tanda_tangan_indeks_daun ON tanda_tangan (instansi_id, indeks_daun);

-- 2. The tree size and the latest checkpoint move out of the head row into their own row.
--    Appends lock the head (`urut`); the sequencer and the checkpointer lock this row
--    instead, so integrating the tree no longer waits for, or holds up, a signing batch.
--    `pohon <= urut` is checked by the sequencer against the committed head (`urut` only
--    grows), `checkpoint_ukuran <= pohon` stays a constraint.
CREATE TABLE log_pohon (
    instansi_id        BIGINT PRIMARY KEY REFERENCES instansi (id),
    pohon              BIGINT NOT NULL DEFAULT 0,
    checkpoint_ukuran  BIGINT,
    CONSTRAINT log_pohon_checkpoint CHECK (checkpoint_ukuran IS NULL OR checkpoint_ukuran <= pohon)
);
INSERT INTO log_pohon (instansi_id, pohon, checkpoint_ukuran)
    SELECT instansi_id, pohon, checkpoint_ukuran FROM log_kepala;
ALTER TABLE log_kepala
    DROP CONSTRAINT log_kepala_checkpoint,
    DROP CONSTRAINT log_kepala_pohon,
    DROP COLUMN pohon,
    DROP COLUMN checkpoint_ukuran;

-- 3. A signature row (~3 KB with its record) stays inline and uncompressed: compressing
--    the record cost more CPU per signature than the page it saves, and the composite
--    keys to `pegawai` and `pakta_templat` already imply the instansi, so the row's own
--    key to `instansi` was a third lookup per row (and a shared lock on one hot row).
ALTER TABLE tanda_tangan SET (toast_tuple_target = 8160);
ALTER TABLE tanda_tangan DROP CONSTRAINT tanda_tangan_instansi_id_fkey;
