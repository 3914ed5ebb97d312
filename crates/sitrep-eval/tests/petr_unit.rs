//! PETRARCH unit-test conformance on `$SITREP_SHARED/data/petrarch2`: the records' own
//! parses must code as PETRARCH expects, with the file's dictionaries imported at run
//! time (nothing from them is kept here).

use std::path::PathBuf;

fn dicts() -> Option<PathBuf> {
    let dir = std::env::var_os("SITREP_SHARED").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
        PathBuf::from,
    );
    let d = dir.join("data/petrarch2");
    if d.join("PETR.UnitTest.records.xml").is_file() {
        return Some(d);
    }
    if std::env::var("SITREP_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!(
            "SITREP_REQUIRE_SHARED=1 but {} has no unit tests",
            d.display()
        );
    }
    eprintln!("skipping: no PETRARCH unit tests under {}", d.display());
    None
}

#[test]
fn petrarch_unit_tests_pass() {
    let Some(d) = dicts() else { return };
    let m = sitrep_eval::petr_unit::run(&d.join("PETR.UnitTest.records.xml"), &d).unwrap();
    let get = |k: &str| m.get(k).unwrap_or_else(|| panic!("no {k} in\n{m}"));
    assert!(get("evaluated") >= 270.0, "{m}");
    assert!(get("pass_rate") >= 0.95, "{m}");
    for cat in [
        "DEMO", "ACTOR", "VERB", "AGENT", "COMPOUND", "PATTERN", "DATE", "SYNSET",
    ] {
        assert!(get(&format!("pass_rate_{cat}")) >= 0.9, "{cat}\n{m}");
    }
    // sitrep's own parser on the text: a loose floor, the models may change.
    assert!(get("pass_rate_own_parse") >= 0.5, "{m}");
}
