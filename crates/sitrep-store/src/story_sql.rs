//! The story tables' SQL, written once for both backends.
//!
//! Statements use `?` placeholders and a small value type ([`P`]); each backend runs them
//! through [`Sql`] (SQLite directly, PostgreSQL after numbering the placeholders) and
//! says what it spells differently in a [`Dialect`]. Transactions and locking stay with
//! the backend, at the bottom of this file.

use chrono::NaiveDate;
use postgres::types::{ToSql, Type};
use rusqlite::types::Value;

use crate::sqlite::{date_str, like_escape, parse_date};
use crate::story::{
    CoverageRow, DuplicateRow, Membership, MembershipUpdate, StaleStory, StoryActor, StoryArticle,
    StoryClaimLink, StoryDetail, StoryEvent, StoryEventMention, StoryInput, StoryQuery,
    StoryReportRecord, StoryRow, StoryStatement, StoryStore, SummaryRow, TimelineRow,
};
use crate::{PgStore, SqliteStore, StoreError, TextSpan};

/// A parameter or a column value, typed even when null (PostgreSQL checks types).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum P {
    Int(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
}

impl P {
    fn int(&self) -> Option<i64> {
        match self {
            P::Int(v) => *v,
            P::Real(v) => v.map(|x| x as i64),
            P::Text(_) => None,
        }
    }
    fn real(&self) -> f64 {
        match self {
            P::Int(v) => v.unwrap_or(0) as f64,
            P::Real(v) => v.unwrap_or(0.0),
            P::Text(_) => 0.0,
        }
    }
    fn text(&self) -> Option<String> {
        match self {
            P::Text(v) => v.clone(),
            _ => None,
        }
    }
    fn string(&self) -> String {
        self.text().unwrap_or_default()
    }
    fn u32(&self) -> u32 {
        self.int().unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32
    }
    fn date(&self) -> Option<NaiveDate> {
        parse_date(self.text())
    }
}

fn t(s: impl Into<String>) -> P {
    P::Text(Some(s.into()))
}
fn ot(s: Option<&str>) -> P {
    P::Text(s.map(str::to_string))
}
fn i(v: impl Into<i64>) -> P {
    P::Int(Some(v.into()))
}
fn d(v: Option<NaiveDate>) -> P {
    P::Text(date_str(v))
}

/// Runs statements. Rows come back as values in select order.
pub(crate) trait Sql {
    fn exec(&mut self, sql: &str, params: &[P]) -> Result<u64, StoreError>;
    fn rows(&mut self, sql: &str, params: &[P]) -> Result<Vec<Vec<P>>, StoreError>;
}

/// What the backends spell differently.
pub(crate) struct Dialect {
    /// Case-insensitive LIKE.
    like: &'static str,
    /// A condition that article `a` matches full-text words, with its parameter.
    search: fn(&str) -> Option<(String, P)>,
    /// Appended to the SELECT that checks a story's version before rewriting it.
    lock_row: &'static str,
    /// `column = ?` ignoring case (see `conditions::Dialect::eq_nocase`).
    eq_nocase: fn(&str) -> String,
}

fn sqlite_search(words: &str) -> Option<(String, P)> {
    let terms: Vec<String> = words
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| {
        (
            "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)".to_string(),
            t(terms.join(" ")),
        )
    })
}

fn pg_search(words: &str) -> Option<(String, P)> {
    words.split_whitespace().next()?;
    let plain: String = words
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    Some((
        "a.fts @@ plainto_tsquery('simple', ?)".to_string(),
        t(plain),
    ))
}

const SQLITE: Dialect = Dialect {
    like: "LIKE",
    search: sqlite_search,
    lock_row: "",
    eq_nocase: crate::conditions::sqlite_eq_nocase,
};

const PG: Dialect = Dialect {
    like: "ILIKE",
    search: pg_search,
    lock_row: " FOR UPDATE",
    eq_nocase: crate::conditions::pg_eq_nocase,
};

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

fn last_seq(db: &mut dyn Sql) -> Result<i64, StoreError> {
    let rows = db.rows("SELECT coalesce(max(seq), 0) FROM story_articles", &[])?;
    Ok(rows
        .first()
        .and_then(|r| r.first())
        .and_then(P::int)
        .unwrap_or(0))
}

fn unassigned(db: &mut dyn Sql, order: &str) -> Result<Vec<String>, StoreError> {
    let sql = format!(
        "SELECT a.id FROM articles a WHERE NOT EXISTS
           (SELECT 1 FROM story_articles sa WHERE sa.article_id = a.id) ORDER BY a.{order}"
    );
    Ok(db.rows(&sql, &[])?.iter().map(|r| r[0].string()).collect())
}

fn memberships_since(db: &mut dyn Sql, seq: i64) -> Result<Vec<Membership>, StoreError> {
    Ok(db
        .rows(
            "SELECT seq, story_id, article_id FROM story_articles WHERE seq > ? ORDER BY seq",
            &[i(seq)],
        )?
        .iter()
        .map(|r| Membership {
            seq: r[0].int().unwrap_or(0),
            story: r[1].string(),
            article: r[2].string(),
        })
        .collect())
}

/// Ids per statement, so the parameter count stays far below both backends' limits.
const CHUNK: usize = 500;

fn story_inputs(db: &mut dyn Sql, ids: &[String]) -> Result<Vec<StoryInput>, StoreError> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let params: Vec<P> = chunk.iter().map(|x| t(x.as_str())).collect();
        let m = marks(chunk.len());
        let mut by_id: std::collections::HashMap<String, StoryInput> = db
            .rows(
                &format!(
                    "SELECT id, coalesce(title, substr(text, CAST(title_start AS INTEGER) + 1,
                            CAST(title_end - title_start AS INTEGER))),
                        text, date, date_source FROM articles WHERE id IN ({m})"
                ),
                &params,
            )?
            .into_iter()
            .map(|r| {
                // A page-header or crawl date may be the day the page was saved.
                let source = r[4].text();
                let reliable = !matches!(source.as_deref(), Some("header" | "crawl"));
                let input = StoryInput {
                    id: r[0].string(),
                    title: r[1].text(),
                    text: r[2].string(),
                    date: if reliable { r[3].date() } else { None },
                    ..StoryInput::default()
                };
                (input.id.clone(), input)
            })
            .collect();
        for r in db.rows(
            &format!("SELECT article_id, code FROM mentions WHERE article_id IN ({m}) ORDER BY article_id, sentence_index"),
            &params,
        )? {
            if let Some(a) = by_id.get_mut(&r[0].string()) {
                a.actors.push(r[1].string());
            }
        }
        for r in db.rows(
            &format!(
                "SELECT article_id, coalesce(source_iso3, source_code),
                        coalesce(target_iso3, target_code)
                 FROM events WHERE article_id IN ({m}) AND target_code IS NOT NULL
                 ORDER BY article_id, sentence_index, action_start"
            ),
            &params,
        )? {
            if let Some(a) = by_id.get_mut(&r[0].string()) {
                a.dyads.push(format!("{}>{}", r[1].string(), r[2].string()));
            }
        }
        out.extend(chunk.iter().filter_map(|id| by_id.remove(id)));
    }
    Ok(out)
}

/// Writes a membership update; the caller holds the writers' lock and checked the seq.
fn put_memberships(db: &mut dyn Sql, update: &MembershipUpdate) -> Result<i64, StoreError> {
    let now = now();
    for h in &update.headers {
        db.exec(
            "INSERT INTO stories (id, title, first_date, last_date, n_articles, n_events,
                n_links, version, report_version, updated_at)
             VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, ?)
             ON CONFLICT (id) DO UPDATE SET title = excluded.title,
                first_date = excluded.first_date, last_date = excluded.last_date",
            &[
                t(h.id.as_str()),
                t(h.title.as_str()),
                d(h.first_date),
                d(h.last_date),
                t(now.as_str()),
            ],
        )?;
    }
    for (story, article) in &update.members {
        db.exec(
            "INSERT INTO story_articles (story_id, article_id, date_method, date_note)
             VALUES (?, ?, 'unknown', '') ON CONFLICT (article_id) DO NOTHING",
            &[t(story.as_str()), t(article.as_str())],
        )?;
    }
    let mut touched: Vec<&str> = update.members.iter().map(|m| m.0.as_str()).collect();
    touched.sort_unstable();
    touched.dedup();
    for s in touched {
        db.exec(
            "UPDATE stories SET version = version + 1, updated_at = ?,
                n_articles = (SELECT count(*) FROM story_articles WHERE story_id = ?)
             WHERE id = ?",
            &[t(now.as_str()), t(s), t(s)],
        )?;
    }
    for x in &update.duplicates {
        db.exec(
            "INSERT INTO story_duplicates (article_id, other_id, kind, jaccard,
                article_in_other, other_in_article, shared_sentences)
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, other_id) DO NOTHING",
            &[
                t(x.article.as_str()),
                t(x.other.as_str()),
                t(x.kind.as_str()),
                P::Real(Some(f64::from(x.jaccard))),
                P::Real(Some(f64::from(x.article_in_other))),
                P::Real(Some(f64::from(x.other_in_article))),
                i(x.shared_sentences),
            ],
        )?;
    }
    last_seq(db)
}

fn stale_stories(db: &mut dyn Sql) -> Result<Vec<StaleStory>, StoreError> {
    let heads = db.rows(
        "SELECT id, version FROM stories WHERE report_version < version ORDER BY id",
        &[],
    )?;
    let mut out = Vec::with_capacity(heads.len());
    for h in heads {
        let id = h[0].string();
        let articles = db
            .rows(
                "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY seq",
                &[t(id.as_str())],
            )?
            .iter()
            .map(|r| r[0].string())
            .collect();
        out.push(StaleStory {
            id,
            version: h[1].int().unwrap_or(0),
            articles,
        });
    }
    Ok(out)
}

fn json<T: serde::Serialize>(v: &T) -> P {
    t(serde_json::to_string(v).unwrap_or_else(|_| "[]".into()))
}

/// Rewrites a story's report; the caller holds a transaction. `false` when the members
/// changed since `version`.
fn put_story_report(
    db: &mut dyn Sql,
    dialect: &Dialect,
    version: i64,
    r: &StoryReportRecord,
) -> Result<bool, StoreError> {
    let id = t(r.id.as_str());
    let found = db.rows(
        &format!(
            "SELECT version FROM stories WHERE id = ?{}",
            dialect.lock_row
        ),
        std::slice::from_ref(&id),
    )?;
    if found.first().and_then(|x| x[0].int()) != Some(version) {
        return Ok(false);
    }
    for table in [
        "story_events",
        "story_event_mentions",
        "story_claims",
        "story_claim_links",
        "story_parts",
    ] {
        db.exec(
            &format!("DELETE FROM {table} WHERE story_id = ?"),
            std::slice::from_ref(&id),
        )?;
    }
    for (rank, e) in r.events.iter().enumerate() {
        db.exec(
            "INSERT INTO story_events (story_id, rank, event_id, source, target, cameo,
                quad_class, date, date_how, place, negated, num_sources, num_articles)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            &[
                id.clone(),
                i(rank as i64),
                t(e.id.as_str()),
                t(e.source.as_str()),
                ot(e.target.as_deref()),
                t(e.cameo.as_str()),
                i(e.quad_class),
                d(e.date),
                t(e.date_how.as_str()),
                ot(e.place.as_deref()),
                i(e.negated),
                i(e.num_sources),
                i(e.num_articles),
            ],
        )?;
        for (k, m) in e.mentions.iter().enumerate() {
            db.exec(
                "INSERT INTO story_event_mentions (story_id, event_id, rank, article_id,
                    outlet, event_index, sentence_index, cameo, rule, date, date_how, text,
                    start_char, end_char)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                &[
                    id.clone(),
                    t(e.id.as_str()),
                    i(k as i64),
                    t(m.article.as_str()),
                    ot(m.outlet.as_deref()),
                    i(m.event_index),
                    i(m.sentence_index),
                    t(m.cameo.as_str()),
                    t(m.rule.as_str()),
                    d(m.date),
                    t(m.date_how.as_str()),
                    t(m.action.text.as_str()),
                    i(m.action.start),
                    i(m.action.end),
                ],
            )?;
        }
    }
    for s in &r.statements {
        let sp = s.speaker.as_ref();
        db.exec(
            "INSERT INTO story_claims (story_id, idx, kind, article_id, outlet,
                sentence_index, speaker_code, speaker_iso3, speaker_name, target_side, value,
                unit, via, date, date_how, text, start_char, end_char)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            &[
                id.clone(),
                i(s.idx),
                t(s.kind.as_str()),
                t(s.article.as_str()),
                ot(s.outlet.as_deref()),
                i(s.sentence_index),
                ot(sp.map(|a| a.code.as_str())),
                ot(sp.and_then(|a| a.iso3.as_deref())),
                ot(sp.and_then(|a| a.name.as_deref())),
                ot(s.target_side.as_deref()),
                P::Int(s.value.map(|v| v.min(i64::MAX as u64) as i64)),
                ot(s.unit.as_deref()),
                t(s.via.as_str()),
                d(s.date),
                t(s.date_how.as_str()),
                t(s.span.text.as_str()),
                i(s.span.start),
                i(s.span.end),
            ],
        )?;
    }
    for (rank, (kind, c, a, shared, cross)) in r.links.iter().enumerate() {
        db.exec(
            "INSERT INTO story_claim_links (story_id, rank, kind, claim_idx, answer_idx,
                shared_terms, cross_outlet) VALUES (?, ?, ?, ?, ?, ?, ?)",
            &[
                id.clone(),
                i(rank as i64),
                t(kind.as_str()),
                i(*c),
                i(*a),
                i(*shared),
                i(*cross),
            ],
        )?;
    }
    for (part, body) in [
        ("summary", json(&r.summary)),
        ("timeline", json(&r.timeline)),
        ("coverage", json(&r.coverage)),
    ] {
        db.exec(
            "INSERT INTO story_parts (story_id, part, body) VALUES (?, ?, ?)",
            &[id.clone(), t(part), body],
        )?;
    }
    for (article, date, method, note) in &r.dates {
        db.exec(
            "UPDATE story_articles SET date = ?, date_method = ?, date_note = ?
             WHERE article_id = ? AND story_id = ?",
            &[
                d(*date),
                t(method.as_str()),
                t(note.as_str()),
                t(article.as_str()),
                id.clone(),
            ],
        )?;
    }
    db.exec(
        "UPDATE stories SET title = ?, first_date = ?, last_date = ?, n_events = ?,
            n_links = ?, report_version = ?, updated_at = ? WHERE id = ?",
        &[
            t(r.title.as_str()),
            d(r.first_date),
            d(r.last_date),
            i(r.events.len() as i64),
            i(r.links.len() as i64),
            i(version),
            t(now()),
            id,
        ],
    )?;
    Ok(true)
}

const STORY_COLS: &str = "s.id, s.title, s.first_date, s.last_date, s.n_events, s.n_links,
    s.report_version < s.version";

fn story_rows(db: &mut dyn Sql, heads: Vec<Vec<P>>) -> Result<Vec<StoryRow>, StoreError> {
    let mut rows: Vec<StoryRow> = heads
        .into_iter()
        .map(|r| StoryRow {
            id: r[0].string(),
            title: r[1].string(),
            first_date: r[2].date(),
            last_date: r[3].date(),
            num_events: r[4].int().unwrap_or(0) as u64,
            num_claim_links: r[5].int().unwrap_or(0) as u64,
            stale: r[6].int().unwrap_or(0) != 0,
            articles: Vec::new(),
            outlets: Vec::new(),
        })
        .collect();
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let at: std::collections::HashMap<String, usize> = ids
        .iter()
        .enumerate()
        .map(|(k, id)| (id.clone(), k))
        .collect();
    for chunk in ids.chunks(CHUNK) {
        let params: Vec<P> = chunk.iter().map(|x| t(x.as_str())).collect();
        let sql = format!(
            "SELECT sa.story_id, sa.article_id, a.outlet FROM story_articles sa
             JOIN articles a ON a.id = sa.article_id
             WHERE sa.story_id IN ({}) ORDER BY sa.seq",
            marks(chunk.len())
        );
        for r in db.rows(&sql, &params)? {
            let Some(&k) = at.get(&r[0].string()) else {
                continue;
            };
            let row = &mut rows[k];
            row.articles.push(r[1].string());
            if let Some(o) = r[2].text() {
                if !row.outlets.contains(&o) {
                    row.outlets.push(o);
                }
            }
        }
    }
    Ok(rows)
}

fn stories(
    db: &mut dyn Sql,
    dialect: &Dialect,
    q: &StoryQuery,
) -> Result<Vec<StoryRow>, StoreError> {
    let like = dialect.like;
    let mut clauses: Vec<String> = Vec::new();
    let mut params: Vec<P> = Vec::new();
    let members = "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE";
    if let Some((clause, p)) = q.search.as_deref().and_then(dialect.search) {
        clauses.push(format!("{members} {clause})"));
        params.push(p);
    }
    if let Some(o) = q.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        clauses.push(format!("{members} {})", (dialect.eq_nocase)("a.outlet")));
        params.push(t(o));
    }
    if let Some(a) = &q.actor {
        clauses.push(format!(
            "s.id IN (SELECT sa.story_id FROM story_articles sa JOIN mentions m
               ON m.article_id = sa.article_id WHERE m.iso3 = ? OR m.code {like} ? ESCAPE '\\')"
        ));
        params.push(t(a.as_str()));
        params.push(t(format!("{}%", like_escape(a.as_str()))));
    }
    if let Some(day) = q.since {
        clauses.push("s.last_date >= ?".into());
        params.push(d(Some(day)));
    }
    if let Some(day) = q.until {
        clauses.push("s.first_date <= ?".into());
        params.push(d(Some(day)));
    }
    if let Some(a) = &q.article_id {
        clauses.push("s.id IN (SELECT story_id FROM story_articles WHERE article_id = ?)".into());
        params.push(t(a.as_str()));
    }
    if let Some(n) = q.min_articles {
        clauses.push("s.n_articles >= ?".into());
        params.push(i(n.min(i64::MAX as usize) as i64));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    params.push(i(q
        .limit
        .map_or(i64::MAX, |l| l.min(i64::MAX as usize) as i64)));
    params.push(i(q.offset.min(i64::MAX as usize) as i64));
    let sql = format!(
        "SELECT {STORY_COLS} FROM stories s {filter}
         ORDER BY s.n_articles DESC, s.last_date IS NULL, s.last_date DESC, s.id
         LIMIT ? OFFSET ?"
    );
    let heads = db.rows(&sql, &params)?;
    story_rows(db, heads)
}

fn statement(r: &[P]) -> StoryStatement {
    // idx, kind, article_id, outlet, sentence_index, speaker_code, speaker_iso3,
    // speaker_name, target_side, value, unit, via, date, date_how, text, start, end
    StoryStatement {
        idx: r[0].u32(),
        kind: r[1].string(),
        article: r[2].string(),
        outlet: r[3].text(),
        sentence_index: r[4].u32(),
        speaker: r[5].text().map(|code| StoryActor {
            code,
            iso3: r[6].text(),
            name: r[7].text(),
        }),
        target_side: r[8].text(),
        value: r[9].int().map(|v| v.max(0) as u64),
        unit: r[10].text(),
        via: r[11].string(),
        date: r[12].date(),
        date_how: r[13].string(),
        span: TextSpan {
            text: r[14].string(),
            start: r[15].u32(),
            end: r[16].u32(),
        },
    }
}

fn part<T: serde::de::DeserializeOwned>(
    db: &mut dyn Sql,
    id: &str,
    name: &str,
) -> Result<Vec<T>, StoreError> {
    let rows = db.rows(
        "SELECT body FROM story_parts WHERE story_id = ? AND part = ?",
        &[t(id), t(name)],
    )?;
    match rows.first() {
        None => Ok(Vec::new()),
        Some(r) => {
            serde_json::from_str(&r[0].string()).map_err(|source| StoreError::CorruptStory {
                id: id.to_string(),
                part: name.to_string(),
                source,
            })
        }
    }
}

fn story(db: &mut dyn Sql, id_or_prefix: &str) -> Result<Option<StoryDetail>, StoreError> {
    let prefix = id_or_prefix.trim();
    if prefix.is_empty() {
        return Ok(None);
    }
    let ids: Vec<String> = db
        .rows(
            "SELECT id FROM stories WHERE substr(id, 1, length(?)) = ? ORDER BY id LIMIT 11",
            &[t(prefix), t(prefix)],
        )?
        .iter()
        .map(|r| r[0].string())
        .collect();
    let id = match ids.as_slice() {
        [] => return Ok(None),
        [one] => one.clone(),
        many if many.iter().any(|x| x == prefix) => prefix.to_string(),
        _ => {
            let count = db.rows(
                "SELECT count(*) FROM stories WHERE substr(id, 1, length(?)) = ?",
                &[t(prefix), t(prefix)],
            )?;
            return Err(StoreError::AmbiguousStory {
                prefix: prefix.to_string(),
                count: count.first().and_then(|r| r[0].int()).unwrap_or(0) as usize,
            });
        }
    };
    let heads = db.rows(
        &format!("SELECT {STORY_COLS} FROM stories s WHERE s.id = ?"),
        &[t(id.as_str())],
    )?;
    let Some(story) = story_rows(db, heads)?.pop() else {
        return Ok(None);
    };
    let sid = t(id.as_str());
    let dates = db
        .rows(
            "SELECT a.id, a.title, a.outlet, a.wire, sa.date, sa.date_method, sa.date_note
             FROM story_articles sa JOIN articles a ON a.id = sa.article_id
             WHERE sa.story_id = ? ORDER BY sa.date IS NULL, sa.date, a.id",
            std::slice::from_ref(&sid),
        )?
        .iter()
        .map(|r| StoryArticle {
            id: r[0].string(),
            title: r[1].text(),
            outlet: r[2].text(),
            wire: r[3].text(),
            date: r[4].date(),
            date_method: r[5].string(),
            date_note: r[6].string(),
        })
        .collect();
    let mut events: Vec<StoryEvent> = db
        .rows(
            "SELECT event_id, source, target, cameo, quad_class, date, date_how, place,
                negated, num_sources, num_articles
             FROM story_events WHERE story_id = ? ORDER BY rank",
            std::slice::from_ref(&sid),
        )?
        .iter()
        .map(|r| StoryEvent {
            id: r[0].string(),
            source: r[1].string(),
            target: r[2].text(),
            cameo: r[3].string(),
            quad_class: r[4].int().unwrap_or(0).clamp(0, 255) as u8,
            date: r[5].date(),
            date_how: r[6].string(),
            place: r[7].text(),
            negated: r[8].int().unwrap_or(0) != 0,
            num_sources: r[9].u32(),
            num_articles: r[10].u32(),
            mentions: Vec::new(),
        })
        .collect();
    let at: std::collections::HashMap<String, usize> = events
        .iter()
        .enumerate()
        .map(|(k, e)| (e.id.clone(), k))
        .collect();
    for r in db.rows(
        "SELECT event_id, article_id, outlet, event_index, sentence_index, cameo, rule, date,
            date_how, text, start_char, end_char
         FROM story_event_mentions WHERE story_id = ? ORDER BY event_id, rank",
        std::slice::from_ref(&sid),
    )? {
        if let Some(&k) = at.get(&r[0].string()) {
            events[k].mentions.push(StoryEventMention {
                article: r[1].string(),
                outlet: r[2].text(),
                event_index: r[3].u32(),
                sentence_index: r[4].u32(),
                cameo: r[5].string(),
                rule: r[6].string(),
                date: r[7].date(),
                date_how: r[8].string(),
                action: TextSpan {
                    text: r[9].string(),
                    start: r[10].u32(),
                    end: r[11].u32(),
                },
            });
        }
    }
    let statements: Vec<StoryStatement> = db
        .rows(
            "SELECT idx, kind, article_id, outlet, sentence_index, speaker_code, speaker_iso3,
                speaker_name, target_side, value, unit, via, date, date_how, text, start_char,
                end_char
             FROM story_claims WHERE story_id = ? ORDER BY idx",
            std::slice::from_ref(&sid),
        )?
        .iter()
        .map(|r| statement(r))
        .collect();
    let by_idx = |k: i64| statements.iter().find(|s| i64::from(s.idx) == k).cloned();
    let claims = db
        .rows(
            "SELECT kind, claim_idx, answer_idx, shared_terms, cross_outlet
             FROM story_claim_links WHERE story_id = ? ORDER BY rank",
            std::slice::from_ref(&sid),
        )?
        .iter()
        .filter_map(|r| {
            Some(StoryClaimLink {
                kind: r[0].string(),
                claim: by_idx(r[1].int()?)?,
                answer: by_idx(r[2].int()?)?,
                shared_terms: r[3].u32(),
                cross_outlet: r[4].int().unwrap_or(0) != 0,
            })
        })
        .collect();
    let duplicates = db
        .rows(
            "SELECT article_id, other_id, kind, jaccard, article_in_other, other_in_article,
                shared_sentences
             FROM story_duplicates
             WHERE article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)
               AND other_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)
             ORDER BY article_id, other_id",
            &[sid.clone(), sid],
        )?
        .iter()
        .map(|r| DuplicateRow {
            article: r[0].string(),
            other: r[1].string(),
            kind: r[2].string(),
            jaccard: r[3].real() as f32,
            article_in_other: r[4].real() as f32,
            other_in_article: r[5].real() as f32,
            shared_sentences: r[6].u32(),
        })
        .collect();
    Ok(Some(StoryDetail {
        summary: part::<SummaryRow>(db, &id, "summary")?,
        timeline: part::<TimelineRow>(db, &id, "timeline")?,
        coverage: part::<CoverageRow>(db, &id, "coverage")?,
        story,
        dates,
        events,
        statements,
        claims,
        duplicates,
    }))
}

// ---- SQLite -------------------------------------------------------------------------

struct Lite<'c>(&'c rusqlite::Connection);

fn to_value(p: &P) -> Value {
    match p {
        P::Int(Some(v)) => Value::Integer(*v),
        P::Real(Some(v)) => Value::Real(*v),
        P::Text(Some(v)) => Value::Text(v.clone()),
        _ => Value::Null,
    }
}

impl Sql for Lite<'_> {
    fn exec(&mut self, sql: &str, params: &[P]) -> Result<u64, StoreError> {
        let mut st = self.0.prepare_cached(sql)?;
        Ok(st.execute(rusqlite::params_from_iter(params.iter().map(to_value)))? as u64)
    }

    fn rows(&mut self, sql: &str, params: &[P]) -> Result<Vec<Vec<P>>, StoreError> {
        let mut st = self.0.prepare_cached(sql)?;
        let n = st.column_count();
        let rows = st.query_map(
            rusqlite::params_from_iter(params.iter().map(to_value)),
            |r| {
                (0..n)
                    .map(|k| {
                        Ok(match r.get::<_, Value>(k)? {
                            Value::Integer(v) => P::Int(Some(v)),
                            Value::Real(v) => P::Real(Some(v)),
                            Value::Text(v) => P::Text(Some(v)),
                            Value::Null | Value::Blob(_) => P::Text(None),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<P>>>()
            },
        )?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

impl StoryStore for SqliteStore {
    fn lock_stories(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    fn unlock_stories(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    fn unassigned(&self) -> Result<Vec<String>, StoreError> {
        unassigned(&mut Lite(&self.conn), "rowid")
    }

    fn memberships_since(&self, seq: i64) -> Result<Vec<Membership>, StoreError> {
        memberships_since(&mut Lite(&self.conn), seq)
    }

    fn story_inputs(&self, ids: &[String]) -> Result<Vec<StoryInput>, StoreError> {
        story_inputs(&mut Lite(&self.conn), ids)
    }

    fn put_memberships(
        &mut self,
        expected_seq: i64,
        update: &MembershipUpdate,
    ) -> Result<Option<i64>, StoreError> {
        // IMMEDIATE takes the write lock first, so the seq check and the writes see the
        // same state even with several processes on one file.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut db = Lite(&tx);
        if last_seq(&mut db)? != expected_seq {
            return Ok(None);
        }
        let seq = put_memberships(&mut db, update)?;
        tx.commit()?;
        Ok(Some(seq))
    }

    fn stale_stories(&self) -> Result<Vec<StaleStory>, StoreError> {
        stale_stories(&mut Lite(&self.conn))
    }

    fn put_story_report(
        &mut self,
        version: i64,
        report: &StoryReportRecord,
    ) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if !put_story_report(&mut Lite(&tx), &SQLITE, version, report)? {
            return Ok(false);
        }
        tx.commit()?;
        Ok(true)
    }

    fn stories(&self, query: &StoryQuery) -> Result<Vec<StoryRow>, StoreError> {
        stories(&mut Lite(&self.conn), &SQLITE, query)
    }

    fn story(&self, id_or_prefix: &str) -> Result<Option<StoryDetail>, StoreError> {
        story(&mut Lite(&self.conn), id_or_prefix)
    }
}

// ---- PostgreSQL ---------------------------------------------------------------------

/// Serialises story writers across processes (any fixed number works).
const STORY_LOCK: i64 = 0x5173_7265_7001;

struct Pg<'c, C: postgres::GenericClient>(&'c mut C);

fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut k = 0;
    for c in sql.chars() {
        if c == '?' {
            k += 1;
            out.push_str(&format!("${k}"));
        } else {
            out.push(c);
        }
    }
    out
}

fn pg_params(params: &[P]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .map(|p| -> Box<dyn ToSql + Sync> {
            match p {
                P::Int(v) => Box::new(*v),
                P::Real(v) => Box::new(*v),
                P::Text(v) => Box::new(v.clone()),
            }
        })
        .collect()
}

impl<C: postgres::GenericClient> Sql for Pg<'_, C> {
    fn exec(&mut self, sql: &str, params: &[P]) -> Result<u64, StoreError> {
        let boxed = pg_params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref() as _).collect();
        Ok(self.0.execute(numbered(sql).as_str(), &refs)?)
    }

    fn rows(&mut self, sql: &str, params: &[P]) -> Result<Vec<Vec<P>>, StoreError> {
        let boxed = pg_params(params);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref() as _).collect();
        let rows = self.0.query(numbered(sql).as_str(), &refs)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut v = Vec::with_capacity(r.len());
            for (k, col) in r.columns().iter().enumerate() {
                v.push(match *col.type_() {
                    Type::INT8 => P::Int(r.try_get::<_, Option<i64>>(k)?),
                    Type::INT4 => P::Int(r.try_get::<_, Option<i32>>(k)?.map(i64::from)),
                    Type::BOOL => P::Int(r.try_get::<_, Option<bool>>(k)?.map(i64::from)),
                    Type::FLOAT8 => P::Real(r.try_get::<_, Option<f64>>(k)?),
                    _ => P::Text(r.try_get::<_, Option<String>>(k)?),
                });
            }
            out.push(v);
        }
        Ok(out)
    }
}

impl StoryStore for PgStore {
    fn lock_stories(&mut self) -> Result<(), StoreError> {
        self.client_mut()
            .execute("SELECT pg_advisory_lock($1)", &[&STORY_LOCK])?;
        Ok(())
    }

    fn unlock_stories(&mut self) -> Result<(), StoreError> {
        self.client_mut()
            .execute("SELECT pg_advisory_unlock($1)", &[&STORY_LOCK])?;
        Ok(())
    }

    fn unassigned(&self) -> Result<Vec<String>, StoreError> {
        unassigned(&mut Pg(&mut *self.client()), "seq")
    }

    fn memberships_since(&self, seq: i64) -> Result<Vec<Membership>, StoreError> {
        memberships_since(&mut Pg(&mut *self.client()), seq)
    }

    fn story_inputs(&self, ids: &[String]) -> Result<Vec<StoryInput>, StoreError> {
        story_inputs(&mut Pg(&mut *self.client()), ids)
    }

    fn put_memberships(
        &mut self,
        expected_seq: i64,
        update: &MembershipUpdate,
    ) -> Result<Option<i64>, StoreError> {
        let client = self.client_mut();
        let mut tx = client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&STORY_LOCK])?;
        let mut db = Pg(&mut tx);
        if last_seq(&mut db)? != expected_seq {
            return Ok(None);
        }
        let seq = put_memberships(&mut db, update)?;
        tx.commit()?;
        Ok(Some(seq))
    }

    fn stale_stories(&self) -> Result<Vec<StaleStory>, StoreError> {
        stale_stories(&mut Pg(&mut *self.client()))
    }

    fn put_story_report(
        &mut self,
        version: i64,
        report: &StoryReportRecord,
    ) -> Result<bool, StoreError> {
        let client = self.client_mut();
        let mut tx = client.transaction()?;
        if !put_story_report(&mut Pg(&mut tx), &PG, version, report)? {
            return Ok(false);
        }
        tx.commit()?;
        Ok(true)
    }

    fn stories(&self, query: &StoryQuery) -> Result<Vec<StoryRow>, StoreError> {
        stories(&mut Pg(&mut *self.client()), &PG, query)
    }

    fn story(&self, id_or_prefix: &str) -> Result<Option<StoryDetail>, StoreError> {
        story(&mut Pg(&mut *self.client()), id_or_prefix)
    }
}
