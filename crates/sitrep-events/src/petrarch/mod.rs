//! PETRARCH-format dictionaries coded with PETRARCH's own rules.
//!
//! When a PETRARCH verb dictionary is loaded (`--verbs`), sentences are coded the way
//! PETRARCH codes them, over a phrase-structure tree: sitrep's dependency parse turned
//! into Penn Treebank-style brackets ([`Tree::from_deps`]), or a bracketed parse given
//! with the text ([`Tree::parse_ptb`], as the PETRARCH unit tests carry). The steps
//! are PETRARCH's: noun phrases become flat `NE` phrases coded by the actor and agent
//! dictionaries (`sitrep_actors::PetrActors`), compounds are expanded, short comma
//! clauses are deleted, and each verb phrase is matched against its verb block's
//! patterns ([`VerbDict`]). Discard phrases skip a sentence, or with `+` the whole
//! story.
//!
//! PETRARCH marks who acts on whom by position in the phrase, not by grammatical
//! function, so these semantics live here apart from sitrep's own dependency coder.

mod code;
mod from_deps;
mod plist;
mod tree;
mod verbs;

use std::path::Path;

use chrono::NaiveDate;
use sitrep_actors::PetrActors;

pub use plist::{CommaLimits, Skipped};
pub use tree::{Tree, TreeError};
pub use verbs::VerbDict;

use crate::EventsError;

/// PETRARCH's coding options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PetrOptions {
    /// Drop events whose source or target is uncoded (`---`); PETRARCH's default.
    pub require_dyad: bool,
    /// When above 0, an uncoded noun phrase of at most this many words is written in
    /// quotes as a new actor (`"THE MINISTRY OF FISHERIES"`).
    pub new_actor_length: usize,
    /// Comma-clause deletion.
    pub commas: CommaLimits,
}

impl Default for PetrOptions {
    fn default() -> PetrOptions {
        PetrOptions {
            require_dyad: true,
            new_actor_length: 0,
            commas: CommaLimits::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Discard {
    /// Uppercased, with a leading space so it starts at a word.
    text: String,
    /// `_` at the end: the phrase must end a word.
    whole: bool,
}

/// PETRARCH discard phrases: a sentence holding one is not coded; one marked `+`
/// skips the whole story. Matching ignores case, starts at a word and, unless the
/// phrase ends in `_`, may end inside one (`TYPHOON` matches "typhoons").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Discards {
    sentence: Vec<Discard>,
    story: Vec<Discard>,
}

impl Discards {
    /// Reads a discard file.
    pub fn load(path: &Path) -> Result<Discards, EventsError> {
        let bytes = std::fs::read(path).map_err(|source| EventsError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut d = Discards::default();
        d.add_text(&String::from_utf8_lossy(&bytes));
        Ok(d)
    }

    /// Adds discard lines.
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            let l = line.split('#').next().unwrap_or("").trim();
            if l.is_empty() || l.starts_with("<!") {
                continue;
            }
            let (story, l) = match l.strip_prefix('+') {
                Some(rest) => (true, rest.trim()),
                None => (false, l),
            };
            let whole = l.ends_with('_');
            let d = Discard {
                text: format!(" {}", l.trim_end_matches('_').to_uppercase()),
                whole,
            };
            if story {
                self.story.push(d);
            } else {
                self.sentence.push(d);
            }
        }
    }

    fn hit(list: &[Discard], text: &str) -> bool {
        let t = format!(" {} ", text.to_uppercase());
        list.iter().any(|d| {
            t.match_indices(&d.text).any(|(i, m)| {
                !d.whole
                    || t[i + m.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| matches!(c, ' ' | '.' | '!' | '?'))
            })
        })
    }

    /// Whether the text holds a story discard phrase.
    pub fn story(&self, text: &str) -> bool {
        Discards::hit(&self.story, text)
    }

    /// Whether the text holds a sentence discard phrase.
    pub fn sentence(&self, text: &str) -> bool {
        Discards::hit(&self.sentence, text)
    }
}

/// One actor of a PETRARCH event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PetrActor {
    /// Its code; `---` when uncoded.
    pub code: String,
    /// The noun phrase's leaf or token range `[start, end)`, when known.
    pub tokens: Option<(usize, usize)>,
}

/// One event PETRARCH's rules coded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PetrEvent {
    /// Who acted.
    pub source: PetrActor,
    /// Whom it was done to.
    pub target: PetrActor,
    /// The event code as the dictionary gives it.
    pub code: String,
    /// The verb's leaf or token.
    pub verb_token: Option<usize>,
    /// The pattern or verb entry that fired.
    pub rule: String,
}

/// A PETRARCH coder: verb, actor and agent dictionaries, discards and options.
pub struct PetrarchCoder {
    verbs: VerbDict,
    actors: PetrActors,
    discards: Discards,
    options: PetrOptions,
}

impl PetrarchCoder {
    /// A coder over these dictionaries, without discards, with PETRARCH's defaults.
    pub fn new(verbs: VerbDict, actors: PetrActors) -> PetrarchCoder {
        PetrarchCoder {
            verbs,
            actors,
            discards: Discards::default(),
            options: PetrOptions::default(),
        }
    }

    /// Uses these discard phrases.
    pub fn with_discards(mut self, discards: Discards) -> PetrarchCoder {
        self.discards = discards;
        self
    }

    /// Uses these options.
    pub fn with_options(mut self, options: PetrOptions) -> PetrarchCoder {
        self.options = options;
        self
    }

    /// The discard phrases.
    pub fn discards(&self) -> &Discards {
        &self.discards
    }

    /// Codes one sentence: its tree, its text (for discards) and its date (for actors'
    /// dated codes). Story discards are the caller's to check over the whole story.
    pub fn code_tree(
        &self,
        tree: &Tree,
        text: &str,
        date: Option<NaiveDate>,
    ) -> Result<Vec<PetrEvent>, Skipped> {
        self.code_tree_with(tree, text, date, &self.options)
    }

    /// [`PetrarchCoder::code_tree`] under other options (the unit tests change them
    /// between records).
    pub fn code_tree_with(
        &self,
        tree: &Tree,
        text: &str,
        date: Option<NaiveDate>,
        options: &PetrOptions,
    ) -> Result<Vec<PetrEvent>, Skipped> {
        if self.discards.sentence(text) {
            return Err(Skipped::SentenceDiscard);
        }
        let mut items = plist::build(tree)?;
        plist::delete_comma_clauses(&mut items, &options.commas)?;
        plist::assign_codes(&mut items, &self.actors, date);
        let coder = code::Coder {
            dict: &self.verbs,
            items: &items,
            require_dyad: options.require_dyad,
            new_actor_length: options.new_actor_length,
        };
        let side = |s: &code::Side| PetrActor {
            code: s.code.clone(),
            tokens: s.ne.and_then(|ne| ne_tokens(&items, ne)),
        };
        Ok(coder
            .code()
            .iter()
            .map(|c| PetrEvent {
                source: side(&c.source),
                target: side(&c.target),
                code: c.code.clone(),
                verb_token: match &items[c.verb] {
                    plist::P::Word(_, t) => *t,
                    _ => None,
                },
                rule: c.rule.clone(),
            })
            .collect())
    }
}

/// The token range of the `NE` opened at `ne`.
fn ne_tokens(items: &[plist::P], ne: usize) -> Option<(usize, usize)> {
    let toks: Vec<usize> = items[ne + 1..]
        .iter()
        .take_while(|p| !matches!(p, plist::P::Close(l) if l == "NE"))
        .filter_map(|p| match p {
            plist::P::Word(_, t) => *t,
            _ => None,
        })
        .collect();
    Some((*toks.iter().min()?, *toks.iter().max()? + 1))
}
