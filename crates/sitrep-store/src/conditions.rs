//! Backend-neutral WHERE conditions for event and quote queries: clauses with `?`
//! placeholders and text parameters. Each backend spells the case-insensitive pattern
//! match its own way (`LIKE` in SQLite, `ILIKE` in PostgreSQL) and binds the parameters.

use crate::sqlite::like_escape;
use crate::{EventQuery, QuoteQuery};

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
    out.extend(q.story.as_deref().map(story_condition));
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
    out.extend(q.story.as_deref().map(story_condition));
    out
}

/// Records of a story's articles.
pub(crate) fn story_condition(story: &str) -> Condition {
    cond(
        "article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)".into(),
        vec![story.to_string()],
    )
}
