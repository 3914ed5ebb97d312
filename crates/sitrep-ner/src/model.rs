//! The tag set, the weights, Viterbi decoding and the model file format.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use sitrep_doc::EntLabel;

use crate::clusters::Clusters;
use crate::features::{extract, key, word_transition_key, Key, SentFeats};
use crate::gazetteer::Gazetteer;
use crate::memory::{Memory, MemoryFeats};
use crate::NerError;

/// File magic and format version; bump the version when the layout or features change.
const MAGIC: &[u8; 6] = b"SRNER\0";
const VERSION: u16 = 4;

/// Labels the model predicts; GPE is derived afterwards from the place lists.
pub(crate) const LABELS: [EntLabel; 3] = [EntLabel::Per, EntLabel::Org, EntLabel::Loc];

/// BILOU tags: 0 is O, then B, I, L, U for each label in turn.
pub(crate) const N_TAGS: usize = 1 + 4 * LABELS.len();

/// Score vectors are padded from [`N_TAGS`] to this width, which vectorises.
pub(crate) const LANES: usize = 16;

const POS_B: u8 = 0;
const POS_I: u8 = 1;
const POS_L: u8 = 2;
const POS_U: u8 = 3;

fn tag(label: usize, pos: u8) -> u8 {
    1 + 4 * label as u8 + pos
}

fn pos_of(tag: u8) -> Option<(usize, u8)> {
    (tag > 0).then(|| (usize::from((tag - 1) / 4), (tag - 1) % 4))
}

/// The label index of a tag, `None` for O.
pub(crate) fn label_of(tag: u8) -> Option<usize> {
    pos_of(tag).map(|(l, _)| l)
}

/// Whether `next` may follow `prev`; `last` forbids tags that leave a span open.
pub(crate) fn allowed(prev: u8, next: u8, last: bool) -> bool {
    let inside = matches!(pos_of(prev), Some((_, POS_B | POS_I)));
    match (pos_of(prev), pos_of(next)) {
        (Some((pl, _)), Some((nl, np))) if inside => {
            pl == nl && (np == POS_L || (np == POS_I && !last))
        }
        _ if inside => false,
        (_, None) => true,
        (_, Some((_, np))) => np == POS_U || (np == POS_B && !last),
    }
}

/// The tag pairs [`allowed`] admits, as `(prev, next)`: inside a sentence and at its end.
static ALLOWED: std::sync::LazyLock<[Vec<(u8, u8)>; 2]> = std::sync::LazyLock::new(|| {
    [false, true].map(|last| {
        let mut pairs = Vec::new();
        for p in 0..N_TAGS as u8 {
            for n in 0..N_TAGS as u8 {
                if allowed(p, n, last) {
                    pairs.push((p, n));
                }
            }
        }
        pairs
    })
});

/// The gold tags of a sentence with `n` words.
pub(crate) fn encode(n: usize, spans: &[(usize, usize, usize)]) -> Vec<u8> {
    let mut tags = vec![0u8; n];
    for &(s, e, l) in spans {
        if e <= s || e > n {
            continue;
        }
        if e - s == 1 {
            tags[s] = tag(l, POS_U);
            continue;
        }
        tags[s] = tag(l, POS_B);
        for t in &mut tags[s + 1..e - 1] {
            *t = tag(l, POS_I);
        }
        tags[e - 1] = tag(l, POS_L);
    }
    tags
}

/// Spans `(start, end, label index)` of a well-formed tag sequence.
pub(crate) fn decode_spans(tags: &[u8]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, &t) in tags.iter().enumerate() {
        match pos_of(t) {
            Some((l, POS_U)) => out.push((i, i + 1, l)),
            Some((l, POS_B)) => open = Some((i, l)),
            Some((l, POS_L)) => {
                if let Some((s, ol)) = open.take() {
                    if ol == l {
                        out.push((s, i + 1, l));
                    }
                }
            }
            Some(_) => {}
            None => open = None,
        }
    }
    out
}

/// Feature keys are already hashes, so the table uses them as they are.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

pub(crate) type KeyMap<V> = HashMap<Key, V, BuildHasherDefault<IdHasher>>;

/// A map keyed by word or word-sequence hashes.
pub(crate) type HashMap64<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// A set of word hashes.
pub(crate) type HashSet64 = std::collections::HashSet<u64, BuildHasherDefault<IdHasher>>;

/// Anything that adds a feature's weights to a score vector: the training weights (in
/// `f32`) and a saved model (in integer units of its quantisation scale).
pub(crate) trait Scorer {
    type Score: Copy + PartialOrd + std::ops::Add<Output = Self::Score>;
    const ZERO: Self::Score;
    /// Below every reachable score: marks unreachable states.
    const NONE: Self::Score;
    fn add(&self, key: Key, scores: &mut [Self::Score; LANES]);
    /// Starts loading the weights of `key` ahead of [`Scorer::add`].
    fn hint(&self, _key: Key) {}
    /// False when no transition feature mentions this word (lower-cased hash), so that
    /// decoding can skip looking them up.
    fn word_transitions(&self, _lower: u64) -> bool {
        true
    }
}

/// Keys of the transition from tag `prev` into token `i`: the tag pair alone, then with
/// the token's word and shape.
pub(crate) fn transition_keys(feats: &SentFeats, i: usize, prev: u8) -> [Key; 3] {
    let [word, shape] = feats.transition(i, prev);
    [key(100, u64::from(prev)), word, shape]
}

/// The best tag sequence under the BILOU constraints: Viterbi over per-token scores and
/// first-order transitions (the tag pair, and the previous tag with the word and shape).
pub(crate) fn viterbi<S: Scorer>(w: &S, feats: &SentFeats, memory: &MemoryFeats) -> Vec<u8> {
    let n = feats.len();
    let mut pair = [[S::ZERO; LANES]; N_TAGS];
    for (p, row) in pair.iter_mut().enumerate() {
        w.add(key(100, p as u64), row);
    }
    let mut back = vec![[0u8; N_TAGS]; n];
    // Before the first token the previous tag is O.
    let mut score = [S::NONE; N_TAGS];
    score[0] = S::ZERO;
    for i in 0..n {
        // Every key of the token is hinted before any is added, so that their cache
        // misses overlap.
        let words = w.word_transitions(feats.lowers[i]);
        for &k in feats.of(i).iter().chain(memory.of(i)) {
            w.hint(k);
        }
        let mut tkeys = [[0; 2]; N_TAGS];
        for p in (0..N_TAGS).filter(|&p| score[p] != S::NONE) {
            tkeys[p] = feats.transition(i, p as u8);
            if words {
                w.hint(tkeys[p][0]);
            }
            w.hint(tkeys[p][1]);
        }
        let mut emit = [S::ZERO; LANES];
        for &k in feats.of(i).iter().chain(memory.of(i)) {
            w.add(k, &mut emit);
        }
        let mut trans = pair;
        for (p, row) in trans.iter_mut().enumerate() {
            if score[p] != S::NONE {
                let [word, shape] = tkeys[p];
                if words {
                    w.add(word, row);
                }
                w.add(shape, row);
            }
        }
        let mut next = [S::NONE; N_TAGS];
        for &(p, t) in &ALLOWED[usize::from(i + 1 == n)] {
            let (p, t) = (usize::from(p), usize::from(t));
            if score[p] == S::NONE {
                continue;
            }
            let s = score[p] + trans[p][t] + emit[t];
            if s > next[t] {
                next[t] = s;
                back[i][t] = p as u8;
            }
        }
        score = next;
    }
    let mut best = 0;
    for t in 1..N_TAGS {
        if score[t] > score[best] {
            best = t;
        }
    }
    let mut tags = vec![0u8; n];
    for i in (0..n).rev() {
        tags[i] = best as u8;
        best = usize::from(back[i][best]);
    }
    tags
}

/// A trained model: gazetteer, word classes and quantised feature weights.
pub(crate) struct Model {
    /// Whether the features include part-of-speech tags (the `Pos` layer).
    pub(crate) uses_pos: bool,
    pub(crate) gaz: Gazetteer,
    pub(crate) clusters: Clusters,
    /// Weights in units of `scale`, inline so that a feature costs one lookup.
    weights: Table,
    scale: f32,
    /// Words (lower-cased hashes) that have word transition features.
    transition_words: HashSet64,
}

impl Scorer for Model {
    type Score = i32;
    const ZERO: i32 = 0;
    const NONE: i32 = i32::MIN;
    fn add(&self, key: Key, scores: &mut [i32; LANES]) {
        if let Some(row) = self.weights.get(key) {
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += i32::from(w);
            }
        }
    }
    fn hint(&self, key: Key) {
        self.weights.hint(key);
    }
    fn word_transitions(&self, lower: u64) -> bool {
        self.transition_words.contains(&lower)
    }
}

impl Model {
    /// A model from float weights, quantised to `i16` with one scale; `vocab` holds the
    /// (lower-cased hashes of) words the weights were trained on.
    pub(crate) fn new(
        uses_pos: bool,
        gaz: Gazetteer,
        clusters: Clusters,
        rows: Vec<(Key, [f32; N_TAGS])>,
        vocab: &[u64],
    ) -> Model {
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut weights = KeyMap::default();
        weights.reserve(rows.len());
        for (k, w) in rows {
            let mut q = [0i16; LANES];
            for (q, x) in q.iter_mut().zip(w) {
                *q = (x / scale).round() as i16;
            }
            if q.iter().any(|&x| x != 0) {
                weights.insert(k, q);
            }
        }
        let transition_words = vocab
            .iter()
            .copied()
            .filter(|&w| {
                (0..N_TAGS as u8).any(|p| weights.contains_key(&word_transition_key(p, w)))
            })
            .collect();
        Model {
            uses_pos,
            gaz,
            clusters,
            weights: Table::new(weights),
            scale,
            transition_words,
        }
    }

    /// Number of stored features.
    pub(crate) fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// Tags the next sentence of a document and returns its spans `(start, end, label
    /// index)`; `memory` holds what was tagged before in the document.
    pub(crate) fn spans<S: AsRef<str>>(
        &self,
        words: &[S],
        pos: Option<&[u8]>,
        memory: &mut Memory,
    ) -> Vec<(usize, usize, usize)> {
        let feats = extract(words, pos, &self.gaz, &self.clusters);
        let mut mf = MemoryFeats::default();
        memory.feats(&feats, &mut mf);
        let tags = viterbi(self, &feats, &mf);
        memory.learn(&feats, &tags);
        decode_spans(&tags)
    }

    /// Serialises: header, labels, gazetteer hashes, then sparse i16 rows with one scale.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.push(LABELS.len() as u8);
        for l in LABELS {
            out.push(l.as_str().len() as u8);
            out.extend_from_slice(l.as_str().as_bytes());
        }
        out.push(u8::from(self.uses_pos));
        let mut gaz: Vec<(u64, u32)> = self.gaz.entries().iter().map(|(&h, &m)| (h, m)).collect();
        gaz.sort_unstable();
        out.extend_from_slice(&(gaz.len() as u32).to_le_bytes());
        for (h, m) in gaz {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&m.to_le_bytes());
        }
        let mut cl: Vec<(u64, u16)> = self.clusters.map().iter().map(|(&h, &c)| (h, c)).collect();
        cl.sort_unstable();
        out.extend_from_slice(&(cl.len() as u32).to_le_bytes());
        for (h, c) in cl {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        let mut caps: Vec<(u64, u8)> = self.clusters.caps().iter().map(|(&h, &c)| (h, c)).collect();
        caps.sort_unstable();
        out.extend_from_slice(&(caps.len() as u32).to_le_bytes());
        for (h, c) in caps {
            out.extend_from_slice(&h.to_le_bytes());
            out.push(c);
        }
        let mut tw: Vec<u64> = self.transition_words.iter().copied().collect();
        tw.sort_unstable();
        out.extend_from_slice(&(tw.len() as u32).to_le_bytes());
        for h in tw {
            out.extend_from_slice(&h.to_le_bytes());
        }
        let mut rows: Vec<(Key, &[i16; N_TAGS])> = self.weights.iter().collect();
        rows.sort_unstable_by_key(|&(k, _)| k);
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for (k, q) in rows {
            let mask = q
                .iter()
                .take(N_TAGS)
                .enumerate()
                .filter(|(_, &v)| v != 0)
                .fold(0u16, |m, (t, _)| m | 1 << t);
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            for &v in q.iter().take(N_TAGS).filter(|&&v| v != 0) {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model file, checking the header and every length.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Model, NerError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(NerError::Model("not a sitrep NER model".into()));
        }
        let version = u16::from_le_bytes(r.array()?);
        if version != VERSION {
            return Err(NerError::Model(format!(
                "model version {version}, this build reads version {VERSION}"
            )));
        }
        let n_labels = usize::from(r.take(1)?[0]);
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let len = usize::from(r.take(1)?[0]);
            let s = std::str::from_utf8(r.take(len)?)
                .map_err(|_| NerError::Model("label is not UTF-8".into()))?;
            labels.push(EntLabel::parse(s).ok_or_else(|| NerError::Model(format!("label {s}")))?);
        }
        if labels != LABELS {
            return Err(NerError::Model(format!("unexpected labels {labels:?}")));
        }
        let uses_pos = r.take(1)?[0] != 0;
        let n_gaz = u32::from_le_bytes(r.array()?) as usize;
        let mut gaz =
            HashMap64::with_capacity_and_hasher(r.capacity_for(n_gaz, 12), Default::default());
        for _ in 0..n_gaz {
            let h = u64::from_le_bytes(r.array()?);
            gaz.insert(h, u32::from_le_bytes(r.array()?));
        }
        let n_cl = u32::from_le_bytes(r.array()?) as usize;
        let mut cl =
            HashMap64::with_capacity_and_hasher(r.capacity_for(n_cl, 10), Default::default());
        for _ in 0..n_cl {
            let h = u64::from_le_bytes(r.array()?);
            cl.insert(h, u16::from_le_bytes(r.array()?));
        }
        let n_caps = u32::from_le_bytes(r.array()?) as usize;
        let mut caps =
            HashMap64::with_capacity_and_hasher(r.capacity_for(n_caps, 9), Default::default());
        for _ in 0..n_caps {
            let h = u64::from_le_bytes(r.array()?);
            caps.insert(h, r.take(1)?[0]);
        }
        let n_tw = u32::from_le_bytes(r.array()?) as usize;
        let mut transition_words = HashSet64::default();
        transition_words.reserve(r.capacity_for(n_tw, 8));
        for _ in 0..n_tw {
            transition_words.insert(u64::from_le_bytes(r.array()?));
        }
        let n_rows = u32::from_le_bytes(r.array()?) as usize;
        let scale = f32::from_le_bytes(r.array()?);
        if !(scale.is_finite() && scale > 0.0) {
            return Err(NerError::Model(format!("weight scale {scale}")));
        }
        let mut weights = KeyMap::default();
        weights.reserve(r.capacity_for(n_rows, 6));
        for _ in 0..n_rows {
            let k = u32::from_le_bytes(r.array()?);
            let mask = u16::from_le_bytes(r.array()?);
            let mut w = [0i16; LANES];
            for (t, slot) in w.iter_mut().enumerate().take(N_TAGS) {
                if mask & (1 << t) != 0 {
                    *slot = i16::from_le_bytes(r.array()?);
                }
            }
            weights.insert(k, w);
        }
        if r.pos != bytes.len() {
            return Err(NerError::Model("trailing bytes".into()));
        }
        Ok(Model {
            uses_pos,
            gaz: Gazetteer::from_entries(gaz),
            clusters: Clusters::from_maps(cl, caps),
            weights: Table::new(weights),
            scale,
            transition_words,
        })
    }
}

/// Quantised rows in an open-addressing table whose slots are half a cache line, so that
/// a lookup is one cache miss and can be hinted ahead.
struct Table {
    slots: Vec<Slot>,
    /// `64 - log2(slots.len())`: slot indexes are the top bits of a multiplicative hash.
    shift: u32,
    len: usize,
}

#[derive(Clone, Copy, Default)]
#[repr(C, align(32))]
struct Slot {
    w: [i16; N_TAGS],
    used: bool,
    key: Key,
}

impl Table {
    fn new(rows: KeyMap<[i16; LANES]>) -> Table {
        let cap = (rows.len() * 8 / 5).next_power_of_two().max(16);
        let mut t = Table {
            slots: vec![Slot::default(); cap],
            shift: 64 - cap.trailing_zeros(),
            len: rows.len(),
        };
        let mask = cap - 1;
        for (key, w) in rows {
            let mut i = t.home(key);
            while t.slots[i].used {
                i = (i + 1) & mask;
            }
            let mut slot = Slot {
                used: true,
                key,
                ..Slot::default()
            };
            slot.w.copy_from_slice(&w[..N_TAGS]);
            t.slots[i] = slot;
        }
        t
    }

    #[inline]
    fn home(&self, key: Key) -> usize {
        (u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: Key) -> Option<&[i16; N_TAGS]> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let s = &self.slots[i];
            if !s.used {
                return None;
            }
            if s.key == key {
                return Some(&s.w);
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn hint(&self, key: Key) {
        sitrep_nlp::prefetch(&self.slots[self.home(key)]);
    }

    fn len(&self) -> usize {
        self.len
    }

    fn iter(&self) -> impl Iterator<Item = (Key, &[i16; N_TAGS])> {
        self.slots.iter().filter(|s| s.used).map(|s| (s.key, &s.w))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A capacity for `n` records of at least `size` bytes that a corrupt count cannot inflate.
    fn capacity_for(&self, n: usize, size: usize) -> usize {
        n.min((self.bytes.len() - self.pos) / size)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        let end = self.pos + n;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or_else(|| NerError::Model("truncated model file".into()))?;
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], NerError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_roundtrip_and_constraints() {
        let spans = vec![(0, 2, 0), (3, 4, 2), (4, 7, 1)];
        let tags = encode(8, &spans);
        assert_eq!(tags, [1, 3, 0, 12, 5, 6, 7, 0]);
        assert_eq!(decode_spans(&tags), spans);
        assert!(allowed(1, 3, true));
        assert!(!allowed(1, 0, false));
        assert!(!allowed(0, 1, true));
        assert!(!allowed(1, 7, false));
        assert!(allowed(0, 4, true));
    }

    #[test]
    fn table_finds_every_row_and_only_those() {
        let mut rows = KeyMap::default();
        for k in 0..1000u32 {
            let mut w = [0i16; LANES];
            w[(k % 13) as usize] = k as i16 + 1;
            rows.insert(k.wrapping_mul(2_654_435_761), w);
        }
        let t = Table::new(rows.clone());
        assert_eq!(t.len(), rows.len());
        assert_eq!(t.iter().count(), rows.len());
        for (k, w) in &rows {
            assert_eq!(t.get(*k).map(|r| &r[..]), Some(&w[..N_TAGS]));
        }
        for k in 0..5000u32 {
            assert_eq!(t.get(k).is_some(), rows.contains_key(&k));
        }
    }

    #[test]
    fn bytes_roundtrip_and_corruption() {
        let mut g = HashMap64::default();
        g.insert(42u64, 3u32);
        let mut w = [0f32; N_TAGS];
        w[1] = 2.5;
        w[4] = -1.0;
        let mut c = HashMap64::default();
        c.insert(5u64, 9u16);
        let m = Model::new(
            true,
            Gazetteer::from_entries(g),
            Clusters::from_maps(c, HashMap64::default()),
            vec![(7, w), (word_transition_key(3, 99), w)],
            &[99, 98],
        );
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.gaz.entries().get(&42), Some(&3));
        assert_eq!(back.clusters.get(5), Some(9));
        assert!(back.uses_pos);
        assert!(back.word_transitions(99) && !back.word_transitions(98));
        let mut s = [0i32; LANES];
        back.add(7, &mut s);
        let unit = back.scale;
        assert!((s[1] as f32 * unit - 2.5).abs() < 1e-3 && (s[4] as f32 * unit + 1.0).abs() < 1e-3);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}
