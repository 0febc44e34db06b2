//! Instansi, accounts, login sessions, API tokens and login throttling.

use std::collections::HashMap;
use std::sync::Mutex;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;

use netral_domain::akun::{Izin, Peran, User, Username, periksa_sandi};
use netral_domain::ident::{JenisPemda, KodeWilayah};
use netral_domain::organisasi::{Instansi, InstansiBaru, StatusKepalaDaerah, UnitId};
use netral_store::{Perubahan, Sesi, TokenBaru, UserBaru};

use crate::{App, AppError, AppResult, Pelaku, sha256_hex};

/// Random token, URL-safe base64 of 32 bytes from the OS generator.
pub fn token_acak() -> String {
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// What a successful login hands to the web layer: the cookie value (shown once, stored
/// only as a hash), the CSRF token bound to the session, and the user.
#[derive(Debug, Clone)]
pub struct HasilMasuk {
    pub token: String,
    pub csrf: String,
    pub user: User,
    pub kedaluwarsa: DateTime<Utc>,
}

/// Login throttling: after 5 failures for one username (or 30 from one address) within 15
/// minutes, further attempts are refused for 15 minutes, even with the right password.
/// In-process; with several servers each limits on its own (noted in ARCHITECTURE.md).
#[derive(Debug, Default)]
pub struct PembatasMasuk {
    gagal: Mutex<HashMap<String, (u32, DateTime<Utc>)>>,
}

const JENDELA_MENIT: i64 = 15;

impl PembatasMasuk {
    fn kunci(jenis: &str, nilai: &str) -> String {
        format!("{jenis}:{}", nilai.to_lowercase())
    }

    /// Minutes left of a lockout, if any.
    pub fn terkunci(&self, username: &str, alamat: &str, now: DateTime<Utc>) -> Option<i64> {
        let peta = self.gagal.lock().ok()?;
        [
            (Self::kunci("u", username), 5u32),
            (Self::kunci("ip", alamat), 30u32),
        ]
        .into_iter()
        .filter_map(|(k, batas)| {
            let (n, mulai) = peta.get(&k)?;
            let sisa = (*mulai + Duration::minutes(JENDELA_MENIT) - now).num_minutes() + 1;
            (*n >= batas && sisa > 0).then_some(sisa)
        })
        .max()
    }

    pub fn catat_gagal(&self, username: &str, alamat: &str, now: DateTime<Utc>) {
        if let Ok(mut peta) = self.gagal.lock() {
            for k in [Self::kunci("u", username), Self::kunci("ip", alamat)] {
                let e = peta.entry(k).or_insert((0, now));
                if now - e.1 > Duration::minutes(JENDELA_MENIT) {
                    *e = (0, now);
                }
                e.0 += 1;
            }
            if peta.len() > 100_000 {
                peta.retain(|_, (_, mulai)| now - *mulai <= Duration::minutes(JENDELA_MENIT));
            }
        }
    }

    pub fn catat_berhasil(&self, username: &str) {
        if let Ok(mut peta) = self.gagal.lock() {
            peta.remove(&Self::kunci("u", username));
        }
    }
}

/// Input for registering a Pemda from the CLI or a form.
#[derive(Debug, Clone)]
pub struct FormInstansi {
    pub kode: String,
    pub nama: String,
    pub jenis: String,
    pub kepala_daerah: Option<String>,
    pub status_kepala: Option<String>,
    pub demo: bool,
}

/// Input for a new account.
#[derive(Debug, Clone)]
pub struct FormUser {
    pub instansi_kode: String,
    pub username: String,
    pub nama: Option<String>,
    pub peran: String,
    pub unit_id: Option<i64>,
    pub sandi: Option<String>,
}

impl App {
    fn argon2(&self) -> Argon2<'static> {
        let params = if self.konfigurasi.argon2_ringan {
            Params::new(1024, 1, 1, None)
        } else {
            // OWASP's Argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
            Params::new(19 * 1024, 2, 1, None)
        };
        Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            params.unwrap_or_default(),
        )
    }

    /// Hashes a password with Argon2id and a random salt (PHC string).
    pub fn hash_sandi(&self, sandi: &str) -> AppResult<String> {
        periksa_sandi(sandi).map_err(|e| AppError::Masukan(e.to_string()))?;
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        self.argon2()
            .hash_password(sandi.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("argon2: {e}")))
    }

    /// Registers a Pemda (idempotent by kode wilayah).
    pub async fn tambah_instansi(
        &self,
        pelaku: &Pelaku,
        f: FormInstansi,
    ) -> AppResult<(Instansi, Perubahan)> {
        if !matches!(pelaku, Pelaku::Cli(_)) {
            return Err(AppError::TidakBerwenang);
        }
        let kode = KodeWilayah::parse(&f.kode).map_err(|e| AppError::Masukan(e.to_string()))?;
        let jenis = JenisPemda::parse(&f.jenis).map_err(|e| AppError::Masukan(e.to_string()))?;
        let status_kepala = match f.status_kepala.as_deref() {
            None | Some("") => StatusKepalaDaerah::Definitif,
            Some(s) => {
                StatusKepalaDaerah::parse(s).map_err(|e| AppError::Masukan(e.to_string()))?
            }
        };
        let baru = InstansiBaru {
            kode,
            jenis,
            nama: f.nama.trim().to_string(),
            kepala_daerah: f
                .kepala_daerah
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            status_kepala,
            demo: f.demo,
        }
        .periksa()
        .map_err(|e| AppError::Masukan(e.to_string()))?;
        let jejak = pelaku.jejak(self.sekarang());
        Ok(self.store.simpan_instansi(&baru, &jejak).await?)
    }

    /// Finds a Pemda by kode wilayah or fails with a clear message.
    pub async fn instansi_wajib(&self, kode: &str) -> AppResult<Instansi> {
        let k = KodeWilayah::parse(kode).map_err(|e| AppError::Masukan(e.to_string()))?;
        self.store
            .instansi_by_kode(k.as_str())
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("instansi dengan kode {k}")))
    }

    /// Creates or updates an account (idempotent). Only an admin of the same instansi or
    /// the CLI may do this.
    pub async fn tambah_user(&self, pelaku: &Pelaku, f: FormUser) -> AppResult<(User, Perubahan)> {
        let instansi = self.instansi_wajib(&f.instansi_kode).await?;
        pelaku.wajib(Izin::KelolaAkun, instansi.id)?;
        let username =
            Username::parse(&f.username).map_err(|e| AppError::Masukan(e.to_string()))?;
        let peran = Peran::parse(&f.peran).map_err(|e| {
            let daftar = Peran::ALL
                .iter()
                .map(|p| p.kode())
                .collect::<Vec<_>>()
                .join(", ");
            AppError::Masukan(format!("{e}; pilihan: {daftar}"))
        })?;
        let unit_id = match f.unit_id {
            None => None,
            Some(id) => {
                let units = self.store.daftar_unit(instansi.id).await?;
                if !units.iter().any(|u| u.id.0 == id) {
                    return Err(AppError::Masukan(format!(
                        "unit {id} tidak ada di instansi ini"
                    )));
                }
                Some(UnitId(id))
            }
        };
        let hash_sandi = f.sandi.as_deref().map(|s| self.hash_sandi(s)).transpose()?;
        // An existing account keeps its hash unless a new password is given; re-running with
        // the same password must change nothing, so compare before re-hashing.
        let hash_sandi = match (
            &hash_sandi,
            self.store.user_by_username(username.as_str()).await?,
        ) {
            (Some(_), Some((_, Some(lama))))
                if verifikasi(&lama, f.sandi.as_deref().unwrap_or_default()) =>
            {
                Some(lama)
            }
            _ => hash_sandi,
        };
        let baru = UserBaru {
            instansi_id: instansi.id,
            nama: f.nama.unwrap_or_else(|| username.as_str().to_string()),
            username,
            peran,
            unit_id,
            hash_sandi,
        };
        let jejak = pelaku.jejak(self.sekarang());
        Ok(self.store.simpan_user(&baru, &jejak).await?)
    }

    /// Creates a bearer token for `/api/v1` and returns it (shown once; only its hash is kept).
    pub async fn buat_token(
        &self,
        pelaku: &Pelaku,
        username: &str,
        nama: &str,
    ) -> AppResult<String> {
        let (user, _) = self
            .store
            .user_by_username(username)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan(format!("pengguna {username}")))?;
        pelaku.wajib(Izin::KelolaAkun, user.instansi_id)?;
        let token = format!("ntl_{}", token_acak());
        let baru = TokenBaru {
            token_hash: sha256_hex(token.as_bytes()),
            user_id: user.id,
            nama: nama.to_string(),
            kedaluwarsa: None,
        };
        let jejak = pelaku.jejak(self.sekarang());
        self.store
            .buat_token(&baru, &jejak, user.instansi_id)
            .await?;
        Ok(token)
    }

    /// Checks a password and opens a session. Failures are throttled per username and per
    /// address; the same message is given for an unknown user and a wrong password.
    pub async fn masuk(&self, username: &str, sandi: &str, alamat: &str) -> AppResult<HasilMasuk> {
        let now = self.sekarang();
        let username = username.trim().to_lowercase();
        if let Some(menit) = self.pembatas.terkunci(&username, alamat, now) {
            return Err(AppError::TerlaluBanyakPercobaan(menit));
        }
        let found = self.store.user_by_username(&username).await?;
        let ok = match &found {
            Some((u, Some(hash))) if u.aktif => {
                let hash = hash.clone();
                let sandi = sandi.to_string();
                tokio::task::spawn_blocking(move || verifikasi(&hash, &sandi))
                    .await
                    .map_err(|e| AppError::Internal(e.to_string()))?
            }
            _ => false,
        };
        let Some((user, _)) = found.filter(|_| ok) else {
            self.pembatas.catat_gagal(&username, alamat, now);
            tracing::info!(username, alamat, "login gagal");
            return Err(AppError::GagalMasuk);
        };
        self.pembatas.catat_berhasil(&username);
        let token = token_acak();
        let csrf = token_acak();
        let kedaluwarsa = now + self.konfigurasi.umur_sesi;
        self.store
            .buat_sesi(&Sesi {
                token_hash: sha256_hex(token.as_bytes()),
                user_id: user.id,
                csrf: csrf.clone(),
                dibuat: now,
                kedaluwarsa,
            })
            .await?;
        Ok(HasilMasuk {
            token,
            csrf,
            user,
            kedaluwarsa,
        })
    }

    /// The user and CSRF token of a live session cookie.
    pub async fn sesi(&self, token: &str) -> AppResult<Option<(User, String)>> {
        let found = self
            .store
            .sesi(&sha256_hex(token.as_bytes()), self.sekarang())
            .await?;
        Ok(found.map(|(s, u)| (u, s.csrf)))
    }

    pub async fn keluar(&self, token: &str) -> AppResult<()> {
        Ok(self.store.hapus_sesi(&sha256_hex(token.as_bytes())).await?)
    }

    /// The user behind an API bearer token. Answers are reused for
    /// [`TTL_TOKEN`](crate::cache::TTL_TOKEN) (5 s): a token whose user is deactivated or
    /// changed, or which expires, keeps its old answer for at most that long.
    pub async fn user_dari_token(&self, token: &str) -> AppResult<Option<User>> {
        self.user_token_cache(sha256_hex(token.as_bytes())).await
    }
}

fn verifikasi(hash: &str, sandi: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(sandi.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_locks_after_five_failures_and_expires() {
        let p = PembatasMasuk::default();
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for _ in 0..4 {
            p.catat_gagal("budi", "1.2.3.4", t0);
        }
        assert_eq!(p.terkunci("budi", "1.2.3.4", t0), None);
        p.catat_gagal("budi", "1.2.3.4", t0);
        assert!(
            p.terkunci("BUDI", "9.9.9.9", t0).is_some(),
            "per username, any address"
        );
        assert!(p.terkunci("siti", "9.9.9.9", t0).is_none());
        assert!(
            p.terkunci("budi", "1.2.3.4", t0 + Duration::minutes(16))
                .is_none()
        );
    }

    #[test]
    fn throttle_per_address() {
        let p = PembatasMasuk::default();
        let t0 = Utc::now();
        for i in 0..30 {
            p.catat_gagal(&format!("u{i}"), "5.5.5.5", t0);
        }
        assert!(p.terkunci("fresh", "5.5.5.5", t0).is_some());
        assert!(p.terkunci("fresh", "6.6.6.6", t0).is_none());
    }
}
