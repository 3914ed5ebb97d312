use chrono::NaiveDate;
use sitrep_doc::{
    ActorRef, ByteSpan, Caption, DateSource, Doc, DocMeta, Event, Mention, Place, Quote, QuoteKind,
    TimeEx, TimexType,
};

use crate::{
    ActorFilter, ArticleQuery, EventQuery, PgStore, QuoteQuery, SqliteStore, Store, StoreError,
};

const TEXT: &str = "Ruritania – Freedonia row deepens\n\n\
    Ruritania’s foreign minister accused Freedonia on Monday. \
    \"We will not be silenced,\" he said in Strelsau.";

fn at(needle: &str) -> ByteSpan {
    let s = TEXT.find(needle).unwrap();
    ByteSpan::new(s, s + needle.len())
}

fn actor(code: &str, iso3: &str, needle: &str) -> ActorRef {
    ActorRef {
        code: code.into(),
        iso3: Some(iso3.into()),
        sector: code.get(3..).filter(|s| !s.is_empty()).map(str::to_string),
        name: None,
        span: at(needle),
    }
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A doc with one record in every layer, over text with multi-byte characters.
fn story(id: &str, day: &str) -> Doc {
    let mut meta = DocMeta::new(id, &format!("{id}.txt"));
    meta.title = Some("Ruritania – Freedonia row deepens".into());
    meta.outlet = Some("The Strelsau Courier".into());
    meta.wire = Some("AFP".into());
    meta.date = Some(date(day));
    meta.date_source = Some(DateSource::JsonLd);
    meta.captions = vec![Caption {
        text: "The minister in Strelsau.".into(),
        credit: Some("AFP".into()),
    }];
    let mut doc = Doc::new(meta, TEXT.into());
    doc.title_span = Some(at("Ruritania – Freedonia row deepens"));
    doc.mentions.push(Mention {
        sent: 1,
        actor: actor("RURGOV", "RUR", "Ruritania’s foreign minister"),
        rule: "title".into(),
    });
    doc.events.push(Event {
        sent: 1,
        source: actor("RURGOV", "RUR", "Ruritania’s foreign minister"),
        target: Some(actor("FRE", "FRE", "Freedonia on")),
        action: at("accused"),
        cameo: "112".into(),
        plover: "ACCUSE".into(),
        plover_mode: None,
        goldstein: -2.0,
        quad_class: 3,
        date: Some(date(day)),
        date_source: Some("timex".into()),
        place: Some(0),
        negated: false,
        hypothetical: false,
        rule: "accuse+obj".into(),
    });
    doc.quotes.push(Quote {
        sent: 2,
        kind: QuoteKind::Direct,
        content: at("We will not be silenced,"),
        cue: Some(at("said")),
        speaker_mention: Some(at("he")),
        speaker: Some(actor("RURGOV", "RUR", "Ruritania’s foreign minister")),
        rule: "quote-said-pron".into(),
    });
    doc.times.push(TimeEx {
        sent: 1,
        span: at("Monday"),
        kind: TimexType::Date,
        value: day.into(),
        date: Some(date(day)),
        relative: true,
        rule: "weekday".into(),
    });
    doc.places.push(Place {
        sent: 2,
        span: at("Strelsau"),
        name: "Strelsau".into(),
        lat: 50.1,
        lon: 14.4,
        iso3: Some("RUR".into()),
        admin1: None,
        geonames_id: None,
        rule: "gazetteer".into(),
    });
    doc
}

/// A fresh PostgreSQL schema for one test, dropped afterwards; `None` (after a note) when
/// `SITREP_POSTGRES_URL` is unset, a failure when `SITREP_REQUIRE_POSTGRES=1`.
struct PgSchema {
    url: String,
    name: String,
}

impl PgSchema {
    fn create() -> Option<PgSchema> {
        let Ok(url) = std::env::var("SITREP_POSTGRES_URL") else {
            assert!(
                std::env::var("SITREP_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "SITREP_REQUIRE_POSTGRES=1 but SITREP_POSTGRES_URL is not set"
            );
            eprintln!("skipping PostgreSQL: SITREP_POSTGRES_URL is not set");
            return None;
        };
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!(
            "t_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!("CREATE SCHEMA {name}"))
            .unwrap();
        Some(PgSchema { url, name })
    }

    /// The URL of a connection that works in this schema only.
    fn schema_url(&self) -> String {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-c%20search_path%3D{}", self.url, self.name)
    }

    fn store(&self) -> PgStore {
        PgStore::connect(&self.schema_url()).unwrap()
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.url, postgres::NoTls) {
            // Best effort: a leftover schema only costs disk space in a test database.
            let _ = admin.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.name));
        }
    }
}

/// Runs a test body on a fresh SQLite store and, when configured, a fresh PostgreSQL one.
fn each_backend(body: fn(&mut dyn Store)) {
    body(&mut SqliteStore::open_in_memory().unwrap());
    if let Some(schema) = PgSchema::create() {
        body(&mut schema.store());
    }
}

/// Character offset of `needle` in the text.
fn char_at(needle: &str) -> u32 {
    TEXT[..TEXT.find(needle).unwrap()].chars().count() as u32
}

#[test]
fn stores_layers_with_character_offsets() {
    each_backend(stores_layers_with_character_offsets_on);
}

fn stores_layers_with_character_offsets_on(store: &mut dyn Store) {
    store.put_batch(&[story("aa01", "2016-02-08")]).unwrap();
    let layers = store.layers("aa01").unwrap();

    let ev = &layers.events[0];
    assert_eq!(ev.action.text, "accused");
    assert_eq!(ev.action.start, char_at("accused"));
    assert_eq!(ev.action.end, char_at("accused") + 7);
    // The curly apostrophe and the dash are 3 bytes each, so bytes and chars differ.
    assert_ne!(ev.action.start as usize, TEXT.find("accused").unwrap());
    assert_eq!(ev.source.code, "RURGOV");
    assert_eq!(ev.source.text, "Ruritania’s foreign minister");
    assert_eq!(ev.target.as_ref().unwrap().iso3.as_deref(), Some("FRE"));
    assert_eq!(
        (ev.cameo.as_str(), ev.quad_class, ev.goldstein),
        ("112", 3, -2.0)
    );
    assert_eq!(ev.date, Some(date("2016-02-08")));

    let q = &layers.quotes[0];
    assert_eq!(q.kind, "direct");
    assert_eq!(q.content.text, "We will not be silenced,");
    assert_eq!(q.content.start, char_at("We will"));
    assert_eq!(q.cue.as_ref().unwrap().text, "said");
    assert_eq!(q.speaker_mention.as_ref().unwrap().text, "he");
    assert_eq!(q.speaker.as_ref().unwrap().code, "RURGOV");

    assert_eq!(layers.mentions[0].actor.start, char_at("Ruritania’s"));
    assert_eq!(layers.times[0].span.text, "Monday");
    assert_eq!(layers.times[0].kind, "DATE");
    assert_eq!(layers.places[0].span.start, char_at("Strelsau"));
    assert_eq!(layers.places[0].lat, 50.1);

    let json = serde_json::to_string(&layers.events[0]).unwrap();
    assert!(json.contains(r#""source":{"code":"RURGOV","iso3":"RUR","sector":"GOV""#));
    assert!(json.contains(r#""cameo":"112""#));
}

#[test]
fn ingest_is_idempotent_by_id() {
    each_backend(ingest_is_idempotent_by_id_on);
}

fn ingest_is_idempotent_by_id_on(store: &mut dyn Store) {
    let a = story("aa01", "2016-02-08");
    let b = story("bb02", "2016-02-09");
    let first = store.put_batch(&[a.clone(), b.clone(), a.clone()]).unwrap();
    assert_eq!(first.stored, 2);
    assert_eq!(first.duplicates, ["aa01"]);
    let again = store.put_batch(&[b, a]).unwrap();
    assert_eq!(again.stored, 0);
    assert_eq!(again.duplicates, ["bb02", "aa01"]);
    let counts = store.counts().unwrap();
    assert_eq!((counts.articles, counts.events, counts.quotes), (2, 2, 2));
    assert_eq!(store.contains(&["aa01", "zz99"]).unwrap(), [true, false]);
}

#[test]
fn article_by_prefix_with_body_and_metadata() {
    each_backend(article_by_prefix_with_body_and_metadata_on);
}

fn article_by_prefix_with_body_and_metadata_on(store: &mut dyn Store) {
    store
        .put_batch(&[story("ab01", "2016-02-08"), story("ab02", "2016-02-09")])
        .unwrap();
    let a = store.article("ab01").unwrap().unwrap();
    assert_eq!(a.row.outlet.as_deref(), Some("The Strelsau Courier"));
    assert_eq!(a.row.date_source.as_deref(), Some("json_ld"));
    assert_eq!(a.row.chars, TEXT.chars().count() as u64);
    assert_eq!(a.captions[0].credit.as_deref(), Some("AFP"));
    assert!(a.body().starts_with("Ruritania’s foreign minister accused"));
    assert!(store.article("zz").unwrap().is_none());
    match store.article("ab") {
        Err(StoreError::Ambiguous { count, .. }) => assert_eq!(count, 2),
        other => panic!("expected an ambiguity error, got {other:?}"),
    }
    let doc = store.doc("ab02").unwrap().unwrap();
    assert_eq!(doc, story("ab02", "2016-02-09"));
}

#[test]
fn full_text_search_takes_plain_words() {
    each_backend(full_text_search_takes_plain_words_on);
}

fn full_text_search_takes_plain_words_on(store: &mut dyn Store) {
    let mut other = Doc::new(
        DocMeta::new("cc03", "c.txt"),
        "Harvest festival opens.".into(),
    );
    other.meta.title = Some("Harvest".into());
    store
        .put_batch(&[story("aa01", "2016-02-08"), other])
        .unwrap();
    let ids = |s: &str| -> Vec<String> {
        let q = ArticleQuery {
            search: Some(s.into()),
            ..Default::default()
        };
        store
            .articles(&q)
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect()
    };
    assert_eq!(ids("silenced"), ["aa01"]);
    assert_eq!(ids("harvest FESTIVAL"), ["cc03"]);
    // FTS5 operators in user input are plain text, not syntax errors.
    assert_eq!(ids("Ruritania-Freedonia \"row"), ["aa01"]);
    assert_eq!(ids("harvest OR Freedonia"), Vec::<String>::new());
    assert_eq!(ids("Freedonia row"), ["aa01"]);
    // No search: newest first; undated last.
    let all = store.articles(&ArticleQuery::default()).unwrap();
    assert_eq!(
        all.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["aa01", "cc03"]
    );
}

#[test]
fn event_filters() {
    each_backend(event_filters_on);
}

fn event_filters_on(store: &mut dyn Store) {
    let mut other = story("bb02", "2016-03-01");
    other.events[0].source = actor("FREMIL", "FRE", "Freedonia on");
    other.events[0].target = Some(actor("RUR", "RUR", "Ruritania’s"));
    other.events[0].cameo = "190".into();
    store
        .put_batch(&[story("aa01", "2016-02-08"), other])
        .unwrap();
    let ids = |q: EventQuery| -> Vec<String> {
        store
            .events(&q)
            .unwrap()
            .into_iter()
            .map(|e| e.article_id)
            .collect()
    };
    let f = ActorFilter::new;
    assert_eq!(ids(EventQuery::default()), ["aa01", "bb02"]);
    assert_eq!(
        ids(EventQuery {
            dyad: Some((f("rur"), f("FRE"))),
            ..Default::default()
        }),
        ["aa01"]
    );
    assert_eq!(
        ids(EventQuery {
            dyad: Some((f("FREMIL"), f("RUR"))),
            ..Default::default()
        }),
        ["bb02"]
    );
    assert_eq!(
        ids(EventQuery {
            actor: Some(f("FREMIL")),
            ..Default::default()
        }),
        ["bb02"]
    );
    assert_eq!(
        ids(EventQuery {
            actor: Some(f("FRE")),
            ..Default::default()
        }),
        ["aa01", "bb02"]
    );
    assert_eq!(
        ids(EventQuery {
            code: Some("11".into()),
            ..Default::default()
        }),
        ["aa01"]
    );
    assert_eq!(
        ids(EventQuery {
            code: Some("1_".into()),
            ..Default::default()
        }),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(EventQuery {
            since: Some(date("2016-02-09")),
            ..Default::default()
        }),
        ["bb02"]
    );
    assert_eq!(
        ids(EventQuery {
            until: Some(date("2016-02-08")),
            ..Default::default()
        }),
        ["aa01"]
    );
    assert_eq!(
        ids(EventQuery {
            limit: Some(1),
            offset: 1,
            ..Default::default()
        }),
        ["bb02"]
    );
}

/// Three articles by two outlets on three days, for the article-scope filters.
fn outlets_store(store: &mut dyn Store) {
    let mut a = story("aa01", "2016-02-08");
    a.meta.outlet = Some("Reuters".into());
    let mut b = story("bb02", "2016-02-10");
    b.meta.outlet = Some("BBC News".into());
    let mut c = Doc::new(
        DocMeta::new("cc03", "c.txt"),
        "Harvest festival opens as Ruritania celebrates.".into(),
    );
    c.meta.outlet = Some("Reuters".into());
    c.meta.date = Some(date("2016-02-12"));
    store.put_batch(&[a, b, c]).unwrap();
}

#[test]
fn outlet_date_and_full_text_filters_on_every_list() {
    each_backend(outlet_date_and_full_text_filters_on_every_list_on);
}

fn outlet_date_and_full_text_filters_on_every_list_on(store: &mut dyn Store) {
    outlets_store(store);
    let articles = |q: ArticleQuery| -> Vec<String> {
        let rows = store.articles(&q).unwrap();
        rows.into_iter().map(|a| a.id).collect()
    };
    let reuters = || Some("reuters".to_string());
    assert_eq!(
        articles(ArticleQuery {
            outlet: reuters(),
            ..Default::default()
        }),
        ["cc03", "aa01"]
    );
    // The whole name, not a part of it; `%` is a character, not a wildcard.
    for partial in ["BBC", "%"] {
        let q = ArticleQuery {
            outlet: Some(partial.into()),
            ..Default::default()
        };
        assert_eq!(articles(q), Vec::<String>::new(), "{partial}");
    }
    assert_eq!(
        articles(ArticleQuery {
            search: Some("festival".into()),
            outlet: reuters(),
            ..Default::default()
        }),
        ["cc03"]
    );
    assert_eq!(
        articles(ArticleQuery {
            since: Some(date("2016-02-09")),
            until: Some(date("2016-02-11")),
            ..Default::default()
        }),
        ["bb02"]
    );
    assert_eq!(
        articles(ArticleQuery {
            actor: Some(ActorFilter::new("rur")),
            ..Default::default()
        }),
        ["bb02", "aa01"]
    );

    let events = |q: EventQuery| -> Vec<String> {
        let rows = store.events(&q).unwrap();
        rows.into_iter().map(|e| e.article_id).collect()
    };
    assert_eq!(
        events(EventQuery {
            outlet: Some("BBC NEWS".into()),
            ..Default::default()
        }),
        ["bb02"]
    );
    assert_eq!(
        events(EventQuery {
            outlet: reuters(),
            search: Some("silenced".into()),
            ..Default::default()
        }),
        ["aa01"]
    );
    assert_eq!(
        events(EventQuery {
            search: Some("festival".into()),
            ..Default::default()
        }),
        Vec::<String>::new()
    );

    let quotes = |q: QuoteQuery| -> Vec<String> {
        let rows = store.quotes(&q).unwrap();
        rows.into_iter().map(|e| e.article_id).collect()
    };
    assert_eq!(
        quotes(QuoteQuery {
            outlet: reuters(),
            ..Default::default()
        }),
        ["aa01"]
    );
    assert_eq!(
        quotes(QuoteQuery {
            since: Some(date("2016-02-09")),
            ..Default::default()
        }),
        ["bb02"]
    );
    assert_eq!(
        quotes(QuoteQuery {
            until: Some(date("2016-02-09")),
            search: Some("Strelsau minister".into()),
            ..Default::default()
        }),
        ["aa01"]
    );
}

#[test]
fn quote_speaker_filter_by_code_or_text() {
    each_backend(quote_speaker_filter_by_code_or_text_on);
}

fn quote_speaker_filter_by_code_or_text_on(store: &mut dyn Store) {
    let mut other = story("bb02", "2016-03-01");
    other.quotes[0].speaker = None;
    store
        .put_batch(&[story("aa01", "2016-02-08"), other])
        .unwrap();
    let ids = |s: &str| -> Vec<String> {
        let q = QuoteQuery {
            speaker: Some(s.into()),
            ..Default::default()
        };
        store
            .quotes(&q)
            .unwrap()
            .into_iter()
            .map(|e| e.article_id)
            .collect()
    };
    assert_eq!(ids("rurgov"), ["aa01"]);
    assert_eq!(ids("foreign minister"), ["aa01"]);
    assert_eq!(ids("he"), ["aa01", "bb02"]);
    assert_eq!(ids("Freedonia"), Vec::<String>::new());
}

#[test]
fn file_store_persists_and_refuses_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let mut store = SqliteStore::open(&path).unwrap();
        store.put_batch(&[story("aa01", "2016-02-08")]).unwrap();
    }
    let store = SqliteStore::open(&path).unwrap();
    assert_eq!(store.counts().unwrap().articles, 1);
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", SqliteStore::schema_version() + 1)
        .unwrap();
    drop(conn);
    match SqliteStore::open(&path) {
        Err(StoreError::SchemaTooNew { found, known }) => assert_eq!(found, known + 1),
        other => panic!("expected a schema error, got {:?}", other.err()),
    }
}

#[test]
fn out_of_range_span_is_stored_empty() {
    each_backend(out_of_range_span_is_stored_empty_on);
}

fn out_of_range_span_is_stored_empty_on(store: &mut dyn Store) {
    let mut doc = story("aa01", "2016-02-08");
    doc.events[0].action = ByteSpan::new(1, 9999);
    store.put_batch(&[doc]).unwrap();
    let ev = &store.layers("aa01").unwrap().events[0];
    assert_eq!(ev.action.text, "");
}

#[test]
fn stored_doc_is_compressed_and_plain_json_still_reads() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let doc = story("aa01", "2016-02-08");
    store.put_batch(std::slice::from_ref(&doc)).unwrap();
    let (kind, len): (String, usize) = store
        .conn()
        .query_row("SELECT typeof(doc), length(doc) FROM articles", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let json = serde_json::to_string(&doc).unwrap();
    assert_eq!(kind, "blob");
    assert!(len < json.len(), "{len} >= {}", json.len());
    assert_eq!(store.doc("aa01").unwrap().unwrap(), doc);
    store
        .conn()
        .execute("UPDATE articles SET doc = ?1", [&json])
        .unwrap();
    assert_eq!(store.doc("aa01").unwrap().unwrap(), doc);
    store
        .conn()
        .execute("UPDATE articles SET doc = x'00ff'", [])
        .unwrap();
    assert!(matches!(store.doc("aa01"), Err(StoreError::Inflate { .. })));
}

#[test]
fn concurrent_pg_writers_store_each_article_once() {
    let Some(schema) = PgSchema::create() else {
        return;
    };
    let docs: Vec<Doc> = (0..120)
        .map(|i| story(&format!("d{i:03}"), "2016-02-08"))
        .collect();
    let schema = &schema;
    let docs = &docs;
    // Four writers ingest every article, each in a different order and batch size, so
    // their batches overlap in flight.
    let results: Vec<(usize, usize)> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..4)
            .map(|w| {
                sc.spawn(move || {
                    let mut store = schema.store();
                    let mut order: Vec<&Doc> = docs.iter().collect();
                    order.rotate_left(w * 30);
                    if w % 2 == 1 {
                        order.reverse();
                    }
                    let (mut stored, mut dups) = (0, 0);
                    for batch in order.chunks(7 + w) {
                        let batch: Vec<Doc> = batch.iter().map(|d| (*d).clone()).collect();
                        let put = store.put_batch(&batch).unwrap();
                        stored += put.stored;
                        dups += put.duplicates.len();
                    }
                    (stored, dups)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let stored: usize = results.iter().map(|r| r.0).sum();
    let dups: usize = results.iter().map(|r| r.1).sum();
    assert_eq!((stored, dups), (120, 360));
    let counts = schema.store().counts().unwrap();
    assert_eq!(
        (counts.articles, counts.events, counts.quotes, counts.places),
        (120, 120, 120, 120)
    );
}

#[test]
fn pg_refuses_newer_schema() {
    let Some(schema) = PgSchema::create() else {
        return;
    };
    drop(schema.store());
    let mut admin = postgres::Client::connect(&schema.url, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "INSERT INTO {}.schema_version VALUES (999)",
            schema.name
        ))
        .unwrap();
    match PgStore::connect(&schema.schema_url()) {
        Err(StoreError::SchemaTooNew { found, .. }) => assert_eq!(found, 999),
        other => panic!("expected a schema error, got {:?}", other.err()),
    }
}
