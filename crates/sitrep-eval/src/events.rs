//! Event coding suites: PETRARCH validation XML (`--petr`) and PLOVER gold records
//! (`--plover`). Both run sitrep's own tokenizer, tagger, parser and NER on the
//! sentence text; the parses in the gold files are ignored. PETRARCH unit-test
//! conformance (`--petr-unit`) is in [`crate::petr_unit`].
//!
//! Actor matching: `--petr` compares actors on their first three characters (the
//! country, or the `IGO`/`IMG`/`---` prefix), since the gold codes come from Phoenix's
//! dictionaries (`SYROPPHRI`, `IMGMUSISI`) and sitrep's knowledge base is its own;
//! `*_strict` metrics compare full codes.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use regex::Regex;
use sitrep_actors::ActorResolver;
use sitrep_doc::{Doc, DocMeta, Event};
use sitrep_events::{cameo, EventCoder};
use sitrep_pipeline::{Component, Pipeline};

use crate::{EvalError, Metrics, Prf};

fn read(path: &Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(|e| EvalError::io(path, e))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn format_err(path: &Path, message: impl Into<String>) -> EvalError {
    EvalError::Format {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// The front half every suite shares: tokenizer, tagger, parser, NER.
pub(crate) fn front(path: &Path) -> Result<Vec<Box<dyn Component>>, EvalError> {
    let tagger = sitrep_nlp::Tagger::load_default()
        .map_err(|e| format_err(path, format!("tagger model: {e}")))?;
    let parser = sitrep_parser::Parser::load_default()
        .map_err(|e| format_err(path, format!("parser model: {e}")))?;
    let ner =
        sitrep_ner::Ner::load_default().map_err(|e| format_err(path, format!("NER model: {e}")))?;
    Ok(vec![
        Box::new(sitrep_nlp::Tokenizer),
        Box::new(tagger),
        Box::new(parser),
        Box::new(ner),
    ])
}

fn pipeline(path: &Path, actors: ActorResolver, coder: EventCoder) -> Result<Pipeline, EvalError> {
    let mut c = front(path)?;
    c.push(Box::new(actors));
    c.push(Box::new(coder));
    Pipeline::build(c).map_err(|e| format_err(path, e.to_string()))
}

/// The built-in pipeline: sitrep's models, knowledge base and lexicon.
pub fn builtin_pipeline(path: &Path) -> Result<Pipeline, EvalError> {
    let actors = ActorResolver::builtin().map_err(|e| format_err(path, e.to_string()))?;
    let coder = EventCoder::builtin().map_err(|e| format_err(path, e.to_string()))?;
    pipeline(path, actors, coder)
}

/// One gold record of a PETRARCH validation file.
#[derive(Clone, Debug, PartialEq)]
pub struct PetrRecord {
    /// Record id.
    pub id: String,
    /// Record category (`DEMO`, `ACTOR`, ...), empty when absent.
    pub category: String,
    /// Story date, when it parses.
    pub date: Option<NaiveDate>,
    /// The sentence text, whitespace collapsed.
    pub text: String,
    /// Expected (source, target, code) triples; empty for `noevents`.
    pub expected: Vec<(String, String, String)>,
}

/// Reads PETRARCH validation records tolerantly: the files are not well-formed XML
/// (self-closing `<Sentence/>` tags, bare `#` comment headers), so records are found by
/// scanning for `<Sentence` tags and reading what follows up to the next one.
pub fn read_petr(path: &Path) -> Result<Vec<PetrRecord>, EvalError> {
    let text = read(path)?;
    let attr =
        Regex::new(r#"(\w+)\s*=\s*"([^"]*)""#).map_err(|e| format_err(path, e.to_string()))?;
    let get = |tag: &str, name: &str| -> Option<String> {
        attr.captures_iter(tag)
            .find(|c| &c[1] == name)
            .map(|c| c[2].to_string())
    };
    let starts: Vec<usize> = text.match_indices("<Sentence ").map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let chunk = &text[s..end];
        let Some(tag_end) = chunk.find('>') else {
            continue;
        };
        let tag = &chunk[..tag_end];
        if get(tag, "evaluate").is_some_and(|v| v.eq_ignore_ascii_case("false")) {
            continue;
        }
        let Some(t0) = chunk.find("<Text>") else {
            continue;
        };
        let Some(t1) = chunk[t0..].find("</Text>") else {
            continue;
        };
        let mut body = chunk[t0 + 6..t0 + t1]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if body.is_empty() {
            body = parse_words(&chunk[t0 + t1..]);
        }
        let mut expected = Vec::new();
        for (i, _) in chunk[..t0].match_indices("<EventCoding") {
            let Some(e) = chunk[i..].find('>') else {
                continue;
            };
            let ec = &chunk[i..i + e];
            if let (Some(src), Some(tgt), Some(code)) = (
                get(ec, "sourcecode"),
                get(ec, "targetcode"),
                get(ec, "eventcode"),
            ) {
                expected.push((src, tgt, code));
            }
        }
        out.push(PetrRecord {
            id: get(tag, "id").unwrap_or_default(),
            category: get(tag, "category").unwrap_or_default(),
            date: get(tag, "date").and_then(|d| NaiveDate::parse_from_str(&d, "%Y%m%d").ok()),
            text: body,
            expected,
        });
    }
    if out.is_empty() {
        return Err(format_err(path, "no <Sentence> records with <Text>"));
    }
    Ok(out)
}

/// The sentence of a record whose `<Text>` is empty, from the word forms of its
/// `<Parse>` (CoNLL-U columns; `SpaceAfter=No` honoured). Only the words are taken:
/// the file's parse itself is never used.
fn parse_words(rest: &str) -> String {
    let Some(p0) = rest.find("<Parse>") else {
        return String::new();
    };
    let p1 = rest[p0..].find("</Parse>").map_or(rest.len(), |e| p0 + e);
    let mut out = String::new();
    let mut space = false;
    for line in rest[p0 + 7..p1].lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 2 || !f[0].trim().chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if space {
            out.push(' ');
        }
        out.push_str(f[1]);
        space = !f.get(9).is_some_and(|m| m.contains("SpaceAfter=No"));
    }
    out
}

fn code_records(p: &Pipeline, recs: &[PetrRecord]) -> Vec<Doc> {
    let docs = recs
        .iter()
        .map(|r| {
            let mut meta = DocMeta::new(&r.id, &r.id);
            meta.date = r.date;
            Doc::new(meta, r.text.clone())
        })
        .collect();
    p.run_batch(docs)
}

fn triples(events: &[Event]) -> BTreeSet<(String, String, String)> {
    events
        .iter()
        .filter(|e| !e.negated)
        .map(|e| {
            let t = e
                .target
                .as_ref()
                .map_or("---".to_string(), |t| t.code.clone());
            (e.source.code.clone(), t, e.cameo.clone())
        })
        .collect()
}

fn prf(
    gold: &BTreeSet<(String, String, String)>,
    pred: &BTreeSet<(String, String, String)>,
) -> Prf {
    let tp = pred.intersection(gold).count() as f64;
    Prf {
        tp,
        fp: pred.len() as f64 - tp,
        fn_: gold.len() as f64 - tp,
    }
}

fn reduce(
    set: &BTreeSet<(String, String, String)>,
    actor: fn(&str) -> String,
    code: fn(&str) -> String,
) -> BTreeSet<(String, String, String)> {
    set.iter()
        .map(|(s, t, c)| (actor(s), actor(t), code(c)))
        .collect()
}

fn head3(a: &str) -> String {
    a.chars().take(3).collect()
}

fn root(c: &str) -> String {
    c.chars().take(2).collect()
}

/// Sentences per second of actor resolution and event coding alone, on one core, over
/// parsed docs: both stages rerun on every doc until a second has passed.
fn coding_rate(path: &Path, docs: &mut [Doc]) -> Result<f64, EvalError> {
    let actors = ActorResolver::builtin().map_err(|e| format_err(path, e.to_string()))?;
    let coder = EventCoder::builtin().map_err(|e| format_err(path, e.to_string()))?;
    let sents: usize = docs.iter().map(|d| d.sents.len()).sum();
    let (t0, mut rounds) = (Instant::now(), 0usize);
    while rounds == 0 || t0.elapsed().as_secs_f64() < 1.0 {
        for d in docs.iter_mut() {
            actors.process(d);
            coder.process(d);
        }
        rounds += 1;
    }
    Ok((sents * rounds) as f64 / t0.elapsed().as_secs_f64().max(1e-9))
}

/// `--petr`: micro P/R/F1 over (source, target, code) triples per sentence, actors on
/// their first three characters; `f1_root` at the two-digit root; `*_strict` with full
/// actor codes. `sentences_per_s` times the whole pipeline (tokenizing to coding, on
/// `RAYON_NUM_THREADS` threads), `coding_sentences_per_s` actor resolution and event
/// coding alone on one core.
pub fn petr(path: &Path) -> Result<Metrics, EvalError> {
    let recs = read_petr(path)?;
    let p = builtin_pipeline(path)?;
    let t0 = Instant::now();
    let mut docs = code_records(&p, &recs);
    let secs = t0.elapsed().as_secs_f64();
    let (mut full, mut rooted, mut strict, mut strict_root) = (
        Prf::default(),
        Prf::default(),
        Prf::default(),
        Prf::default(),
    );
    let ident = |s: &str| s.to_string();
    for (r, d) in recs.iter().zip(&docs) {
        let gold: BTreeSet<_> = r.expected.iter().cloned().collect();
        let pred = triples(&d.events);
        full.add(prf(
            &reduce(&gold, head3, ident),
            &reduce(&pred, head3, ident),
        ));
        rooted.add(prf(
            &reduce(&gold, head3, root),
            &reduce(&pred, head3, root),
        ));
        strict.add(prf(&gold, &pred));
        strict_root.add(prf(
            &reduce(&gold, ident, root),
            &reduce(&pred, ident, root),
        ));
    }
    let mut m = Metrics::default();
    m.push("sentences", recs.len() as f64);
    m.push("gold_events", full.tp + full.fn_);
    m.push("predicted_events", full.tp + full.fp);
    m.push("precision", full.precision());
    m.push("recall", full.recall());
    m.push("f1", full.f1());
    m.push("precision_root", rooted.precision());
    m.push("recall_root", rooted.recall());
    m.push("f1_root", rooted.f1());
    m.push("f1_strict", strict.f1());
    m.push("f1_root_strict", strict_root.f1());
    m.push("sentences_per_s", recs.len() as f64 / secs.max(1e-9));
    m.push("coding_sentences_per_s", coding_rate(path, &mut docs)?);
    Ok(m)
}

/// Depth of token `i` in its dependency tree (0 for a root).
fn depth(d: &Doc, mut i: usize) -> usize {
    let heads = d.tokens.heads();
    let mut n = 0;
    while heads[i] as usize != i && n < 64 {
        i = heads[i] as usize;
        n += 1;
    }
    n
}

/// The sentence's events in main-event order: the action nearest the parse root first,
/// then the earliest; one event per action (a compound actor's events are one PLOVER
/// event). Only events with a PLOVER type by cue category count (not CAMEO 01 and 02).
fn ranked_events(d: &Doc) -> Vec<&Event> {
    let key = |e: &Event| {
        let t = d.tokens_in(e.action).start as usize;
        (depth(d, t), e.sent, t)
    };
    let mut evs: Vec<&Event> = d
        .events
        .iter()
        .filter(|e| !e.negated && cameo::plover_by_root(&e.cameo).is_some())
        .collect();
    evs.sort_by_key(|e| key(e));
    evs.dedup_by_key(|e| e.action);
    evs
}

/// Pairs the gold records of one sentence with its main events: `k` records sharing a
/// text get the `k` main events, each record taking an unused event of its own type
/// when there is one. Scoring every record against the single main event would cap
/// the score of texts that hold two gold events.
fn assign<'e>(kinds: &[&str], ranked: &[&'e Event]) -> Vec<Option<&'e Event>> {
    let top = &ranked[..ranked.len().min(kinds.len())];
    let mut used = vec![false; top.len()];
    let mut out = vec![None; kinds.len()];
    for (g, kind) in kinds.iter().enumerate() {
        let i = top
            .iter()
            .enumerate()
            .position(|(i, e)| !used[i] && cameo::plover_by_root(&e.cameo) == Some(*kind));
        if let Some(i) = i {
            used[i] = true;
            out[g] = Some(top[i]);
        }
    }
    for slot in out.iter_mut().filter(|s| s.is_none()) {
        if let Some(i) = used.iter().position(|u| !u) {
            used[i] = true;
            *slot = Some(top[i]);
        }
    }
    out
}

/// `--plover`: PLOVER gold records (JSON array, v0.5b1 type names mapped to the 2021
/// names). Each record's main event (nearest the parse root; records sharing a text
/// share its main events, see [`assign`]) is scored: micro P/R/F1 of its type
/// (`type_f1`), and whether its source and target ISO3 codes match the gold actors'
/// codes (records without a prediction count as misses). The gold records were coded
/// by cue category, so a predicted type is its CAMEO code's cue-category type
/// ([`cameo::plover_by_root`]), not the 2021 per-code table that the `plover` field
/// follows.
pub fn plover(path: &Path) -> Result<Metrics, EvalError> {
    let text = read(path)?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format_err(path, e.to_string()))?;
    let arr = json
        .as_array()
        .ok_or_else(|| format_err(path, "expected a JSON array"))?;
    struct Gold {
        kind: String,
        sources: Vec<String>,
        targets: Vec<String>,
        text: String,
        date: Option<NaiveDate>,
    }
    let codes = |v: Option<&serde_json::Value>| -> Vec<String> {
        v.and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.get("code").and_then(|c| c.as_str()))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let golds: Vec<Gold> = arr
        .iter()
        .filter_map(|r| {
            let kind = r.get("event")?.as_str()?;
            let text = r.get("text")?.as_str()?;
            (kind != "DOCUMENT").then(|| Gold {
                kind: cameo::plover_from_old(kind).to_string(),
                sources: codes(r.get("source")),
                targets: codes(r.get("target")),
                text: text.to_string(),
                date: r
                    .get("date")
                    .and_then(|d| d.as_str())
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            })
        })
        .collect();
    if golds.is_empty() {
        return Err(format_err(path, "no PLOVER records with text"));
    }
    let p = builtin_pipeline(path)?;
    let docs = p.run_batch(
        golds
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let mut meta = DocMeta::new(&i.to_string(), "plover");
                meta.date = g.date;
                Doc::new(meta, g.text.clone())
            })
            .collect(),
    );
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, g) in golds.iter().enumerate() {
        match groups.iter_mut().find(|grp| golds[grp[0]].text == g.text) {
            Some(grp) => grp.push(i),
            None => groups.push(vec![i]),
        }
    }
    let mut picked: Vec<Option<&Event>> = vec![None; golds.len()];
    for grp in &groups {
        let kinds: Vec<&str> = grp.iter().map(|&i| golds[i].kind.as_str()).collect();
        let ranked = ranked_events(&docs[grp[0]]);
        for (&i, e) in grp.iter().zip(assign(&kinds, &ranked)) {
            picked[i] = e;
        }
    }
    let mut types = Prf::default();
    let (mut src_ok, mut src_n, mut tgt_ok, mut tgt_n) = (0usize, 0usize, 0usize, 0usize);
    for (g, ev) in golds.iter().zip(picked) {
        match ev.and_then(|e| cameo::plover_by_root(&e.cameo)) {
            Some(kind) if kind == g.kind => types.tp += 1.0,
            Some(_) => {
                types.fp += 1.0;
                types.fn_ += 1.0;
            }
            None => types.fn_ += 1.0,
        }
        if !g.sources.is_empty() {
            src_n += 1;
            let iso = ev.and_then(|e| e.source.iso3.clone());
            src_ok += usize::from(iso.is_some_and(|i| g.sources.contains(&i)));
        }
        if !g.targets.is_empty() {
            tgt_n += 1;
            let iso = ev.and_then(|e| e.target.as_ref().and_then(|t| t.iso3.clone()));
            tgt_ok += usize::from(iso.is_some_and(|i| g.targets.contains(&i)));
        }
    }
    let mut m = Metrics::default();
    m.push("records", golds.len() as f64);
    m.push("type_precision", types.precision());
    m.push("type_recall", types.recall());
    m.push("type_f1", types.f1());
    m.push("source_iso3_acc", src_ok as f64 / src_n.max(1) as f64);
    m.push("target_iso3_acc", tgt_ok as f64 / tgt_n.max(1) as f64);
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_malformed_petr_xml() {
        let dir = std::env::temp_dir().join(format!("sitrep-petr-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("v.xml");
        std::fs::write(
            &f,
            "<?xml version='1.0'?>\n<Validation>\n# a bare comment\n<Sentences>\n\
             <Sentence category=\"X\" date=\"20150609\" id=\"A_1\" evaluate=\"true\"/>\n\
             <EventCoding eventcode=\"042\" sourcecode=\"USA\" targetcode=\"CHN\" />\n\
             <Text>\nArnor visited\n  Gondor.\n</Text>\n<Parse>1 x</Parse>\n</Sentence>\n\
             <Sentence date=\"121108\" id=\"B\" evaluate=\"true\">\n\
             <EventCoding noevents=\"True\" />\n<Text>Nothing.</Text>\n\
             <Sentence id=\"C\" evaluate=\"true\"/>\n<Text>\n</Text>\n<Parse>\n\
             1\tBoth\tboth\tDET\tDT\t_\t2\tdet\t_\t_\n\
             2\tsides\tside\tNOUN\tNNS\t_\t3\tnsubj\t_\tSpaceAfter=No\n\
             3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n</Parse></Sentence>\n",
        )
        .unwrap();
        let recs = read_petr(&f).unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[2].text, "Both sides.");
        assert_eq!(recs[0].text, "Arnor visited Gondor.");
        assert_eq!(
            recs[0].expected,
            [("USA".into(), "CHN".into(), "042".into())]
        );
        assert_eq!(recs[0].date, NaiveDate::from_ymd_opt(2015, 6, 9));
        assert_eq!((recs[1].date, recs[1].expected.len()), (None, 0));
        let g: BTreeSet<_> = [("USAGOV".to_string(), "RUS".to_string(), "112".to_string())].into();
        let p: BTreeSet<_> = [("USA".to_string(), "RUSMIL".to_string(), "111".to_string())].into();
        let ident = |s: &str| s.to_string();
        assert_eq!(
            prf(&reduce(&g, head3, root), &reduce(&p, head3, root)).tp,
            1.0
        );
        assert_eq!(
            prf(&reduce(&g, head3, ident), &reduce(&p, head3, ident)).tp,
            0.0
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
