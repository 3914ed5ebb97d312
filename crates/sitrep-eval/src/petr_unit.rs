//! `--petr-unit`: conformance with PETRARCH's unit tests (`PETR.UnitTest.records.xml`)
//! under the file's own dictionaries, nothing built in.
//!
//! The records test coding semantics on a given parse, and some carry a parse that
//! differs from their text on purpose (a tree with another agent noun than the text).
//! So `pass_rate` codes each record's own Penn Treebank tree with sitrep's PETRARCH
//! coder, the same [`sitrep_events::petrarch::PetrarchCoder`] that `sitrep ingest
//! --verbs` runs on trees built from sitrep's dependency parse; and
//! `pass_rate_own_parse` codes the text through sitrep's own tokenizer, tagger, parser
//! and that ingest path. As PETRARCH's runner does, `<Config>` elements change the
//! options for the records after them, and records marked `sentence="false"` are not
//! evaluated. A record passes when its set of (source, target, code) triples equals
//! the expected set; `noevents` and `error` records expect none.
//! `tree_sentences_per_s` times the coder alone on the given trees (one thread).
//! `SITREP_PETR_UNIT_TRACE=1` prints each failing record's expected and coded triples.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use regex::Regex;
use sitrep_actors::{ActorResolver, PetrActors};
use sitrep_doc::{Doc, DocMeta};
use sitrep_events::petrarch::{Discards, PetrOptions, PetrarchCoder, Tree, VerbDict};
use sitrep_events::EventCoder;
use sitrep_pipeline::Pipeline;

use crate::{EvalError, Metrics, Prf};

type Triple = (String, String, String);

/// One unit-test record.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitRecord {
    /// Record id.
    pub id: String,
    /// Category (`DEMO`, `ACTOR`, ...).
    pub category: String,
    /// Story date.
    pub date: Option<NaiveDate>,
    /// False for `sentence="false"` records, which PETRARCH does not evaluate.
    pub active: bool,
    /// The sentence text, whitespace collapsed.
    pub text: String,
    /// The bracketed parse.
    pub parse: String,
    /// Expected triples.
    pub expected: BTreeSet<Triple>,
    /// Options in force for this record.
    pub options: PetrOptions,
}

/// The dictionaries a unit-test file names in its `<Environment>`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Environment {
    /// `<Verbfile>`.
    pub verbs: Option<String>,
    /// `<Actorfile>`.
    pub actors: Option<String>,
    /// `<Agentfile>`.
    pub agents: Option<String>,
    /// `<Discardfile>`.
    pub discards: Option<String>,
}

fn format_err(path: &Path, message: impl Into<String>) -> EvalError {
    EvalError::Format {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

fn element<'a>(text: &'a str, tag: &str) -> Option<&'a str> {
    let s = text.find(&format!("<{tag}>"))? + tag.len() + 2;
    let e = text[s..].find(&format!("</{tag}>"))? + s;
    Some(text[s..e].trim())
}

/// Applies one `<Config option=... value=...>` as PETRARCH does.
fn configure(o: &mut PetrOptions, option: &str, value: &str) {
    let n = value.trim().parse::<usize>().ok();
    match option {
        "require_dyad" => o.require_dyad = !value.to_lowercase().contains("false"),
        "new_actor_length" => o.new_actor_length = n.unwrap_or(o.new_actor_length),
        _ => {
            let slot = match option {
                "comma_min" => &mut o.commas.min,
                "comma_max" => &mut o.commas.max,
                "comma_bmin" => &mut o.commas.bmin,
                "comma_bmax" => &mut o.commas.bmax,
                "comma_emin" => &mut o.commas.emin,
                "comma_emax" => &mut o.commas.emax,
                _ => return,
            };
            if let Some(n) = n {
                *slot = n;
            }
        }
    }
}

/// Reads a unit-test file: its environment and records, in order.
pub fn read(path: &Path) -> Result<(Environment, Vec<UnitRecord>), EvalError> {
    let bytes = std::fs::read(path).map_err(|e| EvalError::io(path, e))?;
    parse(&String::from_utf8_lossy(&bytes), path)
}

/// Parses unit-test records; `path` names them in errors.
pub fn parse(raw: &str, path: &Path) -> Result<(Environment, Vec<UnitRecord>), EvalError> {
    let comments = Regex::new(r"(?s)<!--.*?-->").map_err(|e| format_err(path, e.to_string()))?;
    let text = comments.replace_all(raw, " ");
    let attr = Regex::new(r#"(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')"#)
        .map_err(|e| format_err(path, e.to_string()))?;
    let attrs = |tag: &str| -> BTreeMap<String, String> {
        attr.captures_iter(tag)
            .map(|c| {
                let v = c.get(2).or_else(|| c.get(3)).map_or("", |m| m.as_str());
                (c[1].to_string(), v.to_string())
            })
            .collect()
    };
    let env = Environment {
        verbs: element(&text, "Verbfile").map(str::to_string),
        actors: element(&text, "Actorfile").map(str::to_string),
        agents: element(&text, "Agentfile").map(str::to_string),
        discards: element(&text, "Discardfile").map(str::to_string),
    };
    let body = text
        .find("</Environment>")
        .map_or(&text[..], |i| &text[i..]);
    let tags =
        Regex::new(r"<(Config|Sentence)\b[^>]*>").map_err(|e| format_err(path, e.to_string()))?;
    let coding =
        Regex::new(r"<EventCoding\b[^>]*>").map_err(|e| format_err(path, e.to_string()))?;
    let mut options = PetrOptions::default();
    let mut out = Vec::new();
    for m in tags.find_iter(body) {
        let a = attrs(m.as_str());
        if m.as_str().starts_with("<Config") {
            if let (Some(o), Some(v)) = (a.get("option"), a.get("value")) {
                configure(&mut options, o, v);
            }
            continue;
        }
        let rest = &body[m.end()..];
        let chunk = &rest[..rest.find("</Sentence>").unwrap_or(rest.len())];
        let mut expected = BTreeSet::new();
        for ec in coding.find_iter(chunk) {
            let e = attrs(ec.as_str());
            if let (Some(s), Some(t), Some(c)) =
                (e.get("sourcecode"), e.get("targetcode"), e.get("eventcode"))
            {
                expected.insert((s.clone(), t.clone(), c.clone()));
            }
        }
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push(UnitRecord {
            id: a.get("id").cloned().unwrap_or_default(),
            category: a.get("category").cloned().unwrap_or_default(),
            date: a
                .get("date")
                .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y%m%d").ok()),
            active: !a
                .get("sentence")
                .is_some_and(|s| s.eq_ignore_ascii_case("false")),
            text: squash(element(chunk, "Text").unwrap_or("")),
            parse: squash(element(chunk, "Parse").unwrap_or("")),
            expected,
            options,
        });
    }
    if out.is_empty() {
        return Err(format_err(path, "no <Sentence> records"));
    }
    Ok((env, out))
}

/// The PETRARCH coder over the environment's dictionaries, nothing built in.
fn coder(path: &Path, env: &Environment, dicts: &Path) -> Result<PetrarchCoder, EvalError> {
    let file = |f: &Option<String>| {
        f.as_ref()
            .map(|f| dicts.join(f.split(',').next().unwrap_or("").trim()))
    };
    let verbs = file(&env.verbs).ok_or_else(|| format_err(path, "no <Verbfile>"))?;
    let verbs = VerbDict::load(&verbs).map_err(|e| format_err(path, e.to_string()))?;
    let mut actors = PetrActors::default();
    if let Some(a) = file(&env.actors) {
        actors
            .load_actors(&a)
            .map_err(|e| format_err(path, e.to_string()))?;
    }
    if let Some(a) = file(&env.agents) {
        actors
            .load_agents(&a)
            .map_err(|e| format_err(path, e.to_string()))?;
    }
    let discards = match file(&env.discards) {
        Some(d) => Discards::load(&d).map_err(|e| format_err(path, e.to_string()))?,
        None => Discards::default(),
    };
    Ok(PetrarchCoder::new(verbs, actors).with_discards(discards))
}

/// Triples from the record's own tree.
fn code_record(coder: &PetrarchCoder, r: &UnitRecord) -> BTreeSet<Triple> {
    if coder.discards().story(&r.text) {
        return BTreeSet::new();
    }
    let Ok(tree) = Tree::parse_ptb(&r.parse) else {
        return BTreeSet::new();
    };
    coder
        .code_tree_with(&tree, &r.text, r.date, &r.options)
        .unwrap_or_default()
        .into_iter()
        .map(|e| (e.source.code, e.target.code, e.code))
        .collect()
}

/// Triples from sitrep's own analysis of the text, records grouped by options.
fn code_own_parse(
    path: &Path,
    env: &Environment,
    dicts: &Path,
    recs: &[&UnitRecord],
) -> Result<Vec<BTreeSet<Triple>>, EvalError> {
    let file = |f: &Option<String>| f.as_ref().map(|f| dicts.join(f.trim()));
    let mut out = vec![BTreeSet::new(); recs.len()];
    let mut groups: Vec<(PetrOptions, Vec<usize>)> = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        match groups.iter_mut().find(|g| g.0 == r.options) {
            Some(g) => g.1.push(i),
            None => groups.push((r.options, vec![i])),
        }
    }
    for (options, idx) in groups {
        let resolver = ActorResolver::petrarch_only(
            file(&env.actors).as_deref(),
            file(&env.agents).as_deref(),
        )
        .map_err(|e| format_err(path, e.to_string()))?;
        let events =
            EventCoder::with_petrarch(coder(path, env, dicts)?.with_options(options), false)
                .map_err(|e| format_err(path, e.to_string()))?;
        let mut c = crate::events::front(path)?;
        c.push(Box::new(resolver));
        c.push(Box::new(events));
        let p = Pipeline::build(c).map_err(|e| format_err(path, e.to_string()))?;
        let docs: Vec<Doc> = idx
            .iter()
            .map(|&i| {
                let mut meta = DocMeta::new(&recs[i].id, &recs[i].id);
                meta.date = recs[i].date;
                Doc::new(meta, recs[i].text.clone())
            })
            .collect();
        for (&i, d) in idx.iter().zip(p.run_batch(docs)) {
            out[i] = d
                .events
                .iter()
                .map(|e| {
                    let t = e
                        .target
                        .as_ref()
                        .map_or("---".to_string(), |t| t.code.clone());
                    (e.source.code.clone(), t, e.cameo.clone())
                })
                .collect();
        }
    }
    Ok(out)
}

/// `--petr-unit`: `pass_rate` on the records' parses, per category, and
/// `pass_rate_own_parse` through sitrep's own parser.
pub fn run(path: &Path, dicts: &Path) -> Result<Metrics, EvalError> {
    let (env, all) = read(path)?;
    let coder = coder(path, &env, dicts)?;
    let recs: Vec<&UnitRecord> = all.iter().filter(|r| r.active).collect();
    let own = code_own_parse(path, &env, dicts, &recs)?;
    let t0 = std::time::Instant::now();
    let coded: Vec<BTreeSet<Triple>> = recs.iter().map(|r| code_record(&coder, r)).collect();
    let secs = t0.elapsed().as_secs_f64();
    let (mut pass, mut pass_own) = (0usize, 0usize);
    let mut prf = Prf::default();
    let mut by_cat: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((r, own), got) in recs.iter().zip(&own).zip(coded) {
        let ok = got == r.expected;
        pass += usize::from(ok);
        pass_own += usize::from(*own == r.expected);
        let tp = got.intersection(&r.expected).count() as f64;
        prf.add(Prf {
            tp,
            fp: got.len() as f64 - tp,
            fn_: r.expected.len() as f64 - tp,
        });
        let c = by_cat.entry(r.category.as_str()).or_default();
        c.0 += usize::from(ok);
        c.1 += 1;
        if std::env::var_os("SITREP_PETR_UNIT_TRACE").is_some() {
            for (what, got) in [("tree", &got), ("own-parse", own)] {
                if *got != r.expected {
                    eprintln!(
                        "FAIL {what} {} [{}]\n  want {:?}\n  got  {:?}",
                        r.id, r.category, r.expected, got
                    );
                }
            }
        }
    }
    let n = recs.len() as f64;
    let mut m = Metrics::default();
    m.push("records", all.len() as f64);
    m.push("evaluated", n);
    m.push("passed", pass as f64);
    m.push("pass_rate", pass as f64 / n);
    m.push("pass_rate_all_records", pass as f64 / all.len() as f64);
    m.push("event_f1", prf.f1());
    for (cat, (ok, k)) in by_cat {
        m.push(&format!("pass_rate_{cat}"), ok as f64 / k as f64);
    }
    m.push("tree_sentences_per_s", n / secs.max(1e-9));
    m.push("passed_own_parse", pass_own as f64);
    m.push("pass_rate_own_parse", pass_own as f64 / n);
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_configs_and_quoted_codes() {
        let text = "<Validation><Environment><Verbfile>v.txt</Verbfile></Environment><Sentences>\n\
             <!-- <EventCoding sourcecode=\"X\" targetcode=\"Y\" eventcode=\"1\"> -->\n\
             <Sentence date=\"19950101\" id=\"A-1\" category=\"DEMO\" sentence=\"true\">\n\
             <EventCoding sourcecode='\"NEW ACTOR\"' targetcode=\"SYL\" eventcode=\"032\"></EventCoding>\n\
             <Text>\nFreedonia sailed\n</Text><Parse>(ROOT (S (NP (NNP Freedonia)) (VP (VBD sailed))))</Parse></Sentence>\n\
             <Config option=\"require_dyad\" value=\"False\"></Config>\n\
             <Sentence date = \"19950102\" id =\"B-1\" category=\"ERROR\" sentence=\"false\">\n\
             <EventCoding error=\"dateline\"></EventCoding><Text>x</Text><Parse>(ROOT</Parse></Sentence>\n";
        let (env, recs) = parse(text, Path::new("u.xml")).unwrap();
        assert_eq!(env.verbs.as_deref(), Some("v.txt"));
        assert_eq!(recs.len(), 2);
        assert_eq!(
            recs[0].expected,
            [("\"NEW ACTOR\"".into(), "SYL".into(), "032".into())].into()
        );
        assert!(recs[0].options.require_dyad && !recs[1].options.require_dyad);
        assert!(!recs[1].active && recs[1].expected.is_empty());
        assert_eq!(recs[1].date, NaiveDate::from_ymd_opt(1995, 1, 2));
    }
}
