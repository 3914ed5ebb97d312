//! The flat column set shared by CSV, JSON Lines and Parquet.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::ExportEvent;

/// Column names, in order.
pub const COLUMNS: &[&str] = &[
    "event_id",
    "article_id",
    "sentence_index",
    "date",
    "date_source",
    "source_code",
    "source_iso3",
    "source_sector",
    "source_name",
    "source_text",
    "source_start",
    "source_end",
    "target_code",
    "target_iso3",
    "target_sector",
    "target_name",
    "target_text",
    "target_start",
    "target_end",
    "cameo",
    "plover",
    "plover_mode",
    "goldstein",
    "quad_class",
    "action_text",
    "action_start",
    "action_end",
    "negated",
    "hypothetical",
    "rule",
    "outlet",
    "url",
    "place_name",
    "place_iso3",
    "lat",
    "lon",
];

/// One event as JSON values, in [`COLUMNS`] order.
pub(crate) fn values(x: &ExportEvent) -> Vec<Value> {
    let e = &x.event;
    let t = e.target.as_ref();
    let p = x.place.as_ref();
    vec![
        json!(crate::event_id(e).to_string()),
        json!(e.article_id),
        json!(e.sentence_index),
        json!(e.date.map(|d| d.to_string())),
        json!(e.date_source),
        json!(e.source.code),
        json!(e.source.iso3),
        json!(e.source.sector),
        json!(e.source.name),
        json!(e.source.text),
        json!(e.source.start),
        json!(e.source.end),
        json!(t.map(|t| &t.code)),
        json!(t.and_then(|t| t.iso3.as_ref())),
        json!(t.and_then(|t| t.sector.as_ref())),
        json!(t.and_then(|t| t.name.as_ref())),
        json!(t.map(|t| &t.text)),
        json!(t.map(|t| t.start)),
        json!(t.map(|t| t.end)),
        json!(e.cameo),
        json!(e.plover),
        json!(e.plover_mode),
        json!(e.goldstein),
        json!(e.quad_class),
        json!(e.action.text),
        json!(e.action.start),
        json!(e.action.end),
        json!(e.negated),
        json!(e.hypothetical),
        json!(e.rule),
        json!(x.article.outlet),
        json!(x.article.url.as_ref().unwrap_or(&x.article.source)),
        json!(p.map(|p| &p.name)),
        json!(p.and_then(|p| p.iso3.as_ref())),
        json!(p.map(|p| p.lat)),
        json!(p.map(|p| p.lon)),
    ]
}

pub(crate) fn write_jsonl(w: &mut impl Write, events: &[ExportEvent]) -> io::Result<()> {
    for x in events {
        let obj: serde_json::Map<String, Value> = COLUMNS
            .iter()
            .map(|c| c.to_string())
            .zip(values(x))
            .collect();
        serde_json::to_writer(&mut *w, &obj)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// RFC 4180 quoting: fields with commas, quotes or line breaks are quoted, quotes doubled.
fn csv_field(v: &Value) -> String {
    let s = match v {
        Value::Null => return String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub(crate) fn write_csv(w: &mut impl Write, events: &[ExportEvent]) -> io::Result<()> {
    writeln!(w, "{}", COLUMNS.join(","))?;
    for x in events {
        let row: Vec<String> = values(x).iter().map(csv_field).collect();
        writeln!(w, "{}", row.join(","))?;
    }
    Ok(())
}
