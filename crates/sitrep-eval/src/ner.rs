//! `sitrep eval ner`: exact-span micro precision/recall/F1 over PER, ORG and LOC (GPE
//! counted as LOC, NORP and MISC not counted) on gold tokens from UNER IOB2 or CoNLL-2003.
//! The sitrep tagger runs first when the NER model reads POS tags; `ner_tokens_per_s`
//! times the NER alone.

use std::path::Path;
use std::time::Instant;

use sitrep_doc::{Doc, DocMeta, EntLabel, TokRange};
use sitrep_ner::corpus::{read_iob, Sentence};
use sitrep_ner::{Ner, NerError};
use sitrep_nlp::Tagger;
use sitrep_pipeline::Component;

use crate::{EvalError, Metrics, Prf};

/// The scored label of an entity, or `None` when the label is not scored.
fn scored(l: EntLabel) -> Option<EntLabel> {
    match l {
        EntLabel::Per | EntLabel::Org | EntLabel::Loc => Some(l),
        EntLabel::Gpe => Some(EntLabel::Loc),
        EntLabel::Norp | EntLabel::Misc => None,
    }
}

/// Builds one doc holding every gold sentence: words joined by spaces, one line each.
fn gold_doc(sents: &[Sentence]) -> Doc {
    let mut text = String::new();
    let mut offsets = Vec::new();
    let mut ranges = Vec::new();
    for s in sents {
        let first = offsets.len();
        for w in &s.words {
            if !text.is_empty() && !text.ends_with('\n') {
                text.push(' ');
            }
            offsets.push((text.len(), text.len() + w.len()));
            text.push_str(w);
        }
        text.push('\n');
        ranges.push(TokRange::new(first, offsets.len()));
    }
    let mut doc = Doc::new(DocMeta::new("gold", "eval-ner"), text);
    for (s, e) in offsets {
        doc.tokens.push(s, e);
    }
    doc.sents = ranges;
    doc
}

/// Runs the default NER model over a gold file and scores it.
pub fn run(gold: &Path) -> Result<Metrics, EvalError> {
    let ner = Ner::load_default().map_err(|e| EvalError::Format {
        path: "models/ner.bin".into(),
        message: e.to_string(),
    })?;
    let sents = read_iob(gold).map_err(|e| match e {
        NerError::Io { path, source } => EvalError::Io { path, source },
        other => EvalError::Format {
            path: gold.to_path_buf(),
            message: other.to_string(),
        },
    })?;
    let mut doc = gold_doc(&sents);
    if ner.uses_pos() {
        let tagger = Tagger::load_default().map_err(|e| EvalError::Format {
            path: "models/tagger.bin".into(),
            message: e.to_string(),
        })?;
        tagger.process(&mut doc);
    }
    let t0 = Instant::now();
    ner.process(&mut doc);
    let secs = t0.elapsed().as_secs_f64();
    Ok(score(&sents, &doc, secs))
}

fn score(sents: &[Sentence], doc: &Doc, secs: f64) -> Metrics {
    let mut gold: Vec<(usize, usize, EntLabel)> = Vec::new();
    for (s, range) in sents.iter().zip(&doc.sents) {
        let base = range.start as usize;
        gold.extend(
            s.spans
                .iter()
                .filter_map(|&(a, b, l)| scored(l).map(|l| (base + a, base + b, l))),
        );
    }
    let pred: Vec<(usize, usize, EntLabel)> = doc
        .ents
        .iter()
        .filter_map(|e| {
            scored(e.label).map(|l| (e.tokens.start as usize, e.tokens.end as usize, l))
        })
        .collect();
    let labels = [EntLabel::Per, EntLabel::Org, EntLabel::Loc];
    let mut per_label = [Prf::default(); 3];
    for (k, &l) in labels.iter().enumerate() {
        let g: Vec<_> = gold.iter().filter(|x| x.2 == l).collect();
        let p: Vec<_> = pred.iter().filter(|x| x.2 == l).collect();
        let tp = p.iter().filter(|x| g.contains(x)).count() as f64;
        per_label[k] = Prf {
            tp,
            fp: p.len() as f64 - tp,
            fn_: g.len() as f64 - tp,
        };
    }
    let mut all = Prf::default();
    for p in per_label {
        all.add(p);
    }
    let mut m = Metrics::default();
    m.push("precision", all.precision());
    m.push("recall", all.recall());
    m.push("f1", all.f1());
    for (l, p) in labels.iter().zip(per_label) {
        m.push(&format!("{}_f1", l.as_str().to_lowercase()), p.f1());
    }
    m.push("gold_entities", gold.len() as f64);
    m.push("tokens", doc.len() as f64);
    m.push(
        "ner_tokens_per_s",
        (doc.len() as f64 / secs.max(1e-9)).round(),
    );
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_doc::Ent;
    use sitrep_ner::corpus::parse_iob;

    #[test]
    fn scores_exact_spans_with_gpe_as_loc() {
        let sents = parse_iob(
            "1\tJohn\tB-PER\t-\t-\n2\tKerry\tI-PER\t-\t-\n3\tin\tO\t-\t-\n4\tParis\tB-LOC\t-\t-\n\n\
             1\tAcme\tB-ORG\t-\t-\n2\tsaid\tO\t-\t-\n",
        )
        .unwrap();
        let mut doc = gold_doc(&sents);
        assert_eq!(doc.text(), "John Kerry in Paris\nAcme said\n");
        assert_eq!(doc.sents, [TokRange::new(0, 4), TokRange::new(4, 6)]);
        doc.ents = vec![
            Ent {
                tokens: TokRange::new(0, 2),
                label: EntLabel::Per,
            },
            Ent {
                tokens: TokRange::new(3, 4),
                label: EntLabel::Gpe,
            },
            Ent {
                tokens: TokRange::new(4, 5),
                label: EntLabel::Per,
            },
            Ent {
                tokens: TokRange::new(5, 6),
                label: EntLabel::Misc,
            },
        ];
        let m = score(&sents, &doc, 1.0);
        assert_eq!(m.get("precision"), Some(2.0 / 3.0));
        assert_eq!(m.get("recall"), Some(2.0 / 3.0));
        assert_eq!(m.get("org_f1"), Some(0.0));
        assert_eq!(m.get("loc_f1"), Some(1.0));
    }
}
