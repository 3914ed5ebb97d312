//! Where articles and their records live: the [`Store`] trait and its SQLite backend.
//!
//! # Brief overview
//! - [`Store`] is the boundary every other crate talks to: [`Store::put_batch`] writes a
//!   batch of annotated [`Doc`]s in one transaction; the query methods return row types
//!   ([`ArticleRow`], [`Article`], [`EventRow`], [`QuoteRow`], ...) whose offsets are
//!   **character** offsets into the article's clean text.
//! - [`SqliteStore`] keeps everything in one file: articles with an FTS5 index over title
//!   and text, and one table per record layer (mentions, events, quotes, times, places).
//!   The schema is versioned by `PRAGMA user_version` and grows by appending migrations.
//! - [`PgStore`] implements the same trait on PostgreSQL (schema versioned in a
//!   `schema_version` table, full-text search through a `tsvector` column), so several
//!   ingest processes on different machines can share one database.
//! - Queries are plain structs ([`ArticleQuery`], [`EventQuery`], [`QuoteQuery`]); all SQL
//!   is parameterised.
//!
//! # Design choice: the id is a content hash, and a batch is a transaction
//! Articles are keyed by `DocMeta::id`, the hash of the raw record, so ingesting the same
//! input again stores nothing and a run killed half-way can simply be restarted. Each
//! batch commits atomically in WAL mode: a crash loses at most the batch in flight and
//! never leaves an article without its records.
//!
//! ```
//! use sitrep_doc::{Doc, DocMeta};
//! use sitrep_store::{ArticleQuery, SqliteStore, Store};
//!
//! let mut store = SqliteStore::open_in_memory().unwrap();
//! let mut meta = DocMeta::new("abc123", "example.txt");
//! meta.title = Some("Talks resume".into());
//! let doc = Doc::new(meta, "Talks resume\n\nDiplomats met again.".into());
//! let put = store.put_batch(&[doc.clone()]).unwrap();
//! assert_eq!(put.stored, 1);
//! assert_eq!(store.put_batch(&[doc]).unwrap().duplicates, ["abc123"]);
//! let found = store.articles(&ArticleQuery { search: Some("diplomats".into()), ..Default::default() });
//! assert_eq!(found.unwrap()[0].id, "abc123");
//! ```
#![deny(missing_docs)]

mod conditions;
mod migrations;
mod migrations_pg;
mod postgres;
mod rows;
mod sqlite;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use sitrep_doc::Doc;

pub use self::postgres::PgStore;
pub use rows::{
    ActorRow, Article, ArticleLayers, ArticleRow, Counts, EventRow, MentionRow, PlaceRow, QuoteRow,
    TextSpan, TimeRow,
};
pub use sqlite::SqliteStore;

/// Why the store failed. Content problems never get here; these are database problems.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or created.
    #[error("{path}: cannot open database")]
    Open {
        /// The database path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: rusqlite::Error,
    },
    /// The database was written by a newer sitrep.
    #[error("database schema version {found} is newer than this sitrep knows ({known})")]
    SchemaTooNew {
        /// The file's version.
        found: u32,
        /// The newest version this build knows.
        known: u32,
    },
    /// An id prefix matched more than one article.
    #[error("id prefix `{prefix}` matches {count} articles; give more characters")]
    Ambiguous {
        /// The prefix asked for.
        prefix: String,
        /// How many articles it matches.
        count: usize,
    },
    /// A stored document could not be decoded.
    #[error("article {id}: stored document is corrupt")]
    Corrupt {
        /// The article id.
        id: String,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A stored document could not be decompressed.
    #[error("article {id}: stored document does not decompress")]
    Inflate {
        /// The article id.
        id: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// Any other database error.
    #[error("database error")]
    Sql(#[from] rusqlite::Error),
    /// A PostgreSQL error: connecting, or any statement.
    #[error("postgres error")]
    Postgres(#[from] ::postgres::Error),
}

/// What a [`Store::put_batch`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PutSummary {
    /// Articles newly stored.
    pub stored: usize,
    /// Ids of articles that were already there (nothing was written for them).
    pub duplicates: Vec<String>,
}

/// A query over articles.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleQuery {
    /// Full-text words, all of which must occur in the title or text; best match first.
    /// Without it, articles come newest first.
    pub search: Option<String>,
    /// Published by this outlet (case-insensitive, whole name).
    pub outlet: Option<String>,
    /// Published on or after this day; undated articles are left out.
    pub since: Option<chrono::NaiveDate>,
    /// Published on or before this day; undated articles are left out.
    pub until: Option<chrono::NaiveDate>,
    /// Mentions an actor matching this filter.
    pub actor: Option<ActorFilter>,
    /// At most this many rows; `None` for all.
    pub limit: Option<usize>,
    /// Rows to skip.
    pub offset: usize,
}

/// One side of a dyad filter, or an actor filter: an ISO3 country or a code prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorFilter(String);

impl ActorFilter {
    /// A filter matching actors whose ISO3 equals `s` or whose code starts with `s`
    /// (case-insensitive; stored codes are upper case).
    pub fn new(s: &str) -> ActorFilter {
        ActorFilter(s.trim().to_ascii_uppercase())
    }

    /// The normalised filter value.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A query over events. Every filter given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventQuery {
    /// Source or target matches.
    pub actor: Option<ActorFilter>,
    /// Source matches the first, target the second.
    pub dyad: Option<(ActorFilter, ActorFilter)>,
    /// CAMEO code prefix, e.g. `11` or `112`.
    pub code: Option<String>,
    /// Event date on or after this day; events without a date are left out.
    pub since: Option<chrono::NaiveDate>,
    /// Event date on or before this day; events without a date are left out.
    pub until: Option<chrono::NaiveDate>,
    /// Only events of this article.
    pub article_id: Option<String>,
    /// Only events of articles by this outlet (case-insensitive, whole name).
    pub outlet: Option<String>,
    /// Only events of articles matching these full-text words (as [`ArticleQuery::search`]).
    pub search: Option<String>,
    /// At most this many rows; `None` for all.
    pub limit: Option<usize>,
    /// Rows to skip.
    pub offset: usize,
}

/// A query over quotes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuoteQuery {
    /// The speaker's actor code starts with it, or its text, mention or name contains it
    /// (case-insensitive).
    pub speaker: Option<String>,
    /// Only quotes of this article.
    pub article_id: Option<String>,
    /// Only quotes of articles by this outlet (case-insensitive, whole name).
    pub outlet: Option<String>,
    /// Only quotes of articles matching these full-text words (as [`ArticleQuery::search`]).
    pub search: Option<String>,
    /// Only quotes of articles published on or after this day.
    pub since: Option<chrono::NaiveDate>,
    /// Only quotes of articles published on or before this day.
    pub until: Option<chrono::NaiveDate>,
    /// At most this many rows; `None` for all.
    pub limit: Option<usize>,
    /// Rows to skip.
    pub offset: usize,
}

/// The store boundary. A PostgreSQL backend implements the same trait.
///
/// Writes take `&mut self`; reads take `&self` and see committed data only.
pub trait Store: Send {
    /// Writes a batch in one transaction. Articles whose id is already stored are skipped
    /// and reported as duplicates; the others are stored with every record layer.
    fn put_batch(&mut self, docs: &[Doc]) -> Result<PutSummary, StoreError>;
    /// For each id, whether an article with that id is stored.
    fn contains(&self, ids: &[&str]) -> Result<Vec<bool>, StoreError>;
    /// Articles matching a query.
    fn articles(&self, query: &ArticleQuery) -> Result<Vec<ArticleRow>, StoreError>;
    /// The article with this id or unique id prefix; `None` when nothing matches and
    /// [`StoreError::Ambiguous`] when several do.
    fn article(&self, id_or_prefix: &str) -> Result<Option<Article>, StoreError>;
    /// Every record of one article, in text order.
    fn layers(&self, id: &str) -> Result<ArticleLayers, StoreError>;
    /// The annotated document as it was stored, for re-display and re-processing.
    fn doc(&self, id: &str) -> Result<Option<Doc>, StoreError>;
    /// Events matching a query, by date, then article and text order.
    fn events(&self, query: &EventQuery) -> Result<Vec<EventRow>, StoreError>;
    /// Quotes matching a query, by article and text order.
    fn quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteRow>, StoreError>;
    /// How many rows each table holds.
    fn counts(&self) -> Result<Counts, StoreError>;
}
