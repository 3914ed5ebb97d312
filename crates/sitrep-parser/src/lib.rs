//! Transition-based UD dependency parser for English.
//!
//! # Brief overview
//! - [`Parser`] holds a trained model and fills the `heads` and `deps` columns of a
//!   [`Doc`] sentence by sentence ([`Parser::parse_sentence`]); as a
//!   [`sitrep_pipeline::Component`] named `parser` it needs `Tokens`, `Sents` and `Pos`
//!   and assigns `Deps`. A root's head is itself, as everywhere in `sitrep-doc`.
//! - [`Parser::load_default`] reads the model embedded in the binary (`models/parser.bin`,
//!   trained on UD English-EWT, CC BY-SA 4.0); [`train()`] produces such a model from
//!   CoNLL-U files read with [`read_conllu`].
//!
//! # Design choice: greedy arc-eager with an averaged perceptron
//! One left-to-right pass (2n moves) with sparse hashed Zhang & Nivre features is an
//! order of magnitude faster than beam search or a neural scorer, and training with a
//! dynamic oracle (the parser learns to recover from its own mistakes) recovers much of
//! the accuracy that greedy decoding gives up. The artificial root sits at the end of the
//! buffer, so root attachment is decided after the whole sentence has been read.
//! Arc-eager attaches a right dependent as soon as it is read (arc-hybrid waits until the
//! dependent's own dependents are done), so the templates see it earlier: on the same
//! training trees and seed it parses EWT dev 1.2 points UAS better than arc-hybrid did.
//!
//! At run time the tags come from sitrep's tagger, not from a treebank, so training uses
//! jackknifed tags (`sitrep train parser --jackknife`), and some templates read what a
//! wrong tag leaves intact: coarse tag classes (NN and NNP alike), each word's set of
//! training tags, from a small lexicon stored in the model, and word classes learned from
//! unlabelled text (`sitrep_nlp::clusters`, also stored in the model), which place a
//! rare word with frequent ones of the same behaviour.
//!
//! ```
//! use sitrep_doc::Xpos;
//! let parser = sitrep_parser::Parser::load_default().unwrap();
//! let tags: Vec<Xpos> = ["NNP", "VBD", "NNP", "."].iter().map(|t| Xpos::parse(t)).collect();
//! let arcs = parser.parse_words(&["Kerry", "met", "Lavrov", "."], &tags);
//! assert_eq!(arcs[0], (Some(1), sitrep_doc::DepRel::parse("nsubj")));
//! ```
#![deny(missing_docs)]

mod conllu;
mod features;
mod model;
mod system;
mod train;

use sitrep_doc::{DepRel, Doc, Layer, TokRange, Xpos};
use sitrep_pipeline::{Component, ComponentMeta};

pub use conllu::{gold_trees, read_conllu, write_conllu, GoldSentence};
pub use model::FORMAT_VERSION;
pub use train::{evaluate, train, Attachment, EpochReport, NonProjective, TrainConfig};

use features::{extract, Toks, NFEAT};
use model::{Model, SCORE_LANES};
use system::{State, NONE};

/// The model shipped with sitrep.
static DEFAULT_MODEL: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/parser.bin"
));

/// Why a model or training file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ParserError {
    /// The bytes are not a parser model.
    #[error("not a sitrep parser model (bad magic)")]
    BadMagic,
    /// A model written in a format this build does not read.
    #[error("parser model format version {0} is not supported (expected {FORMAT_VERSION})")]
    Version(u32),
    /// The model ends early.
    #[error("parser model is truncated")]
    Truncated,
    /// The model's contents are inconsistent.
    #[error("corrupt parser model: {0}")]
    Model(String),
    /// A CoNLL-U line could not be read.
    #[error("CoNLL-U line {line}: {what}")]
    Conllu {
        /// 1-based line number (0 when the problem spans a sentence).
        line: usize,
        /// What is wrong.
        what: String,
    },
    /// Training was given no sentences.
    #[error("no training sentences")]
    NoData,
}

/// Reusable buffers for parsing one sentence after another.
struct Scratch {
    state: State,
    toks: Toks,
    feats: [u64; NFEAT],
    scores: Vec<i32>,
}

impl Scratch {
    fn new(moves: usize) -> Scratch {
        debug_assert!(moves < SCORE_LANES);
        Scratch {
            state: State::default(),
            toks: Toks::default(),
            feats: [0; NFEAT],
            scores: vec![0; SCORE_LANES],
        }
    }
}

/// A trained dependency parser. Parsing takes `&self`, so one parser serves all threads.
#[derive(Clone, Debug)]
pub struct Parser {
    model: Model,
}

const META: ComponentMeta = ComponentMeta {
    name: "parser",
    requires: &[Layer::Tokens, Layer::Sents, Layer::Pos],
    assigns: &[Layer::Deps],
};

impl Parser {
    /// The model embedded in the binary.
    pub fn load_default() -> Result<Parser, ParserError> {
        Parser::from_bytes(DEFAULT_MODEL)
    }

    /// Reads a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, ParserError> {
        Ok(Parser {
            model: Model::from_bytes(bytes)?,
        })
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.model.to_bytes()
    }

    /// The same parser without weights smaller than `min` in magnitude (out of 32767 for
    /// the largest), for a smaller model file.
    pub fn pruned(&self, min: i16) -> Result<Parser, ParserError> {
        Ok(Parser {
            model: self.model.pruned(min)?,
        })
    }

    /// Number of feature rows and of stored weights.
    pub fn size(&self) -> (usize, usize) {
        (self.model.rows(), self.model.weights())
    }

    /// Runs the transition system to the end over `sc.toks` (already filled for `n` words).
    fn run(&self, sc: &mut Scratch, n: usize) {
        let moves = self.model.moves();
        sc.state.reset(n);
        sc.scores.resize(SCORE_LANES, 0);
        while !sc.state.is_final() {
            if let Some(m) = sc.state.forced(moves) {
                sc.state.apply(moves, m);
                continue;
            }
            extract(&sc.state, &sc.toks, &mut sc.feats);
            sc.scores.fill(0);
            self.model.score(&sc.feats, &mut sc.scores);
            match sc.state.best_valid(moves, &sc.scores) {
                Some(m) => sc.state.apply(moves, m),
                None => break,
            }
        }
    }

    /// Parses words with their PTB tags; returns each word's head (`None` for a root)
    /// and relation. Tags beyond the words are ignored; missing ones count as unknown.
    pub fn parse_words(&self, forms: &[&str], tags: &[Xpos]) -> Vec<(Option<u32>, DepRel)> {
        let mut sc = Scratch::new(self.model.moves().len());
        let mut padded = tags.to_vec();
        padded.resize(forms.len(), Xpos::default());
        sc.toks.fill(
            forms.iter().copied(),
            &padded,
            self.model.lexicon(),
            self.model.classes(),
        );
        self.run(&mut sc, forms.len());
        (0..forms.len())
            .map(|k| {
                let h = sc.state.heads[k];
                let head = (h != NONE && h < sc.state.n).then_some(h);
                (head, self.model.rel(sc.state.labels[k]))
            })
            .collect()
    }

    /// Parses one sentence of a tagged doc, writing its heads and relations. A range
    /// outside the doc is left alone.
    pub fn parse_sentence(&self, doc: &mut Doc, sent: TokRange) {
        let mut sc = Scratch::new(self.model.moves().len());
        self.parse_with(&mut sc, doc, sent);
    }

    fn parse_with(&self, sc: &mut Scratch, doc: &mut Doc, sent: TokRange) {
        let (s, e) = (sent.start as usize, sent.end as usize);
        if s >= e || e > doc.len() {
            return;
        }
        let text = doc.text();
        let (starts, ends) = (doc.tokens.starts(), doc.tokens.ends());
        let forms = (s..e).map(|i| text.get(starts[i] as usize..ends[i] as usize).unwrap_or(""));
        sc.toks.fill(
            forms,
            &doc.tokens.xpos()[s..e],
            self.model.lexicon(),
            self.model.classes(),
        );
        self.run(sc, e - s);
        let n = sc.state.n;
        for k in 0..e - s {
            let h = sc.state.heads[k];
            let head = if h == NONE || h >= n { k } else { h as usize };
            doc.tokens.heads_mut()[s + k] = (s + head) as u32;
            doc.tokens.deps_mut()[s + k] = self.model.rel(sc.state.labels[k]);
        }
    }
}

impl Component for Parser {
    fn meta(&self) -> &ComponentMeta {
        &META
    }

    fn process(&self, doc: &mut Doc) {
        let mut sc = Scratch::new(self.model.moves().len());
        for k in 0..doc.sents.len() {
            let sent = doc.sents[k];
            self.parse_with(&mut sc, doc, sent);
        }
    }
}
