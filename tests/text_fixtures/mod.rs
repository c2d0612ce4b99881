//! The delimited-text fixtures every reading test goes through.

use std::path::Path;

/// The CSV fixtures of `tests/fixtures/formats`.
pub const TEXT_FIXTURES: [&str; 6] = [
    "as-people-write.csv",
    "currencies.csv",
    "date-orders.csv",
    "decimal-comma.csv",
    "gaps.csv",
    "times-and-zones.csv",
];

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/formats")
            .join(name),
    )
    .unwrap()
}
