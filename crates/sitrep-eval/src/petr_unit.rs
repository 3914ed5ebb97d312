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
//! coded. A record passes when its set of (source, target, code) triples equals the
//! expected set; `noevents` and `error` records expect none. Both pass rates count
//! every record in the file: one not coded (`sentence="false"`, or a `<Parse>` that
//! does not read) fails, and the skipped ones are listed by reason on stderr;
//! `pass_rate_evaluated` is PETRARCH's own figure, over the records it codes.
//! `tree_sentences_per_s` times the coder alone on the given trees (one thread).
//! `SITREP_PETR_UNIT_TRACE=1` prints each failing record's expected and coded triples.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use regex::Regex;
use sitrep_actors::{ActorResolver, PetrActors};
use sitrep_doc::{Doc, DocMeta};
use sitrep_events::petrarch::{Discards, PetrOptions, PetrarchCoder, Skipped, Tree, VerbDict};
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
    /// The error PETRARCH must report instead (`bad_input_parse`, `dateline`,
    /// `sentencediscard`, `storydiscard`), lowercase.
    pub error: Option<String>,
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
        let mut error = None;
        for ec in coding.find_iter(chunk) {
            let e = attrs(ec.as_str());
            if let Some(x) = e.get("error") {
                error = Some(x.trim().to_lowercase());
            }
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
            error,
            options,
        });
    }
    if out.is_empty() {
        return Err(format_err(path, "no <Sentence> records"));
    }
    Ok((env, out))
}

/// The files a dictionary element names: a comma-separated list, relative to `dicts`.
fn files(dicts: &Path, names: &Option<String>) -> Vec<PathBuf> {
    names
        .iter()
        .flat_map(|n| n.split(','))
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| dicts.join(n))
        .collect()
}

/// The PETRARCH coder over the environment's dictionaries, nothing built in.
fn coder(path: &Path, env: &Environment, dicts: &Path) -> Result<PetrarchCoder, EvalError> {
    let err = |e: &dyn std::fmt::Display| format_err(path, e.to_string());
    let verbs = files(dicts, &env.verbs);
    if verbs.is_empty() {
        return Err(format_err(path, "no <Verbfile>"));
    }
    let verbs = VerbDict::load_all(&verbs).map_err(|e| err(&e))?;
    let mut actors = PetrActors::default();
    for a in files(dicts, &env.actors) {
        actors.load_actors(&a).map_err(|e| err(&e))?;
    }
    for a in files(dicts, &env.agents) {
        actors.load_agents(&a).map_err(|e| err(&e))?;
    }
    let discards = Discards::load_all(&files(dicts, &env.discards)).map_err(|e| err(&e))?;
    Ok(PetrarchCoder::new(verbs, actors).with_discards(discards))
}

/// Why a record was not coded.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Skip {
    /// `sentence="false"`: PETRARCH does not evaluate it.
    NotEvaluated,
    /// The record's `<Parse>` is no Penn Treebank tree: it passes only when it expects
    /// `bad_input_parse`.
    Unparsable(String),
}

/// What coding a record's tree gave: triples, or the error PETRARCH's runner names.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Coded {
    Events(BTreeSet<Triple>),
    Error(&'static str),
}

impl Coded {
    fn passes(&self, r: &UnitRecord) -> bool {
        match (self, r.error.as_deref()) {
            (Coded::Error(got), Some(want)) => *got == want,
            (_, Some(_)) => false,
            (Coded::Events(got), None) => *got == r.expected,
            (Coded::Error(_), None) => r.expected.is_empty(),
        }
    }

    fn events(&self) -> BTreeSet<Triple> {
        match self {
            Coded::Events(got) => got.clone(),
            Coded::Error(_) => BTreeSet::new(),
        }
    }
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::NotEvaluated => write!(f, "sentence=\"false\" (PETRARCH does not evaluate it)"),
            Skip::Unparsable(e) => write!(f, "unparsable <Parse>: {e}"),
        }
    }
}

/// The record's own tree coded.
fn code_record(coder: &PetrarchCoder, r: &UnitRecord) -> Result<Coded, Skip> {
    if !r.active {
        return Err(Skip::NotEvaluated);
    }
    let tree = Tree::parse_ptb(&r.parse).map_err(|e| Skip::Unparsable(e.to_string()))?;
    if coder.discards().story(&r.text) {
        return Ok(Coded::Error("storydiscard"));
    }
    Ok(
        match coder.code_tree_with(&tree, &r.text, r.date, &r.options) {
            Ok(events) => Coded::Events(
                events
                    .into_iter()
                    .map(|e| (e.source.code, e.target.code, e.code))
                    .collect(),
            ),
            Err(why) => Coded::Error(match why {
                Skipped::Dateline => "dateline",
                Skipped::BadParse | Skipped::BadCommas => "bad_input_parse",
                Skipped::SentenceDiscard => "sentencediscard",
                Skipped::StoryDiscard => "storydiscard",
            }),
        },
    )
}

/// Triples from sitrep's own analysis of the text, records grouped by options.
fn code_own_parse(
    path: &Path,
    env: &Environment,
    dicts: &Path,
    recs: &[&UnitRecord],
) -> Result<Vec<BTreeSet<Triple>>, EvalError> {
    let mut out = vec![BTreeSet::new(); recs.len()];
    let mut groups: Vec<(PetrOptions, Vec<usize>)> = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        match groups.iter_mut().find(|g| g.0 == r.options) {
            Some(g) => g.1.push(i),
            None => groups.push((r.options, vec![i])),
        }
    }
    for (options, idx) in groups {
        let resolver =
            ActorResolver::petrarch_only(&files(dicts, &env.actors), &files(dicts, &env.agents))
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
            out[i] = crate::events::triples(&d.events);
        }
    }
    Ok(out)
}

/// Pass rates over every record: `tree[i]` is record `i` coded on its own parse (or
/// why it was not), `own[i]` on sitrep's parse (`None`: not coded). Also returns the
/// skipped records with their reasons.
fn score(
    all: &[UnitRecord],
    tree: &[Result<Coded, Skip>],
    own: &[Option<BTreeSet<Triple>>],
) -> (Metrics, Vec<(String, Skip)>) {
    let (mut pass, mut pass_own) = (0usize, 0usize);
    let mut prf = Prf::default();
    let mut by_cat: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut skipped = Vec::new();
    let trace = std::env::var_os("SITREP_PETR_UNIT_TRACE").is_some();
    for ((r, got), own) in all.iter().zip(tree).zip(own) {
        let c = by_cat.entry(r.category.as_str()).or_default();
        c.1 += 1;
        let own_ok = own.as_ref() == Some(&r.expected);
        pass_own += usize::from(own_ok);
        if trace && !own_ok {
            eprintln!(
                "FAIL own-parse {} [{}]\n  want {:?}\n  got  {:?}",
                r.id, r.category, r.expected, own
            );
        }
        let got = match got {
            Ok(got) => got,
            Err(Skip::Unparsable(_)) if r.error.as_deref() == Some("bad_input_parse") => {
                pass += 1;
                c.0 += 1;
                continue;
            }
            Err(why) => {
                skipped.push((r.id.clone(), why.clone()));
                continue;
            }
        };
        let ok = got.passes(r);
        pass += usize::from(ok);
        c.0 += usize::from(ok);
        let got = got.events();
        let tp = got.intersection(&r.expected).count() as f64;
        prf.add(Prf {
            tp,
            fp: got.len() as f64 - tp,
            fn_: r.expected.len() as f64 - tp,
        });
        if trace && !ok {
            eprintln!(
                "FAIL tree {} [{}]\n  want {:?}\n  got  {:?}",
                r.id, r.category, r.expected, got
            );
        }
    }
    let n = all.len().max(1) as f64;
    let evaluated = all.iter().filter(|r| r.active).count();
    let mut m = Metrics::default();
    m.push("records", all.len() as f64);
    m.push("evaluated", evaluated as f64);
    m.push("skipped", skipped.len() as f64);
    m.push("passed", pass as f64);
    m.push("pass_rate", pass as f64 / n);
    m.push("pass_rate_evaluated", pass as f64 / evaluated.max(1) as f64);
    m.push("event_f1", prf.f1());
    for (cat, (ok, k)) in by_cat {
        m.push(&format!("pass_rate_{cat}"), ok as f64 / k as f64);
    }
    m.push("passed_own_parse", pass_own as f64);
    m.push("pass_rate_own_parse", pass_own as f64 / n);
    m.push(
        "pass_rate_own_parse_evaluated",
        pass_own as f64 / evaluated.max(1) as f64,
    );
    (m, skipped)
}

/// `--petr-unit`: `pass_rate` on the records' parses, per category, and
/// `pass_rate_own_parse` through sitrep's own parser, both over every record; the
/// records not coded go to stderr, grouped by reason.
pub fn run(path: &Path, dicts: &Path) -> Result<Metrics, EvalError> {
    let (env, all) = read(path)?;
    let coder = coder(path, &env, dicts)?;
    let active: Vec<&UnitRecord> = all.iter().filter(|r| r.active).collect();
    let mut coded_own = code_own_parse(path, &env, dicts, &active)?.into_iter();
    let own: Vec<Option<BTreeSet<Triple>>> = all
        .iter()
        .map(|r| if r.active { coded_own.next() } else { None })
        .collect();
    let t0 = std::time::Instant::now();
    let tree: Vec<_> = all.iter().map(|r| code_record(&coder, r)).collect();
    let secs = t0.elapsed().as_secs_f64();
    let (mut m, skipped) = score(&all, &tree, &own);
    let mut by_reason: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (id, why) in &skipped {
        by_reason.entry(why.to_string()).or_default().push(id);
    }
    for (why, ids) in by_reason {
        eprintln!(
            "skipped, counted as failures ({}): {why}: {}",
            ids.len(),
            ids.join(", ")
        );
    }
    let trees = tree.iter().filter(|t| t.is_ok()).count();
    m.push("tree_sentences_per_s", trees as f64 / secs.max(1e-9));
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

    #[test]
    fn dictionary_lists_are_split() {
        let d = Path::new("/d");
        assert_eq!(
            files(d, &Some(" a.txt, b.txt ,,".into())),
            [d.join("a.txt"), d.join("b.txt")]
        );
        assert!(files(d, &None).is_empty());
    }

    #[test]
    fn skipped_and_unparsable_records_fail() {
        let text = "<Validation><Sentences>\n\
             <Sentence date=\"19950101\" id=\"A-1\" category=\"VERB\">\n\
             <EventCoding sourcecode=\"FRE\" targetcode=\"SYL\" eventcode=\"111\"></EventCoding>\n\
             <Text>Freedonia denounced Sylvania.</Text><Parse>(ROOT (S (NP (NNP Freedonia)) \
             (VP (VBD denounced) (NP (NNP Sylvania))) (. .)))</Parse></Sentence>\n\
             <Sentence date=\"19950101\" id=\"A-2\" category=\"VERB\">\n\
             <EventCoding noevents=\"True\"></EventCoding>\n\
             <Text>Freedonia slept.</Text><Parse>(ROOT (S (NP (NNP Freedonia)</Parse></Sentence>\n\
             <Sentence date=\"19950101\" id=\"A-3\" category=\"DEMO\" sentence=\"false\">\n\
             <EventCoding noevents=\"True\"></EventCoding>\n\
             <Text>Nothing.</Text><Parse>(ROOT (NP (NN Nothing)))</Parse></Sentence>\n\
             <Sentence date=\"19950101\" id=\"A-4\" category=\"ERROR\">\n\
             <EventCoding error=\"bad_input_parse\"></EventCoding>\n\
             <Text>Freedonia slept.</Text><Parse>(ROOT (S (NP (NNP Freedonia)</Parse></Sentence>\n";
        let (_, recs) = parse(text, Path::new("u.xml")).unwrap();
        let mut verbs = VerbDict::default();
        verbs.add_text("--- DENOUNCE [111] ---\nDENOUNCE\n", "v.txt");
        let mut actors = PetrActors::default();
        actors.add_actors_text("FREEDONIA [FRE]\nSYLVANIA [SYL]\n");
        let coder = PetrarchCoder::new(verbs, actors);
        let tree: Vec<_> = recs.iter().map(|r| code_record(&coder, r)).collect();
        assert_eq!(tree[0], Ok(Coded::Events(recs[0].expected.clone())));
        // A record that expects nothing and has no readable tree does not pass.
        assert!(matches!(tree[1], Err(Skip::Unparsable(_))));
        assert_eq!(tree[2], Err(Skip::NotEvaluated));
        let none = Some(BTreeSet::new());
        let own = [Some(recs[0].expected.clone()), none.clone(), None, none];
        let (m, skipped) = score(&recs, &tree, &own);
        // A-1 passes, and A-4, which expects its parse to be rejected.
        assert_eq!(m.get("pass_rate"), Some(0.5));
        assert_eq!(m.get("pass_rate_evaluated"), Some(2.0 / 3.0));
        assert_eq!(m.get("pass_rate_own_parse"), Some(0.75));
        assert_eq!(m.get("pass_rate_DEMO"), Some(0.0));
        assert_eq!(m.get("pass_rate_ERROR"), Some(1.0));
        let ids: Vec<&str> = skipped.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(ids, ["A-2", "A-3"]);
    }
}
