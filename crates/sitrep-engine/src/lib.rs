//! Glue between the stages: assembles the default [`Pipeline`] and runs
//! ingest → pipeline → store over a stream of inputs.
//!
//! # Brief overview
//! - [`default_pipeline`] builds sitrep's components in their fixed order from the models
//!   embedded in the binary, plus any run-time dictionaries named in [`PipelineConfig`].
//! - [`Engine`] holds a `Pipeline` and a [`Store`]. [`Engine::ingest`] streams records
//!   from `sitrep_ingest::read_paths` on a reader thread, annotates them in batches with
//!   [`Pipeline::run_batch`] (rayon), and writes each batch in one store transaction.
//! - After each stored batch, the story step clusters it into the stored stories and
//!   writes the memberships and duplicate links; at the end of the run it rebuilds the
//!   reports of the stories that changed ([`story_calendar`] dates pages without a date of
//!   their own; [`update_stories`] runs the step alone).
//! - [`IngestSummary`] says what happened: records read, stored, already stored, and
//!   each failure with its reason bucket and its message naming the file.
//! - [`Engine::ingest_records`] runs the same path over any record stream (an HTTP
//!   request body read by `sitrep_ingest::read_bytes`, say) and reports each record's
//!   [`RecordOutcome`].
//!
//! # Design choice: known articles skip the pipeline
//! The article id is a hash of the raw record, known before any annotation. Records whose
//! id is already stored are counted as duplicates before the pipeline runs, so re-ingesting
//! a corpus costs reading time only.
//!
//! ```
//! use sitrep_engine::Engine;
//! use sitrep_pipeline::Pipeline;
//! use sitrep_store::{SqliteStore, Store};
//!
//! let dir = std::env::temp_dir().join(format!("sitrep-engine-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("a.txt"), "Bridge reopens\n\nThe bridge reopened on Friday.\n").unwrap();
//! std::fs::write(dir.join("b.txt"), "").unwrap();
//! let store = SqliteStore::open_in_memory().unwrap();
//! let mut engine = Engine::new(Pipeline::build(vec![]).unwrap(), Box::new(store));
//! let summary = engine.ingest(&[dir.clone()], &mut |_| {}).unwrap();
//! assert_eq!((summary.read, summary.stored), (1, 1));
//! assert_eq!(summary.failures[0].reason, "empty");
//! assert_eq!(engine.store().counts().unwrap().articles, 1);
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
#![deny(missing_docs)]

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc;

use sitrep_doc::Doc;
use sitrep_ingest::IngestError;
use sitrep_pipeline::{Component, Pipeline, PipelineError};
use sitrep_store::{Store, StoreError};
use sitrep_story::cluster::ArticleInput;
use sitrep_story::dating::Calendar;

mod stories;

pub use stories::{story_calendar, SUMMARY_SENTENCES};

/// Why the engine could not run. Bad input records are not errors; they go to
/// [`IngestSummary::failures`].
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The store failed; the batch in flight was not written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The components do not fit together.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// The tagger model could not be loaded.
    #[error("cannot load the tagger")]
    Nlp(#[from] sitrep_nlp::NlpError),
    /// The NER model could not be loaded.
    #[error("cannot load the named-entity recogniser")]
    Ner(#[from] sitrep_ner::NerError),
    /// The gazetteer could not be loaded.
    #[error("cannot load the gazetteer")]
    Geo(#[from] sitrep_geo::GeoError),
    /// The parser model could not be loaded.
    #[error("cannot load the dependency parser")]
    Parser(#[from] sitrep_parser::ParserError),
    /// The actor knowledge base or an actor/agent dictionary could not be loaded.
    #[error("cannot load the actor dictionaries")]
    Actors(#[from] sitrep_actors::ActorsError),
    /// The event lexicon or a verb dictionary could not be loaded.
    #[error("cannot load the event lexicon")]
    Events(#[from] sitrep_events::EventsError),
}

/// Run-time options for [`default_pipeline`]: dictionaries analysts keep beside the
/// built-in ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PipelineConfig {
    /// A PETRARCH-format actor dictionary, merged into the built-in actor knowledge base.
    pub actors: Option<PathBuf>,
    /// A PETRARCH-format agent dictionary, merged likewise.
    pub agents: Option<PathBuf>,
    /// A PETRARCH-format CAMEO verb dictionary: sentences are coded by PETRARCH's rules
    /// with it (actors from the built-in knowledge base plus `actors`/`agents`), and
    /// sitrep's own coder codes those it leaves without events.
    pub verbs: Option<PathBuf>,
    /// A PETRARCH-format discard list, used with `verbs`.
    pub discards: Option<PathBuf>,
}

/// The default pipeline, components in their fixed order: tokenizer and sentences,
/// tagger and lemmatizer, parser, NER, time, geo, actors, quotes, events. Models come
/// from the binary; only the dictionaries in `config` are read from disk.
pub fn default_pipeline(config: &PipelineConfig) -> Result<Pipeline, EngineError> {
    let actors = match (&config.actors, &config.agents) {
        (None, None) => sitrep_actors::ActorResolver::builtin()?,
        (actors, agents) => {
            sitrep_actors::ActorResolver::with_petrarch(actors.as_deref(), agents.as_deref())?
        }
    };
    let events = match &config.verbs {
        None => sitrep_events::EventCoder::builtin()?,
        Some(verbs) => {
            sitrep_events::EventCoder::with_petrarch(petrarch_coder(config, verbs)?, true)?
        }
    };
    let components: Vec<Box<dyn Component>> = vec![
        Box::new(sitrep_nlp::Tokenizer),
        Box::new(sitrep_nlp::Tagger::load_default()?),
        Box::new(sitrep_parser::Parser::load_default()?),
        Box::new(sitrep_ner::Ner::load_default()?),
        Box::new(sitrep_time::TimeTagger::new()),
        Box::new(sitrep_geo::Geocoder::new()?),
        Box::new(actors),
        Box::new(sitrep_quotes::QuoteFinder::new()),
        Box::new(events),
    ];
    Ok(Pipeline::build(components)?)
}

/// The PETRARCH coder of `config`: its verb dictionary and discards, actors from the
/// built-in knowledge base plus the imported actor and agent dictionaries.
fn petrarch_coder(
    config: &PipelineConfig,
    verbs: &std::path::Path,
) -> Result<sitrep_events::petrarch::PetrarchCoder, EngineError> {
    use sitrep_events::petrarch::{Discards, PetrarchCoder, VerbDict};
    let mut actors = sitrep_actors::PetrActors::from_kb(&sitrep_actors::KnowledgeBase::builtin()?);
    if let Some(a) = &config.actors {
        actors.load_actors(a)?;
    }
    if let Some(a) = &config.agents {
        actors.load_agents(a)?;
    }
    let discards = match &config.discards {
        Some(d) => Discards::load(d)?,
        None => Discards::default(),
    };
    Ok(PetrarchCoder::new(VerbDict::load(verbs)?, actors).with_discards(discards))
}

/// One record that yielded no article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// A short stable bucket: `io`, `empty`, `binary`, `invalid-utf8`, `too-large`, ...
    pub reason: &'static str,
    /// The full message, naming the file (and line or offset).
    pub message: String,
}

/// What an ingest run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IngestSummary {
    /// Input files found, for progress.
    pub inputs: usize,
    /// Size of the input files on disk; 0 when unknown (stdin).
    pub input_bytes: u64,
    /// Input bytes read so far (as on disk), for progress and an ETA.
    pub bytes_read: u64,
    /// Records read into articles.
    pub read: usize,
    /// Articles newly stored.
    pub stored: usize,
    /// Articles already in the store (or repeated in this run), not stored again.
    pub duplicates: usize,
    /// Records that yielded no article, in input order.
    pub failures: Vec<Failure>,
    /// Articles that joined a story (this run's, and stored ones that had none).
    pub clustered: usize,
    /// Stories whose report was rebuilt.
    pub stories_refreshed: usize,
}

impl IngestSummary {
    /// Failure counts per reason, sorted by reason.
    pub fn failed_by_reason(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for f in &self.failures {
            *m.entry(f.reason).or_default() += 1;
        }
        m
    }
}

/// What became of one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordOutcome {
    /// Its position in the input, from 1 (failures count too).
    pub record: usize,
    /// The article's id and where it came from (`path:line` for JSON Lines); `None` when
    /// the record yielded no article.
    pub article: Option<(String, String)>,
    /// What happened to it.
    pub status: RecordStatus,
}

/// Stored, already there, or no article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordStatus {
    /// Annotated and stored.
    Stored,
    /// Already stored (or repeated earlier in the input); nothing was written.
    Duplicate,
    /// The record yielded no article.
    Failed(Failure),
}

/// The story step alone: clusters stored articles that have no story yet and rebuilds
/// the reports of stories whose members changed (see [`Engine::without_stories`]).
pub fn update_stories(
    store: &mut dyn Store,
    calendar: Calendar,
) -> Result<IngestSummary, EngineError> {
    let mut st = stories::Stories::new(calendar);
    st.catch_up(store)?;
    let stories_refreshed = st.refresh(store)?;
    Ok(IngestSummary {
        clustered: st.clustered,
        stories_refreshed,
        ..IngestSummary::default()
    })
}

/// Articles per pipeline batch and store transaction: big enough to keep every core busy,
/// small enough that a crash loses little.
pub const DEFAULT_BATCH: usize = 64;

/// A pipeline and the store it feeds.
pub struct Engine {
    pipeline: Pipeline,
    store: Box<dyn Store>,
    batch: usize,
    stories: Option<stories::Stories>,
}

impl Engine {
    /// An engine writing `pipeline`'s output to `store`.
    pub fn new(pipeline: Pipeline, store: Box<dyn Store>) -> Engine {
        Engine {
            pipeline,
            store,
            batch: DEFAULT_BATCH,
            stories: Some(stories::Stories::new(Calendar::default())),
        }
    }

    /// Dates pages without a publication date of their own with `calendar` (see
    /// [`story_calendar`]) when building story reports.
    pub fn with_calendar(mut self, calendar: Calendar) -> Engine {
        self.stories = Some(stories::Stories::new(calendar));
        self
    }

    /// Stores articles without clustering them into stories; a later run with stories
    /// on clusters them.
    pub fn without_stories(mut self) -> Engine {
        self.stories = None;
        self
    }

    /// Sets the batch size (at least 1).
    pub fn with_batch_size(mut self, batch: usize) -> Engine {
        self.batch = batch.max(1);
        self
    }

    /// The store, for queries.
    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }

    /// The pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Reads every record under `paths`, annotates new articles and stores them.
    ///
    /// `on_progress` sees the running summary after each batch and each failure. A bad
    /// record becomes a [`Failure`] and the run goes on; only a store error stops it, after
    /// the batches before it were committed.
    pub fn ingest(
        &mut self,
        paths: &[PathBuf],
        on_progress: &mut dyn FnMut(&IngestSummary),
    ) -> Result<IngestSummary, EngineError> {
        let records = sitrep_ingest::read_paths(paths);
        let progress = records.progress();
        self.ingest_records(
            sitrep_ingest::count_inputs(paths),
            sitrep_ingest::input_size(paths),
            move || records.map(move |item| (item, progress.bytes_read())),
            on_progress,
            &mut |_| {},
        )
    }

    /// [`Engine::ingest`] over the records `read` yields (it is called on the reader
    /// thread), with `inputs` and `input_bytes` as the summary's input count and size.
    /// Each record comes with the input bytes read when it was made, so progress counts
    /// records handled, not read ahead. `on_record` sees each record's outcome once its
    /// batch is stored (failures at once), so calls come in batch order;
    /// [`RecordOutcome::record`] gives the input order.
    pub fn ingest_records<F, I>(
        &mut self,
        inputs: usize,
        input_bytes: u64,
        read: F,
        on_progress: &mut dyn FnMut(&IngestSummary),
        on_record: &mut dyn FnMut(RecordOutcome),
    ) -> Result<IngestSummary, EngineError>
    where
        F: FnOnce() -> I + Send,
        I: Iterator<Item = (Result<Doc, IngestError>, u64)>,
    {
        let mut summary = IngestSummary {
            inputs,
            input_bytes,
            ..IngestSummary::default()
        };
        on_progress(&summary);
        if let Some(st) = &mut self.stories {
            st.clustered = 0;
            st.catch_up(self.store.as_mut())?;
        }
        // Reading (HTML extraction, decompression) runs on its own thread so that it
        // overlaps with annotation of the previous batch.
        let (tx, rx) = mpsc::sync_channel::<(Result<Doc, IngestError>, u64)>(self.batch * 2);
        std::thread::scope(|scope| {
            // Owned here, so that an early return drops it and the reader's next send
            // fails instead of blocking the scope's join forever.
            let rx = rx;
            scope.spawn(move || {
                for item in read() {
                    if tx.send(item).is_err() {
                        break; // The engine stopped on a store error.
                    }
                }
            });
            let mut batch = Vec::with_capacity(self.batch);
            let mut batch_bytes = 0;
            for (i, (item, bytes_read)) in rx.iter().enumerate() {
                match item {
                    Ok(doc) => {
                        summary.read += 1;
                        batch.push((i + 1, doc));
                        batch_bytes = bytes_read;
                        if batch.len() >= self.batch {
                            self.flush(&mut batch, &mut summary, on_record)?;
                            summary.bytes_read = batch_bytes;
                            on_progress(&summary);
                        }
                    }
                    Err(err) => {
                        let failure = Failure {
                            reason: err.reason(),
                            message: err.to_string(),
                        };
                        summary.failures.push(failure.clone());
                        on_record(RecordOutcome {
                            record: i + 1,
                            article: None,
                            status: RecordStatus::Failed(failure),
                        });
                        on_progress(&summary);
                    }
                }
            }
            self.flush(&mut batch, &mut summary, on_record)?;
            summary.bytes_read = summary.input_bytes.max(batch_bytes);
            if let Some(st) = &mut self.stories {
                summary.stories_refreshed = st.refresh(self.store.as_mut())?;
                summary.clustered = st.clustered;
            }
            on_progress(&summary);
            Ok(summary)
        })
    }

    /// Annotates and stores one batch, skipping articles already stored or repeated
    /// within the batch.
    fn flush(
        &mut self,
        batch: &mut Vec<(usize, Doc)>,
        summary: &mut IngestSummary,
        on_record: &mut dyn FnMut(RecordOutcome),
    ) -> Result<(), EngineError> {
        if batch.is_empty() {
            return Ok(());
        }
        let ids: Vec<&str> = batch.iter().map(|(_, d)| d.meta.id.as_str()).collect();
        let known = self.store.contains(&ids)?;
        let mut seen = HashSet::new();
        let mut fresh = Vec::with_capacity(batch.len());
        let mut records = Vec::with_capacity(batch.len());
        for ((record, doc), known) in batch.drain(..).zip(known) {
            if known || !seen.insert(doc.meta.id.clone()) {
                summary.duplicates += 1;
                on_record(outcome(record, &doc, RecordStatus::Duplicate));
            } else {
                records.push(record);
                fresh.push(doc);
            }
        }
        let docs = self.pipeline.run_batch(fresh);
        let put = self.store.put_batch(&docs)?;
        summary.stored += put.stored;
        summary.duplicates += put.duplicates.len();
        // Ids are unique within `docs`, so a reported duplicate names one record: an
        // article another writer stored after the `contains` check.
        let lost: HashSet<&str> = put.duplicates.iter().map(String::as_str).collect();
        for (record, doc) in records.into_iter().zip(&docs) {
            let status = if lost.contains(doc.meta.id.as_str()) {
                RecordStatus::Duplicate
            } else {
                RecordStatus::Stored
            };
            on_record(outcome(record, doc, status));
        }
        if let Some(st) = &mut self.stories {
            // Every doc is stored now, by this batch or by another writer (which may have
            // clustered it already: the story step skips those).
            let inputs: Vec<ArticleInput> = docs.iter().map(ArticleInput::from_doc).collect();
            st.add(self.store.as_mut(), inputs)?;
            summary.clustered = st.clustered;
        }
        Ok(())
    }
}

fn outcome(record: usize, doc: &Doc, status: RecordStatus) -> RecordOutcome {
    RecordOutcome {
        record,
        article: Some((doc.meta.id.clone(), doc.meta.source.clone())),
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_doc::Layer;
    use sitrep_store::{EventQuery, SqliteStore};

    use sitrep_testkit::Accuse;

    fn inputs() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let files: [(&str, &[u8]); 4] = [
            (
                "a.txt",
                b"Envoy recalled\n\nRuritania accused Freedonia of spying.\n",
            ),
            (
                "b.txt",
                b"Talks resume\n\nDiplomats from both sides met on Monday.\n",
            ),
            ("c.txt", b""),
            ("d.txt", b"Broken\n\nBad \xff\xfe bytes here.\n"),
        ];
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        dir
    }

    fn engine() -> Engine {
        let pipeline = Pipeline::build(vec![Box::new(Accuse)]).unwrap();
        Engine::new(pipeline, Box::new(SqliteStore::open_in_memory().unwrap())).with_batch_size(1)
    }

    #[test]
    fn a_record_repeated_in_one_batch_joins_one_story() {
        let dir = inputs();
        std::fs::copy(dir.path().join("a.txt"), dir.path().join("a2.txt")).unwrap();
        let pipeline = Pipeline::build(vec![Box::new(Accuse)]).unwrap();
        let store = Box::new(SqliteStore::open_in_memory().unwrap());
        let mut engine = Engine::new(pipeline, store);
        let s = engine
            .ingest(&[dir.path().to_path_buf()], &mut |_| {})
            .unwrap();
        assert_eq!((s.stored, s.duplicates, s.clustered), (2, 1, 2));
        assert!(engine.store().unassigned().unwrap().is_empty());
    }

    #[test]
    fn ingest_stores_annotates_and_reports_failures() {
        let dir = inputs();
        let mut engine = engine();
        let mut calls = 0;
        let s = engine
            .ingest(&[dir.path().to_path_buf()], &mut |_| calls += 1)
            .unwrap();
        assert_eq!((s.inputs, s.read, s.stored, s.duplicates), (4, 2, 2, 0));
        assert!(s.input_bytes > 0 && s.bytes_read == s.input_bytes);
        let reasons: Vec<_> = s.failed_by_reason().into_iter().collect();
        assert_eq!(reasons, [("empty", 1), ("invalid-utf8", 1)]);
        assert!(s.failures.iter().all(|f| f.message.contains(".txt")));
        assert!(calls >= 5, "progress called {calls} times");
        let events = engine.store().events(&EventQuery::default()).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].action.text, "accused");
    }

    #[test]
    fn second_ingest_stores_nothing() {
        let dir = inputs();
        let mut engine = engine();
        let paths = [dir.path().to_path_buf()];
        engine.ingest(&paths, &mut |_| {}).unwrap();
        let again = engine.ingest(&paths, &mut |_| {}).unwrap();
        assert_eq!((again.read, again.stored, again.duplicates), (2, 0, 2));
        assert_eq!(engine.store().counts().unwrap().events, 1);
    }

    #[test]
    fn each_record_gets_its_outcome() {
        let line = |t: &str| format!("{{\"text\": \"{t}\"}}\n");
        let body = [
            line("Envoy recalled. Ruritania accused Freedonia of spying."),
            "{broken\n".to_string(),
            line("Talks resume. Diplomats met on Monday."),
            line("Envoy recalled. Ruritania accused Freedonia of spying."),
        ]
        .concat();
        let mut engine = engine().with_batch_size(8);
        let run = |engine: &mut Engine| {
            let mut outcomes = Vec::new();
            let bytes = body.clone().into_bytes();
            let summary = engine
                .ingest_records(
                    1,
                    bytes.len() as u64,
                    move || sitrep_ingest::read_bytes(bytes, "request", None).map(|r| (r, 0)),
                    &mut |_| {},
                    &mut |o| outcomes.push(o),
                )
                .unwrap();
            outcomes.sort_by_key(|o| o.record);
            (summary, outcomes)
        };
        let (s, first) = run(&mut engine);
        assert_eq!(
            (s.read, s.stored, s.duplicates, s.failures.len()),
            (3, 2, 1, 1)
        );
        let statuses: Vec<(usize, Option<&str>, &RecordStatus)> = first
            .iter()
            .map(|o| {
                (
                    o.record,
                    o.article.as_ref().map(|a| a.1.as_str()),
                    &o.status,
                )
            })
            .collect();
        assert_eq!(statuses[0], (1, Some("request:1"), &RecordStatus::Stored));
        assert!(matches!(statuses[1], (2, None, RecordStatus::Failed(f)) if f.reason == "json"));
        assert_eq!(statuses[2], (3, Some("request:3"), &RecordStatus::Stored));
        // The repeat within the input is a duplicate of record 1, with the same id.
        assert_eq!(
            statuses[3],
            (4, Some("request:4"), &RecordStatus::Duplicate)
        );
        assert_eq!(
            first[3].article.as_ref().unwrap().0,
            first[0].article.as_ref().unwrap().0
        );
        let (again, second) = run(&mut engine);
        assert_eq!((again.stored, again.duplicates), (0, 3));
        assert!(second
            .iter()
            .all(|o| matches!(o.status, RecordStatus::Duplicate | RecordStatus::Failed(_))));
        assert_eq!(engine.store().counts().unwrap().articles, 2);
    }

    #[test]
    fn ingest_stores_stories_once_and_catches_up_missed_ones() {
        use sitrep_store::StoryQuery;
        let dir = inputs();
        let paths = [dir.path().to_path_buf()];
        let mut engine = engine();
        let s = engine.ingest(&paths, &mut |_| {}).unwrap();
        assert_eq!((s.clustered, s.stories_refreshed), (2, 2));
        let stories = engine.store().stories(&StoryQuery::default()).unwrap();
        assert_eq!(stories.len(), 2, "two unrelated articles, two stories");
        assert!(stories.iter().all(|s| !s.stale));
        let again = engine.ingest(&paths, &mut |_| {}).unwrap();
        assert_eq!((again.clustered, again.stories_refreshed), (0, 0));
        assert_eq!(
            engine.store().stories(&StoryQuery::default()).unwrap(),
            stories
        );

        // Stored without the story step: the next run, or update_stories, clusters them.
        let pipeline = Pipeline::build(vec![Box::new(Accuse)]).unwrap();
        let store = Box::new(SqliteStore::open_in_memory().unwrap());
        let mut off = Engine::new(pipeline, store).without_stories();
        off.ingest(&paths, &mut |_| {}).unwrap();
        assert_eq!(off.store().unassigned().unwrap().len(), 2);
        let mut store = off.store;
        let done = update_stories(store.as_mut(), Calendar::default()).unwrap();
        assert_eq!((done.clustered, done.stories_refreshed), (2, 2));
        let ids = |v: &[sitrep_store::StoryRow]| v.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        assert_eq!(
            ids(&store.stories(&StoryQuery::default()).unwrap()),
            ids(&stories)
        );
    }

    #[test]
    fn default_pipeline_assigns_layers_in_order() {
        let p = default_pipeline(&PipelineConfig::default()).unwrap();
        use Layer::*;
        assert_eq!(
            p.assigns(),
            [Tokens, Sents, Pos, Lemmas, Deps, Ents, Times, Places, Actors, Quotes, Events]
        );
    }

    #[test]
    fn default_pipeline_annotates_a_story() {
        let mut meta = sitrep_doc::DocMeta::new("x", "x.txt");
        meta.date = chrono::NaiveDate::from_ymd_opt(2024, 3, 11);
        let text = "Norway summons Russian envoy\n\nNorway's foreign minister accused \
                    Russia on Saturday of seizing a trawler near Murmansk.\n\n\
                    \"We expect the crew to be released,\" the minister said.";
        let p = default_pipeline(&PipelineConfig::default()).unwrap();
        let doc = p
            .run_batch(vec![Doc::new(meta, text.to_string())])
            .remove(0);
        assert_eq!(doc.sents.len(), 3);
        let codes: Vec<&str> = doc.mentions.iter().map(|m| m.actor.code.as_str()).collect();
        assert!(codes.iter().any(|c| c.starts_with("NOR")), "{codes:?}");
        assert!(codes.iter().any(|c| c.starts_with("RUS")), "{codes:?}");
        let places: Vec<(&str, Option<&str>)> = doc
            .places
            .iter()
            .map(|p| (p.name.as_str(), p.iso3.as_deref()))
            .collect();
        assert!(places.contains(&("Murmansk", Some("RUS"))), "{places:?}");
        let saturday: Vec<&str> = doc.times.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(saturday, ["2024-03-09"]);
        let events: Vec<(Option<&str>, Option<&str>, &str)> = doc
            .events
            .iter()
            .map(|e| {
                let target = e.target.as_ref().and_then(|t| t.iso3.as_deref());
                (e.source.iso3.as_deref(), target, &e.cameo[..2])
            })
            .collect();
        assert!(
            events.contains(&(Some("NOR"), Some("RUS"), "11")),
            "{events:?}"
        );
        let quotes: Vec<(&str, &str)> = doc
            .quotes
            .iter()
            .map(|q| (q.kind.as_str(), doc.span_text(q.content)))
            .collect();
        assert_eq!(
            quotes,
            [
                (
                    "indirect",
                    "Russia on Saturday of seizing a trawler near Murmansk"
                ),
                ("direct", "\"We expect the crew to be released,\"")
            ]
        );
    }
}
