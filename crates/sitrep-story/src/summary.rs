//! Extractive summaries: centrality plus maximal marginal relevance (MMR).
//!
//! Sentences become TF-IDF vectors over stemmed content terms, with IDF taken over the
//! sentences themselves. A sentence's score is its cosine to the centroid of all
//! sentences, raised for early sentences (news leads) and for sentences that carry
//! `boost` terms (the main dyads, when a story summary asks for them). Selection is
//! greedy MMR: each step takes the sentence maximising
//! `lambda * score - (1 - lambda) * max cosine to the sentences already taken`, which
//! keeps the summary from repeating itself (wire copies of one paragraph, say).
//! The chosen sentences are returned in their original order.

use rustc_hash::FxHashMap;

use crate::text::content_terms;

/// Parameters of [`summarise`].
#[derive(Clone, Debug)]
pub struct SummaryConfig {
    /// Trade-off between relevance (1.0) and novelty (0.0).
    pub lambda: f32,
    /// Weight of the lead prior: sentence `i` gets `1 + lead / (1 + i)`.
    pub lead: f32,
    /// Sentences with fewer content terms are never chosen.
    pub min_terms: usize,
    /// Sentences whose cosine to a chosen one reaches this are never chosen.
    pub max_overlap: f32,
}

impl Default for SummaryConfig {
    fn default() -> Self {
        SummaryConfig {
            lambda: 0.7,
            lead: 1.0,
            min_terms: 4,
            max_overlap: 0.7,
        }
    }
}

type Vector = FxHashMap<String, f32>;

fn cosine(a: &Vector, b: &Vector) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(t, w)| large.get(t).map(|v| w * v))
        .sum()
}

fn normalised(mut v: Vector) -> Vector {
    let norm = v.values().map(|w| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|w| *w /= norm);
    }
    v
}

/// Picks up to `n` sentences; returns their indices in ascending order. Sentences that
/// contain any stem in `boost` (the story's main actors, say) score higher.
pub fn summarise(
    sentences: &[&str],
    n: usize,
    boost: &[String],
    cfg: &SummaryConfig,
) -> Vec<usize> {
    let terms: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| content_terms(s).into_iter().map(|t| t.0).collect())
        .collect();
    let mut df: FxHashMap<&str, f32> = FxHashMap::default();
    for ts in &terms {
        let mut uniq: Vec<&str> = ts.iter().map(String::as_str).collect();
        uniq.sort_unstable();
        uniq.dedup();
        for t in uniq {
            *df.entry(t).or_insert(0.0) += 1.0;
        }
    }
    let n_s = sentences.len() as f32;
    let vecs: Vec<Vector> = terms
        .iter()
        .map(|ts| {
            let mut v = Vector::default();
            for t in ts {
                *v.entry(t.clone()).or_insert(0.0) += 1.0;
            }
            for (t, w) in v.iter_mut() {
                *w = (1.0 + w.ln()) * ((n_s + 1.0) / df[t.as_str()]).ln();
            }
            normalised(v)
        })
        .collect();
    let mut centroid = Vector::default();
    for v in &vecs {
        for (t, w) in v {
            *centroid.entry(t.clone()).or_insert(0.0) += w;
        }
    }
    let centroid = normalised(centroid);
    let scores: Vec<f32> = vecs
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let boosted = terms[i].iter().any(|t| boost.contains(t));
            cosine(v, &centroid)
                * (1.0 + cfg.lead / (1.0 + i as f32))
                * if boosted { 1.5 } else { 1.0 }
        })
        .collect();

    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < n {
        let best = (0..sentences.len())
            .filter(|i| !chosen.contains(i) && terms[*i].len() >= cfg.min_terms)
            .filter_map(|i| {
                let redundancy = chosen
                    .iter()
                    .map(|&j| cosine(&vecs[i], &vecs[j]))
                    .fold(0.0f32, f32::max);
                (redundancy < cfg.max_overlap)
                    .then(|| (cfg.lambda * scores[i] - (1.0 - cfg.lambda) * redundancy, i))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        match best {
            Some((_, i)) => chosen.push(i),
            None => break,
        }
    }
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_central_sentences_and_skips_repeats() {
        let s = [
            "Russian jets struck rebel positions near Aleppo on Tuesday, monitors said.",
            "Russian jets struck rebel positions near Aleppo on Tuesday, the monitors said.",
            "The weather in the region was mild for the season.",
            "Moscow denied that the jets struck civilian areas near Aleppo.",
            "Washington accused Moscow of hitting rebel positions rather than militants.",
        ];
        let got = summarise(&s, 3, &[], &SummaryConfig::default());
        assert_eq!(got, [0, 3, 4]);
        let boosted = summarise(&s, 1, &["weather".to_string()], &SummaryConfig::default());
        assert_eq!(boosted, [0]);
    }
}
