//! Personal names, birth places, academic titles and contact details.
//!
//! Names are composed from lists per ethnic group found in Pangkalpinang (Bangka Malay,
//! Palembang Malay, Chinese-Indonesian, Javanese, Sundanese, Batak, Bugis, Minang), so a
//! generated person reads like someone from the city without being anyone in particular.

use rand::Rng;
use rand::seq::SliceRandom;

/// One ethnic naming tradition with its typical birth places.
struct Suku {
    /// Relative share among the employees of the demo Pemda.
    bobot: u32,
    depan_l: &'static [&'static str],
    depan_p: &'static [&'static str],
    /// Second name or family name for men (empty string: a single-word name).
    belakang_l: &'static [&'static str],
    belakang_p: &'static [&'static str],
    tempat: &'static [&'static str],
}

const KOTA_BANGKA: &[&str] = &[
    "Pangkalpinang",
    "Pangkalpinang",
    "Pangkalpinang",
    "Pangkalpinang",
    "Sungailiat",
    "Muntok",
    "Koba",
    "Toboali",
    "Belinyu",
    "Jebus",
    "Mentok",
    "Tanjung Pandan",
    "Manggar",
    "Kelapa",
    "Payung",
];

const SUKU: &[Suku] = &[
    // Bangka Malay: mostly Arabic-Malay given names, no family name.
    Suku {
        bobot: 44,
        depan_l: &[
            "Muhammad",
            "M.",
            "Ahmad",
            "Rizal",
            "Fahrizal",
            "Rusdi",
            "Hendra",
            "Zulkarnain",
            "Syahrial",
            "Herman",
            "Junaidi",
            "Amir",
            "Hasan",
            "Rudi",
            "Yusuf",
            "Ismail",
            "Hamdan",
            "Saparudin",
            "Firmansyah",
            "Arif",
            "Doni",
            "Eko",
            "Fajar",
            "Irwan",
            "Jamaludin",
            "Khairul",
            "Mulyadi",
            "Nurdin",
            "Rahmat",
            "Ridwan",
            "Safarudin",
            "Taufik",
            "Wahyu",
            "Yudi",
            "Zainal",
            "Agus",
            "Ardiansyah",
            "Bayu",
            "Dedi",
            "Erwin",
        ],
        depan_p: &[
            "Siti",
            "Nur",
            "Rosidah",
            "Nurhayati",
            "Rahmawati",
            "Yulianti",
            "Fitriani",
            "Dewi",
            "Sri",
            "Eka",
            "Fitri",
            "Herlina",
            "Indah",
            "Juliana",
            "Kartini",
            "Lina",
            "Maya",
            "Nurul",
            "Rina",
            "Sari",
            "Wulan",
            "Yanti",
            "Zuraida",
            "Aisyah",
            "Desi",
            "Elvi",
            "Hartini",
            "Ika",
            "Mardiana",
            "Novita",
            "Rosmala",
            "Susanti",
            "Yuliana",
            "Zahra",
        ],
        belakang_l: &[
            "",
            "",
            "Effendi",
            "Saputra",
            "Syahputra",
            "Hidayat",
            "Rahman",
            "Pratama",
            "Yusuf",
            "Hamzah",
            "Syarif",
            "Ramadhan",
            "Kurniawan",
            "Firdaus",
            "Hakim",
            "Rizki",
            "Akbar",
            "Maulana",
            "Irawan",
            "Setiawan",
            "Abdullah",
            "Hasbullah",
            "Alamsyah",
            "Fadillah",
        ],
        belakang_p: &[
            "",
            "",
            "Aminah",
            "Saputri",
            "Anggraini",
            "Lestari",
            "Oktaviani",
            "Rahmawati",
            "Hidayah",
            "Fatimah",
            "Wahyuni",
            "Handayani",
            "Puspita",
            "Kurniasih",
            "Ramadhani",
            "Novianti",
            "Safitri",
            "Maharani",
            "Zulaikha",
            "Maryam",
            "Yuliani",
            "Fitriyani",
        ],
        tempat: KOTA_BANGKA,
    },
    // Palembang Malay, often with the old nobility prefixes Kemas, Masagus, Raden.
    Suku {
        bobot: 5,
        depan_l: &[
            "Kms. Ahmad",
            "Masagus",
            "Kgs. Muhammad",
            "Raden",
            "Kms. Abdul",
            "Mgs. Rizal",
            "Kgs. Hendra",
            "Mgs. Fikri",
            "Hasanudin",
            "Syamsudin",
        ],
        depan_p: &[
            "Nyimas",
            "Nyayu",
            "Masayu",
            "Raden Ayu",
            "Nyimas Siti",
            "Cek Ayu",
            "Nyayu Fatimah",
        ],
        belakang_l: &[
            "Hakim",
            "Alamsyah",
            "Rasyid",
            "Umar",
            "Zainuddin",
            "Fachrudin",
            "Anwar",
        ],
        belakang_p: &[
            "Rahmah", "Zahara", "Aisyah", "Kholijah", "Komariah", "Maimunah",
        ],
        tempat: &[
            "Palembang",
            "Palembang",
            "Pangkalpinang",
            "Prabumulih",
            "Lahat",
            "Baturaja",
        ],
    },
    // Chinese-Indonesian (Hakka in Bangka): Indonesian given name + clan name.
    Suku {
        bobot: 12,
        depan_l: &[
            "Hendra",
            "Susanto",
            "Agus",
            "Andy",
            "Jimmy",
            "Stevanus",
            "Hartono",
            "Wendy",
            "Rudy",
            "Johan",
            "Fendi",
            "Aliong",
            "Akiong",
            "Kurniawan",
            "Sugianto",
            "Yohanes",
            "Antoni",
            "Budiman",
            "Darwin",
            "Edy",
            "Felix",
            "Hengky",
            "Irwan",
            "Sutiono",
        ],
        depan_p: &[
            "Fenny",
            "Lina",
            "Yenny",
            "Meliana",
            "Lily",
            "Lenny",
            "Susi",
            "Vivi",
            "Mei Lan",
            "Lianawati",
            "Christine",
            "Elly",
            "Helena",
            "Linda",
            "Merry",
            "Novi",
            "Sherly",
            "Suryani",
            "Veronika",
            "Winda",
        ],
        belakang_l: &[
            "Tan", "Lim", "Lie", "Tjhin", "Wong", "Bong", "Phang", "Liong", "Jap", "Tjhai", "Kwee",
            "Fung", "Chang", "Lo", "Wijaya", "Gunawan", "Halim", "Santoso", "Tjong",
        ],
        belakang_p: &[
            "Tan", "Lim", "Lie", "Tjhin", "Wong", "Bong", "Phang", "Liong", "Jap", "Tjhai", "Kwee",
            "Fung", "Chang", "Lo", "Wijaya", "Gunawan", "Halim", "Santoso",
        ],
        tempat: &[
            "Pangkalpinang",
            "Pangkalpinang",
            "Sungailiat",
            "Belinyu",
            "Koba",
            "Muntok",
            "Jakarta",
            "Toboali",
        ],
    },
    // Javanese, many from transmigrant families settled in Bangka.
    Suku {
        bobot: 16,
        depan_l: &[
            "Budi", "Slamet", "Bambang", "Eko", "Joko", "Sutrisno", "Wahyudi", "Agus", "Dwi",
            "Heru", "Sugeng", "Teguh", "Bagus", "Hari", "Purnomo", "Suryadi", "Tri", "Yoga",
            "Gunawan", "Sigit", "Priyo", "Ari", "Anton", "Setyo",
        ],
        depan_p: &[
            "Sri", "Dwi", "Puji", "Rini", "Endang", "Tri", "Sulastri", "Wahyu", "Retno", "Ani",
            "Ratna", "Dyah", "Eni", "Kurnia", "Lestari", "Rahayu", "Sundari", "Tutik", "Wiwik",
            "Yuni",
        ],
        belakang_l: &[
            "Santoso",
            "Riyadi",
            "Setiawan",
            "Prasetyo",
            "Susilo",
            "Wibowo",
            "Nugroho",
            "Hartono",
            "Purnomo",
            "Sutanto",
            "Widodo",
            "Raharjo",
            "Utomo",
            "Kuncoro",
            "Hadisaputro",
            "Suprapto",
        ],
        belakang_p: &[
            "Wahyuni",
            "Lestari",
            "Astuti",
            "Handayani",
            "Rahayu",
            "Susanti",
            "Wulandari",
            "Purwanti",
            "Setyowati",
            "Kusumawati",
            "Rahmawati",
            "Suryani",
            "Ningsih",
        ],
        tempat: &[
            "Yogyakarta",
            "Semarang",
            "Surakarta",
            "Klaten",
            "Kebumen",
            "Purworejo",
            "Madiun",
            "Kediri",
            "Pangkalpinang",
            "Koba",
            "Sungailiat",
            "Malang",
            "Surabaya",
        ],
    },
    // Sundanese.
    Suku {
        bobot: 5,
        depan_l: &[
            "Asep", "Dede", "Ujang", "Cecep", "Yayan", "Iwan", "Dadang", "Encep", "Aep", "Deden",
            "Ade", "Wawan", "Ayi",
        ],
        depan_p: &[
            "Nining", "Euis", "Neneng", "Cucu", "Enok", "Imas", "Lilis", "Yuyun", "Rina", "Teti",
            "Nenden", "Ai",
        ],
        belakang_l: &[
            "Saepudin",
            "Rohman",
            "Sopyan",
            "Kurniawan",
            "Sunarya",
            "Permana",
            "Hidayat",
            "Suhendar",
            "Mulyana",
            "Rukmana",
            "Sobari",
        ],
        belakang_p: &[
            "Rahayu",
            "Nurjanah",
            "Komalasari",
            "Suryani",
            "Hermawati",
            "Kurniasih",
            "Rosita",
            "Sumiati",
        ],
        tempat: &[
            "Bandung",
            "Garut",
            "Tasikmalaya",
            "Sukabumi",
            "Cianjur",
            "Bogor",
            "Sumedang",
        ],
    },
    // Batak: given name + marga.
    Suku {
        bobot: 6,
        depan_l: &[
            "Maruli",
            "Togar",
            "Martua",
            "Hotma",
            "Rudolf",
            "Parlindungan",
            "Binsar",
            "Daniel",
            "Jhonson",
            "Poltak",
            "Samuel",
            "Rahmat",
            "Ridwan",
            "Syahrul",
        ],
        depan_p: &[
            "Lestari",
            "Rosmawati",
            "Tiurma",
            "Hotmaida",
            "Nurhasanah",
            "Romauli",
            "Sarma",
            "Delima",
            "Erna",
            "Friska",
            "Lamria",
        ],
        belakang_l: &[
            "Siregar",
            "Simanjuntak",
            "Nasution",
            "Harahap",
            "Hutapea",
            "Sitompul",
            "Pardede",
            "Sinaga",
            "Lubis",
            "Panjaitan",
            "Situmorang",
            "Hutagalung",
            "Pohan",
            "Daulay",
        ],
        belakang_p: &[
            "Siregar",
            "Simanjuntak",
            "Nasution",
            "Harahap",
            "Hutapea",
            "Sitompul",
            "Pardede",
            "Sinaga",
            "Lubis",
            "Panjaitan",
            "Br. Situmorang",
            "Br. Sembiring",
        ],
        tempat: &[
            "Medan",
            "Tarutung",
            "Sibolga",
            "Pematangsiantar",
            "Padangsidimpuan",
            "Balige",
        ],
    },
    // Bugis, many in the coastal kelurahan.
    Suku {
        bobot: 6,
        depan_l: &[
            "Andi",
            "Muh.",
            "Hasanuddin",
            "Syamsul",
            "Baso",
            "Abdul",
            "Arifin",
            "Jamaluddin",
            "Mappa",
            "Rusli",
            "Sudirman",
            "Amiruddin",
        ],
        depan_p: &[
            "Andi",
            "Sitti",
            "Rahmatia",
            "Nurhaeda",
            "Hasnah",
            "Husna",
            "Jumriah",
            "Darmawati",
            "St.",
            "Rosmiati",
        ],
        belakang_l: &[
            "Baso",
            "Arif",
            "Bahri",
            "Yusuf",
            "Tenri",
            "Mappanyompa",
            "Daeng Matutu",
            "Ambo",
            "Syam",
            "Hamid",
            "Rasyid",
            "Sanusi",
        ],
        belakang_p: &[
            "Tenri Ajeng",
            "Rahmatia",
            "Nurhayati",
            "Daeng Ngasih",
            "Hasnawati",
            "Haerani",
            "Salmawati",
            "Mardiana",
        ],
        tempat: &[
            "Makassar",
            "Bone",
            "Parepare",
            "Sinjai",
            "Wajo",
            "Pangkalpinang",
            "Soppeng",
        ],
    },
    // Minangkabau.
    Suku {
        bobot: 6,
        depan_l: &[
            "Syafrizal",
            "Erizal",
            "Afrizal",
            "Yulizar",
            "Zulfikar",
            "Rahmadi",
            "Hendri",
            "Irfan",
            "Masrizal",
            "Novrizal",
            "Defrizal",
        ],
        depan_p: &[
            "Yulia",
            "Elfi",
            "Rosna",
            "Desmawati",
            "Yusnimar",
            "Ermawati",
            "Fitria",
            "Nofrita",
            "Silvia",
            "Zulmi",
        ],
        belakang_l: &[
            "",
            "Putra",
            "Chaniago",
            "Piliang",
            "Tanjung",
            "Koto",
            "Sikumbang",
            "Jambak",
            "Malin Sutan",
        ],
        belakang_p: &[
            "",
            "Putri",
            "Chaniago",
            "Piliang",
            "Tanjung",
            "Koto",
            "Sikumbang",
        ],
        tempat: &[
            "Padang",
            "Bukittinggi",
            "Payakumbuh",
            "Solok",
            "Pariaman",
            "Batusangkar",
            "Pangkalpinang",
        ],
    },
];

const SUKU_TOTAL: u32 = {
    let mut t = 0;
    let mut i = 0;
    while i < SUKU.len() {
        t += SUKU[i].bobot;
        i += 1;
    }
    t
};

/// A generated person's name and birth place.
pub(crate) struct NamaOrang {
    pub nama: String,
    pub tempat_lahir: &'static str,
    /// Lowercase ASCII `first.last` for an email address.
    pub lokal_email: String,
}

/// Draws a name for someone of the given sex (`perempuan`).
pub(crate) fn nama<R: Rng>(rng: &mut R, perempuan: bool) -> NamaOrang {
    let mut r = rng.gen_range(0..SUKU_TOTAL);
    let suku = SUKU
        .iter()
        .find(|s| {
            if r < s.bobot {
                true
            } else {
                r -= s.bobot;
                false
            }
        })
        .unwrap_or(&SUKU[0]);
    let (depan, belakang) = if perempuan {
        (suku.depan_p, suku.belakang_p)
    } else {
        (suku.depan_l, suku.belakang_l)
    };
    let a = pilih(rng, depan);
    let mut b = pilih(rng, belakang);
    // Avoid "Lestari Lestari" and similar doubles.
    if b == a || a.ends_with(b) && !b.is_empty() {
        b = "";
    }
    let mut nama = String::with_capacity(a.len() + b.len() + 1);
    nama.push_str(a);
    // Single-word names happen (common in Bangka); an abbreviated first word needs a second.
    let b = if b.is_empty() && a.ends_with('.') {
        pilih(
            rng,
            if perempuan {
                SUKU[0].depan_p
            } else {
                SUKU[0].depan_l
            },
        )
    } else {
        b
    };
    if !b.is_empty() {
        nama.push(' ');
        nama.push_str(b);
    }
    let tempat_lahir = if rng.gen_bool(0.35) {
        "Pangkalpinang"
    } else {
        pilih(rng, suku.tempat)
    };
    let lokal_email = lokal_email(&nama);
    NamaOrang {
        nama,
        tempat_lahir,
        lokal_email,
    }
}

/// `first.last` from the full words of a name (abbreviations such as `M.` are skipped).
fn lokal_email(nama: &str) -> String {
    let kata: Vec<String> = nama
        .split_whitespace()
        .filter(|w| !w.ends_with('.'))
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphabetic)
                .map(|c| c.to_ascii_lowercase())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    match kata.as_slice() {
        [] => "pegawai".to_string(),
        [satu] => satu.clone(),
        [awal, .., akhir] => format!("{awal}.{akhir}"),
    }
}

pub(crate) fn pilih<R: Rng>(rng: &mut R, daftar: &[&'static str]) -> &'static str {
    daftar.choose(rng).copied().unwrap_or("")
}

const PREFIKS_HP: &[&str] = &[
    "0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0851", "0857", "0858", "0856",
    "0877", "0878", "0819", "0859", "0895", "0896", "0897", "0898", "0831", "0838",
];

/// A mobile number `08xx` followed by 7 or 8 digits.
pub(crate) fn no_hp<R: Rng>(rng: &mut R) -> String {
    let mut s = String::with_capacity(13);
    s.push_str(pilih(rng, PREFIKS_HP));
    let n = if rng.gen_bool(0.7) { 8 } else { 7 };
    for _ in 0..n {
        s.push(char::from(b'0' + rng.gen_range(0..10u8)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn email_local_part_uses_first_and_last_full_word() {
        assert_eq!(lokal_email("M. Rizal Effendi"), "rizal.effendi");
        assert_eq!(lokal_email("Kms. Ahmad"), "ahmad");
        assert_eq!(lokal_email("Andi Tenri Ajeng"), "andi.ajeng");
        assert_eq!(lokal_email("St."), "pegawai");
    }

    #[test]
    fn names_are_never_empty_nor_only_an_abbreviation() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for i in 0..5000 {
            let n = nama(&mut rng, i % 2 == 0);
            assert!(!n.nama.is_empty());
            assert!(!n.nama.ends_with('.'), "{}", n.nama);
            assert!(!n.tempat_lahir.is_empty());
        }
    }

    #[test]
    fn phone_numbers_look_indonesian() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..100 {
            let hp = no_hp(&mut rng);
            assert!(hp.starts_with("08"));
            assert!((11..=12).contains(&hp.len()), "{hp}");
            assert!(hp.bytes().all(|b| b.is_ascii_digit()));
        }
    }
}
