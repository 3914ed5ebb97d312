//! Dates for pages that carry no reliable publication date, and for the events and
//! quotes in them.
//!
//! A page-header or crawl date may be the day a page was saved (`DocMeta::reliable_date`),
//! so it never dates anything; it only bounds the page from above. Within that bound a
//! page is dated from its own content, in this order:
//! 1. **References**: the page names days or months without a year ("the September 9
//!    agreement", "in October and November"). The year comes from the terms of the people
//!    it names: the latest stretch of time in which the most of them held an office
//!    ([`Calendar::add_term`]), below the page's upper bound. Each reference is taken as
//!    its latest occurrence before the end of that stretch, and the page is put a
//!    fortnight after the latest one (news reports the recent past).
//! 2. **Story neighbour**: else, the date of the most similar reliably dated article of
//!    the same story, when it falls within those terms.
//!
//! The page's relative time expressions ("on Wednesday") are then resolved again against
//! the estimate, and every event and quote date records how it was found ([`DateHow`]).

use chrono::{Datelike, Duration, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};
use sitrep_doc::{Doc, TimeEx};

use crate::text::content_terms;

/// Days between the latest dated reference of a page and its estimated date.
const AFTER_REFERENCE_DAYS: i64 = 14;

/// A time-expression resolver: the expressions of a sentence against an anchor date
/// (`sitrep_time::extract` has this shape).
pub type Resolver = fn(&str, Option<NaiveDate>) -> Vec<TimeEx>;

/// One term of office: from its first day up to (not including) `to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Term {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl Term {
    fn covers(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d < t)
    }
}

/// What dating knows beyond a doc: people's terms of office and a time resolver. The
/// engine fills it from the actor knowledge base and the time tagger, so this crate needs
/// neither. [`Calendar::default`] knows nothing and estimates no date.
#[derive(Clone, Debug, Default)]
pub struct Calendar {
    terms: FxHashMap<String, Vec<Term>>,
    resolver: Option<Resolver>,
}

impl Calendar {
    /// A calendar that re-resolves time expressions with `resolver`.
    pub fn new(resolver: Resolver) -> Calendar {
        Calendar {
            terms: FxHashMap::default(),
            resolver: Some(resolver),
        }
    }

    /// Records that `person` (a canonical name, as in `kb:person:NAME:` mention rules)
    /// held an office from `from` up to `to` (open ends: `None`).
    pub fn add_term(&mut self, person: &str, from: Option<NaiveDate>, to: Option<NaiveDate>) {
        self.terms
            .entry(person.to_string())
            .or_default()
            .push(Term { from, to });
    }

    /// Number of people with terms.
    pub fn people(&self) -> usize {
        self.terms.len()
    }
}

/// How a page's date was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageDateMethod {
    /// Its own publication date (metadata, a date line, the URL, the input).
    Published,
    /// Its dated references and the terms of the people it names.
    References,
    /// The most similar dated article of its story.
    Neighbour,
    /// No date could be found.
    Unknown,
}

impl PageDateMethod {
    /// `published`, `references`, `neighbour` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            PageDateMethod::Published => "published",
            PageDateMethod::References => "references",
            PageDateMethod::Neighbour => "neighbour",
            PageDateMethod::Unknown => "unknown",
        }
    }
}

/// A page's date and how it was found.
#[derive(Clone, Debug, PartialEq)]
pub struct PageDate {
    /// The article id.
    pub article: String,
    /// The date, when one was found.
    pub date: Option<NaiveDate>,
    /// How.
    pub method: PageDateMethod,
    /// The reasoning in words, e.g. which reference and whose terms.
    pub note: String,
}

/// How an event or quote date was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateHow {
    /// A time expression in its sentence, resolved against the publication date.
    Timex,
    /// A time expression in its sentence, resolved against the page's estimated date.
    TimexEstimated,
    /// The page's publication date.
    Published,
    /// The page's estimated date ([`PageDate`] says how).
    Estimated,
    /// Unknown.
    Unknown,
}

impl DateHow {
    /// `timex`, `timex-estimated`, `published`, `estimated` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateHow::Timex => "timex",
            DateHow::TimexEstimated => "timex-estimated",
            DateHow::Published => "published",
            DateHow::Estimated => "estimated",
            DateHow::Unknown => "unknown",
        }
    }
}

/// A page's dates: its own, and each of its time expressions'.
#[derive(Clone, Debug, PartialEq)]
pub struct DocDates {
    /// The page's date.
    pub page: PageDate,
    /// The calendar day of each entry of `doc.times`, re-resolved against an estimated
    /// page date where there is one.
    pub times: Vec<Option<NaiveDate>>,
}

impl DocDates {
    /// The date of something said or done in sentence `sent`: its first dated time
    /// expression, else the page's date.
    pub fn in_sentence(&self, doc: &Doc, sent: u32) -> (Option<NaiveDate>, DateHow) {
        let estimated = self.page.method != PageDateMethod::Published;
        let timex = doc
            .times
            .iter()
            .zip(&self.times)
            .find(|(t, d)| t.sent == sent && d.is_some())
            .and_then(|(_, d)| *d);
        match (timex, self.page.date) {
            (Some(d), _) if estimated => (Some(d), DateHow::TimexEstimated),
            (Some(d), _) => (Some(d), DateHow::Timex),
            (None, Some(d)) if estimated => (Some(d), DateHow::Estimated),
            (None, Some(d)) => (Some(d), DateHow::Published),
            (None, None) => (None, DateHow::Unknown),
        }
    }
}

impl DocDates {
    /// The date of an event: as coded when the page has its own date, else as
    /// [`DocDates::in_sentence`].
    pub fn of_event(&self, doc: &Doc, e: &sitrep_doc::Event) -> (Option<NaiveDate>, DateHow) {
        match e.date {
            Some(d) if self.page.method == PageDateMethod::Published => {
                let how = if e.date_source.as_deref() == Some("publication") {
                    DateHow::Published
                } else {
                    DateHow::Timex
                };
                (Some(d), how)
            }
            _ => self.in_sentence(doc, e.sent),
        }
    }
}

/// People named with a knowledge-base entry (`kb:person:NAME:...` rules), first mention
/// order.
fn people(doc: &Doc) -> Vec<&str> {
    let mut seen = FxHashSet::default();
    doc.mentions
        .iter()
        .filter_map(|m| m.rule.strip_prefix("kb:person:"))
        .filter_map(|r| r.rsplit_once(':').map(|x| x.0))
        .filter(|n| seen.insert(*n))
        .collect()
}

/// A stretch of time `[from, to)` and the people named who held office through it.
struct Stretch<'p> {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    holders: Vec<&'p str>,
}

impl Stretch<'_> {
    fn covers(&self, d: NaiveDate) -> bool {
        Term {
            from: self.from,
            to: self.to,
        }
        .covers(d)
    }

    fn describe(&self) -> String {
        format!(
            "{} held office {}",
            self.holders.join(", "),
            fmt_window(self.from, self.to)
        )
    }
}

/// The latest stretch below `bound` in which the most of `people` held office; `None`
/// when no one named has a known term.
fn best_stretch<'p>(
    cal: &Calendar,
    people: &[&'p str],
    bound: Option<NaiveDate>,
) -> Option<Stretch<'p>> {
    let known: Vec<(&str, &Vec<Term>)> = people
        .iter()
        .filter_map(|p| cal.terms.get(*p).map(|t| (*p, t)))
        .collect();
    if known.is_empty() {
        return None;
    }
    let mut cuts: Vec<NaiveDate> = known
        .iter()
        .flat_map(|(_, ts)| ts.iter().flat_map(|t| [t.from, t.to]))
        .flatten()
        .chain(bound)
        .collect();
    cuts.push(NaiveDate::MIN);
    cuts.sort_unstable();
    cuts.dedup();
    // Each piece between two cuts has one set of office holders.
    let mut best: Option<Stretch> = None;
    for (k, &start) in cuts.iter().enumerate() {
        if bound.is_some_and(|b| start >= b) {
            break;
        }
        let end = cuts.get(k + 1).copied();
        let holders: Vec<&str> = known
            .iter()
            .filter(|(_, ts)| ts.iter().any(|t| t.covers(start)))
            .map(|x| x.0)
            .collect();
        match &mut best {
            // The same holders right after the best piece extend it.
            Some(b) if b.holders == holders && b.to == Some(start) => b.to = end,
            Some(b) if b.holders.len() > holders.len() => {}
            _ if holders.is_empty() => {}
            _ => {
                best = Some(Stretch {
                    from: (start != NaiveDate::MIN).then_some(start),
                    to: end,
                    holders,
                })
            }
        }
    }
    best
}

/// The first and last day of the latest occurrence, on or before `anchor`, of a day or
/// month named without its year (`XXXX-09-09`, `XXXX-11`), the last day cut at `anchor`.
fn latest_before(value: &str, anchor: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<u32> = value
        .strip_prefix("XXXX-")?
        .split('-')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let year = anchor.year();
    [year, year - 1].into_iter().find_map(|y| {
        let (first, last) = match parts.as_slice() {
            [m, d] => {
                let day = NaiveDate::from_ymd_opt(y, *m, *d)?;
                (day, day)
            }
            [m] => {
                let first = NaiveDate::from_ymd_opt(y, *m, 1)?;
                let next = first.checked_add_months(chrono::Months::new(1))?;
                (first, next - Duration::days(1))
            }
            _ => return None,
        };
        (first <= anchor).then_some((first, last.min(anchor)))
    })
}

/// A day or month named without its year: `XXXX-09-09`, `XXXX-11`.
fn yearless(value: &str) -> bool {
    let Some(rest) = value.strip_prefix("XXXX-") else {
        return false;
    };
    let parts: Vec<&str> = rest.split('-').collect();
    !parts.is_empty()
        && parts.len() <= 2
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Time expressions of `doc` resolved again against `anchor`, aligned with `doc.times`.
fn reresolve(doc: &Doc, resolver: Resolver, anchor: NaiveDate) -> Vec<Option<TimeEx>> {
    let mut by_sent: FxHashMap<u32, Vec<TimeEx>> = FxHashMap::default();
    doc.times
        .iter()
        .map(|t| {
            let found = by_sent.entry(t.sent).or_insert_with(|| {
                let Some(span) = crate::claims::sentence_span(doc, t.sent) else {
                    return Vec::new();
                };
                let mut v = resolver(doc.span_text(span), Some(anchor));
                for x in &mut v {
                    x.span.start += span.start;
                    x.span.end += span.start;
                }
                v
            });
            found.iter().find(|x| x.span == t.span).cloned()
        })
        .collect()
}

fn fmt_window(from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    let d = |x: Option<NaiveDate>| x.map_or("open".to_string(), |d| d.to_string());
    format!("{} to {}", d(from), d(to))
}

/// Dates a page from its dated references and the terms of the people it names.
fn from_references(doc: &Doc, cal: &Calendar) -> Option<(NaiveDate, String)> {
    let bound = doc.meta.date.filter(|_| doc.meta.reliable_date().is_none());
    let stretch = best_stretch(cal, &people(doc), bound)?;
    let (from, to) = (stretch.from, stretch.to);
    let end = match (to, bound) {
        (Some(t), Some(b)) => t.min(b),
        (t, b) => t.or(b)?,
    };
    let anchor = end - Duration::days(1);
    // Resolved in the past of the anchor: it bounds the page, it does not date it, so the
    // time tagger's nearest-date rule would be wrong here.
    let latest = doc
        .times
        .iter()
        .filter(|t| yearless(&t.value))
        .filter_map(|t| {
            let (_, last) = latest_before(&t.value, anchor)?;
            Some((last, doc.span_text(t.span).to_string()))
        })
        .filter(|(last, _)| from.is_none_or(|f| *last >= f))
        .max()?;
    let mut date = (latest.0 + Duration::days(AFTER_REFERENCE_DAYS)).min(anchor);
    if let Some(f) = from {
        date = date.max(f);
    }
    let mut note = format!(
        "a fortnight after '{}' ({}), its latest dated reference, in the latest years it fits: {}",
        latest.1,
        latest.0,
        stretch.describe()
    );
    if let Some(b) = bound {
        note.push_str(&format!(", before the page's header date {b}"));
    }
    Some((date, note))
}

/// Content-term sets for neighbour similarity.
fn term_set(doc: &Doc) -> FxHashSet<String> {
    content_terms(doc.text()).into_iter().map(|t| t.0).collect()
}

fn jaccard(a: &FxHashSet<String>, b: &FxHashSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Dates every article of a story: its own date, else from its references, else from its
/// most similar dated neighbour; then its time expressions against that date.
pub fn date_story(docs: &[&Doc], cal: &Calendar) -> Vec<DocDates> {
    let sets: Vec<FxHashSet<String>> = docs.iter().map(|d| term_set(d)).collect();
    docs.iter()
        .enumerate()
        .map(|(k, doc)| {
            let own = |method, date, note: String| PageDate {
                article: doc.meta.id.clone(),
                date,
                method,
                note,
            };
            if let Some(d) = doc.meta.reliable_date() {
                let src = doc
                    .meta
                    .date_source
                    .map_or("given".to_string(), |s| format!("{s:?}").to_lowercase());
                return DocDates {
                    page: own(
                        PageDateMethod::Published,
                        Some(d),
                        format!("publication date ({src})"),
                    ),
                    times: doc.times.iter().map(|t| t.date).collect(),
                };
            }
            let page = if let Some((d, note)) = from_references(doc, cal) {
                own(PageDateMethod::References, Some(d), note)
            } else if let Some((d, note)) = from_neighbour(k, docs, &sets, cal) {
                own(PageDateMethod::Neighbour, Some(d), note)
            } else {
                own(
                    PageDateMethod::Unknown,
                    None,
                    "no publication date, no dated reference and no dated neighbour".into(),
                )
            };
            let times = match (page.date, cal.resolver) {
                (Some(d), Some(r)) => reresolve(doc, r, d)
                    .into_iter()
                    .map(|t| t.and_then(|t| t.date))
                    .collect(),
                _ => doc.times.iter().map(|t| t.date).collect(),
            };
            DocDates { page, times }
        })
        .collect()
}

/// The date of the most similar reliably dated article, when it lies within the terms
/// of the people the page names (or they are unknown) and below its upper bound.
fn from_neighbour(
    k: usize,
    docs: &[&Doc],
    sets: &[FxHashSet<String>],
    cal: &Calendar,
) -> Option<(NaiveDate, String)> {
    let doc = docs[k];
    let bound = doc.meta.date;
    let stretch = best_stretch(cal, &people(doc), bound);
    let fits = |d: NaiveDate| {
        bound.is_none_or(|b| d <= b) && stretch.as_ref().is_none_or(|st| st.covers(d))
    };
    let (sim, j, d) = docs
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != k)
        .filter_map(|(j, n)| Some((j, n.meta.reliable_date()?)))
        .filter(|&(_, d)| fits(d))
        .map(|(j, d)| (jaccard(&sets[k], &sets[j]), j, d))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))?;
    let n = docs[j];
    let mut note = format!(
        "the date of the most similar dated article of the story, {} ({}, word overlap {:.2})",
        n.meta.title.as_deref().unwrap_or(&n.meta.id),
        n.meta.id.chars().take(12).collect::<String>(),
        sim
    );
    if let Some(st) = stretch {
        note.push_str(&format!("; within the terms of office: {}", st.describe()));
    }
    Some((d, note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_doc::{ActorRef, ByteSpan, DocMeta, Mention, TimexType};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A stand-in resolver: "June 3" against the anchor, in the past; "Monday" likewise.
    fn resolver(text: &str, anchor: Option<NaiveDate>) -> Vec<TimeEx> {
        let mut out = Vec::new();
        let mut push = |needle: &str, value: String, date: Option<NaiveDate>| {
            if let Some(s) = text.find(needle) {
                out.push(TimeEx {
                    sent: 0,
                    span: ByteSpan::new(s, s + needle.len()),
                    kind: TimexType::Date,
                    value,
                    date,
                    relative: true,
                    rule: "test".into(),
                });
            }
        };
        let june = anchor.map(|a| {
            let this = NaiveDate::from_ymd_opt(a.year(), 6, 3).unwrap();
            if this <= a {
                this
            } else {
                NaiveDate::from_ymd_opt(a.year() - 1, 6, 3).unwrap()
            }
        });
        push(
            "June 3",
            june.map_or("XXXX-06-03".into(), |d| d.to_string()),
            june,
        );
        let monday = anchor.map(|a| {
            let back = a.weekday().num_days_from_monday();
            a - Duration::days(if back == 0 { 7 } else { back as i64 })
        });
        push(
            "Monday",
            monday.map_or("XXXX-WXX-1".into(), |d| d.to_string()),
            monday,
        );
        out
    }

    fn person(text: &str, name: &str) -> Mention {
        let s = text.find(name).unwrap();
        Mention {
            sent: 0,
            actor: ActorRef {
                code: "XXXGOV".into(),
                name: Some(name.into()),
                span: ByteSpan::new(s, s + name.len()),
                ..ActorRef::default()
            },
            rule: format!("kb:person:{name}:2000-01-01"),
        }
    }

    fn page(id: &str, text: &str, people: &[&str]) -> Doc {
        let mut doc = Doc::new(DocMeta::new(id, "t"), text.to_string());
        doc.times = resolver(text, None);
        doc.mentions = people.iter().map(|p| person(text, p)).collect();
        doc
    }

    fn calendar() -> Calendar {
        let mut cal = Calendar::new(resolver);
        cal.add_term("Ann Arden", Some(d("2010-01-01")), Some(d("2014-01-01")));
        cal.add_term("Bo Bright", Some(d("2011-06-01")), None);
        cal
    }

    #[test]
    fn references_take_the_year_from_the_terms_of_the_people_named() {
        let text = "Minister Ann Arden and envoy Bo Bright met on Monday after the June 3 accord.";
        let doc = page("p", text, &["Ann Arden", "Bo Bright"]);
        let dates = date_story(&[&doc], &calendar());
        let p = &dates[0].page;
        assert_eq!(p.method, PageDateMethod::References, "{}", p.note);
        // Both held office from 2011-06-01 to 2014-01-01: June 3 is 2013's, and the page
        // a fortnight later.
        assert_eq!(p.date, Some(d("2013-06-17")), "{}", p.note);
        assert!(p.note.contains("Ann Arden, Bo Bright"), "{}", p.note);
        // "Monday" now resolves against that estimate.
        assert_eq!(
            dates[0].times,
            [Some(d("2013-06-03")), Some(d("2013-06-10"))]
        );
        assert_eq!(
            dates[0].in_sentence(&doc, 0),
            (Some(d("2013-06-03")), DateHow::TimexEstimated)
        );
    }

    #[test]
    fn a_header_date_bounds_and_a_neighbour_dates_pages_without_references() {
        let mut cal = calendar();
        cal.add_term("Ann Arden", Some(d("2020-01-01")), None);
        // A header date bounds the page: without it the 2020 term would win.
        let text = "Ann Arden and Bo Bright spoke of the June 3 accord.";
        let mut bounded = page("b", text, &["Ann Arden", "Bo Bright"]);
        bounded.meta.date = Some(d("2016-05-01"));
        bounded.meta.date_source = Some(sitrep_doc::DateSource::Header);
        let dates = date_story(&[&bounded], &cal);
        assert_eq!(
            dates[0].page.date,
            Some(d("2013-06-17")),
            "{}",
            dates[0].page.note
        );

        let undated = page(
            "u",
            "Ann Arden said talks on the accord went well.",
            &["Ann Arden"],
        );
        let mut dated = page("n", "Talks on the accord went well, Ann Arden said.", &[]);
        dated.meta.date = Some(d("2012-03-04"));
        dated.meta.date_source = Some(sitrep_doc::DateSource::Meta);
        let mut far = page("f", "Talks on the accord went well, Ann Arden said.", &[]);
        far.meta.date = Some(d("2018-03-04"));
        far.meta.date_source = Some(sitrep_doc::DateSource::Meta);
        let dates = date_story(&[&undated, &far, &dated], &calendar());
        // The 2018 neighbour is as similar but outside Ann Arden's term.
        assert_eq!(dates[0].page.method, PageDateMethod::Neighbour);
        assert_eq!(dates[0].page.date, Some(d("2012-03-04")));
        assert_eq!(dates[2].page.method, PageDateMethod::Published);
        assert_eq!(
            dates[0].in_sentence(&undated, 0),
            (Some(d("2012-03-04")), DateHow::Estimated)
        );
    }
}
