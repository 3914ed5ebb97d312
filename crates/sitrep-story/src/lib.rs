//! Near-duplicates, story clustering, event merge, claims against denials, timelines, summaries.
#![deny(missing_docs)]

pub mod dedup;
pub mod text;
