//! Structured averaged-perceptron training of the BILOU tagger (Viterbi decoding).

use std::path::PathBuf;
use std::time::Instant;

use sitrep_doc::EntLabel;

use crate::clusters::Clusters;
use crate::corpus::{documents, read_iob, Sentence};
use crate::features::{extract, lower_hash, Key, SentFeats};
use crate::gazetteer::Gazetteer;
use crate::memory::{Memory, MemoryFeats};
use crate::model::{encode, transition_keys, viterbi, KeyMap, Model, Scorer, LANES, N_TAGS};
use crate::{Ner, NerError};

/// Tags words with UPOS codes (`Upos as u8`), for models that use part-of-speech features.
pub type PosFn = dyn Fn(&[String]) -> Vec<u8> + Sync;

/// One training corpus and how much each of its mistakes moves the weights.
#[derive(Clone, Debug)]
pub struct TrainFile {
    /// An IOB file in any layout [`crate::corpus::read_iob`] reads.
    pub path: PathBuf,
    /// Update size for its sentences (1.0 for core data, less for noisier sets).
    pub weight: f32,
}

/// Everything a training run needs.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Training corpora.
    pub train: Vec<TrainFile>,
    /// Optional dev corpus, scored after each epoch.
    pub dev: Option<PathBuf>,
    /// The `name_gazetteers` folder (Census names, GeoNames places).
    pub gazetteers: PathBuf,
    /// Corpora whose annotated names become gazetteer entries (not training sentences).
    pub lists: Vec<PathBuf>,
    /// Corpora whose words (labels ignored) train the word classes, with the training data.
    pub unlabeled: Vec<PathBuf>,
    /// Number of word classes; 0 turns them off.
    pub clusters: usize,
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle (run `r` uses `seed + r`).
    pub seed: u64,
    /// Independent runs with different shuffles whose weights are averaged.
    pub runs: usize,
    /// Features whose largest averaged weight is below this are dropped from the file.
    pub prune: f32,
}

/// Maps a corpus label onto a model label index; MISC and NORP stay outside.
fn label_index(l: EntLabel) -> Option<usize> {
    match l {
        EntLabel::Per => Some(0),
        EntLabel::Org => Some(1),
        EntLabel::Loc | EntLabel::Gpe => Some(2),
        EntLabel::Norp | EntLabel::Misc => None,
    }
}

/// Model spans of a gold sentence.
pub(crate) fn gold_spans(s: &Sentence) -> Vec<(usize, usize, usize)> {
    s.spans
        .iter()
        .filter_map(|&(a, b, l)| label_index(l).map(|li| (a, b, li)))
        .collect()
}

/// Weights with lazily updated running totals for averaging.
#[derive(Default)]
struct Averaged {
    index: KeyMap<u32>,
    w: Vec<[f32; N_TAGS]>,
    total: Vec<[f32; N_TAGS]>,
    stamp: Vec<[u32; N_TAGS]>,
    now: u32,
}

impl Scorer for Averaged {
    type Score = f32;
    const ZERO: f32 = 0.0;
    const NONE: f32 = f32::NEG_INFINITY;
    fn add(&self, key: Key, scores: &mut [f32; LANES]) {
        if let Some(&r) = self.index.get(&key) {
            for (s, w) in scores.iter_mut().zip(&self.w[r as usize]) {
                *s += w;
            }
        }
    }
}

impl Averaged {
    fn update(&mut self, key: Key, tag: u8, delta: f32) {
        let next = self.w.len() as u32;
        let r = *self.index.entry(key).or_insert(next) as usize;
        if r == self.w.len() {
            self.w.push([0.0; N_TAGS]);
            self.total.push([0.0; N_TAGS]);
            self.stamp.push([0; N_TAGS]);
        }
        let t = usize::from(tag);
        self.total[r][t] += (self.now - self.stamp[r][t]) as f32 * self.w[r][t];
        self.stamp[r][t] = self.now;
        self.w[r][t] += delta;
    }

    /// The averaged weights of every feature.
    fn averaged(&self) -> KeyMap<[f32; N_TAGS]> {
        let now = self.now.max(1) as f32;
        let mut rows = KeyMap::default();
        for (&k, &r) in &self.index {
            let r = r as usize;
            let mut avg = [0f32; N_TAGS];
            for (t, a) in avg.iter_mut().enumerate() {
                let total = self.total[r][t] + (self.now - self.stamp[r][t]) as f32 * self.w[r][t];
                *a = total / now;
            }
            rows.insert(k, avg);
        }
        rows
    }
}

/// A model from averaged rows, dropping weights below `prune` and rows left empty.
fn build(
    rows: &KeyMap<[f32; N_TAGS]>,
    uses_pos: bool,
    gaz: &Gazetteer,
    clusters: &Clusters,
    vocab: &[u64],
    prune: f32,
) -> Model {
    let mut kept = Vec::new();
    for (&k, row) in rows {
        let mut row = *row;
        for a in &mut row {
            if a.abs() < prune {
                *a = 0.0;
            }
        }
        if row.iter().any(|&a| a != 0.0) {
            kept.push((k, row));
        }
    }
    // Sorted so that the model (and its file) does not depend on hash-map order.
    kept.sort_unstable_by_key(|&(k, _)| k);
    Model::new(uses_pos, gaz.clone(), clusters.clone(), kept, vocab)
}

/// Dev precision, recall and F1 as a log fragment.
fn dev_line(model: &Model, dev: &[Sentence], pos: Option<&PosFn>) -> String {
    let (tp, fp, fneg) = score(model, dev, pos);
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fneg).max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    format!("dev precision {p:.4} recall {r:.4} f1 {f:.4}")
}

/// Span counts `(tp, fp, fn)` of a model over gold sentences, PER/ORG/LOC exact match.
pub(crate) fn score(
    model: &Model,
    gold: &[Sentence],
    pos: Option<&PosFn>,
) -> (usize, usize, usize) {
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    for doc in documents(gold) {
        let mut memory = Memory::default();
        for s in &gold[doc] {
            let g = gold_spans(s);
            let tags = pos.map(|f| f(&s.words));
            let p = model.spans(&s.words, tags.as_deref(), &mut memory);
            let hit = p.iter().filter(|x| g.contains(x)).count();
            tp += hit;
            fp += p.len() - hit;
            fneg += g.len() - hit;
        }
    }
    (tp, fp, fneg)
}

/// A small deterministic generator for the shuffle (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

/// Trains a model; `log` receives one line per epoch (with dev P/R/F1 when a dev set is given).
pub fn train(
    cfg: &TrainConfig,
    pos: Option<&PosFn>,
    log: &mut dyn FnMut(&str),
) -> Result<Ner, NerError> {
    let mut gaz = Gazetteer::load_dir(&cfg.gazetteers)?;
    let mut named = Vec::new();
    for p in &cfg.lists {
        named.extend(read_iob(p)?.iter().map(Sentence::split_hyphens));
    }
    gaz.add_corpora(&named);
    drop(named);
    log(&format!("gazetteer: {} entries", gaz.entries().len()));
    let mut text: Vec<Vec<(u64, bool)>> = Vec::new();
    for p in cfg
        .unlabeled
        .iter()
        .chain(cfg.train.iter().map(|f| &f.path))
    {
        for s in read_iob(p)? {
            let words = s.split_hyphens().words;
            text.push(
                words
                    .iter()
                    .map(|w| (lower_hash(w), w.starts_with(char::is_uppercase)))
                    .collect(),
            );
        }
    }
    log(&format!(
        "word classes from {} tokens",
        text.iter().map(Vec::len).sum::<usize>()
    ));
    let clusters = Clusters::learn(&text, cfg.clusters, 3, 8, log);
    drop(text);
    let mut data: Vec<(SentFeats, Vec<u8>, f32)> = Vec::new();
    let mut docs = Vec::new();
    for f in &cfg.train {
        let sents = read_iob(&f.path)?;
        let n = sents.len();
        docs.extend(
            documents(&sents)
                .into_iter()
                .map(|d| d.start + data.len()..d.end + data.len()),
        );
        for s in sents {
            let s = s.split_hyphens();
            let tags = encode(s.words.len(), &gold_spans(&s));
            let p = pos.map(|f| f(&s.words));
            data.push((
                extract(&s.words, p.as_deref(), &gaz, &clusters),
                tags,
                f.weight,
            ));
        }
        log(&format!("train {}: {n} sentences", f.path.display()));
    }
    let dev = match &cfg.dev {
        Some(p) => read_iob(p)?,
        None => Vec::new(),
    };
    let mut vocab: Vec<u64> = data
        .iter()
        .flat_map(|d| d.0.lowers.iter().copied())
        .collect();
    vocab.sort_unstable();
    vocab.dedup();
    let ctx = Run {
        pos,
        data: &data,
        docs: &docs,
        vocab: &vocab,
        dev: &dev,
        gaz: &gaz,
        clusters: &clusters,
        epochs: cfg.epochs,
    };
    let runs = cfg.runs.max(1);
    let mut sum: KeyMap<[f32; N_TAGS]> = KeyMap::default();
    for run in 0..runs {
        let rows = ctx.perceptron(cfg.seed.wrapping_add(run as u64), run, log);
        for (k, row) in rows {
            let e = sum.entry(k).or_insert([0.0; N_TAGS]);
            for (a, b) in e.iter_mut().zip(row) {
                *a += b / runs as f32;
            }
        }
    }
    let model = build(&sum, pos.is_some(), &gaz, &clusters, &vocab, cfg.prune);
    let mut line = format!(
        "final: {runs} runs averaged, {} features kept",
        model.n_features()
    );
    if !dev.is_empty() {
        line.push(' ');
        line.push_str(&dev_line(&model, &dev, pos));
    }
    log(&line);
    Ok(Ner::from_model(model))
}

/// What one perceptron run reads.
struct Run<'a> {
    pos: Option<&'a PosFn>,
    data: &'a [(SentFeats, Vec<u8>, f32)],
    /// Documents as ranges of `data`, tagged in order so that memory features see what
    /// they will see at run time.
    docs: &'a [std::ops::Range<usize>],
    /// Every word of the training data (lower-cased hashes, sorted).
    vocab: &'a [u64],
    dev: &'a [Sentence],
    gaz: &'a Gazetteer,
    clusters: &'a Clusters,
    epochs: usize,
}

impl Run<'_> {
    /// One averaged-perceptron run with its own shuffle seed; returns the averaged weights.
    fn perceptron(
        &self,
        seed: u64,
        run: usize,
        log: &mut dyn FnMut(&str),
    ) -> KeyMap<[f32; N_TAGS]> {
        let mut w = Averaged::default();
        let mut order: Vec<usize> = (0..self.docs.len()).collect();
        let mut rng = Rng(seed.max(1));
        let mut mf = MemoryFeats::default();
        for epoch in 1..=self.epochs {
            let t0 = Instant::now();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            let mut errors = 0usize;
            let mut tokens = 0usize;
            for &d in &order {
                let mut memory = Memory::default();
                for (feats, gold, weight) in &self.data[self.docs[d].clone()] {
                    memory.feats(feats, &mut mf);
                    let pred = viterbi(&w, feats, &mf);
                    tokens += pred.len();
                    // Structured perceptron: towards the gold sequence's features, away
                    // from the predicted one's, where the two differ.
                    for i in 0..pred.len() {
                        w.now += 1;
                        let (pp, gp) = if i > 0 {
                            (pred[i - 1], gold[i - 1])
                        } else {
                            (0, 0)
                        };
                        if pred[i] != gold[i] {
                            errors += 1;
                            for &k in feats.of(i).iter().chain(mf.of(i)) {
                                w.update(k, gold[i], *weight);
                                w.update(k, pred[i], -*weight);
                            }
                        }
                        if pred[i] != gold[i] || pp != gp {
                            for k in transition_keys(feats, i, gp) {
                                w.update(k, gold[i], *weight);
                            }
                            for k in transition_keys(feats, i, pp) {
                                w.update(k, pred[i], -*weight);
                            }
                        }
                    }
                    memory.learn(feats, &pred);
                }
            }
            let mut line = format!(
                "run {} epoch {epoch}: train_err {:.4} features {} ({:.1}s)",
                run + 1,
                errors as f64 / tokens.max(1) as f64,
                w.w.len(),
                t0.elapsed().as_secs_f64()
            );
            if !self.dev.is_empty() {
                let m = build(
                    &w.averaged(),
                    self.pos.is_some(),
                    self.gaz,
                    self.clusters,
                    self.vocab,
                    0.0,
                );
                line.push(' ');
                line.push_str(&dev_line(&m, self.dev, self.pos));
            }
            log(&line);
        }
        w.averaged()
    }
}
