//! Story outputs: a timeline, an extractive summary covering the main dyads, and a
//! per-outlet coverage comparison, gathered with merged events and claim links into one
//! [`StoryReport`].

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use sitrep_doc::{ByteSpan, Doc};

use crate::claims::{claims_and_denials, sentence_span, ClaimReport};
use crate::dating::{date_story, Calendar, DateHow, DocDates, PageDate};
use crate::merge::{merge_events, side, MergeConfig, MergedEvent};
use crate::summary::{summarise, SummaryConfig};
use crate::text::{content_terms, sentences};

/// Where a timeline entry or summary sentence comes from.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// Article id.
    pub article: String,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// Bytes in the article.
    pub span: ByteSpan,
}

/// What a timeline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A merged event.
    Event,
    /// A quote or reported statement.
    Quote,
}

/// One dated line of a story's timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    /// The event's date, or the quote's (its sentence's time expression, else its page's
    /// date).
    pub date: Option<NaiveDate>,
    /// How that date was found.
    pub date_how: DateHow,
    /// Event or quote.
    pub kind: EntryKind,
    /// Who acted or spoke: a name, else an actor code.
    pub who: Option<String>,
    /// `SRC>TGT CAMEO` for an event, the quoted words for a quote.
    pub what: String,
    /// The merged event's id, for an event.
    pub event: Option<String>,
    /// Every report of it.
    pub sources: Vec<Source>,
}

/// How one outlet told the story.
#[derive(Clone, Debug, PartialEq)]
pub struct OutletCoverage {
    /// The outlet (an article without one is its own outlet, by id).
    pub outlet: String,
    /// Its articles with their (publication or estimated) dates.
    pub articles: Vec<(String, Option<NaiveDate>)>,
    /// Subject of each headline's event (else the headline's first actor), per article.
    pub headline_subjects: Vec<Option<String>>,
    /// Quotes by speaker side (country, else actor code; `unknown` when unresolved), most first.
    pub quotes_by_side: Vec<(String, usize)>,
    /// Quotes by speaker (name, else code), most first.
    pub quotes_by_actor: Vec<(String, usize)>,
    /// Ids of merged events it reports.
    pub events_reported: Vec<String>,
    /// Ids of events other outlets report (two or more sources) that it does not.
    pub events_omitted: Vec<String>,
}

impl OutletCoverage {
    /// Share of its quotes whose speaker stands on `side` (0 when it has no quotes).
    pub fn quote_share(&self, side: &str) -> f64 {
        let total: usize = self.quotes_by_side.iter().map(|x| x.1).sum();
        let n = self
            .quotes_by_side
            .iter()
            .find(|x| x.0 == side)
            .map_or(0, |x| x.1);
        if total == 0 {
            0.0
        } else {
            n as f64 / total as f64
        }
    }
}

/// Everything sitrep says about one story.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryReport {
    /// Each article's date and how it was found, by date.
    pub dates: Vec<PageDate>,
    /// Earliest article date.
    pub first: Option<NaiveDate>,
    /// Latest article date.
    pub last: Option<NaiveDate>,
    /// Merged events, by date.
    pub events: Vec<MergedEvent>,
    /// Dated events and quotes in order.
    pub timeline: Vec<TimelineEntry>,
    /// Summary sentences in story order (article date, then position).
    pub summary: Vec<(Source, String)>,
    /// Claims, denials, figures and their links.
    pub claims: ClaimReport,
    /// One entry per outlet, by first publication date.
    pub coverage: Vec<OutletCoverage>,
}

fn outlet_of(doc: &Doc) -> String {
    doc.meta
        .outlet
        .clone()
        .unwrap_or_else(|| doc.meta.id.clone())
}

fn actor_label(a: &sitrep_doc::ActorRef) -> String {
    a.name.clone().unwrap_or_else(|| a.code.clone())
}

/// A story's docs with their dates, sorted by date then id: the order every output
/// follows.
struct Dated<'d> {
    docs: Vec<(&'d Doc, &'d DocDates)>,
}

impl<'d> Dated<'d> {
    fn new(docs: &[&'d Doc], dates: &'d [DocDates]) -> Dated<'d> {
        let mut v: Vec<(&Doc, &DocDates)> = docs.iter().copied().zip(dates).collect();
        v.sort_by(|a, b| (a.1.page.date, &a.0.meta.id).cmp(&(b.1.page.date, &b.0.meta.id)));
        Dated { docs: v }
    }

    fn docs(&self) -> impl Iterator<Item = &'d Doc> + '_ {
        self.docs.iter().map(|x| x.0)
    }
}

/// Dated events and quotes in order, each with its sources.
fn timeline(dated: &Dated, events: &[MergedEvent]) -> Vec<TimelineEntry> {
    let by_id: FxHashMap<&str, &Doc> = dated.docs().map(|d| (d.meta.id.as_str(), d)).collect();
    let mut out: Vec<TimelineEntry> = events
        .iter()
        .map(|e| {
            let who = e.mentions.first().and_then(|m| {
                let doc = by_id.get(m.article.as_str())?;
                Some(actor_label(&doc.events.get(m.index)?.source))
            });
            TimelineEntry {
                date: e.date,
                date_how: e.date_how,
                kind: EntryKind::Event,
                who,
                what: format!(
                    "{}>{} {}",
                    e.source,
                    e.target.as_deref().unwrap_or("-"),
                    e.cameo
                ),
                event: Some(e.id.clone()),
                sources: e
                    .mentions
                    .iter()
                    .map(|m| Source {
                        article: m.article.clone(),
                        outlet: m.outlet.clone(),
                        span: m.action,
                    })
                    .collect(),
            }
        })
        .collect();
    for &(doc, dd) in &dated.docs {
        for q in &doc.quotes {
            let (date, date_how) = dd.in_sentence(doc, q.sent);
            let what = doc.span_text(q.content).to_string();
            let source = Source {
                article: doc.meta.id.clone(),
                outlet: doc.meta.outlet.clone(),
                span: q.content,
            };
            // The same words quoted by several outlets are one entry with several sources.
            let who = q.speaker.as_ref().map(actor_label);
            match out
                .iter_mut()
                .find(|t| t.kind == EntryKind::Quote && t.what == what && t.who == who)
            {
                Some(t) => {
                    t.sources.push(source);
                    if date.is_some() && (t.date.is_none() || date < t.date) {
                        (t.date, t.date_how) = (date, date_how);
                    }
                }
                None => out.push(TimelineEntry {
                    date,
                    date_how,
                    kind: EntryKind::Quote,
                    who,
                    what,
                    event: None,
                    sources: vec![source],
                }),
            }
        }
    }
    out.sort_by(|a, b| {
        (a.date.is_none(), a.date, a.kind == EntryKind::Quote).cmp(&(
            b.date.is_none(),
            b.date,
            b.kind == EntryKind::Quote,
        ))
    });
    out
}

/// An extractive summary of `n` sentences over all the story's articles; sentences that
/// name the actors of the most reported dyads score higher.
fn story_summary(dated: &Dated, events: &[MergedEvent], n: usize) -> Vec<(Source, String)> {
    let docs: Vec<&Doc> = dated.docs().collect();
    let mut dyads: Vec<&MergedEvent> = events.iter().filter(|e| e.target.is_some()).collect();
    dyads.sort_by_key(|e| std::cmp::Reverse(e.num_articles));
    let mut boost: Vec<String> = Vec::new();
    for e in dyads.iter().take(3) {
        for m in &e.mentions {
            let Some(doc) = docs.iter().find(|d| d.meta.id == m.article) else {
                continue;
            };
            let Some(ev) = doc.events.get(m.index) else {
                continue;
            };
            for a in std::iter::once(&ev.source).chain(ev.target.as_ref()) {
                boost.extend(
                    content_terms(doc.span_text(a.span))
                        .into_iter()
                        .map(|t| t.0),
                );
            }
        }
    }
    boost.sort();
    boost.dedup();
    let mut spans: Vec<(usize, ByteSpan)> = Vec::new();
    for (k, doc) in docs.iter().enumerate() {
        let sents: Vec<ByteSpan> = if doc.sents.is_empty() {
            sentences(doc.text())
                .into_iter()
                .map(|(s, e)| ByteSpan::new(s, e))
                .collect()
        } else {
            (0..doc.sents.len() as u32)
                .filter_map(|i| sentence_span(doc, i))
                .collect()
        };
        // Headlines are not summary sentences.
        spans.extend(
            sents
                .into_iter()
                .filter(|s| doc.title_span.is_none_or(|t| !t.overlaps(*s)))
                .map(|s| (k, s)),
        );
    }
    let texts: Vec<&str> = spans.iter().map(|&(k, s)| docs[k].span_text(s)).collect();
    summarise(&texts, n, &boost, &SummaryConfig::default())
        .into_iter()
        .map(|i| {
            let (k, span) = spans[i];
            let doc = docs[k];
            (
                Source {
                    article: doc.meta.id.clone(),
                    outlet: doc.meta.outlet.clone(),
                    span,
                },
                texts[i].to_string(),
            )
        })
        .collect()
}

fn headline_subject(doc: &Doc) -> Option<String> {
    let title = doc.title_span?;
    doc.events
        .iter()
        .find(|e| title.contains(e.action))
        .map(|e| actor_label(&e.source))
        .or_else(|| {
            doc.mentions
                .iter()
                .find(|m| title.contains(m.actor.span))
                .map(|m| actor_label(&m.actor))
        })
}

fn counted(mut m: FxHashMap<String, usize>) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = m.drain().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// How each outlet told the story: its quotes by side and speaker, the events it
/// reports and omits, headline framing and dates.
fn coverage(dated: &Dated, events: &[MergedEvent]) -> Vec<OutletCoverage> {
    let mut outlets: Vec<String> = Vec::new();
    for doc in dated.docs() {
        let o = outlet_of(doc);
        if !outlets.contains(&o) {
            outlets.push(o);
        }
    }
    outlets
        .into_iter()
        .map(|outlet| {
            let mine: Vec<(&Doc, &DocDates)> = dated
                .docs
                .iter()
                .copied()
                .filter(|d| outlet_of(d.0) == outlet)
                .collect();
            let mut by_side: FxHashMap<String, usize> = FxHashMap::default();
            let mut by_actor: FxHashMap<String, usize> = FxHashMap::default();
            for q in mine.iter().flat_map(|d| &d.0.quotes) {
                let (s, a) = q.speaker.as_ref().map_or_else(
                    || ("unknown".to_string(), "unknown".to_string()),
                    |sp| (side(sp), actor_label(sp)),
                );
                *by_side.entry(s).or_insert(0) += 1;
                *by_actor.entry(a).or_insert(0) += 1;
            }
            let reports = |e: &MergedEvent| {
                e.mentions
                    .iter()
                    .any(|m| mine.iter().any(|d| d.0.meta.id == m.article))
            };
            OutletCoverage {
                articles: mine
                    .iter()
                    .map(|d| (d.0.meta.id.clone(), d.1.page.date))
                    .collect(),
                headline_subjects: mine.iter().map(|d| headline_subject(d.0)).collect(),
                quotes_by_side: counted(by_side),
                quotes_by_actor: counted(by_actor),
                events_reported: events
                    .iter()
                    .filter(|e| reports(e))
                    .map(|e| e.id.clone())
                    .collect(),
                events_omitted: events
                    .iter()
                    .filter(|e| e.num_sources >= 2 && !reports(e))
                    .map(|e| e.id.clone())
                    .collect(),
                outlet,
            }
        })
        .collect()
}

/// Builds the full report of one story from its annotated articles, dating pages
/// without a date of their own through `cal`.
pub fn story_report(docs: &[&Doc], summary_sentences: usize, cal: &Calendar) -> StoryReport {
    let dates = date_story(docs, cal);
    let events = merge_events(docs, &dates, &MergeConfig::default());
    let claims = claims_and_denials(docs, &dates);
    let dated = Dated::new(docs, &dates);
    StoryReport {
        timeline: timeline(&dated, &events),
        summary: story_summary(&dated, &events, summary_sentences),
        coverage: coverage(&dated, &events),
        first: dated.docs.iter().filter_map(|d| d.1.page.date).min(),
        last: dated.docs.iter().filter_map(|d| d.1.page.date).max(),
        dates: dated.docs.iter().map(|d| d.1.page.clone()).collect(),
        claims,
        events,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn timeline_coverage_and_summary_of_the_fixture_story() {
        let docs = fixture::docs();
        let refs: Vec<&Doc> = docs.iter().collect();
        let r = story_report(&refs, 2, &Calendar::default());
        let tl: Vec<String> = r
            .timeline
            .iter()
            .map(|t| {
                format!(
                    "{} {:?} {} | {} | {}",
                    t.date.map(|d| d.to_string()).unwrap_or_default(),
                    t.kind,
                    t.who.as_deref().unwrap_or("-"),
                    t.what,
                    t.sources.len()
                )
            })
            .collect();
        assert_eq!(
            tl,
            [
                "2015-09-30 Event Russia | RUS>- 195 | 2",
                "2015-10-01 Event United States | USA>RUS 112 | 2",
                "2015-10-01 Quote US envoy | Russian strikes hit the opposition, not militants, | 1",
                "2015-10-01 Quote Syrian activists | 36 civilians were killed in the raids by Russian jets near Homs | 1",
                "2015-10-02 Event Russia | RUS>- 120 | 1",
                "2015-10-02 Quote Sergei Lavrov | reports that Russian strikes hit the opposition rumours, unfounded | 1",
                "2015-10-02 Quote Russian defence ministry | Our jets flew 20 sorties and hit eight militant targets near Homs, | 1",
            ]
        );
        let cov: Vec<String> = r
            .coverage
            .iter()
            .map(|c| {
                format!(
                    "{}: USA {:.2} RUS {:.2} headline={:?} reported={} omitted={}",
                    c.outlet,
                    c.quote_share("USA"),
                    c.quote_share("RUS"),
                    c.headline_subjects,
                    c.events_reported.len(),
                    c.events_omitted.len()
                )
            })
            .collect();
        assert_eq!(
            cov,
            [
                "Daily Wire: USA 0.50 RUS 0.00 headline=[Some(\"Russia\")] reported=2 omitted=0",
                "Moscow Times: USA 0.00 RUS 1.00 headline=[Some(\"Russia\")] reported=3 omitted=0",
            ]
        );
        let summary: Vec<&str> = r.summary.iter().map(|s| s.1.as_str()).collect();
        assert_eq!(
            summary,
            [
                "US officials accused Russia of bombing rebel groups near Homs.",
                "Russia's foreign minister Lavrov called reports that Russian strikes hit the opposition rumours, unfounded."
            ]
        );
    }
}
