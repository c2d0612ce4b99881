//! sheetplot's reading half: bytes → [`read`] (calamine) → [`typing`] →
//! [`Workbook`] of typed columns, with the per-column summaries
//! ([`downsample`]) that drawing a million points needs.
//!
//! It is a crate of its own so that the release build can optimise it for
//! speed (a user waits for a big file to be read, and calamine's generic
//! readers are compiled here) while the page's drawing and DOM code is
//! optimised for size (the page loads it before it can be used).

pub mod calendar;
pub mod downsample;
pub mod error;
pub mod format;
pub mod read;
pub mod typing;
pub mod workbook;

pub use error::ReadError;
pub use read::read_workbook;
pub use workbook::{Column, Sheet, TimeKind, Values, Workbook};
