//! Near-duplicates, story clustering, event merge, claims against denials, timelines, summaries.
#![deny(missing_docs)]
