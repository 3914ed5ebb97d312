//! Near-duplicates, story clustering, event merge, claims against denials, timelines, summaries.
#![deny(missing_docs)]

pub mod claims;
pub mod cluster;
pub mod dedup;
#[cfg(test)]
mod fixture;
pub mod merge;
pub mod summary;
pub mod text;
