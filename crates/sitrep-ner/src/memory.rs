//! What the tagger said earlier in the same document. A name tagged once is usually the
//! same kind of name when it comes back ("a deal with Questar ... Questar will own it"),
//! and an acronym often follows its spelled-out name ("Harvard Business School ( HBS )").

use crate::features::{key, letters_hash, mix, Key, SentFeats};
use crate::model::{decode_spans, label_of, HashMap64};

/// Per-document memory of the tags given so far.
#[derive(Default)]
pub(crate) struct Memory {
    /// Per lower-cased word: how often it was tagged PER, ORG, LOC so far.
    words: HashMap64<[u16; 3]>,
    /// Initials of multi-word names, with the name's label index.
    acronyms: HashMap64<u8>,
}

/// Memory features of each token of one sentence, flat, with per-token offsets.
#[derive(Default)]
pub(crate) struct MemoryFeats {
    keys: Vec<Key>,
    offsets: Vec<usize>,
}

impl MemoryFeats {
    /// Keys of token `i`.
    pub(crate) fn of(&self, i: usize) -> &[Key] {
        &self.keys[self.offsets[i]..self.offsets[i + 1]]
    }
}

impl Memory {
    /// The memory features of a sentence about to be tagged.
    pub(crate) fn feats(&self, s: &SentFeats, out: &mut MemoryFeats) {
        out.keys.clear();
        out.offsets.clear();
        out.offsets.push(0);
        for i in 0..s.len() {
            if let Some(c) = self.words.get(&s.lowers[i]) {
                let total: u16 = c.iter().sum();
                let best = (0..3).fold(0, |b, t| if c[t] > c[b] { t } else { b });
                let view = mix(best as u64, u64::from(c[best] == total));
                out.keys.push(key(130, view));
                out.keys.push(key(131, mix(view, s.caps[i])));
            }
            if s.acronyms[i] != 0 {
                if let Some(&l) = self.acronyms.get(&s.acronyms[i]) {
                    out.keys.push(key(132, u64::from(l)));
                }
            }
            out.offsets.push(out.keys.len());
        }
    }

    /// Records the tags given to a sentence.
    pub(crate) fn learn(&mut self, s: &SentFeats, tags: &[u8]) {
        for (i, &t) in tags.iter().enumerate() {
            if let Some(l) = label_of(t) {
                let c = self.words.entry(s.lowers[i]).or_default();
                c[l] = c[l].saturating_add(1);
            }
        }
        for (a, b, l) in decode_spans(tags) {
            let initials: Vec<u8> = s.initials[a..b]
                .iter()
                .copied()
                .filter(|&c| c != 0)
                .collect();
            if initials.len() >= 2 {
                self.acronyms.insert(letters_hash(&initials), l as u8);
            }
        }
    }
}
