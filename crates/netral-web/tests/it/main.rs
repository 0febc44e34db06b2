//! Integration tests: the real server on a random port, over SQLite and (when
//! `NETRAL_TEST_PG_URL` is set) PostgreSQL. One test binary (see STYLE.md).

mod akses;
mod halaman;
mod impor;
mod kertas;
mod log;
mod pakta;
mod penanda;
mod verifikasi;

use netral_testkit::{Backend, SANDI, Server};
use reqwest::redirect::Policy;

/// Runs an async test body once per backend.
#[macro_export]
macro_rules! kedua_backend {
    ($($nama:ident => $body:ident;)+) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $nama() {
                    if let Some(s) = netral_testkit::Server::start(netral_testkit::Backend::Sqlite).await {
                        super::$body(s).await;
                    }
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $nama() {
                    if let Some(s) = netral_testkit::Server::start(netral_testkit::Backend::Postgres).await {
                        super::$body(s).await;
                    }
                }
            )+
        }
    };
}

pub fn klien() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// Logs in through the form (with its CSRF cookie) and returns the client.
pub async fn masuk(s: &Server, username: &str) -> reqwest::Client {
    let c = klien();
    let html = c
        .get(format!("{}/masuk", s.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = nilai_input(&html, "_csrf");
    let res = c
        .post(format!("{}/masuk", s.url))
        .form(&[("username", username), ("sandi", SANDI), ("_csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "login {username}");
    c
}

/// The value of a hidden input in a page.
pub fn nilai_input(html: &str, nama: &str) -> String {
    let key = format!("name=\"{nama}\" value=\"");
    let i = html
        .find(&key)
        .unwrap_or_else(|| panic!("no input {nama} in page"));
    html[i + key.len()..].split('"').next().unwrap().to_string()
}

/// Two Pemda (19.71 and 19.01) with accounts of several roles in each.
pub async fn dua_pemda(s: &Server) {
    netral_testkit::pemda(
        &s.app,
        "19.71",
        "Kota Pangkalpinang",
        "KOTA",
        &[
            ("admin.a", "ADMIN"),
            ("bkpsdm.a", "BKPSDM"),
            ("auditor.a", "AUDITOR"),
            ("satgas.a", "OPERATOR_SATGAS"),
        ],
    )
    .await;
    netral_testkit::pemda(
        &s.app,
        "19.01",
        "Kabupaten Bangka",
        "KAB",
        &[("admin.b", "ADMIN")],
    )
    .await;
}

/// A token for an account, created the way `netral token create` does.
pub async fn token(s: &Server, username: &str) -> String {
    s.app
        .buat_token(&netral_app::Pelaku::Cli("uji".into()), username, "uji")
        .await
        .unwrap()
}

pub const CSV_BAIK: &str = "NAMA;JENIS PEGAWAI;NIP;NI PPPK;NIK;UNIT KERJA;SUB UNIT KERJA;JABATAN;NIP ATASAN\n\
Andi Wijaya;PNS;198609262015051001;;;Dinas Sosial;;Kepala Dinas;\n\
Siti Aminah;PNS;199001012019032002;;;Dinas Sosial;Bidang Rehabilitasi;Analis;198609262015051001\n\
Budi Santoso;PPPK;;199203152022211003;;Kecamatan Gabek;Kelurahan Gabek Satu;Staf;\n\
Dewi Lestari;NON_ASN;;;1971015203920001;Kecamatan Gabek;;Tenaga Kebersihan;\n";

pub const CSV_BURUK: &str = "NAMA;JENIS PEGAWAI;NIP;NI PPPK;NIK;UNIT KERJA;SUB UNIT KERJA;JABATAN;NIP ATASAN\n\
Andi Wijaya;PNS;198609262015051001;;;Dinas Sosial;;Kepala Dinas;\n\
;PNS;199001012019032002;;;Dinas Sosial;;Analis;\n\
Rudi;PNS;19860926201505100;;;Dinas Sosial;;Staf;\n\
Tono;TNI;;;1971015203920001;Dinas Sosial;;Staf;\n\
Andi Kembar;PNS;198609262015051001;;;Dinas Sosial;;Staf;\n";

#[allow(dead_code)]
pub fn backend_dipakai() -> Vec<Backend> {
    let mut v = vec![Backend::Sqlite];
    if netral_testkit::pg_url().is_some() {
        v.push(Backend::Postgres);
    }
    v
}
