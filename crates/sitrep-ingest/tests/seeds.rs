//! Structure checks on the five seed page dumps in `$SITREP_SHARED/seeds`. Only a few
//! words of each page appear here, in assertions.

use sitrep_doc::{DateSource, Doc};
use sitrep_testkit::shared;

fn seeds() -> Option<Vec<Doc>> {
    let dir = shared()?.join("seeds");
    Some(
        sitrep_ingest::read_paths(&[dir])
            .map(|d| d.expect("every seed yields a doc"))
            .collect(),
    )
}

/// One compact row per doc: file, title start, date and its source, wire, outlet.
fn row(d: &Doc) -> String {
    let file = d.meta.source.rsplit('/').next().unwrap_or("");
    let title: String = d
        .meta
        .title
        .as_deref()
        .unwrap_or("-")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "{} | {} | {} {:?} | {} | {}",
        &file[..3],
        title,
        d.meta.date.map_or("-".to_string(), |d| d.to_string()),
        d.meta.date_source,
        d.meta.wire.as_deref().unwrap_or("-"),
        d.meta.outlet.as_deref().unwrap_or("-"),
    )
}

#[test]
fn seeds_metadata() {
    let Some(docs) = seeds() else { return };
    let rows: Vec<String> = docs.iter().map(row).collect();
    assert_eq!(
        rows,
        [
            "000 | Kerry accuses Russia | - None | - | -",
            "001 | Russian air raids | 2016-02-10 Some(Text) | - | -",
            "002 | Russia rejects Western | - None | - | -",
            "003 | Russia accuses US | 2018-02-19 Some(Header) | PA | -",
            "004 | US criticizes Russia | - None | AP | KSL",
        ]
    );
    let title = docs[0].meta.title.as_deref().unwrap_or_default();
    assert!(
        title.starts_with("Kerry accuses Russia") && title.ends_with("in Syria"),
        "the headline, whole and with no site suffix: {title}"
    );
}

#[test]
fn seeds_structure_and_offsets() {
    let Some(docs) = seeds() else { return };
    for d in &docs {
        let title = d.meta.title.as_deref().expect("every seed has a headline");
        let span = d.title_span.expect("title span");
        assert_eq!(d.span_text(span), title);
        let paras: Vec<&str> = d.text().split("\n\n").collect();
        assert_eq!(paras[0], title);
        assert!(
            paras.len() >= 10,
            "{}: {} paragraphs",
            d.meta.source,
            paras.len()
        );
        // The headline is not repeated, and nothing is empty or padded.
        assert!(paras[1..].iter().all(|p| *p != title));
        assert!(paras.iter().all(|p| !p.is_empty() && p.trim() == *p));
        assert_eq!(d.meta.id.len(), 64);
    }
    let ids: std::collections::BTreeSet<_> = docs.iter().map(|d| d.meta.id.clone()).collect();
    assert_eq!(ids.len(), 5);
}

#[test]
fn seeds_have_no_boilerplate_lines() {
    let Some(docs) = seeds() else { return };
    let banned = [
        "Skip to main content",
        "Promoted Links",
        "Save Story",
        "min read",
        "reading time",
        "read time",
        "archived news story",
        "Copyright",
        "Most recent",
        "Related topics",
        "Subscribe",
        "Weather Forecast",
        "Editors Choice",
        "Also in",
        "Press Association",
        "to your inbox",
    ];
    // Caption credits end a line; a dateline's "(AP)" opens one.
    let credit_ends = ["[Getty]", "(AFP)", "(AP)"];
    for d in &docs {
        for line in d.text().split("\n\n") {
            for b in banned {
                assert!(!line.contains(b), "{}: {b:?} in {line:.60}", d.meta.source);
            }
            for b in credit_ends {
                assert!(!line.ends_with(b), "{}: caption in body", d.meta.source);
            }
            // Date lines ("10 February, 2016") go to metadata, not the body.
            assert!(
                line.len() > 30 || !line.ends_with(|c: char| c.is_ascii_digit()),
                "date line left in body: {line}"
            );
        }
    }
}

#[test]
fn seeds_captions_are_separate() {
    let Some(docs) = seeds() else { return };
    let counts: Vec<usize> = docs.iter().map(|d| d.meta.captions.len()).collect();
    assert_eq!(counts, [1, 2, 0, 1, 0]);
    let credits: Vec<&str> = docs
        .iter()
        .flat_map(|d| &d.meta.captions)
        .filter_map(|c| c.credit.as_deref())
        .collect();
    assert_eq!(credits, ["AFP", "Getty", "Getty", "AP"]);
    for d in &docs {
        for c in &d.meta.captions {
            assert!(
                d.text().split("\n\n").all(|p| p != c.text),
                "caption left in body"
            );
        }
    }
}

#[test]
fn seeds_ids_are_stable() {
    let Some(first) = seeds() else { return };
    let second = seeds().expect("seeds");
    let a: Vec<_> = first.iter().map(|d| &d.meta.id).collect();
    let b: Vec<_> = second.iter().map(|d| &d.meta.id).collect();
    assert_eq!(a, b);
    assert_eq!(first[1].meta.date_source, Some(DateSource::Text));
}
