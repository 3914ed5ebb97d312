//! Readers for text dumps, HTML, JSONL and WARC; boilerplate removal and metadata.
//!
//! # Brief overview
//! - [`read_paths`] streams [`Doc`]s from files, directories (recursive, sorted), `.gz`
//!   files and stdin (`-`), one `Result` per record, so a caller logs a bad record and
//!   goes on. [`input_size`] and [`Records::progress`] (bytes read, as on disk) drive a
//!   progress bar for any input kind, many-record JSONL and WARC files included.
//! - Formats come from the extension (`.txt`, `.html`, `.jsonl`/`.ndjson`, `.warc`, any of
//!   them `.gz`), else from sniffing the first bytes.
//! - Plain-text page dumps go through a line classifier (navigation, read-time lines,
//!   disclaimers, promos, footer labels, date lines, captions with credits, agency
//!   sign-offs, bylines) and one assembly pass. HTML goes through our own fast parser and
//!   block extractor for the main text and then through the same line rules, which drop
//!   the boilerplate lines the extractor keeps.
//! - Each `Doc` has clean text = headline paragraph, then body paragraphs, joined by
//!   `"\n\n"`, with `doc.title_span` on the headline. Captions go to `meta.captions`.
//! - [`IngestError`] is for records that yield no `Doc`; content problems become
//!   `doc.diagnostics`.
//!
//! # Ids, limits and encodings
//! - `meta.id` is the BLAKE3 hash (hex) of the raw record bytes: the decompressed file for
//!   text and HTML files, the line for JSONL, the HTTP payload for WARC (so re-crawls of
//!   an unchanged page share an id). Ingesting the same input twice gives the same ids.
//! - A record over [`MAX_RECORD_BYTES`] (16 MiB) is rejected: no news article is that
//!   long, and the limit bounds memory on hostile input.
//! - Text inputs must be UTF-8: invalid UTF-8 is rejected (`invalid-utf8`) rather than
//!   decoded lossily, since a wrong guess at the encoding corrupts names silently. HTML is
//!   transcoded from its declared charset.
//!
//! # Design choice: page-header dates are an upper bound
//! A date line standing alone above the headline ("Monday 19 February 2018") is often the
//! day the page was viewed or scraped, not published. It is kept in `meta.date` only when
//! no better date exists, marked [`DateSource::Header`](sitrep_doc::DateSource::Header),
//! which downstream time resolution treats as unreliable (an upper bound). Date lines below
//! the headline count as [`DateSource::Text`](sitrep_doc::DateSource::Text). Priority: a
//! container's date (JSONL `date`), HTML markup (JSON-LD, `<meta>`), text, header, URL
//! path, WARC crawl date.
//!
//! ```
//! use std::io::Write;
//! let dir = std::env::temp_dir().join(format!("sitrep-ingest-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let path = dir.join("a.txt");
//! std::fs::write(&path, "Skip to main content\n\nBridge reopens\n\n3 min read\n\
//!     The bridge reopened on Friday after two years of repairs.\n").unwrap();
//! let docs: Vec<_> = sitrep_ingest::read_paths(&[path]).collect();
//! let doc = docs[0].as_ref().unwrap();
//! assert_eq!(doc.meta.title.as_deref(), Some("Bridge reopens"));
//! assert_eq!(doc.text(), "Bridge reopens\n\nThe bridge reopened on Friday after two years of repairs.");
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```
#![deny(missing_docs)]

use std::path::PathBuf;

use sitrep_doc::Doc;

mod dom;
mod error;
mod html;
mod main_text;
mod meta;
mod read;
mod text;
mod warc;

pub use error::IngestError;
pub use read::Format as InputFormat;
pub use read::{Progress, Records};

/// The largest record (file, JSONL line, WARC payload) read, in bytes.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

/// Streams the articles of `paths`: files, directories (recursive, sorted order), `.gz`
/// files, or `-` for stdin. Each record yields a `Doc` or the error that kept it from one;
/// reading goes on after an error. [`Records::progress`] tells how many input bytes have
/// been read, for a progress bar.
pub fn read_paths(paths: &[PathBuf]) -> Records {
    Records::new(paths)
}

/// Streams the articles of one input held in memory (an HTTP request body, say) as
/// [`read_paths`] reads a file named `source`: gzip is undone, and the format is `format`
/// or else sniffed from the first bytes. Records are named `source`, `source:LINE` (JSON
/// Lines) or `source@OFFSET` (WARC), and their ids are the ones the same bytes get from a
/// file.
pub fn read_bytes(
    bytes: Vec<u8>,
    source: &str,
    format: Option<InputFormat>,
) -> impl Iterator<Item = Result<Doc, IngestError>> {
    read::bytes(bytes, source, format)
}

/// Counts the input files under `paths` (stdin counts as one). A JSONL or WARC file counts
/// as one although it holds many articles.
pub fn count_inputs(paths: &[PathBuf]) -> usize {
    read::count(paths)
}

/// The size on disk of the input files under `paths`, the total that
/// [`Progress::bytes_read`] counts towards; 0 when it is unknown (stdin).
pub fn input_size(paths: &[PathBuf]) -> u64 {
    read::size(paths)
}

/// Extracts the article from one HTML page, as [`read_paths`] does for an `.html` file.
/// `source` names it in `meta.source` and errors. Used by the extraction benchmarks.
pub fn html_to_doc(html: &[u8], source: &str, url: Option<&str>) -> Result<Doc, IngestError> {
    read::html_page(html, source, url)
}
