//! Actors: who is named in an article, resolved to CAMEO-style codes.
//!
//! # Brief overview
//! - [`KnowledgeBase`] is the built-in actor knowledge base, written for sitrep as
//!   readable TSV files under `data/` and embedded in the binary: ~250 countries and
//!   territories (names, demonyms, capitals and seats of government), IGOs, NGOs and
//!   armed groups, generic agents with sectors, and people with date-bounded roles.
//! - [`ActorResolver`] is the [`Component`] assigning the `Actors` layer
//!   (`doc.mentions`). It finds dictionary phrases in each sentence, joins adjacent ones
//!   into chunks ("US Secretary of State John Kerry", "Russia's UN ambassador"), and
//!   resolves each chunk: a person by the role held on the article's date, else an
//!   organisation, else a country plus the sector of the head agent ("Syrian rebels" =
//!   `SYRREB`); a seat of government alone is the government ("the Kremlin" = `RUSGOV`).
//!   Personal pronouns and definite role nominals ("the minister") take the latest
//!   fitting person of the last few sentences.
//! - [`ActorResolver::with_petrarch`] adds PETRARCH-format actor and agent dictionaries
//!   at run time; [`ActorResolver::petrarch_only`] uses nothing else (conformance tests).
//!   Imported names match whole words, as in PETRARCH, and their dated codes follow
//!   PETRARCH's rules (bounds included, the first covering restriction wins).
//! - [`PetrActors`] codes a noun phrase the way PETRARCH does (first actor plus the
//!   agents around it, `~GOV` after and `NGO~` before); the PETRARCH event coder in
//!   `sitrep-events` uses it.
//!
//! # Design choice: dictionary matching on the text, not on tokens
//! Phrases are matched against the clean text at token starts, then snapped to token
//! ends. Matching does not depend on how the tokenizer split "al-Assad" or "U.S.", and
//! the knowledge base stays a list of plain names that analysts can read and extend.
//!
//! When the article has no date, a person gets the most recent role they held.
//!
//! ```
//! use sitrep_actors::ActorResolver;
//! let r = ActorResolver::builtin().unwrap();
//! assert!(r.kb().countries.iter().any(|c| c.iso3 == "RUS"));
//! ```
#![deny(missing_docs)]

use std::path::{Path, PathBuf};

use sitrep_doc::{Doc, Layer};
use sitrep_pipeline::{Component, ComponentMeta};

mod kb;
mod petr_dict;
mod petrarch;
mod resolve;

pub use kb::{Agent, Country, KnowledgeBase, Org, Person, PhraseMatch, Role, Target};
pub use petr_dict::PetrActors;
pub use petrarch::dictionary_lines;

/// Errors: unreadable or malformed dictionary files.
#[derive(Debug, thiserror::Error)]
pub enum ActorsError {
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

/// Codes that start with an international or non-state prefix rather than a country.
const NON_STATE_PREFIXES: &[&str] = &["IGO", "NGO", "IMG", "MNC", "NGM", "UIS", "---"];

/// Splits a CAMEO-style actor code into its country (ISO3) and first sector.
///
/// ```
/// assert_eq!(sitrep_actors::split_code("USAGOV"), (Some("USA".into()), Some("GOV".into())));
/// assert_eq!(sitrep_actors::split_code("---REB"), (None, Some("REB".into())));
/// assert_eq!(sitrep_actors::split_code("IGOUNO"), (None, Some("IGO".into())));
/// ```
pub fn split_code(code: &str) -> (Option<String>, Option<String>) {
    let head = code.get(..3).unwrap_or(code);
    let tail = code.get(3..6).filter(|s| !s.is_empty()).map(str::to_string);
    if head == "---" {
        return (None, tail);
    }
    if NON_STATE_PREFIXES.contains(&head) {
        return (None, Some(head.to_string()));
    }
    if head.len() == 3 && head.chars().all(|c| c.is_ascii_uppercase()) {
        return (Some(head.to_string()), tail);
    }
    (None, tail)
}

/// The component that assigns `doc.mentions`.
pub struct ActorResolver {
    kb: KnowledgeBase,
}

const META: ComponentMeta = ComponentMeta {
    name: "actors",
    requires: &[Layer::Tokens, Layer::Sents, Layer::Pos, Layer::Ents],
    assigns: &[Layer::Actors],
};

impl ActorResolver {
    /// The resolver over the built-in knowledge base.
    pub fn builtin() -> Result<ActorResolver, ActorsError> {
        Ok(ActorResolver {
            kb: KnowledgeBase::builtin()?,
        })
    }

    /// The built-in knowledge base plus PETRARCH-format actor and agent dictionaries;
    /// imported entries win over built-in ones of the same length.
    pub fn with_petrarch(
        actors: Option<&Path>,
        agents: Option<&Path>,
    ) -> Result<ActorResolver, ActorsError> {
        let mut kb = KnowledgeBase::builtin()?;
        import(&mut kb, actors, agents)?;
        Ok(ActorResolver { kb })
    }

    /// Only the given PETRARCH-format dictionaries, nothing built in.
    pub fn petrarch_only(
        actors: Option<&Path>,
        agents: Option<&Path>,
    ) -> Result<ActorResolver, ActorsError> {
        let mut kb = KnowledgeBase::default();
        import(&mut kb, actors, agents)?;
        Ok(ActorResolver { kb })
    }

    /// The knowledge base.
    pub fn kb(&self) -> &KnowledgeBase {
        &self.kb
    }
}

fn import(
    kb: &mut KnowledgeBase,
    actors: Option<&Path>,
    agents: Option<&Path>,
) -> Result<(), ActorsError> {
    if let Some(p) = actors {
        petrarch::load_actors(kb, p)?;
    }
    if let Some(p) = agents {
        petrarch::load_agents(kb, p)?;
    }
    Ok(())
}

impl Component for ActorResolver {
    fn meta(&self) -> &ComponentMeta {
        &META
    }

    fn process(&self, doc: &mut Doc) {
        doc.mentions = resolve::resolve(&self.kb, doc);
    }
}
