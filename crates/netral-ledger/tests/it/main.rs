//! Integration tests of `netral-ledger`, in one test binary.

mod common;
mod conformance;
mod flows;
mod known_answers;
mod props;
