//! Story state: which story each article belongs to, duplicate links between articles,
//! and each story's derived report (merged events, claims against denials, timeline,
//! summary, coverage), as the [`StoryStore`] part of the store boundary.
//!
//! # Design choice: memberships are decisions, reports are derived
//! A membership is written once and never revisited, so story ids stay stable and a
//! re-ingest adds nothing. A story's report is a function of its members: writing a
//! membership bumps the story's `version`, and the report written for a version marks it
//! fresh. A crash between the two leaves the story *stale* (its report lags its members)
//! until the next ingest refreshes it; it never loses a membership.
//!
//! Concurrent writers (several ingest processes on one PostgreSQL) agree through
//! [`StoryStore::put_memberships`]: it commits only if no membership was written since the
//! writer last looked (`expected_seq`), under a lock, so two processes never cluster the
//! same articles against different pictures of the stories.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{ActorFilter, StoreError, TextSpan};

/// What clustering and duplicate detection need of a stored article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryInput {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Clean text.
    pub text: String,
    /// Publication date when its source can date the article (not a page-header or crawl
    /// date).
    pub date: Option<NaiveDate>,
    /// Actor codes it mentions.
    pub actors: Vec<String>,
    /// Event dyads it codes, `SRC>TGT` by country where known, else code.
    pub dyads: Vec<String>,
}

/// A membership as stored: the order it was written in, the story and the article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    /// Write order; increases across writers.
    pub seq: i64,
    /// Story id.
    pub story: String,
    /// Article id.
    pub article: String,
}

/// A story's header as clustering sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryHeader {
    /// Story id.
    pub id: String,
    /// Central headline.
    pub title: String,
    /// Earliest member publication date.
    pub first_date: Option<NaiveDate>,
    /// Latest member publication date.
    pub last_date: Option<NaiveDate>,
}

/// A duplicate or wire-copy link between two articles, with the overlap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuplicateRow {
    /// The later article.
    pub article: String,
    /// The earlier article it copies.
    pub other: String,
    /// `exact`, `near` or `partial`.
    pub kind: String,
    /// Jaccard of the two shingle sets.
    pub jaccard: f32,
    /// Share of `article`'s shingles found in `other`.
    pub article_in_other: f32,
    /// Share of `other`'s shingles found in `article`.
    pub other_in_article: f32,
    /// Sentences the two share.
    pub shared_sentences: u32,
}

/// What one clustering step writes: new memberships, the headers of the stories they
/// touch, and the duplicate links of the new articles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MembershipUpdate {
    /// `(story, article)` pairs.
    pub members: Vec<(String, String)>,
    /// Headers of every story in `members`.
    pub headers: Vec<StoryHeader>,
    /// Duplicate links from the new articles.
    pub duplicates: Vec<DuplicateRow>,
}

/// A story whose report lags its members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaleStory {
    /// Story id.
    pub id: String,
    /// The membership version a report must be written for.
    pub version: i64,
    /// Member article ids in join order.
    pub articles: Vec<String>,
}

/// A query over stories. Every filter given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryQuery {
    /// Words that a member article's title or text contains (full-text).
    pub search: Option<String>,
    /// A member article is by this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// A member article mentions an actor matching this.
    pub actor: Option<ActorFilter>,
    /// The story reaches this day or later.
    pub since: Option<NaiveDate>,
    /// The story starts on or before this day.
    pub until: Option<NaiveDate>,
    /// The story holds this article.
    pub article_id: Option<String>,
    /// At least this many articles.
    pub min_articles: Option<usize>,
    /// At most this many rows; `None` for all.
    pub limit: Option<usize>,
    /// Rows to skip.
    pub offset: usize,
}

/// A story as listed: largest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryRow {
    /// Stable id, `s` plus 16 hex digits.
    pub id: String,
    /// The most central headline.
    pub title: String,
    /// Member article ids in the order they joined.
    pub articles: Vec<String>,
    /// Distinct outlets of the members, in join order.
    pub outlets: Vec<String>,
    /// Earliest article date (estimated where a page has none of its own).
    pub first_date: Option<NaiveDate>,
    /// Latest article date.
    pub last_date: Option<NaiveDate>,
    /// Merged events.
    pub num_events: u64,
    /// Claim-denial and figure links.
    pub num_claim_links: u64,
    /// The report lags the members (a refresh is due).
    pub stale: bool,
}

/// An actor in a story record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryActor {
    /// CAMEO-style code.
    pub code: String,
    /// Country.
    pub iso3: Option<String>,
    /// Canonical name.
    pub name: Option<String>,
}

/// A place in an article: its id and outlet, and the character span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Article id.
    pub article: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// First character.
    pub start: u32,
    /// One past the last character.
    pub end: u32,
}

/// A member article's date and how it was found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Wire agency.
    pub wire: Option<String>,
    /// Its date: published, or estimated from its content.
    pub date: Option<NaiveDate>,
    /// `published`, `references`, `neighbour` or `unknown`.
    pub date_method: String,
    /// How the date was found, in words.
    pub date_note: String,
}

/// One report of a merged event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryEventMention {
    /// Article id.
    pub article: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Index of the event among the article's events (as `sitrep show` lists them).
    pub event_index: u32,
    /// Sentence index.
    pub sentence_index: u32,
    /// CAMEO code as coded here.
    pub cameo: String,
    /// The coding rule.
    pub rule: String,
    /// Date in this article.
    pub date: Option<NaiveDate>,
    /// How that date was found (`timex`, `timex-estimated`, `published`, `estimated`).
    pub date_how: String,
    /// The action's text and character span.
    pub action: TextSpan,
}

/// The same event reported by several articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryEvent {
    /// Id within the story.
    pub id: String,
    /// Source side.
    pub source: String,
    /// Target side.
    pub target: Option<String>,
    /// Most frequent CAMEO code.
    pub cameo: String,
    /// QuadClass.
    pub quad_class: u8,
    /// Earliest date.
    pub date: Option<NaiveDate>,
    /// How it was found.
    pub date_how: String,
    /// Place name.
    pub place: Option<String>,
    /// Negated.
    pub negated: bool,
    /// Distinct outlets.
    pub num_sources: u32,
    /// Distinct articles.
    pub num_articles: u32,
    /// Every report, by date.
    pub mentions: Vec<StoryEventMention>,
}

/// A claim, a denial or a figure, with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryStatement {
    /// Index within the story's statements.
    pub idx: u32,
    /// `claim`, `denial` or `figure`.
    pub kind: String,
    /// Article id.
    pub article: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Sentence index.
    pub sentence_index: u32,
    /// Who made it.
    pub speaker: Option<StoryActor>,
    /// The side it is about.
    pub target_side: Option<String>,
    /// A figure's number.
    pub value: Option<u64>,
    /// A figure's counted noun.
    pub unit: Option<String>,
    /// Where it came from: `quote`, `quote+subject`, `event:CAMEO`, `report`, `figure`.
    pub via: String,
    /// When.
    pub date: Option<NaiveDate>,
    /// How that date was found.
    pub date_how: String,
    /// The statement's text and character span.
    pub span: TextSpan,
}

/// A claim beside the statement that denies or contests it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryClaimLink {
    /// `denies` or `contests` (figure against figure).
    pub kind: String,
    /// The claim.
    pub claim: StoryStatement,
    /// The denial or counter-figure.
    pub answer: StoryStatement,
    /// Topic terms the two share.
    pub shared_terms: u32,
    /// The answer comes from another article.
    pub cross_outlet: bool,
}

/// One dated line of a story's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineRow {
    /// Date.
    pub date: Option<NaiveDate>,
    /// How it was found.
    pub date_how: String,
    /// `event` or `quote`.
    pub kind: String,
    /// Who acted or spoke.
    pub who: Option<String>,
    /// `SRC>TGT CAMEO` or the quoted words.
    pub what: String,
    /// The merged event, for an event.
    pub event: Option<String>,
    /// Every report of it.
    pub sources: Vec<SourceRef>,
}

/// A summary sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// The sentence.
    pub text: String,
    /// Where it is.
    pub source: SourceRef,
}

/// A count under a label.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelCount {
    /// Side or speaker.
    pub label: String,
    /// How many.
    pub count: u32,
    /// Share of the outlet's quotes.
    pub share: f64,
}

/// An outlet's article in a coverage row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// Subject of its headline's event.
    pub headline_subject: Option<String>,
}

/// How one outlet told the story.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    /// The outlet; an article with none counts as its own outlet, by id.
    pub outlet: String,
    /// A label for people: the outlet, else the wire agency, else the headline.
    pub label: String,
    /// Its articles.
    pub articles: Vec<CoverageArticle>,
    /// Quotes by speaker side, most first.
    pub quotes_by_side: Vec<LabelCount>,
    /// Quotes by speaker, most first.
    pub quotes_by_actor: Vec<LabelCount>,
    /// Merged events it reports.
    pub events_reported: Vec<String>,
    /// Merged events two or more others report and it does not.
    pub events_omitted: Vec<String>,
}

/// Everything stored about one story. The engine writes it; readers get it back whole.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryDetail {
    /// The listing row.
    #[serde(flatten)]
    pub story: StoryRow,
    /// Members with dates and how they were found, by date.
    pub dates: Vec<StoryArticle>,
    /// Extractive summary, in story order.
    pub summary: Vec<SummaryRow>,
    /// Dated events and quotes, in order.
    pub timeline: Vec<TimelineRow>,
    /// Merged events, by date.
    pub events: Vec<StoryEvent>,
    /// Claims, denials and figures.
    pub statements: Vec<StoryStatement>,
    /// Claims beside their denials, and figures beside the figures contesting them.
    pub claims: Vec<StoryClaimLink>,
    /// Per outlet, by first date.
    pub coverage: Vec<CoverageRow>,
    /// Duplicate and wire-copy links among the members.
    pub duplicates: Vec<DuplicateRow>,
}

/// A story's derived report as the engine writes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoryReportRecord {
    /// Story id.
    pub id: String,
    /// Central headline.
    pub title: String,
    /// Earliest article date.
    pub first_date: Option<NaiveDate>,
    /// Latest article date.
    pub last_date: Option<NaiveDate>,
    /// Per member: id, date, method, note.
    pub dates: Vec<(String, Option<NaiveDate>, String, String)>,
    /// Summary.
    pub summary: Vec<SummaryRow>,
    /// Timeline.
    pub timeline: Vec<TimelineRow>,
    /// Merged events (mentions included).
    pub events: Vec<StoryEvent>,
    /// Statements, `idx` in order.
    pub statements: Vec<StoryStatement>,
    /// Links: kind, claim idx, answer idx, shared terms, cross outlet.
    pub links: Vec<(String, u32, u32, u32, bool)>,
    /// Coverage.
    pub coverage: Vec<CoverageRow>,
}

/// The story part of the store boundary.
pub trait StoryStore {
    /// Takes the story writers' lock, held until [`StoryStore::unlock_stories`] or the
    /// connection closes: one writer at a time clusters against the stored stories.
    /// SQLite has no lock across transactions; [`StoryStore::put_memberships`] still
    /// refuses a writer that fell behind.
    fn lock_stories(&mut self) -> Result<(), StoreError>;
    /// Releases the lock of [`StoryStore::lock_stories`].
    fn unlock_stories(&mut self) -> Result<(), StoreError>;
    /// Ids of stored articles that no story holds yet, in the order they were stored.
    fn unassigned(&self) -> Result<Vec<String>, StoreError>;
    /// Memberships written after `seq`, in write order.
    fn memberships_since(&self, seq: i64) -> Result<Vec<Membership>, StoreError>;
    /// What clustering needs of these articles (unknown ids are left out).
    fn story_inputs(&self, ids: &[String]) -> Result<Vec<StoryInput>, StoreError>;
    /// Writes memberships, story headers and duplicate links in one transaction, only if
    /// the last membership written is still `expected_seq`; returns the new last seq, or
    /// `None` (nothing written) when another writer got there first.
    fn put_memberships(
        &mut self,
        expected_seq: i64,
        update: &MembershipUpdate,
    ) -> Result<Option<i64>, StoreError>;
    /// Stories whose report lags their members.
    fn stale_stories(&self) -> Result<Vec<StaleStory>, StoreError>;
    /// Replaces a story's report, if its members are still those of `version`; returns
    /// whether it was written.
    fn put_story_report(
        &mut self,
        version: i64,
        report: &StoryReportRecord,
    ) -> Result<bool, StoreError>;
    /// Stories matching a query, largest first, then latest.
    fn stories(&self, query: &StoryQuery) -> Result<Vec<StoryRow>, StoreError>;
    /// The story with this id or unique id prefix, whole.
    fn story(&self, id_or_prefix: &str) -> Result<Option<StoryDetail>, StoreError>;
}
