//! Article-level metadata.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a publication date was found. Recorded so users can weigh it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Given by the caller (a JSONL `date` field, say).
    Input,
    /// An HTML `<meta>` tag (`article:published_time`, `date`, ...).
    Meta,
    /// A JSON-LD `datePublished`.
    JsonLd,
    /// A date line in the page text ("10 February, 2016").
    Text,
    /// A `/2016/02/10/` style URL path.
    Url,
    /// A WARC record's date; the crawl time, a last resort.
    Crawl,
    /// A date line standing alone in the page header above the headline, often the day
    /// the page was viewed or scraped rather than published: an upper bound only, so time
    /// resolution should not anchor relative dates ("on Tuesday") to it.
    Header,
}

/// A photo caption, kept apart from the body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Caption {
    /// The caption text, credit removed.
    pub text: String,
    /// The photo credit, e.g. `AFP`, `Getty`.
    pub credit: Option<String>,
}

/// Metadata of one article. Any value is valid, so fields are public.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Content hash of the raw record (hex), the article's stable id.
    pub id: String,
    /// Where the article came from: a path, `path#line`, a WARC offset or a URL.
    pub source: String,
    /// The article URL, when known.
    pub url: Option<String>,
    /// The publishing outlet, e.g. `The New Arab`.
    pub outlet: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The byline, when the page names one.
    pub byline: Option<String>,
    /// The wire agency the copy comes from (`AP`, `AFP`, `Reuters`, `PA`, ...).
    pub wire: Option<String>,
    /// The publication date.
    pub date: Option<NaiveDate>,
    /// How [`DocMeta::date`] was found.
    pub date_source: Option<DateSource>,
    /// BCP-47 language code; `en` unless detected otherwise.
    pub language: String,
    /// Photo captions found in the page.
    pub captions: Vec<Caption>,
}

impl DocMeta {
    /// The publication date when its source can anchor "on Saturday": `None` for a
    /// page-header or crawl date, which may be the day the page was saved, not written.
    pub fn reliable_date(&self) -> Option<NaiveDate> {
        match self.date_source {
            Some(DateSource::Header | DateSource::Crawl) => None,
            _ => self.date,
        }
    }

    /// Metadata with an id and a source; the rest empty and language `en`.
    pub fn new(id: &str, source: &str) -> DocMeta {
        DocMeta {
            id: id.to_string(),
            source: source.to_string(),
            language: "en".to_string(),
            ..DocMeta::default()
        }
    }
}
