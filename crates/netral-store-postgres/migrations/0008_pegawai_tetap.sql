-- A signature no longer locks its employee's row. The key from `tanda_tangan` to `pegawai`
-- took a KEY SHARE row lock on the employee for every signature: a WAL record and a dirtied
-- page of the (large, mostly cold) employee table per signature, written back at random,
-- about a fifth of the WAL of a signing run (pg_waldump: one Heap/LOCK per signature, and
-- every full-page image of the run). What the key guaranteed is kept another way:
--
-- * the signing transaction itself checks that the employee exists in the instansi and is
--   AKTIF (`ttd.rs`, `lihat` and `periksa_masuk`);
-- * an employee row is never deleted and its key never changes: employees who leave are
--   made TIDAK_AKTIF. No code path deletes one, and the trigger below refuses it (DELETE,
--   TRUNCATE, or an UPDATE of `instansi_id` / `id`), for every writer, with no race:
--   a row that is never deleted cannot be deleted under a signature in flight.
ALTER TABLE tanda_tangan DROP CONSTRAINT tanda_tangan_instansi_id_pegawai_id_fkey;

CREATE FUNCTION pegawai_tetap() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.instansi_id = OLD.instansi_id AND NEW.id = OLD.id THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'pegawai tidak pernah dihapus atau diganti kuncinya; ubah statusnya menjadi TIDAK_AKTIF'
        USING ERRCODE = 'restrict_violation', TABLE = 'pegawai', CONSTRAINT = 'pegawai_tetap';
END;
$$;

CREATE TRIGGER pegawai_tetap BEFORE DELETE OR UPDATE OF instansi_id, id ON pegawai
    FOR EACH ROW EXECUTE FUNCTION pegawai_tetap();
CREATE TRIGGER pegawai_tetap_truncate BEFORE TRUNCATE ON pegawai
    FOR EACH STATEMENT EXECUTE FUNCTION pegawai_tetap();
