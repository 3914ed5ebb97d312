//! sitrep's NLP front half: tokenizer, sentence splitter, POS tagger and lemmatizer.
//!
//! # Brief overview
//! - [`Tokenizer`] is a [`Component`] assigning the `Tokens` and `Sents` layers: a
//!   rule-based tokenizer following UD English-EWT conventions ([`tokenize`]), then a
//!   sentence splitter over those tokens ([`split_sentences`]): rules plus a learned
//!   boundary classifier ([`Splitter`], model `models/splitter.bin`, embedded).
//! - [`Tagger`] is a [`Component`] assigning `Pos` (UPOS and PTB XPOS) and `Lemmas`: a
//!   greedy averaged perceptron plus a [`Lemmatizer`], loaded from `models/tagger.bin`,
//!   which is embedded in the binary ([`Tagger::load_default`]).
//! - [`conllu`] reads CoNLL-U treebanks; [`train_tagger`] trains a model from one.
//! - [`annotate_gold`] builds a `Doc` from gold tokens and sentences, for evaluations.
//!
//! # Design choice: sentences are split after tokenizing
//! The splitter looks at tokens, not characters, so a sentence boundary can never fall
//! inside a token, and abbreviation handling lives in one place: the tokenizer keeps
//! the period of "Gen." or "U.S." inside the token, and the splitter only breaks after
//! stand-alone sentence punctuation (or at blank lines and headline-like lines).
//!
//! ```
//! use sitrep_doc::{Doc, DocMeta};
//! use sitrep_pipeline::Component;
//! use sitrep_nlp::Tokenizer;
//! let mut doc = Doc::new(DocMeta::new("a", "t"), "Maj Gen. Smith left the U.S. Army. He won't return.".into());
//! Tokenizer.process(&mut doc);
//! assert_eq!(doc.sents.len(), 2);
//! assert_eq!(doc.token(1).text(), "Gen.");
//! ```
#![deny(missing_docs)]

use std::path::PathBuf;

use sitrep_doc::{Doc, DocMeta, Layer, TokRange};
use sitrep_pipeline::{Component, ComponentMeta};

pub mod clusters;
pub mod conllu;
mod hash;
mod lemma;
mod model;
mod sents;
mod tagger;
mod tokenize;

pub use lemma::Lemmatizer;
pub use sents::{
    split_by_rules, split_sentences, splitter_scores, train_splitter, SplitScores, Splitter,
    SplitterConfig,
};
pub use tagger::{
    accuracy as tagger_accuracy, train as train_tagger, EpochReport, Tagger, TrainConfig,
};
pub use tokenize::tokenize;

/// Asks the CPU to start loading the cache line holding `x`. Weight lookups hint a whole
/// batch of rows before reading any, so that their memory latencies overlap.
#[inline(always)]
pub fn prefetch<T>(x: &T) {
    // SAFETY: SSE is part of the x86_64 baseline, and a prefetch is only a hint: it
    // never faults and changes no memory.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Errors of this crate: unreadable or corrupt model and treebank files.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    /// A model file is corrupt or of another version.
    #[error("bad model: {0}")]
    Model(String),
    /// A file could not be read.
    #[error("{path}: cannot read")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A CoNLL-U file is malformed.
    #[error("{path}:{line}: {message}")]
    Conllu {
        /// The path.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl NlpError {
    pub(crate) fn model(msg: impl Into<String>) -> NlpError {
        NlpError::Model(msg.into())
    }
}

/// Reads and parses a CoNLL-U file.
pub fn read_conllu(path: &std::path::Path) -> Result<Vec<conllu::Sentence>, NlpError> {
    let src = std::fs::read_to_string(path).map_err(|source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    conllu::parse(&src).map_err(|(line, message)| NlpError::Conllu {
        path: path.to_path_buf(),
        line,
        message,
    })
}

/// Tokenizer and sentence splitter as one component (the splitter's small model is
/// embedded in the binary and loaded once, on first use).
#[derive(Clone, Copy, Debug, Default)]
pub struct Tokenizer;

const TOKENIZER_META: ComponentMeta = ComponentMeta {
    name: "tokenizer",
    requires: &[],
    assigns: &[Layer::Tokens, Layer::Sents],
};

impl Component for Tokenizer {
    fn meta(&self) -> &ComponentMeta {
        &TOKENIZER_META
    }

    fn process(&self, doc: &mut Doc) {
        let mut spans = Vec::with_capacity(doc.text().len() / 5);
        tokenize(doc.text(), &mut spans);
        let mut sents = Vec::new();
        split_sentences(doc.text(), &spans, &mut sents);
        doc.tokens.clear();
        for &(s, e) in &spans {
            doc.tokens.push(s as usize, e as usize);
        }
        doc.sents = sents;
    }
}

/// Builds a `Doc` from gold sentences of word forms: the text joins the forms, with a
/// space wherever `space_after` says so, and sentences are the gold ones. Evaluations
/// use it to score taggers and parsers on gold tokens.
pub fn annotate_gold(id: &str, sents: &[conllu::Sentence]) -> Doc {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut ranges = Vec::new();
    for s in sents {
        let first = spans.len();
        for w in &s.words {
            let start = text.len();
            text.push_str(&w.form);
            spans.push((start, text.len()));
            if w.space_after {
                text.push(' ');
            }
        }
        if !text.ends_with(' ') {
            text.push(' ');
        }
        ranges.push(TokRange::new(first, spans.len()));
    }
    let mut doc = Doc::new(DocMeta::new(id, "conllu"), text);
    for (s, e) in spans {
        doc.tokens.push(s, e);
    }
    doc.sents = ranges;
    doc
}
