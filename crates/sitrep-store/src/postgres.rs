//! The PostgreSQL backend: the SQLite schema and semantics on a server several ingest
//! processes can share.
//!
//! Full-text search uses a generated `tsvector` column with the `simple` configuration
//! (no stemming, like SQLite's FTS5 default tokenizer) and `plainto_tsquery`, so every
//! user word is required and operators are plain text. Concurrent writers never store an
//! article twice: inserts are `ON CONFLICT (id) DO NOTHING`, and each batch inserts in id
//! order so two batches with overlapping ids cannot deadlock.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement, Transaction};
use rusqlite::types::Value;
use sitrep_doc::{ActorRef, Caption, Doc};

use crate::conditions::{
    article_query_conditions, event_article_scope, event_conditions, quote_article_scope,
    quote_conditions, record_article_condition, Condition, Dialect,
};
use crate::migrations_pg::MIGRATIONS;
use crate::sqlite::{compress_doc, date_str, decode_doc, enum_str, parse_date, Spans};
use crate::{
    ActorRow, Article, ArticleLayers, ArticleQuery, ArticleRow, Counts, EventQuery, EventRow,
    MentionRow, PlaceRow, PutSummary, QuoteQuery, QuoteRow, Store, StoreError, TextSpan, TimeRow,
};

/// Serialises schema migrations of concurrent first connections (any fixed number works).
const MIGRATION_LOCK: i64 = 0x5173_7265_7000;

/// A [`Store`] in a PostgreSQL database.
pub struct PgStore {
    // Reads take `&self` in the trait; the client needs `&mut` for every query.
    client: Mutex<Client>,
    /// Read statements prepared on this connection, by SQL text. Parsing and planning
    /// cost about as much as running the small queries the API sends. Locked after
    /// `client`, never before.
    statements: Mutex<HashMap<String, Statement>>,
}

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`, or a key=value string; no TLS)
    /// and brings the schema in the connection's `search_path` up to date.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        migrate(&mut client)?;
        Ok(PgStore {
            client: Mutex::new(client),
            statements: Mutex::new(HashMap::new()),
        })
    }

    fn client(&self) -> MutexGuard<'_, Client> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (it rolls back on drop), so a poisoned client is still usable.
        self.client.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs a read through the statement cache.
    fn query(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, StoreError> {
        let mut c = self.client();
        let mut cache = self.statements.lock().unwrap_or_else(|e| e.into_inner());
        let st = match cache.get(sql) {
            Some(st) => st.clone(),
            None => {
                let st = c.prepare(sql)?;
                cache.insert(sql.to_string(), st.clone());
                st
            }
        };
        drop(cache);
        Ok(c.query(&st, params)?)
    }
}

fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
    let found: i64 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])?
        .try_get(0)?;
    let known = MIGRATIONS.len() as u32;
    let found = u32::try_from(found).unwrap_or(u32::MAX);
    if found > known {
        return Err(StoreError::SchemaTooNew { found, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES ($1)",
            &[&(i as i64 + 1)],
        )?;
    }
    tx.commit()?;
    Ok(())
}

type Param = Box<dyn ToSql + Sync>;

fn refs(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p.as_ref() as _).collect()
}

fn n(v: u32) -> i64 {
    i64::from(v)
}

fn on(v: Option<u32>) -> Option<i64> {
    v.map(i64::from)
}

fn limit_value(limit: Option<usize>) -> Option<i64> {
    limit.map(|l| l.min(i64::MAX as usize) as i64)
}

/// Plain user words for `plainto_tsquery`: punctuation splits words, so `US-Russia` is two
/// required words as in SQLite, not a hyphenated compound.
fn ts_words(search: &str) -> Option<String> {
    search.split_whitespace().next()?;
    Some(
        search
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect(),
    )
}

/// The full-text condition on an article row: its `tsvector` matches the plain words.
fn fts_condition(prefix: &str, words: &str) -> Option<Condition> {
    ts_words(words).map(|w| Condition {
        clause: format!("{prefix}fts @@ plainto_tsquery('simple', ?)"),
        params: vec![w],
    })
}

const POSTGRES: Dialect = Dialect {
    like: "ILIKE",
    fts: fts_condition,
};

/// The statements one batch uses, prepared once per transaction.
struct Inserts {
    article: postgres::Statement,
    mention: postgres::Statement,
    event: postgres::Statement,
    quote: postgres::Statement,
    time: postgres::Statement,
    place: postgres::Statement,
}

fn placeholders(k: usize) -> String {
    (1..=k)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Inserts {
    fn prepare(tx: &mut Transaction<'_>) -> Result<Inserts, StoreError> {
        let ins = |table: &str, cols: &str| {
            let k = cols.split(',').count();
            format!("INSERT INTO {table} ({cols}) VALUES ({})", placeholders(k))
        };
        Ok(Inserts {
            article: tx.prepare(&format!(
                "{} ON CONFLICT (id) DO NOTHING",
                ins(
                    "articles",
                    "id, source, url, outlet, title, byline, wire, date, date_source, language,
                     text, title_start, title_end, captions, doc, ingested_at"
                )
            ))?,
            mention: tx.prepare(&ins("mentions", MENTION_COLS))?,
            event: tx.prepare(&ins("events", EVENT_COLS))?,
            quote: tx.prepare(&ins("quotes", QUOTE_COLS))?,
            time: tx.prepare(&ins("times", TIME_COLS))?,
            place: tx.prepare(&ins("places", PLACE_COLS))?,
        })
    }
}

type ActorCols<'a> = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    &'a str,
    i64,
    i64,
);

fn put_doc(
    tx: &mut Transaction<'_>,
    st: &Inserts,
    doc: &Doc,
    now: &str,
) -> Result<bool, StoreError> {
    let m = &doc.meta;
    let spans = Spans::new(doc);
    let title = doc.title_span.map(|s| spans.get(s));
    let captions = serde_json::to_string(&m.captions).map_err(|source| StoreError::Corrupt {
        id: m.id.clone(),
        source,
    })?;
    let doc_blob = compress_doc(doc)?;
    let inserted = tx.execute(
        &st.article,
        &[
            &m.id,
            &m.source,
            &m.url,
            &m.outlet,
            &m.title,
            &m.byline,
            &m.wire,
            &date_str(m.date),
            &m.date_source.as_ref().and_then(enum_str),
            &m.language,
            &doc.text(),
            &title.map(|t| n(t.1)),
            &title.map(|t| n(t.2)),
            &captions,
            &doc_blob,
            &now,
        ],
    )?;
    if inserted == 0 {
        return Ok(false);
    }
    let actor = |a: &ActorRef| -> ActorCols<'_> {
        let (text, s, e) = spans.get(a.span);
        (
            a.code.clone(),
            a.iso3.clone(),
            a.sector.clone(),
            a.name.clone(),
            text,
            n(s),
            n(e),
        )
    };
    for x in &doc.mentions {
        let (code, iso3, sector, name, text, s, e) = actor(&x.actor);
        tx.execute(
            &st.mention,
            &[
                &m.id,
                &n(x.sent),
                &code,
                &iso3,
                &sector,
                &name,
                &text,
                &s,
                &e,
                &x.rule,
            ],
        )?;
    }
    for x in &doc.events {
        let (sc, si, ss, sn, stx, s0, s1) = actor(&x.source);
        let t = x.target.as_ref().map(&actor);
        let (atx, a0, a1) = spans.get(x.action);
        tx.execute(
            &st.event,
            &[
                &m.id,
                &n(x.sent),
                &sc,
                &si,
                &ss,
                &sn,
                &stx,
                &s0,
                &s1,
                &t.as_ref().map(|t| &t.0),
                &t.as_ref().and_then(|t| t.1.as_ref()),
                &t.as_ref().and_then(|t| t.2.as_ref()),
                &t.as_ref().and_then(|t| t.3.as_ref()),
                &t.as_ref().map(|t| t.4),
                &t.as_ref().map(|t| t.5),
                &t.as_ref().map(|t| t.6),
                &atx,
                &n(a0),
                &n(a1),
                &x.cameo,
                &x.plover,
                &x.plover_mode,
                &f64::from(x.goldstein),
                &i64::from(x.quad_class),
                &date_str(x.date),
                &x.date_source,
                &on(x.place),
                &x.negated,
                &x.hypothetical,
                &x.rule,
            ],
        )?;
    }
    for x in &doc.quotes {
        let (ctx, c0, c1) = spans.get(x.content);
        let cue = x.cue.map(|s| spans.get(s));
        let men = x.speaker_mention.map(|s| spans.get(s));
        let sp = x.speaker.as_ref().map(&actor);
        tx.execute(
            &st.quote,
            &[
                &m.id,
                &n(x.sent),
                &x.kind.as_str(),
                &ctx,
                &n(c0),
                &n(c1),
                &cue.map(|c| c.0),
                &cue.map(|c| n(c.1)),
                &cue.map(|c| n(c.2)),
                &men.map(|c| c.0),
                &men.map(|c| n(c.1)),
                &men.map(|c| n(c.2)),
                &sp.as_ref().map(|t| &t.0),
                &sp.as_ref().and_then(|t| t.1.as_ref()),
                &sp.as_ref().and_then(|t| t.2.as_ref()),
                &sp.as_ref().and_then(|t| t.3.as_ref()),
                &sp.as_ref().map(|t| t.4),
                &sp.as_ref().map(|t| t.5),
                &sp.as_ref().map(|t| t.6),
                &x.rule,
            ],
        )?;
    }
    for x in &doc.times {
        let (text, s, e) = spans.get(x.span);
        tx.execute(
            &st.time,
            &[
                &m.id,
                &n(x.sent),
                &text,
                &n(s),
                &n(e),
                &x.kind.as_str(),
                &x.value,
                &date_str(x.date),
                &x.relative,
                &x.rule,
            ],
        )?;
    }
    for x in &doc.places {
        let (text, s, e) = spans.get(x.span);
        tx.execute(
            &st.place,
            &[
                &m.id,
                &n(x.sent),
                &text,
                &n(s),
                &n(e),
                &x.name,
                &x.lat,
                &x.lon,
                &x.iso3,
                &x.admin1,
                &on(x.geonames_id),
                &x.rule,
            ],
        )?;
    }
    Ok(true)
}

const ARTICLE_COLS: &str = "a.id, a.source, a.url, a.outlet, a.title, a.byline, a.wire, a.date,
    a.date_source, a.language, length(a.text)::bigint, a.ingested_at";
const MENTION_COLS: &str =
    "article_id, sentence_index, code, iso3, sector, name, text, start_char, end_char, rule";
const EVENT_COLS: &str = "article_id, sentence_index, source_code, source_iso3, source_sector,
    source_name, source_text, source_start, source_end, target_code, target_iso3, target_sector,
    target_name, target_text, target_start, target_end, action_text, action_start, action_end,
    cameo, plover, plover_mode, goldstein, quad_class, date, date_source, place_index, negated,
    hypothetical, rule";
const QUOTE_COLS: &str = "article_id, sentence_index, kind, content_text, content_start,
    content_end, cue_text, cue_start, cue_end, mention_text, mention_start, mention_end,
    speaker_code, speaker_iso3, speaker_sector, speaker_name, speaker_text, speaker_start,
    speaker_end, rule";
const TIME_COLS: &str =
    "article_id, sentence_index, text, start_char, end_char, kind, value, date, relative, rule";
const PLACE_COLS: &str = "article_id, sentence_index, text, start_char, end_char, name, lat, lon,
    iso3, admin1, geonames_id, rule";

type PgResult<T> = Result<T, postgres::Error>;

fn u(r: &Row, i: usize) -> PgResult<u32> {
    Ok(r.try_get::<_, i64>(i)? as u32)
}

fn ou(r: &Row, i: usize) -> PgResult<Option<u32>> {
    Ok(r.try_get::<_, Option<i64>>(i)?.map(|v| v as u32))
}

fn article_row(r: &Row) -> PgResult<ArticleRow> {
    Ok(ArticleRow {
        id: r.try_get(0)?,
        source: r.try_get(1)?,
        url: r.try_get(2)?,
        outlet: r.try_get(3)?,
        title: r.try_get(4)?,
        byline: r.try_get(5)?,
        wire: r.try_get(6)?,
        date: parse_date(r.try_get(7)?),
        date_source: r.try_get(8)?,
        language: r.try_get(9)?,
        chars: r.try_get::<_, i64>(10)? as u64,
        ingested_at: r.try_get(11)?,
    })
}

/// An actor from seven columns starting at `i`; `None` when its code is NULL.
fn actor_at(r: &Row, i: usize) -> PgResult<Option<ActorRow>> {
    let Some(code) = r.try_get::<_, Option<String>>(i)? else {
        return Ok(None);
    };
    Ok(Some(ActorRow {
        code,
        iso3: r.try_get(i + 1)?,
        sector: r.try_get(i + 2)?,
        name: r.try_get(i + 3)?,
        text: r.try_get::<_, Option<String>>(i + 4)?.unwrap_or_default(),
        start: ou(r, i + 5)?.unwrap_or(0),
        end: ou(r, i + 6)?.unwrap_or(0),
    }))
}

/// A text span from three columns starting at `i`; `None` when its text is NULL.
fn span_at(r: &Row, i: usize) -> PgResult<Option<TextSpan>> {
    let Some(text) = r.try_get::<_, Option<String>>(i)? else {
        return Ok(None);
    };
    Ok(Some(TextSpan {
        text,
        start: u(r, i + 1)?,
        end: u(r, i + 2)?,
    }))
}

fn span_req(r: &Row, i: usize) -> PgResult<TextSpan> {
    Ok(TextSpan {
        text: r.try_get(i)?,
        start: u(r, i + 1)?,
        end: u(r, i + 2)?,
    })
}

fn event_row(r: &Row) -> PgResult<EventRow> {
    Ok(EventRow {
        article_id: r.try_get(0)?,
        sentence_index: u(r, 1)?,
        source: actor_at(r, 2)?.unwrap_or_else(|| ActorRow {
            code: String::new(),
            iso3: None,
            sector: None,
            name: None,
            text: String::new(),
            start: 0,
            end: 0,
        }),
        target: actor_at(r, 9)?,
        action: span_req(r, 16)?,
        cameo: r.try_get(19)?,
        plover: r.try_get(20)?,
        plover_mode: r.try_get(21)?,
        goldstein: r.try_get::<_, f64>(22)? as f32,
        quad_class: r.try_get::<_, i64>(23)? as u8,
        date: parse_date(r.try_get(24)?),
        date_source: r.try_get(25)?,
        place_index: ou(r, 26)?,
        negated: r.try_get(27)?,
        hypothetical: r.try_get(28)?,
        rule: r.try_get(29)?,
    })
}

fn quote_row(r: &Row) -> PgResult<QuoteRow> {
    Ok(QuoteRow {
        article_id: r.try_get(0)?,
        sentence_index: u(r, 1)?,
        kind: r.try_get(2)?,
        content: span_req(r, 3)?,
        cue: span_at(r, 6)?,
        speaker_mention: span_at(r, 9)?,
        speaker: actor_at(r, 12)?,
        rule: r.try_get(19)?,
    })
}

fn mention_row(r: &Row) -> PgResult<MentionRow> {
    Ok(MentionRow {
        article_id: r.try_get(0)?,
        sentence_index: u(r, 1)?,
        actor: ActorRow {
            code: r.try_get(2)?,
            iso3: r.try_get(3)?,
            sector: r.try_get(4)?,
            name: r.try_get(5)?,
            text: r.try_get(6)?,
            start: u(r, 7)?,
            end: u(r, 8)?,
        },
        rule: r.try_get(9)?,
    })
}

fn time_row(r: &Row) -> PgResult<TimeRow> {
    Ok(TimeRow {
        article_id: r.try_get(0)?,
        sentence_index: u(r, 1)?,
        span: span_req(r, 2)?,
        kind: r.try_get(5)?,
        value: r.try_get(6)?,
        date: parse_date(r.try_get(7)?),
        relative: r.try_get(8)?,
        rule: r.try_get(9)?,
    })
}

fn place_row(r: &Row) -> PgResult<PlaceRow> {
    Ok(PlaceRow {
        article_id: r.try_get(0)?,
        sentence_index: u(r, 1)?,
        span: span_req(r, 2)?,
        name: r.try_get(5)?,
        lat: r.try_get(6)?,
        lon: r.try_get(7)?,
        iso3: r.try_get(8)?,
        admin1: r.try_get(9)?,
        geonames_id: ou(r, 10)?,
        rule: r.try_get(11)?,
    })
}

/// WHERE clauses joined by AND; each `?` in a clause becomes the next `$n`.
#[derive(Default)]
struct Filter {
    clauses: Vec<String>,
    params: Vec<Param>,
}

impl Filter {
    fn push(&mut self, clause: &str, params: impl IntoIterator<Item = Param>) {
        let mut params = params.into_iter();
        let mut out = String::with_capacity(clause.len() + 8);
        for c in clause.chars() {
            if c == '?' {
                self.params.extend(params.next());
                out.push_str(&format!("${}", self.params.len()));
            } else {
                out.push(c);
            }
        }
        self.clauses.push(out);
    }

    fn push_condition(&mut self, c: Condition) {
        self.push(&c.clause, c.params.iter().map(|p| text(p)));
    }

    /// Appends `LIMIT $a OFFSET $b` parameters and returns that SQL.
    fn page(&mut self, limit: Option<usize>, offset: usize) -> String {
        self.params.push(Box::new(limit_value(limit)));
        self.params.push(Box::new(offset as i64));
        let k = self.params.len();
        format!("LIMIT ${} OFFSET ${}", k - 1, k)
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }
}

fn text(s: &str) -> Param {
    Box::new(s.to_string())
}

fn collect<T>(rows: Vec<Row>, f: fn(&Row) -> PgResult<T>) -> Result<Vec<T>, StoreError> {
    Ok(rows.iter().map(f).collect::<PgResult<Vec<T>>>()?)
}

impl Store for PgStore {
    fn put_batch(&mut self, docs: &[Doc]) -> Result<PutSummary, StoreError> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let client = self.client.get_mut().unwrap_or_else(|e| e.into_inner());
        let mut tx = client.transaction()?;
        let st = Inserts::prepare(&mut tx)?;
        // Row locks on the id index are taken in id order, so concurrent batches with
        // overlapping ids wait for each other instead of deadlocking. The sort is stable:
        // within a batch the first copy of an id is the one stored.
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by(|&a, &b| docs[a].meta.id.cmp(&docs[b].meta.id));
        let mut stored = vec![false; docs.len()];
        for i in order {
            stored[i] = put_doc(&mut tx, &st, &docs[i], &now)?;
        }
        tx.commit()?;
        Ok(PutSummary {
            stored: stored.iter().filter(|&&s| s).count(),
            duplicates: docs
                .iter()
                .zip(&stored)
                .filter(|(_, &s)| !s)
                .map(|(d, _)| d.meta.id.clone())
                .collect(),
        })
    }

    fn contains(&self, ids: &[&str]) -> Result<Vec<bool>, StoreError> {
        ids.iter()
            .map(|id| {
                Ok(!self
                    .query("SELECT 1 FROM articles WHERE id = $1", &[id])?
                    .is_empty())
            })
            .collect()
    }

    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>, StoreError> {
        let mut f = Filter::default();
        // The query words are $1, named `q` in FROM for the rank.
        let ranked = q.search.as_deref().and_then(ts_words).map(|words| {
            f.params.push(Box::new(words));
            f.clauses.push("a.fts @@ q".into());
        });
        for c in article_query_conditions(q, &POSTGRES, "a.") {
            f.push_condition(c);
        }
        let page = f.page(q.limit, q.offset);
        let sql = if ranked.is_some() {
            format!(
                "SELECT {ARTICLE_COLS} FROM articles a, plainto_tsquery('simple', $1) q {}
                 ORDER BY ts_rank(a.fts, q) DESC, a.seq {page}",
                f.sql()
            )
        } else {
            format!(
                "SELECT {ARTICLE_COLS} FROM articles a {}
                 ORDER BY a.date IS NULL, a.date DESC, a.seq {page}",
                f.sql()
            )
        };
        collect(self.query(&sql, &refs(&f.params))?, article_row)
    }

    fn article(&self, id_or_prefix: &str) -> Result<Option<Article>, StoreError> {
        let prefix = id_or_prefix.trim();
        if prefix.is_empty() {
            return Ok(None);
        }
        let mut c = self.client();
        let ids: Vec<String> = c
            .query(
                "SELECT id FROM articles WHERE starts_with(id, $1) ORDER BY id LIMIT 11",
                &[&prefix],
            )?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<PgResult<_>>()?;
        let id = match ids.as_slice() {
            [] => return Ok(None),
            [one] => one.as_str(),
            many if many.iter().any(|i| i == prefix) => prefix,
            _ => {
                let count: i64 = c
                    .query_one(
                        "SELECT count(*) FROM articles WHERE starts_with(id, $1)",
                        &[&prefix],
                    )?
                    .try_get(0)?;
                return Err(StoreError::Ambiguous {
                    prefix: prefix.to_string(),
                    count: count as usize,
                });
            }
        };
        let sql = format!(
            "SELECT {ARTICLE_COLS}, a.title_start, a.title_end, a.captions, a.text
             FROM articles a WHERE a.id = $1"
        );
        let Some(r) = c.query_opt(&sql, &[&id])? else {
            return Ok(None);
        };
        let row = article_row(&r)?;
        let title_span = ou(&r, 12)?.zip(ou(&r, 13)?);
        let captions: String = r.try_get(14)?;
        let captions: Vec<Caption> =
            serde_json::from_str(&captions).map_err(|source| StoreError::Corrupt {
                id: row.id.clone(),
                source,
            })?;
        Ok(Some(Article {
            row,
            title_span,
            captions,
            text: r.try_get(15)?,
        }))
    }

    fn layers(&self, id: &str) -> Result<ArticleLayers, StoreError> {
        fn all<T>(
            c: &PgStore,
            table: &str,
            cols: &str,
            order: &str,
            id: &str,
            f: fn(&Row) -> PgResult<T>,
        ) -> Result<Vec<T>, StoreError> {
            let sql = format!("SELECT {cols} FROM {table} WHERE article_id = $1 ORDER BY {order}");
            collect(c.query(&sql, &[&id])?, f)
        }
        let c = self;
        Ok(ArticleLayers {
            mentions: all(
                c,
                "mentions",
                MENTION_COLS,
                "start_char, seq",
                id,
                mention_row,
            )?,
            events: all(
                c,
                "events",
                EVENT_COLS,
                "sentence_index, action_start, seq",
                id,
                event_row,
            )?,
            quotes: all(c, "quotes", QUOTE_COLS, "content_start, seq", id, quote_row)?,
            times: all(c, "times", TIME_COLS, "start_char, seq", id, time_row)?,
            places: all(c, "places", PLACE_COLS, "start_char, seq", id, place_row)?,
        })
    }

    fn doc(&self, id: &str) -> Result<Option<Doc>, StoreError> {
        let row = self
            .client()
            .query_opt("SELECT doc FROM articles WHERE id = $1", &[&id])?;
        row.map(|r| decode_doc(id, Value::Blob(r.try_get(0)?)))
            .transpose()
    }

    fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>, StoreError> {
        let mut f = Filter::default();
        // Actor and CAMEO codes are stored upper case and the filters upper-case theirs, so
        // the case-sensitive LIKE is exact here, and it costs a quarter of ILIKE on the
        // rows a dyad-and-date query scans (pgbench, 21k-article store: 0.68 vs 2.75 ms).
        for c in event_conditions(q, "LIKE") {
            f.push(&c.clause, c.params.iter().map(|p| text(p)));
        }
        if let Some(c) = record_article_condition(&event_article_scope(q), &POSTGRES) {
            f.push_condition(c);
        }
        let page = f.page(q.limit, q.offset);
        let sql = format!(
            "SELECT {EVENT_COLS} FROM events {} ORDER BY date IS NULL, date, article_id,
             sentence_index, action_start, seq {page}",
            f.sql()
        );
        collect(self.query(&sql, &refs(&f.params))?, event_row)
    }

    fn quotes(&self, q: &QuoteQuery) -> Result<Vec<QuoteRow>, StoreError> {
        let mut f = Filter::default();
        for c in quote_conditions(q, "ILIKE") {
            f.push(&c.clause, c.params.iter().map(|p| text(p)));
        }
        if let Some(c) = record_article_condition(&quote_article_scope(q), &POSTGRES) {
            f.push_condition(c);
        }
        let page = f.page(q.limit, q.offset);
        let sql = format!(
            "SELECT {QUOTE_COLS} FROM quotes {} ORDER BY article_id, content_start, seq {page}",
            f.sql()
        );
        collect(self.query(&sql, &refs(&f.params))?, quote_row)
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        let mut c = self.client();
        let mut n = |table: &str| -> Result<u64, StoreError> {
            let v: i64 = c
                .query_one(&format!("SELECT count(*) FROM {table}"), &[])?
                .try_get(0)?;
            Ok(v as u64)
        };
        Ok(Counts {
            articles: n("articles")?,
            mentions: n("mentions")?,
            events: n("events")?,
            quotes: n("quotes")?,
            times: n("times")?,
            places: n("places")?,
        })
    }
}
