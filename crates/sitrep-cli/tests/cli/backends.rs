//! The binary against PostgreSQL (`--postgres`), and ingest over HTTP (`serve
//! --write-token`), both through the real pipeline.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::browser::{http_get, start_server};
use super::{json_lines, path, sitrep, stderr, stdout, summary_value};

/// Two invented articles whose events the built-in lexicon codes (Norway and Russia are
/// in the actor knowledge base), one JSON object per line.
const FEED: &str = concat!(
    r#"{"title": "Norway summons Russian envoy", "date": "2024-03-11", "outlet": "Fjord Post", "text": "Norway's foreign minister accused Russia on Saturday of seizing a trawler near Murmansk.\n\n\"We expect the crew to be released,\" the minister said."}"#,
    "\n",
    r#"{"title": "Talks on fishing rights", "date": "2024-03-12", "outlet": "Harbour Times", "text": "Norway and Russia agreed on Tuesday to hold talks on fishing rights in the Barents Sea, officials said."}"#,
    "\n",
);

/// A fresh schema on `SITREP_POSTGRES_URL` for one test, dropped afterwards; `None` when
/// the variable is unset, a failure when `SITREP_REQUIRE_POSTGRES=1`.
struct PgSchema {
    admin: String,
    name: String,
}

impl PgSchema {
    fn create() -> Option<PgSchema> {
        let Ok(admin) = std::env::var("SITREP_POSTGRES_URL") else {
            assert!(
                std::env::var("SITREP_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "SITREP_REQUIRE_POSTGRES=1 but SITREP_POSTGRES_URL is not set"
            );
            eprintln!("skipping PostgreSQL: SITREP_POSTGRES_URL is not set");
            return None;
        };
        let name = format!("cli_{}", std::process::id());
        let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        c.batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
        ))
        .unwrap();
        Some(PgSchema { admin, name })
    }

    /// A URL whose connections work in this schema only.
    fn url(&self) -> String {
        let sep = if self.admin.contains('?') { '&' } else { '?' };
        format!(
            "{}{sep}options=-c%20search_path%3D{}",
            self.admin, self.name
        )
    }

    fn count(&self, sql: &str) -> i64 {
        let mut c = postgres::Client::connect(&self.url(), postgres::NoTls).unwrap();
        c.query_one(sql, &[]).unwrap().get(0)
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            // Best effort: a leftover schema only costs space in a test database.
            let _ = c.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name));
        }
    }
}

fn feed(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("feed.jsonl");
    std::fs::write(&p, FEED).unwrap();
    p
}

#[test]
fn postgres_store_answers_like_sqlite() {
    let Some(schema) = PgSchema::create() else {
        return;
    };
    let url = schema.url();
    let tmp = tempfile::tempdir().unwrap();
    let input = feed(tmp.path());
    let sqlite = tmp.path().join("s.db");

    let first = sitrep(&["--postgres", &url, "ingest", path(&input)]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(summary_value(&stdout(&first), "stored"), 2);
    // The flag after the subcommand works too; the same input stores nothing new.
    let again = sitrep(&["ingest", path(&input), "--postgres", &url]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(summary_value(&stdout(&again), "stored"), 0);
    assert_eq!(summary_value(&stdout(&again), "duplicates"), 2);
    assert_eq!(schema.count("SELECT count(*) FROM articles"), 2);

    let ok = sitrep(&["--db", path(&sqlite), "ingest", path(&input)]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    // Every read answers from PostgreSQL exactly as from SQLite.
    for args in [
        &["events", "--json"][..],
        &["events", "--json", "--dyad", "NOR:RUS"],
        &["events", "--json", "--outlet", "fjord post", "--code", "1"],
        &["quotes", "--json"],
        &["quotes", "--json", "--outlet", "Harbour Times"],
    ] {
        let pg = sitrep(&[&["--postgres", &url][..], args].concat());
        assert!(pg.status.success(), "{args:?}: {}", stderr(&pg));
        let lite = sitrep(&[&["--db", path(&sqlite)][..], args].concat());
        assert_eq!(stdout(&pg), stdout(&lite), "{args:?}");
    }
    let events = json_lines(&stdout(&sitrep(&[
        "--postgres",
        &url,
        "events",
        "--json",
        "--dyad",
        "NOR:RUS",
    ])));
    assert!(!events.is_empty(), "no NOR->RUS event coded");
    assert_eq!(
        events.len() as i64,
        schema
            .count("SELECT count(*) FROM events WHERE source_iso3 = 'NOR' AND target_iso3 = 'RUS'")
    );
    // Full text through the tsvector column; ingested_at differs, so compare ids.
    let ids = |args: &[&str]| -> Vec<String> {
        json_lines(&stdout(&sitrep(args)))
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    let found = ids(&[
        "--postgres",
        &url,
        "articles",
        "--search",
        "trawler",
        "--json",
    ]);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found,
        ids(&[
            "--db",
            path(&sqlite),
            "articles",
            "--search",
            "trawler",
            "--json"
        ])
    );
    let shown = stdout(&sitrep(&["--postgres", &url, "show", &found[0][..10]]));
    assert!(shown.starts_with("Norway summons Russian envoy"), "{shown}");
}

/// Sends one request and returns the status code and the JSON body.
fn http_post(port: u16, token: Option<&str>, content_type: &str, body: &str) -> (u16, Value) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    write!(
        s,
        "POST /api/ingest HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{auth}\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let json = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(json).unwrap_or(Value::Null))
}

#[test]
fn serve_ingests_over_http_only_with_the_token() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("h.db");
    let db_args = ["--db", path(&db)];
    // `serve` needs a database; start from an empty one.
    drop(sitrep_store::SqliteStore::open(&db).unwrap());

    let (read_only, port) = start_server(&db_args, &[]);
    let (status, body) = http_post(port, Some("whatever-token"), "application/x-ndjson", FEED);
    assert_eq!(status, 403, "{body}");
    drop(read_only);

    let token = "test-token-1234";
    let (_server, port) = start_server(&db_args, &["--write-token", token]);
    assert_eq!(http_post(port, None, "application/x-ndjson", FEED).0, 401);
    assert_eq!(
        http_post(port, Some("test-token-9999"), "application/x-ndjson", FEED).0,
        403
    );
    let bad = format!("{FEED}{{\"title\": \"no text\"}}\n");
    let (status, report) = http_post(port, Some(token), "application/x-ndjson", &bad);
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        (&report["stored"], &report["failed"]),
        (&Value::from(2), &Value::from(1))
    );
    assert_eq!(report["records"][2]["reason"], "json");

    // The articles went through the full pipeline: their events are served...
    let events = http_get(port, "/api/events?dyad=NOR:RUS&outlet=Fjord%20Post").unwrap();
    assert!(events.starts_with("HTTP/1.1 200"), "{events}");
    let page: Value = serde_json::from_str(events.split_once("\r\n\r\n").unwrap().1).unwrap();
    assert_eq!(page["items"][0]["source"]["iso3"], "NOR", "{page}");
    // ...and a file ingest of the same lines finds them already stored.
    let file = sitrep(&["--db", path(&db), "ingest", path(&feed(tmp.path()))]);
    assert_eq!(
        summary_value(&stdout(&file), "duplicates"),
        2,
        "{}",
        stdout(&file)
    );
    let (_, again) = http_post(port, Some(token), "application/x-ndjson", FEED);
    assert_eq!(
        (&again["stored"], &again["duplicates"]),
        (&Value::from(0), &Value::from(2))
    );
}
