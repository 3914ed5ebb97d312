//! Training: an averaged perceptron driven by the arc-eager dynamic oracle.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::time::Instant;

use sitrep_doc::DEPRELS;
use sitrep_nlp::clusters::WordClasses;

use crate::conllu::GoldSentence;
use crate::features::word_hash;
use crate::features::{extract, Toks, NFEAT};
use crate::model::{fingerprint, Classes, Entry, KeyHasher, Lexicon, Model};
use crate::system::{costs, Gold, Moves, State};
use crate::{Parser, ParserError, Scratch};

/// What to do with non-projective training trees, which arc-eager cannot build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NonProjective {
    /// Reattach crossing arcs to their grandparent until the tree is projective.
    Lift,
    /// Leave them out.
    Skip,
    /// Train on them as they are; the oracle then picks the least costly moves.
    Keep,
}

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the shuffles and of exploration.
    pub seed: u64,
    /// Probability of following the model's own wrong move (from the second epoch on).
    pub explore: f64,
    /// Non-projective tree handling.
    pub nonprojective: NonProjective,
    /// Quantized weights smaller than this in magnitude are dropped (out of 32767 for
    /// the largest); this sets the size of the model file.
    pub min_weight: i16,
    /// Independent runs (seeds `seed`, `seed + 1`, ...) trained side by side, one thread
    /// each, whose averaged weights are averaged again: a linear model's scores are linear
    /// in its weights, so this is a score ensemble at the cost of one model.
    pub runs: usize,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            epochs: 15,
            seed: 1,
            explore: 0.9,
            nonprojective: NonProjective::Lift,
            min_weight: 512,
            runs: 1,
        }
    }
}

/// Attachment scores over all words, punctuation included (CoNLL 2018 style; LAS
/// compares full relations, subtypes included).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Attachment {
    /// Words scored.
    pub words: usize,
    /// Unlabeled attachment score.
    pub uas: f64,
    /// Labeled attachment score.
    pub las: f64,
}

/// What one epoch achieved.
#[derive(Clone, Debug)]
pub struct EpochReport {
    /// 1-based epoch.
    pub epoch: usize,
    /// Dev scores of the averaged, quantized model.
    pub dev: Attachment,
    /// Feature rows kept in the model.
    pub rows: usize,
    /// Weights kept in the model.
    pub weights: usize,
    /// Seconds spent training this epoch.
    pub secs: f64,
}

#[derive(Clone, Copy)]
struct Weight {
    mv: u16,
    w: i32,
    total: i64,
    stamp: u32,
}

/// Weights with the running sums that averaging needs.
#[derive(Default)]
struct Perceptron {
    rows: HashMap<u64, Vec<Weight>, BuildHasherDefault<KeyHasher>>,
    now: u32,
}

impl Perceptron {
    /// The averaged weight of `w` at the current step.
    fn avg(&self, w: &Weight) -> f64 {
        let now = f64::from(self.now.max(1));
        (w.total as f64 + f64::from(w.w) * f64::from(self.now - w.stamp)) / now
    }

    fn score(&self, feats: &[u64; NFEAT], scores: &mut [i32]) {
        scores.fill(0);
        for f in feats {
            if let Some(row) = self.rows.get(f) {
                for w in row {
                    scores[usize::from(w.mv)] += w.w;
                }
            }
        }
    }

    fn update(&mut self, feats: &[u64; NFEAT], mv: usize, delta: i32) {
        let now = self.now;
        for &f in feats {
            let row = self.rows.entry(f).or_default();
            let w = match row.iter_mut().position(|w| usize::from(w.mv) == mv) {
                Some(i) => &mut row[i],
                None => {
                    row.push(Weight {
                        mv: mv as u16,
                        w: 0,
                        total: 0,
                        stamp: now,
                    });
                    let last = row.len() - 1;
                    &mut row[last]
                }
            };
            w.total += i64::from(w.w) * i64::from(now - w.stamp);
            w.stamp = now;
            w.w += delta;
        }
    }
}

/// Averages each run's weights over its steps and the runs' weights over the runs,
/// quantizes to `i16` and drops weights below `min_weight` in magnitude.
fn export(
    runs: &[&Perceptron],
    labels: &[String],
    root: u8,
    min_weight: i16,
    lexicon: &Lexicon,
    classes: &Classes,
) -> Result<Model, ParserError> {
    // Sum the averaged weights per fingerprint: the rare keys that share one merge.
    let mut folded: HashMap<u32, Vec<f64>> = HashMap::new();
    let nmoves = Moves {
        nlabels: labels.len(),
        root,
    }
    .len();
    let share = 1.0 / runs.len().max(1) as f64;
    for p in runs {
        for (&k, row) in &p.rows {
            let acc = folded
                .entry(fingerprint(k))
                .or_insert_with(|| vec![0.0; nmoves]);
            for w in row {
                acc[usize::from(w.mv)] += p.avg(w) * share;
            }
        }
    }
    let max = folded
        .values()
        .flatten()
        .map(|a| a.abs())
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let scale = f64::from(i16::MAX) / max;
    let rows = folded
        .into_iter()
        .filter_map(|(k, acc)| {
            let es: Vec<Entry> = acc
                .iter()
                .enumerate()
                .filter_map(|(mv, &a)| {
                    let q = (a * scale).round() as i16;
                    (q.unsigned_abs() >= min_weight.unsigned_abs().max(1))
                        .then_some(Entry { mv: mv as u8, w: q })
                })
                .collect();
            (!es.is_empty()).then_some((k, es))
        })
        .collect();
    Ok(Model::new(labels.to_vec(), root, rows)?
        .with_lexicon(lexicon.clone())
        .with_classes(classes.clone()))
}

/// One run's trainer: its weights, generator, sentence order and scratch space.
struct Run {
    p: Perceptron,
    rng: Rng,
    order: Vec<usize>,
    st: State,
    toks: Toks,
    feats: [u64; NFEAT],
    scores: Vec<i32>,
    cost: Vec<i32>,
}

/// What every run reads.
struct Shared<'a> {
    examples: &'a [Example<'a>],
    moves: Moves,
    lex: &'a Lexicon,
    classes: &'a Classes,
    explore: f64,
}

impl Run {
    fn new(seed: u64, n: usize, nmoves: usize) -> Run {
        Run {
            p: Perceptron::default(),
            rng: Rng(seed),
            order: (0..n).collect(),
            st: State::default(),
            toks: Toks::default(),
            feats: [0u64; NFEAT],
            scores: vec![0i32; nmoves],
            cost: vec![0i32; nmoves],
        }
    }

    /// One pass over the training sentences in a fresh shuffle.
    fn epoch(&mut self, epoch: usize, sh: &Shared<'_>) {
        let Run {
            p,
            rng,
            order,
            st,
            toks,
            feats,
            scores,
            cost,
        } = self;
        let moves = sh.moves;
        rng.shuffle(order);
        for &i in order.iter() {
            let ex = &sh.examples[i];
            toks.fill(
                ex.sent.forms.iter().map(String::as_str),
                &ex.sent.xpos,
                sh.lex,
                sh.classes,
            );
            st.reset(ex.sent.len());
            let gold = Gold {
                heads: &ex.heads,
                labels: &ex.labels,
            };
            while !st.is_final() {
                if let Some(m) = st.forced(moves) {
                    p.now += 1;
                    st.apply(moves, m);
                    continue;
                }
                extract(st, toks, feats);
                p.score(feats, scores);
                costs(st, moves, &gold, cost);
                let Some(pred) = st.best_valid(moves, scores) else {
                    break;
                };
                let min = cost.iter().copied().min().unwrap_or(0);
                // The best-scoring move among the least costly ones.
                let mut good = pred;
                let mut top = i32::MIN;
                for (m, (&c, &s)) in cost.iter().zip(scores.iter()).enumerate() {
                    if c == min && s > top {
                        top = s;
                        good = m;
                    }
                }
                p.now += 1;
                let next = if cost[pred] > min {
                    p.update(feats, good, 1);
                    p.update(feats, pred, -1);
                    if epoch > 1 && rng.unit() < sh.explore {
                        pred
                    } else {
                        good
                    }
                } else {
                    pred
                };
                st.apply(moves, next);
            }
        }
    }
}

/// SplitMix64: a tiny seeded generator, so training is reproducible without a crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// A training sentence with heads in oracle form (root = `n`).
struct Example<'a> {
    sent: &'a GoldSentence,
    heads: Vec<u32>,
    labels: Vec<u8>,
}

/// Heads with the root as `n`.
fn oracle_heads(s: &GoldSentence) -> Vec<u32> {
    let n = s.len() as u32;
    s.heads.iter().map(|h| h.unwrap_or(n)).collect()
}

/// True when every word between `h` and `d` descends from `h`.
fn arc_is_projective(heads: &[u32], h: u32, d: u32) -> bool {
    let n = heads.len() as u32;
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    (lo + 1..hi).all(|mut k| {
        // Bounded walk: a malformed (cyclic) tree counts as non-projective.
        for _ in 0..=n {
            if k == h {
                return true;
            }
            if k >= n {
                return false;
            }
            k = heads[k as usize];
        }
        false
    })
}

/// Lifts the shortest crossing arc to the grandparent until none is left. Returns false
/// when the tree is malformed.
fn projectivize(heads: &mut [u32]) -> bool {
    let n = heads.len() as u32;
    for _ in 0..heads.len() * heads.len() + 1 {
        let worst = (0..n)
            .filter(|&d| !arc_is_projective(heads, heads[d as usize], d))
            .min_by_key(|&d| heads[d as usize].abs_diff(d));
        match worst {
            None => return true,
            Some(d) => {
                let h = heads[d as usize];
                if h >= n {
                    return false;
                }
                heads[d as usize] = heads[h as usize];
            }
        }
    }
    false
}

fn is_projective(heads: &[u32]) -> bool {
    (0..heads.len() as u32).all(|d| arc_is_projective(heads, heads[d as usize], d))
}

/// Tag sets of the words seen twice or more in `train`: the tags that cover 5% or more of
/// a word's uses.
fn lexicon(train: &[GoldSentence]) -> Lexicon {
    let mut counts: HashMap<u64, HashMap<u8, u32>> = HashMap::new();
    for s in train {
        for (f, t) in s.forms.iter().zip(&s.xpos) {
            *counts
                .entry(word_hash(f))
                .or_default()
                .entry(t.0)
                .or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(w, tags)| {
            let total: u32 = tags.values().sum();
            let mut set: Vec<u8> = tags
                .iter()
                .filter(|(_, &n)| n * 20 >= total)
                .map(|(&t, _)| t)
                .collect();
            set.sort_unstable();
            (total >= 2).then(|| {
                (
                    w,
                    set.iter().fold(0x7a67u64, |h, &t| {
                        (h ^ u64::from(t)).wrapping_mul(0x0100_0000_01b3)
                    }),
                )
            })
        })
        .collect()
}

/// Trains a parser with word classes `classes` (see
/// [`sitrep_nlp::clusters::learn_word_classes`]); `log` sees every epoch. The model of
/// the best dev LAS is returned with its report.
pub fn train(
    train: &[GoldSentence],
    dev: &[GoldSentence],
    classes: &WordClasses,
    cfg: &TrainConfig,
    log: &mut dyn FnMut(&EpochReport),
) -> Result<(Parser, EpochReport), ParserError> {
    let labels: Vec<String> = DEPRELS.iter().map(|s| s.to_string()).collect();
    let root = DEPRELS
        .iter()
        .position(|&l| l == "root")
        .ok_or_else(|| ParserError::Model("no root relation".into()))? as u8;
    let moves = Moves {
        nlabels: labels.len(),
        root,
    };
    let mut examples: Vec<Example<'_>> = Vec::with_capacity(train.len());
    for s in train {
        let mut heads = oracle_heads(s);
        let keep = match cfg.nonprojective {
            NonProjective::Lift => projectivize(&mut heads),
            NonProjective::Skip => is_projective(&heads),
            NonProjective::Keep => true,
        };
        if keep {
            examples.push(Example {
                sent: s,
                heads,
                labels: s.deps.iter().map(|d| d.0).collect(),
            });
        }
    }
    if examples.is_empty() {
        return Err(ParserError::NoData);
    }
    let lex = lexicon(train);
    let classes: Classes = classes.iter().map(|(&w, &c)| (w, c)).collect();
    let shared = Shared {
        examples: &examples,
        moves,
        lex: &lex,
        classes: &classes,
        explore: cfg.explore,
    };
    let mut runs: Vec<Run> = (0..cfg.runs.max(1) as u64)
        .map(|r| Run::new(cfg.seed + r, examples.len(), moves.len()))
        .collect();
    let mut best: Option<(Parser, EpochReport)> = None;
    for epoch in 1..=cfg.epochs {
        let t0 = Instant::now();
        std::thread::scope(|scope| {
            for run in runs.iter_mut() {
                let shared = &shared;
                scope.spawn(move || run.epoch(epoch, shared));
            }
        });
        let secs = t0.elapsed().as_secs_f64();
        let perceptrons: Vec<&Perceptron> = runs.iter().map(|r| &r.p).collect();
        let parser = Parser {
            model: export(&perceptrons, &labels, root, cfg.min_weight, &lex, &classes)?,
        };
        let (rows, weights) = parser.size();
        let report = EpochReport {
            epoch,
            dev: evaluate(&parser, dev),
            rows,
            weights,
            secs,
        };
        log(&report);
        if best
            .as_ref()
            .is_none_or(|(_, b)| report.dev.las > b.dev.las)
        {
            best = Some((parser, report));
        }
    }
    best.ok_or(ParserError::NoData)
}

/// Parses gold sentences with their gold tags and scores the result.
pub fn evaluate(parser: &Parser, gold: &[GoldSentence]) -> Attachment {
    let mut sc = Scratch::new(parser.model.moves().len());
    let (mut words, mut uas, mut las) = (0usize, 0usize, 0usize);
    for s in gold {
        sc.toks.fill(
            s.forms.iter().map(String::as_str),
            &s.xpos,
            parser.model.lexicon(),
            parser.model.classes(),
        );
        parser.run(&mut sc, s.len());
        let n = sc.state.n;
        for k in 0..s.len() {
            let h = sc.state.heads[k];
            let head = (h < n).then_some(h);
            words += 1;
            if head == s.heads[k] {
                uas += 1;
                if parser.model.rel(sc.state.labels[k]) == s.deps[k] {
                    las += 1;
                }
            }
        }
    }
    let d = words.max(1) as f64;
    Attachment {
        words,
        uas: uas as f64 / d,
        las: las as f64 / d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifting_makes_a_crossing_tree_projective() {
        // 0 <- 2, 1 <- 3 crosses 0..2: words 0 1 2 3, root at 4.
        let mut heads = vec![2, 3, 4, 2];
        assert!(!is_projective(&heads));
        assert!(projectivize(&mut heads));
        assert!(is_projective(&heads));
        assert_eq!(heads, [2, 2, 4, 2]);
    }
}
