//! `sitrep export`: stored events as GDELT TSV, JSON Lines, CSV or Parquet.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use sitrep_export::{ExportEvent, Format};
use sitrep_store::PlaceRow;

use super::events::EventFilter;
use super::output::{open_existing, Db};

/// Export formats.
#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// GDELT 2.0 Events table (61 tab-separated columns) plus OUT.mentions.tsv with provenance.
    Gdelt,
    /// One JSON object per event.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Apache Parquet (loads in pandas, polars and DuckDB).
    Parquet,
}

/// Flags of `sitrep export`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep export --format gdelt --out events.tsv            also writes events.mentions.tsv
  sitrep export --format parquet --dyad USA:RUS --out usa-rus.parquet
  sitrep export --format csv --since 2016-01-01 --out 2016.csv")]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum)]
    format: FormatArg,
    /// Output file.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    #[command(flatten)]
    filter: EventFilter,
}

/// Runs `sitrep export`.
pub fn run(args: ExportArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let query = args.filter.query(None)?;
    let store = open_existing(db)?;
    let events = store.events(&query)?;
    let mut articles = HashMap::new();
    let mut places: HashMap<String, Vec<PlaceRow>> = HashMap::new();
    let mut rows = Vec::with_capacity(events.len());
    for event in events {
        if !articles.contains_key(&event.article_id) {
            let a = store
                .article(&event.article_id)?
                .with_context(|| format!("article {} vanished during export", event.article_id))?;
            places.insert(
                event.article_id.clone(),
                store.layers(&event.article_id)?.places,
            );
            articles.insert(event.article_id.clone(), a.row);
        }
        let place = event.place_index.and_then(|i| {
            places
                .get(&event.article_id)
                .and_then(|p| p.get(i as usize))
                .cloned()
        });
        let article = articles[&event.article_id].clone();
        rows.push(ExportEvent {
            event,
            article,
            place,
        });
    }
    let format = match args.format {
        FormatArg::Gdelt => Format::Gdelt,
        FormatArg::Jsonl => Format::Jsonl,
        FormatArg::Csv => Format::Csv,
        FormatArg::Parquet => Format::Parquet,
    };
    let files = sitrep_export::write(&rows, format, &args.out)?;
    for f in files {
        eprintln!("sitrep: wrote {} events to {}", rows.len(), f.display());
    }
    Ok(ExitCode::SUCCESS)
}
