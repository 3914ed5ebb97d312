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
    // 2: stories: memberships (decisions, written once), duplicate links, and each
    // story's derived report (merged events with mentions, claims and their links,
    // timeline, summary and coverage as JSON parts), fresh when report_version = version.
    r#"
    CREATE TABLE stories (
        id             TEXT PRIMARY KEY,
        title          TEXT NOT NULL,
        first_date     TEXT,
        last_date      TEXT,
        n_articles     INTEGER NOT NULL,
        n_events       INTEGER NOT NULL,
        n_links        INTEGER NOT NULL,
        version        INTEGER NOT NULL,
        report_version INTEGER NOT NULL,
        updated_at     TEXT NOT NULL
    );
    CREATE INDEX stories_size ON stories(n_articles);
    CREATE INDEX stories_last ON stories(last_date);
    CREATE INDEX stories_stale ON stories(report_version, version);

    CREATE TABLE story_articles (
        seq         INTEGER PRIMARY KEY,
        story_id    TEXT NOT NULL REFERENCES stories(id),
        article_id  TEXT NOT NULL UNIQUE REFERENCES articles(id),
        date        TEXT,
        date_method TEXT NOT NULL,
        date_note   TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);

    CREATE TABLE story_duplicates (
        article_id       TEXT NOT NULL REFERENCES articles(id),
        other_id         TEXT NOT NULL REFERENCES articles(id),
        kind             TEXT NOT NULL,
        jaccard          REAL NOT NULL,
        article_in_other REAL NOT NULL,
        other_in_article REAL NOT NULL,
        shared_sentences INTEGER NOT NULL,
        PRIMARY KEY (article_id, other_id)
    );
    CREATE INDEX story_duplicates_other ON story_duplicates(other_id);

    CREATE TABLE story_events (
        story_id     TEXT NOT NULL REFERENCES stories(id),
        rank         INTEGER NOT NULL,
        event_id     TEXT NOT NULL,
        source       TEXT NOT NULL,
        target       TEXT,
        cameo        TEXT NOT NULL,
        quad_class   INTEGER NOT NULL,
        date         TEXT,
        date_how     TEXT NOT NULL,
        place        TEXT,
        negated      INTEGER NOT NULL,
        num_sources  INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        PRIMARY KEY (story_id, event_id)
    );

    CREATE TABLE story_event_mentions (
        story_id       TEXT NOT NULL REFERENCES stories(id),
        event_id       TEXT NOT NULL,
        rank           INTEGER NOT NULL,
        article_id     TEXT NOT NULL REFERENCES articles(id),
        outlet         TEXT,
        event_index    INTEGER NOT NULL,
        sentence_index INTEGER NOT NULL,
        cameo          TEXT NOT NULL,
        rule           TEXT NOT NULL,
        date           TEXT,
        date_how       TEXT NOT NULL,
        text           TEXT NOT NULL,
        start_char     INTEGER NOT NULL,
        end_char       INTEGER NOT NULL
    );
    CREATE INDEX story_event_mentions_story ON story_event_mentions(story_id, event_id);

    CREATE TABLE story_claims (
        story_id       TEXT NOT NULL REFERENCES stories(id),
        idx            INTEGER NOT NULL,
        kind           TEXT NOT NULL,
        article_id     TEXT NOT NULL REFERENCES articles(id),
        outlet         TEXT,
        sentence_index INTEGER NOT NULL,
        speaker_code   TEXT,
        speaker_iso3   TEXT,
        speaker_name   TEXT,
        target_side    TEXT,
        value          INTEGER,
        unit           TEXT,
        via            TEXT NOT NULL,
        date           TEXT,
        date_how       TEXT NOT NULL,
        text           TEXT NOT NULL,
        start_char     INTEGER NOT NULL,
        end_char       INTEGER NOT NULL,
        PRIMARY KEY (story_id, idx)
    );

    CREATE TABLE story_claim_links (
        story_id     TEXT NOT NULL REFERENCES stories(id),
        rank         INTEGER NOT NULL,
        kind         TEXT NOT NULL,
        claim_idx    INTEGER NOT NULL,
        answer_idx   INTEGER NOT NULL,
        shared_terms INTEGER NOT NULL,
        cross_outlet INTEGER NOT NULL,
        PRIMARY KEY (story_id, rank)
    );

    CREATE TABLE story_parts (
        story_id TEXT NOT NULL REFERENCES stories(id),
        part     TEXT NOT NULL,
        body     TEXT NOT NULL,
        PRIMARY KEY (story_id, part)
    );
    "#,
    // 3: the outlet filter (whole name, any case) served by an index.
    r#"
    CREATE INDEX articles_outlet ON articles(outlet COLLATE NOCASE);
    "#,
];
