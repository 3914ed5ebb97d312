//! Word classes learned from unlabelled text by the exchange algorithm.
//!
//! Each word is moved, one at a time, to the class that most improves the likelihood
//! of a class-to-word bigram model (the one-sided "predictive" model of Uszkoreit and
//! Brants 2008). Classes give a tagger or parser a feature for rare words that behave
//! like frequent ones ("Shojai" like other surnames), which labelled data alone cannot.

use std::collections::HashMap;

/// A word's fine and coarse class (`u16::MAX`: none at that grain), keyed by [`class_key`].
pub type WordClasses = HashMap<u64, [u16; 2]>;

/// The key a word is classed (and looked up) under: FNV-1a over the lowercased form with
/// digits folded to `0`, so "1,250" and "3,500" share a class.
pub fn class_key(form: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for c in form.chars() {
        if c.is_ascii() {
            let b = c as u8;
            eat(if b.is_ascii_digit() {
                b'0'
            } else {
                b.to_ascii_lowercase()
            });
        } else {
            for lc in c.to_lowercase() {
                let mut buf = [0u8; 4];
                lc.encode_utf8(&mut buf).bytes().for_each(&mut eat);
            }
        }
    }
    h
}

/// Fine (`fine` of them) and coarse (an eighth as many) exchange classes of the words
/// seen three times or more in `sents`; `fine == 0` learns none. The tagger and the
/// parser train on the same classes, learned once.
pub fn learn_word_classes<'a>(
    sents: impl Iterator<Item = &'a [String]>,
    fine: usize,
    log: &mut dyn FnMut(&str),
) -> WordClasses {
    if fine == 0 {
        return WordClasses::new();
    }
    let text: Vec<Vec<u64>> = sents
        .map(|s| s.iter().map(|w| class_key(w)).collect())
        .collect();
    log(&format!(
        "word classes from {} tokens",
        text.iter().map(Vec::len).sum::<usize>()
    ));
    let f = exchange_classes(&text, fine, 3, 8, log);
    let c = exchange_classes(&text, (fine / 8).max(2), 3, 8, log);
    f.into_iter()
        .map(|(w, k)| (w, [k, c.get(&w).copied().unwrap_or(u16::MAX)]))
        .collect()
}

fn xlogx(x: i64) -> f64 {
    if x <= 0 {
        0.0
    } else {
        let x = x as f64;
        x * x.ln()
    }
}

/// Learns `k` classes over the words (any 64-bit ids, such as word hashes) seen at least
/// `min_count` times in `sents`, with `passes` sweeps over the vocabulary. Deterministic:
/// words are visited most frequent first, ties by id. Rarer words get no class.
pub fn exchange_classes(
    sents: &[Vec<u64>],
    k: usize,
    min_count: u32,
    passes: usize,
    log: &mut dyn FnMut(&str),
) -> HashMap<u64, u16> {
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for s in sents {
        for &w in s {
            *counts.entry(w).or_insert(0) += 1;
        }
    }
    let mut vocab: Vec<(u64, u32)> = counts
        .into_iter()
        .filter(|&(_, c)| c >= min_count)
        .collect();
    vocab.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let v = vocab.len();
    if v == 0 || k == 0 {
        return HashMap::new();
    }
    let index: HashMap<u64, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, &(w, _))| (w, i))
        .collect();
    // Rare words share one id, and a sentence start is a predecessor of its own.
    let unk = v;
    let bos = v + 1;
    let n_words = v + 2;
    let mut succ: Vec<HashMap<usize, i64>> = vec![HashMap::new(); n_words];
    for s in sents {
        let mut prev = bos;
        for w in s {
            let cur = index.get(w).copied().unwrap_or(unk);
            *succ[prev].entry(cur).or_insert(0) += 1;
            prev = cur;
        }
    }
    let succ: Vec<Vec<(usize, i64)>> = succ
        .into_iter()
        .map(|m| {
            let mut l: Vec<(usize, i64)> = m.into_iter().collect();
            l.sort_unstable();
            l
        })
        .collect();
    let total: Vec<i64> = succ
        .iter()
        .map(|l| l.iter().map(|&(_, n)| n).sum())
        .collect();
    let mut class: Vec<usize> = (0..n_words).map(|i| i % k).collect();
    let mut ncw = vec![0i64; k * n_words];
    let mut nc = vec![0i64; k];
    for (u, l) in succ.iter().enumerate() {
        for &(w, n) in l {
            ncw[class[u] * n_words + w] += n;
        }
        nc[class[u]] += total[u];
    }
    let mut gain = vec![0f64; k];
    for pass in 0..passes {
        let mut moved = 0usize;
        for u in 0..n_words {
            let a = class[u];
            for &(w, n) in &succ[u] {
                ncw[a * n_words + w] -= n;
            }
            nc[a] -= total[u];
            for (b, g) in gain.iter_mut().enumerate() {
                let row = &ncw[b * n_words..(b + 1) * n_words];
                let mut s = 0.0;
                for &(w, n) in &succ[u] {
                    let x = row[w];
                    s += xlogx(x + n) - xlogx(x);
                }
                *g = s - (xlogx(nc[b] + total[u]) - xlogx(nc[b]));
            }
            let mut best = a;
            for b in 0..k {
                if gain[b] > gain[best] + 1e-9 {
                    best = b;
                }
            }
            if best != a {
                moved += 1;
            }
            class[u] = best;
            for &(w, n) in &succ[u] {
                ncw[best * n_words + w] += n;
            }
            nc[best] += total[u];
        }
        log(&format!(
            "clusters pass {}: {moved} of {n_words} words moved",
            pass + 1
        ));
    }
    vocab
        .iter()
        .enumerate()
        .map(|(i, &(w, _))| (w, class[i] as u16))
        .collect()
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
                sents.push(vec![a, 20, 30, b, 50]);
                sents.push(vec![40, 30, b, 50, 60]);
            }
        }
        let c = exchange_classes(&sents, 4, 1, 5, &mut |_| {});
        assert_eq!(c.get(&10), c.get(&11));
        assert_eq!(c.get(&1), c.get(&2));
        assert_ne!(c.get(&10), c.get(&1));
        assert_eq!(c.get(&99), None);
    }
}
