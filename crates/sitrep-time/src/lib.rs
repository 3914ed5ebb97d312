//! Time expressions found in running news text and normalised to TIMEX3 values against
//! the publication date.
//!
//! # Brief overview
//! - [`TimeTagger`] is the pipeline component (name `time`): it requires `Tokens` and
//!   `Sents` and fills `doc.times` with [`sitrep_doc::TimeEx`] records.
//! - [`extract_sentences`] does the work on a document's sentences and an optional anchor
//!   date, carrying context from sentence to sentence; [`extract`] runs it on one
//!   sentence. The component and the TimeML evaluation both go through the component.
//! - Rules cover weekdays ("on Saturday", "Friday, Oct. 23"), deictic days ("yesterday
//!   morning"), relative units ("last week", "earlier this month"), month names ("in
//!   December", "Jan. 6", "10 February, 2016"), numeric, ISO and spoken dates, years and
//!   decades, quarters and fiscal periods, holidays ("Thanksgiving Day"), durations
//!   ("five-year", "the past three months", "2 1/2 years"), "ago" phrases, clock times,
//!   sets ("every day", "weekly", "$2 million a year") and reference words ("now" →
//!   `PRESENT_REF`).
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
//! and forward only after a future cue ("will", "scheduled", …); a bare month or date is
//! the coming one only when at most three months away. Anaphoric expressions ("the
//! following year", "that day", "the previous Friday") resolve against the last date the
//! text named, when it is at least as fine as they need. With no date, values keep
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

use std::ops::Range;

use chrono::NaiveDate;
use sitrep_doc::{ByteSpan, Diag, DiagLevel, Doc, Layer, TimeEx, TimexType};
use sitrep_pipeline::{Component, ComponentMeta};

/// Finds and normalises the time expressions of one sentence, `text`, against `anchor`.
///
/// Spans are byte offsets into `text`; `sent` is 0 (the caller knows the sentence).
pub fn extract(text: &str, anchor: Option<NaiveDate>) -> Vec<TimeEx> {
    extract_sentences(text, std::slice::from_ref(&(0..text.len())), anchor)
}

/// Finds and normalises the time expressions of a document's sentences (byte ranges of
/// `text`, in order) against `anchor`, carrying what earlier sentences said: a text that
/// speaks of quarterly results keeps doing so, and one article's bare "Thursday" names
/// one day.
///
/// Spans are byte offsets into `text`; `sent` is the index into `sents`.
pub fn extract_sentences(
    text: &str,
    sents: &[Range<usize>],
    anchor: Option<NaiveDate>,
) -> Vec<TimeEx> {
    let mut out: Vec<TimeEx> = Vec::new();
    let mut quarterly = false;
    let mut reference = None;
    for (si, r) in sents.iter().enumerate() {
        let sent = &text[r.clone()];
        let words = scan::scan(sent);
        quarterly |= rules::quarterly(&words);
        for x in rules::find(&words) {
            let cx = resolve::Context {
                future: rules::future_cue(&words, x.start),
                quarterly,
                reference,
            };
            let res = resolve::resolve(&x.val, anchor, cx);
            if matches!(x.kind, TimexType::Date | TimexType::Time) {
                reference = resolve::reference_of(&res.value).or(reference);
            }
            out.push(TimeEx {
                sent: si as u32,
                span: ByteSpan::new(r.start + words[x.start].s, r.start + words[x.end - 1].e),
                kind: x.kind,
                value: res.value,
                date: res.date,
                relative: res.relative,
                rule: x.rule.to_string(),
            });
        }
    }
    // One article's bare "Thursday" names one day: later mentions follow the first.
    let mut seen: Vec<(String, String, Option<NaiveDate>)> = Vec::new();
    for t in out.iter_mut().filter(|t| t.rule == "weekday") {
        let name = text[t.span.start as usize..t.span.end as usize].to_lowercase();
        match seen.iter().find(|(n, _, _)| *n == name) {
            Some((_, v, d)) => (t.value, t.date) = (v.clone(), *d),
            None => seen.push((name, t.value.clone(), t.date)),
        }
    }
    out
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
        let sents: Vec<Range<usize>> = doc
            .sents
            .iter()
            .map(|&s| {
                let span = doc.range_span(s);
                span.start as usize..span.end as usize
            })
            .collect();
        let times = extract_sentences(doc.text(), &sents, anchor);
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
            check(
                "Some 2000 troops, $1990, a 6-year-old boy and an index at 2082.1.",
                "2016-02-10"
            ),
            ""
        );
    }

    #[test]
    fn dated_weekdays_clock_times_and_spoken_years() {
        assert_eq!(
            check(
                "On Friday, Oct. 23 and by 5 p.m. EST Nov. 9, in January nineteen ninety-seven.",
                "1998-11-21"
            ),
            "Friday, Oct. 23|DATE|1998-10-23; 5 p.m. EST Nov. 9|TIME|1998-11-09T17:00; \
             January nineteen ninety-seven|DATE|1997-01"
        );
        assert_eq!(
            check(
                "By the year two thousand and in the year 2010.",
                "1998-02-05"
            ),
            "the year two thousand|DATE|2000; the year 2010|DATE|2010"
        );
    }

    #[test]
    fn fiscal_years_rates_halves_and_more() {
        assert_eq!(
            check(
                "Net for the year ended Sept. 30 was $2 million a year, 2 1/2 years and \
                 a minute and a half, for 20 more years.",
                "1989-11-02"
            ),
            "the year|DURATION|P1Y; Sept. 30|DATE|1989-09-30; a year|SET|P1Y; \
             2 1/2 years|DURATION|P2Y6M; a minute and a half|DURATION|PT1M30S; \
             20 more years|DURATION|P20Y"
        );
        assert_eq!(
            check("Two decades, then daily rallies.", "2000-01-07"),
            "Two decades|DURATION|P20Y; daily|SET|P1D"
        );
    }

    #[test]
    fn holidays() {
        assert_eq!(
            check(
                "Found on Thanksgiving Day, home by Christmas, after Easter, on Election Day.",
                "2016-02-10"
            ),
            "Thanksgiving Day|DATE|2015-11-26; Christmas|DATE|2015-12-25; \
             Easter|DATE|2016-03-27; Election Day|DATE|2015-11-03"
        );
        assert_eq!(
            check("It will end by Memorial Day.", "2016-02-10"),
            "Memorial Day|DATE|2016-05-30"
        );
    }

    #[test]
    fn future_cues_and_the_anchor_weekday() {
        // A past form voids the cue; the anchor's own weekday is that day.
        assert_eq!(
            check(
                "It had been scheduled to expire Friday; talks will resume Wednesday.",
                "2016-02-10"
            ),
            "Friday|DATE|2016-02-05; Wednesday|DATE|2016-02-10"
        );
        assert_eq!(
            check("They could leave as soon as Tuesday.", "2016-02-10"),
            "Tuesday|DATE|2016-02-16"
        );
    }

    #[test]
    fn earlier_sentences_set_the_context() {
        let text = "Profit fell in the third quarter. Sales rose from a year ago. \
                    The plant opened in 1995. The following year it closed, and that \
                    year's loss was news. It reopened on April 7, 1997, not the previous \
                    Friday.";
        let sents: Vec<Range<usize>> = {
            let mut v = Vec::new();
            let mut start = 0;
            for (i, _) in text.match_indices(". ") {
                v.push(start..i + 1);
                start = i + 2;
            }
            v.push(start..text.len());
            v
        };
        let found = extract_sentences(text, &sents, NaiveDate::from_ymd_opt(1998, 4, 18));
        let got: Vec<String> = found
            .iter()
            .map(|t| {
                format!(
                    "{}|{}",
                    &text[t.span.start as usize..t.span.end as usize],
                    t.value
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "the third quarter|1998-Q3",
                "a year ago|1997-Q1",
                "1995|1995",
                "The following year|1996",
                "that year|1996",
                "April 7, 1997|1997-04-07",
                "the previous Friday|1997-04-04"
            ]
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
