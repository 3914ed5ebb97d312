//! `sitrep ingest`: reads articles, annotates them and stores them.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use super::output::Db;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use sitrep_engine::{default_pipeline, Engine, IngestSummary, PipelineConfig, DEFAULT_BATCH};
use sitrep_pipeline::Pipeline;

/// Flags of `sitrep ingest`.
#[derive(Args)]
#[command(after_help = "\
Inputs can be plain-text page dumps (.txt), HTML pages (.html), JSON Lines with one
article per line (`text` or `html`, plus optional `url`, `title`, `date`, `outlet`), and
WARC files, each optionally gzipped; directories are read recursively and `-` reads stdin.
Articles are keyed by a hash of their content, so ingesting the same files again stores
nothing new. A file that cannot be read is reported by name and the run goes on; the exit
status is non-zero only when nothing at all could be read.

Examples:
  sitrep ingest examples/articles
  sitrep ingest --actors my.actors.txt --verbs CAMEO.verbpatterns.txt news/
  sitrep --db news.db ingest crawl/2016-02/*.warc.gz
  zcat feed.jsonl.gz | sitrep ingest -")]
pub struct IngestArgs {
    /// Files or directories to read; `-` for stdin.
    #[arg(value_name = "PATH", required = true)]
    paths: Vec<PathBuf>,
    /// Articles per pipeline batch and per database transaction.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BATCH)]
    batch_size: usize,
    #[command(flatten)]
    dictionaries: Dictionaries,
}

/// Run-time dictionaries, for `sitrep ingest` and for ingest over `sitrep serve`.
#[derive(Args)]
pub struct Dictionaries {
    /// A PETRARCH-format actor dictionary to use beside the built-in actors.
    #[arg(long, value_name = "FILE")]
    actors: Option<PathBuf>,
    /// A PETRARCH-format agent dictionary to use beside the built-in agents.
    #[arg(long, value_name = "FILE")]
    agents: Option<PathBuf>,
    /// A PETRARCH-format CAMEO verb dictionary: sentences are coded by PETRARCH's rules
    /// with it, and by the built-in lexicon where it codes nothing.
    #[arg(long, value_name = "FILE")]
    verbs: Option<PathBuf>,
    /// A PETRARCH-format discard list (sentences, or with `+` whole stories, not coded
    /// by the verb dictionary); used with --verbs.
    #[arg(long, value_name = "FILE", requires = "verbs")]
    discards: Option<PathBuf>,
}

impl Dictionaries {
    /// The default pipeline with these dictionaries.
    pub fn pipeline(self) -> anyhow::Result<Pipeline> {
        Ok(default_pipeline(&PipelineConfig {
            actors: self.actors,
            agents: self.agents,
            verbs: self.verbs,
            discards: self.discards,
        })?)
    }
}

/// Failure messages listed per reason before the rest are counted.
const MESSAGES_PER_REASON: usize = 20;

/// Runs `sitrep ingest`.
pub fn run(args: IngestArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let pipeline = args.dictionaries.pipeline()?;
    let store = db.open_or_create()?;
    let mut engine = Engine::new(pipeline, store).with_batch_size(args.batch_size);

    let bar = progress_bar();
    let started = Instant::now();
    let summary = engine.ingest(&args.paths, &mut |s| update(&bar, s))?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();

    let mut out = std::io::stdout().lock();
    report(&mut out, &summary, secs)?;
    let counts = engine.store().counts()?;
    writeln!(
        out,
        "database:   {} now holds {} articles, {} events, {} quotes",
        db, counts.articles, counts.events, counts.quotes
    )?;
    out.flush()?;
    if summary.read == 0 {
        eprintln!("sitrep: nothing could be read from the given paths");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// A bar on stderr when it is a terminal; hidden otherwise, so logs stay clean.
fn progress_bar() -> ProgressBar {
    if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(0);
        bar.set_style(unknown_total_style());
        bar
    } else {
        ProgressBar::hidden()
    }
}

fn known_total_style() -> ProgressStyle {
    ProgressStyle::with_template(
        "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} ({binary_bytes_per_sec}, ETA {eta}) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ")
}

fn unknown_total_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {elapsed_precise} {bytes} read {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

/// The bar tracks input bytes (as on disk), which every input kind has, so a JSONL or WARC
/// file of many articles gets a rate and an ETA like a directory of pages; articles and
/// articles/s go in the message. Stdin has no known size: a counter without an ETA.
fn update(bar: &ProgressBar, s: &IngestSummary) {
    if bar.length() == Some(0) && s.input_bytes > 0 {
        bar.set_length(s.input_bytes);
        bar.set_style(known_total_style());
    }
    bar.set_position(s.bytes_read.min(bar.length().unwrap_or(u64::MAX)));
    let done = s.read + s.failures.len();
    let secs = bar.elapsed().as_secs_f64();
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    bar.set_message(format!(
        "{done} articles ({rate:.1}/s), stored {}, duplicates {}, failed {}",
        s.stored,
        s.duplicates,
        s.failures.len()
    ));
}

fn report(out: &mut impl Write, s: &IngestSummary, secs: f64) -> std::io::Result<()> {
    writeln!(
        out,
        "read:       {} articles from {} inputs",
        s.read, s.inputs
    )?;
    writeln!(out, "stored:     {}", s.stored)?;
    writeln!(out, "duplicates: {}", s.duplicates)?;
    writeln!(out, "failed:     {}", s.failures.len())?;
    for (reason, n) in s.failed_by_reason() {
        writeln!(out, "  {reason}: {n}")?;
        let mut of_reason = s.failures.iter().filter(|f| f.reason == reason);
        for f in of_reason.by_ref().take(MESSAGES_PER_REASON) {
            writeln!(out, "    {}", f.message)?;
        }
        let rest = of_reason.count();
        if rest > 0 {
            writeln!(out, "    ... and {rest} more")?;
        }
    }
    let rate = if secs > 0.0 {
        s.read as f64 / secs
    } else {
        0.0
    };
    writeln!(out, "time:       {secs:.2} s ({rate:.1} articles/s)")?;
    Ok(())
}
