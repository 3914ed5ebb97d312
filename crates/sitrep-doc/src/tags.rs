//! Closed tag sets: UPOS, PTB XPOS, UD relations, and the layer names.

use serde::{Deserialize, Serialize};

/// Universal POS tags (UD v2).
#[allow(missing_docs)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[repr(u8)]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    /// All tags, in discriminant order.
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The CoNLL-U spelling, e.g. `"PROPN"`.
    pub fn as_str(self) -> &'static str {
        [
            "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
            "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
        ][self as usize]
    }

    /// Parses the CoNLL-U spelling; `None` for anything else.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }

    /// The tag with this discriminant; `X` when out of range.
    pub fn from_index(i: usize) -> Upos {
        Upos::ALL.get(i).copied().unwrap_or(Upos::X)
    }
}

/// Penn Treebank tags as used by UD English-EWT, in a fixed order.
pub const XPOS_TAGS: &[&str] = &[
    "_", "NN", "IN", "DT", "NNP", "PRP", "JJ", "RB", ".", "VB", "NNS", ",", "CC", "VBD", "VBP",
    "VBZ", "CD", "VBN", "VBG", "MD", "TO", "PRP$", "-RRB-", "-LRB-", "WDT", ":", "WRB", "``", "''",
    "WP", "RP", "UH", "POS", "HYPH", "NNPS", "JJR", "JJS", "EX", "NFP", "RBR", "ADD", "GW", "$",
    "SYM", "PDT", "LS", "FW", "RBS", "AFX", "WP$", "XX",
];

/// A PTB tag: an index into [`XPOS_TAGS`]. Index 0 (`"_"`) means unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Xpos(pub u8);

impl Xpos {
    /// The tag's spelling.
    pub fn as_str(self) -> &'static str {
        XPOS_TAGS.get(self.0 as usize).copied().unwrap_or("_")
    }

    /// Looks a spelling up; unknown tags map to index 0.
    pub fn parse(s: &str) -> Xpos {
        Xpos(XPOS_TAGS.iter().position(|t| *t == s).unwrap_or(0) as u8)
    }
}

/// UD English relations, subtypes included, in a fixed order.
pub const DEPRELS: &[&str] = &[
    "dep",
    "punct",
    "case",
    "nsubj",
    "det",
    "root",
    "advmod",
    "obj",
    "amod",
    "obl",
    "conj",
    "compound",
    "mark",
    "nmod",
    "cc",
    "aux",
    "cop",
    "advcl",
    "nmod:poss",
    "xcomp",
    "ccomp",
    "acl:relcl",
    "flat",
    "parataxis",
    "appos",
    "nummod",
    "acl",
    "aux:pass",
    "nsubj:pass",
    "obl:unmarked",
    "nmod:unmarked",
    "discourse",
    "compound:prt",
    "iobj",
    "list",
    "expl",
    "fixed",
    "nmod:desc",
    "obl:agent",
    "csubj",
    "nsubj:outer",
    "det:predet",
    "vocative",
    "goeswith",
    "advcl:relcl",
    "cc:preconj",
    "reparandum",
    "orphan",
    "csubj:pass",
    "dislocated",
    "csubj:outer",
    "obl:tmod",
    "obl:npmod",
    "nmod:tmod",
    "nmod:npmod",
    "flat:foreign",
    "det:poss",
    "compound:svc",
    "expl:pv",
];

/// A UD relation: an index into [`DEPRELS`]. Index 0 (`"dep"`) is the fallback.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DepRel(pub u8);

impl DepRel {
    /// The relation's spelling, subtype included.
    pub fn as_str(self) -> &'static str {
        DEPRELS.get(self.0 as usize).copied().unwrap_or("dep")
    }

    /// Looks a spelling up; unknown relations map to `dep`.
    pub fn parse(s: &str) -> DepRel {
        DepRel(DEPRELS.iter().position(|t| *t == s).unwrap_or(0) as u8)
    }

    /// The relation without its subtype, e.g. `nsubj` for `nsubj:pass`.
    pub fn base(self) -> &'static str {
        let s = self.as_str();
        s.split(':').next().unwrap_or(s)
    }
}

/// An annotation layer of a [`crate::Doc`]. Each layer has exactly one writer.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Layer {
    Tokens,
    Sents,
    Pos,
    Lemmas,
    Deps,
    Ents,
    Actors,
    Events,
    Quotes,
    Times,
    Places,
}
