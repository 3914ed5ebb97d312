//! Readers for text dumps, HTML, JSONL and WARC; boilerplate removal and metadata.
#![deny(missing_docs)]
