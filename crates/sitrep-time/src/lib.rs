//! Time expressions found in running news text and normalised to TIMEX3 values against
//! the publication date.
//!
//! # Brief overview
//! - [`TimeTagger`] is the pipeline component (name `time`): it requires `Tokens` and
//!   `Sents` and fills `doc.times` with [`sitrep_doc::TimeEx`] records.
//! - [`extract`] does the work on one piece of text (a sentence) and an optional anchor
//!   date; the component calls it per sentence, the TimeML evaluation calls it directly.
//! - Rules cover weekdays ("on Saturday"), deictic days ("yesterday morning"), relative
//!   units ("last week", "earlier this month"), month names ("in December", "Jan. 6",
//!   "10 February, 2016"), numeric and ISO dates, years and decades, quarters, durations
//!   ("five-year", "the past three months"), "ago" phrases, clock times, sets ("every
//!   day", "weekly") and reference words ("now" → `PRESENT_REF`).
//!
//! # Design choice: a word scan of the sentence text, not the token layer
//! The rules match over their own lexical scan of each sentence's text (runs of letters
//! and digits, single punctuation marks, and whether a space precedes each). That keeps
//! "five-year", "Jan." and "10:30" recognisable whatever the tokenizer does with hyphens,
//! abbreviation periods and colons; the `Sents` layer still decides the context window.
//!
//! # Relative values and the anchor
//! Relative expressions resolve against `DocMeta::reliable_date`, past by default as news reports
//! mostly what happened ("Kerry on Saturday accused…" is the Saturday before publication),
//! and forward only after a future cue ("will", "scheduled", …). With no date, values keep
//! unknown fields (`XXXX-WXX-6`) and `date` stays `None`, with a warning diagnostic. A
//! page-header or crawl date (`DateSource::Header`, `Crawl`) may be the day the page was
//! saved, so it never anchors: the PA seed's "Monday 19 February 2018" header must not
//! put Kerry's 2016 threat in 2018.
//!
//! ```
//! use chrono::NaiveDate;
//! let anchor = NaiveDate::from_ymd_opt(2016, 2, 10);
//! let found = sitrep_time::extract("Kerry said on Tuesday the five-year war must end.", anchor);
//! let values: Vec<&str> = found.iter().map(|t| t.value.as_str()).collect();
//! assert_eq!(values, ["2016-02-09", "P5Y"]);
//! ```
#![deny(missing_docs)]

mod resolve;
mod rules;
mod scan;

use chrono::NaiveDate;
use sitrep_doc::{ByteSpan, Diag, DiagLevel, Doc, Layer, TimeEx};
use sitrep_pipeline::{Component, ComponentMeta};

/// Finds and normalises the time expressions of `text` against `anchor`.
///
/// Spans are byte offsets into `text`; `sent` is 0 (the caller knows the sentence).
pub fn extract(text: &str, anchor: Option<NaiveDate>) -> Vec<TimeEx> {
    let words = scan::scan(text);
    let quarterly = rules::quarterly(&words);
    rules::find(&words)
        .into_iter()
        .map(|x| {
            let cx = resolve::Context {
                future: rules::future_cue(&words, x.start),
                quarterly,
            };
            let r = resolve::resolve(&x.val, anchor, cx);
            TimeEx {
                sent: 0,
                span: ByteSpan::new(words[x.start].s, words[x.end - 1].e),
                kind: x.kind,
                value: r.value,
                date: r.date,
                relative: r.relative,
                rule: x.rule.to_string(),
            }
        })
        .collect()
}

/// The `time` component: fills `doc.times`.
#[derive(Clone, Copy, Debug, Default)]
pub struct TimeTagger;

impl TimeTagger {
    /// A tagger; it holds no model.
    pub fn new() -> TimeTagger {
        TimeTagger
    }
}

const META: ComponentMeta = ComponentMeta {
    name: "time",
    requires: &[Layer::Tokens, Layer::Sents],
    assigns: &[Layer::Times],
};

impl Component for TimeTagger {
    fn meta(&self) -> &ComponentMeta {
        &META
    }

    fn process(&self, doc: &mut Doc) {
        // A header or crawl date may be the day the page was saved: relative expressions
        // stay unresolved rather than land years late.
        let anchor = doc.meta.reliable_date();
        let mut times = Vec::new();
        for (si, &sent) in doc.sents.iter().enumerate() {
            let span = doc.range_span(sent);
            if span.is_empty() {
                continue;
            }
            for mut t in extract(doc.span_text(span), anchor) {
                t.sent = si as u32;
                t.span = ByteSpan {
                    start: t.span.start + span.start,
                    end: t.span.end + span.start,
                };
                times.push(t);
            }
        }
        // One article's bare "Thursday" names one day: later mentions follow the first.
        let mut seen: Vec<(String, String, Option<NaiveDate>)> = Vec::new();
        for t in times.iter_mut().filter(|t| t.rule == "weekday") {
            let name = doc.text()[t.span.start as usize..t.span.end as usize].to_lowercase();
            match seen.iter().find(|(n, _, _)| *n == name) {
                Some((_, v, d)) => (t.value, t.date) = (v.clone(), *d),
                None => seen.push((name, t.value.clone(), t.date)),
            }
        }
        for t in times.iter().filter(|t| t.relative && anchor.is_none()) {
            let why = match doc.meta.date {
                Some(d) => format!("the page's only date, {d}, may be the day it was saved"),
                None => "no publication date".to_string(),
            };
            let message = format!(
                "`{}` left unresolved as {}: {why}",
                doc.span_text(t.span),
                t.value
            );
            doc.diagnostics.push(Diag {
                level: DiagLevel::Warning,
                component: "time".into(),
                message,
                span: Some(t.span),
            });
        }
        doc.times = times;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, anchor: &str) -> String {
        let a = NaiveDate::parse_from_str(anchor, "%Y-%m-%d").ok();
        extract(text, a)
            .iter()
            .map(|t| {
                let s = &text[t.span.start as usize..t.span.end as usize];
                format!("{s}|{}|{}", t.kind.as_str(), t.value)
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    #[test]
    fn weekdays_and_deictic_days() {
        assert_eq!(
            check(
                "Kerry on Saturday accused Moscow, and will travel Friday.",
                "2016-02-14"
            ),
            "Saturday|DATE|2016-02-13; Friday|DATE|2016-02-19"
        );
        assert_eq!(
            check(
                "It fell yesterday morning and rose last night.",
                "1998-01-08"
            ),
            "yesterday morning|TIME|1998-01-07TMO; last night|TIME|1998-01-07TNI"
        );
    }

    #[test]
    fn calendar_dates() {
        assert_eq!(
            check(
                "On Jan. 6 and September 18, 2015, and 10 February, 2016.",
                "2016-02-10"
            ),
            "Jan. 6|DATE|2016-01-06; September 18, 2015|DATE|2015-09-18; \
             10 February, 2016|DATE|2016-02-10"
        );
        assert_eq!(
            check(
                "Filed 2016-02-10 after the 1979 revolution, in December.",
                "2016-02-10"
            ),
            "2016-02-10|DATE|2016-02-10; 1979|DATE|1979; December|DATE|2015-12"
        );
        assert_eq!(
            check("They may go in May.", "2016-02-10"),
            "May|DATE|2016-05"
        );
    }

    #[test]
    fn relative_units() {
        assert_eq!(
            check(
                "Last week, earlier this month and next year, but not last April.",
                "2016-02-10"
            ),
            "Last week|DATE|2016-W05; earlier this month|DATE|2016-02; \
             next year|DATE|2017; last April|DATE|2015-04"
        );
        assert_eq!(
            check(
                "Profit in the third quarter rose from a year ago.",
                "1989-10-30"
            ),
            "the third quarter|DATE|1989-Q3; a year ago|DATE|1988-Q3"
        );
        assert_eq!(
            check("Sales rose from a year earlier.", "1989-10-30"),
            "a year earlier|DATE|1988"
        );
    }

    #[test]
    fn durations_sets_and_references() {
        assert_eq!(
            check(
                "The five-year war, nearly forty years and the past three months.",
                "2016-02-10"
            ),
            "five-year|DURATION|P5Y; nearly forty years|DURATION|P40Y; \
             the past three months|DURATION|P3M"
        );
        assert_eq!(
            check(
                "Now they meet every day and publish weekly, currently.",
                "2016-02-10"
            ),
            "Now|DATE|PRESENT_REF; every day|SET|P1D; weekly|SET|P1W; currently|DATE|PRESENT_REF"
        );
        assert_eq!(
            check(
                "The talks began at 10:30 a.m. Tuesday within a week.",
                "2016-02-10"
            ),
            "10:30 a.m. Tuesday|TIME|2016-02-09T10:30; a week|DURATION|P1W"
        );
    }

    #[test]
    fn numbers_that_are_not_times() {
        assert_eq!(
            check("Some 2000 troops and $1990 were sent.", "2016-02-10"),
            ""
        );
    }

    #[test]
    fn component_flags_a_missing_date() {
        let text = "Kerry spoke on Saturday.";
        let mut doc = Doc::new(sitrep_doc::DocMeta::new("x", "t"), text.into());
        for (s, e) in [(0, 5), (6, 11), (12, 14), (15, 23), (23, 24)] {
            doc.tokens.push(s, e);
        }
        doc.sents = vec![sitrep_doc::TokRange::new(0, 5)];
        TimeTagger::new().process(&mut doc);
        let t = &doc.times[0];
        assert_eq!(
            (doc.span_text(t.span), t.value.as_str(), t.date, t.relative),
            ("Saturday", "XXXX-WXX-6", None, true)
        );
        assert_eq!(doc.diagnostics.len(), 1);
    }
}
