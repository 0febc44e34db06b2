-- The employee list is ordered and searched by `cari` (lower-case name first, then titles and
-- identifiers), so one narrow index serves ordering, substring search and counting without
-- touching the wide rows; the dashboard's counts by status and type read only an index.
DROP INDEX pegawai_nama;
CREATE INDEX pegawai_cari ON pegawai (instansi_id, cari, id);
CREATE INDEX pegawai_statistik ON pegawai (instansi_id, status, jenis, unit_id);
