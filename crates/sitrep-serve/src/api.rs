//! Request handlers. Each runs its store work on a blocking thread.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sitrep_store::{ActorFilter, ArticleQuery, EventQuery, QuoteQuery, Store, StoreError};

use crate::StorePool;

type Pool = State<Arc<StorePool>>;

const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 1000;
/// Aggregates (actors, series) read at most this many events.
const MAX_AGGREGATE: usize = 200_000;

/// An error answered as `{"error": "..."}` with a fitting status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    pub(crate) fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        let status = match e {
            StoreError::Ambiguous { .. } => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError {
            status,
            message: e.to_string(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(json!({ "error": self.message }))).into_response()
    }
}

async fn blocking<R: Send + 'static>(
    pool: Arc<StorePool>,
    f: impl FnOnce(&dyn Store) -> Result<R, ApiError> + Send + 'static,
) -> Result<R, ApiError> {
    tokio::task::spawn_blocking(move || {
        let mut out = None;
        let res = pool.with(|s| {
            out = Some(f(s));
            Ok(())
        });
        match (res, out) {
            (Err(e), _) => Err(e.into()),
            (Ok(()), Some(r)) => r,
            (Ok(()), None) => Err(ApiError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: "no result".into(),
            }),
        }
    })
    .await
    .map_err(|e| ApiError {
        status: StatusCode::INTERNAL_SERVER_ERROR,
        message: e.to_string(),
    })?
}

/// A page of results.
#[derive(Serialize)]
struct Page<T> {
    items: Vec<T>,
    limit: usize,
    offset: usize,
}

fn page_bounds(limit: Option<usize>, offset: Option<usize>) -> Result<(usize, usize), ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(ApiError::bad_request(format!(
            "limit must be 1 to {MAX_LIMIT}"
        )));
    }
    Ok((limit, offset.unwrap_or(0)))
}

fn date(field: &str, v: &Option<String>) -> Result<Option<NaiveDate>, ApiError> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
                ApiError::bad_request(format!("{field}: expected YYYY-MM-DD, got {s:?}"))
            })
        })
        .transpose()
}

/// A text parameter, `None` when absent or blank.
fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// `since` and `until`, each optional, in order.
fn date_range(
    since: &Option<String>,
    until: &Option<String>,
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ApiError> {
    let (s, u) = (date("since", since)?, date("until", until)?);
    if let (Some(s), Some(u)) = (s, u) {
        if s > u {
            return Err(ApiError::bad_request(format!(
                "since {s} is after until {u}"
            )));
        }
    }
    Ok((s, u))
}

pub(crate) async fn index() -> Html<&'static str> {
    Html(include_str!("../assets/index.html"))
}

pub(crate) async fn app_js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../assets/app.js"),
    )
}

pub(crate) async fn style_css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../assets/style.css"),
    )
}

pub(crate) async fn openapi_json() -> Json<Value> {
    Json(crate::openapi())
}

#[derive(Deserialize)]
pub(crate) struct ArticlesParams {
    q: Option<String>,
    outlet: Option<String>,
    since: Option<String>,
    until: Option<String>,
    actor: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

fn article_query(p: &ArticlesParams) -> Result<ArticleQuery, ApiError> {
    let (limit, offset) = page_bounds(p.limit, p.offset)?;
    let (since, until) = date_range(&p.since, &p.until)?;
    Ok(ArticleQuery {
        search: given(&p.q),
        outlet: given(&p.outlet),
        since,
        until,
        actor: given(&p.actor).map(|a| ActorFilter::new(&a)),
        limit: Some(limit),
        offset,
    })
}

pub(crate) async fn articles(
    State(pool): Pool,
    Query(p): Query<ArticlesParams>,
) -> Result<impl IntoResponse, ApiError> {
    let query = article_query(&p)?;
    let (limit, offset) = (query.limit.unwrap_or(DEFAULT_LIMIT), query.offset);
    let items = blocking(pool, move |s| Ok(s.articles(&query)?)).await?;
    Ok(Json(Page {
        items,
        limit,
        offset,
    }))
}

pub(crate) async fn article(
    State(pool): Pool,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    blocking(pool, move |s| {
        let article = s
            .article(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no article {id}")))?;
        let layers = s.layers(&article.row.id)?;
        Ok(Json(json!({ "article": article, "layers": layers })))
    })
    .await
}

#[derive(Deserialize)]
pub(crate) struct EventsParams {
    actor: Option<String>,
    dyad: Option<String>,
    code: Option<String>,
    since: Option<String>,
    until: Option<String>,
    article: Option<String>,
    outlet: Option<String>,
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

fn dyad(s: &str) -> Result<(ActorFilter, ActorFilter), ApiError> {
    match s.split_once(':') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => {
            Ok((ActorFilter::new(a), ActorFilter::new(b)))
        }
        _ => Err(ApiError::bad_request(format!(
            "dyad: expected SRC:TGT, got {s:?}"
        ))),
    }
}

fn event_query(
    p: &EventsParams,
    limit: Option<usize>,
    offset: usize,
) -> Result<EventQuery, ApiError> {
    if let Some(code) = p.code.as_deref() {
        if !code.chars().all(|c| c.is_ascii_digit()) || code.len() > 4 {
            return Err(ApiError::bad_request(format!(
                "code: expected 1 to 4 digits, got {code:?}"
            )));
        }
    }
    let (since, until) = date_range(&p.since, &p.until)?;
    Ok(EventQuery {
        actor: given(&p.actor).map(|a| ActorFilter::new(&a)),
        dyad: given(&p.dyad).as_deref().map(dyad).transpose()?,
        code: given(&p.code),
        since,
        until,
        article_id: given(&p.article),
        outlet: given(&p.outlet),
        search: given(&p.q),
        limit,
        offset,
    })
}

pub(crate) async fn events(
    State(pool): Pool,
    Query(p): Query<EventsParams>,
) -> Result<impl IntoResponse, ApiError> {
    let (limit, offset) = page_bounds(p.limit, p.offset)?;
    let query = event_query(&p, Some(limit), offset)?;
    let items = blocking(pool, move |s| Ok(s.events(&query)?)).await?;
    Ok(Json(Page {
        items,
        limit,
        offset,
    }))
}

#[derive(Deserialize)]
pub(crate) struct QuotesParams {
    speaker: Option<String>,
    article: Option<String>,
    outlet: Option<String>,
    since: Option<String>,
    until: Option<String>,
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

pub(crate) async fn quotes(
    State(pool): Pool,
    Query(p): Query<QuotesParams>,
) -> Result<impl IntoResponse, ApiError> {
    let (limit, offset) = page_bounds(p.limit, p.offset)?;
    let (since, until) = date_range(&p.since, &p.until)?;
    let query = QuoteQuery {
        speaker: given(&p.speaker),
        article_id: given(&p.article),
        outlet: given(&p.outlet),
        search: given(&p.q),
        since,
        until,
        limit: Some(limit),
        offset,
    };
    let items = blocking(pool, move |s| Ok(s.quotes(&query)?)).await?;
    Ok(Json(Page {
        items,
        limit,
        offset,
    }))
}

/// Places of the newest (or best-matching) articles, each with its article's id and
/// title, for the map; the article filters select the articles.
pub(crate) async fn places(
    State(pool): Pool,
    Query(p): Query<ArticlesParams>,
) -> Result<impl IntoResponse, ApiError> {
    let query = article_query(&p)?;
    let (limit, offset) = (query.limit.unwrap_or(DEFAULT_LIMIT), query.offset);
    let items = blocking(pool, move |s| {
        let arts = s.articles(&query)?;
        let mut out = Vec::new();
        for a in arts {
            for place in s.layers(&a.id)?.places {
                out.push(json!({ "article_id": a.id, "title": a.title, "place": place }));
            }
        }
        Ok(out)
    })
    .await?;
    Ok(Json(Page {
        items,
        limit,
        offset,
    }))
}

#[derive(Serialize)]
struct ActorStat {
    code: String,
    iso3: Option<String>,
    sector: Option<String>,
    names: Vec<String>,
    as_source: u64,
    as_target: u64,
}

/// Actors seen in the events the filters select, most active first.
pub(crate) async fn actors(
    State(pool): Pool,
    Query(p): Query<EventsParams>,
) -> Result<impl IntoResponse, ApiError> {
    let (limit, offset) = page_bounds(p.limit, p.offset)?;
    let query = event_query(&p, Some(MAX_AGGREGATE), 0)?;
    let events = blocking(pool, move |s| Ok(s.events(&query)?)).await?;
    let mut stats: BTreeMap<String, ActorStat> = BTreeMap::new();
    let mut add = |a: &sitrep_store::ActorRow, source: bool| {
        let st = stats.entry(a.code.clone()).or_insert_with(|| ActorStat {
            code: a.code.clone(),
            iso3: a.iso3.clone(),
            sector: a.sector.clone(),
            names: Vec::new(),
            as_source: 0,
            as_target: 0,
        });
        if let Some(n) = &a.name {
            if !st.names.contains(n) && st.names.len() < 10 {
                st.names.push(n.clone());
            }
        }
        if source {
            st.as_source += 1;
        } else {
            st.as_target += 1;
        }
    };
    for e in &events {
        add(&e.source, true);
        if let Some(t) = &e.target {
            add(t, false);
        }
    }
    let mut items: Vec<ActorStat> = stats.into_values().collect();
    items.sort_by(|a, b| {
        (b.as_source + b.as_target)
            .cmp(&(a.as_source + a.as_target))
            .then(a.code.cmp(&b.code))
    });
    let items: Vec<ActorStat> = items.into_iter().skip(offset).take(limit).collect();
    Ok(Json(Page {
        items,
        limit,
        offset,
    }))
}

#[derive(Deserialize)]
pub(crate) struct SeriesParams {
    since: Option<String>,
    until: Option<String>,
    code: Option<String>,
    outlet: Option<String>,
    q: Option<String>,
}

#[derive(Serialize)]
struct Point {
    date: NaiveDate,
    events: u64,
    mean_goldstein: f64,
}

/// Daily event counts and mean Goldstein value for a dyad.
pub(crate) async fn series(
    State(pool): Pool,
    Path((src, tgt)): Path<(String, String)>,
    Query(p): Query<SeriesParams>,
) -> Result<impl IntoResponse, ApiError> {
    let params = EventsParams {
        actor: None,
        dyad: Some(format!("{src}:{tgt}")),
        code: p.code,
        since: p.since,
        until: p.until,
        article: None,
        outlet: p.outlet,
        q: p.q,
        limit: None,
        offset: None,
    };
    let query = event_query(&params, Some(MAX_AGGREGATE), 0)?;
    let events = blocking(pool, move |s| Ok(s.events(&query)?)).await?;
    let mut days: BTreeMap<NaiveDate, (u64, f64)> = BTreeMap::new();
    for e in events.iter().filter(|e| !e.negated) {
        if let Some(d) = e.date {
            let slot = days.entry(d).or_default();
            slot.0 += 1;
            slot.1 += f64::from(e.goldstein);
        }
    }
    let points: Vec<Point> = days
        .into_iter()
        .map(|(date, (n, g))| Point {
            date,
            events: n,
            mean_goldstein: g / n as f64,
        })
        .collect();
    Ok(Json(
        json!({ "source": src.to_ascii_uppercase(), "target": tgt.to_ascii_uppercase(), "points": points }),
    ))
}

pub(crate) async fn stats(State(pool): Pool) -> Result<impl IntoResponse, ApiError> {
    let counts = blocking(pool, |s| Ok(s.counts()?)).await?;
    Ok(Json(counts))
}
