//! Exact duplicates, near duplicates and partial reuse (wire copy) over clean texts.
//!
//! Three passes, each linear in the number of articles:
//! - exact: the normalised text ([`crate::text::normalise`]) as a hash-map key;
//! - near: MinHash signatures of word shingles, banded into an LSH table, candidates
//!   verified by the exact Jaccard of the shingle sets;
//! - partial: fingerprints of normalised sentences, so that one wire paragraph block
//!   inside a longer article finds its source even when a sentence was added or cut;
//!   candidates verified by shingle containment.
//!
//! LSH buckets and sentence fingerprints shared by [`DedupConfig::max_bucket`] articles
//! link a new article to the bucket's first member only instead of to all of them, which
//! keeps the work linear on boilerplate. [`DupIndex`] keeps what the passes need, so a new
//! batch is compared with every article before it without comparing those again.

use std::hash::Hasher;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

use crate::text::{normalise, sentences};

/// Parameters of [`find_duplicates`].
#[derive(Clone, Debug)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle: usize,
    /// Jaccard of shingle sets at or above which two texts are near duplicates.
    pub near_jaccard: f64,
    /// Shared shingles needed to report partial reuse.
    pub partial_min_shared: usize,
    /// Sentences shorter than this many words get no fingerprint.
    pub min_sentence_words: usize,
    /// LSH bands (rows per band = `SIG / bands`).
    pub bands: usize,
    /// Buckets larger than this are linked as a star.
    pub max_bucket: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle: 5,
            near_jaccard: 0.8,
            partial_min_shared: 20,
            min_sentence_words: 8,
            bands: 16,
            max_bucket: 32,
        }
    }
}

/// MinHash signature length.
const SIG: usize = 64;

/// What kind of reuse links two texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DupKind {
    /// Same normalised text.
    Exact,
    /// Shingle Jaccard at or above [`DedupConfig::near_jaccard`].
    Near,
    /// A shared block of text (sentences or a long run of shingles) below that.
    Partial,
}

impl DupKind {
    /// `exact`, `near` or `partial`.
    pub fn as_str(self) -> &'static str {
        match self {
            DupKind::Exact => "exact",
            DupKind::Near => "near",
            DupKind::Partial => "partial",
        }
    }
}

/// Two texts that share content, with the overlap measured.
#[derive(Clone, Debug, PartialEq)]
pub struct DupLink {
    /// Index of the earlier text (`a < b`).
    pub a: usize,
    /// Index of the later text.
    pub b: usize,
    /// The kind of reuse.
    pub kind: DupKind,
    /// Jaccard of the two shingle sets.
    pub jaccard: f32,
    /// Share of `a`'s shingles found in `b`.
    pub a_in_b: f32,
    /// Share of `b`'s shingles found in `a`.
    pub b_in_a: f32,
    /// Fingerprinted sentences the two share.
    pub shared_sentences: u32,
}

/// The result of [`find_duplicates`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DupReport {
    /// For each text, the first earlier text with the same normalised text.
    pub exact_of: Vec<Option<usize>>,
    /// Every link found, sorted by `(a, b)`; exact copies link to their first copy only.
    pub links: Vec<DupLink>,
}

impl DupReport {
    /// Number of texts that repeat an earlier one exactly.
    pub fn exact_count(&self) -> usize {
        self.exact_of.iter().filter(|e| e.is_some()).count()
    }

    /// Number of links of a kind.
    pub fn count(&self, kind: DupKind) -> usize {
        self.links.iter().filter(|l| l.kind == kind).count()
    }
}

struct Prepared {
    norm: u64,
    shingles: Vec<u64>,
    sig: [u64; SIG],
    sents: Vec<u64>,
}

fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    splitmix(h.finish())
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Fixed seeds of the MinHash family, so signatures are the same across runs and machines.
fn seeds() -> [u64; SIG] {
    let mut out = [0u64; SIG];
    let mut s = 0x5173_5245_5053_5452u64;
    for o in &mut out {
        s = splitmix(s);
        *o = s;
    }
    out
}

/// The hash of an empty normalised text: such texts take part in no pass.
const EMPTY: u64 = 0;

fn prepare(text: &str, cfg: &DedupConfig, seeds: &[u64; SIG]) -> Prepared {
    let norm = normalise(text);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    let mut shingles: Vec<u64> = if words.len() >= cfg.shingle {
        words
            .windows(cfg.shingle)
            .map(|w| hash_str(&w.join(" ")))
            .collect()
    } else if words.is_empty() {
        Vec::new()
    } else {
        vec![hash_str(&norm)]
    };
    shingles.sort_unstable();
    shingles.dedup();
    let mut sig = [u64::MAX; SIG];
    for &sh in &shingles {
        for (m, &seed) in sig.iter_mut().zip(seeds) {
            let h = splitmix(sh ^ seed);
            if h < *m {
                *m = h;
            }
        }
    }
    let mut sents: Vec<u64> = sentences(text)
        .into_iter()
        .map(|(s, e)| normalise(&text[s..e]))
        .filter(|p| p.split(' ').count() >= cfg.min_sentence_words)
        .map(|p| hash_str(&p))
        .collect();
    sents.sort_unstable();
    sents.dedup();
    Prepared {
        norm: if norm.is_empty() {
            EMPTY
        } else {
            hash_str(&norm).max(1)
        },
        shingles,
        sig,
        sents,
    }
}

fn intersection(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The texts seen so far, indexed for the three passes, so that a new batch is compared
/// with everything before it without comparing the old texts again.
///
/// Exact copies take part in no other pass (their first copy does). An LSH bucket or a
/// sentence fingerprint already shared by [`DedupConfig::max_bucket`] texts links a new
/// text to its first member only.
pub struct DupIndex {
    cfg: DedupConfig,
    seeds: [u64; SIG],
    /// Shingles and sentence fingerprints of each indexed text (empty for exact copies).
    shingles: Vec<Vec<u64>>,
    sents: Vec<Vec<u64>>,
    exact: FxHashMap<u64, usize>,
    buckets: FxHashMap<(u16, u64), Vec<u32>>,
    by_sent: FxHashMap<u64, Vec<u32>>,
}

impl DupIndex {
    /// An empty index.
    pub fn new(cfg: DedupConfig) -> DupIndex {
        DupIndex {
            cfg,
            seeds: seeds(),
            shingles: Vec::new(),
            sents: Vec::new(),
            exact: FxHashMap::default(),
            buckets: FxHashMap::default(),
            by_sent: FxHashMap::default(),
        }
    }

    /// Number of texts indexed.
    pub fn len(&self) -> usize {
        self.shingles.len()
    }

    /// True when no text is indexed.
    pub fn is_empty(&self) -> bool {
        self.shingles.is_empty()
    }

    fn members_of(list: Option<&Vec<u32>>, max: usize, out: &mut FxHashSet<usize>) {
        if let Some(m) = list {
            if m.len() >= max {
                out.insert(m[0] as usize);
            } else {
                out.extend(m.iter().map(|&x| x as usize));
            }
        }
    }

    /// Indexes a batch of texts, numbered on from [`DupIndex::len`], and returns every
    /// link from one of them to an earlier text (indexed before, or earlier in the batch),
    /// sorted by `(a, b)`.
    pub fn add_batch(&mut self, texts: &[&str]) -> Vec<DupLink> {
        let cfg = self.cfg.clone();
        let seeds = self.seeds;
        let prepared: Vec<Prepared> = texts.par_iter().map(|t| prepare(t, &cfg, &seeds)).collect();
        let rows = SIG / cfg.bands.max(1);
        let mut exact_links = Vec::new();
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for p in prepared {
            let b = self.shingles.len();
            if p.norm != EMPTY {
                if let Some(&a) = self.exact.get(&p.norm) {
                    exact_links.push(DupLink {
                        a,
                        b,
                        kind: DupKind::Exact,
                        jaccard: 1.0,
                        a_in_b: 1.0,
                        b_in_a: 1.0,
                        shared_sentences: p.sents.len() as u32,
                    });
                    self.shingles.push(Vec::new());
                    self.sents.push(Vec::new());
                    continue;
                }
                self.exact.insert(p.norm, b);
            }
            if !p.shingles.is_empty() {
                let mut found: FxHashSet<usize> = FxHashSet::default();
                for band in 0..cfg.bands.max(1) {
                    let mut h = FxHasher::default();
                    for &v in &p.sig[band * rows..(band + 1) * rows] {
                        h.write_u64(v);
                    }
                    let key = (band as u16, h.finish());
                    Self::members_of(self.buckets.get(&key), cfg.max_bucket, &mut found);
                    self.buckets.entry(key).or_default().push(b as u32);
                }
                for &fp in &p.sents {
                    Self::members_of(self.by_sent.get(&fp), cfg.max_bucket, &mut found);
                    self.by_sent.entry(fp).or_default().push(b as u32);
                }
                let mut found: Vec<usize> = found.into_iter().collect();
                found.sort_unstable();
                candidates.extend(found.into_iter().map(|a| (a, b)));
            }
            self.shingles.push(p.shingles);
            self.sents.push(p.sents);
        }
        let mut links: Vec<DupLink> = candidates
            .par_iter()
            .filter_map(|&(a, b)| self.verify(a, b))
            .collect();
        links.extend(exact_links);
        links.sort_by_key(|l| (l.a, l.b));
        links
    }

    fn verify(&self, a: usize, b: usize) -> Option<DupLink> {
        let (sa, sb) = (&self.shingles[a], &self.shingles[b]);
        let inter = intersection(sa, sb);
        let union = sa.len() + sb.len() - inter;
        let jaccard = inter as f64 / union.max(1) as f64;
        let shared_sentences = intersection(&self.sents[a], &self.sents[b]) as u32;
        let kind = if jaccard >= self.cfg.near_jaccard {
            DupKind::Near
        } else if inter >= self.cfg.partial_min_shared || (shared_sentences > 0 && inter > 0) {
            DupKind::Partial
        } else {
            return None;
        };
        Some(DupLink {
            a,
            b,
            kind,
            jaccard: jaccard as f32,
            a_in_b: (inter as f64 / sa.len().max(1) as f64) as f32,
            b_in_a: (inter as f64 / sb.len().max(1) as f64) as f32,
            shared_sentences,
        })
    }
}

/// Finds exact duplicates, near duplicates and partial reuse among `texts`.
pub fn find_duplicates(texts: &[&str], cfg: &DedupConfig) -> DupReport {
    let links = DupIndex::new(cfg.clone()).add_batch(texts);
    let mut exact_of = vec![None; texts.len()];
    for l in links.iter().filter(|l| l.kind == DupKind::Exact) {
        exact_of[l.b] = Some(l.a);
    }
    DupReport { exact_of, links }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIRE: &str = "Russian warplanes struck targets near the city of Homs on Wednesday, \
        the defence ministry in Moscow said, adding that the raids hit command posts \
        and ammunition depots used by militants.";

    #[test]
    fn exact_near_and_partial_are_told_apart() {
        let other = "Prices of wheat rose sharply on Tuesday as traders worried about the \
            harvest in several exporting countries and the weather outlook for spring.";
        let exact = format!("Jets strike Homs\n\n{WIRE}");
        let exact_copy = format!("JETS STRIKE HOMS!\n\n{WIRE}  ");
        let near = format!("Jets strike Homs\n\n{WIRE} Residents reported heavy smoke.");
        let partial = format!(
            "Analysis: a long war\n\n{other}\n\n{WIRE}\n\n{other} Markets were calm. \
             The central bank kept its rate unchanged for a sixth month, citing inflation \
             risks and a weaker currency against the dollar and the euro."
        );
        let texts = [
            exact.as_str(),
            other,
            exact_copy.as_str(),
            near.as_str(),
            partial.as_str(),
        ];
        let report = find_duplicates(&texts, &DedupConfig::default());
        assert_eq!(report.exact_of, [None, None, Some(0), None, None]);
        let got: Vec<(usize, usize, &str)> = report
            .links
            .iter()
            .map(|l| (l.a, l.b, l.kind.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (0, 2, "exact"),
                (0, 3, "near"),
                (0, 4, "partial"),
                (1, 4, "partial"),
                (3, 4, "partial")
            ]
        );
        let partial_link = &report.links[2];
        assert_eq!(partial_link.shared_sentences, 1);
        assert!(partial_link.a_in_b > 0.8, "{partial_link:?}");
        assert!(partial_link.b_in_a < 0.5, "{partial_link:?}");
    }

    #[test]
    fn batches_find_the_links_one_batch_finds() {
        let other = "Prices of wheat rose sharply on Tuesday as traders worried about the \
            harvest in several exporting countries and the weather outlook for spring.";
        let near = format!("Jets strike Homs\n\n{WIRE} Residents reported heavy smoke.");
        let partial = format!("Analysis\n\n{other}\n\n{WIRE}\n\nMarkets were calm.");
        let exact = format!("Jets strike Homs\n\n{WIRE}");
        let texts = [
            exact.as_str(),
            other,
            near.as_str(),
            exact.as_str(),
            partial.as_str(),
        ];
        let whole = find_duplicates(&texts, &DedupConfig::default()).links;
        let mut index = DupIndex::new(DedupConfig::default());
        let mut parts = index.add_batch(&texts[..2]);
        parts.extend(index.add_batch(&texts[2..4]));
        parts.extend(index.add_batch(&texts[4..]));
        assert_eq!(parts, whole);
        assert_eq!(index.len(), 5);
        let kinds: Vec<(usize, usize, &str)> =
            whole.iter().map(|l| (l.a, l.b, l.kind.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (0, 2, "near"),
                (0, 3, "exact"),
                (0, 4, "partial"),
                (1, 4, "partial"),
                (2, 4, "partial")
            ]
        );
    }
}
