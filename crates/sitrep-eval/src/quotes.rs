//! Quote attribution on PolNeAR (brat standoff: `text/<article>.txt` and
//! `attributions/<article>_<annotator>.ann`; the first `.ann` in sorted order is used when
//! an article has several).
//!
//! Each gold attribution has a Content (possibly in fragments), a Cue and usually a Source.
//! A gold attribution is **direct** when its content starts with a quotation mark,
//! typewriter ones included: NYT copy writes ''…'' with two apostrophes, and annotators
//! sometimes start the span after the first. The
//! system runs the full NLP pipeline (tokenizer, tagger, NER, actors, quotes) on the text.
//!
//! - Content match: the character overlap between a system quote's content and a gold
//!   content covers at least 50% of each. Pairs are one-to-one, greedily by overlap.
//! - Speaker match: the system speaker mention overlaps the gold Source span (any of its
//!   fragments). A gold attribution without a Source accepts any speaker.
//! - `direct_f1`: system `direct` quotes against gold direct attributions; a true positive
//!   needs both content and speaker matches. `speaker_acc`: speaker matches among
//!   content-matched direct pairs.
//! - `all_f1`: every system quote (direct, partial, indirect) against every gold
//!   attribution, content match only; `all_speaker_acc` as above over those pairs.

use std::path::{Path, PathBuf};

use sitrep_doc::{CharMap, Doc, DocMeta, QuoteKind};
use sitrep_pipeline::Component;

use crate::{EvalError, Metrics, Prf};

/// A gold attribution in character offsets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GoldAttr {
    /// Content fragments.
    pub content: Vec<(usize, usize)>,
    /// Source fragments; empty when the attribution has no source.
    pub source: Vec<(usize, usize)>,
    /// The content starts with a quotation mark.
    pub direct: bool,
}

/// A system attribution in character offsets.
#[derive(Clone, Debug, PartialEq)]
pub struct SysAttr {
    /// Content fragments.
    pub content: Vec<(usize, usize)>,
    /// Speaker mention span.
    pub speaker: Option<(usize, usize)>,
    /// Direct quote.
    pub direct: bool,
}

fn frags(s: &str) -> Vec<(usize, usize)> {
    s.split(';')
        .filter_map(|f| {
            let mut it = f.split_whitespace();
            let a = it.next()?.parse().ok()?;
            let b = it.next()?.parse().ok()?;
            Some((a, b))
        })
        .collect()
}

/// A brat text-bound annotation: id, character fragments, covered text.
type TextBound = (String, Vec<(usize, usize)>, String);

/// Parses a brat `.ann` file's attributions.
pub fn parse_ann(ann: &str) -> Vec<GoldAttr> {
    let mut spans: Vec<TextBound> = Vec::new();
    let mut events: Vec<String> = Vec::new();
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(body)) = (cols.next(), cols.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let (_, offs) = body.split_once(' ').unwrap_or((body, ""));
            spans.push((
                id.to_string(),
                frags(offs),
                cols.next().unwrap_or("").to_string(),
            ));
        } else if id.starts_with('E') {
            events.push(body.to_string());
        }
    }
    let find = |id: &str| spans.iter().find(|(t, _, _)| t == id);
    events
        .iter()
        .filter_map(|e| {
            let mut g = GoldAttr::default();
            let mut content_text = String::new();
            for part in e.split_whitespace() {
                let (role, id) = part.split_once(':')?;
                let Some((_, fr, text)) = find(id) else {
                    continue;
                };
                match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                    "Content" if g.content.is_empty() => {
                        g.content = fr.clone();
                        content_text = text.clone();
                    }
                    "Source" if g.source.is_empty() => g.source = fr.clone(),
                    _ => {}
                }
            }
            let t = content_text.trim_start();
            g.direct = t.starts_with(['“', '"', '‘', '\'']);
            (!g.content.is_empty()).then_some(g)
        })
        .collect()
}

fn inter(a: &[(usize, usize)], b: (usize, usize)) -> usize {
    a.iter()
        .map(|&(s, e)| e.min(b.1).saturating_sub(s.max(b.0)))
        .sum()
}

fn len(a: &[(usize, usize)]) -> usize {
    a.iter().map(|&(s, e)| e - s).sum()
}

fn content_match(g: &GoldAttr, s: &SysAttr) -> Option<usize> {
    let i: usize = s.content.iter().map(|&f| inter(&g.content, f)).sum();
    let (gl, sl) = (len(&g.content), len(&s.content));
    (i > 0 && 2 * i >= gl && 2 * i >= sl).then_some(i)
}

fn speaker_match(g: &GoldAttr, s: &SysAttr) -> bool {
    g.source.is_empty() || s.speaker.is_some_and(|sp| inter(&g.source, sp) > 0)
}

/// Counts: system, gold, content matches, content+speaker matches.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct QuoteCounts {
    /// System items.
    pub sys: usize,
    /// Gold items.
    pub gold: usize,
    /// Content matches (one-to-one).
    pub matched: usize,
    /// Content matches whose speaker also matches.
    pub speaker: usize,
}

impl QuoteCounts {
    fn add(&mut self, o: QuoteCounts) {
        self.sys += o.sys;
        self.gold += o.gold;
        self.matched += o.matched;
        self.speaker += o.speaker;
    }
}

/// Scores system against gold attributions of one article.
pub fn score(sys: &[&SysAttr], gold: &[&GoldAttr]) -> QuoteCounts {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (si, s) in sys.iter().enumerate() {
        for (gi, g) in gold.iter().enumerate() {
            if let Some(i) = content_match(g, s) {
                pairs.push((i, si, gi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut su, mut gu) = (vec![false; sys.len()], vec![false; gold.len()]);
    let mut c = QuoteCounts {
        sys: sys.len(),
        gold: gold.len(),
        ..QuoteCounts::default()
    };
    for (_, si, gi) in pairs {
        if su[si] || gu[gi] {
            continue;
        }
        su[si] = true;
        gu[gi] = true;
        c.matched += 1;
        c.speaker += usize::from(speaker_match(gold[gi], sys[si]));
    }
    c
}

/// The NLP pipeline the quote finder needs, in order.
pub fn pipeline() -> Result<Vec<Box<dyn Component>>, EvalError> {
    let model = |what: &str, e: String| EvalError::Format {
        path: PathBuf::from(what),
        message: e,
    };
    let mut comps: Vec<Box<dyn Component>> = vec![
        Box::new(sitrep_nlp::Tokenizer),
        Box::new(sitrep_nlp::Tagger::load_default().map_err(|e| model("tagger", e.to_string()))?),
    ];
    // Speakers resolve to actors without entities too; a missing NER model only weakens
    // the person fallback, so it is reported rather than fatal.
    match sitrep_ner::Ner::load_default() {
        Ok(ner) => comps.push(Box::new(ner)),
        Err(e) => eprintln!("warning: running without NER: {e}"),
    }
    comps.push(Box::new(
        sitrep_actors::ActorResolver::builtin().map_err(|e| model("actors", e.to_string()))?,
    ));
    comps.push(Box::new(sitrep_quotes::QuoteFinder::new()));
    Ok(comps)
}

/// Runs the pipeline on a text and returns its quotes in character offsets, and the time
/// the last component (the quote finder) took.
pub fn system(comps: &[Box<dyn Component>], text: &str) -> (Vec<SysAttr>, std::time::Duration) {
    let mut doc = Doc::new(DocMeta::new("polnear", "polnear"), text.to_string());
    let mut last = std::time::Duration::ZERO;
    for c in comps {
        let t0 = std::time::Instant::now();
        c.process(&mut doc);
        last = t0.elapsed();
    }
    let map = CharMap::new(doc.text());
    let ch = |s: sitrep_doc::ByteSpan| (map.char_of(s.start) as usize, map.char_of(s.end) as usize);
    // Quote records sharing a cue are one attribution split around it.
    let mut out: Vec<SysAttr> = Vec::new();
    let mut cues: Vec<Option<sitrep_doc::ByteSpan>> = Vec::new();
    for q in &doc.quotes {
        let direct = q.kind == QuoteKind::Direct;
        let same = cues
            .iter()
            .zip(&out)
            .position(|(c, o)| q.cue.is_some() && *c == q.cue && o.direct == direct);
        match same {
            Some(k) => out[k].content.push(ch(q.content)),
            _ => {
                out.push(SysAttr {
                    content: vec![ch(q.content)],
                    speaker: q.speaker_mention.map(ch),
                    direct,
                });
                cues.push(q.cue);
            }
        }
    }
    (out, last)
}

/// Evaluates on a PolNeAR split directory (with `text/` and `attributions/`).
pub fn run(dir: &Path) -> Result<Metrics, EvalError> {
    let tdir = dir.join("text");
    let adir = dir.join("attributions");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(&tdir)
        .map_err(|e| EvalError::io(&tdir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    texts.sort();
    let mut anns: Vec<PathBuf> = std::fs::read_dir(&adir)
        .map_err(|e| EvalError::io(&adir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    let comps = pipeline()?;
    let (mut direct, mut all) = (QuoteCounts::default(), QuoteCounts::default());
    let mut docs = 0;
    let mut quote_time = std::time::Duration::ZERO;
    for t in &texts {
        let stem = t.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let prefix = format!("{stem}_");
        let Some(ann) = anns.iter().find(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && !n[prefix.len()..].contains('_'))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(t).map_err(|e| EvalError::io(t, e))?;
        let ann = std::fs::read_to_string(ann).map_err(|e| EvalError::io(ann, e))?;
        let gold = parse_ann(&ann);
        let (sys, took) = system(&comps, &text);
        quote_time += took;
        let gd: Vec<&GoldAttr> = gold.iter().filter(|g| g.direct).collect();
        let sd: Vec<&SysAttr> = sys.iter().filter(|s| s.direct).collect();
        direct.add(score(&sd, &gd));
        all.add(score(
            &sys.iter().collect::<Vec<_>>(),
            &gold.iter().collect::<Vec<_>>(),
        ));
        docs += 1;
    }
    let prf = |tp: usize, c: &QuoteCounts| Prf {
        tp: tp as f64,
        fp: (c.sys - tp) as f64,
        fn_: (c.gold - tp) as f64,
    };
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let d = prf(direct.speaker, &direct);
    let a = prf(all.matched, &all);
    let mut m = Metrics::default();
    m.push("docs", docs as f64);
    m.push("direct_gold", direct.gold as f64);
    m.push("direct_system", direct.sys as f64);
    m.push("direct_p", d.precision());
    m.push("direct_r", d.recall());
    m.push("direct_f1", d.f1());
    m.push("direct_content_f1", prf(direct.matched, &direct).f1());
    m.push("speaker_acc", ratio(direct.speaker, direct.matched));
    m.push("all_gold", all.gold as f64);
    m.push("all_system", all.sys as f64);
    m.push("all_p", a.precision());
    m.push("all_r", a.recall());
    m.push("all_f1", a.f1());
    m.push("all_speaker_acc", ratio(all.speaker, all.matched));
    // The quote finder alone, after tokens, tags, entities and actors; one thread.
    m.push(
        "quotes_docs_per_s",
        docs as f64 / quote_time.as_secs_f64().max(1e-9),
    );
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANN: &str =
        "T1\tSource 0 5\tKerry\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\t“abc” “d”\n\
                       E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n";

    #[test]
    fn parses_and_scores_attributions() {
        let gold = parse_ann(ANN);
        assert_eq!(gold[0].content, [(11, 20), (25, 30)]);
        assert_eq!(gold[0].source, [(0, 5)]);
        assert!(gold[0].direct);
        let hit = SysAttr {
            content: vec![(11, 20), (25, 30)],
            speaker: Some((0, 5)),
            direct: true,
        };
        let wrong_speaker = SysAttr {
            speaker: Some((40, 44)),
            ..hit.clone()
        };
        let c = score(&[&hit], &[&gold[0]]);
        assert_eq!((c.matched, c.speaker), (1, 1));
        let c = score(&[&wrong_speaker], &[&gold[0]]);
        assert_eq!((c.matched, c.speaker), (1, 0));
        let short = SysAttr {
            content: vec![(11, 14)],
            ..hit
        };
        assert_eq!(score(&[&short], &[&gold[0]]).matched, 0);
    }
}
