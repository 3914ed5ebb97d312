//! Records that later stages attach to a [`crate::Doc`]. Each carries byte offsets into
//! the clean text and the rule or model that produced it (its provenance).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into [`crate::Doc::text`], on `char` boundaries.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct ByteSpan {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl ByteSpan {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> ByteSpan {
        debug_assert!(start <= end);
        ByteSpan {
            start: start as u32,
            end: end as u32,
        }
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers nothing.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(self, other: ByteSpan) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains(self, other: ByteSpan) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// A half-open token range `[start, end)`.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct TokRange {
    /// First token.
    pub start: u32,
    /// One past the last token.
    pub end: u32,
}

impl TokRange {
    /// A range from `start` to `end`.
    pub fn new(start: usize, end: usize) -> TokRange {
        debug_assert!(start <= end);
        TokRange {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The token indices in the range.
    pub fn iter(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Number of tokens.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the range holds no token.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Named-entity labels. GPE and NORP follow OntoNotes; evaluation folds GPE into LOC.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntLabel {
    Per,
    Org,
    Loc,
    Gpe,
    Norp,
    Misc,
}

impl EntLabel {
    /// The conventional spelling, e.g. `"PER"`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntLabel::Per => "PER",
            EntLabel::Org => "ORG",
            EntLabel::Loc => "LOC",
            EntLabel::Gpe => "GPE",
            EntLabel::Norp => "NORP",
            EntLabel::Misc => "MISC",
        }
    }

    /// Parses `PER`/`PERSON`, `ORG`, `LOC`, `GPE`, `NORP`, `MISC`.
    pub fn parse(s: &str) -> Option<EntLabel> {
        Some(match s {
            "PER" | "PERSON" => EntLabel::Per,
            "ORG" => EntLabel::Org,
            "LOC" => EntLabel::Loc,
            "GPE" => EntLabel::Gpe,
            "NORP" => EntLabel::Norp,
            "MISC" => EntLabel::Misc,
            _ => return None,
        })
    }
}

/// A named entity over a token range.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ent {
    /// The tokens it covers.
    pub tokens: TokRange,
    /// Its label.
    pub label: EntLabel,
}

/// An actor as resolved to a code, pointing at the text that names it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActorRef {
    /// CAMEO-style code: country or IGO prefix plus sectors, e.g. `USAGOV`, `IGOUNO`.
    pub code: String,
    /// ISO 3166-1 alpha-3 country, when the actor has one.
    pub iso3: Option<String>,
    /// Sector, e.g. `GOV`, `MIL`, `REB`, for PLOVER.
    pub sector: Option<String>,
    /// Canonical name for people and organisations, e.g. `John Kerry`.
    pub name: Option<String>,
    /// The text that names it here; for a pronoun, the pronoun itself.
    pub span: ByteSpan,
}

/// An actor mention found in the text (the `Actors` layer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Sentence index.
    pub sent: u32,
    /// The resolved actor.
    pub actor: ActorRef,
    /// The rule or dictionary entry that resolved it.
    pub rule: String,
}

/// A coded dyadic event (the `Events` layer).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Sentence index.
    pub sent: u32,
    /// Who acted.
    pub source: ActorRef,
    /// Whom it was done to, when there is a target.
    pub target: Option<ActorRef>,
    /// The verb or noun that carries the event.
    pub action: ByteSpan,
    /// CAMEO code, 2 to 4 digits, e.g. `"112"`.
    pub cameo: String,
    /// PLOVER event type, e.g. `ACCUSE`.
    pub plover: String,
    /// PLOVER mode, when one applies.
    pub plover_mode: Option<String>,
    /// Goldstein value of the CAMEO code.
    pub goldstein: f32,
    /// QuadClass 1 to 4 (verbal coop, material coop, verbal conflict, material conflict).
    pub quad_class: u8,
    /// When it happened.
    pub date: Option<NaiveDate>,
    /// How [`Event::date`] was found: `timex` or `publication` (fallback).
    pub date_source: Option<String>,
    /// Index into [`crate::Doc::places`] of where it happened.
    pub place: Option<u32>,
    /// The event is negated ("did not attack").
    pub negated: bool,
    /// The event is hypothetical or conditional ("could attack", "threatened to").
    pub hypothetical: bool,
    /// The lexicon entry or pattern that fired.
    pub rule: String,
}

/// How a quote is given.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    Direct,
    Partial,
    Indirect,
}

impl QuoteKind {
    /// `direct`, `partial` or `indirect`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }
}

/// A quote or reported statement (the `Quotes` layer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Sentence index of the content's first sentence.
    pub sent: u32,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// What was said.
    pub content: ByteSpan,
    /// The speech verb or phrase ("said", "according to").
    pub cue: Option<ByteSpan>,
    /// The speaker's mention in this sentence ("he", "the spokesman", "Kerry").
    pub speaker_mention: Option<ByteSpan>,
    /// The speaker, resolved to an actor where possible; its span is the best naming mention.
    pub speaker: Option<ActorRef>,
    /// The rule that fired.
    pub rule: String,
}

/// TIMEX3 types.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// A time expression (the `Times` layer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimeEx {
    /// Sentence index.
    pub sent: u32,
    /// The expression's text.
    pub span: ByteSpan,
    /// Its TIMEX3 type.
    pub kind: TimexType,
    /// Its TIMEX3 value, e.g. `2016-02-13`, `P5Y`, `2015-W48`, `PRESENT_REF`.
    pub value: String,
    /// The calendar day it resolves to, when it names one.
    pub date: Option<NaiveDate>,
    /// True when the value depends on the publication date.
    pub relative: bool,
    /// The rule that fired.
    pub rule: String,
}

/// A geocoded toponym (the `Places` layer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// Sentence index.
    pub sent: u32,
    /// The toponym's text.
    pub span: ByteSpan,
    /// The gazetteer's name for it; the text's own for a stand-in (`document-focus`,
    /// `enclosing-division`), which has no GeoNames id.
    pub name: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-3 country.
    pub iso3: Option<String>,
    /// First-level administrative division name.
    pub admin1: Option<String>,
    /// GeoNames id, when the gazetteer has one.
    pub geonames_id: Option<u32>,
    /// The rule that resolved it.
    pub rule: String,
}

/// How serious a diagnostic is.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiagLevel {
    Info,
    Warning,
}

/// A content problem noticed while reading or annotating; never fatal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diag {
    /// How serious it is.
    pub level: DiagLevel,
    /// The stage or component that noticed it.
    pub component: String,
    /// What happened, in a sentence.
    pub message: String,
    /// Where, when it has a place in the text.
    pub span: Option<ByteSpan>,
}
