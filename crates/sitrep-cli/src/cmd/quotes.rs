//! `sitrep quotes`: who said what, with the speaker resolved to an actor.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;
use sitrep_store::QuoteQuery;

use super::output::{clip, json_lines, open_existing, table, Db};

/// Flags of `sitrep quotes`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep quotes --speaker Lavrov          quotes whose speaker's text or name has `Lavrov`
  sitrep quotes --speaker RUSGOV          quotes by the Russian government (code prefix)
  sitrep quotes --json | jq -r .content.text")]
pub struct QuotesArgs {
    /// Speaker: an actor code prefix, or text found in the speaker's mention or name
    /// (case-insensitive).
    #[arg(long, value_name = "TEXT|CODE")]
    speaker: Option<String>,
    /// Only quotes of this article (full id).
    #[arg(long, value_name = "ID")]
    article: Option<String>,
    /// Only quotes of articles by this outlet (whole name, any case).
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// Only quotes of articles with every one of these words.
    #[arg(long, short = 's', value_name = "QUERY")]
    search: Option<String>,
    /// Print at most N quotes.
    #[arg(long, short = 'n', value_name = "N")]
    limit: Option<usize>,
    /// Print JSON Lines: one object per quote, offsets in characters.
    #[arg(long)]
    json: bool,
}

/// Runs `sitrep quotes`.
pub fn run(args: QuotesArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let rows = store.quotes(&QuoteQuery {
        speaker: args.speaker,
        article_id: args.article,
        outlet: args.outlet,
        search: args.search,
        limit: args.limit,
        ..QuoteQuery::default()
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        json_lines(&mut out, &rows)?;
    } else {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|q| {
                let speaker = match (&q.speaker, &q.speaker_mention) {
                    (Some(a), _) => format!("{} ({})", a.code, clip(&a.text, 28)),
                    (None, Some(m)) => clip(&m.text, 28),
                    (None, None) => "-".into(),
                };
                vec![
                    speaker,
                    q.kind.clone(),
                    q.cue.as_ref().map_or("-".into(), |c| clip(&c.text, 16)),
                    format!(
                        "{}:{}",
                        q.article_id.chars().take(8).collect::<String>(),
                        q.sentence_index
                    ),
                    clip(&q.content.text, 90),
                ]
            })
            .collect();
        table(
            &mut out,
            &["SPEAKER", "KIND", "CUE", "ARTICLE", "CONTENT"],
            &cells,
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
