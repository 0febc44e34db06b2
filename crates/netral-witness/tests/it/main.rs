//! Integration tests: real witnesses over HTTP on loopback.

mod bundel;
mod garpu;
mod klien;
mod persistensi;
mod status;
mod umum;
