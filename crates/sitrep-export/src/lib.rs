//! Exports of stored events in the formats analysts' tools already read.
//!
//! # Brief overview
//! - [`ExportEvent`] joins an [`EventRow`] with its article and its place; the caller (the
//!   CLI) assembles these from the store, so this crate writes files and nothing else.
//! - [`write`] dispatches on [`Format`]: GDELT 2.0 Events TSV (61 columns, in order) plus a
//!   Mentions-style TSV carrying the provenance, JSON Lines, CSV, or Parquet.
//!
//! # Design choice: GDELT columns we cannot fill stay empty
//! sitrep does not compute tone, religion or ethnic codes, FIPS ADM1 codes, or a place
//! per actor (Actor1Geo, Actor2Geo); those columns are present and empty rather than
//! guessed, so a GDELT loader reads the file and nobody mistakes a blank for a
//! measurement. ActionGeo comes from the event's place: type, full name, FIPS 10-4
//! country code (from [`fips_country`], a table written from the public code lists),
//! latitude, longitude and GeoNames id.
#![deny(missing_docs)]

mod columns;
mod fips;
mod gdelt;
mod parquet_out;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use sitrep_store::{ArticleRow, EventRow, PlaceRow};

pub use columns::COLUMNS;
pub use fips::fips_country;
pub use gdelt::{event_id, GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS};

/// An event with the article it came from and where it happened.
#[derive(Clone, Debug)]
pub struct ExportEvent {
    /// The event.
    pub event: EventRow,
    /// Its article's metadata.
    pub article: ArticleRow,
    /// Its place, when geocoded.
    pub place: Option<PlaceRow>,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// GDELT 2.0 Events TSV plus `<out>.mentions.tsv`.
    Gdelt,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
    /// Apache Parquet, one row group.
    Parquet,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output could not be written.
    #[error("{path}: cannot write")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The Parquet writer failed.
    #[error("{path}: cannot write Parquet")]
    Parquet {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: parquet::errors::ParquetError,
    },
}

/// Writes `events` to `out` in `format`; returns the files written.
pub fn write(
    events: &[ExportEvent],
    format: Format,
    out: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Io {
            path: path.clone(),
            source,
        }
    };
    let create = |path: &Path| File::create(path).map(BufWriter::new).map_err(io(path));
    match format {
        Format::Gdelt => {
            let mentions = mentions_path(out);
            let mut w = create(out)?;
            gdelt::write_events(&mut w, events)
                .and_then(|_| w.flush())
                .map_err(io(out))?;
            let mut m = create(&mentions)?;
            gdelt::write_mentions(&mut m, events)
                .and_then(|_| m.flush())
                .map_err(io(&mentions))?;
            Ok(vec![out.to_path_buf(), mentions])
        }
        Format::Jsonl => {
            let mut w = create(out)?;
            columns::write_jsonl(&mut w, events)
                .and_then(|_| w.flush())
                .map_err(io(out))?;
            Ok(vec![out.to_path_buf()])
        }
        Format::Csv => {
            let mut w = create(out)?;
            columns::write_csv(&mut w, events)
                .and_then(|_| w.flush())
                .map_err(io(out))?;
            Ok(vec![out.to_path_buf()])
        }
        Format::Parquet => {
            let file = File::create(out).map_err(io(out))?;
            parquet_out::write(file, events).map_err(|source| ExportError::Parquet {
                path: out.to_path_buf(),
                source,
            })?;
            Ok(vec![out.to_path_buf()])
        }
    }
}

/// `events.tsv` -> `events.mentions.tsv`.
fn mentions_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "events".into());
    out.with_file_name(format!("{stem}.mentions.tsv"))
}
