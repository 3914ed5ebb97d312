//! Stories over the five seed pages, through the real binary: clustering stored by
//! ingest, dates for pages without their own, claims against denials and per-outlet
//! coverage. Reads `$SITREP_SHARED/seeds`; skips without it.

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use sitrep_testkit::seeds_dir as seeds;

fn sitrep(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .output()
        .expect("the sitrep binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

fn stories(db: &str) -> Vec<Value> {
    sitrep(&["--db", db, "stories", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn story(db: &str, id: &str) -> Value {
    serde_json::from_str(&sitrep(&["--db", db, "story", id, "--json"])).unwrap()
}

/// `YYYY-MM` of a JSON date.
fn month(v: &Value) -> Option<String> {
    v.as_str().map(|d| d[..7].to_string())
}

/// The seed pages by headline, with the months their story dates may fall in. Only the
/// February 2016 page has a date of its own; the PA page's "19 February 2018" header is
/// the day it was saved.
const PAGES: [(&str, &[&str]); 5] = [
    ("Russia rejects Western criticism", &["2015-09", "2015-10"]),
    ("US criticizes Russia over civilian deaths", &["2015-12"]),
    ("Russian air raids damaging Syria peace talks", &["2016-02"]),
    ("Kerry accuses Russia of targeting", &["2016-02"]),
    ("Russia accuses US of siding", &["2016-09", "2016-10"]),
];

fn page_of(title: &str) -> usize {
    PAGES
        .iter()
        .position(|p| title.starts_with(p.0))
        .unwrap_or_else(|| panic!("unexpected seed page {title}"))
}

#[test]
fn seeds_form_a_dated_story_with_denials_and_coverage() {
    let Some(seeds) = seeds() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let db = db.to_str().unwrap();
    let out = sitrep(&["--db", db, "ingest", seeds.to_str().unwrap()]);
    assert!(
        out.contains("stories:    5 articles clustered, 1 story reports rebuilt"),
        "{out}"
    );

    let listed = stories(db);
    let sizes: Vec<usize> = listed
        .iter()
        .map(|s| s["articles"].as_array().unwrap().len())
        .collect();
    // The PA page's "Monday 19 February 2018" header is its save date, not a publication
    // date (`DocMeta::reliable_date`), so it does not keep that page apart.
    assert_eq!(sizes, [5]);
    assert_eq!(listed[0]["stale"], false);
    let id = listed[0]["id"].as_str().unwrap();
    let s = story(db, id);

    // Every page is dated, and how is recorded: the undated ones from their content.
    let mut page_month = std::collections::HashMap::new();
    for a in s["dates"].as_array().unwrap() {
        let k = page_of(a["title"].as_str().unwrap());
        let m = month(&a["date"]).unwrap_or_default();
        assert!(
            PAGES[k].1.contains(&m.as_str()),
            "{} dated {m}: {a}",
            PAGES[k].0
        );
        let method = a["date_method"].as_str().unwrap();
        assert_eq!(method == "published", k == 2, "{a}");
        assert!(!a["date_note"].as_str().unwrap().is_empty(), "{a}");
        page_month.insert(a["id"].as_str().unwrap().to_string(), k);
    }
    assert_eq!(
        month(&s["first_date"]).as_deref().map(|m| &m[..4]),
        Some("2015")
    );
    assert_eq!(
        month(&s["last_date"]).as_deref().map(|m| &m[..4]),
        Some("2016")
    );

    // The timeline runs Sep/Oct 2015 -> Dec 2015 -> Feb 2016 -> Sep/Oct 2016, and what each
    // page reports sits in its page's period.
    let timeline = s["timeline"].as_array().unwrap();
    let months: Vec<String> = timeline.iter().filter_map(|t| month(&t["date"])).collect();
    let mut sorted = months.clone();
    sorted.sort();
    assert_eq!(months, sorted, "the timeline is in date order");
    let periods: Vec<usize> = months
        .iter()
        .map(|m| {
            PAGES
                .iter()
                .position(|p| p.1.contains(&m.as_str()))
                .unwrap_or_else(|| panic!("timeline month {m} belongs to no page"))
        })
        .collect();
    let mut runs = periods.clone();
    runs.dedup();
    // Page 3 shares page 2's months, so February 2016 is period 2.
    assert_eq!(runs, [0, 1, 2, 4], "{months:?}");
    for t in timeline {
        let Some(m) = month(&t["date"]) else { continue };
        for src in t["sources"].as_array().unwrap() {
            let k = page_month[src["article"].as_str().unwrap()];
            assert!(
                PAGES[k].1.contains(&m.as_str()) || t["kind"] == "event",
                "a quote of {} dated {m}: {t}",
                PAGES[k].0
            );
        }
        assert!(!t["date_how"].as_str().unwrap().is_empty());
    }
    let undated = timeline.iter().filter(|t| t["date"].is_null()).count();
    assert_eq!(undated, 0, "every event and quote is dated");

    // Claims beside their denials: the three of the issue among a few precise links.
    let claims = s["claims"].as_array().unwrap();
    let text = |v: &Value| v["span"]["text"].as_str().unwrap().to_string();
    let side = |v: &Value| {
        let sp = &v["speaker"];
        sp["iso3"]
            .as_str()
            .or(sp["code"].as_str())
            .map(str::to_string)
    };
    let denials: Vec<&Value> = claims.iter().filter(|l| l["kind"] == "denies").collect();
    assert!(denials.len() >= 3, "{denials:#?}");
    assert!(claims.len() <= 24, "links stay precise: {}", claims.len());
    for l in &denials {
        assert_ne!(side(&l["claim"]), side(&l["answer"]), "{l}");
        assert!(side(&l["answer"]).is_some(), "{l}");
    }
    let found = |pred: &dyn Fn(&Value) -> bool, what: &str| {
        assert!(
            claims.iter().any(pred),
            "{what}: {:#?}",
            claims
                .iter()
                .map(|l| (text(&l["claim"]), text(&l["answer"])))
                .collect::<Vec<_>>()
        );
    };
    found(
        &|l| {
            l["kind"] == "denies"
                && side(&l["claim"]).as_deref() == Some("USA")
                && text(&l["answer"]).contains("unfounded")
        },
        "Lavrov's 'rumours ... unfounded' answers a US claim",
    );
    found(
        &|l| {
            l["kind"] == "contests"
                && text(&l["claim"]) == "36 civilians"
                && text(&l["answer"]) == "eight Islamic State targets"
        },
        "36 civilians against eight Islamic State targets",
    );
    found(
        &|l| {
            l["kind"] == "denies"
                && l["claim"]["speaker"]["name"] == "Amnesty International"
                && text(&l["answer"]).contains("clichés and fakes")
                && side(&l["answer"]).as_deref() == Some("RUS")
        },
        "Amnesty's cluster-munitions report against Russia's 'clichés and fakes'",
    );

    // Per outlet: the share of quotes from US and from Russian officials.
    let shares: Vec<(f64, f64)> = s["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let share = |side: &str| {
                c["quotes_by_side"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["label"] == side)
                    .map_or(0.0, |x| x["share"].as_f64().unwrap())
            };
            (share("USA"), share("RUS"))
        })
        .collect();
    assert_eq!(shares.len(), 5);
    assert!(shares.iter().any(|(us, ru)| us > ru), "{shares:?}");
    assert!(shares.iter().any(|(us, ru)| ru > us), "{shares:?}");

    // Merged events carry their sources, and the story filter narrows the lists.
    let events = s["events"].as_array().unwrap();
    assert!(events.iter().all(|e| {
        e["num_articles"].as_u64().unwrap() as usize <= e["mentions"].as_array().unwrap().len()
    }));
    let in_story = sitrep(&["--db", db, "events", "--json", "--story", id]);
    let all = sitrep(&["--db", db, "events", "--json"]);
    assert_eq!(in_story.lines().count(), all.lines().count());
    let none = sitrep(&["--db", db, "events", "--json", "--story", "s0"]);
    assert_eq!(none.lines().count(), 0);

    // Re-ingesting adds nothing.
    let again = sitrep(&["--db", db, "ingest", seeds.to_str().unwrap()]);
    assert!(
        again.contains("stories:    0 articles clustered, 0 story reports rebuilt"),
        "{again}"
    );
    assert_eq!(stories(db), listed);
}

fn copy(from: &Path, to: &Path, pick: impl Fn(&str) -> bool) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        if pick(&name) {
            std::fs::copy(e.path(), to.join(&name)).unwrap();
        }
    }
}

#[test]
fn stories_are_incremental_stable_and_survive_a_missed_story_step() {
    let Some(seeds) = seeds() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let path = |name: &str| tmp.path().join(name).to_str().unwrap().to_string();

    let whole = path("whole.db");
    sitrep(&["--db", &whole, "ingest", seeds.to_str().unwrap()]);
    let whole_id = stories(&whole)[0]["id"].clone();

    // Two pages first, then the rest: the later batch joins the stored story.
    let first = tmp.path().join("first");
    copy(&seeds, &first, |n| {
        n.starts_with("001_") || n.starts_with("003_")
    });
    let parts = path("parts.db");
    sitrep(&["--db", &parts, "ingest", first.to_str().unwrap()]);
    let before = stories(&parts);
    assert_eq!(before.len(), 1, "{before:?}");
    let out = sitrep(&["--db", &parts, "ingest", seeds.to_str().unwrap()]);
    assert!(out.contains("stories:    3 articles clustered"), "{out}");
    let after = stories(&parts);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(after[0]["id"], before[0]["id"], "the story keeps its id");
    assert_eq!(after[0]["id"], whole_id, "and it is the one-shot id");
    assert_eq!(after[0]["articles"].as_array().unwrap().len(), 5);

    // Articles stored without the story step (as after a crash between the two writes)
    // join their story on the next run.
    let missed = path("missed.db");
    sitrep(&[
        "--db",
        &missed,
        "ingest",
        "--no-stories",
        seeds.to_str().unwrap(),
    ]);
    assert!(stories(&missed).is_empty());
    sitrep(&["--db", &missed, "stories", "--refresh"]);
    let caught = stories(&missed);
    assert_eq!(caught.len(), 1);
    assert_eq!(caught[0]["id"], whole_id);
}

#[test]
fn postgres_stores_the_same_story_as_sqlite() {
    let Some(seeds) = seeds() else { return };
    let Some(schema) = sitrep_testkit::PgSchema::create() else {
        return;
    };
    let url = schema.url();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("s.db");
    let db = db.to_str().unwrap();
    let seeds = seeds.to_str().unwrap();
    sitrep(&["--db", db, "ingest", seeds]);
    let out = sitrep(&["--postgres", &url, "ingest", seeds]);
    assert!(out.contains("stories:    5 articles clustered"), "{out}");
    let pg: Vec<Value> = sitrep(&["--postgres", &url, "stories", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(pg, stories(db));
    let id = pg[0]["id"].as_str().unwrap();
    let from_pg: Value =
        serde_json::from_str(&sitrep(&["--postgres", &url, "story", id, "--json"])).unwrap();
    assert_eq!(from_pg, story(db, id), "both backends store the same story");
}
