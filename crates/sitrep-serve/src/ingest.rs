//! `POST /api/ingest`: articles in a request body, stored through the engine that
//! `sitrep ingest` uses, behind a bearer token.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};
use sitrep_engine::{Engine, RecordOutcome, RecordStatus};
use sitrep_ingest::InputFormat;

use crate::api::ApiError;

/// What `POST /api/ingest` needs: the token clients must present and the engine that
/// annotates and stores, with the request limits.
pub struct Ingest {
    token: String,
    engine: Mutex<Engine>,
    /// Largest request body accepted, in bytes.
    pub body_bytes: usize,
    /// How long a request may read records; the batch in hand still finishes.
    pub time: Duration,
}

impl Ingest {
    /// Ingest over HTTP for clients sending `Authorization: Bearer <token>`. Requests
    /// take turns with the one `engine` (one writer, as SQLite wants; the pipeline uses
    /// every core anyway).
    pub fn new(token: String, engine: Engine) -> Ingest {
        Ingest {
            token,
            engine: Mutex::new(engine),
            body_bytes: 16 << 20,
            time: Duration::from_secs(120),
        }
    }
}

/// Record names in failures and outcomes start with this.
const SOURCE: &str = "request";

/// Constant-time comparison, so response timing does not leak how much of a guessed
/// token was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "error": message }))).into_response()
}

/// Checks the bearer token before the body is read: 401 without one, 403 for a wrong one.
pub(crate) async fn authorize(
    State(ingest): State<Arc<Ingest>>,
    request: Request,
    next: Next,
) -> Response {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match given {
        None => {
            let mut res = error(
                StatusCode::UNAUTHORIZED,
                "POST /api/ingest needs `Authorization: Bearer <token>` (the server's --write-token)",
            );
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"sitrep\""),
            );
            res
        }
        Some(t) if same(t.as_bytes(), ingest.token.as_bytes()) => next.run(request).await,
        Some(_) => error(StatusCode::FORBIDDEN, "wrong bearer token"),
    }
}

/// The answer of a read-only server.
pub(crate) async fn read_only() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "this server is read-only; start `sitrep serve` with --write-token to accept POST /api/ingest",
    )
}

/// One record's line in the answer.
#[derive(Serialize)]
struct Record {
    record: usize,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

impl From<RecordOutcome> for Record {
    fn from(o: RecordOutcome) -> Record {
        let (id, source) = o.article.unzip();
        let (status, reason, message) = match o.status {
            RecordStatus::Stored => ("stored", None, None),
            RecordStatus::Duplicate => ("duplicate", None, None),
            RecordStatus::Failed(f) => ("failed", Some(f.reason), Some(f.message)),
        };
        Record {
            record: o.record,
            status,
            id,
            source,
            reason,
            message,
        }
    }
}

/// How to read a body, from its content type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    /// `application/json`: an article object or an array of them.
    Json,
    /// A format the ingest readers know; `None` means sniff the bytes, as for stdin.
    Input(Option<InputFormat>),
}

fn body_kind(headers: &HeaderMap) -> Result<BodyKind, ApiError> {
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return Ok(BodyKind::Input(None));
    };
    let ct = ct.to_str().unwrap_or("");
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    Ok(BodyKind::Input(Some(match essence.as_str() {
        "application/json" => return Ok(BodyKind::Json),
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => InputFormat::Jsonl,
        "text/plain" => InputFormat::Text,
        "text/html" | "application/xhtml+xml" => InputFormat::Html,
        "application/warc" => InputFormat::Warc,
        "application/octet-stream" => return Ok(BodyKind::Input(None)),
        _ => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "content type {ct:?} is not accepted: send application/x-ndjson (JSON Lines), \
                     application/json (an article object or an array of them), text/plain, \
                     text/html or application/warc"
                ),
            ))
        }
    })))
}

/// A JSON body (one article object or an array of them) as JSON Lines: each article is
/// one compact line, so posting the same JSON again gives the same ids. A body that is
/// not one JSON value but does not start an array is read as JSON Lines, whose records
/// fail one by one.
fn json_as_lines(body: &[u8]) -> Result<Option<Vec<u8>>, ApiError> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) if body.trim_ascii_start().starts_with(b"[") => {
            return Err(ApiError::bad_request(format!("body is not JSON: {e}")))
        }
        Err(_) => return Ok(None),
    };
    let items = match value {
        Value::Array(items) => items,
        one @ Value::Object(_) => vec![one],
        _ => {
            return Err(ApiError::bad_request(
                "a JSON body must be an article object or an array of them",
            ))
        }
    };
    let mut lines = Vec::with_capacity(body.len());
    for item in &items {
        serde_json::to_writer(&mut lines, item)
            .map_err(|e| ApiError::bad_request(format!("cannot re-encode the body: {e}")))?;
        lines.push(b'\n');
    }
    Ok(Some(lines))
}

/// Stores the articles of the body and answers with a summary and one line per record.
/// The answer is 200 when every record was read, 408 when the time limit stopped reading
/// (what was stored stays stored; sending the rest, or everything, again is safe).
pub(crate) async fn ingest(
    State(ingest): State<Arc<Ingest>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let kind = body_kind(&headers)?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "empty body: send at least one article",
        ));
    }
    let (bytes, format) = match kind {
        BodyKind::Json => (
            json_as_lines(&body)?.unwrap_or_else(|| body.to_vec()),
            Some(InputFormat::Jsonl),
        ),
        BodyKind::Input(format) => (body.to_vec(), format),
    };
    let deadline = Instant::now() + ingest.time;
    let limit_secs = ingest.time.as_secs_f64();
    tokio::task::spawn_blocking(move || {
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = stopped.clone();
        let size = bytes.len() as u64;
        let read = move || {
            sitrep_ingest::read_bytes(bytes, SOURCE, format)
                .take_while(move |_| {
                    let go_on = Instant::now() < deadline;
                    flag.store(!go_on, Ordering::Relaxed);
                    go_on
                })
                .map(|item| (item, 0))
        };
        let mut records: Vec<Record> = Vec::new();
        let mut engine = ingest.engine.lock().unwrap_or_else(|e| e.into_inner());
        let summary = engine
            .ingest_records(1, size, read, &mut |_| {}, &mut |o| records.push(o.into()))
            .map_err(|e| ApiError::internal(format!("ingest failed: {e}")))?;
        drop(engine);
        records.sort_by_key(|r| r.record);
        let complete = !stopped.load(Ordering::Relaxed);
        let mut answer = json!({
            "read": summary.read,
            "stored": summary.stored,
            "duplicates": summary.duplicates,
            "failed": summary.failures.len(),
            "complete": complete,
            "records": records,
        });
        if !complete {
            answer["error"] = json!(format!(
                "stopped after {} records: the {limit_secs} s time limit was reached; the rest \
                 was not read (sending it again is safe: stored articles are skipped)",
                records.len()
            ));
        }
        let status = if complete {
            StatusCode::OK
        } else {
            StatusCode::REQUEST_TIMEOUT
        };
        Ok((status, Json(answer)).into_response())
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))?
}
