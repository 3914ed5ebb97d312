//! `sitrep events`: coded events with their provenance.

use std::io::Write;
use std::process::ExitCode;

use anyhow::bail;
use chrono::NaiveDate;
use clap::Args;
use sitrep_store::{ActorFilter, ActorRow, EventQuery, EventRow};

use super::output::{clip, json_lines, open_existing, table, Db};

/// Flags of `sitrep events`.
#[derive(Args)]
#[command(after_help = "\
Actors are matched by ISO3 country or by CAMEO-style code prefix: `RUS` matches Russia's
government, military and people; `USAGOV` only the US government.

Examples:
  sitrep events --dyad USA:RUS                 everything the US did to Russia
  sitrep events --actor RUS --code 11          Russia accusing or accused (CAMEO 11x)
  sitrep events --since 2016-02-01 --until 2016-02-29 --tsv > feb.tsv
  sitrep events --json | jq 'select(.goldstein < -5)'")]
pub struct EventsArgs {
    #[command(flatten)]
    filter: EventFilter,
    /// Print at most N events.
    #[arg(long, short = 'n', value_name = "N")]
    limit: Option<usize>,
    /// Print JSON Lines: one object per event, offsets in characters.
    #[arg(long, conflicts_with = "tsv")]
    json: bool,
    /// Print tab-separated values with a header line.
    #[arg(long)]
    tsv: bool,
}

/// Event filters shared by `sitrep events` and `sitrep export`.
#[derive(Args)]
pub struct EventFilter {
    /// Events where the source or the target matches (ISO3 or code prefix).
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// Events from SRC to TGT, each an ISO3 country or a code prefix.
    #[arg(long, value_name = "SRC:TGT", value_parser = parse_dyad)]
    dyad: Option<(String, String)>,
    /// CAMEO code prefix, e.g. `11` (disapprove) or `112` (accuse).
    #[arg(long, value_name = "PREFIX")]
    code: Option<String>,
    /// Events on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Events on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<NaiveDate>,
    /// Only events of this article (full id).
    #[arg(long, value_name = "ID")]
    article: Option<String>,
    /// Only events of articles by this outlet (whole name, any case).
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// Only events of articles with every one of these words.
    #[arg(long, short = 's', value_name = "QUERY")]
    search: Option<String>,
}

impl EventFilter {
    /// The store query for these filters.
    pub fn query(self, limit: Option<usize>) -> anyhow::Result<EventQuery> {
        if let (Some(s), Some(u)) = (self.since, self.until) {
            if s > u {
                bail!("--since {s} is after --until {u}");
            }
        }
        Ok(EventQuery {
            actor: self.actor.as_deref().map(ActorFilter::new),
            dyad: self
                .dyad
                .as_ref()
                .map(|(s, t)| (ActorFilter::new(s), ActorFilter::new(t))),
            code: self.code,
            since: self.since,
            until: self.until,
            article_id: self.article,
            outlet: self.outlet,
            search: self.search,
            limit,
            offset: 0,
        })
    }
}

fn parse_dyad(s: &str) -> Result<(String, String), String> {
    match s.split_once(':') {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Ok((a.trim().to_string(), b.trim().to_string()))
        }
        _ => Err(format!("expected SRC:TGT such as USA:RUS, got `{s}`")),
    }
}

/// Runs `sitrep events`.
pub fn run(args: EventsArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let query = args.filter.query(args.limit)?;
    let store = open_existing(db)?;
    let rows = store.events(&query)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        json_lines(&mut out, &rows)?;
    } else if args.tsv {
        tsv(&mut out, &rows)?;
    } else {
        let cells: Vec<Vec<String>> = rows.iter().map(cells).collect();
        table(
            &mut out,
            &[
                "DATE", "SOURCE", "CAMEO", "PLOVER", "TARGET", "GOLD", "ARTICLE", "ACTION",
            ],
            &cells,
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn actor_cell(a: &ActorRow) -> String {
    if a.text.is_empty() {
        a.code.clone()
    } else {
        format!("{} ({})", a.code, clip(&a.text, 28))
    }
}

fn cells(e: &EventRow) -> Vec<String> {
    let mut flags = String::new();
    if e.negated {
        flags.push_str(" [negated]");
    }
    if e.hypothetical {
        flags.push_str(" [hypothetical]");
    }
    vec![
        e.date.map_or("-".into(), |d| d.to_string()),
        actor_cell(&e.source),
        e.cameo.clone(),
        e.plover.clone(),
        e.target.as_ref().map_or("-".into(), actor_cell),
        format!("{:+.1}", e.goldstein),
        format!(
            "{}:{}",
            e.article_id.chars().take(8).collect::<String>(),
            e.sentence_index
        ),
        format!("{}{flags}", clip(&e.action.text, 30)),
    ]
}

/// Tabs and newlines inside a field would break the format; they become spaces.
fn field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn tsv(out: &mut impl Write, rows: &[EventRow]) -> anyhow::Result<()> {
    writeln!(
        out,
        "article_id\tsentence_index\tdate\tsource_code\tsource_iso3\tsource_sector\tsource_text\t\
         source_start\tsource_end\tcameo\tplover\tgoldstein\tquad_class\ttarget_code\t\
         target_iso3\ttarget_sector\ttarget_text\ttarget_start\ttarget_end\taction_text\t\
         action_start\taction_end\tnegated\thypothetical\trule"
    )?;
    for e in rows {
        let t = e.target.as_ref();
        let opt = |s: Option<&String>| field(s.map_or("", String::as_str));
        let cols = [
            field(&e.article_id),
            e.sentence_index.to_string(),
            e.date.map_or(String::new(), |d| d.to_string()),
            field(&e.source.code),
            opt(e.source.iso3.as_ref()),
            opt(e.source.sector.as_ref()),
            field(&e.source.text),
            e.source.start.to_string(),
            e.source.end.to_string(),
            field(&e.cameo),
            field(&e.plover),
            e.goldstein.to_string(),
            e.quad_class.to_string(),
            opt(t.map(|t| &t.code)),
            opt(t.and_then(|t| t.iso3.as_ref())),
            opt(t.and_then(|t| t.sector.as_ref())),
            opt(t.map(|t| &t.text)),
            t.map_or(String::new(), |t| t.start.to_string()),
            t.map_or(String::new(), |t| t.end.to_string()),
            field(&e.action.text),
            e.action.start.to_string(),
            e.action.end.to_string(),
            e.negated.to_string(),
            e.hypothetical.to_string(),
            field(&e.rule),
        ];
        writeln!(out, "{}", cols.join("\t"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dyad_needs_both_sides() {
        assert_eq!(parse_dyad("usa:RUS"), Ok(("usa".into(), "RUS".into())));
        assert!(parse_dyad("USA").is_err());
        assert!(parse_dyad("USA:").is_err());
    }
}
