//! Backend-neutral WHERE conditions for event, quote and article queries: clauses with
//! `?` placeholders and text parameters. Each backend spells the case-insensitive pattern
//! match its own way (`LIKE` in SQLite, `ILIKE` in PostgreSQL) and binds the parameters;
//! filters on the article a record came from (outlet, full text, publication dates) are
//! one `article_id IN (...)` clause built from the article conditions.

use crate::sqlite::like_escape;
use crate::{ActorFilter, ArticleQuery, EventQuery, QuoteQuery};

/// One clause and the values of its `?` placeholders, in order.
pub(crate) struct Condition {
    pub(crate) clause: String,
    pub(crate) params: Vec<String>,
}

fn cond(clause: String, params: Vec<String>) -> Condition {
    Condition { clause, params }
}

/// The conditions of an event query; `like` is the backend's case-insensitive LIKE.
pub(crate) fn event_conditions(q: &EventQuery, like: &str) -> Vec<Condition> {
    let mut out = Vec::new();
    if let Some(a) = &q.actor {
        let p = format!("{}%", like_escape(a.as_str()));
        out.push(cond(
            format!(
                "(source_iso3 = ? OR source_code {like} ? ESCAPE '\\'
                  OR target_iso3 = ? OR target_code {like} ? ESCAPE '\\')"
            ),
            vec![a.as_str().to_string(), p.clone(), a.as_str().to_string(), p],
        ));
    }
    if let Some((s, t)) = &q.dyad {
        let ps = format!("{}%", like_escape(s.as_str()));
        let pt = format!("{}%", like_escape(t.as_str()));
        out.push(cond(
            format!(
                "(source_iso3 = ? OR source_code {like} ? ESCAPE '\\')
                 AND (target_iso3 = ? OR target_code {like} ? ESCAPE '\\')"
            ),
            vec![s.as_str().to_string(), ps, t.as_str().to_string(), pt],
        ));
    }
    if let Some(code) = &q.code {
        let p = format!("{}%", like_escape(code.trim()));
        out.push(cond(format!("cameo {like} ? ESCAPE '\\'"), vec![p]));
    }
    if let Some(d) = q.since {
        out.push(cond(
            "date >= ?".into(),
            vec![d.format("%Y-%m-%d").to_string()],
        ));
    }
    if let Some(d) = q.until {
        out.push(cond(
            "date <= ?".into(),
            vec![d.format("%Y-%m-%d").to_string()],
        ));
    }
    if let Some(id) = &q.article_id {
        out.push(cond("article_id = ?".into(), vec![id.clone()]));
    }
    out
}

/// The conditions of a quote query; `like` is the backend's case-insensitive LIKE.
pub(crate) fn quote_conditions(q: &QuoteQuery, like: &str) -> Vec<Condition> {
    let mut out = Vec::new();
    if let Some(s) = q
        .speaker
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let code = format!("{}%", like_escape(&s.to_ascii_uppercase()));
        let sub = format!("%{}%", like_escape(s));
        out.push(cond(
            format!(
                "(speaker_code {like} ? ESCAPE '\\' OR speaker_text {like} ? ESCAPE '\\'
                  OR mention_text {like} ? ESCAPE '\\' OR speaker_name {like} ? ESCAPE '\\')"
            ),
            vec![code, sub.clone(), sub.clone(), sub],
        ));
    }
    if let Some(id) = &q.article_id {
        out.push(cond("article_id = ?".into(), vec![id.clone()]));
    }
    out
}

/// What the backends spell differently beyond the placeholders.
pub(crate) struct Dialect {
    /// The case-insensitive LIKE.
    pub(crate) like: &'static str,
    /// The condition that the article row, its columns prefixed by the first argument,
    /// matches the full-text words; `None` when they hold no word.
    pub(crate) fts: fn(&str, &str) -> Option<Condition>,
}

/// Filters on an article's own columns, for article queries and for the records of
/// matching articles.
#[derive(Default)]
pub(crate) struct ArticleScope<'q> {
    pub(crate) outlet: Option<&'q str>,
    pub(crate) search: Option<&'q str>,
    pub(crate) since: Option<chrono::NaiveDate>,
    pub(crate) until: Option<chrono::NaiveDate>,
}

fn nonblank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Conditions on the `articles` row whose columns carry `prefix` (`""` or `"a."`).
pub(crate) fn article_conditions(s: &ArticleScope, d: &Dialect, prefix: &str) -> Vec<Condition> {
    let like = d.like;
    let mut out = Vec::new();
    if let Some(outlet) = nonblank(s.outlet) {
        out.push(cond(
            format!("{prefix}outlet {like} ? ESCAPE '\\'"),
            vec![like_escape(outlet)],
        ));
    }
    if let Some(words) = nonblank(s.search) {
        out.extend((d.fts)(prefix, words));
    }
    if let Some(day) = s.since {
        out.push(cond(
            format!("{prefix}date >= ?"),
            vec![day.format("%Y-%m-%d").to_string()],
        ));
    }
    if let Some(day) = s.until {
        out.push(cond(
            format!("{prefix}date <= ?"),
            vec![day.format("%Y-%m-%d").to_string()],
        ));
    }
    out
}

/// [`article_conditions`] for a record table: one `article_id IN (...)` clause, or none.
pub(crate) fn record_article_condition(s: &ArticleScope, d: &Dialect) -> Option<Condition> {
    let inner = article_conditions(s, d, "");
    if inner.is_empty() {
        return None;
    }
    let clauses: Vec<&str> = inner.iter().map(|c| c.clause.as_str()).collect();
    Some(cond(
        format!(
            "article_id IN (SELECT id FROM articles WHERE {})",
            clauses.join(" AND ")
        ),
        inner.iter().flat_map(|c| c.params.clone()).collect(),
    ))
}

/// Articles with an actor mention matching the filter.
fn mentions_actor(a: &ActorFilter, d: &Dialect, prefix: &str) -> Condition {
    let like = d.like;
    cond(
        format!(
            "{prefix}id IN (SELECT article_id FROM mentions
                WHERE iso3 = ? OR code {like} ? ESCAPE '\\')"
        ),
        vec![
            a.as_str().to_string(),
            format!("{}%", like_escape(a.as_str())),
        ],
    )
}

/// The conditions of an article query other than its full-text words, which each
/// backend matches and ranks its own way.
pub(crate) fn article_query_conditions(
    q: &ArticleQuery,
    d: &Dialect,
    prefix: &str,
) -> Vec<Condition> {
    let scope = ArticleScope {
        outlet: q.outlet.as_deref(),
        since: q.since,
        until: q.until,
        search: None,
    };
    let mut out = article_conditions(&scope, d, prefix);
    out.extend(q.actor.as_ref().map(|a| mentions_actor(a, d, prefix)));
    out
}

/// The article filters of an event query.
pub(crate) fn event_article_scope(q: &EventQuery) -> ArticleScope<'_> {
    ArticleScope {
        outlet: q.outlet.as_deref(),
        search: q.search.as_deref(),
        ..ArticleScope::default()
    }
}

/// The article filters of a quote query.
pub(crate) fn quote_article_scope(q: &QuoteQuery) -> ArticleScope<'_> {
    ArticleScope {
        outlet: q.outlet.as_deref(),
        search: q.search.as_deref(),
        since: q.since,
        until: q.until,
    }
}
