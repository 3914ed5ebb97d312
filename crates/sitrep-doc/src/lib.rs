//! The `Doc`: one article's clean text, its metadata, and every annotation layer that
//! later stages add to it.
//!
//! # Brief overview
//! - [`Doc`] owns the clean text ([`Doc::text`]) and [`DocMeta`] (id, source, outlet,
//!   title, date and how it was found, wire agency, captions).
//! - [`TokenCols`] stores token attributes as parallel columns (start, end, UPOS, XPOS,
//!   lemma, head, dependency relation), spaCy-style. [`Token`] is a view: a doc plus an index.
//! - Sentences are half-open token ranges ([`TokRange`]); entities, actor mentions, events,
//!   quotes, time expressions and places are records that point into the text by byte
//!   offsets ([`ByteSpan`]) and carry the rule or model that produced them.
//! - [`Layer`] names each layer so a pipeline can check that every component's
//!   requirements are met before any text is read.
//!
//! # Design choice: columns, not token structs
//! A token is an index, and each attribute lives in its own `Vec`. Components write one
//! column without touching the others, the tagger and parser read contiguous arrays, and
//! a `Doc` with only tokens costs nothing for the layers it does not have yet.
//!
//! # Offsets
//! All offsets inside a `Doc` are **byte** offsets on `char` boundaries of [`Doc::text`].
//! Outputs meant for people and tools (JSON, API, exports) convert them to **character**
//! offsets with [`CharMap`].
//!
//! ```
//! use sitrep_doc::{Doc, DocMeta};
//! let mut doc = Doc::new(DocMeta::new("id1", "example.txt"), "Kerry met Lavrov.".into());
//! doc.tokens.push(0, 5);
//! assert_eq!(doc.token(0).text(), "Kerry");
//! ```
#![deny(missing_docs)]

pub mod calendar;
mod doc;
mod meta;
mod records;
mod tags;

pub use doc::{CharMap, Doc, Token, TokenCols};
pub use meta::{Caption, DateSource, DocMeta};
pub use records::{
    ActorRef, ByteSpan, Diag, DiagLevel, Ent, EntLabel, Event, Mention, Place, Quote, QuoteKind,
    TimeEx, TimexType, TokRange,
};
pub use tags::{DepRel, Layer, Upos, Xpos, DEPRELS, XPOS_TAGS};
