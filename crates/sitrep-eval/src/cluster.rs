//! Document clustering against ECB+ sub-topics (`sitrep eval cluster --ecb DIR`).
//!
//! ECB+ stores each document as tokens (`DIR/<topic>/<topic>_<n>{ecb,ecbplus}.xml`); the
//! text is rebuilt by joining tokens with spaces, except before closing punctuation and
//! after opening brackets/quotes, one paragraph per sentence. Gold cluster = (topic,
//! `ecb` | `ecbplus`): within a topic the two halves report two different but similar
//! events, which makes them hard negatives.
//!
//! Three settings are scored. The unprefixed metrics cluster every document of every
//! topic in one batch (the honest setting: topics are not given). `per_topic_` takes term
//! statistics from all documents, then adds one topic at a time as a batch (new documents
//! may still join stories of earlier topics). `incremental_` adds the documents in four
//! interleaved batches, each joining the stories built so far. The baseline links two
//! documents when the Jaccard overlap of their stemmed content-word sets (a lemma proxy)
//! reaches [`BASELINE_JACCARD`] and takes connected components.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use sitrep_story::cluster::{ArticleInput, ClusterConfig, StoryIndex};
use sitrep_story::dedup::{find_duplicates, DedupConfig, DupKind};
use sitrep_story::text::content_terms;

use crate::{f1, EvalError, Metrics};

/// Jaccard overlap at which the lemma baseline links two documents. Chosen once by
/// hand, not searched on the data.
pub const BASELINE_JACCARD: f64 = 0.2;

/// One ECB+ document.
#[derive(Clone, Debug)]
pub struct EcbDoc {
    /// File name without extension, e.g. `1_10ecb`.
    pub name: String,
    /// Topic number.
    pub topic: u32,
    /// Gold sub-topic label, e.g. `1/ecbplus`.
    pub gold: String,
    /// First sentence that is not a URL.
    pub title: String,
    /// Rebuilt text, one paragraph per sentence.
    pub text: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Joins tokens into readable text.
fn detokenise(tokens: &[String]) -> String {
    let mut out = String::new();
    let mut no_space_next = true;
    for t in tokens {
        let (tok, closing_quote) = match t.as_str() {
            "``" => ("\"", false),
            "''" => ("\"", true),
            "-LRB-" => ("(", false),
            "-RRB-" => (")", false),
            other => (other, false),
        };
        let closing = matches!(tok, "." | "," | ";" | ":" | "!" | "?" | ")" | "%")
            || tok.starts_with('\'') && tok.len() <= 3
            || tok == "n't"
            || closing_quote;
        if !out.is_empty() && !no_space_next && !closing {
            out.push(' ');
        }
        out.push_str(tok);
        no_space_next = matches!(t.as_str(), "(" | "$" | "``" | "-LRB-");
    }
    out
}

/// Parses one ECB+ XML file.
fn read_doc(path: &Path, topic: u32) -> Result<EcbDoc, EvalError> {
    let xml = std::fs::read_to_string(path).map_err(|e| EvalError::io(path, e))?;
    let name = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let half = if name.ends_with("ecbplus") {
        "ecbplus"
    } else if name.ends_with("ecb") {
        "ecb"
    } else {
        return Err(EvalError::Format {
            path: path.into(),
            message: "file name ends neither in ecb nor ecbplus".into(),
        });
    };
    let mut sentences: Vec<(u32, Vec<String>)> = Vec::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<token ") {
        rest = &rest[i..];
        let Some(gt) = rest.find('>') else { break };
        let attrs = &rest[..gt];
        let Some(close) = rest.find("</token>") else {
            break;
        };
        let text = unescape(rest[gt + 1..close].trim());
        let sent = attrs
            .split("sentence=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(0);
        match sentences.last_mut() {
            Some((s, toks)) if *s == sent => toks.push(text),
            _ => sentences.push((sent, vec![text])),
        }
        rest = &rest[close + 8..];
    }
    if sentences.is_empty() {
        return Err(EvalError::Format {
            path: path.into(),
            message: "no tokens".into(),
        });
    }
    let sents: Vec<String> = sentences.iter().map(|(_, t)| detokenise(t)).collect();
    let title = sents
        .iter()
        .find(|s| !s.contains("http") && !s.contains("www."))
        .cloned()
        .unwrap_or_default();
    Ok(EcbDoc {
        name,
        topic,
        gold: format!("{topic}/{half}"),
        title,
        text: sents.join("\n\n"),
    })
}

/// Reads every `DIR/<topic>/*.xml`, topics in numeric order, files by name.
pub fn read_ecb(dir: &Path) -> Result<Vec<EcbDoc>, EvalError> {
    let mut topics: Vec<(u32, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| EvalError::io(dir, e))? {
        let entry = entry.map_err(|e| EvalError::io(dir, e))?;
        if let Some(t) = entry.file_name().to_str().and_then(|n| n.parse().ok()) {
            topics.push((t, entry.path()));
        }
    }
    topics.sort();
    let mut docs = Vec::new();
    for (topic, tdir) in topics {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&tdir)
            .map_err(|e| EvalError::io(&tdir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        files.sort();
        for f in files {
            docs.push(read_doc(&f, topic)?);
        }
    }
    if docs.is_empty() {
        return Err(EvalError::Format {
            path: dir.into(),
            message: "no <topic>/*.xml files".into(),
        });
    }
    Ok(docs)
}

/// B-cubed precision and recall of a predicted clustering against gold labels.
pub fn b_cubed(pred: &[usize], gold: &[usize]) -> (f64, f64) {
    let mut joint: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    let mut p_size: FxHashMap<usize, f64> = FxHashMap::default();
    let mut g_size: FxHashMap<usize, f64> = FxHashMap::default();
    for (&p, &g) in pred.iter().zip(gold) {
        *joint.entry((p, g)).or_insert(0.0) += 1.0;
        *p_size.entry(p).or_insert(0.0) += 1.0;
        *g_size.entry(g).or_insert(0.0) += 1.0;
    }
    let n = pred.len().max(1) as f64;
    let (mut prec, mut rec) = (0.0, 0.0);
    for (&(p, g), &c) in &joint {
        prec += c * c / p_size[&p];
        rec += c * c / g_size[&g];
    }
    (prec / n, rec / n)
}

/// Adjusted Rand index.
pub fn ari(pred: &[usize], gold: &[usize]) -> f64 {
    let c2 = |x: f64| x * (x - 1.0) / 2.0;
    let mut joint: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    let mut a: FxHashMap<usize, f64> = FxHashMap::default();
    let mut b: FxHashMap<usize, f64> = FxHashMap::default();
    for (&p, &g) in pred.iter().zip(gold) {
        *joint.entry((p, g)).or_insert(0.0) += 1.0;
        *a.entry(p).or_insert(0.0) += 1.0;
        *b.entry(g).or_insert(0.0) += 1.0;
    }
    let index: f64 = joint.values().map(|&x| c2(x)).sum();
    let sa: f64 = a.values().map(|&x| c2(x)).sum();
    let sb: f64 = b.values().map(|&x| c2(x)).sum();
    let total = c2(pred.len() as f64);
    if total == 0.0 {
        return 1.0;
    }
    let expected = sa * sb / total;
    let max = (sa + sb) / 2.0;
    if max == expected {
        return 1.0;
    }
    (index - expected) / (max - expected)
}

fn labels(names: &[String]) -> Vec<usize> {
    let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
    names
        .iter()
        .map(|n| {
            let next = ids.len();
            *ids.entry(n.as_str()).or_insert(next)
        })
        .collect()
}

fn inputs(docs: &[&EcbDoc]) -> Vec<ArticleInput> {
    docs.iter()
        .map(|d| ArticleInput {
            id: d.name.clone(),
            title: d.title.clone(),
            text: d.text.clone(),
            ..ArticleInput::default()
        })
        .collect()
}

/// Lemma-overlap baseline: connected components of the Jaccard ≥ threshold graph.
fn baseline_labels(docs: &[&EcbDoc]) -> Vec<usize> {
    let sets: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            let mut v: Vec<String> = content_terms(&d.text).into_iter().map(|t| t.0).collect();
            v.sort();
            v.dedup();
            v
        })
        .collect();
    let mut parent: Vec<usize> = (0..docs.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for i in 0..sets.len() {
        for j in i + 1..sets.len() {
            let inter = sets[i]
                .iter()
                .filter(|t| sets[j].binary_search(t).is_ok())
                .count();
            let union = sets[i].len() + sets[j].len() - inter;
            if union > 0 && inter as f64 / union as f64 >= BASELINE_JACCARD {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    (0..docs.len()).map(|i| find(&mut parent, i)).collect()
}

fn push_scores(m: &mut Metrics, prefix: &str, pred: &[usize], gold: &[usize]) {
    let (p, r) = b_cubed(pred, gold);
    m.push(&format!("{prefix}b3_f1"), f1(p, r));
    m.push(&format!("{prefix}b3_precision"), p);
    m.push(&format!("{prefix}b3_recall"), r);
    m.push(&format!("{prefix}ari"), ari(pred, gold));
}

/// Scores story clustering and the lemma baseline on an ECB+ tree.
pub fn eval_ecb(dir: &Path) -> Result<Metrics, EvalError> {
    let docs = read_ecb(dir)?;
    let all: Vec<&EcbDoc> = docs.iter().collect();
    let gold = labels(&docs.iter().map(|d| d.gold.clone()).collect::<Vec<_>>());
    let cfg = ClusterConfig::default();

    let pred_all = labels(&StoryIndex::new(cfg.clone()).add_batch(&inputs(&all)));
    // Per topic: term statistics from every document, clustering within each topic.
    let mut index = StoryIndex::new(cfg.clone());
    index.observe(&inputs(&all));
    let mut per_topic = Vec::with_capacity(docs.len());
    let mut topics: Vec<u32> = docs.iter().map(|d| d.topic).collect();
    topics.dedup();
    for &t in &topics {
        let part: Vec<&EcbDoc> = docs.iter().filter(|d| d.topic == t).collect();
        per_topic.extend(index.add_batch(&inputs(&part)));
    }
    let pred_topic = labels(&per_topic);
    // Incremental: four batches (every fourth document), each joining the stories so far.
    let mut index = StoryIndex::new(cfg);
    let mut incremental = vec![String::new(); docs.len()];
    for part in 0..4 {
        let idx: Vec<usize> = (part..docs.len()).step_by(4).collect();
        let batch: Vec<&EcbDoc> = idx.iter().map(|&i| &docs[i]).collect();
        for (i, s) in idx.into_iter().zip(index.add_batch(&inputs(&batch))) {
            incremental[i] = s;
        }
    }
    let pred_incremental = labels(&incremental);
    let base = baseline_labels(&all);

    let mut m = Metrics::default();
    m.push("docs", docs.len() as f64);
    m.push("topics", topics.len() as f64);
    m.push(
        "gold_clusters",
        gold.iter().collect::<rustc_hash::FxHashSet<_>>().len() as f64,
    );
    m.push(
        "clusters",
        pred_all.iter().collect::<rustc_hash::FxHashSet<_>>().len() as f64,
    );
    push_scores(&mut m, "", &pred_all, &gold);
    push_scores(&mut m, "per_topic_", &pred_topic, &gold);
    push_scores(&mut m, "incremental_", &pred_incremental, &gold);
    push_scores(&mut m, "baseline_", &base, &gold);
    Ok(m)
}

/// One article of a throughput corpus.
struct BenchDoc {
    id: String,
    title: String,
    body: String,
    date: Option<chrono::NaiveDate>,
}

fn between<'a>(s: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let i = s.find(open)? + open.len();
    let j = s[i..].find(close)? + i;
    Some(&s[i..j])
}

fn sgml_unescape(s: &str) -> String {
    unescape(s).replace("&#3;", "").replace('\u{3}', "")
}

/// Reads Reuters-21578 SGML leniently (Latin-1, stray control bytes): articles with a
/// `<BODY>`, keyed `reuters-<NEWID>`.
fn read_reuters(dir: &Path) -> Result<Vec<BenchDoc>, EvalError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| EvalError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).map_err(|e| EvalError::io(&f, e))?;
        let text: String = bytes.iter().map(|&b| char::from(b)).collect();
        for rec in text.split("<REUTERS ").skip(1) {
            let Some(body) = between(rec, "<BODY>", "</BODY>") else {
                continue;
            };
            let id = between(rec, "NEWID=\"", "\"").unwrap_or_default();
            let date = between(rec, "<DATE>", "</DATE>").and_then(|d| {
                chrono::NaiveDate::parse_from_str(d.trim().get(..11)?, "%d-%b-%Y").ok()
            });
            out.push(BenchDoc {
                id: format!("reuters-{id}"),
                title: sgml_unescape(between(rec, "<TITLE>", "</TITLE>").unwrap_or_default()),
                body: sgml_unescape(body),
                date,
            });
        }
    }
    Ok(out)
}

/// Reads the BBC articles (headline line, blank line, body), keyed `bbc-<category>-<nnn>`.
fn read_bbc(dir: &Path) -> Result<Vec<BenchDoc>, EvalError> {
    let root = dir.join("data").join("News Articles");
    let root = if root.is_dir() {
        root
    } else {
        dir.join("News Articles")
    };
    let mut out = Vec::new();
    let mut cats: Vec<PathBuf> = std::fs::read_dir(&root)
        .map_err(|e| EvalError::io(&root, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    cats.sort();
    for cat in cats {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&cat)
            .map_err(|e| EvalError::io(&cat, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).map_err(|e| EvalError::io(&f, e))?;
            let text = String::from_utf8_lossy(&bytes);
            let (title, body) = text.split_once("\n\n").unwrap_or(("", &text));
            let name = |p: &Path| {
                p.file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("")
                    .to_string()
            };
            out.push(BenchDoc {
                id: format!("bbc-{}-{}", name(&cat), name(&f)),
                title: title.trim().to_string(),
                body: body.to_string(),
                date: None,
            });
        }
    }
    Ok(out)
}

/// Throughput of duplicate detection and story clustering on Reuters-21578 plus BBC
/// News: counts (exact duplicates of raw bodies as a check, links by kind, stories) and
/// articles per second for each stage. Clustering is incremental: date order, batches of
/// `batch` articles.
pub fn bench_story(reuters: &Path, bbc: &Path, batch: usize) -> Result<Metrics, EvalError> {
    let mut docs = read_reuters(reuters)?;
    let mut raw: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let reuters_dups = docs.iter().filter(|d| !raw.insert(d.body.as_str())).count();
    drop(raw);
    docs.extend(read_bbc(bbc)?);
    docs.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    let mut m = Metrics::default();
    m.push("articles", docs.len() as f64);
    let mut raw: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let raw_dups = docs.iter().filter(|d| !raw.insert(d.body.as_str())).count();
    m.push("reuters_raw_exact_duplicate_bodies", reuters_dups as f64);
    m.push("raw_exact_duplicate_bodies", raw_dups as f64);

    let t = std::time::Instant::now();
    let bodies: Vec<&str> = docs.iter().map(|d| d.body.as_str()).collect();
    let report = find_duplicates(&bodies, &DedupConfig::default());
    let dedup_s = t.elapsed().as_secs_f64();
    m.push("exact_duplicates", report.exact_count() as f64);
    m.push("near_links", report.count(DupKind::Near) as f64);
    m.push("partial_links", report.count(DupKind::Partial) as f64);
    m.push("dedup_s", dedup_s);
    m.push("dedup_articles_per_s", docs.len() as f64 / dedup_s);

    let t = std::time::Instant::now();
    let mut index = StoryIndex::new(ClusterConfig::default());
    for chunk in docs.chunks(batch.max(1)) {
        let inputs: Vec<ArticleInput> = chunk
            .iter()
            .map(|d| ArticleInput {
                id: d.id.clone(),
                title: d.title.clone(),
                text: d.body.clone(),
                date: d.date,
                ..ArticleInput::default()
            })
            .collect();
        index.add_batch(&inputs);
    }
    let cluster_s = t.elapsed().as_secs_f64();
    m.push("stories", index.len() as f64);
    m.push(
        "stories_with_2plus",
        index
            .stories()
            .iter()
            .filter(|s| s.articles.len() > 1)
            .count() as f64,
    );
    m.push("cluster_s", cluster_s);
    m.push("cluster_articles_per_s", docs.len() as f64 / cluster_s);
    m.push("articles_per_s", docs.len() as f64 / (dedup_s + cluster_s));
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_and_ari_on_a_known_case() {
        let gold = [0, 0, 0, 1, 1];
        let pred = [0, 0, 1, 1, 1];
        let (p, r) = b_cubed(&pred, &gold);
        // Precision: (2/2 + 2/2 + 1/3 + 2/3 + 2/3) / 5; recall: (2/3 + 2/3 + 1/3 + 1 + 1) / 5.
        assert!((p - (11.0 / 3.0) / 5.0).abs() < 1e-12);
        assert!((r - (11.0 / 3.0) / 5.0).abs() < 1e-12);
        assert_eq!(ari(&gold, &gold), 1.0);
        assert!((ari(&pred, &gold) - 1.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn detokenise_closes_punctuation() {
        let toks: Vec<String> = [
            "``", "We", "do", "n't", "know", ",", "''", "he", "said", ".",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(detokenise(&toks), "\"We don't know,\" he said.");
    }
}
