//! `sitrep eval ner`: exact-span micro precision/recall/F1 over PER, ORG and LOC (GPE
//! counted as LOC, NORP and MISC not counted) on gold tokens from UNER IOB2 or CoNLL-2003.
//! The sitrep tagger runs first when the NER model reads POS tags; `ner_tokens_per_s`
//! times the NER alone.

use std::path::Path;
use std::time::Instant;

use sitrep_doc::{Doc, DocMeta, EntLabel, TokRange};
use sitrep_ner::corpus::{documents, read_iob, Sentence};
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

/// Runs a NER model (the compiled-in one when `model` is `None`) over a gold file and
/// scores it.
pub fn run(gold: &Path, model: Option<&Path>) -> Result<Metrics, EvalError> {
    let ner = match model {
        None => Ner::load_default(),
        Some(p) => std::fs::read(p)
            .map_err(|source| EvalError::Io {
                path: p.to_path_buf(),
                source,
            })
            .map(|bytes| Ner::from_bytes(&bytes))?,
    }
    .map_err(|e| EvalError::Format {
        path: model.unwrap_or(Path::new("models/ner.bin")).to_path_buf(),
        message: e.to_string(),
    })?;
    let sents = read_iob(gold).map_err(|e| match e {
        NerError::Io { path, source } => EvalError::Io { path, source },
        other => EvalError::Format {
            path: gold.to_path_buf(),
            message: other.to_string(),
        },
    })?;
    // One doc per gold document, so that the model sees documents as in the pipeline.
    let mut docs: Vec<Doc> = documents(&sents)
        .into_iter()
        .map(|r| gold_doc(&sents[r]))
        .collect();
    if ner.uses_pos() {
        let tagger = Tagger::load_default().map_err(|e| EvalError::Format {
            path: "models/tagger.bin".into(),
            message: e.to_string(),
        })?;
        for doc in &mut docs {
            tagger.process(doc);
        }
    }
    let t0 = Instant::now();
    for doc in &mut docs {
        ner.process(doc);
    }
    let secs = t0.elapsed().as_secs_f64();
    Ok(score(&sents, &docs, secs))
}

/// Scores docs made by [`gold_doc`] from consecutive runs of `sents`.
fn score(sents: &[Sentence], docs: &[Doc], secs: f64) -> Metrics {
    // Spans as global token ranges over all docs.
    let mut gold: Vec<(usize, usize, EntLabel)> = Vec::new();
    let mut pred: Vec<(usize, usize, EntLabel)> = Vec::new();
    let mut sents = sents.iter();
    let mut base = 0;
    for doc in docs {
        // The doc's ranges drive the zip, so no sentence of the next doc is consumed.
        for (range, s) in doc.sents.iter().zip(sents.by_ref()) {
            let start = base + range.start as usize;
            gold.extend(
                s.spans
                    .iter()
                    .filter_map(|&(a, b, l)| scored(l).map(|l| (start + a, start + b, l))),
            );
        }
        pred.extend(doc.ents.iter().filter_map(|e| {
            scored(e.label).map(|l| {
                (
                    base + e.tokens.start as usize,
                    base + e.tokens.end as usize,
                    l,
                )
            })
        }));
        base += doc.len();
    }
    let tokens = base;
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
    m.push("tokens", tokens as f64);
    m.push("ner_tokens_per_s", (tokens as f64 / secs.max(1e-9)).round());
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
        let m = score(&sents, &[doc], 1.0);
        assert_eq!(m.get("precision"), Some(2.0 / 3.0));
        assert_eq!(m.get("recall"), Some(2.0 / 3.0));
        assert_eq!(m.get("org_f1"), Some(0.0));
        assert_eq!(m.get("loc_f1"), Some(1.0));
    }

    #[test]
    fn scores_each_document_at_its_own_offsets() {
        let sents = parse_iob(
            "# newdoc id = a\n1\tHi\tO\t-\t-\n2\tAcme\tB-ORG\t-\t-\n\n\
             # newdoc id = b\n1\tParis\tB-LOC\t-\t-\n",
        )
        .unwrap();
        let ranges = documents(&sents);
        assert_eq!(ranges, [0..1, 1..2]);
        let mut docs: Vec<Doc> = ranges.into_iter().map(|r| gold_doc(&sents[r])).collect();
        for (doc, (start, label)) in docs
            .iter_mut()
            .zip([(1, EntLabel::Org), (0, EntLabel::Loc)])
        {
            doc.ents = vec![Ent {
                tokens: TokRange::new(start, start + 1),
                label,
            }];
        }
        let m = score(&sents, &docs, 1.0);
        assert_eq!(m.get("f1"), Some(1.0));
        assert_eq!(m.get("tokens"), Some(3.0));
    }
}
