//! Row types the store returns. Offsets are character offsets into the clean text.
//!
//! These are the store's boundary types: they serialise to the JSON shapes that
//! `sitrep ... --json` prints, so tools see one shape whichever backend is attached.

use chrono::NaiveDate;
use serde::Serialize;
use sitrep_doc::Caption;

/// A piece of the clean text: its characters `[start, end)` and what they say.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TextSpan {
    /// The text.
    pub text: String,
    /// First character.
    pub start: u32,
    /// One past the last character.
    pub end: u32,
}

/// An actor as coded, with the text that names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActorRow {
    /// CAMEO-style code, e.g. `USAGOV`.
    pub code: String,
    /// ISO 3166-1 alpha-3 country.
    pub iso3: Option<String>,
    /// Sector, e.g. `GOV`.
    pub sector: Option<String>,
    /// Canonical name, e.g. `John Kerry`.
    pub name: Option<String>,
    /// The naming text.
    pub text: String,
    /// First character of `text`.
    pub start: u32,
    /// One past its last character.
    pub end: u32,
}

/// An article's metadata, without its text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleRow {
    /// Content hash.
    pub id: String,
    /// Path, `path#line`, WARC offset or URL it came from.
    pub source: String,
    /// Article URL.
    pub url: Option<String>,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Byline.
    pub byline: Option<String>,
    /// Wire agency.
    pub wire: Option<String>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// How the date was found (`text`, `meta`, `json_ld`, `url`, `input`, `crawl`).
    pub date_source: Option<String>,
    /// Language code.
    pub language: String,
    /// Length of the clean text in characters.
    pub chars: u64,
    /// When it was stored (UTC, RFC 3339).
    pub ingested_at: String,
}

/// A stored article: metadata, clean text, headline span and captions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Article {
    /// Metadata.
    #[serde(flatten)]
    pub row: ArticleRow,
    /// The headline's character span in `text`, when the text starts with it.
    pub title_span: Option<(u32, u32)>,
    /// Photo captions, kept apart from the body.
    pub captions: Vec<Caption>,
    /// The clean text all offsets point into.
    pub text: String,
}

impl Article {
    /// The body: the clean text after the headline paragraph.
    pub fn body(&self) -> &str {
        let Some((_, end)) = self.title_span else {
            return &self.text;
        };
        let byte = self
            .text
            .char_indices()
            .nth(end as usize)
            .map_or(self.text.len(), |(b, _)| b);
        self.text[byte..].trim_start()
    }
}

/// An actor mention.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MentionRow {
    /// Article id.
    pub article_id: String,
    /// Sentence index.
    pub sentence_index: u32,
    /// The resolved actor.
    pub actor: ActorRow,
    /// The rule or dictionary entry that resolved it.
    pub rule: String,
}

/// A coded event.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    /// Article id.
    pub article_id: String,
    /// Sentence index.
    pub sentence_index: u32,
    /// Who acted.
    pub source: ActorRow,
    /// Whom it was done to.
    pub target: Option<ActorRow>,
    /// The verb or noun carrying the event.
    pub action: TextSpan,
    /// CAMEO code, e.g. `"112"`.
    pub cameo: String,
    /// PLOVER type.
    pub plover: String,
    /// PLOVER mode.
    pub plover_mode: Option<String>,
    /// Goldstein value.
    pub goldstein: f32,
    /// QuadClass 1 to 4.
    pub quad_class: u8,
    /// When it happened.
    pub date: Option<NaiveDate>,
    /// How the date was found (`timex` or `publication`).
    pub date_source: Option<String>,
    /// Index of its place among the article's places.
    pub place_index: Option<u32>,
    /// Negated ("did not attack").
    pub negated: bool,
    /// Hypothetical or conditional.
    pub hypothetical: bool,
    /// The lexicon entry or pattern that fired.
    pub rule: String,
}

/// A quote or reported statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteRow {
    /// Article id.
    pub article_id: String,
    /// Sentence index of the content's first sentence.
    pub sentence_index: u32,
    /// `direct`, `partial` or `indirect`.
    pub kind: String,
    /// What was said.
    pub content: TextSpan,
    /// The speech verb or phrase.
    pub cue: Option<TextSpan>,
    /// The speaker's mention in the sentence ("he", "the spokesman").
    pub speaker_mention: Option<TextSpan>,
    /// The speaker resolved to an actor; its span is the best naming mention.
    pub speaker: Option<ActorRow>,
    /// The rule that fired.
    pub rule: String,
}

/// A time expression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeRow {
    /// Article id.
    pub article_id: String,
    /// Sentence index.
    pub sentence_index: u32,
    /// The expression.
    #[serde(flatten)]
    pub span: TextSpan,
    /// TIMEX3 type.
    pub kind: String,
    /// TIMEX3 value.
    pub value: String,
    /// The day it names.
    pub date: Option<NaiveDate>,
    /// Whether it was resolved against the publication date.
    pub relative: bool,
    /// The rule that fired.
    pub rule: String,
}

/// A geocoded place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceRow {
    /// Article id.
    pub article_id: String,
    /// Sentence index.
    pub sentence_index: u32,
    /// The toponym.
    #[serde(flatten)]
    pub span: TextSpan,
    /// Gazetteer name.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Country.
    pub iso3: Option<String>,
    /// First-level division.
    pub admin1: Option<String>,
    /// GeoNames id.
    pub geonames_id: Option<u32>,
    /// The rule that resolved it.
    pub rule: String,
}

/// Every record of one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ArticleLayers {
    /// Actor mentions.
    pub mentions: Vec<MentionRow>,
    /// Events.
    pub events: Vec<EventRow>,
    /// Quotes.
    pub quotes: Vec<QuoteRow>,
    /// Time expressions.
    pub times: Vec<TimeRow>,
    /// Places.
    pub places: Vec<PlaceRow>,
}

/// Row counts per table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Articles.
    pub articles: u64,
    /// Actor mentions.
    pub mentions: u64,
    /// Events.
    pub events: u64,
    /// Quotes.
    pub quotes: u64,
    /// Time expressions.
    pub times: u64,
    /// Places.
    pub places: u64,
}
