//! Events: who did what to whom, coded in CAMEO and PLOVER from the dependency parse.
//!
//! # Brief overview
//! - [`EventCoder`] is the [`Component`] assigning the `Events` layer. For each verb
//!   (and each event noun) it looks up the [`Lexicon`] by lemma, picks the most specific
//!   entry whose pattern words surround it in the parse ("accuse … of genocide" = 1124),
//!   finds the source (subject, or `by` agent in the passive, following control and
//!   coordination) and the target (object, or an oblique with a target preposition) among
//!   the `Actors` layer's mentions, and emits one [`sitrep_doc::Event`] per
//!   source × target with its CAMEO code, PLOVER type and mode, Goldstein value,
//!   QuadClass, date (a time expression of the sentence, else the publication date), place
//!   (a location its sentence names, else the dateline's, from the `Places` layer when a
//!   geocoder ran first) and the rule that fired.
//! - Intent and threat verbs take their meaning from their complement ("threatened to
//!   cut cooperation" = 1313); a speech verb whose clause holds a demand modal is a
//!   demand ("Kerry said Russia must stop" = 100); negated and hedged events are kept
//!   and flagged; sport sentences are discarded.
//! - [`Lexicon`] is sitrep's own verb and noun lexicon (`data/lexicon.tsv`, synonym sets
//!   in `data/synsets.tsv`). [`cameo`] holds the code tables.
//! - [`petrarch`] codes with PETRARCH-format dictionaries loaded at run time, by
//!   PETRARCH's own rules over a phrase tree made from the parse
//!   ([`EventCoder::with_petrarch`]); sitrep's coder then fills the sentences it left
//!   uncoded, unless the coder is PETRARCH-only (conformance tests).
//!
//! - Intent, appeal, demand, rejection and threat verbs compose with their infinitive
//!   complement by CAMEO's parallel code families ("urged them to release the
//!   prisoners" = 0253, "refused to lift sanctions" = 1244); cooperation announced for
//!   the future is an intent ("will visit" = 036), as PLOVER reads it.
//!
//! # Design choice: patterns select codes, the parse finds actors
//! PETRARCH patterns mark where source and target sit in the phrase tree. Here pattern
//! words only choose among a verb's codes; actors come from dependency relations, so one
//! rule handles active, passive, coordinated and controlled clauses alike. Where the
//! parse fails (a verb tagged as a noun, a subject attached elsewhere), word order inside
//! the verb's clause stands in: the first actor before the verb is the source and the
//! first one after it, not introduced by a place or time preposition, the target, which
//! is what PETRARCH reads off its phrase tree. Imported PETRARCH dictionaries keep their
//! positional semantics in [`petrarch`], where they were written for.
//!
//! ```
//! use sitrep_events::EventCoder;
//! let coder = EventCoder::builtin().unwrap();
//! assert!(coder.lexicon().has(sitrep_events::Kind::Verb, "accuse"));
//! ```
#![deny(missing_docs)]

use std::path::PathBuf;

use sitrep_doc::{Doc, Layer};
use sitrep_pipeline::{Component, ComponentMeta};

pub mod cameo;
mod coder;
mod lexicon;
pub mod petrarch;
mod petrarch_events;
mod place;

pub use lexicon::{Entry, Kind, Lexicon, Word};

/// Errors: unreadable or malformed lexicon files.
#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    /// A dictionary file could not be read.
    #[error("{path}: cannot read")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A built-in data file is malformed.
    #[error("{file}:{line}: {message}")]
    Format {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

impl EventsError {
    fn format(file: &str, line: usize, message: &str) -> EventsError {
        EventsError::Format {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

/// The component that assigns `doc.events`.
pub struct EventCoder {
    lexicon: Lexicon,
    /// The PETRARCH coder, and whether sitrep's own coder fills what it leaves.
    petrarch: Option<(petrarch::PetrarchCoder, bool)>,
}

const META: ComponentMeta = ComponentMeta {
    name: "events",
    requires: &[
        Layer::Tokens,
        Layer::Sents,
        Layer::Pos,
        Layer::Lemmas,
        Layer::Deps,
        Layer::Actors,
    ],
    assigns: &[Layer::Events],
};

impl EventCoder {
    /// The coder over sitrep's own lexicon.
    pub fn builtin() -> Result<EventCoder, EventsError> {
        Ok(EventCoder {
            lexicon: Lexicon::builtin()?,
            petrarch: None,
        })
    }

    /// A PETRARCH coder (`--verbs`); with `beside_builtin`, sitrep's own coder codes the
    /// sentences it leaves without events, otherwise nothing built in is used.
    pub fn with_petrarch(
        coder: petrarch::PetrarchCoder,
        beside_builtin: bool,
    ) -> Result<EventCoder, EventsError> {
        let lexicon = if beside_builtin {
            Lexicon::builtin()?
        } else {
            Lexicon::default()
        };
        Ok(EventCoder {
            lexicon,
            petrarch: Some((coder, beside_builtin)),
        })
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }
}

impl Component for EventCoder {
    fn meta(&self) -> &ComponentMeta {
        &META
    }

    fn process(&self, doc: &mut Doc) {
        let mut events = match &self.petrarch {
            None => coder::code_doc(&self.lexicon, doc),
            Some((p, beside)) => petrarch_events::code_doc(p, beside.then_some(&self.lexicon), doc),
        };
        for e in &mut events {
            e.place = place::event_place(doc, e);
        }
        doc.events = events;
    }
}
