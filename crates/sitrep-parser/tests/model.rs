//! The shipped model: round trip, corrupt files, and a sentence through the component.

use sitrep_doc::{Doc, DocMeta, TokRange, Xpos};
use sitrep_parser::{read_conllu, train, Parser, ParserError, TrainConfig};
use sitrep_pipeline::Component;

#[test]
fn model_round_trips_byte_for_byte() {
    let p = Parser::load_default().unwrap();
    let bytes = p.to_bytes();
    let again = Parser::from_bytes(&bytes).unwrap();
    assert_eq!(again.size(), p.size());
    assert_eq!(again.to_bytes(), bytes);
}

#[test]
fn corrupt_models_are_errors() {
    let bytes = Parser::load_default().unwrap().to_bytes();
    assert!(matches!(
        Parser::from_bytes(b"NOTAMODEL..."),
        Err(ParserError::BadMagic)
    ));
    let mut future = bytes.clone();
    future[8] = 99;
    assert!(matches!(
        Parser::from_bytes(&future),
        Err(ParserError::Version(99))
    ));
    assert!(matches!(
        Parser::from_bytes(&bytes[..bytes.len() - 1]),
        Err(ParserError::Truncated)
    ));
}

/// Builds a doc from space-separated tokens with their PTB tags.
fn tagged_doc(words: &[(&str, &str)]) -> Doc {
    let text = words.iter().map(|w| w.0).collect::<Vec<_>>().join(" ");
    let mut doc = Doc::new(DocMeta::new("t", "test"), text);
    let mut pos = 0;
    for (w, _) in words {
        doc.tokens.push(pos, pos + w.len());
        pos += w.len() + 1;
    }
    for (k, (_, t)) in words.iter().enumerate() {
        doc.tokens.xpos_mut()[k] = Xpos::parse(t);
    }
    doc.sents = vec![TokRange::new(0, words.len())];
    doc
}

fn render(doc: &Doc) -> String {
    (0..doc.len())
        .map(|i| {
            let t = doc.token(i);
            format!("{}<-{}:{}", t.text(), t.head().text(), t.dep().as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn component_parses_a_simple_sentence() {
    let mut doc = tagged_doc(&[
        ("The", "DT"),
        ("minister", "NN"),
        ("visited", "VBD"),
        ("Moscow", "NNP"),
        ("on", "IN"),
        ("Monday", "NNP"),
        (".", "."),
    ]);
    Parser::load_default().unwrap().process(&mut doc);
    assert_eq!(
        render(&doc),
        "The<-minister:det minister<-visited:nsubj visited<-visited:root \
         Moscow<-visited:obj on<-Monday:case Monday<-visited:obl .<-visited:punct"
    );
}

const TINY: &str = "\
1\tdogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tbark\tbark\tVERB\tVBP\t_\t0\troot\t_\t_
3\tloudly\tloudly\tADV\tRB\t_\t2\tadvmod\t_\t_

1\tcats\tcat\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tchase\tchase\tVERB\tVBP\t_\t0\troot\t_\t_
3\tbig\tbig\tADJ\tJJ\t_\t4\tamod\t_\t_
4\tmice\tmouse\tNOUN\tNNS\t_\t2\tobj\t_\t_

";

#[test]
fn training_learns_a_tiny_treebank() {
    let gold = read_conllu(TINY).unwrap();
    let cfg = TrainConfig {
        epochs: 5,
        ..TrainConfig::default()
    };
    let mut seen = Vec::new();
    let unlabeled: Vec<Vec<String>> = ["dogs chase cats", "big dogs bark", "cats bark"]
        .iter()
        .map(|s| s.split(' ').map(String::from).collect())
        .collect();
    let mut notes = 0;
    let forms = gold.iter().map(|s| s.forms.as_slice());
    let classes = sitrep_nlp::clusters::learn_word_classes(
        forms.chain(unlabeled.iter().map(Vec::as_slice)),
        4,
        &mut |_| notes += 1,
    );
    assert!(notes > 0, "the word classes report their progress");
    let (parser, best) = train(&gold, &gold, &classes, &cfg, &mut |r| seen.push(r.epoch)).unwrap();
    assert_eq!(seen, [1, 2, 3, 4, 5]);
    assert_eq!((best.dev.words, best.dev.uas, best.dev.las), (7, 1.0, 1.0));
    // The returned model is the best epoch's, and it survives serialization.
    let back = Parser::from_bytes(&parser.to_bytes()).unwrap();
    assert_eq!(sitrep_parser::evaluate(&back, &gold), best.dev);
}
