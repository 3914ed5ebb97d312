//! The SQLite backend: one file, WAL mode, FTS5 over title and text.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use sitrep_doc::{ActorRef, ByteSpan, Caption, CharMap, Doc};

use crate::conditions::{
    article_query_conditions, event_article_scope, event_conditions, quote_article_scope,
    quote_conditions, record_article_condition, Condition, Dialect,
};
use crate::migrations::MIGRATIONS;
use crate::{
    ActorRow, Article, ArticleLayers, ArticleQuery, ArticleRow, Counts, EventQuery, EventRow,
    MentionRow, PlaceRow, PutSummary, QuoteQuery, QuoteRow, Store, StoreError, TextSpan, TimeRow,
};

/// A [`Store`] in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
}

impl SqliteStore {
    /// Opens the database at `path`, creating it when missing, and brings its schema up
    /// to date.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        // WAL lets readers run beside a writer; NORMAL sync is still crash-safe in WAL mode
        // (a crash can only drop the last commits, never corrupt the file).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        SqliteStore::init(conn)
    }

    /// A fresh database in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        SqliteStore::init(Connection::open_in_memory()?)
    }

    /// The connection, for tests that inspect or damage the file.
    #[cfg(test)]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The schema version this build writes.
    pub fn schema_version() -> u32 {
        MIGRATIONS.len() as u32
    }

    fn init(mut conn: Connection) -> Result<SqliteStore, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(SqliteStore { conn })
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len() as u32;
    if found > known {
        return Err(StoreError::SchemaTooNew { found, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

/// Converts byte spans of one doc to character spans with their text.
pub(crate) struct Spans<'d> {
    doc: &'d Doc,
    chars: CharMap,
}

impl<'d> Spans<'d> {
    pub(crate) fn new(doc: &'d Doc) -> Spans<'d> {
        Spans {
            doc,
            chars: CharMap::new(doc.text()),
        }
    }

    /// The span's text and character offsets. A span that does not fit the text (a
    /// component bug) is stored with empty text rather than stopping the batch.
    pub(crate) fn get(&self, s: ByteSpan) -> (&'d str, u32, u32) {
        let text = self
            .doc
            .text()
            .get(s.start as usize..s.end as usize)
            .unwrap_or("");
        (text, self.chars.char_of(s.start), self.chars.char_of(s.end))
    }
}

pub(crate) fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// The serde spelling of a unit enum variant, e.g. `json_ld`.
pub(crate) fn enum_str<T: serde::Serialize>(v: &T) -> Option<String> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// Escapes `%`, `_` and `\` for `LIKE ... ESCAPE '\'`.
pub(crate) fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Turns user words into an FTS5 query: each word a quoted string, all required. FTS5's
/// own syntax would make ordinary input like `US-Russia` an error.
fn fts_query(search: &str) -> Option<String> {
    let terms: Vec<String> = search
        .split_whitespace()
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The full-text condition on an article row: its rowid is among the FTS matches.
fn fts_condition(prefix: &str, words: &str) -> Option<Condition> {
    fts_query(words).map(|q| Condition {
        clause: format!(
            "{prefix}rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        ),
        params: vec![q],
    })
}

const SQLITE: Dialect = Dialect {
    like: "LIKE",
    fts: fts_condition,
};

fn limit_value(limit: Option<usize>) -> i64 {
    limit.map_or(-1, |l| l.min(i64::MAX as usize) as i64)
}

fn put_doc(tx: &Transaction<'_>, doc: &Doc, now: &str) -> Result<bool, StoreError> {
    let m = &doc.meta;
    let spans = Spans::new(doc);
    let title = doc.title_span.map(|s| spans.get(s));
    let captions = serde_json::to_string(&m.captions).map_err(|source| StoreError::Corrupt {
        id: m.id.clone(),
        source,
    })?;
    let doc_blob = compress_doc(doc)?;
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO articles (id, source, url, outlet, title, byline, wire, date,
                date_source, language, text, title_start, title_end, captions, doc, ingested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?
        .execute(params![
            m.id,
            m.source,
            m.url,
            m.outlet,
            m.title,
            m.byline,
            m.wire,
            date_str(m.date),
            m.date_source.as_ref().and_then(enum_str),
            m.language,
            doc.text(),
            title.map(|t| t.1),
            title.map(|t| t.2),
            captions,
            doc_blob,
            now,
        ])?;
    if inserted == 0 {
        return Ok(false);
    }
    let rowid = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO articles_fts (rowid, title, text) VALUES (?1, ?2, ?3)")?
        .execute(params![rowid, m.title, doc.text()])?;

    let actor = |a: &ActorRef| {
        let (text, s, e) = spans.get(a.span);
        (
            a.code.clone(),
            a.iso3.clone(),
            a.sector.clone(),
            a.name.clone(),
            text,
            s,
            e,
        )
    };

    let mut st = tx.prepare_cached(
        "INSERT INTO mentions (article_id, sentence_index, code, iso3, sector, name, text,
            start, end, rule) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for x in &doc.mentions {
        let (code, iso3, sector, name, text, s, e) = actor(&x.actor);
        st.execute(params![
            m.id, x.sent, code, iso3, sector, name, text, s, e, x.rule
        ])?;
    }

    let mut st = tx.prepare_cached(
        "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
            ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30)",
    )?;
    for x in &doc.events {
        let (sc, si, ss, sn, stx, s0, s1) = actor(&x.source);
        let t = x.target.as_ref().map(&actor);
        let (atx, a0, a1) = spans.get(x.action);
        st.execute(params![
            m.id,
            x.sent,
            sc,
            si,
            ss,
            sn,
            stx,
            s0,
            s1,
            t.as_ref().map(|t| &t.0),
            t.as_ref().and_then(|t| t.1.as_ref()),
            t.as_ref().and_then(|t| t.2.as_ref()),
            t.as_ref().and_then(|t| t.3.as_ref()),
            t.as_ref().map(|t| t.4),
            t.as_ref().map(|t| t.5),
            t.as_ref().map(|t| t.6),
            atx,
            a0,
            a1,
            x.cameo,
            x.plover,
            x.plover_mode,
            x.goldstein as f64,
            x.quad_class,
            date_str(x.date),
            x.date_source,
            x.place,
            x.negated,
            x.hypothetical,
            x.rule,
        ])?;
    }

    let mut st = tx.prepare_cached(
        "INSERT INTO quotes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,
            ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
    )?;
    for x in &doc.quotes {
        let (ctx, c0, c1) = spans.get(x.content);
        let cue = x.cue.map(|s| spans.get(s));
        let men = x.speaker_mention.map(|s| spans.get(s));
        let sp = x.speaker.as_ref().map(&actor);
        st.execute(params![
            m.id,
            x.sent,
            x.kind.as_str(),
            ctx,
            c0,
            c1,
            cue.map(|c| c.0),
            cue.map(|c| c.1),
            cue.map(|c| c.2),
            men.map(|c| c.0),
            men.map(|c| c.1),
            men.map(|c| c.2),
            sp.as_ref().map(|t| &t.0),
            sp.as_ref().and_then(|t| t.1.as_ref()),
            sp.as_ref().and_then(|t| t.2.as_ref()),
            sp.as_ref().and_then(|t| t.3.as_ref()),
            sp.as_ref().map(|t| t.4),
            sp.as_ref().map(|t| t.5),
            sp.as_ref().map(|t| t.6),
            x.rule,
        ])?;
    }

    let mut st =
        tx.prepare_cached("INSERT INTO times VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")?;
    for x in &doc.times {
        let (text, s, e) = spans.get(x.span);
        st.execute(params![
            m.id,
            x.sent,
            text,
            s,
            e,
            x.kind.as_str(),
            x.value,
            date_str(x.date),
            x.relative,
            x.rule,
        ])?;
    }

    let mut st = tx.prepare_cached(
        "INSERT INTO places VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for x in &doc.places {
        let (text, s, e) = spans.get(x.span);
        st.execute(params![
            m.id,
            x.sent,
            text,
            s,
            e,
            x.name,
            x.lat,
            x.lon,
            x.iso3,
            x.admin1,
            x.geonames_id,
            x.rule,
        ])?;
    }
    Ok(true)
}

/// The annotated doc as deflated JSON. Token columns make the JSON about 15 times the
/// size of the text; deflate at its fastest level shrinks it about threefold for little
/// CPU, which matters for corpora of tens of thousands of articles.
pub(crate) fn compress_doc(doc: &Doc) -> Result<Vec<u8>, StoreError> {
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::fast());
    serde_json::to_writer(&mut enc, doc).map_err(|source| StoreError::Corrupt {
        id: doc.meta.id.clone(),
        source,
    })?;
    enc.finish().map_err(|source| StoreError::Inflate {
        id: doc.meta.id.clone(),
        source,
    })
}

/// Reads a stored doc: deflated JSON (a BLOB), or plain JSON text.
pub(crate) fn decode_doc(id: &str, v: Value) -> Result<Doc, StoreError> {
    let corrupt = |source| StoreError::Corrupt {
        id: id.to_string(),
        source,
    };
    match v {
        Value::Blob(b) => {
            let mut json = Vec::new();
            DeflateDecoder::new(b.as_slice())
                .read_to_end(&mut json)
                .map_err(|source| StoreError::Inflate {
                    id: id.to_string(),
                    source,
                })?;
            serde_json::from_slice(&json).map_err(corrupt)
        }
        Value::Text(t) => serde_json::from_str(&t).map_err(corrupt),
        _ => Err(StoreError::Inflate {
            id: id.to_string(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "not a document"),
        }),
    }
}

pub(crate) fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

const ARTICLE_COLS: &str = "a.id, a.source, a.url, a.outlet, a.title, a.byline, a.wire, a.date,
    a.date_source, a.language, length(a.text), a.ingested_at";

fn article_row(r: &Row<'_>) -> rusqlite::Result<ArticleRow> {
    Ok(ArticleRow {
        id: r.get(0)?,
        source: r.get(1)?,
        url: r.get(2)?,
        outlet: r.get(3)?,
        title: r.get(4)?,
        byline: r.get(5)?,
        wire: r.get(6)?,
        date: parse_date(r.get(7)?),
        date_source: r.get(8)?,
        language: r.get(9)?,
        chars: r.get(10)?,
        ingested_at: r.get(11)?,
    })
}

/// An actor from seven columns starting at `i`; `None` when its code is NULL.
fn actor_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<ActorRow>> {
    let Some(code) = r.get::<_, Option<String>>(i)? else {
        return Ok(None);
    };
    Ok(Some(ActorRow {
        code,
        iso3: r.get(i + 1)?,
        sector: r.get(i + 2)?,
        name: r.get(i + 3)?,
        text: r.get::<_, Option<String>>(i + 4)?.unwrap_or_default(),
        start: r.get::<_, Option<u32>>(i + 5)?.unwrap_or(0),
        end: r.get::<_, Option<u32>>(i + 6)?.unwrap_or(0),
    }))
}

/// A text span from three columns starting at `i`; `None` when its text is NULL.
fn span_at(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<TextSpan>> {
    let Some(text) = r.get::<_, Option<String>>(i)? else {
        return Ok(None);
    };
    Ok(Some(TextSpan {
        text,
        start: r.get(i + 1)?,
        end: r.get(i + 2)?,
    }))
}

fn span_req(r: &Row<'_>, i: usize) -> rusqlite::Result<TextSpan> {
    Ok(TextSpan {
        text: r.get(i)?,
        start: r.get(i + 1)?,
        end: r.get(i + 2)?,
    })
}

fn event_row(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        article_id: r.get(0)?,
        sentence_index: r.get(1)?,
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
        cameo: r.get(19)?,
        plover: r.get(20)?,
        plover_mode: r.get(21)?,
        goldstein: r.get::<_, f64>(22)? as f32,
        quad_class: r.get(23)?,
        date: parse_date(r.get(24)?),
        date_source: r.get(25)?,
        place_index: r.get(26)?,
        negated: r.get(27)?,
        hypothetical: r.get(28)?,
        rule: r.get(29)?,
    })
}

fn quote_row(r: &Row<'_>) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        article_id: r.get(0)?,
        sentence_index: r.get(1)?,
        kind: r.get(2)?,
        content: span_req(r, 3)?,
        cue: span_at(r, 6)?,
        speaker_mention: span_at(r, 9)?,
        speaker: actor_at(r, 12)?,
        rule: r.get(19)?,
    })
}

fn mention_row(r: &Row<'_>) -> rusqlite::Result<MentionRow> {
    Ok(MentionRow {
        article_id: r.get(0)?,
        sentence_index: r.get(1)?,
        actor: ActorRow {
            code: r.get(2)?,
            iso3: r.get(3)?,
            sector: r.get(4)?,
            name: r.get(5)?,
            text: r.get(6)?,
            start: r.get(7)?,
            end: r.get(8)?,
        },
        rule: r.get(9)?,
    })
}

fn time_row(r: &Row<'_>) -> rusqlite::Result<TimeRow> {
    Ok(TimeRow {
        article_id: r.get(0)?,
        sentence_index: r.get(1)?,
        span: span_req(r, 2)?,
        kind: r.get(5)?,
        value: r.get(6)?,
        date: parse_date(r.get(7)?),
        relative: r.get(8)?,
        rule: r.get(9)?,
    })
}

fn place_row(r: &Row<'_>) -> rusqlite::Result<PlaceRow> {
    Ok(PlaceRow {
        article_id: r.get(0)?,
        sentence_index: r.get(1)?,
        span: span_req(r, 2)?,
        name: r.get(5)?,
        lat: r.get(6)?,
        lon: r.get(7)?,
        iso3: r.get(8)?,
        admin1: r.get(9)?,
        geonames_id: r.get(10)?,
        rule: r.get(11)?,
    })
}

/// WHERE clauses joined by AND, with their parameters in order.
#[derive(Default)]
struct Filter {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    fn push(&mut self, clause: &str, params: impl IntoIterator<Item = Value>) {
        self.clauses.push(clause.to_string());
        self.params.extend(params);
    }

    fn push_condition(&mut self, c: Condition) {
        self.push(&c.clause, c.params.iter().map(|p| text(p)));
    }

    fn sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.clauses.join(" AND "))
        }
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

impl Store for SqliteStore {
    fn put_batch(&mut self, docs: &[Doc]) -> Result<PutSummary, StoreError> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let tx = self.conn.transaction()?;
        let mut summary = PutSummary::default();
        for doc in docs {
            if put_doc(&tx, doc, &now)? {
                summary.stored += 1;
            } else {
                summary.duplicates.push(doc.meta.id.clone());
            }
        }
        tx.commit()?;
        Ok(summary)
    }

    fn contains(&self, ids: &[&str]) -> Result<Vec<bool>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?;
        ids.iter()
            .map(|id| Ok(st.exists([id])?))
            .collect::<Result<_, StoreError>>()
    }

    fn articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleRow>, StoreError> {
        let mut f = Filter::default();
        let fts = q.search.as_deref().and_then(fts_query);
        if let Some(fts) = &fts {
            f.push("articles_fts MATCH ?", [text(fts)]);
        }
        for c in article_query_conditions(q, &SQLITE, "a.") {
            f.push_condition(c);
        }
        f.params.push(Value::Integer(limit_value(q.limit)));
        f.params.push(Value::Integer(q.offset as i64));
        let sql = if fts.is_some() {
            format!(
                "SELECT {ARTICLE_COLS} FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
                 {} ORDER BY bm25(articles_fts) LIMIT ? OFFSET ?",
                f.sql()
            )
        } else {
            format!(
                "SELECT {ARTICLE_COLS} FROM articles a {}
                 ORDER BY a.date IS NULL, a.date DESC, a.rowid LIMIT ? OFFSET ?",
                f.sql()
            )
        };
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st
            .query_map(params_from_iter(f.params), article_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn article(&self, id_or_prefix: &str) -> Result<Option<Article>, StoreError> {
        let prefix = id_or_prefix.trim();
        if prefix.is_empty() {
            return Ok(None);
        }
        let ids: Vec<String> = self
            .conn
            .prepare_cached(
                "SELECT id FROM articles WHERE substr(id, 1, length(?1)) = ?1 ORDER BY id LIMIT 11",
            )?
            .query_map([prefix], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let id = match ids.as_slice() {
            [] => return Ok(None),
            [one] => one,
            many if many.iter().any(|i| i == prefix) => prefix,
            many => {
                let count: usize = self.conn.query_row(
                    "SELECT count(*) FROM articles WHERE substr(id, 1, length(?1)) = ?1",
                    [prefix],
                    |r| r.get(0),
                )?;
                debug_assert!(many.len() > 1);
                return Err(StoreError::Ambiguous {
                    prefix: prefix.to_string(),
                    count,
                });
            }
        };
        let sql = format!(
            "SELECT {ARTICLE_COLS}, a.title_start, a.title_end, a.captions, a.text
             FROM articles a WHERE a.id = ?1"
        );
        let found = self
            .conn
            .query_row(&sql, [id], |r| {
                let start: Option<u32> = r.get(12)?;
                let end: Option<u32> = r.get(13)?;
                Ok((
                    article_row(r)?,
                    start.zip(end),
                    r.get::<_, String>(14)?,
                    r.get::<_, String>(15)?,
                ))
            })
            .optional()?;
        let Some((row, title_span, captions, text)) = found else {
            return Ok(None);
        };
        let captions: Vec<Caption> =
            serde_json::from_str(&captions).map_err(|source| StoreError::Corrupt {
                id: row.id.clone(),
                source,
            })?;
        Ok(Some(Article {
            row,
            title_span,
            captions,
            text,
        }))
    }

    fn layers(&self, id: &str) -> Result<ArticleLayers, StoreError> {
        fn all<T>(
            conn: &Connection,
            table: &str,
            order: &str,
            id: &str,
            f: fn(&Row<'_>) -> rusqlite::Result<T>,
        ) -> Result<Vec<T>, StoreError> {
            let sql = format!("SELECT * FROM {table} WHERE article_id = ?1 ORDER BY {order}");
            let mut st = conn.prepare_cached(&sql)?;
            let rows = st.query_map([id], f)?.collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        }
        let c = &self.conn;
        Ok(ArticleLayers {
            mentions: all(c, "mentions", "start, rowid", id, mention_row)?,
            events: all(
                c,
                "events",
                "sentence_index, action_start, rowid",
                id,
                event_row,
            )?,
            quotes: all(c, "quotes", "content_start, rowid", id, quote_row)?,
            times: all(c, "times", "start, rowid", id, time_row)?,
            places: all(c, "places", "start, rowid", id, place_row)?,
        })
    }

    fn doc(&self, id: &str) -> Result<Option<Doc>, StoreError> {
        let stored: Option<Value> = self
            .conn
            .query_row("SELECT doc FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        stored.map(|v| decode_doc(id, v)).transpose()
    }

    fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>, StoreError> {
        let mut f = Filter::default();
        for c in event_conditions(q, "LIKE") {
            f.push(&c.clause, c.params.iter().map(|p| text(p)));
        }
        if let Some(c) = record_article_condition(&event_article_scope(q), &SQLITE) {
            f.push_condition(c);
        }
        f.params.push(Value::Integer(limit_value(q.limit)));
        f.params.push(Value::Integer(q.offset as i64));
        let sql = format!(
            "SELECT * FROM events {} ORDER BY date IS NULL, date, article_id, sentence_index,
             action_start, rowid LIMIT ? OFFSET ?",
            f.sql()
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st
            .query_map(params_from_iter(f.params), event_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn quotes(&self, q: &QuoteQuery) -> Result<Vec<QuoteRow>, StoreError> {
        let mut f = Filter::default();
        for c in quote_conditions(q, "LIKE") {
            f.push(&c.clause, c.params.iter().map(|p| text(p)));
        }
        if let Some(c) = record_article_condition(&quote_article_scope(q), &SQLITE) {
            f.push_condition(c);
        }
        f.params.push(Value::Integer(limit_value(q.limit)));
        f.params.push(Value::Integer(q.offset as i64));
        let sql = format!(
            "SELECT * FROM quotes {} ORDER BY article_id, content_start, rowid LIMIT ? OFFSET ?",
            f.sql()
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st
            .query_map(params_from_iter(f.params), quote_row)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn counts(&self) -> Result<Counts, StoreError> {
        let n = |table: &str| -> Result<u64, StoreError> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
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
