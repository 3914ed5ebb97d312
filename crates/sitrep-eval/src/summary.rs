//! Extractive summaries against the BBC News Summary references
//! (`sitrep eval summary --bbc DIR`).
//!
//! `DIR/data/News Articles/<category>/<nnn>.txt` holds a headline line, a blank line and
//! paragraphs; `DIR/data/Summaries/<category>/<nnn>.txt` the reference: article sentences
//! run together. The headline is left out; the body is split with sitrep-story's plain
//! sentence splitter (the pipeline's splitter needs a model and the references were cut
//! from raw text anyway).
//!
//! ROUGE is computed here, per document then averaged (macro): tokens are lowercase
//! alphanumeric runs, no stemming and no stop-word removal. ROUGE-1/2 F1 are clipped
//! n-gram overlaps; ROUGE-L F1 is the longest common subsequence of the two token
//! sequences taken whole (not the per-sentence union "ROUGE-Lsum").
//!
//! Each system is scored at two lengths: 3 sentences (against lead-3) and 40% of the
//! article's sentences (against the same share of leading sentences), since the
//! references keep about 43% of the text.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use sitrep_story::summary::{summarise, SummaryConfig};
use sitrep_story::text::sentences;

use crate::{f1, EvalError, Metrics};

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn ngram_f1(cand: &[String], reference: &[String], n: usize) -> f64 {
    if cand.len() < n || reference.len() < n {
        return 0.0;
    }
    let mut counts: FxHashMap<&[String], i64> = FxHashMap::default();
    for g in reference.windows(n) {
        *counts.entry(g).or_insert(0) += 1;
    }
    let mut hit = 0;
    for g in cand.windows(n) {
        if let Some(c) = counts.get_mut(g) {
            if *c > 0 {
                *c -= 1;
                hit += 1;
            }
        }
    }
    let p = hit as f64 / (cand.len() + 1 - n) as f64;
    let r = hit as f64 / (reference.len() + 1 - n) as f64;
    f1(p, r)
}

fn lcs_f1(cand: &[String], reference: &[String]) -> f64 {
    if cand.is_empty() || reference.is_empty() {
        return 0.0;
    }
    let mut prev = vec![0u32; reference.len() + 1];
    let mut cur = vec![0u32; reference.len() + 1];
    for a in cand {
        for (j, b) in reference.iter().enumerate() {
            cur[j + 1] = if a == b {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let l = f64::from(prev[reference.len()]);
    f1(l / cand.len() as f64, l / reference.len() as f64)
}

/// ROUGE-1, ROUGE-2 and ROUGE-L F1 of a candidate against a reference.
pub fn rouge(candidate: &str, reference: &str) -> [f64; 3] {
    let (c, r) = (tokens(candidate), tokens(reference));
    [ngram_f1(&c, &r, 1), ngram_f1(&c, &r, 2), lcs_f1(&c, &r)]
}

/// Reads a file; a few BBC files hold stray non-UTF-8 bytes, replaced rather than fatal.
fn read(path: &Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(|e| EvalError::io(path, e))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Scores our summaries and the lead baseline on the BBC News Summary tree.
pub fn eval_bbc(dir: &Path) -> Result<Metrics, EvalError> {
    let data = if dir.join("data").is_dir() {
        dir.join("data")
    } else {
        dir.to_path_buf()
    };
    let articles = data.join("News Articles");
    let mut pairs: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut cats: Vec<PathBuf> = std::fs::read_dir(&articles)
        .map_err(|e| EvalError::io(&articles, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    cats.sort();
    for cat in cats {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&cat)
            .map_err(|e| EvalError::io(&cat, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            let (Some(c), Some(n)) = (cat.file_name(), f.file_name()) else {
                continue;
            };
            let reference = data.join("Summaries").join(c).join(n);
            pairs.push((f, reference));
        }
    }
    if pairs.is_empty() {
        return Err(EvalError::Format {
            path: dir.into(),
            message: "no News Articles/<category>/*.txt".into(),
        });
    }
    // Systems: ours@3, lead@3, ours@40%, lead@40%.
    let mut sums = [[0.0f64; 3]; 4];
    let cfg = SummaryConfig::default();
    let mut scored = 0usize;
    for (article, reference) in &pairs {
        let text = read(article)?;
        let reference = read(reference)?;
        // Skip the headline paragraph.
        let body = text.split_once("\n\n").map_or(text.as_str(), |(_, b)| b);
        let sents: Vec<&str> = sentences(body)
            .into_iter()
            .map(|(s, e)| &body[s..e])
            .collect();
        if sents.is_empty() {
            continue;
        }
        let ratio_n = ((sents.len() as f64 * 0.4).ceil() as usize).max(1);
        let join = |idx: &[usize]| idx.iter().map(|&i| sents[i]).collect::<Vec<_>>().join(" ");
        let lead = |n: usize| (0..n.min(sents.len())).collect::<Vec<_>>();
        let systems = [
            join(&summarise(&sents, 3, &[], &cfg)),
            join(&lead(3)),
            join(&summarise(&sents, ratio_n, &[], &cfg)),
            join(&lead(ratio_n)),
        ];
        for (sum, sys) in sums.iter_mut().zip(&systems) {
            for (acc, v) in sum.iter_mut().zip(rouge(sys, &reference)) {
                *acc += v;
            }
        }
        scored += 1;
    }
    let n = scored.max(1) as f64;
    let mut m = Metrics::default();
    m.push("docs", scored as f64);
    for (prefix, sum) in ["", "lead3_", "ratio40_", "lead_ratio40_"]
        .iter()
        .zip(&sums)
    {
        for (name, v) in ["rouge1_f1", "rouge2_f1", "rougeL_f1"].iter().zip(sum) {
            m.push(&format!("{prefix}{name}"), v / n);
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rouge_on_a_hand_checked_pair() {
        // Candidate "the cat sat on the mat", reference "the cat lay on the mat":
        // unigrams 5/6 both ways; bigrams "the cat", "on the", "the mat" = 3/5; LCS 5.
        let [r1, r2, rl] = rouge("The cat sat on the mat.", "the cat lay on the mat");
        assert!((r1 - 5.0 / 6.0).abs() < 1e-12);
        assert!((r2 - 0.6).abs() < 1e-12);
        assert!((rl - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(rouge("", "x"), [0.0, 0.0, 0.0]);
    }
}
