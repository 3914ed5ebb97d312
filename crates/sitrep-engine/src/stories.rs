//! The story step of ingest: each stored batch joins the stories in the store, and each
//! story whose members changed gets its report rebuilt at the end of the run.
//!
//! The clustering and duplicate indexes live in memory and are rebuilt from the store's
//! memberships the first time a run has something to cluster; after that each batch is
//! clustered against them incrementally. Memberships are written under the store's story
//! lock after catching up with what other writers stored, so concurrent ingest processes
//! extend one set of stories. Articles stored without a story (a crash between the two
//! writes, or a database from before stories were stored) are clustered at the start of
//! the next run.

use rayon::prelude::*;
use sitrep_doc::{CharMap, Doc};
use sitrep_store::{
    CoverageArticle, CoverageRow, DuplicateRow, LabelCount, MembershipUpdate, SourceRef, Store,
    StoreError, StoryActor, StoryEvent, StoryEventMention, StoryHeader, StoryInput,
    StoryReportRecord, StoryStatement, SummaryRow, TextSpan, TimelineRow,
};
use sitrep_story::claims::{LinkKind, Stance};
use sitrep_story::cluster::{ArticleInput, ClusterConfig, StoryIndex};
use sitrep_story::dating::Calendar;
use sitrep_story::dedup::{DedupConfig, DupIndex};
use sitrep_story::report::{story_report, EntryKind, Source, StoryReport};

/// Summary sentences stored per story.
pub const SUMMARY_SENTENCES: usize = 5;

/// Stale stories whose reports are built together (their docs are loaded together).
const REFRESH_CHUNK: usize = 64;

/// Stored articles clustered together when catching up.
const CATCH_UP_CHUNK: usize = 1024;

/// A calendar for dating undated pages: the built-in actor knowledge base's terms of
/// office and the time tagger's resolver.
pub fn story_calendar() -> Result<Calendar, sitrep_actors::ActorsError> {
    let kb = sitrep_actors::KnowledgeBase::builtin()?;
    let mut cal = Calendar::new(sitrep_time::extract);
    for p in &kb.people {
        for r in &p.roles {
            cal.add_term(&p.name, r.from, r.to);
        }
    }
    Ok(cal)
}

/// Story state of one ingest run.
pub(crate) struct Stories {
    calendar: Calendar,
    index: StoryIndex,
    dups: DupIndex,
    /// Article id of each text in `dups`, in order.
    dup_ids: Vec<String>,
    /// The last membership seen (ours or another writer's).
    seq: i64,
    /// Articles clustered this run.
    pub(crate) clustered: usize,
}

fn article_input(x: StoryInput) -> ArticleInput {
    ArticleInput {
        id: x.id,
        title: x.title.unwrap_or_default(),
        text: x.text,
        date: x.date,
        actors: x.actors,
        dyads: x.dyads,
    }
}

impl Stories {
    pub(crate) fn new(calendar: Calendar) -> Stories {
        Stories {
            calendar,
            index: StoryIndex::new(ClusterConfig::default()),
            dups: DupIndex::new(DedupConfig::default()),
            dup_ids: Vec::new(),
            seq: 0,
            clustered: 0,
        }
    }

    /// Takes in every membership written since the last look, by this run or others.
    fn sync(&mut self, store: &dyn Store) -> Result<(), StoreError> {
        let ms = store.memberships_since(self.seq)?;
        let Some(last) = ms.last() else {
            return Ok(());
        };
        self.seq = last.seq;
        let ids: Vec<String> = ms
            .iter()
            .filter(|m| self.index.story_of(&m.article).is_none())
            .map(|m| m.article.clone())
            .collect();
        let story_of: std::collections::HashMap<&str, &str> = ms
            .iter()
            .map(|m| (m.article.as_str(), m.story.as_str()))
            .collect();
        for chunk in ids.chunks(CATCH_UP_CHUNK) {
            let inputs = store.story_inputs(chunk)?;
            let texts: Vec<&str> = inputs.iter().map(|x| x.text.as_str()).collect();
            // Their links are stored already; the texts only need indexing.
            self.dups.add_batch(&texts);
            self.dup_ids.extend(inputs.iter().map(|x| x.id.clone()));
            let assigned: Vec<(ArticleInput, String)> = inputs
                .into_iter()
                .map(|x| {
                    let s = story_of[x.id.as_str()].to_string();
                    (article_input(x), s)
                })
                .collect();
            self.index.restore(&assigned);
        }
        Ok(())
    }

    /// Clusters articles that have no story yet and writes their memberships, story
    /// headers and duplicate links.
    pub(crate) fn add(
        &mut self,
        store: &mut dyn Store,
        articles: Vec<ArticleInput>,
    ) -> Result<(), StoreError> {
        if articles.is_empty() {
            return Ok(());
        }
        store.lock_stories()?;
        let res = self.add_locked(store, articles);
        store.unlock_stories()?;
        res
    }

    fn add_locked(
        &mut self,
        store: &mut dyn Store,
        articles: Vec<ArticleInput>,
    ) -> Result<(), StoreError> {
        loop {
            self.sync(store)?;
            let fresh: Vec<&ArticleInput> = articles
                .iter()
                .filter(|a| self.index.story_of(&a.id).is_none())
                .collect();
            if fresh.is_empty() {
                return Ok(());
            }
            let batch: Vec<ArticleInput> = fresh.into_iter().cloned().collect();
            let assigned = self.index.add_batch(&batch);
            let texts: Vec<&str> = batch.iter().map(|a| a.text.as_str()).collect();
            let links = self.dups.add_batch(&texts);
            self.dup_ids.extend(batch.iter().map(|a| a.id.clone()));
            let duplicates = links
                .into_iter()
                .map(|l| DuplicateRow {
                    article: self.dup_ids[l.b].clone(),
                    other: self.dup_ids[l.a].clone(),
                    kind: l.kind.as_str().to_string(),
                    jaccard: l.jaccard,
                    article_in_other: l.b_in_a,
                    other_in_article: l.a_in_b,
                    shared_sentences: l.shared_sentences,
                })
                .collect();
            let mut touched: Vec<&str> = assigned.iter().map(String::as_str).collect();
            touched.sort_unstable();
            touched.dedup();
            let headers = touched
                .iter()
                .filter_map(|s| self.index.story(s))
                .map(|v| StoryHeader {
                    id: v.id,
                    title: v.title,
                    first_date: v.first,
                    last_date: v.last,
                })
                .collect();
            let update = MembershipUpdate {
                members: assigned
                    .into_iter()
                    .zip(&batch)
                    .map(|(s, a)| (s, a.id.clone()))
                    .collect(),
                headers,
                duplicates,
            };
            match store.put_memberships(self.seq, &update)? {
                Some(seq) => {
                    self.seq = seq;
                    self.clustered += batch.len();
                    return Ok(());
                }
                // Another writer got in between: start over from what is stored.
                None => self.reset(),
            }
        }
    }

    fn reset(&mut self) {
        *self = Stories {
            clustered: self.clustered,
            ..Stories::new(std::mem::take(&mut self.calendar))
        };
    }

    /// Clusters every stored article that has no story yet.
    pub(crate) fn catch_up(&mut self, store: &mut dyn Store) -> Result<(), StoreError> {
        let ids = store.unassigned()?;
        for chunk in ids.chunks(CATCH_UP_CHUNK) {
            let inputs: Vec<ArticleInput> = store
                .story_inputs(chunk)?
                .into_iter()
                .map(article_input)
                .collect();
            self.add(store, inputs)?;
        }
        Ok(())
    }

    /// Rebuilds the report of every story whose members changed; returns how many.
    pub(crate) fn refresh(&self, store: &mut dyn Store) -> Result<usize, StoreError> {
        let stale = store.stale_stories()?;
        let mut written = 0;
        for chunk in stale.chunks(REFRESH_CHUNK) {
            let mut members: Vec<Vec<Doc>> = Vec::with_capacity(chunk.len());
            for s in chunk {
                let mut docs = Vec::with_capacity(s.articles.len());
                for id in &s.articles {
                    docs.extend(store.doc(id)?);
                }
                members.push(docs);
            }
            let records: Vec<StoryReportRecord> = chunk
                .par_iter()
                .zip(&members)
                .map(|(s, docs)| {
                    let refs: Vec<&Doc> = docs.iter().collect();
                    let report = story_report(&refs, SUMMARY_SENTENCES, &self.calendar);
                    let title = self
                        .index
                        .story(&s.id)
                        .map(|v| v.title)
                        .unwrap_or_else(|| central_title(&refs));
                    record(&s.id, title, &refs, &report)
                })
                .collect();
            for (s, r) in chunk.iter().zip(&records) {
                // A story that gained members meanwhile stays stale for its writer.
                written += usize::from(store.put_story_report(s.version, r)?);
            }
        }
        Ok(written)
    }
}

/// The first member's headline, for a story this run never indexed.
fn central_title(docs: &[&Doc]) -> String {
    docs.iter()
        .find_map(|d| d.meta.title.clone())
        .unwrap_or_default()
}

/// Character offsets of byte spans, per article.
struct Offsets<'d> {
    maps: Vec<(&'d str, CharMap, &'d Doc)>,
}

impl<'d> Offsets<'d> {
    fn new(docs: &[&'d Doc]) -> Offsets<'d> {
        Offsets {
            maps: docs
                .iter()
                .map(|d| (d.meta.id.as_str(), CharMap::new(d.text()), *d))
                .collect(),
        }
    }

    fn get(&self, article: &str) -> Option<&(&'d str, CharMap, &'d Doc)> {
        self.maps.iter().find(|m| m.0 == article)
    }

    fn chars(&self, article: &str, span: sitrep_doc::ByteSpan) -> (u32, u32) {
        self.get(article).map_or((span.start, span.end), |m| {
            (m.1.char_of(span.start), m.1.char_of(span.end))
        })
    }

    fn text(&self, article: &str, span: sitrep_doc::ByteSpan) -> TextSpan {
        let (start, end) = self.chars(article, span);
        let text = self
            .get(article)
            .and_then(|m| m.2.text().get(span.start as usize..span.end as usize))
            .unwrap_or("")
            .to_string();
        TextSpan { text, start, end }
    }

    fn source(&self, s: &Source) -> SourceRef {
        let (start, end) = self.chars(&s.article, s.span);
        SourceRef {
            article: s.article.clone(),
            outlet: s.outlet.clone(),
            start,
            end,
        }
    }
}

fn actor(a: &sitrep_doc::ActorRef) -> StoryActor {
    StoryActor {
        code: a.code.clone(),
        iso3: a.iso3.clone(),
        name: a.name.clone(),
    }
}

fn counts(v: &[(String, usize)]) -> Vec<LabelCount> {
    let total: usize = v.iter().map(|x| x.1).sum();
    v.iter()
        .map(|(label, n)| LabelCount {
            label: label.clone(),
            count: *n as u32,
            share: if total == 0 {
                0.0
            } else {
                *n as f64 / total as f64
            },
        })
        .collect()
}

/// The store's record of a story report: character offsets, statements and figures in
/// one numbered list.
fn record(id: &str, title: String, docs: &[&Doc], r: &StoryReport) -> StoryReportRecord {
    let off = Offsets::new(docs);
    let n_statements = r.claims.statements.len() as u32;
    let mut statements: Vec<StoryStatement> = r
        .claims
        .statements
        .iter()
        .enumerate()
        .map(|(k, s)| StoryStatement {
            idx: k as u32,
            kind: match s.stance {
                Stance::Claim => "claim",
                Stance::Denial => "denial",
            }
            .into(),
            article: s.article.clone(),
            outlet: s.outlet.clone(),
            sentence_index: s.sent,
            speaker: s.speaker.as_ref().map(actor),
            target_side: s.target_side.clone(),
            value: None,
            unit: None,
            via: s.via.clone(),
            date: s.date,
            date_how: s.date_how.as_str().into(),
            span: off.text(&s.article, s.span),
        })
        .collect();
    statements.extend(
        r.claims
            .figures
            .iter()
            .enumerate()
            .map(|(k, f)| StoryStatement {
                idx: n_statements + k as u32,
                kind: "figure".into(),
                article: f.article.clone(),
                outlet: f.outlet.clone(),
                sentence_index: f.sent,
                speaker: f.claimant.as_ref().map(actor),
                target_side: None,
                value: Some(f.value),
                unit: Some(f.unit.clone()),
                via: "figure".into(),
                date: f.date,
                date_how: "figure".into(),
                span: off.text(&f.article, f.span),
            }),
    );
    let links = r
        .claims
        .links
        .iter()
        .map(|l| {
            let (kind, base) = match l.kind {
                LinkKind::Denies => ("denies", 0),
                LinkKind::Contests => ("contests", n_statements),
            };
            (
                kind.to_string(),
                base + l.claim as u32,
                base + l.answer as u32,
                l.shared_terms as u32,
                l.cross_outlet,
            )
        })
        .collect();
    let events = r
        .events
        .iter()
        .map(|e| StoryEvent {
            id: e.id.clone(),
            source: e.source.clone(),
            target: e.target.clone(),
            cameo: e.cameo.clone(),
            quad_class: e.quad_class,
            date: e.date,
            date_how: e.date_how.as_str().into(),
            place: e.place.clone(),
            negated: e.negated,
            num_sources: e.num_sources as u32,
            num_articles: e.num_articles as u32,
            mentions: e
                .mentions
                .iter()
                .map(|m| StoryEventMention {
                    article: m.article.clone(),
                    outlet: m.outlet.clone(),
                    event_index: m.index as u32,
                    sentence_index: m.sent,
                    cameo: m.cameo.clone(),
                    rule: m.rule.clone(),
                    date: m.date,
                    date_how: m.date_how.as_str().into(),
                    action: off.text(&m.article, m.action),
                })
                .collect(),
        })
        .collect();
    let timeline = r
        .timeline
        .iter()
        .map(|t| TimelineRow {
            date: t.date,
            date_how: t.date_how.as_str().into(),
            kind: match t.kind {
                EntryKind::Event => "event",
                EntryKind::Quote => "quote",
            }
            .into(),
            who: t.who.clone(),
            what: t.what.clone(),
            event: t.event.clone(),
            sources: t.sources.iter().map(|s| off.source(s)).collect(),
        })
        .collect();
    let doc_of = |id: &str| off.get(id).map(|m| m.2);
    let coverage = r
        .coverage
        .iter()
        .map(|c| {
            let first = c.articles.first().and_then(|a| doc_of(&a.0));
            let label = first
                .and_then(|d| d.meta.outlet.clone().or_else(|| d.meta.wire.clone()))
                .or_else(|| first.and_then(|d| d.meta.title.clone()))
                .unwrap_or_else(|| c.outlet.clone());
            CoverageRow {
                outlet: c.outlet.clone(),
                label,
                articles: c
                    .articles
                    .iter()
                    .zip(&c.headline_subjects)
                    .map(|((id, date), subject)| CoverageArticle {
                        id: id.clone(),
                        title: doc_of(id).and_then(|d| d.meta.title.clone()),
                        date: *date,
                        headline_subject: subject.clone(),
                    })
                    .collect(),
                quotes_by_side: counts(&c.quotes_by_side),
                quotes_by_actor: counts(&c.quotes_by_actor),
                events_reported: c.events_reported.clone(),
                events_omitted: c.events_omitted.clone(),
            }
        })
        .collect();
    StoryReportRecord {
        id: id.to_string(),
        title,
        first_date: r.first,
        last_date: r.last,
        dates: r
            .dates
            .iter()
            .map(|d| {
                (
                    d.article.clone(),
                    d.date,
                    d.method.as_str().to_string(),
                    d.note.clone(),
                )
            })
            .collect(),
        summary: r
            .summary
            .iter()
            .map(|(s, text)| SummaryRow {
                text: text.clone(),
                source: off.source(s),
            })
            .collect(),
        timeline,
        events,
        statements,
        links,
        coverage,
    }
}
