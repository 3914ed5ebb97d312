//! The schema as an ordered list of migrations.
//!
//! `PRAGMA user_version` holds how many have been applied. To change the schema, append a
//! migration; never edit one that has shipped, since databases in the field already ran it.

/// Migrations in order; migration `i` brings the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles with full-text search, and one table per record layer.
    r#"
    CREATE TABLE articles (
        rowid        INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        source       TEXT NOT NULL,
        url          TEXT,
        outlet       TEXT,
        title        TEXT,
        byline       TEXT,
        wire         TEXT,
        date         TEXT,
        date_source  TEXT,
        language     TEXT NOT NULL,
        text         TEXT NOT NULL,
        title_start  INTEGER,
        title_end    INTEGER,
        captions     TEXT NOT NULL,
        doc          TEXT NOT NULL,
        ingested_at  TEXT NOT NULL
    );
    CREATE INDEX articles_date ON articles(date);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid'
    );

    CREATE TABLE mentions (
        article_id     TEXT NOT NULL REFERENCES articles(id),
        sentence_index INTEGER NOT NULL,
        code           TEXT NOT NULL,
        iso3           TEXT,
        sector         TEXT,
        name           TEXT,
        text           TEXT NOT NULL,
        start          INTEGER NOT NULL,
        end            INTEGER NOT NULL,
        rule           TEXT NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX mentions_code ON mentions(code);

    CREATE TABLE events (
        article_id     TEXT NOT NULL REFERENCES articles(id),
        sentence_index INTEGER NOT NULL,
        source_code    TEXT NOT NULL,
        source_iso3    TEXT,
        source_sector  TEXT,
        source_name    TEXT,
        source_text    TEXT NOT NULL,
        source_start   INTEGER NOT NULL,
        source_end     INTEGER NOT NULL,
        target_code    TEXT,
        target_iso3    TEXT,
        target_sector  TEXT,
        target_name    TEXT,
        target_text    TEXT,
        target_start   INTEGER,
        target_end     INTEGER,
        action_text    TEXT NOT NULL,
        action_start   INTEGER NOT NULL,
        action_end     INTEGER NOT NULL,
        cameo          TEXT NOT NULL,
        plover         TEXT NOT NULL,
        plover_mode    TEXT,
        goldstein      REAL NOT NULL,
        quad_class     INTEGER NOT NULL,
        date           TEXT,
        date_source    TEXT,
        place_index    INTEGER,
        negated        INTEGER NOT NULL,
        hypothetical   INTEGER NOT NULL,
        rule           TEXT NOT NULL
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_source ON events(source_code);
    CREATE INDEX events_target ON events(target_code);
    CREATE INDEX events_dyad_iso3 ON events(source_iso3, target_iso3);
    CREATE INDEX events_cameo ON events(cameo);
    CREATE INDEX events_date ON events(date);

    CREATE TABLE quotes (
        article_id     TEXT NOT NULL REFERENCES articles(id),
        sentence_index INTEGER NOT NULL,
        kind           TEXT NOT NULL,
        content_text   TEXT NOT NULL,
        content_start  INTEGER NOT NULL,
        content_end    INTEGER NOT NULL,
        cue_text       TEXT,
        cue_start      INTEGER,
        cue_end        INTEGER,
        mention_text   TEXT,
        mention_start  INTEGER,
        mention_end    INTEGER,
        speaker_code   TEXT,
        speaker_iso3   TEXT,
        speaker_sector TEXT,
        speaker_name   TEXT,
        speaker_text   TEXT,
        speaker_start  INTEGER,
        speaker_end    INTEGER,
        rule           TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_speaker ON quotes(speaker_code);

    CREATE TABLE times (
        article_id     TEXT NOT NULL REFERENCES articles(id),
        sentence_index INTEGER NOT NULL,
        text           TEXT NOT NULL,
        start          INTEGER NOT NULL,
        end            INTEGER NOT NULL,
        kind           TEXT NOT NULL,
        value          TEXT NOT NULL,
        date           TEXT,
        relative       INTEGER NOT NULL,
        rule           TEXT NOT NULL
    );
    CREATE INDEX times_article ON times(article_id);

    CREATE TABLE places (
        article_id     TEXT NOT NULL REFERENCES articles(id),
        sentence_index INTEGER NOT NULL,
        text           TEXT NOT NULL,
        start          INTEGER NOT NULL,
        end            INTEGER NOT NULL,
        name           TEXT NOT NULL,
        lat            REAL NOT NULL,
        lon            REAL NOT NULL,
        iso3           TEXT,
        admin1         TEXT,
        geonames_id    INTEGER,
        rule           TEXT NOT NULL
    );
    CREATE INDEX places_article ON places(article_id);
    "#,
];
