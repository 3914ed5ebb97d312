//! The one error type of the crate: a record that yields no `Doc`.

use std::path::PathBuf;

/// Why an input record yields no [`sitrep_doc::Doc`]. The display names the file (and the
/// line or byte offset inside it) and the specific reason; [`IngestError::reason`] gives a
/// short stable bucket for summaries.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file or directory could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The input.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file holds no bytes (or only white space).
    #[error("{path}: empty file")]
    Empty {
        /// The input.
        path: PathBuf,
    },
    /// The file looks like binary data (NUL or many control bytes), not text.
    #[error("{path}: binary data, not text (control byte at offset {offset})")]
    Binary {
        /// The input.
        path: PathBuf,
        /// Offset of the first tell-tale byte.
        offset: u64,
    },
    /// A text record is not valid UTF-8.
    #[error("{path}: invalid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// The input, with `:LINE` for JSONL.
        path: String,
        /// Offset of the first bad byte inside the record.
        offset: u64,
    },
    /// One record is larger than [`crate::MAX_RECORD_BYTES`].
    #[error("{path}: record larger than the {limit}-byte limit")]
    TooLarge {
        /// The input, with `:LINE` for JSONL.
        path: String,
        /// The limit it crossed.
        limit: u64,
    },
    /// A gzip stream is corrupt or truncated.
    #[error("{path}: bad gzip stream: {source}")]
    Gzip {
        /// The input.
        path: PathBuf,
        /// The decoder's complaint.
        #[source]
        source: std::io::Error,
    },
    /// A JSONL line is not a JSON object with `text` or `html`.
    #[error("{path}:{line}: {message}")]
    Json {
        /// The input.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A WARC record is malformed.
    #[error("{path}@{offset}: bad WARC record: {message}")]
    Warc {
        /// The input.
        path: PathBuf,
        /// Byte offset of the record in the (decompressed) stream.
        offset: u64,
        /// What is wrong.
        message: String,
    },
    /// The record parsed but held no article text.
    #[error("{source_name}: no article text found")]
    NoText {
        /// The record's source (`path`, `path:LINE` or `path@OFFSET`).
        source_name: String,
    },
}

impl IngestError {
    /// A short stable bucket for summaries ("io", "empty", "binary", ...).
    pub fn reason(&self) -> &'static str {
        match self {
            IngestError::Io { .. } => "io",
            IngestError::Empty { .. } => "empty",
            IngestError::Binary { .. } => "binary",
            IngestError::InvalidUtf8 { .. } => "invalid-utf8",
            IngestError::TooLarge { .. } => "too-large",
            IngestError::Gzip { .. } => "gzip",
            IngestError::Json { .. } => "json",
            IngestError::Warc { .. } => "warc",
            IngestError::NoText { .. } => "no-text",
        }
    }
}
