//! Main-text extraction suites: `aeb` (shingle overlap with a gold article body) and
//! `trafilatura_eval` (must-appear / must-not-appear snippets).
//!
//! The scored text is the article body sitrep stores, without the headline paragraph: the
//! gold in both formats is the body, and trafilatura's own output leaves the title out too.
//! Pages are read and un-gzipped before the clock starts; `docs_per_s` (wall clock) and
//! `docs_per_cpu_s` (CPU time) cover extraction only (bytes to `Doc`: charset decoding,
//! parsing, main text, metadata, the content hash), over rayon's threads
//! (`RAYON_NUM_THREADS=1` for a single-core figure).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

use rayon::prelude::*;
use regex::Regex;

use crate::{f1, EvalError, Metrics};

/// The body text sitrep extracts from one page; empty when it finds none.
pub fn main_text(html: &[u8]) -> String {
    let Ok(doc) = sitrep_ingest::html_to_doc(html, "eval", None) else {
        return String::new();
    };
    let text = doc.text();
    match doc.title_span {
        Some(t) => text[t.end as usize..].trim_start().to_string(),
        None => text.to_string(),
    }
}

fn read_gz(path: &Path) -> Result<Vec<u8>, EvalError> {
    let file = std::fs::File::open(path).map_err(|e| EvalError::io(path, e))?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_end(&mut out)
        .map_err(|e| EvalError::io(path, e))?;
    Ok(out)
}

fn read_json(path: &Path) -> Result<serde_json::Value, EvalError> {
    let bytes = std::fs::read(path).map_err(|e| EvalError::io(path, e))?;
    serde_json::from_slice(&bytes).map_err(|e| EvalError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Extraction speed: wall-clock docs per second (the median over passes) and docs per CPU
/// second (all passes; with one thread, the single-core rate however busy the machine is).
struct Speed {
    per_s: f64,
    per_cpu_s: Option<f64>,
}

/// CPU seconds used by this process so far, all threads.
#[cfg(unix)]
fn cpu_seconds() -> Option<f64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec through the valid pointer it is given.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    (rc == 0).then_some(ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9)
}

#[cfg(not(unix))]
fn cpu_seconds() -> Option<f64> {
    None
}

/// Extracts every page in parallel; returns the texts (input order) and the speed over
/// repeated passes (at least 3, and 2 s of extraction in all), since one pass over a small
/// set is too short to time on a busy machine.
fn extract_all(pages: &[Vec<u8>]) -> (Vec<String>, Speed) {
    let mut rates = Vec::new();
    let mut spent = 0.0;
    let mut texts = Vec::new();
    let cpu_start = cpu_seconds();
    while rates.len() < 3 || (spent < 2.0 && rates.len() < 100) {
        let start = Instant::now();
        texts = pages.par_iter().map(|p| main_text(p)).collect();
        let secs = start.elapsed().as_secs_f64().max(1e-9);
        spent += secs;
        rates.push(pages.len() as f64 / secs);
    }
    let docs = (pages.len() * rates.len()) as f64;
    let per_cpu_s = cpu_start
        .zip(cpu_seconds())
        .map(|(a, b)| docs / (b - a).max(1e-9));
    rates.sort_by(f64::total_cmp);
    let per_s = rates[rates.len() / 2];
    (texts, Speed { per_s, per_cpu_s })
}

impl Speed {
    fn push_to(&self, m: &mut Metrics) {
        m.push("docs_per_s", self.per_s);
        if let Some(c) = self.per_cpu_s {
            m.push("docs_per_cpu_s", c);
        }
    }
}

/// Unicode `\w+` runs.
fn tokens(text: &str) -> Vec<&str> {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\w+").expect("valid regex"))
        .find_iter(text)
        .map(|m| m.as_str())
        .collect()
}

/// The multiset of token 4-grams; a text of 1 to 3 tokens is one shingle.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    if toks.len() < 4 {
        out.insert(toks, 1);
        return out;
    }
    for w in toks.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Per-document shingle precision and recall; both 1.0 when FP = FN = 0.
pub fn shingle_pr(predicted: &str, gold: &str) -> (f64, f64) {
    let p = shingles(predicted);
    let g = shingles(gold);
    let tp: usize = p
        .iter()
        .map(|(k, n)| (*n).min(g.get(k).copied().unwrap_or(0)))
        .sum();
    let fp = p.values().sum::<usize>() - tp;
    let fn_ = g.values().sum::<usize>() - tp;
    if fp == 0 && fn_ == 0 {
        return (1.0, 1.0);
    }
    let ratio = |a: usize, b: usize| {
        if a + b == 0 {
            0.0
        } else {
            a as f64 / (a + b) as f64
        }
    };
    (ratio(tp, fp), ratio(tp, fn_))
}

/// The Article Extraction Benchmark format: `DIR/ground-truth.json` maps ids to
/// `{"articleBody", "url"}`, pages are `DIR/html/<id>.html.gz`. Prints macro-averaged
/// shingle `precision` and `recall`, `f1` of the two means, `docs`, `docs_per_s`,
/// `docs_per_cpu_s`.
pub fn aeb(dir: &Path) -> Result<Metrics, EvalError> {
    let gt_path = dir.join("ground-truth.json");
    let gt = read_json(&gt_path)?;
    let obj = gt.as_object().ok_or_else(|| EvalError::Format {
        path: gt_path.clone(),
        message: "not a JSON object".to_string(),
    })?;
    let mut ids: Vec<&String> = obj.keys().collect();
    ids.sort();
    let mut golds = Vec::with_capacity(ids.len());
    let mut pages = Vec::with_capacity(ids.len());
    for id in ids {
        let body = obj[id]
            .get("articleBody")
            .and_then(|b| b.as_str())
            .ok_or_else(|| EvalError::Format {
                path: gt_path.clone(),
                message: format!("{id}: no string articleBody"),
            })?;
        golds.push(body.to_string());
        pages.push(read_gz(&dir.join("html").join(format!("{id}.html.gz")))?);
    }
    let (texts, speed) = extract_all(&pages);
    let n = texts.len().max(1) as f64;
    let (mut p_sum, mut r_sum) = (0.0, 0.0);
    for (t, g) in texts.iter().zip(&golds) {
        let (p, r) = shingle_pr(t, g);
        p_sum += p;
        r_sum += r;
    }
    let (p, r) = (p_sum / n, r_sum / n);
    let mut m = Metrics::default();
    m.push("precision", p);
    m.push("recall", r);
    m.push("f1", f1(p, r));
    m.push("docs", texts.len() as f64);
    speed.push_to(&mut m);
    Ok(m)
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Snippet counts for one document, as trafilatura's `evaluate.py` counts them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SnippetCounts {
    /// "with" snippets found.
    pub tp: usize,
    /// "without" snippets found.
    pub fp: usize,
    /// "without" snippets absent.
    pub tn: usize,
    /// "with" snippets missing.
    pub fn_: usize,
}

/// Scores one extraction against its snippets (substring match after white-space squashing).
pub fn score_snippets(text: &str, with: &[String], without: &[String]) -> SnippetCounts {
    let text = squash(text);
    let mut c = SnippetCounts::default();
    for s in with {
        if text.contains(&squash(s)) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
        }
    }
    for s in without {
        if text.contains(&squash(s)) {
            c.fp += 1;
        } else {
            c.tn += 1;
        }
    }
    c
}

fn strings(v: Option<&serde_json::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// trafilatura's evaluation format: `DIR/evaldata.json` maps URLs to `{"file", "with",
/// "without"}`, pages are `DIR/html/<file>.gz`. Prints micro `precision`, `recall`, `f1`,
/// `accuracy`, `docs`, `docs_per_s`, `docs_per_cpu_s`.
pub fn trafilatura_eval(dir: &Path) -> Result<Metrics, EvalError> {
    let data_path = dir.join("evaldata.json");
    let data = read_json(&data_path)?;
    let obj = data.as_object().ok_or_else(|| EvalError::Format {
        path: data_path.clone(),
        message: "not a JSON object".to_string(),
    })?;
    let mut entries = Vec::with_capacity(obj.len());
    let mut pages = Vec::with_capacity(obj.len());
    for (url, e) in obj {
        let file = e
            .get("file")
            .and_then(|f| f.as_str())
            .ok_or_else(|| EvalError::Format {
                path: data_path.clone(),
                message: format!("{url}: no file"),
            })?;
        pages.push(read_gz(&dir.join("html").join(format!("{file}.gz")))?);
        entries.push((strings(e.get("with")), strings(e.get("without"))));
    }
    let (texts, speed) = extract_all(&pages);
    let mut total = SnippetCounts::default();
    for (t, (with, without)) in texts.iter().zip(&entries) {
        let c = score_snippets(t, with, without);
        total.tp += c.tp;
        total.fp += c.fp;
        total.tn += c.tn;
        total.fn_ += c.fn_;
    }
    let ratio = |a: usize, b: usize| {
        if a + b == 0 {
            0.0
        } else {
            a as f64 / (a + b) as f64
        }
    };
    let p = ratio(total.tp, total.fp);
    let r = ratio(total.tp, total.fn_);
    let all = total.tp + total.fp + total.tn + total.fn_;
    let mut m = Metrics::default();
    m.push("precision", p);
    m.push("recall", r);
    m.push("f1", f1(p, r));
    m.push(
        "accuracy",
        ratio(total.tp + total.tn, all - total.tp - total.tn),
    );
    m.push("docs", texts.len() as f64);
    speed.push_to(&mut m);
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn shingle_scores() {
        assert_eq!(shingle_pr("", ""), (1.0, 1.0));
        assert_eq!(shingle_pr("a b c d e", "a b c d e"), (1.0, 1.0));
        // Predicted 3 shingles (a b c d, b c d e, c d e f), gold 2: two shared.
        let (p, r) = shingle_pr("a b c d e f", "a b c d e");
        assert!((p - 2.0 / 3.0).abs() < 1e-12 && r == 1.0);
        assert_eq!(shingle_pr("", "a b c d"), (0.0, 0.0));
        // Texts under 4 tokens are one shingle each; no shared shingle scores 0, not NaN.
        assert_eq!(shingle_pr("a b", "a b"), (1.0, 1.0));
        assert_eq!(shingle_pr("x", "a b c"), (0.0, 0.0));
        assert_eq!(shingle_pr("a b c d", ""), (0.0, 0.0));
        // Repeated shingles count as a multiset.
        let (p, _) = shingle_pr("x y z w x y z w", "x y z w");
        assert!((p - 0.2).abs() < 1e-12, "{p}");
        assert_eq!(
            tokens("Grüße, São-Paulo 2016!"),
            ["Grüße", "São", "Paulo", "2016"]
        );
    }

    #[test]
    fn snippet_counts() {
        let c = score_snippets(
            "The  council\napproved the plan.",
            &["council approved".into(), "missing".into()],
            &["Impressum".into(), "the plan".into()],
        );
        assert_eq!(
            c,
            SnippetCounts {
                tp: 1,
                fp: 1,
                tn: 1,
                fn_: 1
            }
        );
    }

    fn gz(path: &Path, text: &str) {
        let mut e = flate2::write::GzEncoder::new(
            std::fs::File::create(path).unwrap(),
            flate2::Compression::default(),
        );
        e.write_all(text.as_bytes()).unwrap();
        e.finish().unwrap();
    }

    const BODY: &str = "The council approved the plan for a new dam on Tuesday after a long debate. Work is due to start next spring and to take three years, the council said.";

    fn page() -> String {
        format!("<html><head><title>Dam plan approved</title></head><body><nav><a href='/'>Impressum</a></nav><article><h1>Dam plan approved</h1><p>{BODY}</p><p>Residents had asked for the dam for ten years, and many of them came to watch the vote in the town hall.</p></article></body></html>")
    }

    #[test]
    fn aeb_fixture() {
        let dir = std::env::temp_dir().join(format!("sitrep-eval-aeb-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("html")).unwrap();
        std::fs::write(
            dir.join("ground-truth.json"),
            serde_json::json!({"d1": {"articleBody": BODY, "url": "https://x.test/d1"}})
                .to_string(),
        )
        .unwrap();
        gz(&dir.join("html/d1.html.gz"), &page());
        let m = aeb(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        // All gold shingles found; the extra paragraph costs precision.
        assert_eq!(m.get("recall"), Some(1.0));
        let p = m.get("precision").unwrap();
        assert!(p > 0.4 && p < 0.7, "{p}");
        assert_eq!(m.get("docs"), Some(1.0));
    }

    #[test]
    fn trafilatura_fixture() {
        let dir = std::env::temp_dir().join(format!("sitrep-eval-traf-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("html")).unwrap();
        std::fs::write(
            dir.join("evaldata.json"),
            serde_json::json!({"https://x.test/d1": {"file": "d1.html", "with": ["new dam on Tuesday", "watch the vote"], "without": ["Impressum"]}}).to_string(),
        )
        .unwrap();
        gz(&dir.join("html/d1.html.gz"), &page());
        let m = trafilatura_eval(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(m.get("precision"), Some(1.0));
        assert_eq!(m.get("recall"), Some(1.0));
        assert_eq!(m.get("accuracy"), Some(1.0));
    }
}
