//! `sitrep articles`: lists stored articles, newest first or by full-text match.

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use sitrep_store::{ActorFilter, ArticleQuery};

use super::output::{clip, json_lines, open_existing, or_dash, table, Db};

/// Flags of `sitrep articles`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep articles                          every article, newest first
  sitrep articles --search 'Munich talks'  articles with both words, best match first
  sitrep articles --outlet Reuters --since 2016-02-01
  sitrep articles --json | jq -r .title    one JSON object per line")]
pub struct ArticlesArgs {
    /// Only articles whose title or text contains every one of these words.
    #[arg(long, short = 's', value_name = "QUERY")]
    search: Option<String>,
    /// Only articles by this outlet (whole name, any case).
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// Only articles published on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<NaiveDate>,
    /// Only articles mentioning this actor (ISO3 or code prefix).
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// Print at most N articles.
    #[arg(long, short = 'n', value_name = "N")]
    limit: Option<usize>,
    /// Skip the first N articles.
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,
    /// Print JSON Lines: one object per article.
    #[arg(long)]
    json: bool,
}

/// Runs `sitrep articles`.
pub fn run(args: ArticlesArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let rows = store.articles(&ArticleQuery {
        search: args.search,
        outlet: args.outlet,
        since: args.since,
        until: args.until,
        actor: args.actor.as_deref().map(ActorFilter::new),
        limit: args.limit,
        offset: args.offset,
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        json_lines(&mut out, &rows)?;
    } else {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|a| {
                vec![
                    a.id.chars().take(12).collect(),
                    a.date.map_or("-".into(), |d| d.to_string()),
                    clip(&or_dash(a.outlet.as_deref()), 24),
                    or_dash(a.wire.as_deref()),
                    clip(&or_dash(a.title.as_deref()), 90),
                ]
            })
            .collect();
        table(&mut out, &["ID", "DATE", "OUTLET", "WIRE", "TITLE"], &cells)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
