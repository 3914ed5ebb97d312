//! The tag set, the weights, greedy decoding and the model file format.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use sitrep_doc::EntLabel;

use crate::clusters::Clusters;
use crate::features::{extract, Key};
use crate::gazetteer::Gazetteer;
use crate::NerError;

/// File magic and format version; bump the version when the layout or features change.
const MAGIC: &[u8; 6] = b"SRNER\0";
const VERSION: u16 = 3;

/// Labels the model predicts; GPE is derived afterwards from the place lists.
pub(crate) const LABELS: [EntLabel; 3] = [EntLabel::Per, EntLabel::Org, EntLabel::Loc];

/// BILOU tags: 0 is O, then B, I, L, U for each label in turn.
pub(crate) const N_TAGS: usize = 1 + 4 * LABELS.len();

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
}

pub(crate) type KeyMap<V> = HashMap<Key, V, BuildHasherDefault<IdHasher>>;

/// Anything that adds a feature's weights to a score vector.
pub(crate) trait Scorer {
    fn add(&self, key: Key, scores: &mut [f32; N_TAGS]);
}

/// Greedy left-to-right tagging under the BILOU constraints.
pub(crate) fn greedy<S: Scorer>(
    w: &S,
    feats: &crate::features::SentFeats,
    mut on_token: impl FnMut(usize, u8, &[f32; N_TAGS]) -> u8,
) -> Vec<u8> {
    let n = feats.len();
    let mut tags: Vec<u8> = Vec::with_capacity(n);
    for i in 0..n {
        let prev = if i > 0 { tags[i - 1] } else { 0 };
        let prev2 = if i > 1 { tags[i - 2] } else { 0 };
        let mut scores = [0f32; N_TAGS];
        for &k in feats.of(i) {
            w.add(k, &mut scores);
        }
        for k in feats.history(i, prev, prev2) {
            w.add(k, &mut scores);
        }
        let last = i + 1 == n;
        let mut best = 0u8;
        let mut best_score = f32::NEG_INFINITY;
        for t in 0..N_TAGS as u8 {
            if allowed(prev, t, last) && scores[usize::from(t)] > best_score {
                best = t;
                best_score = scores[usize::from(t)];
            }
        }
        tags.push(on_token(i, best, &scores));
    }
    tags
}

/// A trained model: gazetteer plus feature weights.
pub(crate) struct Model {
    /// Whether the features include part-of-speech tags (the `Pos` layer).
    pub(crate) uses_pos: bool,
    pub(crate) gaz: Gazetteer,
    pub(crate) clusters: Clusters,
    index: KeyMap<u32>,
    weights: Vec<[f32; N_TAGS]>,
}

impl Scorer for Model {
    fn add(&self, key: Key, scores: &mut [f32; N_TAGS]) {
        if let Some(&r) = self.index.get(&key) {
            for (s, w) in scores.iter_mut().zip(&self.weights[r as usize]) {
                *s += w;
            }
        }
    }
}

impl Model {
    pub(crate) fn new(
        uses_pos: bool,
        gaz: Gazetteer,
        clusters: Clusters,
        rows: Vec<(Key, [f32; N_TAGS])>,
    ) -> Model {
        let mut index = KeyMap::default();
        let mut weights = Vec::with_capacity(rows.len());
        for (k, w) in rows {
            index.insert(k, weights.len() as u32);
            weights.push(w);
        }
        Model {
            uses_pos,
            gaz,
            clusters,
            index,
            weights,
        }
    }

    /// Number of stored features.
    pub(crate) fn n_features(&self) -> usize {
        self.weights.len()
    }

    /// Tags a sentence and returns its spans `(start, end, label index)`.
    pub(crate) fn spans<S: AsRef<str>>(
        &self,
        words: &[S],
        pos: Option<&[u8]>,
    ) -> Vec<(usize, usize, usize)> {
        let feats = extract(words, pos, &self.gaz, &self.clusters);
        decode_spans(&greedy(self, &feats, |_, t, _| t))
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
        let mut gaz: Vec<(u64, u16)> = self.gaz.entries().iter().map(|(&h, &m)| (h, m)).collect();
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
        let max = self
            .weights
            .iter()
            .flat_map(|r| r.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut rows: Vec<(Key, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        rows.sort_unstable();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (k, r) in rows {
            let q: Vec<i16> = self.weights[r as usize]
                .iter()
                .map(|w| (w / scale).round() as i16)
                .collect();
            let mask = q
                .iter()
                .enumerate()
                .filter(|(_, &v)| v != 0)
                .fold(0u16, |m, (t, _)| m | 1 << t);
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            for v in q.into_iter().filter(|&v| v != 0) {
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
        let mut gaz = HashMap::with_capacity(r.capacity_for(n_gaz, 10));
        for _ in 0..n_gaz {
            let h = u64::from_le_bytes(r.array()?);
            gaz.insert(h, u16::from_le_bytes(r.array()?));
        }
        let n_cl = u32::from_le_bytes(r.array()?) as usize;
        let mut cl = HashMap::with_capacity(r.capacity_for(n_cl, 10));
        for _ in 0..n_cl {
            let h = u64::from_le_bytes(r.array()?);
            cl.insert(h, u16::from_le_bytes(r.array()?));
        }
        let n_caps = u32::from_le_bytes(r.array()?) as usize;
        let mut caps = HashMap::with_capacity(r.capacity_for(n_caps, 9));
        for _ in 0..n_caps {
            let h = u64::from_le_bytes(r.array()?);
            caps.insert(h, r.take(1)?[0]);
        }
        let n_rows = u32::from_le_bytes(r.array()?) as usize;
        let scale = f32::from_le_bytes(r.array()?);
        let mut rows = Vec::with_capacity(r.capacity_for(n_rows, 6));
        for _ in 0..n_rows {
            let k = u32::from_le_bytes(r.array()?);
            let mask = u16::from_le_bytes(r.array()?);
            let mut w = [0f32; N_TAGS];
            for (t, slot) in w.iter_mut().enumerate() {
                if mask & (1 << t) != 0 {
                    *slot = f32::from(i16::from_le_bytes(r.array()?)) * scale;
                }
            }
            rows.push((k, w));
        }
        if r.pos != bytes.len() {
            return Err(NerError::Model("trailing bytes".into()));
        }
        Ok(Model::new(
            uses_pos,
            Gazetteer::from_entries(gaz),
            Clusters::from_maps(cl, caps),
            rows,
        ))
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
    fn bytes_roundtrip_and_corruption() {
        let mut g = HashMap::new();
        g.insert(42u64, 3u16);
        let mut w = [0f32; N_TAGS];
        w[1] = 2.5;
        w[4] = -1.0;
        let mut c = HashMap::new();
        c.insert(5u64, 9u16);
        let m = Model::new(
            true,
            Gazetteer::from_entries(g),
            Clusters::from_maps(c, HashMap::new()),
            vec![(7, w)],
        );
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.gaz.entries().get(&42), Some(&3));
        assert_eq!(back.clusters.get(5), Some(9));
        assert!(back.uses_pos);
        let mut s = [0f32; N_TAGS];
        back.add(7, &mut s);
        assert!((s[1] - 2.5).abs() < 1e-3 && (s[4] + 1.0).abs() < 1e-3);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nonsense").is_err());
    }
}
