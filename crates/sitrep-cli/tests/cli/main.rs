//! End-to-end tests of the `sitrep` binary on temporary databases.

mod backends;
mod browser;
mod export;
mod hay;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use sitrep_doc::{ActorRef, ByteSpan, Doc, DocMeta, Event, Quote, QuoteKind};
use sitrep_store::{SqliteStore, Store};
use sitrep_testkit::shared;

/// Runs `sitrep` with `args` and returns its output.
fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .output()
        .expect("the sitrep binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

/// The value of a `name: value` summary line.
fn summary_value(out: &str, name: &str) -> usize {
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{name}:")))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no `{name}:` line in\n{out}"))
}

/// Parses JSON Lines, checking that every line is one object.
fn json_lines(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            assert!(v.is_object(), "not an object: {l}");
            v
        })
        .collect()
}

#[test]
fn seeds_ingest_and_show() {
    let Some(shared) = shared() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let seeds = shared.join("seeds");
    let out = sitrep(&["--db", path(&db), "ingest", path(&seeds)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(summary_value(&text, "read"), 5);
    assert_eq!(summary_value(&text, "stored"), 5);
    assert_eq!(summary_value(&text, "failed"), 0);

    let list = json_lines(&stdout(&sitrep(&["articles", "--json", "--db", path(&db)])));
    assert_eq!(list.len(), 5);
    let banned = [
        "Skip to main content",
        "Promoted Links",
        "Save Story",
        "min read",
        "Most recent",
        "Subscribe",
    ];
    let mut dates = Vec::new();
    for a in &list {
        let id = a["id"].as_str().unwrap();
        let title = a["title"].as_str().expect("every seed has a title");
        let shown = stdout(&sitrep(&["--db", path(&db), "show", &id[..10]]));
        let mut lines = shown.lines();
        assert_eq!(lines.next(), Some(title));
        let body = shown.split_once("\n\n").map_or("", |(_, b)| b);
        assert!(body.lines().count() >= 5, "short body for {title}");
        for line in body.lines() {
            assert_ne!(line, title, "headline repeated in the body");
            for b in banned {
                assert!(!line.contains(b), "{b:?} in the body of {title}");
            }
        }
        let source = a["source"].as_str().unwrap();
        dates.push((
            source.rsplit('/').next().unwrap()[..3].to_string(),
            a["date"].as_str().map(str::to_string),
        ));
    }
    dates.sort();
    let new_arab = dates.iter().find(|(f, _)| f == "001").unwrap();
    assert_eq!(new_arab.1.as_deref(), Some("2016-02-10"));
    let shown = stdout(&sitrep(&["--db", path(&db), "show", list_id(&list, "001")]));
    assert!(
        shown.contains("Date:     2016-02-10 (from the page text)"),
        "{shown}"
    );

    // Full-text search finds the Lavrov page by a word in its body.
    let found = json_lines(&stdout(&sitrep(&[
        "--db",
        path(&db),
        "articles",
        "--search",
        "Lavrov",
        "--json",
    ])));
    assert!(found
        .iter()
        .any(|a| a["source"].as_str().unwrap().contains("002_")));

    let again = sitrep(&["--db", path(&db), "ingest", path(&seeds)]);
    assert_eq!(summary_value(&stdout(&again), "stored"), 0);
    assert_eq!(summary_value(&stdout(&again), "duplicates"), 5);
}

fn list_id<'a>(list: &'a [Value], file_prefix: &str) -> &'a str {
    list.iter()
        .find(|a| {
            a["source"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .starts_with(file_prefix)
        })
        .and_then(|a| a["id"].as_str())
        .unwrap()
}

#[test]
fn ingest_twice_stores_nothing_new() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("a.txt"), hay::STORY).unwrap();
    std::fs::write(dir.join("b.txt"), hay::STORY_2).unwrap();
    let first = sitrep(&["ingest", path(&dir), "--db", path(&db)]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(summary_value(&stdout(&first), "stored"), 2);
    let second = sitrep(&["ingest", path(&dir), "--db", path(&db)]);
    assert!(second.status.success());
    assert_eq!(summary_value(&stdout(&second), "read"), 2);
    assert_eq!(summary_value(&stdout(&second), "stored"), 0);
    assert_eq!(summary_value(&stdout(&second), "duplicates"), 2);
    let list = json_lines(&stdout(&sitrep(&["articles", "--json", "--db", path(&db)])));
    assert_eq!(list.len(), 2);
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn bad_inputs_are_named_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    // Deterministic noise with NUL and control bytes.
    let mut x: u32 = 12345;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (x >> 16) as u8
        })
        .collect();
    std::fs::write(dir.join("random.bin"), &noise).unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    let mut bad = hay::STORY.as_bytes().to_vec();
    bad.splice(200..200, [0xff, 0xfe, 0xc3]);
    std::fs::write(dir.join("latin.txt"), &bad).unwrap();
    let huge = "word ".repeat(10 << 20); // 50 MiB on one line.
    std::fs::write(dir.join("huge.txt"), huge).unwrap();
    let gz = gzip(hay::STORY_2.as_bytes());
    std::fs::write(dir.join("cut.txt.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(dir.join("good.txt"), hay::STORY).unwrap();

    let out = sitrep(&["--db", path(&db), "ingest", path(&dir)]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert_eq!(summary_value(&text, "read"), 1);
    assert_eq!(summary_value(&text, "stored"), 1);
    assert_eq!(summary_value(&text, "failed"), 5);
    for (file, reason) in [
        ("random.bin", "binary"),
        ("empty.txt", "empty"),
        ("latin.txt", "invalid-utf8"),
        ("huge.txt", "too-large"),
        ("cut.txt.gz", "gzip"),
    ] {
        assert_eq!(summary_value(&text, &format!("  {reason}")), 1, "{text}");
        let line = text
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file} not named in\n{text}"));
        assert!(line.contains(&path(&dir.join(file)).to_string()), "{line}");
    }
    let list = json_lines(&stdout(&sitrep(&["--db", path(&db), "articles", "--json"])));
    assert_eq!(list.len(), 1);
    assert_eq!(
        list[0]["title"].as_str(),
        Some("Freedonia recalls envoy after border incident")
    );
}

#[test]
fn exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let empty = tmp.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let out = sitrep(&["--db", path(&db), "ingest", path(&empty)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nothing could be read"));
    let missing = tmp.path().join("missing.txt");
    let out = sitrep(&["--db", path(&db), "ingest", path(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("missing.txt"));
    // Queries on a database that does not exist say so instead of creating one.
    let nowhere = tmp.path().join("nowhere.db");
    let out = sitrep(&["--db", path(&nowhere), "articles"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no database here"));
    assert!(!nowhere.exists());
    // Usage errors exit 2, as clap does.
    assert_eq!(sitrep(&["events", "--dyad", "USA"]).status.code(), Some(2));
    assert_eq!(sitrep(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn db_flag_before_or_after_the_subcommand() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a.db");
    let b = tmp.path().join("b.db");
    let story = tmp.path().join("story.txt");
    std::fs::write(&story, hay::STORY).unwrap();
    assert!(sitrep(&["--db", path(&a), "ingest", path(&story)])
        .status
        .success());
    assert!(sitrep(&["ingest", path(&story), "--db", path(&b)])
        .status
        .success());
    for db in [&a, &b] {
        let before = stdout(&sitrep(&["--db", path(db), "articles", "--json"]));
        let after = stdout(&sitrep(&["articles", "--json", "--db", path(db)]));
        assert_eq!(before, after);
        assert_eq!(json_lines(&before).len(), 1);
    }
}

/// Stores one article with hand-made events and quotes through the store API, as the
/// event and quote components will.
fn coded_db(db: &Path) -> String {
    let text = "Freedonia – Sylvania row\n\nFreedonia’s minister accused Sylvania on Tuesday. \
        \"We will not accept provocations,\" he said.";
    let at = |needle: &str| {
        let s = text.find(needle).unwrap();
        ByteSpan::new(s, s + needle.len())
    };
    let actor = |code: &str, iso3: &str, needle: &str| ActorRef {
        code: code.into(),
        iso3: Some(iso3.into()),
        sector: Some("GOV".into()),
        name: None,
        span: at(needle),
    };
    let mut meta = DocMeta::new("feed0123456789", "hand-made");
    meta.title = Some("Freedonia – Sylvania row".into());
    let mut doc = Doc::new(meta, text.into());
    doc.title_span = Some(at("Freedonia – Sylvania row"));
    doc.events.push(Event {
        source: actor("FRDGOV", "FRD", "Freedonia’s minister"),
        target: Some(actor("SYLGOV", "SYL", "Sylvania on")),
        action: at("accused"),
        cameo: "112".into(),
        plover: "ACCUSE".into(),
        goldstein: -2.0,
        quad_class: 3,
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 12),
        date_source: Some("timex".into()),
        rule: "accuse.v+obj".into(),
        ..Event::default()
    });
    doc.quotes.push(Quote {
        sent: 1,
        kind: QuoteKind::Direct,
        content: at("We will not accept provocations,"),
        cue: Some(at("said")),
        speaker_mention: Some(at("he")),
        speaker: Some(actor("FRDGOV", "FRD", "Freedonia’s minister")),
        rule: "direct-said".into(),
    });
    let mut store = SqliteStore::open(db).unwrap();
    store.put_batch(&[doc]).unwrap();
    text.to_string()
}

/// The characters `[start, end)` of `text`.
fn chars(text: &str, v: &Value) -> String {
    let s = v["start"].as_u64().unwrap() as usize;
    let e = v["end"].as_u64().unwrap() as usize;
    text.chars().skip(s).take(e - s).collect()
}

#[test]
fn events_json_tsv_and_filters() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let text = coded_db(&db);
    let d = path(&db);
    let rows = json_lines(&stdout(&sitrep(&["--db", d, "events", "--json"])));
    assert_eq!(rows.len(), 1);
    let e = &rows[0];
    assert_eq!(e["article_id"], "feed0123456789");
    assert_eq!(e["sentence_index"], 0);
    assert_eq!(e["cameo"], "112");
    assert_eq!(e["plover"], "ACCUSE");
    assert_eq!(e["goldstein"], -2.0);
    assert_eq!(e["quad_class"], 3);
    assert_eq!(e["date"], "2024-03-12");
    assert_eq!(e["rule"], "accuse.v+obj");
    assert_eq!(e["source"]["code"], "FRDGOV");
    assert_eq!(e["source"]["iso3"], "FRD");
    assert_eq!(e["source"]["sector"], "GOV");
    assert_eq!(e["target"]["code"], "SYLGOV");
    // Offsets are characters: the dash and the curly apostrophe are one each.
    assert_eq!(chars(&text, &e["source"]), "Freedonia’s minister");
    assert_eq!(chars(&text, &e["action"]), "accused");
    assert_eq!(e["action"]["text"], "accused");

    let count = |args: &[&str]| {
        let mut all = vec!["--db", d, "events", "--json"];
        all.extend_from_slice(args);
        json_lines(&stdout(&sitrep(&all))).len()
    };
    assert_eq!(count(&["--dyad", "FRD:SYL"]), 1);
    assert_eq!(count(&["--dyad", "SYL:FRD"]), 0);
    assert_eq!(count(&["--actor", "sylgov"]), 1);
    assert_eq!(count(&["--code", "11"]), 1);
    assert_eq!(count(&["--code", "19"]), 0);
    assert_eq!(
        count(&["--since", "2024-03-12", "--until", "2024-03-12"]),
        1
    );
    assert_eq!(count(&["--since", "2024-03-13"]), 0);

    let tsv = stdout(&sitrep(&["--db", d, "events", "--tsv"]));
    let lines: Vec<Vec<&str>> = tsv.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].len(), lines[1].len());
    assert_eq!(
        lines[0][..4],
        ["article_id", "sentence_index", "date", "source_code"]
    );
    assert_eq!(lines[1][3], "FRDGOV");

    let table = stdout(&sitrep(&["--db", d, "events"]));
    let header: Vec<&str> = table.lines().next().unwrap().split_whitespace().collect();
    assert_eq!(header[..3], ["DATE", "SOURCE", "CAMEO"]);
    assert!(table
        .lines()
        .nth(1)
        .unwrap()
        .starts_with("2024-03-12  FRDGOV"));
}

#[test]
fn quotes_and_show_json() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let text = coded_db(&db);
    let d = path(&db);
    for speaker in ["FRD", "minister", "he"] {
        let rows = json_lines(&stdout(&sitrep(&[
            "--db",
            d,
            "quotes",
            "--speaker",
            speaker,
            "--json",
        ])));
        assert_eq!(rows.len(), 1, "speaker {speaker}");
        let q = &rows[0];
        assert_eq!(q["kind"], "direct");
        assert_eq!(q["cue"]["text"], "said");
        assert_eq!(q["speaker"]["code"], "FRDGOV");
        assert_eq!(
            chars(&text, &q["content"]),
            "We will not accept provocations,"
        );
    }
    let none = stdout(&sitrep(&[
        "--db",
        d,
        "quotes",
        "--speaker",
        "SYL",
        "--json",
    ]));
    assert_eq!(none, "");

    let shown = stdout(&sitrep(&["--db", d, "show", "feed01", "--json"]));
    assert_eq!(shown.lines().count(), 1);
    let v: Value = serde_json::from_str(&shown).unwrap();
    assert_eq!(v["id"], "feed0123456789");
    assert_eq!(v["text"], text);
    assert_eq!(v["events"][0]["cameo"], "112");
    assert_eq!(v["quotes"][0]["speaker_mention"]["text"], "he");
    assert_eq!(v["title_span"], serde_json::json!([0, 24]));
    let plain = stdout(&sitrep(&["--db", d, "show", "feed01"]));
    assert!(plain.starts_with("Freedonia – Sylvania row\n"));
    assert!(plain.ends_with("\n\nFreedonia’s minister accused Sylvania on Tuesday. \"We will not accept provocations,\" he said.\n"));
}

#[test]
fn help_has_examples() {
    for cmd in ["ingest", "articles", "show", "events", "quotes"] {
        let out = stdout(&sitrep(&[cmd, "--help"]));
        assert!(out.contains("Examples:"), "{cmd} --help has no examples");
        assert!(out.contains("--db <PATH>"), "{cmd} --help lacks --db");
    }
}

#[test]
fn petrarch_dictionaries_load_and_a_bad_one_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let story = tmp.path().join("story.txt");
    std::fs::write(&story, hay::STORY).unwrap();
    let missing = tmp.path().join("no.verbs.txt");
    let out = sitrep(&[
        "--db",
        path(&db),
        "ingest",
        "--verbs",
        path(&missing),
        path(&story),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no.verbs.txt"), "{}", stderr(&out));
    assert!(
        !db.exists(),
        "no database is made before the dictionaries load"
    );

    let Some(shared) = shared() else { return };
    let dicts = shared.join("data/petrarch2");
    let out = sitrep(&[
        "--db",
        path(&db),
        "ingest",
        "--actors",
        path(&dicts.join("PETR.Validate.actors.txt")),
        "--agents",
        path(&dicts.join("PETR.Validate.agents.txt")),
        "--verbs",
        path(&dicts.join("PETR.Validate.verbs.txt")),
        path(&story),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(summary_value(&stdout(&out), "stored"), 1);
}

#[test]
fn bench_load_names_every_model() {
    let out = sitrep(&["bench", "load", "--rounds", "1"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for model in ["splitter", "tagger", "parser", "ner"] {
        let ms: f64 = text
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{model}_load_ms: ")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {model}_load_ms line in\n{text}"));
        assert!(ms.is_finite() && ms >= 0.0, "{model}: {ms}");
    }
}
