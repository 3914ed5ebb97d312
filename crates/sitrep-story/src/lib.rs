//! Stories: near-duplicates and wire copy, story clustering across outlets, merged
//! events with their sources, claims set beside their denials, timelines, summaries and
//! per-outlet coverage.
//!
//! # Brief overview
//! - [`dedup::DupIndex`] marks exact copies, near duplicates (MinHash LSH) and partial
//!   reuse (shared sentences) among clean texts, each with its overlap, batch by batch;
//!   [`dedup::find_duplicates`] does one batch.
//! - [`cluster::StoryIndex`] groups articles into stories, batch by batch: a new batch
//!   joins existing stories without reclustering them; ids are stable, and
//!   [`cluster::StoryIndex::restore`] puts back decisions read from a store.
//! - [`dating::date_story`] dates each article of a story (its own date, else from its
//!   references and the terms of office of the people it names, else from its most
//!   similar dated neighbour) and says how.
//! - [`merge::merge_events`] turns the `events` layers of a story's articles into
//!   [`merge::MergedEvent`]s with `num_sources`, `num_articles` and every mention.
//! - [`claims::claims_and_denials`] finds accusations, claims and figures and links
//!   them to the denials and counter-figures of other sides.
//! - [`report::story_report`] gathers a story's timeline, summary, merged events,
//!   claim links and per-outlet coverage.
//! - [`summary::summarise`] is the extractive summariser (centrality + MMR) behind it.
//!
//! # Design choice: a story keeps sums, not pairs
//! A story stores the sum of its members' unit vectors, so the average similarity
//! between a new article and all of a story's members is one sparse dot product.
//! Clustering is average-link without a similarity matrix, incremental, and
//! sub-quadratic once candidates come from an inverted index over top terms.
//!
//! Everything here reads `Doc` layers and plain text; nothing does IO.
//!
//! ```
//! use sitrep_story::cluster::{ArticleInput, ClusterConfig, StoryIndex};
//! let article = |id: &str, text: &str| ArticleInput {
//!     id: id.into(),
//!     title: text.into(),
//!     text: text.into(),
//!     ..ArticleInput::default()
//! };
//! let mut index = StoryIndex::new(ClusterConfig::default());
//! let ids = index.add_batch(&[
//!     article("a", "Earthquake of magnitude 6.1 strikes northern Chile, killing two."),
//!     article("b", "Magnitude 6.1 earthquake strikes northern Chile; two dead."),
//!     article("c", "Central bank raises interest rates to curb inflation."),
//! ]);
//! assert_eq!(ids[0], ids[1]);
//! assert_ne!(ids[0], ids[2]);
//! ```
#![deny(missing_docs)]

pub mod claims;
pub mod cluster;
pub mod dating;
pub mod dedup;
#[cfg(test)]
mod fixture;
pub mod merge;
pub mod report;
pub mod summary;
pub mod text;
