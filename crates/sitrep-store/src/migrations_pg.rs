//! The PostgreSQL schema as an ordered list of migrations.
//!
//! The `schema_version` table holds how many have been applied. Like the SQLite list:
//! append, never edit a shipped migration. Ids and text compared for order use the "C"
//! collation so rows come back in the same order as from SQLite.

/// Migrations in order; migration `i` brings the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: articles with a tsvector for full-text search, and one table per record layer.
    r#"
    CREATE TABLE articles (
        seq          BIGSERIAL,
        id           TEXT COLLATE "C" PRIMARY KEY,
        source       TEXT NOT NULL,
        url          TEXT,
        outlet       TEXT,
        title        TEXT,
        byline       TEXT,
        wire         TEXT,
        date         TEXT COLLATE "C",
        date_source  TEXT,
        language     TEXT NOT NULL,
        text         TEXT NOT NULL,
        title_start  BIGINT,
        title_end    BIGINT,
        captions     TEXT NOT NULL,
        doc          BYTEA NOT NULL,
        ingested_at  TEXT NOT NULL,
        fts          TSVECTOR GENERATED ALWAYS AS
                     (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED
    );
    CREATE INDEX articles_date ON articles(date);
    CREATE INDEX articles_fts ON articles USING GIN (fts);

    CREATE TABLE mentions (
        seq            BIGSERIAL,
        article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
        sentence_index BIGINT NOT NULL,
        code           TEXT NOT NULL,
        iso3           TEXT,
        sector         TEXT,
        name           TEXT,
        text           TEXT NOT NULL,
        start_char     BIGINT NOT NULL,
        end_char       BIGINT NOT NULL,
        rule           TEXT NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX mentions_code ON mentions(code);

    CREATE TABLE events (
        seq            BIGSERIAL,
        article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
        sentence_index BIGINT NOT NULL,
        source_code    TEXT NOT NULL,
        source_iso3    TEXT,
        source_sector  TEXT,
        source_name    TEXT,
        source_text    TEXT NOT NULL,
        source_start   BIGINT NOT NULL,
        source_end     BIGINT NOT NULL,
        target_code    TEXT,
        target_iso3    TEXT,
        target_sector  TEXT,
        target_name    TEXT,
        target_text    TEXT,
        target_start   BIGINT,
        target_end     BIGINT,
        action_text    TEXT NOT NULL,
        action_start   BIGINT NOT NULL,
        action_end     BIGINT NOT NULL,
        cameo          TEXT NOT NULL,
        plover         TEXT NOT NULL,
        plover_mode    TEXT,
        goldstein      DOUBLE PRECISION NOT NULL,
        quad_class     BIGINT NOT NULL,
        date           TEXT COLLATE "C",
        date_source    TEXT,
        place_index    BIGINT,
        negated        BOOLEAN NOT NULL,
        hypothetical   BOOLEAN NOT NULL,
        rule           TEXT NOT NULL
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_source ON events(source_code text_pattern_ops);
    CREATE INDEX events_target ON events(target_code text_pattern_ops);
    CREATE INDEX events_dyad_iso3 ON events(source_iso3, target_iso3);
    CREATE INDEX events_cameo ON events(cameo text_pattern_ops);
    CREATE INDEX events_date ON events(date);

    CREATE TABLE quotes (
        seq            BIGSERIAL,
        article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
        sentence_index BIGINT NOT NULL,
        kind           TEXT NOT NULL,
        content_text   TEXT NOT NULL,
        content_start  BIGINT NOT NULL,
        content_end    BIGINT NOT NULL,
        cue_text       TEXT,
        cue_start      BIGINT,
        cue_end        BIGINT,
        mention_text   TEXT,
        mention_start  BIGINT,
        mention_end    BIGINT,
        speaker_code   TEXT,
        speaker_iso3   TEXT,
        speaker_sector TEXT,
        speaker_name   TEXT,
        speaker_text   TEXT,
        speaker_start  BIGINT,
        speaker_end    BIGINT,
        rule           TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_speaker ON quotes(speaker_code);

    CREATE TABLE times (
        seq            BIGSERIAL,
        article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
        sentence_index BIGINT NOT NULL,
        text           TEXT NOT NULL,
        start_char     BIGINT NOT NULL,
        end_char       BIGINT NOT NULL,
        kind           TEXT NOT NULL,
        value          TEXT NOT NULL,
        date           TEXT,
        relative       BOOLEAN NOT NULL,
        rule           TEXT NOT NULL
    );
    CREATE INDEX times_article ON times(article_id);

    CREATE TABLE places (
        seq            BIGSERIAL,
        article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
        sentence_index BIGINT NOT NULL,
        text           TEXT NOT NULL,
        start_char     BIGINT NOT NULL,
        end_char       BIGINT NOT NULL,
        name           TEXT NOT NULL,
        lat            DOUBLE PRECISION NOT NULL,
        lon            DOUBLE PRECISION NOT NULL,
        iso3           TEXT,
        admin1         TEXT,
        geonames_id    BIGINT,
        rule           TEXT NOT NULL
    );
    CREATE INDEX places_article ON places(article_id);
    "#,
    // 2: stories: memberships (decisions, written once), duplicate links, and each
    // story's derived report (merged events with mentions, claims and their links,
    // timeline, summary and coverage as JSON parts), fresh when report_version = version.
    r#"
    CREATE TABLE stories (
        id             TEXT COLLATE "C" PRIMARY KEY,
        title          TEXT NOT NULL,
        first_date     TEXT COLLATE "C",
        last_date      TEXT COLLATE "C",
        n_articles     BIGINT NOT NULL,
        n_events       BIGINT NOT NULL,
        n_links        BIGINT NOT NULL,
        version        BIGINT NOT NULL,
        report_version BIGINT NOT NULL,
        updated_at     TEXT NOT NULL
    );
    CREATE INDEX stories_size ON stories(n_articles);
    CREATE INDEX stories_last ON stories(last_date);
    CREATE INDEX stories_stale ON stories(report_version, version);

    CREATE TABLE story_articles (
        seq         BIGSERIAL PRIMARY KEY,
        story_id    TEXT COLLATE "C" NOT NULL REFERENCES stories(id),
        article_id  TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES articles(id),
        date        TEXT COLLATE "C",
        date_method TEXT NOT NULL,
        date_note   TEXT NOT NULL
    );
    CREATE INDEX story_articles_story ON story_articles(story_id);

    CREATE TABLE story_duplicates (
        article_id       TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
        other_id         TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
        kind             TEXT NOT NULL,
        jaccard          DOUBLE PRECISION NOT NULL,
        article_in_other DOUBLE PRECISION NOT NULL,
        other_in_article DOUBLE PRECISION NOT NULL,
        shared_sentences BIGINT NOT NULL,
        PRIMARY KEY (article_id, other_id)
    );
    CREATE INDEX story_duplicates_other ON story_duplicates(other_id);

    CREATE TABLE story_events (
        story_id     TEXT COLLATE "C" NOT NULL REFERENCES stories(id),
        rank         BIGINT NOT NULL,
        event_id     TEXT NOT NULL,
        source       TEXT NOT NULL,
        target       TEXT,
        cameo        TEXT NOT NULL,
        quad_class   BIGINT NOT NULL,
        date         TEXT COLLATE "C",
        date_how     TEXT NOT NULL,
        place        TEXT,
        negated      BIGINT NOT NULL,
        num_sources  BIGINT NOT NULL,
        num_articles BIGINT NOT NULL,
        PRIMARY KEY (story_id, event_id)
    );

    CREATE TABLE story_event_mentions (
        story_id       TEXT COLLATE "C" NOT NULL REFERENCES stories(id),
        event_id       TEXT NOT NULL,
        rank           BIGINT NOT NULL,
        article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
        outlet         TEXT,
        event_index    BIGINT NOT NULL,
        sentence_index BIGINT NOT NULL,
        cameo          TEXT NOT NULL,
        rule           TEXT NOT NULL,
        date           TEXT COLLATE "C",
        date_how       TEXT NOT NULL,
        text           TEXT NOT NULL,
        start_char     BIGINT NOT NULL,
        end_char       BIGINT NOT NULL
    );
    CREATE INDEX story_event_mentions_story ON story_event_mentions(story_id, event_id);

    CREATE TABLE story_claims (
        story_id       TEXT COLLATE "C" NOT NULL REFERENCES stories(id),
        idx            BIGINT NOT NULL,
        kind           TEXT NOT NULL,
        article_id     TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
        outlet         TEXT,
        sentence_index BIGINT NOT NULL,
        speaker_code   TEXT,
        speaker_iso3   TEXT,
        speaker_name   TEXT,
        target_side    TEXT,
        value          BIGINT,
        unit           TEXT,
        via            TEXT NOT NULL,
        date           TEXT COLLATE "C",
        date_how       TEXT NOT NULL,
        text           TEXT NOT NULL,
        start_char     BIGINT NOT NULL,
        end_char       BIGINT NOT NULL,
        PRIMARY KEY (story_id, idx)
    );

    CREATE TABLE story_claim_links (
        story_id     TEXT COLLATE "C" NOT NULL REFERENCES stories(id),
        rank         BIGINT NOT NULL,
        kind         TEXT NOT NULL,
        claim_idx    BIGINT NOT NULL,
        answer_idx   BIGINT NOT NULL,
        shared_terms BIGINT NOT NULL,
        cross_outlet BIGINT NOT NULL,
        PRIMARY KEY (story_id, rank)
    );

    CREATE TABLE story_parts (
        story_id TEXT COLLATE "C" NOT NULL REFERENCES stories(id),
        part     TEXT NOT NULL,
        body     TEXT NOT NULL,
        PRIMARY KEY (story_id, part)
    );
    "#,
    // 3: the outlet filter (whole name, any case) served by an index.
    r#"
    CREATE INDEX articles_outlet ON articles (lower(outlet));
    "#,
];
