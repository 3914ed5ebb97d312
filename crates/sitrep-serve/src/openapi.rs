//! The OpenAPI 3 document, generated from one endpoint table that a test keeps in step
//! with the router.

use serde_json::{json, Map, Value};

/// A query or path parameter.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Its name.
    pub name: &'static str,
    /// `query` or `path`.
    pub within: &'static str,
    /// What it does.
    pub doc: &'static str,
}

const fn q(name: &'static str, doc: &'static str) -> Param {
    Param {
        name,
        within: "query",
        doc,
    }
}
const fn p(name: &'static str, doc: &'static str) -> Param {
    Param {
        name,
        within: "path",
        doc,
    }
}

const PAGE: [Param; 2] = [
    q("limit", "Rows per page, 1 to 1000 (default 50)."),
    q("offset", "Rows to skip."),
];

const OUTLET: Param = q(
    "outlet",
    "Only records of articles by this outlet (whole name, any case).",
);
const Q: Param = q(
    "q",
    "Full-text words over the article's title and text, all required.",
);
const EVENT_SINCE: Param = q("since", "Event date on or after, YYYY-MM-DD.");
const EVENT_UNTIL: Param = q("until", "Event date on or before, YYYY-MM-DD.");
const PUB_SINCE: Param = q(
    "since",
    "Article published on or after this day, YYYY-MM-DD.",
);
const PUB_UNTIL: Param = q(
    "until",
    "Article published on or before this day, YYYY-MM-DD.",
);
const MENTIONS: Param = q(
    "actor",
    "Article mentions an actor: ISO3 or actor-code prefix.",
);
const ACTOR: Param = q("actor", "Source or target ISO3 or actor-code prefix.");
const DYAD: Param = q("dyad", "SRC:TGT, each an ISO3 or actor-code prefix.");
const CODE: Param = q("code", "CAMEO code prefix, 1 to 4 digits.");
const ARTICLE: Param = q("article", "Only this article's records (full id).");
/// The parameters of an event list, and of the aggregates over events.
const EVENT_PARAMS: &[Param] = &[
    ACTOR,
    DYAD,
    CODE,
    EVENT_SINCE,
    EVENT_UNTIL,
    ARTICLE,
    OUTLET,
    Q,
    PAGE[0],
    PAGE[1],
];
/// The parameters of an article list, and of the places of listed articles.
const ARTICLE_PARAMS: &[Param] = &[Q, OUTLET, PUB_SINCE, PUB_UNTIL, MENTIONS, PAGE[0], PAGE[1]];

/// Every JSON endpoint answering GET: path, summary, parameters.
pub const ENDPOINTS: &[(&str, &str, &[Param])] = &[
    ("/api/openapi.json", "This document.", &[]),
    ("/api/stats", "Row counts per table.", &[]),
    (
        "/api/articles",
        "Articles, newest first or by full-text relevance.",
        ARTICLE_PARAMS,
    ),
    (
        "/api/articles/{id}",
        "One article (id or unique prefix) with its text and every record layer.",
        &[p("id", "Article id or unique prefix.")],
    ),
    (
        "/api/events",
        "Coded events with provenance; character offsets into the article's clean text.",
        EVENT_PARAMS,
    ),
    (
        "/api/quotes",
        "Quotes with speakers resolved to actors.",
        &[
            q("speaker", "Speaker text or actor-code prefix."),
            ARTICLE,
            OUTLET,
            PUB_SINCE,
            PUB_UNTIL,
            Q,
            PAGE[0],
            PAGE[1],
        ],
    ),
    (
        "/api/places",
        "Geocoded places of the newest (or best-matching) articles; pages over articles.",
        ARTICLE_PARAMS,
    ),
    (
        "/api/actors",
        "Actors seen in the selected events, most active first.",
        EVENT_PARAMS,
    ),
    (
        "/api/dyads/{src}/{tgt}/series",
        "Daily event counts and mean Goldstein value for a dyad.",
        &[
            p("src", "Source ISO3 or actor-code prefix."),
            p("tgt", "Target ISO3 or actor-code prefix."),
            CODE,
            q("since", "From this day, YYYY-MM-DD."),
            q("until", "To this day, YYYY-MM-DD."),
            OUTLET,
            Q,
        ],
    ),
];

/// The one endpoint that writes: path and summary.
pub const INGEST_ENDPOINT: (&str, &str) = (
    "/api/ingest",
    "Annotate and store articles, as `sitrep ingest` does; idempotent by content hash. \
     Only when the server runs with --write-token (else 403); bearer auth.",
);

fn ingest_operation() -> Value {
    let error = |d: &str| json!({"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
    let body = |d: &str| json!({"schema": {"type": "string"}, "description": d});
    json!({ "post": {
        "summary": INGEST_ENDPOINT.1,
        "security": [{"bearer": []}],
        "requestBody": {"required": true, "content": {
            "application/x-ndjson": body("JSON Lines, one article per line: `text` or `html`, optional `title`, `date`, `url`, `outlet`. Each line is a record; its id is the hash of the line."),
            "application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/ArticleIn"},
                {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}}
            ]}},
            "text/plain": body("One plain-text page dump."),
            "text/html": body("One HTML page."),
            "application/warc": body("A WARC file; each HTML response is a record.")
        }},
        "responses": {
            "200": {"description": "Every record read; the summary and each record's outcome.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestReport"}}}},
            "400": error("Empty body or malformed JSON"),
            "401": error("No bearer token"),
            "403": error("Wrong token, or a read-only server"),
            "408": {"description": "The time limit stopped reading; what was read is stored and reported (`complete` is false).",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IngestReport"}}}},
            "413": {"description": "Body larger than the server's limit"},
            "415": error("Content type not accepted")
        }
    }})
}

/// The OpenAPI 3.0 document for [`ENDPOINTS`] and [`INGEST_ENDPOINT`].
pub fn openapi() -> Value {
    let mut paths = Map::new();
    for (path, summary, params) in ENDPOINTS {
        let parameters: Vec<Value> = params
            .iter()
            .map(|p| {
                json!({
                    "name": p.name, "in": p.within, "required": p.within == "path",
                    "description": p.doc, "schema": {"type": "string"}
                })
            })
            .collect();
        paths.insert(
            path.to_string(),
            json!({ "get": {
                "summary": summary,
                "parameters": parameters,
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "400": {"description": "Bad parameter", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "404": {"description": "Not found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
            }}),
        );
    }
    paths.insert(INGEST_ENDPOINT.0.to_string(), ingest_operation());
    let string = json!({"type": "string"});
    let count = json!({"type": "integer"});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "sitrep API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Articles, events, quotes and places extracted by sitrep; read-only unless the server has a write token."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "properties": {"error": string}, "required": ["error"]},
                "ArticleIn": {"type": "object", "properties": {
                    "text": string, "html": string, "title": string, "date": string,
                    "url": string, "outlet": string}},
                "IngestReport": {"type": "object", "required": ["read", "stored", "duplicates", "failed", "complete", "records"],
                    "properties": {
                        "read": count, "stored": count, "duplicates": count, "failed": count,
                        "complete": {"type": "boolean"}, "error": string,
                        "records": {"type": "array", "items": {"type": "object", "required": ["record", "status"], "properties": {
                            "record": count,
                            "status": {"type": "string", "enum": ["stored", "duplicate", "failed"]},
                            "id": string, "source": string, "reason": string, "message": string}}}}}
            }
        }
    })
}
