//! Helpers shared by the `netral verify` tests.

use std::process::{Command, Output};

/// Runs the `netral` binary without the data-folder and database settings of the caller.
pub fn netral(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_netral"))
        .args(args)
        .env_remove("NETRAL_DATA_DIR")
        .env_remove("NETRAL_DATABASE_URL")
        .output()
        .expect("run netral")
}
