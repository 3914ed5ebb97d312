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

/// Every JSON endpoint: path, summary, parameters.
pub const ENDPOINTS: &[(&str, &str, &[Param])] = &[
    ("/api/openapi.json", "This document.", &[]),
    ("/api/stats", "Row counts per table.", &[]),
    (
        "/api/articles",
        "Articles, newest first or by full-text relevance.",
        &[
            q("q", "Full-text query over title and text."),
            q("story", "Only this story's articles (story id)."),
            PAGE[0],
            PAGE[1],
        ],
    ),
    (
        "/api/articles/{id}",
        "One article (id or unique prefix) with its text and every record layer.",
        &[p("id", "Article id or unique prefix.")],
    ),
    (
        "/api/events",
        "Coded events with provenance; character offsets into the article's clean text.",
        &[
            q("actor", "Source or target ISO3 or actor-code prefix."),
            q("dyad", "SRC:TGT, each an ISO3 or actor-code prefix."),
            q("code", "CAMEO code prefix, 1 to 4 digits."),
            q("since", "Event date on or after, YYYY-MM-DD."),
            q("until", "Event date on or before, YYYY-MM-DD."),
            q("article", "Only this article's events."),
            q("story", "Only events of this story's articles (story id)."),
            PAGE[0],
            PAGE[1],
        ],
    ),
    (
        "/api/quotes",
        "Quotes with speakers resolved to actors.",
        &[
            q("speaker", "Speaker text or actor-code prefix."),
            q("article", "Only this article's quotes."),
            q("story", "Only quotes of this story's articles (story id)."),
            PAGE[0],
            PAGE[1],
        ],
    ),
    (
        "/api/places",
        "Geocoded places of the newest articles (pages over articles).",
        &[PAGE[0], PAGE[1]],
    ),
    (
        "/api/actors",
        "Actors seen in events, most active first.",
        &[q("limit", "At most this many actors.")],
    ),
    (
        "/api/dyads/{src}/{tgt}/series",
        "Daily event counts and mean Goldstein value for a dyad.",
        &[
            p("src", "Source ISO3 or actor-code prefix."),
            p("tgt", "Target ISO3 or actor-code prefix."),
            q("code", "CAMEO code prefix."),
            q("since", "From this day, YYYY-MM-DD."),
            q("until", "To this day, YYYY-MM-DD."),
        ],
    ),
    (
        "/api/stories",
        "Stories across outlets, largest first: id, title, articles, outlets, first and last date.",
        &[
            q(
                "q",
                "Full-text query: a member article contains these words.",
            ),
            q("outlet", "A member article is by this outlet."),
            q(
                "actor",
                "A member article mentions this ISO3 or actor-code prefix.",
            ),
            q("since", "The story reaches this day or later, YYYY-MM-DD."),
            q(
                "until",
                "The story starts on or before this day, YYYY-MM-DD.",
            ),
            q("article", "The story holding this article (id)."),
            q("min_articles", "At least this many articles."),
            PAGE[0],
            PAGE[1],
        ],
    ),
    (
        "/api/stories/{id}",
        "One story (id or unique prefix): article dates and how they were found, summary, \
         timeline, merged events with num_sources/num_articles and every mention, claims \
         beside their denials, per-outlet coverage, duplicate links.",
        &[p("id", "Story id or unique prefix.")],
    ),
];

/// The OpenAPI 3.0 document for [`ENDPOINTS`].
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
    json!({
        "openapi": "3.0.3",
        "info": {"title": "sitrep API", "version": env!("CARGO_PKG_VERSION"),
                 "description": "Read-only access to articles, events, quotes, places and stories extracted by sitrep."},
        "paths": paths,
        "components": {"schemas": {"Error": {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}}}
    })
}
