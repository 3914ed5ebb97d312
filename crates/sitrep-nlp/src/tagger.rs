//! Greedy averaged-perceptron POS tagger predicting joint (UPOS, XPOS) tags, with a tag
//! dictionary for frequent unambiguous words and the lemmatizer that runs after it.

use std::collections::HashMap;

use sitrep_doc::{Doc, Layer, Upos, Xpos};
use sitrep_pipeline::{Component, ComponentMeta};

use crate::clusters::{class_key, WordClasses};
use crate::conllu::Sentence;
use crate::hash::{hash_bytes, mix, shape_hash, IdBuild};
use crate::lemma::Lemmatizer;
use crate::model::{Reader, Writer};
use crate::NlpError;

const MAGIC: &[u8; 8] = b"SRTAGGER";
const VERSION: u32 = 2;
/// Feature templates per token in the first pass, and in the second, which adds the
/// first pass's tags of the next two words.
const NF1: usize = 39;
const NF2: usize = NF1 + 5;
/// Hash of the padding "word" outside the sentence.
const PAD: u64 = 0x5151_5151_5151_5151;
/// Hash standing in for a hidden word identity during training.
const UNK: u64 = 0x0badc0de_0badc0de;
/// The class feature of a word without a class.
const NO_CLASS: u64 = 0xffff;
/// Class id used for "no previous tag".
const START: u8 = u8::MAX;

/// Per-word hashes, computed once per token.
#[derive(Clone, Copy, Debug)]
struct WordFeats {
    lower: u64,
    exact: u64,
    suf: [u64; 4],
    pre: [u64; 3],
    shape: u64,
    flags: u64,
    /// The word's ambiguity class: the set of tags it had in training.
    amb: u64,
    /// Fine and coarse word class from unlabelled text ([`NO_CLASS`] if too rare).
    fine: u64,
    coarse: u64,
}

impl WordFeats {
    const PAD: WordFeats = WordFeats {
        lower: PAD,
        exact: PAD,
        suf: [PAD; 4],
        pre: [PAD; 3],
        shape: PAD,
        flags: PAD,
        amb: PAD,
        fine: PAD,
        coarse: PAD,
    };

    fn new(form: &str, buf: &mut String, lex: &Lexicon) -> WordFeats {
        buf.clear();
        let numeric = form.bytes().any(|b| b.is_ascii_digit())
            && form
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.' | b'-' | b'/' | b':'));
        if numeric {
            buf.push_str(
                if form.len() == 4 && form.bytes().all(|b| b.is_ascii_digit()) {
                    "!YEAR"
                } else {
                    "!NUM"
                },
            );
        } else {
            for c in form.chars() {
                buf.extend(c.to_lowercase());
            }
        }
        let lower = hash_bytes(1, buf.as_bytes());
        let b = buf.as_bytes();
        // Suffixes of 1 to 4 bytes and prefixes of 1 to 3, cut on char boundaries.
        let mut suf = [PAD; 4];
        let mut pre = [PAD; 3];
        for n in 1..=4usize {
            if b.len() > n {
                let mut cut = b.len() - n;
                while cut > 0 && !buf.is_char_boundary(cut) {
                    cut -= 1;
                }
                suf[n - 1] = hash_bytes(10 + n as u64, &b[cut..]);
            }
            if n <= 3 && b.len() > n {
                let mut cut = n;
                while cut < b.len() && !buf.is_char_boundary(cut) {
                    cut += 1;
                }
                pre[n - 1] = hash_bytes(20 + n as u64, &b[..cut]);
            }
        }
        let flags = form.contains('-') as u64
            | (form.bytes().any(|c| c.is_ascii_digit()) as u64) << 1
            | (form.starts_with(char::is_uppercase) as u64) << 2
            | (form.chars().all(|c| !c.is_lowercase()) as u64) << 3;
        let shape = shape_hash(form);
        let exact = hash_bytes(2, form.as_bytes());
        let [fine, coarse] = lex
            .wclass
            .get(&class_key(form))
            .map_or([NO_CLASS; 2], |c| c.map(u64::from));
        WordFeats {
            lower,
            exact,
            amb: lex.amb.get(&exact).copied().unwrap_or(0),
            fine,
            coarse,
            suf,
            pre,
            shape,
            flags,
        }
    }
}

/// Fills `out` with the feature keys of position `i`, given the two previous classes and,
/// in the second pass, the first pass's classes. Returns how many keys it wrote.
fn features(
    w: &[WordFeats],
    i: usize,
    p1: u8,
    p2: u8,
    right: Option<&[u8]>,
    out: &mut [u64; NF2],
) -> usize {
    let at = |k: isize| -> &WordFeats {
        let j = i as isize + k;
        if j < 0 || j as usize >= w.len() {
            &WordFeats::PAD
        } else {
            &w[j as usize]
        }
    };
    let (c, m1, m2, n1, n2) = (at(0), at(-1), at(-2), at(1), at(2));
    let vals = [
        1,
        c.lower,
        c.exact,
        c.suf[0],
        c.suf[1],
        c.suf[2],
        c.suf[3],
        c.pre[0],
        c.pre[1],
        c.pre[2],
        c.shape,
        c.flags,
        m1.lower,
        m1.suf[2],
        n1.lower,
        n1.suf[2],
        m2.lower,
        n2.lower,
        p1 as u64,
        mix(p1 as u64, p2 as u64),
        mix(p1 as u64, c.lower),
        mix(c.lower, n1.lower),
        mix((i == 0) as u64, c.shape),
        n1.shape,
        m1.shape,
        mix(p1 as u64, c.suf[2]),
        mix(p1 as u64, n1.lower),
        mix(m1.lower, c.lower),
        n1.exact,
        n2.suf[2],
        n1.amb,
        n2.amb,
        mix(p1 as u64, n1.amb),
        c.fine,
        c.coarse,
        m1.fine,
        n1.fine,
        n2.coarse,
        mix(p1 as u64, c.fine),
    ];
    for (k, (o, v)) in out.iter_mut().zip(vals).enumerate() {
        *o = mix(v, k as u64 + 1);
    }
    let Some(r) = right else {
        return NF1;
    };
    let r1 = r.get(i + 1).copied().unwrap_or(START) as u64;
    let r2 = r.get(i + 2).copied().unwrap_or(START) as u64;
    let own = r.get(i).copied().unwrap_or(START) as u64;
    let extra = [
        r1,
        mix(r1, r2),
        mix(p1 as u64, r1),
        mix(c.lower, r1),
        mix(own, r1),
    ];
    for (k, v) in extra.into_iter().enumerate() {
        out[NF1 + k] = mix(v, (NF1 + k) as u64 + 1);
    }
    NF2
}

/// Sparse weights: feature key -> run of (class, weight) entries.
#[derive(Default)]
struct Weights {
    index: HashMap<u64, (u32, u32), IdBuild>,
    class_of: Vec<u8>,
    weight: Vec<f32>,
    /// Run-time layout built at load ([`Weights::with_rows`]): features touching many
    /// classes get a dense row, which adds as one vectorised loop.
    fast: HashMap<u64, Slot, IdBuild>,
    rows: Vec<f32>,
    nc: usize,
}

/// Where a feature's weights live in the run-time layout.
#[derive(Clone, Copy)]
enum Slot {
    Sparse(u32, u32),
    Dense(u32),
}

impl Weights {
    /// Adds the run-time layout: a dense row for each feature with weights for a quarter
    /// of the classes or more.
    fn with_rows(mut self, nc: usize) -> Weights {
        self.nc = nc;
        self.fast = HashMap::with_capacity_and_hasher(self.index.len(), IdBuild::default());
        for (&k, &(off, len)) in &self.index {
            let slot = if len as usize * 4 >= nc {
                let row = self.rows.len() / nc;
                self.rows.resize(self.rows.len() + nc, 0.0);
                for j in off as usize..(off + len) as usize {
                    self.rows[row * nc + self.class_of[j] as usize] = self.weight[j];
                }
                Slot::Dense(row as u32)
            } else {
                Slot::Sparse(off, len)
            };
            self.fast.insert(k, slot);
        }
        self
    }

    fn score(&self, keys: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|x| *x = 0.0);
        if !self.fast.is_empty() {
            let nc = self.nc;
            // Look every key up and hint its row before adding any row, so that the
            // cache misses of the table and of the rows overlap instead of queueing.
            let mut slots = [None; NF2];
            for (s, k) in slots.iter_mut().zip(keys) {
                *s = self.fast.get(k).copied();
                match *s {
                    Some(Slot::Dense(r)) => {
                        let r = r as usize;
                        // One hint per 64-byte cache line.
                        self.rows[r * nc..(r + 1) * nc]
                            .iter()
                            .step_by(16)
                            .for_each(crate::prefetch);
                    }
                    Some(Slot::Sparse(off, _)) => {
                        let o = off as usize;
                        if let (Some(c), Some(w)) = (self.class_of.get(o), self.weight.get(o)) {
                            crate::prefetch(c);
                            crate::prefetch(w);
                        }
                    }
                    None => {}
                }
            }
            for slot in &slots[..keys.len().min(NF2)] {
                match slot {
                    Some(Slot::Dense(r)) => {
                        let r = *r as usize;
                        let row = &self.rows[r * nc..(r + 1) * nc];
                        for (s, w) in scores[..nc].iter_mut().zip(row) {
                            *s += w;
                        }
                    }
                    Some(Slot::Sparse(off, len)) => {
                        let (o, l) = (*off as usize, *len as usize);
                        for (c, x) in self.class_of[o..o + l].iter().zip(&self.weight[o..o + l]) {
                            scores[*c as usize] += x;
                        }
                    }
                    None => {}
                }
            }
            return;
        }
        for k in keys {
            if let Some(&(off, len)) = self.index.get(k) {
                let (o, l) = (off as usize, len as usize);
                for (c, x) in self.class_of[o..o + l].iter().zip(&self.weight[o..o + l]) {
                    scores[*c as usize] += x;
                }
            }
        }
    }

    /// The mean of several runs' weights. Scores are linear in the weights, so this is
    /// the runs' score ensemble in one table.
    fn mean(runs: &[Weights]) -> Weights {
        let share = 1.0 / runs.len().max(1) as f32;
        let mut sum: HashMap<u64, Vec<(u8, f32)>, IdBuild> = HashMap::default();
        for w in runs {
            for (&k, &(off, len)) in &w.index {
                let row = sum.entry(k).or_default();
                for j in off as usize..(off + len) as usize {
                    let c = w.class_of[j];
                    match row.iter_mut().find(|e| e.0 == c) {
                        Some(e) => e.1 += w.weight[j] * share,
                        None => row.push((c, w.weight[j] * share)),
                    }
                }
            }
        }
        let mut keys: Vec<u64> = sum.keys().copied().collect();
        keys.sort_unstable();
        let mut out = Weights::default();
        for k in keys {
            let mut row = sum.remove(&k).unwrap_or_default();
            row.sort_unstable_by_key(|e| e.0);
            let off = out.class_of.len() as u32;
            for (c, x) in row {
                out.class_of.push(c);
                out.weight.push(x);
            }
            out.index.insert(k, (off, out.class_of.len() as u32 - off));
        }
        out
    }

    /// The same weights without entries smaller than `min` in magnitude.
    fn pruned(&self, min: f32) -> Weights {
        let mut out = Weights::default();
        let mut keys: Vec<(&u64, &(u32, u32))> = self.index.iter().collect();
        keys.sort_unstable();
        for (k, &(off, len)) in keys {
            let start = out.class_of.len() as u32;
            for j in off as usize..(off + len) as usize {
                if self.weight[j].abs() >= min {
                    out.class_of.push(self.class_of[j]);
                    out.weight.push(self.weight[j]);
                }
            }
            let n = out.class_of.len() as u32 - start;
            if n > 0 {
                out.index.insert(*k, (start, n));
            }
        }
        out
    }

    fn read(r: &mut Reader<'_>, nc: usize) -> Result<Weights, NlpError> {
        let scale = r.f32()?;
        let nfeat = r.u32()? as usize;
        let mut w = Weights {
            index: HashMap::with_capacity_and_hasher(nfeat, IdBuild::default()),
            ..Weights::default()
        };
        for _ in 0..nfeat {
            let k = r.u64()?;
            let m = r.u8()? as u32;
            w.index.insert(k, (w.class_of.len() as u32, m));
            for _ in 0..m {
                let c = r.u8()?;
                if c as usize >= nc {
                    return Err(NlpError::model("weight class out of range"));
                }
                w.class_of.push(c);
                w.weight.push(r.i16()? as f32 * scale);
            }
        }
        Ok(w)
    }

    /// Writes the weights quantised to 16 bits with one scale.
    fn write(&self, w: &mut Writer) {
        let max = self.weight.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut feats: Vec<(u64, Vec<(u8, i16)>)> = self
            .index
            .iter()
            .map(|(&k, &(off, len))| {
                let e: Vec<(u8, i16)> = (off..off + len)
                    .map(|j| {
                        let j = j as usize;
                        (self.class_of[j], (self.weight[j] / scale).round() as i16)
                    })
                    .filter(|&(_, q)| q != 0)
                    .collect();
                (k, e)
            })
            .filter(|(_, e)| !e.is_empty())
            .collect();
        feats.sort_unstable_by_key(|f| f.0);
        w.f32(scale);
        w.u32(feats.len() as u32);
        for (k, e) in feats {
            w.u64(k);
            w.u8(e.len() as u8);
            for (c, q) in e {
                w.u8(c);
                w.i16(q);
            }
        }
    }
}

/// What the model knows of words beyond the weights.
#[derive(Clone, Default)]
struct Lexicon {
    /// Exact-form hash -> hash of the word's training tag set.
    amb: HashMap<u64, u64, IdBuild>,
    /// [`class_key`] -> fine and coarse word class.
    wclass: HashMap<u64, [u16; 2], IdBuild>,
}

/// The trained tagger and lemmatizer; shared read-only across threads.
///
/// Tagging is two greedy left-to-right passes: the second sees the first pass's tags of
/// the next two words, which a single left-to-right pass cannot know.
pub struct Tagger {
    classes: Vec<(Upos, Xpos)>,
    tagdict: HashMap<u64, u8, IdBuild>,
    lex: Lexicon,
    pass1: Weights,
    pass2: Weights,
    lemmatizer: Lemmatizer,
}

const META: ComponentMeta = ComponentMeta {
    name: "tagger",
    requires: &[Layer::Tokens, Layer::Sents],
    assigns: &[Layer::Pos, Layer::Lemmas],
};

static DEFAULT_MODEL: &[u8] = include_bytes!("../../../models/tagger.bin");

impl Tagger {
    /// Loads the model embedded in the binary (`models/tagger.bin`).
    pub fn load_default() -> Result<Tagger, NlpError> {
        Tagger::from_bytes(DEFAULT_MODEL)
    }

    /// Loads a model from its serialised bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, NlpError> {
        let mut r = Reader::new(bytes, MAGIC, VERSION)?;
        let nc = r.u16()? as usize;
        let mut classes = Vec::with_capacity(nc);
        for _ in 0..nc {
            let u = Upos::from_index(r.u8()? as usize);
            classes.push((u, Xpos(r.u8()?)));
        }
        let nd = r.u32()? as usize;
        let mut tagdict = HashMap::with_capacity_and_hasher(nd, IdBuild::default());
        for _ in 0..nd {
            let k = r.u64()?;
            let c = r.u8()?;
            if c as usize >= nc {
                return Err(NlpError::model("tag dictionary class out of range"));
            }
            tagdict.insert(k, c);
        }
        let na = r.u32()? as usize;
        let mut amb = HashMap::with_capacity_and_hasher(na, IdBuild::default());
        for _ in 0..na {
            let k = r.u64()?;
            amb.insert(k, r.u64()?);
        }
        let nw = r.u32()? as usize;
        let mut wclass = HashMap::with_capacity_and_hasher(nw, IdBuild::default());
        for _ in 0..nw {
            let k = r.u64()?;
            wclass.insert(k, [r.u16()?, r.u16()?]);
        }
        let pass1 = Weights::read(&mut r, nc)?.with_rows(nc);
        let pass2 = Weights::read(&mut r, nc)?.with_rows(nc);
        let ne = r.u32()? as usize;
        let mut entries = Vec::with_capacity(ne);
        for _ in 0..ne {
            let f = r.str()?.to_string();
            let x = r.u8()?;
            entries.push((f, x, r.str()?.to_string()));
        }
        let nk = r.u32()? as usize;
        let mut known = Vec::with_capacity(nk);
        for _ in 0..nk {
            known.push(r.str()?.to_string());
        }
        r.finish()?;
        Ok(Tagger {
            classes,
            tagdict,
            lex: Lexicon { amb, wclass },
            pass1,
            pass2,
            lemmatizer: Lemmatizer::new(entries, known),
        })
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new(MAGIC, VERSION);
        w.u16(self.classes.len() as u16);
        for &(u, x) in &self.classes {
            w.u8(u as u8);
            w.u8(x.0);
        }
        let mut dict: Vec<(&u64, &u8)> = self.tagdict.iter().collect();
        dict.sort_unstable();
        w.u32(dict.len() as u32);
        for (k, c) in dict {
            w.u64(*k);
            w.u8(*c);
        }
        let mut amb: Vec<(&u64, &u64)> = self.lex.amb.iter().collect();
        amb.sort_unstable();
        w.u32(amb.len() as u32);
        for (k, a) in amb {
            w.u64(*k);
            w.u64(*a);
        }
        let mut wclass: Vec<(&u64, &[u16; 2])> = self.lex.wclass.iter().collect();
        wclass.sort_unstable();
        w.u32(wclass.len() as u32);
        for (k, [f, c]) in wclass {
            w.u64(*k);
            w.u16(*f);
            w.u16(*c);
        }
        self.pass1.write(&mut w);
        self.pass2.write(&mut w);
        let ex = self.lemmatizer.entries();
        w.u32(ex.len() as u32);
        for (f, x, l) in ex {
            w.str(f);
            w.u8(*x);
            w.str(l);
        }
        let known = self.lemmatizer.known_sorted();
        w.u32(known.len() as u32);
        for k in known {
            w.str(k);
        }
        w.finish()
    }

    fn word_feats(&self, forms: &[&str], buf: &mut String) -> Vec<WordFeats> {
        forms
            .iter()
            .map(|f| WordFeats::new(f, buf, &self.lex))
            .collect()
    }

    /// One greedy pass; `right` holds the first pass's classes in the second pass.
    fn decode(
        &self,
        w: &[WordFeats],
        weights: &Weights,
        right: Option<&[u8]>,
        scores: &mut Vec<f32>,
    ) -> Vec<u8> {
        let mut out = Vec::with_capacity(w.len());
        let (mut p1, mut p2) = (START, START);
        let mut keys = [0u64; NF2];
        scores.resize(self.classes.len(), 0.0);
        for i in 0..w.len() {
            let c = match self.tagdict.get(&w[i].exact) {
                Some(&c) => c,
                None => {
                    let n = features(w, i, p1, p2, right, &mut keys);
                    weights.score(&keys[..n], scores);
                    argmax(scores)
                }
            };
            out.push(c);
            p2 = p1;
            p1 = c;
        }
        out
    }

    fn tag_feats(&self, w: &[WordFeats], scores: &mut Vec<f32>) -> Vec<u8> {
        let first = self.decode(w, &self.pass1, None, scores);
        self.decode(w, &self.pass2, Some(&first), scores)
    }

    /// Tags word forms: (UPOS, XPOS) per word.
    pub fn tag(&self, forms: &[&str]) -> Vec<(Upos, Xpos)> {
        let mut buf = String::new();
        let w = self.word_feats(forms, &mut buf);
        self.tag_feats(&w, &mut Vec::new())
            .into_iter()
            .map(|c| self.classes[c as usize])
            .collect()
    }

    /// The same tagger without weights smaller than `min` in magnitude: a smaller model
    /// that tags faster, at some cost in accuracy (measure it on dev).
    pub fn pruned(&self, min: f32) -> Tagger {
        Tagger {
            classes: self.classes.clone(),
            tagdict: self.tagdict.clone(),
            lex: self.lex.clone(),
            pass1: self.pass1.pruned(min),
            pass2: self.pass2.pruned(min),
            lemmatizer: self.lemmatizer.clone(),
        }
    }

    /// The lemmatizer bundled with this model.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmatizer
    }
}

fn argmax(scores: &[f32]) -> u8 {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best as u8
}

impl Component for Tagger {
    fn meta(&self) -> &ComponentMeta {
        &META
    }

    fn process(&self, doc: &mut Doc) {
        let mut buf = String::new();
        let mut scores = Vec::new();
        let mut forms: Vec<&str> = Vec::new();
        let mut tags: Vec<(usize, u8)> = Vec::with_capacity(doc.len());
        for s in &doc.sents {
            forms.clear();
            forms.extend(s.iter().map(|i| doc.token(i).text()));
            let w = self.word_feats(&forms, &mut buf);
            let classes = self.tag_feats(&w, &mut scores);
            tags.extend(s.iter().zip(classes));
        }
        for (i, c) in tags {
            let (u, x) = self.classes[c as usize];
            let lemma = self.lemmatizer.lemma(doc.token(i).text(), x);
            doc.tokens.upos_mut()[i] = u;
            doc.tokens.xpos_mut()[i] = x;
            doc.tokens.lemmas_mut()[i] = lemma;
        }
    }
}

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the sentence shuffle and of hapax hiding.
    pub seed: u64,
    /// Independent runs (seeds `seed`, `seed + 1`, ...) per pass whose weights are
    /// averaged (see [`Weights::mean`]).
    pub runs: usize,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            epochs: 10,
            seed: 1,
            runs: 1,
        }
    }
}

/// Dev-set accuracy after one epoch of one tagging pass.
#[derive(Clone, Copy, Debug)]
pub struct EpochReport {
    /// Which model: 1 for the first pass, 2 for the second (the full tagger).
    pub pass: usize,
    /// 0-based run (see [`TrainConfig::runs`]).
    pub run: usize,
    /// 1-based epoch.
    pub epoch: usize,
    /// UPOS accuracy on dev.
    pub upos: f64,
    /// XPOS accuracy on dev.
    pub xpos: f64,
}

#[derive(Default)]
struct Acc {
    class: u8,
    w: f32,
    u: f64,
}

#[derive(Default)]
struct FeatWeights {
    seen: u32,
    acc: Vec<Acc>,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// One training sentence: word features, gold classes and hapax flags.
struct Example {
    feats: Vec<WordFeats>,
    gold: Vec<u8>,
    hapax: Vec<bool>,
}

/// What a tagging pass trains on: `data` (indices into `examples`), and in the second
/// pass `right`, the first pass's classes.
#[derive(Clone, Copy)]
struct PassData<'a> {
    examples: &'a [Example],
    data: &'a [usize],
    right: Option<&'a [Vec<u8>]>,
    tagdict: &'a HashMap<u64, u8, IdBuild>,
    nc: usize,
}

/// Trains one pass; `on_epoch` sees the averaged weights.
fn train_pass(
    d: PassData<'_>,
    cfg: TrainConfig,
    mut on_epoch: impl FnMut(usize, &Weights),
) -> Weights {
    let PassData {
        examples,
        data,
        right,
        tagdict,
        nc,
    } = d;
    let mut weights: HashMap<u64, FeatWeights, IdBuild> = HashMap::default();
    let mut order = data.to_vec();
    let mut rng = Rng(cfg.seed.max(1));
    let mut counter = 0f64;
    let mut keys = [0u64; NF2];
    let mut scores = vec![0f32; nc];
    let mut out = Weights::default();
    for epoch in 1..=cfg.epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, (rng.next() % (i as u64 + 1)) as usize);
        }
        for &si in &order {
            let ex = &examples[si];
            // Hide the identity of half the hapaxes, so unknown words at run time look
            // like something the model has trained on.
            let mut wf = ex.feats.clone();
            for (f, &h) in wf.iter_mut().zip(&ex.hapax) {
                if h && rng.next() & 1 == 0 {
                    f.lower = UNK;
                    f.exact = UNK;
                }
            }
            let r = right.map(|r| r[si].as_slice());
            let (mut p1, mut p2) = (START, START);
            for (i, &g) in ex.gold.iter().enumerate() {
                let pred = if let Some(&c) = tagdict.get(&ex.feats[i].exact) {
                    c
                } else {
                    counter += 1.0;
                    let n = features(&wf, i, p1, p2, r, &mut keys);
                    scores.iter_mut().for_each(|x| *x = 0.0);
                    for k in &keys[..n] {
                        if let Some(f) = weights.get(k) {
                            for a in &f.acc {
                                scores[a.class as usize] += a.w;
                            }
                        }
                    }
                    let pred = argmax(&scores);
                    for k in &keys[..n] {
                        let f = weights.entry(*k).or_default();
                        if epoch == 1 {
                            f.seen += 1;
                        }
                        if pred != g {
                            for (c, d) in [(g, 1f32), (pred, -1f32)] {
                                let pos = match f.acc.iter().position(|a| a.class == c) {
                                    Some(p) => p,
                                    None => {
                                        f.acc.push(Acc {
                                            class: c,
                                            ..Acc::default()
                                        });
                                        f.acc.len() - 1
                                    }
                                };
                                f.acc[pos].w += d;
                                f.acc[pos].u += counter * d as f64;
                            }
                        }
                    }
                    pred
                };
                p2 = p1;
                p1 = pred;
            }
        }
        out = average(&weights, counter, epoch == cfg.epochs);
        on_epoch(epoch, &out);
    }
    out
}

/// [`train_pass`] once per run, each with its own seed; the mean of the runs' weights.
/// `on_epoch` also sees the run.
fn train_runs(
    d: PassData<'_>,
    cfg: TrainConfig,
    mut on_epoch: impl FnMut(usize, usize, &Weights),
) -> Weights {
    let runs: Vec<Weights> = (0..cfg.runs.max(1))
        .map(|r| {
            let cfg = TrainConfig {
                seed: cfg.seed + r as u64,
                ..cfg
            };
            train_pass(d, cfg, |e, w| on_epoch(r, e, w))
        })
        .collect();
    if runs.len() == 1 {
        runs.into_iter().next().unwrap_or_default()
    } else {
        Weights::mean(&runs)
    }
}

/// Averaged weights; the final pass drops rare features and tiny weights.
fn average(weights: &HashMap<u64, FeatWeights, IdBuild>, c: f64, prune: bool) -> Weights {
    let mut t = Weights::default();
    let mut keys: Vec<&u64> = weights.keys().collect();
    keys.sort_unstable();
    for k in keys {
        let f = &weights[k];
        if prune && f.seen < 2 {
            continue;
        }
        let off = t.class_of.len() as u32;
        for a in &f.acc {
            let avg = (a.w as f64 - a.u / c.max(1.0)) as f32;
            if avg.abs() > if prune { 0.05 } else { 0.0 } {
                t.class_of.push(a.class);
                t.weight.push(avg);
            }
        }
        let len = t.class_of.len() as u32 - off;
        if len > 0 {
            t.index.insert(*k, (off, len));
        }
    }
    t
}

fn class_of(w: &crate::conllu::Word) -> (Upos, Xpos) {
    (
        Upos::parse(&w.upos).unwrap_or(Upos::X),
        Xpos::parse(&w.xpos),
    )
}

/// Trains a tagger (and learns the lemmatizer) on `train`, with word classes `wclasses`
/// (see [`crate::clusters::learn_word_classes`]), reporting dev accuracy per epoch. The
/// second pass trains on first-pass tags from a two-fold jackknife, so it sees
/// first-pass errors as they occur on unseen text.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    wclasses: &WordClasses,
    cfg: TrainConfig,
    mut report: impl FnMut(EpochReport),
) -> Tagger {
    // Classes by frequency.
    let mut ccount: HashMap<(Upos, Xpos), u32> = HashMap::new();
    let mut wcount: HashMap<&str, HashMap<(Upos, Xpos), u32>> = HashMap::new();
    for s in train {
        for w in &s.words {
            let t = class_of(w);
            *ccount.entry(t).or_default() += 1;
            *wcount.entry(&w.form).or_default().entry(t).or_default() += 1;
        }
    }
    let mut classes: Vec<((Upos, Xpos), u32)> = ccount.into_iter().collect();
    classes.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then((a.0 .0, a.0 .1 .0).cmp(&(b.0 .0, b.0 .1 .0)))
    });
    classes.truncate(250);
    let classes: Vec<(Upos, Xpos)> = classes.into_iter().map(|c| c.0).collect();
    let class_id: HashMap<(Upos, Xpos), u8> = classes
        .iter()
        .enumerate()
        .map(|(i, &c)| (c, i as u8))
        .collect();
    // Frequent, nearly unambiguous words are looked up, not scored.
    let mut tagdict: HashMap<u64, u8, IdBuild> = HashMap::default();
    // Ambiguity classes of words seen twice or more: tags covering 5%+ of their uses.
    let mut amb: HashMap<u64, u64, IdBuild> = HashMap::default();
    for (form, tags) in &wcount {
        let total: u32 = tags.values().sum();
        let key = hash_bytes(2, form.as_bytes());
        let (&best, &n) = tags
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then((b.0 .0, b.0 .1 .0).cmp(&(a.0 .0, a.0 .1 .0)))
            })
            .expect("a counted word has a tag");
        if total >= 50 && n as f64 / total as f64 >= 0.995 {
            if let Some(&c) = class_id.get(&best) {
                tagdict.insert(key, c);
            }
        }
        if total >= 2 {
            let mut ids: Vec<u8> = tags
                .iter()
                .filter(|(_, &n)| n * 20 >= total)
                .filter_map(|(t, _)| class_id.get(t).copied())
                .collect();
            ids.sort_unstable();
            amb.insert(key, hash_bytes(3, &ids));
        }
    }
    let lex = Lexicon {
        amb,
        wclass: wclasses.iter().map(|(&k, &c)| (k, c)).collect(),
    };
    let lemmatizer = Lemmatizer::learn(train.iter().flat_map(|s| {
        s.words
            .iter()
            .map(|w| (w.form.as_str(), Xpos::parse(&w.xpos), w.lemma.as_str()))
    }));
    let mut buf = String::new();
    let examples: Vec<Example> = train
        .iter()
        .map(|s| Example {
            feats: s
                .words
                .iter()
                .map(|w| WordFeats::new(&w.form, &mut buf, &lex))
                .collect(),
            gold: s
                .words
                .iter()
                .map(|w| class_id.get(&class_of(w)).copied().unwrap_or(0))
                .collect(),
            hapax: s
                .words
                .iter()
                .map(|w| wcount[w.form.as_str()].values().sum::<u32>() == 1)
                .collect(),
        })
        .collect();
    let nc = classes.len();
    let mut t = Tagger {
        classes,
        tagdict,
        lex,
        pass1: Weights::default(),
        pass2: Weights::default(),
        lemmatizer,
    };
    // Jackknifed first-pass tags for the second pass's training data.
    let mut right: Vec<Vec<u8>> = vec![Vec::new(); examples.len()];
    let mut scores = Vec::new();
    for fold in 0..2 {
        let learn: Vec<usize> = (0..examples.len()).filter(|i| i % 2 != fold).collect();
        let d = PassData {
            examples: &examples,
            data: &learn,
            right: None,
            tagdict: &t.tagdict,
            nc,
        };
        let w = train_runs(d, cfg, |_, _, _| {});
        for i in (0..examples.len()).filter(|i| i % 2 == fold) {
            right[i] = t.decode(&examples[i].feats, &w, None, &mut scores);
        }
    }
    let all: Vec<usize> = (0..examples.len()).collect();
    let dev_feats: Vec<Vec<WordFeats>> = dev
        .iter()
        .map(|s| {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            t.word_feats(&forms, &mut buf)
        })
        .collect();
    let dev_acc = |t: &Tagger, w1: &Weights, w2: Option<&Weights>| -> (f64, f64) {
        let mut scores = Vec::new();
        let (mut n, mut u, mut x) = (0usize, 0usize, 0usize);
        for (s, f) in dev.iter().zip(&dev_feats) {
            let mut tags = t.decode(f, w1, None, &mut scores);
            if let Some(w2) = w2 {
                tags = t.decode(f, w2, Some(&tags), &mut scores);
            }
            for (w, c) in s.words.iter().zip(tags) {
                let (pu, px) = t.classes[c as usize];
                n += 1;
                u += (pu.as_str() == w.upos) as usize;
                x += (px.as_str() == w.xpos) as usize;
            }
        }
        let n = n.max(1) as f64;
        (u as f64 / n, x as f64 / n)
    };
    let tagdict = t.tagdict.clone();
    let pass = PassData {
        examples: &examples,
        data: &all,
        right: None,
        tagdict: &tagdict,
        nc,
    };
    t.pass1 = train_runs(pass, cfg, |run, epoch, w| {
        let (upos, xpos) = dev_acc(&t, w, None);
        report(EpochReport {
            pass: 1,
            run,
            epoch,
            upos,
            xpos,
        });
    });
    let pass = PassData {
        right: Some(&right),
        ..pass
    };
    t.pass2 = train_runs(pass, cfg, |run, epoch, w| {
        let (upos, xpos) = dev_acc(&t, &t.pass1, Some(w));
        report(EpochReport {
            pass: 2,
            run,
            epoch,
            upos,
            xpos,
        });
    });
    t
}

/// UPOS and XPOS accuracy of `t` on gold-tokenised sentences.
pub fn accuracy(t: &Tagger, sents: &[Sentence]) -> (f64, f64) {
    let (mut n, mut u, mut x) = (0usize, 0usize, 0usize);
    for s in sents {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (w, (pu, px)) in s.words.iter().zip(t.tag(&forms)) {
            n += 1;
            u += (pu.as_str() == w.upos) as usize;
            x += (px.as_str() == w.xpos) as usize;
        }
    }
    let n = n.max(1) as f64;
    (u as f64 / n, x as f64 / n)
}
