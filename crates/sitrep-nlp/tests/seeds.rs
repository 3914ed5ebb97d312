//! Sentence boundaries on the seed articles in `$SITREP_SHARED/seeds` (never committed).
//! Skips when the folder is absent, unless `SITREP_REQUIRE_SHARED=1`.

use std::path::PathBuf;

use sitrep_doc::{Doc, DocMeta};
use sitrep_nlp::Tokenizer;
use sitrep_pipeline::Component;

fn seeds() -> Option<Vec<(String, String)>> {
    let shared = std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")));
    let dir = shared.join("seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        if std::env::var("SITREP_REQUIRE_SHARED").as_deref() == Ok("1") {
            panic!("{} is required but missing", dir.display());
        }
        eprintln!("skipped: {} not found", dir.display());
        return None;
    };
    let mut out: Vec<(String, String)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).expect("seed is UTF-8");
            (e.file_name().to_string_lossy().into_owned(), text)
        })
        .collect();
    out.sort();
    assert_eq!(out.len(), 5, "expected the five seed articles");
    Some(out)
}

fn sentences(text: &str) -> (Doc, Vec<String>) {
    let mut doc = Doc::new(DocMeta::new("seed", "seed"), text.to_string());
    Tokenizer.process(&mut doc);
    let s = doc
        .sents
        .iter()
        .map(|&r| doc.span_text(doc.range_span(r)).to_string())
        .collect();
    (doc, s)
}

#[test]
fn seed_sentence_boundaries_are_sane() {
    let Some(seeds) = seeds() else { return };
    for (name, text) in &seeds {
        let (doc, sents) = sentences(text);
        // Sentences tile the tokens in order.
        let mut next = 0;
        for s in &doc.sents {
            assert_eq!(s.start, next, "{name}: gap or overlap at token {next}");
            assert!(s.end > s.start, "{name}: empty sentence");
            next = s.end;
        }
        assert_eq!(next as usize, doc.len(), "{name}: tokens outside sentences");
        for s in &sents {
            // Never across a blank line, never after a title abbreviation.
            assert!(
                !s.contains("\n\n"),
                "{name}: sentence spans paragraphs: {s:?}"
            );
            for title in [
                "Gen.", "Lt.", "Mr.", "Mrs.", "Dr.", "Sen.", "Gov.", "Col.", "Maj",
            ] {
                assert!(
                    !s.ends_with(&format!(" {title}")),
                    "{name}: ends at {title}: {s:?}"
                );
            }
            assert!(!s.ends_with(" U.S."), "{name}: ends at U.S.: {s:?}");
            // A quote closing a sentence stays with it.
            assert!(
                !s.starts_with("\" ") && !s.starts_with("” "),
                "{name}: sentence starts with a closing quote: {s:?}"
            );
            assert!(
                s.len() < 2000,
                "{name}: run-on sentence of {} bytes",
                s.len()
            );
        }
        // Each headline-like line without final punctuation is a sentence of its own.
        for line in text.lines().map(str::trim) {
            let words = line.split_whitespace().count();
            let ends = line.contains(['.', '!', '?', ':', ',', ';']);
            if (4..=14).contains(&words) && !ends && text.contains(&format!("{line}\n\n")) {
                assert!(
                    sents.iter().any(|s| s == line),
                    "{name}: headline {line:?} is not its own sentence"
                );
            }
        }
    }
}

#[test]
fn seed_quotes_end_sentences() {
    let Some(seeds) = seeds() else { return };
    let mut checked = 0;
    for (name, text) in &seeds {
        let (_, sents) = sentences(text);
        // Wherever sentence punctuation and a closing quote are followed by a line end,
        // or by a space and a capital, a sentence ends at the quote.
        for pat in [".\"", "?\"", "!\"", ".”", "?”", "!”"] {
            for (i, _) in text.match_indices(pat) {
                let end = i + pat.len();
                let after = &text[end..];
                let closes = after.is_empty()
                    || after.starts_with('\n')
                    || (after.starts_with(' ') && after[1..].starts_with(char::is_uppercase));
                if !closes {
                    continue;
                }
                let tail: String = text[..end].chars().rev().take(25).collect();
                let tail: String = tail.chars().rev().collect();
                let tail = tail.trim_start();
                assert!(
                    sents.iter().any(|s| s.ends_with(tail)),
                    "{name}: no sentence ends at {tail:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "the seeds contain quoted sentence ends");
}
