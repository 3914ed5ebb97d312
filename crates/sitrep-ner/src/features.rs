//! Hashed feature extraction, shared by training and tagging so both see the same keys.

use crate::clusters::Clusters;
use crate::gazetteer::{Gazetteer, GAZ_TYPES};

/// Feature keys are 32-bit hashes: the model stores no feature strings.
pub(crate) type Key = u32;

/// FNV-1a over bytes, the base of every string hash.
fn fnv(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Mixes two hashes (splitmix64 finaliser over a combination).
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let mut z = a
        .rotate_left(23)
        .wrapping_add(b)
        .wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

pub(crate) fn key(template: u64, h: u64) -> Key {
    let m = mix(template, h);
    (m ^ (m >> 32)) as u32
}

/// Lower-cased form of a word (ASCII fast path).
pub(crate) fn lower(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        word.to_lowercase()
    }
}

/// Hash of a lower-cased word; also the unit of gazetteer sequence hashes.
pub(crate) fn lower_hash(word: &str) -> u64 {
    fnv(lower(word).as_bytes(), 0)
}

/// Word shape with runs collapsed: "McCain" -> "XxXx", "U.S." -> "X.X.", "24M" -> "dX".
fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for c in word.chars().take(12) {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
        }
    }
    out
}

/// Coarse capitalisation class: 0 lower, 1 Title, 2 ALLCAPS, 3 mixed/other, 4 no letters.
fn cap_class(word: &str) -> u64 {
    let mut chars = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = chars.next() else {
        return 4;
    };
    let rest: Vec<char> = chars.collect();
    let rest_lower = rest.iter().all(|c| c.is_lowercase());
    let rest_upper = rest.iter().all(|c| c.is_uppercase());
    match (first.is_uppercase(), rest_lower, rest_upper) {
        (false, true, _) => 0,
        (true, true, _) => 1,
        (true, false, true) => 2,
        _ => 3,
    }
}

/// Per-token hashes computed once per sentence.
struct Tok {
    lower: u64,
    shape: u64,
    cap: u64,
    prefix: [u64; 3],
    suffix: [u64; 4],
    len: u64,
}

impl Tok {
    fn new(word: &str) -> Tok {
        let low = lower(word);
        let chars: Vec<(usize, char)> = low.char_indices().collect();
        let n = chars.len();
        let cut = |k: usize| -> usize { chars.get(k).map_or(low.len(), |&(i, _)| i) };
        let mut prefix = [0u64; 3];
        for (k, p) in prefix.iter_mut().enumerate() {
            *p = fnv(&low.as_bytes()[..cut(k + 1)], 1 + k as u64);
        }
        let mut suffix = [0u64; 4];
        for (k, s) in suffix.iter_mut().enumerate() {
            *s = fnv(
                &low.as_bytes()[cut(n.saturating_sub(k + 1))..],
                11 + k as u64,
            );
        }
        Tok {
            lower: fnv(low.as_bytes(), 0),
            shape: fnv(shape(word).as_bytes(), 9),
            cap: cap_class(word),
            prefix,
            suffix,
            len: n.min(8) as u64,
        }
    }
}

/// Hashes standing for the sentence edges.
const BOS: u64 = 0x5151;
const EOS: u64 = 0x7373;

/// Static features of every token of a sentence, flat, with per-token offsets.
pub(crate) struct SentFeats {
    pub(crate) keys: Vec<Key>,
    offsets: Vec<usize>,
    pub(crate) lowers: Vec<u64>,
    shapes: Vec<u64>,
    /// Capitalisation classes ([`cap_class`]).
    pub(crate) caps: Vec<u64>,
    /// Hash of the letters of an all-capitals word of two to six letters ("HBS", "U.N."), else 0.
    pub(crate) acronyms: Vec<u64>,
    /// The capital a word starts with, else 0.
    pub(crate) initials: Vec<u8>,
}

/// The feature of the previous tag with a word (lower-cased hash).
pub(crate) fn word_transition_key(prev: u8, lower: u64) -> Key {
    key(102, mix(u64::from(prev), lower))
}

/// Hash of a string of capital letters, shared by acronyms and the initials of names.
pub(crate) fn letters_hash(letters: &[u8]) -> u64 {
    fnv(letters, 17)
}

fn acronym(word: &str) -> u64 {
    let letters: Vec<u8> = word.bytes().filter(|b| *b != b'.').collect();
    if (2..=6).contains(&letters.len()) && letters.iter().all(u8::is_ascii_uppercase) {
        letters_hash(&letters)
    } else {
        0
    }
}

impl SentFeats {
    /// Keys of token `i`.
    pub(crate) fn of(&self, i: usize) -> &[Key] {
        &self.keys[self.offsets[i]..self.offsets[i + 1]]
    }

    /// Number of tokens.
    pub(crate) fn len(&self) -> usize {
        self.lowers.len()
    }

    /// Transition features of token `i`: the previous tag with its word and its shape.
    pub(crate) fn transition(&self, i: usize, prev: u8) -> [Key; 2] {
        [
            word_transition_key(prev, self.lowers[i]),
            key(103, mix(u64::from(prev), self.shapes[i])),
        ]
    }
}

/// A run of capitalised words that may form one name ("University of Houston", "Niagara
/// Mohawk Holdings Inc"): features of its edges reach past the two-word window.
#[derive(Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    /// List types of which the whole run is an entry.
    whole: u32,
}

/// Longest run of capitalised words a name may span.
const MAX_RUN: usize = 8;

/// Lower-case words that may join capitalised words inside one name.
fn joins_names(word: &str) -> bool {
    matches!(
        word,
        "of" | "and"
            | "&"
            | "the"
            | "for"
            | "on"
            | "de"
            | "du"
            | "la"
            | "del"
            | "von"
            | "van"
            | "der"
            | "-"
    )
}

/// The run of capitalised words (with joining words between them) around each token.
fn name_runs<S: AsRef<str>>(words: &[S], toks: &[Tok], gaz: &Gazetteer) -> Vec<Option<Run>> {
    let n = toks.len();
    let capital = |i: usize| {
        matches!(toks[i].cap, 1..=3) && words[i].as_ref().starts_with(char::is_uppercase)
    };
    let mut out = vec![None; n];
    let mut i = 0;
    while i < n {
        if !capital(i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < n && end - start < MAX_RUN {
            if capital(end) {
                end += 1;
            } else if end + 1 < n && joins_names(words[end].as_ref()) && capital(end + 1) {
                end += 2;
            } else {
                break;
            }
        }
        let end = end.min(start + MAX_RUN);
        let lowers: Vec<u64> = toks[start..end].iter().map(|t| t.lower).collect();
        let run = Run {
            start,
            end,
            whole: gaz.entry(&lowers),
        };
        for slot in &mut out[start..end] {
            *slot = Some(run);
        }
        i = end;
    }
    out
}

/// Computes the static features of a sentence.
pub(crate) fn extract<S: AsRef<str>>(
    words: &[S],
    pos: Option<&[u8]>,
    gaz: &Gazetteer,
    clusters: &Clusters,
) -> SentFeats {
    let toks: Vec<Tok> = words.iter().map(|w| Tok::new(w.as_ref())).collect();
    let n = toks.len();
    let marks = gaz.mark(&toks.iter().map(|t| t.lower).collect::<Vec<_>>());
    let alpha: Vec<u64> = toks.iter().map(|t| t.cap).filter(|&c| c < 4).collect();
    // Headlines and all-caps lines capitalise every word, so capitals mean less there.
    let titled = alpha.iter().filter(|&&c| c == 1 || c == 2).count();
    let case_mode: u64 = if alpha.len() >= 4 && titled * 10 >= alpha.len() * 7 {
        1
    } else {
        0
    };
    let lo = |i: isize| -> u64 {
        if i < 0 {
            BOS
        } else {
            toks.get(i as usize).map_or(EOS, |t| t.lower)
        }
    };
    let sh = |i: isize| -> u64 {
        if i < 0 {
            BOS
        } else {
            toks.get(i as usize).map_or(EOS, |t| t.shape)
        }
    };
    // Unknown words get a class of their own; the edges get two more.
    let classes: Vec<u64> = toks
        .iter()
        .map(|t| clusters.get(t.lower).map_or(0xffff, u64::from))
        .collect();
    let cl = |i: isize| -> u64 {
        if i < 0 {
            BOS
        } else {
            classes.get(i as usize).copied().unwrap_or(EOS)
        }
    };
    let gz = |i: isize, t: usize| -> u64 {
        if i < 0 || i as usize >= n {
            0
        } else {
            u64::from(marks[i as usize][t])
        }
    };
    let runs = name_runs(words, &toks, gaz);
    let mut keys = Vec::with_capacity(n * 48);
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0);
    for (i, t) in toks.iter().enumerate() {
        let ii = i as isize;
        keys.push(key(0, 0));
        keys.push(key(1, t.lower));
        keys.push(key(3, lo(ii - 1)));
        keys.push(key(4, lo(ii + 1)));
        keys.push(key(5, lo(ii - 2)));
        keys.push(key(6, lo(ii + 2)));
        keys.push(key(7, t.shape));
        keys.push(key(8, sh(ii - 1)));
        keys.push(key(9, sh(ii + 1)));
        keys.push(key(10, mix(sh(ii - 1), t.shape)));
        keys.push(key(11, mix(t.shape, sh(ii + 1))));
        for (k, &p) in t.prefix.iter().enumerate() {
            keys.push(key(12 + k as u64, p));
        }
        for (k, &s) in t.suffix.iter().enumerate() {
            keys.push(key(15 + k as u64, s));
        }
        keys.push(key(19, mix(lo(ii - 1), t.lower)));
        keys.push(key(20, mix(t.lower, lo(ii + 1))));
        keys.push(key(21, mix(u64::from(i == 0), t.shape)));
        keys.push(key(22, mix(case_mode, t.cap)));
        keys.push(key(24, mix(t.len, t.cap)));
        let cap_habit = clusters.cap(t.lower).map_or(9, u64::from);
        keys.push(key(76, mix(cap_habit, t.cap)));
        keys.push(key(86, mix(t.lower, t.cap)));
        let prev_cap = if i > 0 { toks[i - 1].cap } else { 7 };
        let next_cap = toks.get(i + 1).map_or(8, |x| x.cap);
        keys.push(key(82, mix(mix(prev_cap, t.cap), next_cap)));
        keys.push(key(
            80,
            toks.get(i.wrapping_sub(1)).map_or(BOS, |x| x.suffix[2]),
        ));
        keys.push(key(81, toks.get(i + 1).map_or(EOS, |x| x.suffix[2])));
        keys.push(key(85, mix(lo(ii - 1), lo(ii + 1))));
        keys.push(key(83, cl(ii - 2)));
        keys.push(key(84, cl(ii + 2)));
        if let Some(pos) = pos.filter(|p| p.len() == n) {
            let ps = |j: isize| -> u64 {
                if j < 0 {
                    BOS
                } else {
                    pos.get(j as usize).map_or(EOS, |&p| u64::from(p))
                }
            };
            keys.push(key(90, ps(ii)));
            keys.push(key(91, ps(ii - 1)));
            keys.push(key(92, ps(ii + 1)));
            keys.push(key(93, mix(ps(ii), t.cap)));
            keys.push(key(94, mix(mix(ps(ii - 1), ps(ii)), ps(ii + 1))));
        }
        keys.push(key(70, cl(ii)));
        keys.push(key(71, cl(ii - 1)));
        keys.push(key(72, cl(ii + 1)));
        keys.push(key(73, mix(cl(ii), t.cap)));
        keys.push(key(74, mix(cl(ii - 1), cl(ii))));
        keys.push(key(75, mix(cl(ii), cl(ii + 1))));
        for g in 0..GAZ_TYPES as u64 {
            let here = gz(ii, g as usize);
            if here != 0 {
                keys.push(key(200 + g, here));
                keys.push(key(220 + g, mix(here, t.cap)));
            }
            let before = gz(ii - 1, g as usize);
            if before != 0 {
                keys.push(key(240 + g, before));
            }
            let after = gz(ii + 1, g as usize);
            if after != 0 {
                keys.push(key(260 + g, after));
            }
        }
        if let Some(r) = runs[i] {
            let (a, b) = (r.start, r.end);
            let len = (b - a) as u64;
            let at = if len == 1 {
                0
            } else if i == a {
                1
            } else if i + 1 == b {
                3
            } else {
                2
            };
            let shape = mix(mix(at, len.min(6)), u64::from(a == 0) << 1 | case_mode);
            keys.push(key(110, shape));
            keys.push(key(111, mix(at, toks[b - 1].lower)));
            keys.push(key(112, mix(at, toks[a].lower)));
            keys.push(key(113, mix(at, lo(a as isize - 1))));
            keys.push(key(114, mix(at, lo(b as isize))));
            keys.push(key(115, mix(at, classes[b - 1])));
            // List matches at the run's edges, seen from its other words.
            for (g, (&last, &first)) in marks[b - 1].iter().zip(&marks[a]).enumerate() {
                let g = g as u64;
                if r.whole & (1 << g) != 0 {
                    keys.push(key(280 + g, shape));
                }
                if last != 0 && b - 1 != i {
                    keys.push(key(300 + g, mix(at, u64::from(last))));
                }
                if first != 0 && a != i {
                    keys.push(key(320 + g, mix(at, u64::from(first))));
                }
            }
        }
        offsets.push(keys.len());
    }
    SentFeats {
        keys,
        offsets,
        lowers: toks.iter().map(|t| t.lower).collect(),
        shapes: toks.iter().map(|t| t.shape).collect(),
        caps: toks.iter().map(|t| t.cap).collect(),
        acronyms: words.iter().map(|w| acronym(w.as_ref())).collect(),
        initials: words
            .iter()
            .map(|w| {
                w.as_ref()
                    .bytes()
                    .next()
                    .filter(u8::is_ascii_uppercase)
                    .unwrap_or(0)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("McCain"), "XxXx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("Su-24M"), "Xx-dX");
        assert_eq!(cap_class("Kerry"), 1);
        assert_eq!(cap_class("NATO"), 2);
        assert_eq!(cap_class("iPhone"), 3);
        assert_eq!(cap_class("250,000"), 4);
    }
}
