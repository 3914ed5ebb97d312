//! Seed pages from `$SITREP_SHARED/seeds`: weekday resolution against the page date.

use std::path::PathBuf;

use chrono::NaiveDate;
use sitrep_doc::{Doc, DocMeta, TokRange};
use sitrep_pipeline::Component;
use sitrep_time::TimeTagger;

fn seed(prefix: &str) -> Option<String> {
    let dir = std::env::var("SITREP_SHARED").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    );
    let found = std::fs::read_dir(dir.join("seeds")).ok().and_then(|rd| {
        rd.filter_map(Result::ok).map(|e| e.path()).find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
    });
    match found.and_then(|p| std::fs::read_to_string(p).ok()) {
        Some(t) => Some(t),
        None if std::env::var("SITREP_REQUIRE_SHARED").as_deref() == Ok("1") => {
            panic!("seed {prefix} missing under SITREP_SHARED")
        }
        None => {
            eprintln!("skipping: seed {prefix} not found (set SITREP_SHARED)");
            None
        }
    }
}

/// A doc with whitespace tokens and one sentence per line: enough for the time rules,
/// which scan each sentence's text themselves.
fn doc(text: &str, date: Option<NaiveDate>) -> Doc {
    let mut meta = DocMeta::new("seed", "seed");
    meta.date = date;
    let mut d = Doc::new(meta, text.to_string());
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let first = d.len();
        for (off, w) in line
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - line.as_ptr() as usize, w))
        {
            d.tokens.push(pos + off, pos + off + w.len());
        }
        if d.len() > first {
            d.sents.push(TokRange::new(first, d.len()));
        }
        pos += line.len();
    }
    d
}

fn times_of<'a>(d: &'a Doc, word: &str) -> Vec<(&'a str, Option<NaiveDate>)> {
    d.times
        .iter()
        .filter(|t| d.span_text(t.span) == word)
        .map(|t| (t.value.as_str(), t.date))
        .collect()
}

#[test]
fn munich_saturday_is_flagged_without_a_page_date() {
    let Some(text) = seed("000_") else { return };
    let mut d = doc(&text, None);
    TimeTagger::new().process(&mut d);
    let sats = times_of(&d, "Saturday");
    assert_eq!(sats, [("XXXX-WXX-6", None), ("XXXX-WXX-6", None)]);
    let flagged = d
        .diagnostics
        .iter()
        .filter(|g| g.message.contains("`Saturday`"))
        .count();
    assert_eq!(flagged, 2);
    // With a page date (Sunday 14 February 2016) it is the day before.
    let mut d = doc(&text, NaiveDate::from_ymd_opt(2016, 2, 14));
    TimeTagger::new().process(&mut d);
    let day = NaiveDate::from_ymd_opt(2016, 2, 13);
    assert_eq!(
        times_of(&d, "Saturday"),
        [("2016-02-13", day), ("2016-02-13", day)]
    );
    assert!(d.diagnostics.is_empty());
}

#[test]
fn new_arab_tuesday_is_the_ninth() {
    let Some(text) = seed("001_") else { return };
    // The page's date line says 10 February, 2016 (the ingest reader extracts it).
    let mut d = doc(&text, NaiveDate::from_ymd_opt(2016, 2, 10));
    TimeTagger::new().process(&mut d);
    let day = NaiveDate::from_ymd_opt(2016, 2, 9);
    assert_eq!(
        times_of(&d, "Tuesday"),
        [
            ("2016-02-09", day),
            ("2016-02-09", day),
            ("2016-02-09", day)
        ]
    );
    let thu = NaiveDate::from_ymd_opt(2016, 2, 11);
    // "are due in Munich on Thursday": the coming Thursday, and so is the later
    // "Thursday's meeting".
    assert_eq!(
        times_of(&d, "Thursday"),
        [("2016-02-11", thu), ("2016-02-11", thu)]
    );
    assert_eq!(
        times_of(&d, "10 February, 2016"),
        [("2016-02-10", day.and_then(|d| d.succ_opt()))]
    );
}
