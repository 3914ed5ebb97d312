//! Story endpoints: the stories ingest stored, and one story whole.

use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::Json;
use serde::Deserialize;
use sitrep_store::{ActorFilter, StoryQuery};

use crate::api::{blocking, date, page_bounds, ApiError, Page, Pool};

#[derive(Deserialize)]
pub(crate) struct StoriesParams {
    q: Option<String>,
    outlet: Option<String>,
    actor: Option<String>,
    since: Option<String>,
    until: Option<String>,
    article: Option<String>,
    min_articles: Option<usize>,
    limit: Option<usize>,
    offset: Option<usize>,
}

fn given(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// Stories, largest first.
pub(crate) async fn stories(
    State(pool): Pool,
    Query(p): Query<StoriesParams>,
) -> Result<impl IntoResponse, ApiError> {
    let (limit, offset) = page_bounds(p.limit, p.offset)?;
    let query = StoryQuery {
        search: given(p.q),
        outlet: given(p.outlet),
        actor: given(p.actor).as_deref().map(ActorFilter::new),
        since: date("since", &p.since)?,
        until: date("until", &p.until)?,
        article_id: given(p.article),
        min_articles: p.min_articles,
        limit: Some(limit),
        offset,
    };
    let items = blocking(pool, move |s| Ok(s.stories(&query)?)).await?;
    Ok(Json(Page {
        items,
        limit,
        offset,
    }))
}

/// One story: timeline, summary, merged events, claims beside denials, coverage.
pub(crate) async fn story(
    State(pool): Pool,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    blocking(pool, move |s| {
        let story = s
            .story(&id)?
            .ok_or_else(|| ApiError::not_found(format!("no story {id}")))?;
        Ok(Json(story))
    })
    .await
}
