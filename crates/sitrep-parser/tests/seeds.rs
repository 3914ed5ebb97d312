//! The seed story's headline: "Kerry accuses Russia of targeting ..." must come out with
//! `nsubj` Kerry and `obj` Russia on its main verb.
//!
//! Reads `$SITREP_SHARED/seeds` (default: the `shared` folder beside the checkout); skips
//! when it is absent unless `SITREP_REQUIRE_SHARED=1`.

use std::path::PathBuf;

use sitrep_doc::{Doc, DocMeta};
use sitrep_parser::Parser;
use sitrep_pipeline::Component;

fn seeds_dir() -> Option<PathBuf> {
    let root = std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let dir = root.join("seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("SITREP_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("{} is missing and SITREP_REQUIRE_SHARED=1", dir.display());
    }
    eprintln!("skipping: {} not found", dir.display());
    None
}

#[test]
fn kerry_accuses_russia_has_subject_and_object() {
    let Some(dir) = seeds_dir() else { return };
    let mut headline = None;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        if let Some(line) = text
            .lines()
            .find(|l| l.trim().starts_with("Kerry accuses Russia of targeting"))
        {
            headline = Some(line.trim().to_string());
        }
    }
    let line = headline.expect("a seed carries the Kerry headline");
    let mut doc = Doc::new(DocMeta::new("seed", "seed"), line);
    sitrep_nlp::Tokenizer.process(&mut doc);
    sitrep_nlp::Tagger::load_default()
        .unwrap()
        .process(&mut doc);
    Parser::load_default().unwrap().process(&mut doc);

    let verb = (0..doc.len())
        .map(|i| doc.token(i))
        .find(|t| t.text() == "accuses")
        .unwrap();
    let mut args: Vec<(&str, &str)> = verb
        .children()
        .map(|c| (c.dep().as_str(), c.text()))
        .filter(|(d, _)| matches!(*d, "nsubj" | "obj"))
        .collect();
    args.sort();
    assert_eq!(verb.dep().as_str(), "root");
    assert_eq!(args, [("nsubj", "Kerry"), ("obj", "Russia")]);
}
