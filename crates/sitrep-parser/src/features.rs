//! Feature templates after Zhang & Nivre (2011) for arc-eager (`s0` may already have its
//! head, whose word, tag and label are read), plus templates over coarse tags and lexicon tag
//! sets that survive tagging errors, hashed to 64-bit keys.

use sitrep_doc::Xpos;
pub use sitrep_nlp::clusters::class_key as word_hash;

use crate::model::{Classes, Lexicon};
use crate::system::{State, NONE};

/// Number of feature keys extracted per configuration.
pub const NFEAT: usize = 125;

const NULL_WORD: u64 = 0x6e75_6c6c;
const ROOT_WORD: u64 = 0x726f_6f74;
const NULL_TAG: u64 = 255;
const ROOT_TAG: u64 = 254;
const NULL_LABEL: u64 = 255;
/// The class of a word without one (too rare in the unlabelled text).
const NO_CLASS: u64 = 0xffff;

/// Per-sentence token attributes the features read, with the root appended.
#[derive(Clone, Debug, Default)]
pub struct Toks {
    words: Vec<u64>,
    suffixes: Vec<u64>,
    tags: Vec<u64>,
    /// Coarse tags (see [`coarse`]).
    coarse: Vec<u64>,
    /// Tag sets from the lexicon (0 for unknown words).
    amb: Vec<u64>,
    /// Fine and coarse word classes.
    fine: Vec<u64>,
    coarse_cls: Vec<u64>,
}

/// A coarse class of a PTB tag: nouns, verbs, adjectives, adverbs and so on each in one.
/// Predicted tags often confuse tags inside a class (NN/NNP, VBD/VBN, JJ/JJR), so
/// templates over classes still fire on the right weights when the fine tag is wrong.
fn coarse(t: Xpos) -> u64 {
    let s = t.as_str();
    match s {
        "PRP$" | "WP$" => 6,
        "PRP" | "WP" | "EX" => 5,
        "DT" | "PDT" | "WDT" => 7,
        "IN" | "RP" | "TO" => 8,
        _ if s.starts_with("NN") => 1,
        _ if s.starts_with("VB") => 2,
        _ if s.starts_with("JJ") => 3,
        _ if s.starts_with("RB") || s == "WRB" => 4,
        _ => 16 + u64::from(t.0),
    }
}

impl Toks {
    /// Clears and refills from word forms and PTB tags.
    pub fn fill<'a>(
        &mut self,
        forms: impl Iterator<Item = &'a str>,
        tags: &[Xpos],
        lexicon: &Lexicon,
        classes: &Classes,
    ) {
        self.words.clear();
        self.suffixes.clear();
        self.amb.clear();
        self.fine.clear();
        self.coarse_cls.clear();
        for f in forms {
            let w = word_hash(f);
            self.words.push(w);
            self.amb.push(lexicon.get(&w).copied().unwrap_or(0));
            let [fine, coarse] = classes.get(&w).map_or([NO_CLASS; 2], |c| c.map(u64::from));
            self.fine.push(fine);
            self.coarse_cls.push(coarse);
            let cut = f.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            self.suffixes.push(word_hash(&f[cut..]));
        }
        self.words.push(ROOT_WORD);
        self.suffixes.push(ROOT_WORD);
        self.amb.push(ROOT_WORD);
        self.fine.push(ROOT_WORD);
        self.coarse_cls.push(ROOT_WORD);
        self.tags.clear();
        self.tags.extend(tags.iter().map(|t| u64::from(t.0)));
        self.tags.push(ROOT_TAG);
        self.coarse.clear();
        self.coarse.extend(tags.iter().map(|&t| coarse(t)));
        self.coarse.push(ROOT_TAG);
    }
}

#[inline]
fn key(t: u64, a: u64, b: u64, c: u64) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = t.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h = (h.rotate_left(5) ^ a).wrapping_mul(K);
    h = (h.rotate_left(5) ^ b).wrapping_mul(K);
    h = (h.rotate_left(5) ^ c).wrapping_mul(K);
    // Final avalanche so the low bits index a hash table well.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h | 1
}

/// Writes the configuration's feature keys into `out`.
pub fn extract(st: &State, toks: &Toks, out: &mut [u64; NFEAT]) {
    let w = |i: u32| {
        if i == NONE {
            NULL_WORD
        } else {
            toks.words[i as usize]
        }
    };
    let p = |i: u32| {
        if i == NONE {
            NULL_TAG
        } else {
            toks.tags[i as usize]
        }
    };
    let c = |i: u32| {
        if i == NONE {
            NULL_TAG
        } else {
            toks.coarse[i as usize]
        }
    };
    let a = |i: u32| {
        if i == NONE {
            NULL_WORD
        } else {
            toks.amb[i as usize]
        }
    };
    let k = |i: u32| {
        if i == NONE {
            NULL_WORD
        } else {
            toks.fine[i as usize]
        }
    };
    let q = |i: u32| {
        if i == NONE {
            NULL_WORD
        } else {
            toks.coarse_cls[i as usize]
        }
    };
    let suf = |i: u32| {
        if i == NONE {
            NULL_WORD
        } else {
            toks.suffixes[i as usize]
        }
    };
    let lab = |i: u32| {
        if i == NONE || i >= st.n {
            NULL_LABEL
        } else {
            u64::from(st.labels[i as usize])
        }
    };
    let kid = |i: u32, side: usize, k: usize| {
        if i == NONE {
            NONE
        } else if side == 0 {
            st.lc[i as usize][k]
        } else {
            st.rc[i as usize][k]
        }
    };
    let val = |i: u32, side: usize| {
        if i == NONE {
            99
        } else {
            u64::from(st.nkids[i as usize][side])
        }
    };
    let lset = |i: u32, side: usize| {
        if i == NONE {
            u64::MAX
        } else {
            st.kid_labels[i as usize][side]
        }
    };
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (n0, n1, n2) = (st.buf(0), st.buf(1), st.buf(2));
    let (s0w, s0p, s1w, s1p, n0w, n0p) = (w(s0), p(s0), w(s1), p(s1), w(n0), p(n0));
    let (n1w, n1p, n2w, n2p, s2p) = (w(n1), p(n1), w(n2), p(n2), p(s2));
    let (s0l, s0l2, s0r, s0r2) = (kid(s0, 0, 0), kid(s0, 0, 1), kid(s0, 1, 0), kid(s0, 1, 1));
    let (n0l, n0l2) = (kid(n0, 0, 0), kid(n0, 0, 1));
    let (s1l, s1r) = (kid(s1, 0, 0), kid(s1, 1, 0));
    let dist = |a: u32, b: u32| {
        if a == NONE || b == NONE {
            0
        } else {
            match b.abs_diff(a) {
                x @ 0..=4 => u64::from(x),
                5..=9 => 5,
                _ => 6,
            }
        }
    };
    let d = dist(s0, n0);
    // s0's head and label, once a RIGHT move has attached it.
    let (h0, lab0) = match s0 {
        NONE => (NONE, NULL_LABEL),
        _ => match st.heads[s0 as usize] {
            NONE => (NONE, NULL_LABEL),
            h => (h, u64::from(st.labels[s0 as usize])),
        },
    };
    let f: [(u64, u64, u64); NFEAT] = [
        (0, 0, 0),
        (s0w, 0, 0),
        (s0p, 0, 0),
        (s0w, s0p, 0),
        (n0w, 0, 0),
        (n0p, 0, 0),
        (n0w, n0p, 0),
        (n1w, 0, 0),
        (n1p, 0, 0),
        (n1w, n1p, 0),
        (n2w, 0, 0),
        (n2p, 0, 0),
        (n2w, n2p, 0),
        (s1w, 0, 0),
        (s1p, 0, 0),
        (s1w, s1p, 0),
        (s2p, 0, 0),
        (s0w, s0p, n0w ^ (n0p << 56)),
        (s0w, s0p, n0w),
        (s0w, n0w, n0p),
        (s0w, s0p, n0p),
        (s0p, n0w, n0p),
        (s0w, n0w, 0),
        (s0p, n0p, 0),
        (n0p, n1p, 0),
        (n0p, n1p, n2p),
        (s0p, n0p, n1p),
        (s1p, s0p, n0p),
        (s0p, p(s0l), n0p),
        (s0p, p(s0r), n0p),
        (s0p, n0p, p(n0l)),
        (s0w, d, 0),
        (s0p, d, 0),
        (n0w, d, 0),
        (n0p, d, 0),
        (s0w, n0w, d),
        (s0p, n0p, d),
        (s0w, val(s0, 1), 0),
        (s0p, val(s0, 1), 0),
        (s0w, val(s0, 0), 0),
        (s0p, val(s0, 0), 0),
        (n0w, val(n0, 0), 0),
        (n0p, val(n0, 0), 0),
        (w(s0l), 0, 0),
        (p(s0l), 0, 0),
        (lab(s0l), 0, 0),
        (w(s0r), 0, 0),
        (p(s0r), 0, 0),
        (lab(s0r), 0, 0),
        (w(n0l), 0, 0),
        (p(n0l), 0, 0),
        (lab(n0l), 0, 0),
        (w(s0l2), 0, 0),
        (p(s0l2), 0, 0),
        (lab(s0l2), 0, 0),
        (w(s0r2), 0, 0),
        (p(s0r2), 0, 0),
        (lab(s0r2), 0, 0),
        (w(n0l2), 0, 0),
        (p(n0l2), 0, 0),
        (lab(n0l2), 0, 0),
        (s0p, p(s0l), p(s0l2)),
        (s0p, p(s0r), p(s0r2)),
        (n0p, p(n0l), p(n0l2)),
        (s0w, lset(s0, 1), 0),
        (s0p, lset(s0, 1), 0),
        (s0w, lset(s0, 0), 0),
        (s0p, lset(s0, 0), 0),
        (n0w, lset(n0, 0), 0),
        (n0p, lset(n0, 0), 0),
        (s1w, s1p, s0w ^ (s0p << 56)),
        (s1w, s0w, 0),
        (s1p, s0p, 0),
        (s2p, s1p, s0p),
        (s1p, p(s1r), s0p),
        (s1p, p(s1l), s0p),
        (s1w, s0p, 0),
        (s1p, s0w, 0),
        (s1p, lab(s1r), s0p),
        (s1w, s0w, n0w),
        (n0w, n1w, 0),
        (suf(n0), n0p, 0),
        (suf(s0), s0p, 0),
        (suf(n1), n1p, 0),
        (s1p, lset(s1, 1), 0),
        (s1p, lset(s1, 0), 0),
        (w(s2), p(s2), 0),
        (n0p, n1p, n2p ^ (p(st.buf(3)) << 8)),
        (s1p, s0p, dist(s1, s0)),
        (s1w, s0w, dist(s1, s0)),
        (s0w, n0p, n1p),
        (s1p, val(s1, 1), s0p),
        (c(s0), c(n0), 0),
        (c(s1), c(s0), 0),
        (c(s0), c(n0), c(n1)),
        (c(s1), c(s0), c(n0)),
        (s0w, c(n0), 0),
        (c(s0), n0w, 0),
        (c(s1), s0w, 0),
        (s1w, c(s0), 0),
        (c(n0), c(n1), c(n2)),
        (a(s0), 0, 0),
        (a(n0), 0, 0),
        (a(s0), a(n0), 0),
        (a(n0), n0p, 0),
        (a(s1), a(s0), 0),
        (a(n1), 0, 0),
        (k(s0), 0, 0),
        (k(n0), 0, 0),
        (k(n1), 0, 0),
        (k(s1), 0, 0),
        (k(s0), k(n0), 0),
        (k(s1), k(s0), 0),
        (k(s0), n0p, 0),
        (s0p, k(n0), 0),
        (k(s1), s0p, 0),
        (s1p, k(s0), 0),
        (q(s0), q(n0), q(n1)),
        (q(s1), q(s0), q(n0)),
        (k(n0), n0p, 0),
        (k(s0), k(n0), d),
        (w(h0), p(h0), 0),
        (p(h0), s0p, n0p),
        (lab0, s0p, n0p),
        (lab0, s0w, 0),
    ];
    for (t, (o, &(a, b, c))) in out.iter_mut().zip(f.iter()).enumerate() {
        *o = key(t as u64, a, b, c);
    }
}
