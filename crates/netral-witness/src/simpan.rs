//! The witness's data folder.
//!
//! | file | content |
//! |---|---|
//! | `witness.key` | the cosigner private key (`PRIVATE+KEY+name+id+…`), created on first start, mode 0600 |
//! | `witness.state` | per log: `<origin> <size> <hex root>`, after a `netral-witness-state v1` header |
//! | `witness.lock` | held (advisory `flock`) while a witness runs, so two processes never share one state |
//!
//! The state file is replaced atomically: a temporary file is written and
//! fsynced, renamed over the old one, and the folder is fsynced, so after a
//! crash the file holds either the old or the new state, never a mix, and a
//! state the witness answered with is never lost.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use netral_ledger::NoteError;
use netral_ledger::cosig::CosignerKey;
use netral_ledger::hash::Hash;
use netral_ledger::witness::LogState;
use rand::RngCore;

/// Name of the cosigner key file.
pub const BERKAS_KUNCI: &str = "witness.key";
/// Name of the state file.
pub const BERKAS_STATUS: &str = "witness.state";
/// Name of the lock file.
pub const BERKAS_KUNCI_PROSES: &str = "witness.lock";
/// Key name used when the folder has no key yet and no name is given.
pub const NAMA_BAWAAN: &str = "witness.localhost";

const KEPALA_STATUS: &str = "netral-witness-state v1";
const BERKAS_SEMENTARA: &str = "witness.state.tmp";

/// The recorded state: log origin → latest cosigned size and root.
pub type StatusLog = BTreeMap<String, LogState>;

/// Why the data folder could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GalatSimpan {
    /// A file operation failed.
    #[error("{konteks}: {sumber}")]
    Io {
        /// What was being done, in Indonesian.
        konteks: String,
        /// The underlying error.
        #[source]
        sumber: io::Error,
    },
    /// Another process holds the folder.
    #[error(
        "folder {0} sedang dipakai oleh proses saksi lain (berkas {BERKAS_KUNCI_PROSES} terkunci)"
    )]
    Terkunci(PathBuf),
    /// A file in the folder is damaged.
    #[error("berkas {berkas} rusak (baris {baris}): {alasan}")]
    Rusak {
        /// The file.
        berkas: PathBuf,
        /// 1-based line number.
        baris: usize,
        /// Why.
        alasan: &'static str,
    },
    /// The key file does not hold a cosigner key, or the requested name is invalid.
    #[error("kunci saksi tidak valid: {0}")]
    Kunci(NoteError),
    /// The key file was made for another name.
    #[error(
        "kunci di {berkas} bernama \"{di_berkas}\", bukan \"{diminta}\"; nama saksi tidak dapat diganti tanpa kunci baru (pindahkan berkas kunci dan status bila memang ingin membuat saksi baru)"
    )]
    NamaBerbeda {
        /// The key file.
        berkas: PathBuf,
        /// Name in the key file.
        di_berkas: String,
        /// Name asked for.
        diminta: String,
    },
}

fn io_galat(konteks: impl Into<String>) -> impl FnOnce(io::Error) -> GalatSimpan {
    let konteks = konteks.into();
    move |sumber| GalatSimpan::Io { konteks, sumber }
}

/// An open, locked data folder.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    _kunci: File,
}

impl Folder {
    /// Creates the folder (mode 0700) if needed and takes its lock.
    pub fn buka(dir: &Path) -> Result<Folder, GalatSimpan> {
        fs::create_dir_all(dir).map_err(io_galat(format!("membuat folder {}", dir.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                .map_err(io_galat(format!("mengatur izin folder {}", dir.display())))?;
        }
        let jalur = dir.join(BERKAS_KUNCI_PROSES);
        let kunci = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&jalur)
            .map_err(io_galat(format!("membuka {}", jalur.display())))?;
        match kunci.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => return Err(GalatSimpan::Terkunci(dir.into())),
            Err(fs::TryLockError::Error(e)) => {
                return Err(io_galat(format!("mengunci {}", jalur.display()))(e));
            }
        }
        Ok(Folder {
            dir: dir.to_path_buf(),
            _kunci: kunci,
        })
    }

    /// The folder path.
    pub fn jalur(&self) -> &Path {
        &self.dir
    }

    /// Loads the cosigner key, or creates one on first start (named `nama`,
    /// default [`NAMA_BAWAAN`]). A given `nama` must match the stored key's
    /// name: the name is part of the key's identity.
    pub fn kunci_cosigner(&self, nama: Option<&str>) -> Result<CosignerKey, GalatSimpan> {
        let jalur = self.dir.join(BERKAS_KUNCI);
        match fs::read_to_string(&jalur) {
            Ok(teks) => {
                let kunci = CosignerKey::from_skey(teks.trim()).map_err(GalatSimpan::Kunci)?;
                if let Some(nama) = nama
                    && nama != kunci.name()
                {
                    return Err(GalatSimpan::NamaBerbeda {
                        berkas: jalur,
                        di_berkas: kunci.name().to_owned(),
                        diminta: nama.to_owned(),
                    });
                }
                Ok(kunci)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let mut benih = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut benih);
                let kunci = CosignerKey::from_seed(nama.unwrap_or(NAMA_BAWAAN), benih)
                    .map_err(GalatSimpan::Kunci)?;
                self.tulis_atomik(BERKAS_KUNCI, &format!("{}\n", kunci.skey()), true)?;
                Ok(kunci)
            }
            Err(e) => Err(io_galat(format!("membaca {}", jalur.display()))(e)),
        }
    }

    /// Reads the recorded state (empty when the witness never cosigned).
    pub fn baca_status(&self) -> Result<StatusLog, GalatSimpan> {
        let jalur = self.dir.join(BERKAS_STATUS);
        let teks = match fs::read_to_string(&jalur) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(StatusLog::new()),
            Err(e) => return Err(io_galat(format!("membaca {}", jalur.display()))(e)),
        };
        urai_status(&teks).map_err(|(baris, alasan)| GalatSimpan::Rusak {
            berkas: jalur,
            baris,
            alasan,
        })
    }

    /// Replaces the state file atomically and durably.
    pub fn tulis_status(&self, status: &StatusLog) -> Result<(), GalatSimpan> {
        self.tulis_atomik(BERKAS_STATUS, &teks_status(status), false)
    }

    /// Writes `isi` to a temporary file, fsyncs it, renames it to `nama` and
    /// fsyncs the folder. With `baru`, refuses to replace an existing file.
    fn tulis_atomik(&self, nama: &str, isi: &str, baru: bool) -> Result<(), GalatSimpan> {
        let tujuan = self.dir.join(nama);
        let sementara = self.dir.join(if baru {
            format!("{nama}.tmp")
        } else {
            BERKAS_SEMENTARA.to_owned()
        });
        let mut opsi = OpenOptions::new();
        opsi.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opsi.mode(0o600);
        }
        let mut f = opsi
            .open(&sementara)
            .map_err(io_galat(format!("membuat {}", sementara.display())))?;
        f.write_all(isi.as_bytes())
            .and_then(|()| f.sync_all())
            .map_err(io_galat(format!("menulis {}", sementara.display())))?;
        drop(f);
        if baru {
            // hard_link fails if the target exists: never overwrite a key.
            fs::hard_link(&sementara, &tujuan)
                .map_err(io_galat(format!("membuat {}", tujuan.display())))?;
            fs::remove_file(&sementara)
                .map_err(io_galat(format!("menghapus {}", sementara.display())))?;
        } else {
            fs::rename(&sementara, &tujuan)
                .map_err(io_galat(format!("mengganti {}", tujuan.display())))?;
        }
        sinkron_folder(&self.dir)
    }
}

fn sinkron_folder(dir: &Path) -> Result<(), GalatSimpan> {
    #[cfg(unix)]
    {
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_galat(format!("fsync folder {}", dir.display())))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The state file text.
pub fn teks_status(status: &StatusLog) -> String {
    let mut s = String::with_capacity(32 + status.len() * 120);
    s.push_str(KEPALA_STATUS);
    s.push('\n');
    for (origin, st) in status {
        s.push_str(&format!("{origin} {} {}\n", st.size, hex::encode(st.root)));
    }
    s
}

/// Parses the state file text; errors carry the 1-based line number.
pub fn urai_status(teks: &str) -> Result<StatusLog, (usize, &'static str)> {
    let mut baris = teks.split('\n');
    if baris.next() != Some(KEPALA_STATUS) {
        return Err((1, "kepala berkas bukan \"netral-witness-state v1\""));
    }
    if !teks.ends_with('\n') {
        return Err((teks.split('\n').count(), "baris terakhir tidak lengkap"));
    }
    let mut status = StatusLog::new();
    for (i, b) in baris.enumerate() {
        let no = i + 2;
        if b.is_empty() {
            continue;
        }
        let mut bagian = b.rsplitn(3, ' ');
        let (Some(akar), Some(ukuran), Some(origin)) =
            (bagian.next(), bagian.next(), bagian.next())
        else {
            return Err((no, "baris harus berisi <origin> <ukuran> <akar hex>"));
        };
        let ukuran: u64 = ukuran.parse().map_err(|_| (no, "ukuran bukan bilangan"))?;
        let akar: Hash = hex::decode(akar)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or((no, "akar bukan 32 byte hex"))?;
        if origin.is_empty() {
            return Err((no, "origin kosong"));
        }
        if status
            .insert(
                origin.to_owned(),
                LogState {
                    size: ukuran,
                    root: akar,
                },
            )
            .is_some()
        {
            return Err((no, "origin tercatat dua kali"));
        }
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_round_trip() {
        let mut s = StatusLog::new();
        s.insert(
            "pakta.example.go.id/19.71".into(),
            LogState {
                size: 42,
                root: [7; 32],
            },
        );
        s.insert(
            "a/b".into(),
            LogState {
                size: 0,
                root: netral_ledger::empty_root(),
            },
        );
        assert_eq!(urai_status(&teks_status(&s)).unwrap(), s);
        assert_eq!(
            urai_status(&teks_status(&StatusLog::new())).unwrap(),
            StatusLog::new()
        );
    }

    #[test]
    fn status_rejects_damage() {
        let baik = teks_status(&BTreeMap::from([(
            "o".to_string(),
            LogState {
                size: 1,
                root: [1; 32],
            },
        )]));
        assert!(urai_status(&baik[..baik.len() - 1]).is_err());
        assert!(urai_status("").is_err());
        assert!(urai_status(&baik.replace(" 1 ", " x ")).is_err());
        assert!(urai_status(&baik.replace("0101", "01")).is_err());
        assert!(urai_status(&format!("{baik}{}", &baik[KEPALA_STATUS.len() + 1..])).is_err());
    }

    #[test]
    fn key_is_created_once_with_mode_0600_and_name_is_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let k1 = {
            let f = Folder::buka(dir.path()).unwrap();
            f.kunci_cosigner(Some("saksi.example.ac.id")).unwrap()
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(BERKAS_KUNCI))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let f = Folder::buka(dir.path()).unwrap();
        assert_eq!(f.kunci_cosigner(None).unwrap().vkey(), k1.vkey());
        assert_eq!(
            f.kunci_cosigner(Some("saksi.example.ac.id"))
                .unwrap()
                .vkey(),
            k1.vkey()
        );
        assert!(matches!(
            f.kunci_cosigner(Some("lain")),
            Err(GalatSimpan::NamaBerbeda { .. })
        ));
    }

    #[test]
    fn folder_lock_excludes_a_second_witness() {
        let dir = tempfile::tempdir().unwrap();
        let f = Folder::buka(dir.path()).unwrap();
        assert!(matches!(
            Folder::buka(dir.path()),
            Err(GalatSimpan::Terkunci(_))
        ));
        drop(f);
        Folder::buka(dir.path()).unwrap();
    }
}
