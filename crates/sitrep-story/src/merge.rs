//! Event merge: the same real-world event reported by several articles becomes one
//! [`MergedEvent`] with every mention and its provenance, and GDELT-style counts.
//!
//! Two coded events are the same event when they share the dyad (each side's country,
//! else its actor code), the CAMEO root (first two digits), negation and hypothetical
//! flags, their dates lie within [`MergeConfig::window_days`] of the group's (single
//! link in date order), and their places, when both have one, name the same place or
//! country.

use chrono::NaiveDate;
use sitrep_doc::{ActorRef, ByteSpan, Doc};

use crate::dating::{DateHow, DocDates};

/// Parameters of [`merge_events`].
#[derive(Clone, Debug)]
pub struct MergeConfig {
    /// Events further apart than this many days stay apart.
    pub window_days: i64,
}

impl Default for MergeConfig {
    fn default() -> Self {
        MergeConfig { window_days: 3 }
    }
}

/// One article's report of an event, with full provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct EventMention {
    /// Article id.
    pub article: String,
    /// Publishing outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Index of the event in the article's `events` layer.
    pub index: usize,
    /// Sentence index.
    pub sent: u32,
    /// The word or phrase that carries the event (byte offsets in the article).
    pub action: ByteSpan,
    /// Full CAMEO code as coded in this article.
    pub cameo: String,
    /// The event's date in this article.
    pub date: Option<NaiveDate>,
    /// How that date was found.
    pub date_how: DateHow,
    /// The coding rule that fired.
    pub rule: String,
}

/// An event after merging its reports.
#[derive(Clone, Debug, PartialEq)]
pub struct MergedEvent {
    /// Stable id: `e` plus the first mention's article id prefix and event index.
    pub id: String,
    /// Source side: country or actor code.
    pub source: String,
    /// Target side, when there is one.
    pub target: Option<String>,
    /// Most frequent full CAMEO code among the mentions (ties: the shortest, then lowest).
    pub cameo: String,
    /// QuadClass of the first mention.
    pub quad_class: u8,
    /// Earliest event date.
    pub date: Option<NaiveDate>,
    /// How the mention that gave that date found it.
    pub date_how: DateHow,
    /// The place name, when a mention has one.
    pub place: Option<String>,
    /// The event is negated.
    pub negated: bool,
    /// The mentions, in date then article order.
    pub mentions: Vec<EventMention>,
    /// Distinct outlets (articles without an outlet count by id).
    pub num_sources: usize,
    /// Distinct articles.
    pub num_articles: usize,
}

/// The side an actor stands for in a dyad: its country, else its code.
pub fn side(a: &ActorRef) -> String {
    a.iso3.clone().unwrap_or_else(|| a.code.clone())
}

struct Flat {
    key: (String, Option<String>, String, bool, bool),
    place: Option<(String, Option<String>)>,
    quad: u8,
    mention: EventMention,
}

fn places_compatible(
    a: &Option<(String, Option<String>)>,
    b: &Option<(String, Option<String>)>,
) -> bool {
    match (a, b) {
        (Some((na, ca)), Some((nb, cb))) => na == nb || (ca.is_some() && ca == cb),
        _ => true,
    }
}

/// Merges the events of a set of articles (typically one story), dated by `dates`
/// (aligned with `docs`, from [`crate::dating::date_story`]).
pub fn merge_events(docs: &[&Doc], dates: &[DocDates], cfg: &MergeConfig) -> Vec<MergedEvent> {
    let mut flat: Vec<Flat> = Vec::new();
    for (doc, dd) in docs.iter().zip(dates) {
        for (index, e) in doc.events.iter().enumerate() {
            let (date, date_how) = dd.of_event(doc, e);
            let root: String = e.cameo.chars().take(2).collect();
            let place = e
                .place
                .and_then(|p| doc.places.get(p as usize))
                .map(|p| (p.name.clone(), p.iso3.clone()));
            flat.push(Flat {
                key: (
                    side(&e.source),
                    e.target.as_ref().map(side),
                    root,
                    e.negated,
                    e.hypothetical,
                ),
                place,
                quad: e.quad_class,
                mention: EventMention {
                    article: doc.meta.id.clone(),
                    outlet: doc.meta.outlet.clone(),
                    published: dd.page.date,
                    index,
                    sent: e.sent,
                    action: e.action,
                    cameo: e.cameo.clone(),
                    date,
                    date_how,
                    rule: e.rule.clone(),
                },
            });
        }
    }
    flat.sort_by(|a, b| {
        (&a.key, a.mention.date, &a.mention.article, a.mention.index).cmp(&(
            &b.key,
            b.mention.date,
            &b.mention.article,
            b.mention.index,
        ))
    });
    let mut groups: Vec<Vec<Flat>> = Vec::new();
    for f in flat {
        let joins = groups
            .iter_mut()
            .rev()
            .take_while(|g| g[0].key == f.key)
            .find(|g| {
                let last = g.last().and_then(|l| l.mention.date);
                let close = match (last, f.mention.date) {
                    (Some(a), Some(b)) => (b - a).num_days().abs() <= cfg.window_days,
                    _ => true,
                };
                close && g.iter().all(|x| places_compatible(&x.place, &f.place))
            });
        match joins {
            Some(g) => g.push(f),
            None => groups.push(vec![f]),
        }
    }
    let mut out: Vec<MergedEvent> = groups.into_iter().map(finish).collect();
    out.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    out
}

fn finish(group: Vec<Flat>) -> MergedEvent {
    let mut codes: Vec<(&str, usize)> = Vec::new();
    for f in &group {
        match codes.iter_mut().find(|c| c.0 == f.mention.cameo) {
            Some(c) => c.1 += 1,
            None => codes.push((&f.mention.cameo, 1)),
        }
    }
    codes.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(a.0.len().cmp(&b.0.len()))
            .then(a.0.cmp(b.0))
    });
    let cameo = codes.first().map(|c| c.0.to_string()).unwrap_or_default();
    let first = &group[0];
    let mut outlets: Vec<&str> = group
        .iter()
        .map(|f| f.mention.outlet.as_deref().unwrap_or(&f.mention.article))
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    let mut articles: Vec<&str> = group.iter().map(|f| f.mention.article.as_str()).collect();
    articles.sort_unstable();
    articles.dedup();
    let id_prefix: String = first.mention.article.chars().take(12).collect();
    MergedEvent {
        id: format!("e{}-{}", id_prefix, first.mention.index),
        source: first.key.0.clone(),
        target: first.key.1.clone(),
        cameo,
        quad_class: first.quad,
        date: group.iter().filter_map(|f| f.mention.date).min(),
        date_how: group
            .iter()
            .filter(|f| f.mention.date.is_some())
            .min_by_key(|f| f.mention.date)
            .map_or(DateHow::Unknown, |f| f.mention.date_how),
        place: group
            .iter()
            .find_map(|f| f.place.as_ref().map(|p| p.0.clone())),
        negated: first.key.3,
        num_sources: outlets.len(),
        num_articles: articles.len(),
        mentions: group.into_iter().map(|f| f.mention).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture;

    #[test]
    fn same_dyad_root_and_window_merge_across_outlets() {
        let docs = fixture::docs();
        let refs: Vec<&Doc> = docs.iter().collect();
        let dates = crate::dating::date_story(&refs, &crate::dating::Calendar::default());
        let merged = merge_events(&refs, &dates, &MergeConfig::default());
        let got: Vec<String> = merged
            .iter()
            .map(|e| {
                format!(
                    "{}>{} {} {} sources={} articles={} mentions={}",
                    e.source,
                    e.target.as_deref().unwrap_or("-"),
                    e.cameo,
                    e.date.map(|d| d.to_string()).unwrap_or_default(),
                    e.num_sources,
                    e.num_articles,
                    e.mentions
                        .iter()
                        .map(|m| format!("{}#{}", m.article, m.index))
                        .collect::<Vec<_>>()
                        .join(",")
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "RUS>- 195 2015-09-30 sources=2 articles=2 mentions=a1#1,a2#2",
                "USA>RUS 112 2015-10-01 sources=2 articles=2 mentions=a1#0,a2#1",
                "RUS>- 120 2015-10-02 sources=1 articles=1 mentions=a2#0",
            ]
        );
    }
}
