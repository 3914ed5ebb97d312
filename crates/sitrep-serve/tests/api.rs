//! The API over a real SQLite store holding hand-made records.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use sitrep_doc::{ActorRef, ByteSpan, Doc, DocMeta, Event, Place};
use sitrep_serve::{router, Limits, OpenStore, StorePool, ENDPOINTS, INGEST_ENDPOINT};
use sitrep_store::{SqliteStore, Store};
use tower::ServiceExt;

fn actor(code: &str, iso3: &str, start: usize, end: usize) -> ActorRef {
    ActorRef {
        code: code.into(),
        iso3: Some(iso3.into()),
        sector: Some("GOV".into()),
        name: None,
        span: ByteSpan::new(start, end),
    }
}

fn event(day: u32, goldstein: f32, cameo: &str) -> Event {
    Event {
        sent: 0,
        source: actor("USAGOV", "USA", 0, 10),
        target: Some(actor("RUSGOV", "RUS", 20, 26)),
        action: ByteSpan::new(11, 19),
        cameo: cameo.into(),
        plover: "ACCUSE".into(),
        plover_mode: None,
        goldstein,
        quad_class: 3,
        date: chrono::NaiveDate::from_ymd_opt(2016, 2, day),
        date_source: Some("timex".into()),
        place: None,
        negated: false,
        hypothetical: false,
        rule: "test".into(),
    }
}

fn app() -> (axum::Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let text = "Washington accused Moscow of bombing Aleppo.";
    let mut a = Doc::new(DocMeta::new("aaaa1111", "a.txt"), text.into());
    a.meta.title = Some("US accuses Russia".into());
    a.meta.outlet = Some("Reuters".into());
    a.meta.date = chrono::NaiveDate::from_ymd_opt(2016, 2, 13);
    a.events = vec![event(13, -2.0, "112"), event(13, -4.0, "111")];
    a.places = vec![Place {
        sent: 0,
        span: ByteSpan::new(37, 43),
        name: "Aleppo".into(),
        lat: 36.2,
        lon: 37.16,
        iso3: Some("SYR".into()),
        admin1: None,
        geonames_id: None,
        rule: "test".into(),
    }];
    let mut b = Doc::new(
        DocMeta::new("bbbb2222", "b.txt"),
        "Washington accused Moscow again today.".into(),
    );
    b.meta.outlet = Some("BBC News".into());
    b.meta.date = chrono::NaiveDate::from_ymd_opt(2016, 2, 14);
    b.events = vec![event(14, -2.0, "112")];
    store.put_batch(&[a, b]).unwrap();
    let open: OpenStore =
        Arc::new(move || Ok(Box::new(SqliteStore::open(&path)?) as Box<dyn Store>));
    (
        router(Arc::new(StorePool::new(open)), Limits::default()),
        dir,
    )
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, Value) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn every_documented_endpoint_answers_and_the_document_lists_them_all() {
    let (app, _dir) = app();
    let (status, doc) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let mut documented: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    documented.sort();
    let mut table: Vec<&str> = ENDPOINTS.iter().map(|e| e.0).collect();
    table.push(INGEST_ENDPOINT.0);
    table.sort();
    assert_eq!(documented, table);
    assert!(
        doc["paths"][INGEST_ENDPOINT.0]["post"]["requestBody"]["content"]
            .get("application/x-ndjson")
            .is_some()
    );
    for (path, _, _) in ENDPOINTS {
        let uri = path
            .replace("{id}", "aaaa")
            .replace("{src}", "USA")
            .replace("{tgt}", "RUS");
        let (status, _) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
    }
    // A path the table does not list is not served.
    assert_eq!(get(&app, "/api/nothing").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn events_filter_by_dyad_code_and_date() {
    let (app, _dir) = app();
    let (_, all) = get(&app, "/api/events?dyad=USA:RUS").await;
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    let (_, first) = get(&app, "/api/events?dyad=USA:RUS&code=112&until=2016-02-13").await;
    let items = first["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["action"]["text"], "accused ");
    assert_eq!(
        get(&app, "/api/events?dyad=RUS:USA").await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

fn count(v: &Value) -> usize {
    v["items"].as_array().map_or(usize::MAX, Vec::len)
}

#[tokio::test]
async fn every_list_filters_by_outlet_date_and_full_text() {
    let (app, _dir) = app();
    let n = |uri: &'static str| {
        let app = app.clone();
        async move {
            let (status, v) = get(&app, uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            count(&v)
        }
    };
    assert_eq!(n("/api/events?outlet=reuters").await, 2);
    assert_eq!(n("/api/events?dyad=USA:RUS&outlet=BBC%20News").await, 1);
    assert_eq!(n("/api/events?outlet=BBC").await, 0);
    assert_eq!(n("/api/events?q=Aleppo").await, 2);
    assert_eq!(n("/api/events?q=again&code=111").await, 0);
    assert_eq!(n("/api/articles?outlet=bbc%20news").await, 1);
    assert_eq!(n("/api/articles?since=2016-02-14").await, 1);
    assert_eq!(n("/api/articles?until=2016-02-14&q=bombing").await, 1);
    assert_eq!(n("/api/articles?actor=RUS").await, 0);
    assert_eq!(n("/api/places?outlet=Reuters").await, 1);
    assert_eq!(n("/api/places?outlet=BBC%20News").await, 0);
    assert_eq!(n("/api/quotes?outlet=Reuters&since=2016-02-01").await, 0);
    let (_, actors) = get(&app, "/api/actors?outlet=BBC%20News").await;
    assert_eq!(actors["items"][0]["as_target"], 1);
    assert_eq!(count(&get(&app, "/api/actors?limit=1&offset=1").await.1), 1);
    let (_, s) = get(&app, "/api/dyads/USA/RUS/series?outlet=BBC%20News").await;
    assert_eq!(
        s["points"],
        serde_json::json!([{"date": "2016-02-14", "events": 1, "mean_goldstein": -2.0}])
    );
    let (status, body) = get(&app, "/api/quotes?since=2016-03-01&until=2016-02-01").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "since 2016-03-01 is after until 2016-02-01");
}

#[tokio::test]
async fn series_counts_days_and_averages_goldstein() {
    let (app, _dir) = app();
    let (_, s) = get(&app, "/api/dyads/usa/rus/series").await;
    assert_eq!(
        s["points"],
        serde_json::json!([
            {"date": "2016-02-13", "events": 2, "mean_goldstein": -3.0},
            {"date": "2016-02-14", "events": 1, "mean_goldstein": -2.0}
        ])
    );
}

#[tokio::test]
async fn bad_parameters_are_400_with_a_message() {
    let (app, _dir) = app();
    let (status, body) = get(&app, "/api/events?since=yesterday").await;
    assert_eq!(
        (status, body["error"].as_str().unwrap()),
        (
            StatusCode::BAD_REQUEST,
            "since: expected YYYY-MM-DD, got \"yesterday\""
        )
    );
    assert_eq!(
        get(&app, "/api/events?dyad=USA").await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/api/events?code=1a").await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/api/articles?limit=5000").await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/api/articles/ffff").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn article_comes_with_layers_and_places_feed_the_map() {
    let (app, _dir) = app();
    let (_, a) = get(&app, "/api/articles/aaaa").await;
    assert_eq!(a["article"]["title"], "US accuses Russia");
    assert_eq!(a["layers"]["events"].as_array().unwrap().len(), 2);
    let (_, p) = get(&app, "/api/places").await;
    assert_eq!(p["items"][0]["place"]["name"], "Aleppo");
    let (_, ui) = get(&app, "/api/actors").await;
    assert_eq!(ui["items"][0]["code"], "RUSGOV");
}
