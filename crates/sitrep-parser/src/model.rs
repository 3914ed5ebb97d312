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
pub const FORMAT_VERSION: u32 = 3;

/// One stored weight: the move it scores and its quantized value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Move number.
    pub mv: u8,
    /// Quantized weight.
    pub w: i16,
}

/// A table slot: key fingerprint, and the row's start (low 24 bits) and length (high 8).
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: u32,
    row: u32,
}

impl Slot {
    fn range(self) -> std::ops::Range<usize> {
        let start = (self.row & 0xff_ffff) as usize;
        start..start + (self.row >> 24) as usize
    }
}

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
    entries: Vec<Entry>,
    rows: usize,
}

impl Model {
    /// Builds the table from labels and rows of (key fingerprint, entries); key 0 is
    /// reserved.
    pub fn new(
        labels: Vec<String>,
        root: u8,
        rows: Vec<(u32, Vec<Entry>)>,
    ) -> Result<Model, ParserError> {
        if labels.is_empty() || labels.len() > 127 || usize::from(root) >= labels.len() {
            return Err(ParserError::Model("bad label set".into()));
        }
        let moves = Moves {
            nlabels: labels.len(),
            root,
        };
        let rels = labels.iter().map(|l| DepRel::parse(l)).collect();
        let cap = (rows.len() * 8 / 5).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let total: usize = rows.iter().map(|r| r.1.len()).sum();
        if total >= 1 << 24 {
            return Err(ParserError::Model("too many weights".into()));
        }
        let mut entries = Vec::with_capacity(total);
        let mask = cap - 1;
        let nrows = rows.len();
        for (key, es) in rows {
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
            slots[i] = Slot {
                key,
                row: entries.len() as u32 | (es.len() as u32) << 24,
            };
            entries.extend(es);
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
            rows: nrows,
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
        self.entries.len()
    }

    /// The rows, in key order.
    pub fn rows_sorted(&self) -> Vec<(u32, &[Entry])> {
        let mut rows: Vec<(u32, &[Entry])> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, &self.entries[s.range()]))
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
                    .iter()
                    .copied()
                    .filter(|e| e.w.unsigned_abs() >= min.unsigned_abs())
                    .collect();
                (!kept.is_empty()).then_some((k, kept))
            })
            .collect();
        Ok(Model::new(self.labels.clone(), self.moves.root, rows)?
            .with_lexicon(self.lexicon.clone())
            .with_classes(self.classes.clone()))
    }

    /// Adds the weights of every feature key to `scores` (one slot per move).
    #[inline]
    pub fn score(&self, feats: &[u64; NFEAT], scores: &mut [i32]) {
        // Each feature costs two cache misses, its slot and then its row: every slot is
        // loaded, then every row hinted, before any row is read, so that the misses of
        // one phase overlap instead of queueing.
        let mut home = [Slot::default(); NFEAT];
        for (h, &f) in home.iter_mut().zip(feats) {
            *h = self.slots[fingerprint(f) as usize & self.mask];
        }
        // Each home slot becomes the feature's own slot, or an empty one when it has none.
        for (h, &f) in home.iter_mut().zip(feats) {
            let key = fingerprint(f);
            let mut i = key as usize & self.mask;
            while h.key != key && h.key != 0 {
                i = (i + 1) & self.mask;
                *h = self.slots[i];
            }
            if h.key != key {
                *h = Slot::default();
            } else if let Some(e) = self.entries.get(h.range().start) {
                sitrep_nlp::prefetch(e);
            }
        }
        for h in home {
            for e in &self.entries[h.range()] {
                if let Some(x) = scores.get_mut(usize::from(e.mv)) {
                    *x += i32::from(e.w);
                }
            }
        }
    }

    /// Serializes the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.rows * 3 + self.entries.len() * 3);
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
            for e in es {
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
        let mut rows = Vec::with_capacity(nrows.min(bytes.len() / 3));
        let mut key = 0u32;
        for _ in 0..nrows {
            key = u32::try_from(r.varint()?)
                .ok()
                .and_then(|d| key.checked_add(d))
                .ok_or_else(|| ParserError::Model("bad key".into()))?;
            let len = r.varint()? as usize;
            let mut es = Vec::with_capacity(len.min(256));
            for _ in 0..len {
                let mv = r.array::<1>()?[0];
                let z = r.varint()?;
                let w = i16::try_from((z >> 1) as i64 ^ -((z & 1) as i64))
                    .map_err(|_| ParserError::Model("weight out of range".into()))?;
                es.push(Entry { mv, w });
            }
            rows.push((key, es));
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
        Ok(Model::new(labels, root, rows)?
            .with_lexicon(lexicon)
            .with_classes(classes))
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
