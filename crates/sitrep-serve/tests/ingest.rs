//! `POST /api/ingest` over a real SQLite store, with a one-rule pipeline standing in for
//! the models (the CLI tests drive the real pipeline).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use sitrep_engine::Engine;
use sitrep_pipeline::Pipeline;
use sitrep_serve::{router, router_with, Ingest, Limits, OpenStore, StorePool};
use sitrep_store::{SqliteStore, Store};
use tower::ServiceExt;

use sitrep_testkit::Accuse;

const TOKEN: &str = "s3cret-token";

struct App {
    router: axum::Router,
    _dir: tempfile::TempDir,
}

fn app(configure: impl FnOnce(&mut Ingest), writable: bool) -> App {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let writer = SqliteStore::open(&path).unwrap();
    let p = path.clone();
    let open: OpenStore = Arc::new(move || Ok(Box::new(SqliteStore::open(&p)?) as Box<dyn Store>));
    let pool = Arc::new(StorePool::new(open));
    let router = if writable {
        let pipeline = Pipeline::build(vec![Box::new(Accuse)]).unwrap();
        let engine = Engine::new(pipeline, Box::new(writer)).with_batch_size(2);
        let mut ingest = Ingest::new(TOKEN.into(), engine);
        configure(&mut ingest);
        router_with(pool, Limits::default(), Some(ingest))
    } else {
        router(pool, Limits::default())
    };
    App { router, _dir: dir }
}

async fn post(
    app: &App,
    token: Option<&str>,
    content_type: Option<&str>,
    body: impl Into<Body>,
) -> (StatusCode, Value) {
    let mut req = Request::post("/api/ingest");
    if let Some(t) = token {
        // The scheme is case-insensitive (RFC 9110).
        req = req.header(header::AUTHORIZATION, format!("bearer {t}"));
    }
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(body.into()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let challenge = res.headers().get(header::WWW_AUTHENTICATE).cloned();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    let mut v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    if let Some(c) = challenge {
        v["www-authenticate"] = json!(c.to_str().unwrap());
    }
    (status, v)
}

async fn events(app: &App) -> usize {
    let res = app
        .router
        .clone()
        .oneshot(Request::get("/api/events").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["items"].as_array().unwrap().len()
}

const NDJSON: Option<&str> = Some("application/x-ndjson");

fn lines() -> String {
    [
        json!({"title": "Envoy recalled", "text": "Ruritania accused Freedonia of spying.", "outlet": "Courier"}),
        json!({"title": "Talks", "html": "<html><body><p>Diplomats met on Monday in the capital and agreed to meet again.</p></body></html>"}),
    ]
    .iter()
    .map(|v| format!("{v}\n"))
    .collect::<String>()
        + "{not json\n"
        + &format!("{}\n", json!({"title": "No text here"}))
}

fn statuses(report: &Value) -> Vec<(u64, String)> {
    report["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["record"].as_u64().unwrap(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn read_only_by_default() {
    let app = app(|_| {}, false);
    let (status, body) = post(&app, Some(TOKEN), NDJSON, lines()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["error"].as_str().unwrap().contains("--write-token"),
        "{body}"
    );
    assert_eq!(events(&app).await, 0);
}

#[tokio::test]
async fn bearer_token_is_required_and_checked() {
    let app = app(|_| {}, true);
    let (status, body) = post(&app, None, NDJSON, lines()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["error"].as_str().unwrap().contains("Bearer"), "{body}");
    assert_eq!(body["www-authenticate"], "Bearer realm=\"sitrep\"");
    let (status, body) = post(&app, Some("s3cret-tokeN"), NDJSON, lines()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("wrong bearer token"))
    );
    assert_eq!(events(&app).await, 0);
    assert_eq!(
        post(&app, Some(TOKEN), NDJSON, lines()).await.0,
        StatusCode::OK
    );
}

#[tokio::test]
async fn json_lines_are_stored_once_with_an_outcome_per_record() {
    let app = app(|_| {}, true);
    let (status, r) = post(&app, Some(TOKEN), NDJSON, lines()).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(
        (
            &r["read"],
            &r["stored"],
            &r["duplicates"],
            &r["failed"],
            &r["complete"]
        ),
        (&json!(2), &json!(2), &json!(0), &json!(2), &json!(true))
    );
    assert_eq!(
        statuses(&r),
        [
            (1, "stored".into()),
            (2, "stored".into()),
            (3, "failed".into()),
            (4, "failed".into())
        ]
    );
    assert_eq!(r["records"][0]["source"], "request:1");
    assert_eq!(r["records"][2]["reason"], "json");
    assert!(r["records"][2]["message"]
        .as_str()
        .unwrap()
        .starts_with("request:3: "));
    assert!(r["records"][3]["message"]
        .as_str()
        .unwrap()
        .contains("no string `text` or `html` field"));
    assert_eq!(events(&app).await, 1);

    // The same body again: the same ids, nothing new.
    let (_, again) = post(&app, Some(TOKEN), NDJSON, lines()).await;
    assert_eq!(
        (&again["stored"], &again["duplicates"]),
        (&json!(0), &json!(2))
    );
    assert_eq!(again["records"][0]["id"], r["records"][0]["id"]);
    assert_eq!(events(&app).await, 1);
}

#[tokio::test]
async fn json_arrays_objects_text_and_html_bodies() {
    let app = app(|_| {}, true);
    let arr = json!([
        {"text": "Sylvania accused Ruritania of shelling.", "date": "2016-02-10"},
        {"text": "Sylvania accused Ruritania of shelling.", "date": "2016-02-10"},
        "not an article"
    ]);
    let (status, r) = post(&app, Some(TOKEN), Some("application/json"), arr.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(
        statuses(&r),
        [
            (1, "stored".into()),
            (2, "duplicate".into()),
            (3, "failed".into())
        ]
    );
    // Pretty-printed, the same array gives the same ids.
    let pretty = serde_json::to_string_pretty(&arr).unwrap();
    let (_, again) = post(&app, Some(TOKEN), Some("application/json"), pretty).await;
    assert_eq!(again["records"][0]["status"], "duplicate");
    let one = json!({"text": "Freedonia accused Sylvania of lying."}).to_string();
    let (_, r) = post(
        &app,
        Some(TOKEN),
        Some("application/json; charset=utf-8"),
        one,
    )
    .await;
    assert_eq!(r["stored"], 1);

    let page = "Border closed\n\nSylvania accused Freedonia of smuggling on Friday.\n";
    let (_, r) = post(&app, Some(TOKEN), Some("text/plain"), page).await;
    assert_eq!(
        (&r["stored"], &r["records"][0]["source"]),
        (&json!(1), &json!("request"))
    );
    let html = "<html><head><title>Port</title></head><body><article><p>The port reopened \
                on Monday after the storm, and ferries sailed again.</p></article></body></html>";
    let (_, r) = post(&app, Some(TOKEN), Some("text/html"), html).await;
    assert_eq!(r["stored"], 1, "{r}");
    // Without a content type the bytes are sniffed, as for stdin: this is the same page.
    let (_, r) = post(&app, Some(TOKEN), None, html).await;
    assert_eq!(r["duplicates"], 1, "{r}");
    assert_eq!(events(&app).await, 3);
}

#[tokio::test]
async fn bad_bodies_are_refused_with_a_reason() {
    let app = app(|i| i.body_bytes = 200, true);
    let (status, r) = post(&app, Some(TOKEN), Some("image/png"), "x").await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r["error"]
        .as_str()
        .unwrap()
        .contains("application/x-ndjson"));
    let (status, r) = post(&app, Some(TOKEN), NDJSON, "  \n").await;
    assert_eq!(
        (status, r["error"].as_str()),
        (
            StatusCode::BAD_REQUEST,
            Some("empty body: send at least one article")
        )
    );
    let (status, r) = post(&app, Some(TOKEN), Some("application/json"), "[{\"text\": ").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        r["error"].as_str().unwrap().starts_with("body is not JSON"),
        "{r}"
    );
    let big = format!("{}\n", json!({"text": "a".repeat(300)}));
    assert_eq!(
        post(&app, Some(TOKEN), NDJSON, big).await.0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(events(&app).await, 0);
}

#[tokio::test]
async fn time_limit_stops_reading_and_says_so() {
    let app = app(|i| i.time = Duration::ZERO, true);
    let (status, r) = post(&app, Some(TOKEN), NDJSON, lines()).await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!((&r["complete"], &r["read"]), (&json!(false), &json!(0)));
    assert!(r["error"].as_str().unwrap().contains("time limit"), "{r}");
}
