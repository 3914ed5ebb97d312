//! `sitrep show`: one article's metadata, captions and clean body.

use std::io::Write;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;

use super::output::{open_existing, Db};

/// Flags of `sitrep show`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep show 3f9a            the article whose id starts with 3f9a
  sitrep show 3f9a --json     the same with every record (events, quotes, times, places,
                              actor mentions); offsets are characters in `text`")]
pub struct ShowArgs {
    /// Article id, or a prefix of it that matches one article.
    #[arg(value_name = "ID")]
    id: String,
    /// Print one JSON object: metadata, clean text and every record layer.
    #[arg(long)]
    json: bool,
}

/// How a date source reads in prose.
fn date_how(source: &str) -> &str {
    match source {
        "input" => "given with the input",
        "meta" => "from an HTML meta tag",
        "json_ld" => "from the page's JSON-LD",
        "text" => "from the page text",
        "header" => "from the page header, which may be the day it was saved",
        "url" => "from the URL",
        "crawl" => "the crawl date",
        other => other,
    }
}

/// Runs `sitrep show`.
pub fn run(args: ShowArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let Some(article) = store.article(&args.id)? else {
        bail!("no article with id or id prefix `{}`", args.id);
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        let layers = store.layers(&article.row.id)?;
        let mut value = serde_json::to_value(&article)?;
        if let (Some(obj), serde_json::Value::Object(l)) =
            (value.as_object_mut(), serde_json::to_value(&layers)?)
        {
            obj.extend(l);
        }
        serde_json::to_writer(&mut out, &value)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let a = &article.row;
    let title = a.title.as_deref().unwrap_or("(no title)");
    writeln!(out, "{title}")?;
    writeln!(out, "{}", "=".repeat(title.chars().count().min(100)))?;
    let mut field = |name: &str, value: Option<String>| -> std::io::Result<()> {
        match value {
            Some(v) => writeln!(out, "{:<9} {v}", format!("{name}:")),
            None => Ok(()),
        }
    };
    field("Id", Some(a.id.clone()))?;
    field("Source", Some(a.source.clone()))?;
    field("URL", a.url.clone())?;
    field("Outlet", a.outlet.clone())?;
    field("Wire", a.wire.clone())?;
    field("Byline", a.byline.clone())?;
    field(
        "Date",
        Some(match (a.date, a.date_source.as_deref()) {
            (Some(d), Some(how)) => format!("{d} ({})", date_how(how)),
            (Some(d), None) => d.to_string(),
            (None, _) => "unknown".to_string(),
        }),
    )?;
    if !article.captions.is_empty() {
        writeln!(out, "Captions:")?;
        for c in &article.captions {
            match &c.credit {
                Some(credit) => writeln!(out, "  - {} [{credit}]", c.text)?,
                None => writeln!(out, "  - {}", c.text)?,
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", article.body().trim_end())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
