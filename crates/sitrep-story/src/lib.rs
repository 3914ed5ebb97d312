//! Near-duplicates, story clustering, event merge, claims against denials, timelines, summaries.
#![deny(missing_docs)]

pub mod cluster;
pub mod dedup;
pub mod summary;
pub mod text;
