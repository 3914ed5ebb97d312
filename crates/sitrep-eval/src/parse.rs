//! `sitrep eval parse`: tagging, lemmas and dependencies on gold tokens; tokens and
//! sentences from the raw `# text`; and the full NLP pipeline's speed.
//!
//! Definitions (CoNLL 2018 shared task): scores count syntactic words, punctuation
//! included; multiword-token ranges and empty nodes are skipped; LAS compares the
//! universal part of the relation (`nmod` for `nmod:poss`).
//!
//! Raw text reconstruction: each document (`# newdoc`) becomes one `Doc` whose text is
//! its paragraphs (`# newpar`) joined by a blank line, each paragraph being its
//! sentences' `# text` joined by one space. A gold sentence is the byte span of its
//! `# text`; gold tokens are the spans of its words found left to right in that text
//! (a multiword token whose words do not spell it, like `gonna` -> `gon na` does, counts
//! as one span). A predicted token or sentence counts when both ends match.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use sitrep_doc::{Doc, DocMeta};
use sitrep_ner::Ner;
use sitrep_nlp::conllu::Sentence;
use sitrep_nlp::{annotate_gold, NlpError, Tagger, Tokenizer};
use sitrep_parser::Parser;
use sitrep_pipeline::{Component, Pipeline};

use crate::{EvalError, Metrics, Prf};

fn model_error(path: &str, e: impl std::fmt::Display) -> EvalError {
    EvalError::Format {
        path: path.into(),
        message: e.to_string(),
    }
}

/// The embedded parser, or `None` (with a note on stderr) while its model file is not
/// usable, so that the other metrics still print.
fn load_parser() -> Option<Parser> {
    Parser::load_default()
        .map_err(|e| eprintln!("note: parser skipped (models/parser.bin: {e})"))
        .ok()
}

/// The full NLP pipeline with the embedded models: tokenizer and sentence splitter,
/// tagger and lemmatizer, then parser and NER when their models load (a note on stderr
/// says which were skipped).
pub fn nlp_pipeline() -> Result<Pipeline, EvalError> {
    let tagger = Tagger::load_default().map_err(|e| model_error("models/tagger.bin", e))?;
    let mut stages: Vec<Box<dyn Component>> = vec![Box::new(Tokenizer), Box::new(tagger)];
    if let Some(p) = load_parser() {
        stages.push(Box::new(p));
    }
    match Ner::load_default() {
        Ok(ner) => stages.push(Box::new(ner)),
        Err(e) => eprintln!("note: NER skipped (models/ner.bin: {e})"),
    }
    Pipeline::build(stages).map_err(|e| model_error("pipeline", e))
}

/// Runs `pipeline` over `docs` repeatedly (rayon, so `RAYON_NUM_THREADS` applies) for at
/// least `min_time` and returns the tokens per second.
pub fn throughput(pipeline: &Pipeline, docs: &[Doc], min_time: Duration) -> f64 {
    let start = Instant::now();
    let mut tokens = 0usize;
    loop {
        let out = pipeline.run_batch(docs.to_vec());
        tokens += out.iter().map(Doc::len).sum::<usize>();
        if start.elapsed() >= min_time {
            break;
        }
    }
    tokens as f64 / start.elapsed().as_secs_f64()
}

/// Splits sentences into documents at `# newdoc` (the whole file is one document when
/// it has none).
fn documents(sents: &[Sentence]) -> Vec<&[Sentence]> {
    let mut docs = Vec::new();
    let mut start = 0;
    for (i, s) in sents.iter().enumerate() {
        if s.newdoc && i > start {
            docs.push(&sents[start..i]);
            start = i;
        }
    }
    if start < sents.len() {
        docs.push(&sents[start..]);
    }
    docs
}

/// A document's raw text with its gold sentence and token spans.
struct RawDoc {
    text: String,
    sents: Vec<(u32, u32)>,
    tokens: Vec<(u32, u32)>,
}

fn raw_doc(doc: &[Sentence]) -> RawDoc {
    let mut raw = RawDoc {
        text: String::new(),
        sents: Vec::new(),
        tokens: Vec::new(),
    };
    for (k, s) in doc.iter().enumerate() {
        let joined;
        let t = match &s.text {
            Some(t) => t.as_str(),
            None => {
                joined = gold_text(s);
                joined.as_str()
            }
        };
        if k > 0 {
            raw.text.push_str(if s.newpar { "\n\n" } else { " " });
        }
        let base = raw.text.len();
        raw.text.push_str(t);
        raw.sents.push((base as u32, raw.text.len() as u32));
        gold_spans(s, t, base, &mut raw.tokens);
    }
    raw
}

/// The words joined by their spacing, for sentences without `# text`.
fn gold_text(s: &Sentence) -> String {
    let mut t = String::new();
    for w in &s.words {
        t.push_str(&w.form);
        if w.space_after {
            t.push(' ');
        }
    }
    t.trim_end().to_string()
}

/// Finds each word (or unspellable multiword token) in `text` from left to right.
fn gold_spans(s: &Sentence, text: &str, base: usize, out: &mut Vec<(u32, u32)>) {
    let mut cur = 0;
    let find = |form: &str, cur: &mut usize| -> Option<(usize, usize)> {
        let at = *cur + text.get(*cur..)?.find(form)?;
        *cur = at + form.len();
        Some((base + at, base + at + form.len()))
    };
    let mut i = 0;
    while i < s.words.len() {
        if let Some(m) = s.words[i].mwt.map(|m| &s.mwts[m]) {
            let spelled: String = s.words[m.first..m.end]
                .iter()
                .map(|w| w.form.as_str())
                .collect();
            if spelled == m.form {
                for w in &s.words[m.first..m.end] {
                    if let Some((a, b)) = find(&w.form, &mut cur) {
                        out.push((a as u32, b as u32));
                    }
                }
            } else if let Some((a, b)) = find(&m.form, &mut cur) {
                out.push((a as u32, b as u32));
            }
            i = m.end.max(i + 1);
            continue;
        }
        if let Some((a, b)) = find(&s.words[i].form, &mut cur) {
            out.push((a as u32, b as u32));
        }
        i += 1;
    }
}

fn spans_prf(gold: &[(u32, u32)], pred: &[(u32, u32)]) -> Prf {
    let g: HashSet<&(u32, u32)> = gold.iter().collect();
    let tp = pred.iter().filter(|p| g.contains(p)).count() as f64;
    Prf {
        tp,
        fp: pred.len() as f64 - tp,
        fn_: gold.len() as f64 - tp,
    }
}

/// Scores the embedded models against a CoNLL-U file.
pub fn run(gold: &Path) -> Result<Metrics, EvalError> {
    let sents = sitrep_nlp::read_conllu(gold).map_err(|e| match e {
        NlpError::Io { path, source } => EvalError::Io { path, source },
        other => model_error(&gold.display().to_string(), other),
    })?;
    let tagger = Tagger::load_default().map_err(|e| model_error("models/tagger.bin", e))?;
    let parser = load_parser();
    let docs = documents(&sents);

    // Gold tokens and sentences: tagger, lemmatizer, parser.
    let (mut n, mut upos, mut xpos, mut lemma, mut uas, mut las) = (0usize, 0, 0, 0, 0, 0);
    for (d, group) in docs.iter().enumerate() {
        let mut doc = annotate_gold(&format!("gold-{d}"), group);
        tagger.process(&mut doc);
        if let Some(p) = &parser {
            p.process(&mut doc);
        }
        let words = group.iter().flat_map(|s| s.words.iter());
        let starts = group.iter().scan(0usize, |acc, s| {
            let first = *acc;
            *acc += s.words.len();
            Some(std::iter::repeat_n(first, s.words.len()))
        });
        for (i, (w, first)) in words.zip(starts.flatten()).enumerate() {
            let t = doc.token(i);
            n += 1;
            upos += (t.upos().as_str() == w.upos) as usize;
            xpos += (t.xpos().as_str() == w.xpos) as usize;
            lemma += (t.lemma() == w.lemma) as usize;
            let head = t.head().i();
            let pred_head = if head == i { 0 } else { head - first + 1 };
            if pred_head == w.head as usize {
                uas += 1;
                let gold_base = w.deprel.split(':').next().unwrap_or("");
                las += (t.dep().base() == gold_base) as usize;
            }
        }
    }
    let acc = |k: usize| k as f64 / n.max(1) as f64;
    let mut m = Metrics::default();
    m.push("upos", acc(upos));
    m.push("xpos", acc(xpos));
    m.push("lemma", acc(lemma));
    if parser.is_some() {
        m.push("uas", acc(uas));
        m.push("las", acc(las));
    }

    // Raw text: tokenizer and sentence splitter.
    let raws: Vec<RawDoc> = docs.iter().map(|d| raw_doc(d)).collect();
    let (mut tok, mut sen) = (Prf::default(), Prf::default());
    let mut raw_docs = Vec::with_capacity(raws.len());
    for (d, r) in raws.iter().enumerate() {
        let mut doc = Doc::new(DocMeta::new(&format!("raw-{d}"), "conllu"), r.text.clone());
        raw_docs.push(doc.clone());
        Tokenizer.process(&mut doc);
        let pred_toks: Vec<(u32, u32)> = (0..doc.len())
            .map(|i| (doc.tokens.starts()[i], doc.tokens.ends()[i]))
            .collect();
        let pred_sents: Vec<(u32, u32)> = doc
            .sents
            .iter()
            .map(|&s| {
                let b = doc.range_span(s);
                (b.start, b.end)
            })
            .collect();
        tok.add(spans_prf(&r.tokens, &pred_toks));
        sen.add(spans_prf(&r.sents, &pred_sents));
    }
    m.push("token_f1", tok.f1());
    m.push("sentence_f1", sen.f1());

    // Speed of the full pipeline over the raw text.
    let pipeline = nlp_pipeline()?;
    m.push(
        "tokens_per_s",
        throughput(&pipeline, &raw_docs, Duration::from_secs(2)).round(),
    );
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_text_and_gold_spans() {
        let src = "# newdoc id = d\n# newpar\n# text = I'm gonna go.\n\
            1-2\tI'm\t_\t_\t_\t_\t_\t_\t_\t_\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n\
            2\t'm\tbe\tAUX\tVBP\t_\t4\taux\t_\t_\n3-4\tgonna\t_\t_\t_\t_\t_\t_\t_\t_\n\
            3\tgon\tgo\tVERB\tVBG\t_\t0\troot\t_\t_\n4\tna\tto\tPART\tTO\t_\t5\tmark\t_\t_\n\
            5\tgo\tgo\tVERB\tVB\t_\t3\txcomp\t_\tSpaceAfter=No\n6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n\
            # newpar\n# text = Fine.\n1\tFine\tfine\tADJ\tJJ\t_\t0\troot\t_\tSpaceAfter=No\n\
            2\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";
        let sents = sitrep_nlp::conllu::parse(src).unwrap();
        let r = raw_doc(&sents);
        assert_eq!(r.text, "I'm gonna go.\n\nFine.");
        assert_eq!(r.sents, [(0, 13), (15, 20)]);
        assert_eq!(
            r.tokens,
            [
                (0, 1),
                (1, 3),
                (4, 7),
                (7, 9),
                (10, 12),
                (12, 13),
                (15, 19),
                (19, 20)
            ]
        );
    }
}
