//! The runtime weight table and its file format.
//!
//! File layout (little-endian): magic `SITREPDP`, format version `u32`, label count `u16`,
//! each label as a length byte plus UTF-8, the root label's index `u8`, row count `u32`,
//! then the rows in key order: key delta (varint), entry count (varint), and per entry the
//! move (`u8`) and its quantized weight (zigzag varint), then the lexicon: entry count
//! `u32` and per entry a word hash `u64` and its tag-set hash `u64`, in word order, then
//! the word classes: entry count `u32` and per entry a word hash `u64` and its fine and
//! coarse class `u16` each, in word order. Only non-zero weights are stored,
//! and keys are 32-bit fingerprints of the 64-bit feature hashes, so the file stays small;
//! a fingerprint collision costs one noisy feature, not correctness.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use sitrep_doc::DepRel;

use crate::features::NFEAT;
use crate::system::Moves;
use crate::ParserError;

const MAGIC: &[u8; 8] = b"SITREPDP";
/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 4;

/// One stored weight: the move it scores and its quantized value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Move number.
    pub mv: u8,
    /// Quantized weight.
    pub w: i16,
}

/// Length of the score buffer [`Model::score`] adds to: room for every move (at most 255),
/// and lane 255, which no move uses, absorbs the padding of short rows.
pub const SCORE_LANES: usize = 256;

/// The move number that pads a short row; its weight is 0 and it lands in an unused lane.
const PAD: u8 = 255;

/// Entries a slot holds inline; most rows are this short (rare features), so their lookup
/// is one cache miss.
const INLINE: usize = 4;

/// Rows at least this long are also stored dense, one weight per move, and added with
/// vector instructions: they are few (the commonest features) but most of the adding.
const DENSE_MIN: usize = 16;

/// Weights per dense block (one cache line).
const BLOCK: usize = 32;

/// A table slot: the key fingerprint and the row, inline when it has at most [`INLINE`]
/// entries (padded with `PAD` moves of weight 0), else `PAD` in every move and, in the
/// weights, the row's start in `entries` (two halves), its length, and 1 + its index in
/// the dense rows (0 for none).
#[derive(Clone, Copy, Debug)]
#[repr(C, align(16))]
struct Slot {
    key: u32,
    mv: [u8; INLINE],
    w: [i16; INLINE],
}

impl Default for Slot {
    fn default() -> Slot {
        Slot {
            key: 0,
            mv: [PAD; INLINE],
            w: [0; INLINE],
        }
    }
}

impl Slot {
    fn new(key: u32, es: &[Entry], start: usize, dense: u16) -> Slot {
        let mut s = Slot {
            key,
            ..Slot::default()
        };
        if es.len() <= INLINE {
            for (k, e) in es.iter().enumerate() {
                s.mv[k] = e.mv;
                s.w[k] = e.w;
            }
        } else {
            s.w = [
                start as u16 as i16,
                (start >> 16) as u16 as i16,
                es.len() as i16,
                dense as i16,
            ];
        }
        s
    }

    /// The index of an out-of-line row's dense copy.
    fn dense(self) -> Option<usize> {
        usize::from(self.w[3] as u16).checked_sub(1)
    }

    /// Whether the row is stored out of line (a padded inline row has weight 0 there).
    fn far(self) -> bool {
        self.mv[0] == PAD && self.w[2] != 0
    }

    /// The range in `entries` of an out-of-line row.
    fn range(self) -> std::ops::Range<usize> {
        let start = usize::from(self.w[0] as u16) | usize::from(self.w[1] as u16) << 16;
        start..start + usize::from(self.w[2] as u16)
    }

    /// The entries of the row.
    fn row(self, entries: &[Entry]) -> Vec<Entry> {
        if self.far() {
            entries[self.range()].to_vec()
        } else {
            self.mv
                .iter()
                .zip(self.w)
                .take_while(|(&mv, _)| mv != PAD)
                .map(|(&mv, w)| Entry { mv, w })
                .collect()
        }
    }
}

/// One cache line of a dense row.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
struct Block([i16; BLOCK]);

/// Hasher for keys that are already well mixed.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, k: u64) {
        self.0 = k;
    }
}

/// Word hash ([`crate::features::word_hash`]) -> hash of the set of tags the word had in
/// training: a view of a word's possible tags that a wrong predicted tag does not change.
pub type Lexicon = HashMap<u64, u64, BuildHasherDefault<KeyHasher>>;

/// Word hash -> fine and coarse word class, learned from unlabelled text.
pub type Classes = HashMap<u64, [u16; 2], BuildHasherDefault<KeyHasher>>;

/// Sparse weights per feature key in an open-addressing table.
#[derive(Clone, Debug)]
pub struct Model {
    lexicon: Lexicon,
    classes: Classes,
    labels: Vec<String>,
    rels: Vec<DepRel>,
    moves: Moves,
    slots: Vec<Slot>,
    mask: usize,
    /// The rows too long to be inline, in table order.
    entries: Vec<Entry>,
    /// Dense copies of rows of at least [`DENSE_MIN`] entries, `stride` blocks each.
    dense: Vec<Block>,
    stride: usize,
    rows: usize,
    weights: usize,
}

impl Model {
    /// Builds the table from labels and rows of (key fingerprint, entries); key 0 is
    /// reserved.
    pub fn new(
        labels: Vec<String>,
        root: u8,
        rows: Vec<(u32, Vec<Entry>)>,
    ) -> Result<Model, ParserError> {
        let mut flat = FlatRows::default();
        for (key, es) in rows {
            flat.push(key, &es);
        }
        Model::build(labels, root, flat)
    }

    fn build(labels: Vec<String>, root: u8, rows: FlatRows) -> Result<Model, ParserError> {
        if labels.is_empty() || labels.len() > 127 || usize::from(root) >= labels.len() {
            return Err(ParserError::Model("bad label set".into()));
        }
        let moves = Moves {
            nlabels: labels.len(),
            root,
        };
        let rels = labels.iter().map(|l| DepRel::parse(l)).collect();
        let nrows = rows.keys.len();
        let cap = (nrows * 8 / 5).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let total = rows.entries.len();
        if total >= 1 << 24 {
            return Err(ParserError::Model("too many weights".into()));
        }
        let stride = moves.len().div_ceil(BLOCK);
        let mut entries = Vec::new();
        let mut dense = Vec::new();
        let mask = cap - 1;
        let mut row = vec![0i32; stride * BLOCK];
        // Rows go in by home slot, not key order: the writes then sweep the table instead
        // of missing the cache once per row, which made loading a large model slow.
        for r in rows.by_home(mask) {
            let key = rows.keys[r];
            let es = rows.row(r);
            if key == 0 || es.len() > 255 || es.iter().any(|e| usize::from(e.mv) >= moves.len()) {
                return Err(ParserError::Model("bad feature row".into()));
            }
            let mut i = key as usize & mask;
            while slots[i].key != 0 {
                if slots[i].key == key {
                    return Err(ParserError::Model("duplicate feature key".into()));
                }
                i = (i + 1) & mask;
            }
            let mut dense_id = 0;
            if es.len() > INLINE {
                row.fill(0);
                for e in es {
                    row[usize::from(e.mv)] += i32::from(e.w);
                }
                // A dense row must add what the entries add: a move twice in a row could
                // overflow its i16 cell.
                let fits = row.iter().all(|&w| i16::try_from(w).is_ok());
                let next = dense.len() / stride + 1;
                if es.len() >= DENSE_MIN && fits && next <= usize::from(u16::MAX) {
                    dense.extend(row.chunks(BLOCK).map(|c| {
                        let mut b = Block([0; BLOCK]);
                        for (d, &w) in b.0.iter_mut().zip(c) {
                            *d = w as i16;
                        }
                        b
                    }));
                    dense_id = next as u16;
                }
            }
            slots[i] = Slot::new(key, es, entries.len(), dense_id);
            if es.len() > INLINE {
                entries.extend_from_slice(es);
            }
        }
        Ok(Model {
            lexicon: Lexicon::default(),
            classes: Classes::default(),
            labels,
            rels,
            moves,
            slots,
            mask,
            entries,
            dense,
            stride,
            rows: nrows,
            weights: total,
        })
    }

    /// The same model with `lexicon`.
    pub fn with_lexicon(mut self, lexicon: Lexicon) -> Model {
        self.lexicon = lexicon;
        self
    }

    /// The same model with word classes `classes`.
    pub fn with_classes(mut self, classes: Classes) -> Model {
        self.classes = classes;
        self
    }

    /// The word lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The word classes.
    pub fn classes(&self) -> &Classes {
        &self.classes
    }

    /// The move numbering.
    pub fn moves(&self) -> Moves {
        self.moves
    }

    /// The relation of model label `l`.
    pub fn rel(&self, l: u8) -> DepRel {
        self.rels.get(usize::from(l)).copied().unwrap_or_default()
    }

    /// Number of feature rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of stored weights.
    pub fn weights(&self) -> usize {
        self.weights
    }

    /// The rows, in key order.
    pub fn rows_sorted(&self) -> Vec<(u32, Vec<Entry>)> {
        let mut rows: Vec<(u32, Vec<Entry>)> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, s.row(&self.entries)))
            .collect();
        rows.sort_by_key(|r| r.0);
        rows
    }

    /// The same model without weights smaller than `min` in magnitude.
    pub fn pruned(&self, min: i16) -> Result<Model, ParserError> {
        let rows = self
            .rows_sorted()
            .into_iter()
            .filter_map(|(k, es)| {
                let kept: Vec<Entry> = es
                    .into_iter()
                    .filter(|e| e.w.unsigned_abs() >= min.unsigned_abs())
                    .collect();
                (!kept.is_empty()).then_some((k, kept))
            })
            .collect();
        Ok(Model::new(self.labels.clone(), self.moves.root, rows)?
            .with_lexicon(self.lexicon.clone())
            .with_classes(self.classes.clone()))
    }

    /// Adds the weights of every feature key to `scores`, one lane per move; `scores`
    /// has [`SCORE_LANES`] lanes.
    #[inline]
    pub fn score(&self, feats: &[u64; NFEAT], scores: &mut [i32]) {
        let scores: &mut [i32; SCORE_LANES] = match scores.try_into() {
            Ok(s) => s,
            Err(_) => panic!("Model::score needs {SCORE_LANES} score lanes"),
        };
        // Widening i16 weights to i32 lanes vectorises only from AVX2 on; integer sums
        // are the same either way.
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2.
            return unsafe { self.score_avx2(feats, scores) };
        }
        self.score_with(feats, scores, add_dense)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn score_avx2(&self, feats: &[u64; NFEAT], scores: &mut [i32; SCORE_LANES]) {
        use std::arch::x86_64::{
            __m128i, __m256i, _mm256_add_epi32, _mm256_cvtepi16_epi32, _mm256_loadu_si256,
            _mm256_storeu_si256, _mm_loadu_si128,
        };
        self.score_with(feats, scores, |scores, row| {
            // Plain index loops: iterator adapters would not be inlined into this
            // AVX2 function.
            #[allow(clippy::needless_range_loop)]
            for k in 0..row.len().min(SCORE_LANES / BLOCK) {
                for j in (0..BLOCK).step_by(8) {
                    // SAFETY: the CPU has AVX2; lanes `j..j + 8` lie inside block `k`,
                    // and `k * BLOCK + j + 8 <= SCORE_LANES` (unaligned loads, stores).
                    unsafe {
                        let w = _mm_loadu_si128(row[k].0.as_ptr().add(j).cast::<__m128i>());
                        let p = scores.as_mut_ptr().add(k * BLOCK + j).cast::<__m256i>();
                        let sum = _mm256_add_epi32(_mm256_loadu_si256(p), _mm256_cvtepi16_epi32(w));
                        _mm256_storeu_si256(p, sum);
                    }
                }
            }
        })
    }

    #[inline(always)]
    fn score_with(
        &self,
        feats: &[u64; NFEAT],
        scores: &mut [i32; SCORE_LANES],
        add_dense: impl Fn(&mut [i32; SCORE_LANES], &[Block]),
    ) {
        // A feature costs one cache miss for its slot (holding short rows inline) and one
        // more for a long row: every slot is hinted, then every long row, before any is
        // read, so that the misses of one phase overlap. Hints, unlike loads, do not hold
        // up the instructions after them until the data comes.
        for &f in feats {
            sitrep_nlp::prefetch(&self.slots[fingerprint(f) as usize & self.mask]);
        }
        let mut far = [Slot::default(); NFEAT];
        let mut nfar = 0;
        for &f in feats {
            let key = fingerprint(f);
            let mut i = key as usize & self.mask;
            let mut h = &self.slots[i];
            while h.key != key && h.key != 0 {
                i = (i + 1) & self.mask;
                h = &self.slots[i];
            }
            if h.key != key {
                continue;
            }
            if h.far() {
                match h.dense() {
                    Some(d) => sitrep_nlp::prefetch(&self.dense[d * self.stride]),
                    None => sitrep_nlp::prefetch(&self.entries[h.range().start]),
                }
                far[nfar] = *h;
                nfar += 1;
            } else {
                for (&mv, &w) in h.mv.iter().zip(&h.w) {
                    scores[usize::from(mv)] += i32::from(w);
                }
            }
        }
        for h in &far[..nfar] {
            match h.dense() {
                Some(d) => add_dense(scores, &self.dense[d * self.stride..(d + 1) * self.stride]),
                None => {
                    for e in &self.entries[h.range()] {
                        scores[usize::from(e.mv)] += i32::from(e.w);
                    }
                }
            }
        }
    }

    /// Serializes the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.rows * 3 + self.weights * 3);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.labels.len() as u16).to_le_bytes());
        for l in &self.labels {
            out.push(l.len() as u8);
            out.extend_from_slice(l.as_bytes());
        }
        out.push(self.moves.root);
        out.extend_from_slice(&(self.rows as u32).to_le_bytes());
        // Sorted keys make the file independent of table layout (reproducible) and let
        // keys be stored as small deltas.
        let mut prev = 0u32;
        for (key, es) in self.rows_sorted() {
            put_varint(&mut out, u64::from(key - prev));
            prev = key;
            put_varint(&mut out, es.len() as u64);
            for e in &es {
                out.push(e.mv);
                let w = i64::from(e.w);
                put_varint(&mut out, ((w << 1) ^ (w >> 63)) as u64);
            }
        }
        let mut lex: Vec<(&u64, &u64)> = self.lexicon.iter().collect();
        lex.sort_unstable();
        out.extend_from_slice(&(lex.len() as u32).to_le_bytes());
        for (w, t) in lex {
            out.extend_from_slice(&w.to_le_bytes());
            out.extend_from_slice(&t.to_le_bytes());
        }
        let mut cls: Vec<(&u64, &[u16; 2])> = self.classes.iter().collect();
        cls.sort_unstable();
        out.extend_from_slice(&(cls.len() as u32).to_le_bytes());
        for (w, c) in cls {
            out.extend_from_slice(&w.to_le_bytes());
            out.extend_from_slice(&c[0].to_le_bytes());
            out.extend_from_slice(&c[1].to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ParserError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(ParserError::BadMagic);
        }
        let version = u32::from_le_bytes(r.array()?);
        if version != FORMAT_VERSION {
            return Err(ParserError::Version(version));
        }
        let nlabels = u16::from_le_bytes(r.array()?) as usize;
        let mut labels = Vec::with_capacity(nlabels);
        for _ in 0..nlabels {
            let len = usize::from(r.array::<1>()?[0]);
            let s = std::str::from_utf8(r.take(len)?)
                .map_err(|_| ParserError::Model("label is not UTF-8".into()))?;
            labels.push(s.to_string());
        }
        let root = r.array::<1>()?[0];
        let nrows = u32::from_le_bytes(r.array()?) as usize;
        let mut rows = FlatRows::with_capacity(nrows.min(bytes.len() / 3), bytes.len() / 3);
        let mut key = 0u32;
        for _ in 0..nrows {
            key = u32::try_from(r.varint()?)
                .ok()
                .and_then(|d| key.checked_add(d))
                .ok_or_else(|| ParserError::Model("bad key".into()))?;
            let len = r.varint()? as usize;
            for _ in 0..len {
                let mv = r.array::<1>()?[0];
                let z = r.varint()?;
                let w = i16::try_from((z >> 1) as i64 ^ -((z & 1) as i64))
                    .map_err(|_| ParserError::Model("weight out of range".into()))?;
                rows.entries.push(Entry { mv, w });
            }
            rows.end_row(key);
        }
        let nlex = u32::from_le_bytes(r.array()?) as usize;
        let mut lexicon =
            Lexicon::with_capacity_and_hasher(nlex.min(bytes.len() / 16), Default::default());
        for _ in 0..nlex {
            let w = u64::from_le_bytes(r.array()?);
            lexicon.insert(w, u64::from_le_bytes(r.array()?));
        }
        let ncls = u32::from_le_bytes(r.array()?) as usize;
        let mut classes =
            Classes::with_capacity_and_hasher(ncls.min(bytes.len() / 12), Default::default());
        for _ in 0..ncls {
            let w = u64::from_le_bytes(r.array()?);
            let fine = u16::from_le_bytes(r.array()?);
            classes.insert(w, [fine, u16::from_le_bytes(r.array()?)]);
        }
        if r.pos != bytes.len() {
            return Err(ParserError::Model("trailing bytes".into()));
        }
        Ok(Model::build(labels, root, rows)?
            .with_lexicon(lexicon)
            .with_classes(classes))
    }
}

/// Rows in one buffer: row `i` is `keys[i]` with the entries from `ends[i - 1]` (0 for the
/// first) to `ends[i]`; one allocation instead of one per row.
#[derive(Default)]
struct FlatRows {
    keys: Vec<u32>,
    ends: Vec<usize>,
    entries: Vec<Entry>,
}

impl FlatRows {
    fn with_capacity(rows: usize, entries: usize) -> FlatRows {
        FlatRows {
            keys: Vec::with_capacity(rows),
            ends: Vec::with_capacity(rows),
            entries: Vec::with_capacity(entries),
        }
    }

    fn push(&mut self, key: u32, es: &[Entry]) {
        self.entries.extend_from_slice(es);
        self.end_row(key);
    }

    /// Closes a row holding the entries pushed since the last row.
    fn end_row(&mut self, key: u32) {
        self.keys.push(key);
        self.ends.push(self.entries.len());
    }

    fn row(&self, i: usize) -> &[Entry] {
        let start = i.checked_sub(1).map_or(0, |p| self.ends[p]);
        &self.entries[start..self.ends[i]]
    }

    /// Row numbers by home slot (`key & mask`) in a coarse counting sort: the order
    /// matters only for speed.
    fn by_home(&self, mask: usize) -> Vec<usize> {
        let shift = (mask.count_ones() as usize).saturating_sub(12);
        let mut starts = vec![0usize; (mask >> shift) + 2];
        for &k in &self.keys {
            starts[((k as usize & mask) >> shift) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut order = vec![0; self.keys.len()];
        for (r, &k) in self.keys.iter().enumerate() {
            let b = &mut starts[(k as usize & mask) >> shift];
            order[*b] = r;
            *b += 1;
        }
        order
    }
}

/// Adds a dense row to `scores`, portably.
fn add_dense(scores: &mut [i32; SCORE_LANES], row: &[Block]) {
    for (s, b) in scores.as_chunks_mut::<BLOCK>().0.iter_mut().zip(row) {
        for (s, &w) in s.iter_mut().zip(&b.0) {
            *s += i32::from(w);
        }
    }
}

/// The 32-bit key under which a 64-bit feature hash is stored; never 0.
#[inline]
pub fn fingerprint(f: u64) -> u32 {
    ((f ^ (f >> 32)) as u32).max(1)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ParserError> {
        let end = self.pos.checked_add(n).ok_or(ParserError::Truncated)?;
        let s = self
            .bytes
            .get(self.pos..end)
            .ok_or(ParserError::Truncated)?;
        self.pos = end;
        Ok(s)
    }

    fn varint(&mut self) -> Result<u64, ParserError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.array::<1>()?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ParserError::Model("bad varint".into()))
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ParserError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Rows = Vec<(u32, Vec<Entry>)>;

    /// Rows of every length the table stores differently (inline, out of line, dense),
    /// keyed by some of `feats`; the others are absent.
    fn model_and_feats() -> (Model, [u64; NFEAT], Rows) {
        let labels: Vec<String> = (0..40).map(|i| format!("l{i}")).collect();
        let moves = 81;
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed >> 17
        };
        let feats: [u64; NFEAT] = std::array::from_fn(|_| next());
        let mut rows = std::collections::BTreeMap::new();
        for (k, &f) in feats.iter().enumerate().filter(|(k, _)| k % 5 != 4) {
            let len = [1, 2, 3, 4, 5, 9, 16, 40, 81][k % 9];
            let es: Vec<Entry> = (0..len)
                .map(|j| Entry {
                    mv: ((j * 3 + k) % moves) as u8,
                    w: next() as i16,
                })
                .collect();
            rows.entry(fingerprint(f)).or_insert(es);
        }
        let rows: Rows = rows.into_iter().collect();
        (Model::new(labels, 0, rows.clone()).unwrap(), feats, rows)
    }

    #[test]
    fn scores_are_the_sums_of_the_rows_entries() {
        let (m, feats, rows) = model_and_feats();
        assert!(!m.dense.is_empty() && !m.entries.is_empty());
        let mut want = [0i32; SCORE_LANES];
        for f in feats {
            if let Some((_, es)) = rows.iter().find(|r| r.0 == fingerprint(f)) {
                for e in es {
                    want[usize::from(e.mv)] += i32::from(e.w);
                }
            }
        }
        let moves = m.moves().len();
        let mut got = vec![0; SCORE_LANES];
        m.score(&feats, &mut got);
        assert_eq!(got[..moves], want[..moves]);
        let mut portable = [0; SCORE_LANES];
        m.score_with(&feats, &mut portable, add_dense);
        assert_eq!(portable[..moves], want[..moves]);
    }

    #[test]
    fn rows_survive_the_table_and_the_file() {
        let (m, _, rows) = model_and_feats();
        assert_eq!(m.rows_sorted(), rows);
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.rows_sorted(), rows);
        assert_eq!(
            back.weights(),
            rows.iter().map(|r| r.1.len()).sum::<usize>()
        );
    }

    #[test]
    fn a_table_of_many_rows_keeps_every_row() {
        // Enough rows that several home slots share a bucket of the load order.
        let labels: Vec<String> = (0..40).map(|i| format!("l{i}")).collect();
        let mut keys = std::collections::BTreeSet::new();
        let mut seed = 11u64;
        while keys.len() < 20_000 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            keys.insert(((seed >> 32) as u32).max(1));
        }
        let rows: Rows = keys
            .into_iter()
            .map(|k| {
                let len = 1 + k as usize % 20;
                let es = (0..len)
                    .map(|j| Entry {
                        mv: ((k as usize + j * 7) % 81) as u8,
                        w: (k >> 16) as i16 | 1,
                    })
                    .collect();
                (k, es)
            })
            .collect();
        let m = Model::new(labels, 0, rows.clone()).unwrap();
        assert!(m.mask >> 12 > 0);
        assert_eq!(m.rows_sorted(), rows);
        assert_eq!(
            Model::from_bytes(&m.to_bytes()).unwrap().rows_sorted(),
            rows
        );
    }
}
