//! Name and place lists, stored as hashes of lower-cased token sequences.
//!
//! The lists come from the US Census 1990 name files (public domain) and GeoNames
//! extracts (CC BY 4.0, "GeoNames (geonames.org)"). Only 64-bit hashes travel in the
//! model file, never the names themselves; a hash collision costs one spurious feature.

use std::collections::HashMap;
use std::path::Path;

use sitrep_doc::EntLabel;

use crate::corpus::Sentence;
use crate::features::{lower_hash, mix};
use crate::model::HashMap64;
use crate::NerError;

/// Number of list types, each a bit of an entry's mask.
pub(crate) const GAZ_TYPES: usize = 17;
/// Given names.
const FIRST: u32 = 1 << 0;
/// Surnames, all ranks.
const LAST: u32 = 1 << 1;
/// The most common surnames (first 5,000 ranks).
const LAST_TOP: u32 = 1 << 2;
/// Cities with at least 15,000 people, and capitals.
const CITY: u32 = 1 << 3;
/// Countries, US states and continents.
const COUNTRY: u32 = 1 << 4;
/// Entity names seen in other annotated corpora, by label: PER, ORG, LOC, MISC.
const SEEN: [u32; 4] = [1 << 5, 1 << 6, 1 << 7, 1 << 8];
/// Single words that usually end a multi-word name of that label in those corpora
/// ("Inc.", "University", "River"), by label.
const ENDS: [u32; 4] = [1 << 9, 1 << 10, 1 << 11, 1 << 12];
/// Single words that usually start one ("Ministry", "University", "Lake").
const STARTS: [u32; 4] = [1 << 13, 1 << 14, 1 << 15, 1 << 16];
/// Multi-word names a word must end (or start) before it counts as such a word.
const MIN_EDGE_COUNT: u32 = 3;
/// Longest entry, in tokens.
const MAX_LEN: usize = 5;

/// Position codes written into a token's marks: 0 = not in an entry.
const B: u8 = 1;
const I: u8 = 2;
const L: u8 = 3;
const U: u8 = 4;

/// Token-sequence hashes with the list types that hold them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Gazetteer {
    entries: HashMap64<u32>,
}

/// Starts a sequence hash.
const SEQ_SEED: u64 = 0x6a7a;

impl Gazetteer {
    pub(crate) fn from_entries(entries: HashMap64<u32>) -> Gazetteer {
        Gazetteer { entries }
    }

    pub(crate) fn entries(&self) -> &HashMap64<u32> {
        &self.entries
    }

    /// Reads the lists under `dir` (the `name_gazetteers` folder of the shared data).
    pub(crate) fn load_dir(dir: &Path) -> Result<Gazetteer, NerError> {
        let mut g = Gazetteer::default();
        let census = dir.join("census1990_names");
        for (file, mask) in [
            ("dist.male.first", FIRST),
            ("dist.female.first", FIRST),
            ("dist.all.last", LAST),
        ] {
            let text = read(&census.join(file))?;
            for (rank, line) in text.lines().enumerate() {
                if let Some(name) = line.split_whitespace().next() {
                    let top = if mask == LAST && rank < 5000 {
                        LAST_TOP
                    } else {
                        0
                    };
                    g.add(name, mask | top);
                }
            }
        }
        let geo = dir.join("geonames");
        for (file, cols) in [
            ("cities15000.tsv", &[(1, CITY)][..]),
            ("countries.tsv", &[(1, COUNTRY), (5, CITY)][..]),
            ("us_states.tsv", &[(1, COUNTRY)][..]),
            ("continents.tsv", &[(1, COUNTRY)][..]),
        ] {
            let text = read(&geo.join(file))?;
            for line in text.lines().skip(1) {
                let fields: Vec<&str> = line.split('\t').collect();
                for &(col, mask) in cols {
                    if let Some(name) = fields.get(col).filter(|s| !s.is_empty()) {
                        g.add(name, mask);
                    }
                }
            }
        }
        Ok(g)
    }

    /// Adds one entry, split the way the tokenizer splits (spaces; hyphens on their own).
    fn add(&mut self, name: &str, mask: u32) {
        self.add_tokens(&split_entry(name), mask);
    }

    fn add_tokens<S: AsRef<str>>(&mut self, toks: &[S], mask: u32) {
        if toks.is_empty() || toks.len() > MAX_LEN {
            return;
        }
        let h = toks
            .iter()
            .fold(SEQ_SEED, |h, t| mix(h, lower_hash(t.as_ref())));
        *self.entries.entry(h).or_insert(0) |= mask;
    }

    /// Adds the names annotated in corpora (PER, ORG, LOC/GPE, MISC/NORP), skipping
    /// all-lower-case spans, which are mostly annotation noise, and marks the words that
    /// mostly end or start the multi-word names of one label.
    pub(crate) fn add_corpora(&mut self, sents: &[Sentence]) {
        // Per word: how many multi-word names of each label it ends, and starts.
        let mut edges: HashMap<u64, [[u32; 4]; 2]> = HashMap::new();
        for s in sents {
            for &(a, b, l) in &s.spans {
                let words = &s.words[a..b];
                if words.iter().all(|w| !w.chars().any(char::is_uppercase)) {
                    continue;
                }
                let k = match l {
                    EntLabel::Per => 0,
                    EntLabel::Org => 1,
                    EntLabel::Loc | EntLabel::Gpe => 2,
                    EntLabel::Misc | EntLabel::Norp => 3,
                };
                self.add_tokens(words, SEEN[k]);
                if let [first, .., last] = words {
                    edges.entry(lower_hash(last)).or_default()[0][k] += 1;
                    edges.entry(lower_hash(first)).or_default()[1][k] += 1;
                }
            }
        }
        for (w, counts) in edges {
            let mut mask = 0;
            for (side, bits) in counts.iter().zip([ENDS, STARTS]) {
                let total: u32 = side.iter().sum();
                for (&n, bit) in side.iter().zip(bits) {
                    if n >= MIN_EDGE_COUNT && 2 * n > total {
                        mask |= bit;
                    }
                }
            }
            if mask != 0 {
                *self.entries.entry(mix(SEQ_SEED, w)).or_insert(0) |= mask;
            }
        }
    }

    /// The list types of which the whole token sequence is an entry (0: none).
    pub(crate) fn entry(&self, lowers: &[u64]) -> u32 {
        if lowers.len() > MAX_LEN {
            return 0;
        }
        let h = lowers.iter().fold(SEQ_SEED, |h, &t| mix(h, t));
        self.entries.get(&h).copied().unwrap_or(0)
    }

    /// True when the whole token sequence is a place entry (city, country, state).
    pub(crate) fn is_place(&self, lowers: &[u64]) -> bool {
        self.entry(lowers) & (CITY | COUNTRY) != 0
    }

    /// For each token, its position code in the longest entry of each type covering it.
    pub(crate) fn mark(&self, lowers: &[u64]) -> Vec<[u8; GAZ_TYPES]> {
        let n = lowers.len();
        let mut marks = vec![[0u8; GAZ_TYPES]; n];
        if self.entries.is_empty() {
            return marks;
        }
        let mut hashes = [0u64; MAX_LEN];
        for start in 0..n {
            let max = MAX_LEN.min(n - start);
            let mut h = SEQ_SEED;
            for (k, slot) in hashes.iter_mut().enumerate().take(max) {
                h = mix(h, lowers[start + k]);
                *slot = h;
            }
            for len in (1..=max).rev() {
                let Some(&mask) = self.entries.get(&hashes[len - 1]) else {
                    continue;
                };
                for t in 0..GAZ_TYPES {
                    if mask & (1 << t) == 0 || marks[start..start + len].iter().any(|m| m[t] != 0) {
                        continue;
                    }
                    for (k, m) in marks[start..start + len].iter_mut().enumerate() {
                        m[t] = if len == 1 {
                            U
                        } else if k == 0 {
                            B
                        } else if k + 1 == len {
                            L
                        } else {
                            I
                        };
                    }
                }
            }
        }
        marks
    }
}

fn read(path: &Path) -> Result<String, NerError> {
    std::fs::read_to_string(path).map_err(|source| NerError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Splits a list entry into tokens: on spaces, with each hyphen a token of its own.
fn split_entry(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in name.split_whitespace() {
        let mut rest = word;
        while let Some(p) = rest.find('-') {
            if p > 0 {
                out.push(&rest[..p]);
            }
            out.push("-");
            rest = &rest[p + 1..];
        }
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_longest_entries() {
        let mut g = Gazetteer::default();
        g.add("New York", CITY);
        g.add("York", CITY);
        g.add("Winston-Salem", CITY);
        g.add("JOHN", FIRST);
        let words = [
            "John", "left", "New", "York", "for", "Winston", "-", "Salem",
        ];
        let lowers: Vec<u64> = words.iter().map(|w| lower_hash(w)).collect();
        let marks = g.mark(&lowers);
        let city: Vec<u8> = marks.iter().map(|m| m[3]).collect();
        let first: Vec<u8> = marks.iter().map(|m| m[0]).collect();
        assert_eq!(city, [0, 0, B, L, 0, B, I, L]);
        assert_eq!(first, [U, 0, 0, 0, 0, 0, 0, 0]);
        assert!(g.is_place(&lowers[2..4]));
        assert!(!g.is_place(&lowers[0..1]));
    }
}
