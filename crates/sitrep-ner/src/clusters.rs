//! Word classes (learned by `sitrep_nlp::clusters`) and capitalisation habits from
//! unlabelled text.

use std::collections::HashMap;

use crate::model::HashMap64;
use sitrep_nlp::clusters::exchange_classes;

/// Word classes and capitalisation habits, keyed by the lower-cased word hash.
#[derive(Clone, Debug, Default)]
pub(crate) struct Clusters {
    map: HashMap64<u16>,
    caps: HashMap64<u8>,
}

/// How often a word is capitalised inside sentences, in six bins (never .. always).
fn cap_bin(capitalised: u32, seen: u32) -> u8 {
    if capitalised == 0 {
        return 0;
    }
    let r = f64::from(capitalised) / f64::from(seen);
    match r {
        r if r < 0.1 => 1,
        r if r < 0.5 => 2,
        r if r < 0.9 => 3,
        r if r < 1.0 => 4,
        _ => 5,
    }
}

impl Clusters {
    pub(crate) fn from_maps(map: HashMap64<u16>, caps: HashMap64<u8>) -> Clusters {
        Clusters { map, caps }
    }

    pub(crate) fn map(&self) -> &HashMap64<u16> {
        &self.map
    }

    pub(crate) fn caps(&self) -> &HashMap64<u8> {
        &self.caps
    }

    /// The capitalisation bin of a lower-cased word hash, when seen inside sentences.
    pub(crate) fn cap(&self, lower: u64) -> Option<u8> {
        self.caps.get(&lower).copied()
    }

    /// The class of a lower-cased word hash.
    pub(crate) fn get(&self, lower: u64) -> Option<u16> {
        self.map.get(&lower).copied()
    }

    /// Learns `k` classes over words seen at least `min_count` times in `sents` (sentences
    /// of lower-cased word hashes, each with whether it started with a capital), with
    /// `passes` sweeps over the vocabulary.
    pub(crate) fn learn(
        sents: &[Vec<(u64, bool)>],
        k: usize,
        min_count: u32,
        passes: usize,
        log: &mut dyn FnMut(&str),
    ) -> Clusters {
        let mut inner: HashMap<u64, (u32, u32)> = HashMap::new();
        for s in sents {
            for &(w, cap) in s.iter().skip(1) {
                let e = inner.entry(w).or_insert((0, 0));
                e.0 += u32::from(cap);
                e.1 += 1;
            }
        }
        let caps: HashMap64<u8> = inner
            .into_iter()
            .filter(|&(_, (_, seen))| seen >= min_count)
            .map(|(w, (c, seen))| (w, cap_bin(c, seen)))
            .collect();
        let words: Vec<Vec<u64>> = sents
            .iter()
            .map(|s| s.iter().map(|&(w, _)| w).collect())
            .collect();
        let map: HashMap64<u16> = exchange_classes(&words, k, min_count, passes, log)
            .into_iter()
            .collect();
        Clusters { map, caps }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_slots_share_a_class() {
        // Classes group words by what follows them: 1 and 2 precede 20, 10 and 11 precede 50.
        let mut sents = Vec::new();
        for (a, b) in [(1u64, 10u64), (2, 11), (1, 11), (2, 10)] {
            for _ in 0..5 {
                sents.push([a, 20, 30, b, 50].map(|w| (w, w == 30)).to_vec());
                sents.push([40, 30, b, 50, 60].map(|w| (w, w == 30)).to_vec());
            }
        }
        let c = Clusters::learn(&sents, 4, 1, 5, &mut |_| {});
        assert_eq!(c.get(10), c.get(11));
        assert_eq!(c.get(1), c.get(2));
        assert_ne!(c.get(10), c.get(1));
        assert_eq!(c.get(99), None);
        assert_eq!((c.cap(30), c.cap(20), c.cap(99)), (Some(5), Some(0), None));
    }
}
