//! Incremental story clustering.
//!
//! Each article becomes one L2-normalised sparse vector: TF-IDF over stemmed content
//! terms (terms capitalised mid-sentence, likely names, weighed up), plus features for
//! the actors it mentions and the event dyads it codes, when those layers are present.
//! A story keeps the *sum* of its members' vectors, so the average-link similarity of two
//! groups is one sparse dot product: `dot(sum_a, sum_b) / (n_a * n_b)`.
//!
//! [`StoryIndex::add_batch`] clusters a batch by average-link agglomeration over a sparse
//! candidate graph, where existing stories take part as ready-made groups that new
//! articles may join but that never merge with each other; earlier assignments are never
//! revisited. Candidates come from an inverted index over each vector's top terms,
//! scored like a search engine and cut to the best few per article (blocking), so the
//! work grows with the number of articles times a constant, not its square. Groups
//! further apart in time than [`ClusterConfig::window_days`] are penalised.
//!
//! A story's id is derived from its founding article's id, so the same input in the same
//! batches gives the same ids on every run.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use sitrep_doc::Doc;

use crate::text::content_terms;

/// Collection size below which IDF is computed as if the collection had this many
/// articles.
const MIN_IDF_DOCS: u32 = 500;

/// Sparse vector: `(term id, weight)` sorted by term id.
type SparseVec = Vec<(u32, f32)>;

/// Parameters of the clusterer. One set for every corpus; nothing is tuned per topic.
#[derive(Clone, Debug)]
pub struct ClusterConfig {
    /// Average-link similarity at or above which two groups merge.
    pub threshold: f32,
    /// Weight factor of likely names over other terms.
    pub name_boost: f32,
    /// Weight factor of headline terms.
    pub title_boost: f32,
    /// Weight of an actor feature relative to an average term.
    pub actor_weight: f32,
    /// Weight of an event-dyad feature relative to an average term.
    pub dyad_weight: f32,
    /// Terms per article used for blocking.
    pub block_terms: usize,
    /// Neighbours per article whose exact similarity is computed.
    pub neighbours: usize,
    /// Groups whose dates are further apart than this are penalised.
    pub window_days: i64,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            threshold: 0.24,
            name_boost: 2.0,
            title_boost: 2.0,
            actor_weight: 1.0,
            dyad_weight: 1.0,
            block_terms: 12,
            neighbours: 24,
            window_days: 14,
        }
    }
}

/// What the clusterer needs of an article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleInput {
    /// The article's stable id.
    pub id: String,
    /// The headline, empty when unknown.
    pub title: String,
    /// The body text (the headline may be repeated in it).
    pub text: String,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Actor codes it mentions (`doc.mentions`), e.g. `RUSGOV`.
    pub actors: Vec<String>,
    /// Event dyads it codes (`doc.events`), e.g. `USA>RUS`.
    pub dyads: Vec<String>,
}

impl ArticleInput {
    /// Takes what clustering uses from an annotated doc. Dyads use the actors' countries
    /// where known, else their codes.
    pub fn from_doc(doc: &Doc) -> ArticleInput {
        let title = doc
            .meta
            .title
            .clone()
            .or_else(|| doc.title_span.map(|s| doc.span_text(s).to_string()))
            .unwrap_or_default();
        let side = |a: &sitrep_doc::ActorRef| a.iso3.clone().unwrap_or_else(|| a.code.clone());
        ArticleInput {
            id: doc.meta.id.clone(),
            title,
            text: doc.text().to_string(),
            date: doc.meta.reliable_date(),
            actors: doc.mentions.iter().map(|m| m.actor.code.clone()).collect(),
            dyads: doc
                .events
                .iter()
                .filter_map(|e| Some(format!("{}>{}", side(&e.source), side(e.target.as_ref()?))))
                .collect(),
        }
    }
}

/// One article as stored in a story.
#[derive(Clone, Debug)]
struct Member {
    id: String,
    title: String,
    vec: SparseVec,
}

#[derive(Clone, Debug)]
struct StoryState {
    id: String,
    members: Vec<Member>,
    sum: FxHashMap<u32, f32>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

/// A story as the caller sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryView {
    /// Stable id, `s` plus 16 hex digits derived from the founding article's id.
    pub id: String,
    /// The headline of the member closest to the story's centroid.
    pub title: String,
    /// Member article ids in the order they joined.
    pub articles: Vec<String>,
    /// Earliest member date.
    pub first: Option<NaiveDate>,
    /// Latest member date.
    pub last: Option<NaiveDate>,
}

/// Stories so far, plus the term statistics new articles are weighed with.
#[derive(Clone, Debug, Default)]
pub struct StoryIndex {
    cfg: ClusterConfig,
    vocab: FxHashMap<String, u32>,
    df: Vec<u32>,
    n_docs: u32,
    stories: Vec<StoryState>,
    by_id: FxHashMap<String, usize>,
    story_of: FxHashMap<String, usize>,
    observed: FxHashSet<String>,
}

/// A group during agglomeration: new articles and at most one existing story.
struct Group {
    sum: FxHashMap<u32, f32>,
    n: f32,
    story: Option<usize>,
    docs: Vec<usize>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    alive: bool,
    version: u32,
}

#[derive(PartialEq)]
struct Cand {
    sim: f32,
    a: usize,
    b: usize,
    va: u32,
    vb: u32,
}
impl Eq for Cand {}
impl PartialOrd for Cand {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cand {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sim
            .total_cmp(&other.sim)
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

fn dot_map(a: &FxHashMap<u32, f32>, b: &FxHashMap<u32, f32>) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(t, w)| large.get(t).map(|v| w * v))
        .sum()
}

fn add_into(sum: &mut FxHashMap<u32, f32>, v: &[(u32, f32)]) {
    for &(t, w) in v {
        *sum.entry(t).or_insert(0.0) += w;
    }
}

fn top_terms(v: &[(u32, f32)], k: usize) -> Vec<(u32, f32)> {
    let mut t = v.to_vec();
    t.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    t.truncate(k);
    t
}

fn gap_days(
    a: (Option<NaiveDate>, Option<NaiveDate>),
    b: (Option<NaiveDate>, Option<NaiveDate>),
) -> i64 {
    match (a, b) {
        ((Some(af), Some(al)), (Some(bf), Some(bl))) => {
            if al < bf {
                (bf - al).num_days()
            } else if bl < af {
                (af - bl).num_days()
            } else {
                0
            }
        }
        _ => 0,
    }
}

fn min_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

/// Stable story id from the founding article id (FNV-1a, fixed across runs and builds).
fn story_id(founder: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in founder.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("s{h:016x}")
}

impl StoryIndex {
    /// An empty index.
    pub fn new(cfg: ClusterConfig) -> StoryIndex {
        StoryIndex {
            cfg,
            ..StoryIndex::default()
        }
    }

    /// Number of stories.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    /// True when there is no story yet.
    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// The story an article belongs to.
    pub fn story_of(&self, article: &str) -> Option<&str> {
        self.story_of
            .get(article)
            .map(|&s| self.stories[s].id.as_str())
    }

    /// Every story, in order of creation.
    pub fn stories(&self) -> Vec<StoryView> {
        self.stories.iter().map(|s| self.view(s)).collect()
    }

    /// One story by id.
    pub fn story(&self, id: &str) -> Option<StoryView> {
        self.by_id.get(id).map(|&s| self.view(&self.stories[s]))
    }

    /// Puts back articles whose story is already decided (read back from a store, say):
    /// their terms are counted, then each joins its story, which is created under that id
    /// when it is new. Nothing is reclustered, so earlier decisions stand; the vectors are
    /// weighed with the statistics of everything restored so far.
    pub fn restore(&mut self, assigned: &[(ArticleInput, String)]) {
        let mut seen = FxHashSet::default();
        let fresh: Vec<&(ArticleInput, String)> = assigned
            .iter()
            .filter(|(a, _)| !self.story_of.contains_key(&a.id) && seen.insert(a.id.as_str()))
            .collect();
        let raws: Vec<Vec<(u32, f32)>> = fresh
            .iter()
            .map(|(a, _)| {
                let count = !self.observed.remove(&a.id);
                self.n_docs += u32::from(count);
                self.count_terms(a, count)
            })
            .collect();
        let vecs: Vec<SparseVec> = raws.par_iter().map(|r| self.weigh(r)).collect();
        for ((a, story), vec) in fresh.into_iter().zip(vecs) {
            let s = match self.by_id.get(story) {
                Some(&s) => s,
                None => self.found(story.clone()),
            };
            self.join(s, a, vec);
        }
    }

    fn found(&mut self, id: String) -> usize {
        self.by_id.insert(id.clone(), self.stories.len());
        self.stories.push(StoryState {
            id,
            members: Vec::new(),
            sum: FxHashMap::default(),
            first: None,
            last: None,
        });
        self.stories.len() - 1
    }

    fn join(&mut self, s: usize, a: &ArticleInput, vec: SparseVec) {
        let story = &mut self.stories[s];
        story.first = min_date(story.first, a.date);
        story.last = max_date(story.last, a.date);
        add_into(&mut story.sum, &vec);
        story.members.push(Member {
            id: a.id.clone(),
            title: a.title.clone(),
            vec,
        });
        self.story_of.insert(a.id.clone(), s);
    }

    fn view(&self, s: &StoryState) -> StoryView {
        let title = s
            .members
            .iter()
            .filter(|m| !m.title.is_empty())
            .map(|m| {
                let score: f32 = m
                    .vec
                    .iter()
                    .filter_map(|(t, w)| s.sum.get(t).map(|v| v * w))
                    .sum();
                (score, m)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.id.cmp(&a.1.id)))
            .map(|(_, m)| m.title.clone())
            .unwrap_or_default();
        StoryView {
            id: s.id.clone(),
            title,
            articles: s.members.iter().map(|m| m.id.clone()).collect(),
            first: s.first,
            last: s.last,
        }
    }

    fn term_id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.vocab.get(term) {
            return id;
        }
        let id = self.df.len() as u32;
        self.vocab.insert(term.to_string(), id);
        self.df.push(0);
        id
    }

    /// Counts articles into the term statistics without clustering them, e.g. a
    /// background corpus or a batch about to be clustered in parts. Counting is once
    /// per id: a later [`StoryIndex::add_batch`] of the same article does not count it
    /// again.
    pub fn observe(&mut self, articles: &[ArticleInput]) {
        for a in articles {
            if !self.story_of.contains_key(&a.id) && self.observed.insert(a.id.clone()) {
                self.count_terms(a, true);
                self.n_docs += 1;
            }
        }
    }

    /// Raw weights per term id (names and headline terms weighed up), updating the
    /// document frequencies when `count` is set.
    fn count_terms(&mut self, a: &ArticleInput, count: bool) -> Vec<(u32, f32)> {
        let mut counts: FxHashMap<u32, (f32, u32, u32)> = FxHashMap::default();
        let body = content_terms(&a.text);
        let title = content_terms(&a.title);
        for (k, (term, name)) in title.iter().chain(body.iter()).enumerate() {
            let id = self.term_id(term);
            let e = counts.entry(id).or_insert((0.0, 0, 0));
            e.0 += if k < title.len() {
                self.cfg.title_boost
            } else {
                1.0
            };
            e.1 += 1;
            e.2 += u32::from(*name);
        }
        let mut out: Vec<(u32, f32)> = counts
            .into_iter()
            .map(|(id, (tf, n, names))| {
                let boost = if names * 2 >= n && names > 0 {
                    self.cfg.name_boost
                } else {
                    1.0
                };
                (id, (1.0 + tf.ln()) * boost)
            })
            .collect();
        // Actor and dyad features live in the same space under a prefix no word can have.
        for (prefix, feats, weight) in [
            ("\u{1}a:", &a.actors, self.cfg.actor_weight),
            ("\u{1}d:", &a.dyads, self.cfg.dyad_weight),
        ] {
            let mut fc: FxHashMap<u32, f32> = FxHashMap::default();
            for f in feats {
                *fc.entry(self.term_id(&format!("{prefix}{f}")))
                    .or_insert(0.0) += 1.0;
            }
            out.extend(fc.into_iter().map(|(id, c)| (id, (1.0 + c.ln()) * weight)));
        }
        out.sort_unstable_by_key(|x| x.0);
        if count {
            for &(id, _) in &out {
                self.df[id as usize] += 1;
            }
        }
        out
    }

    fn weigh(&self, raw: &[(u32, f32)]) -> SparseVec {
        // Below MIN_IDF_DOCS articles, document frequencies say little about how common
        // a term is (in five articles about Syria, "Syria" is in all five), so the
        // collection counts as that large and every term keeps a weight.
        let n = self.n_docs.max(MIN_IDF_DOCS) as f32;
        let mut v: SparseVec = raw
            .iter()
            .map(|&(id, w)| {
                let df = self.df[id as usize] as f32;
                (id, w * ((n + 1.0) / (df + 0.5)).ln().max(0.0))
            })
            .filter(|x| x.1 > 0.0)
            .collect();
        let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for x in &mut v {
                x.1 /= norm;
            }
        }
        v
    }

    /// Adds a batch of articles: each joins an existing story or founds a new one.
    /// Articles already indexed are skipped. Returns the story id of each input article.
    pub fn add_batch(&mut self, batch: &[ArticleInput]) -> Vec<String> {
        let mut seen = FxHashSet::default();
        let fresh: Vec<&ArticleInput> = batch
            .iter()
            .filter(|a| !self.story_of.contains_key(&a.id) && seen.insert(a.id.as_str()))
            .collect();
        let raws: Vec<Vec<(u32, f32)>> = fresh
            .iter()
            .map(|a| {
                let count = !self.observed.remove(&a.id);
                self.n_docs += u32::from(count);
                self.count_terms(a, count)
            })
            .collect();
        let vecs: Vec<SparseVec> = raws.par_iter().map(|r| self.weigh(r)).collect();
        let assignment = self.agglomerate(&fresh, &vecs);
        for ((a, vec), s) in fresh.iter().zip(vecs).zip(assignment) {
            self.join(s, a, vec);
        }
        batch
            .iter()
            .map(|a| self.story_of(&a.id).map(str::to_string).unwrap_or_default())
            .collect()
    }

    /// Clusters the fresh articles against each other and the existing stories; returns
    /// the story index of each fresh article, creating stories as needed.
    fn agglomerate(&mut self, fresh: &[&ArticleInput], vecs: &[SparseVec]) -> Vec<usize> {
        let cfg = &self.cfg;
        let n_new = fresh.len();
        // Groups 0..n_new are the new articles; n_new.. are existing stories.
        let mut groups: Vec<Group> = fresh
            .iter()
            .zip(vecs)
            .enumerate()
            .map(|(k, (a, v))| Group {
                sum: v.iter().copied().collect(),
                n: 1.0,
                story: None,
                docs: vec![k],
                first: a.date,
                last: a.date,
                alive: true,
                version: 0,
            })
            .collect();

        // Inverted index over top terms: new articles and story centroids.
        let mut postings: FxHashMap<u32, Vec<(usize, f32)>> = FxHashMap::default();
        for (k, v) in vecs.iter().enumerate() {
            for (t, w) in top_terms(v, cfg.block_terms) {
                postings.entry(t).or_default().push((k, w));
            }
        }
        let mut story_group: FxHashMap<usize, usize> = FxHashMap::default();
        for (s, st) in self.stories.iter().enumerate() {
            let n = st.members.len() as f32;
            let centroid: SparseVec = st.sum.iter().map(|(&t, &w)| (t, w / n)).collect();
            for (t, w) in top_terms(&centroid, cfg.block_terms * 2) {
                let g = *story_group.entry(s).or_insert(n_new + s);
                postings.entry(t).or_default().push((g, w));
            }
        }
        for (s, st) in self.stories.iter().enumerate() {
            groups.push(Group {
                sum: st.sum.clone(),
                n: st.members.len() as f32,
                story: Some(s),
                docs: Vec::new(),
                first: st.first,
                last: st.last,
                alive: true,
                version: 0,
            });
        }

        let pairs: Vec<(usize, usize)> = (0..n_new)
            .into_par_iter()
            .flat_map_iter(|k| {
                let mut acc: FxHashMap<usize, f32> = FxHashMap::default();
                for (t, w) in top_terms(&vecs[k], cfg.block_terms) {
                    if let Some(list) = postings.get(&t) {
                        for &(g, wg) in list {
                            if g != k {
                                *acc.entry(g).or_insert(0.0) += w * wg;
                            }
                        }
                    }
                }
                let mut best: Vec<(usize, f32)> = acc.into_iter().collect();
                best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                best.truncate(cfg.neighbours);
                best.into_iter().map(move |(g, _)| (k.min(g), k.max(g)))
            })
            .collect();
        let mut neighbours: Vec<FxHashSet<usize>> = vec![FxHashSet::default(); groups.len()];
        for &(a, b) in &pairs {
            neighbours[a].insert(b);
            neighbours[b].insert(a);
        }

        let sim = |ga: &Group, gb: &Group| -> f32 {
            if ga.story.is_some() && gb.story.is_some() {
                return 0.0;
            }
            let mut s = dot_map(&ga.sum, &gb.sum) / (ga.n * gb.n);
            let gap = gap_days((ga.first, ga.last), (gb.first, gb.last));
            if gap > cfg.window_days {
                s *= (-((gap - cfg.window_days) as f32) / cfg.window_days.max(1) as f32).exp();
            }
            s
        };
        let mut heap = BinaryHeap::new();
        let mut uniq: Vec<(usize, usize)> = pairs;
        uniq.sort_unstable();
        uniq.dedup();
        for (a, b) in uniq {
            let s = sim(&groups[a], &groups[b]);
            if s >= cfg.threshold {
                heap.push(Cand {
                    sim: s,
                    a,
                    b,
                    va: 0,
                    vb: 0,
                });
            }
        }
        while let Some(c) = heap.pop() {
            let (a, b) = (c.a, c.b);
            if !groups[a].alive
                || !groups[b].alive
                || groups[a].version != c.va
                || groups[b].version != c.vb
            {
                continue;
            }
            // Merge the smaller-indexed into `keep`, preferring the side that holds a story.
            let (keep, gone) = if groups[b].story.is_some() {
                (b, a)
            } else {
                (a, b)
            };
            let moved = std::mem::take(&mut groups[gone].sum);
            let moved_docs = std::mem::take(&mut groups[gone].docs);
            let (gn, gf, gl) = (groups[gone].n, groups[gone].first, groups[gone].last);
            groups[gone].alive = false;
            {
                let g = &mut groups[keep];
                for (t, w) in moved {
                    *g.sum.entry(t).or_insert(0.0) += w;
                }
                g.docs.extend(moved_docs);
                g.n += gn;
                g.first = min_date(g.first, gf);
                g.last = max_date(g.last, gl);
                g.version += 1;
            }
            let gone_neigh = std::mem::take(&mut neighbours[gone]);
            let mut merged: Vec<usize> = neighbours[keep]
                .iter()
                .chain(gone_neigh.iter())
                .copied()
                .filter(|&x| x != keep && x != gone && groups[x].alive)
                .collect();
            merged.sort_unstable();
            merged.dedup();
            for &x in &merged {
                neighbours[x].remove(&gone);
                neighbours[x].insert(keep);
                let s = sim(&groups[keep], &groups[x]);
                if s >= cfg.threshold {
                    let (lo, hi) = (keep.min(x), keep.max(x));
                    heap.push(Cand {
                        sim: s,
                        a: lo,
                        b: hi,
                        va: groups[lo].version,
                        vb: groups[hi].version,
                    });
                }
            }
            neighbours[keep] = merged.into_iter().collect();
        }

        let mut out = vec![usize::MAX; n_new];
        for g in groups.iter().filter(|g| g.alive && !g.docs.is_empty()) {
            let s = match g.story {
                Some(s) => s,
                None => {
                    let founder = g
                        .docs
                        .iter()
                        .map(|&k| fresh[k])
                        .min_by(|a, b| {
                            (a.date.is_none(), a.date, &a.id).cmp(&(
                                b.date.is_none(),
                                b.date,
                                &b.id,
                            ))
                        })
                        .map(|a| a.id.as_str())
                        .unwrap_or_default();
                    self.found(story_id(founder))
                }
            };
            for &k in &g.docs {
                out[k] = s;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> ArticleInput {
        ArticleInput {
            id: id.into(),
            title: text.into(),
            text: text.into(),
            ..ArticleInput::default()
        }
    }

    const QUAKE: &str = "Earthquake of magnitude 6.1 strikes northern Chile, killing two.";
    const QUAKE2: &str = "Magnitude 6.1 earthquake strikes northern Chile; two dead.";
    const QUAKE3: &str = "Chile earthquake: magnitude 6.1 quake kills two in the north.";
    const RATES: &str = "Central bank raises interest rates to curb inflation.";

    #[test]
    fn restored_stories_take_new_articles_and_keep_their_ids() {
        let mut first = StoryIndex::new(ClusterConfig::default());
        let ids = first.add_batch(&[
            article("a", QUAKE),
            article("b", QUAKE2),
            article("c", RATES),
        ]);
        // A new process restores the decisions, in any order, and goes on clustering.
        let mut again = StoryIndex::new(ClusterConfig::default());
        again.restore(&[
            (article("c", RATES), ids[2].clone()),
            (article("a", QUAKE), ids[0].clone()),
            (article("b", QUAKE2), ids[1].clone()),
        ]);
        assert_eq!(again.len(), 2);
        assert_eq!(again.story_of("b"), Some(ids[0].as_str()));
        let next = again.add_batch(&[article("d", QUAKE3), article("a", QUAKE)]);
        assert_eq!(
            next,
            [ids[0].clone(), ids[0].clone()],
            "joins; a is not re-added"
        );
        let story = again.story(&ids[0]).unwrap();
        assert_eq!(story.articles, ["a", "b", "d"]);
        assert!(again.story("s-none").is_none());
    }
}
