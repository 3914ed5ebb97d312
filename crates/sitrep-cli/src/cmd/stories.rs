//! `sitrep stories` and `sitrep story ID`: the stories stored by ingest.
//!
//! Ingest clusters each batch into the stored stories and rebuilds the reports of the
//! stories that changed; these commands only read. `sitrep stories --refresh` does the
//! story step alone, for articles stored without it (`ingest --no-stories`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::Args;
use sitrep_store::{ActorFilter, StoryDetail, StoryQuery};

use super::output::{clip, json_lines, open_existing, table, Db};

/// Flags of `sitrep stories`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep stories                      one line per story, largest first
  sitrep stories --json               JSON Lines: id, title, articles, outlets, first and last date
  sitrep stories --search Aleppo      stories with an article about Aleppo
  sitrep stories --actor RUS --since 2016-01-01
  sitrep stories --refresh            cluster stored articles that have no story yet")]
pub struct StoriesArgs {
    /// Print JSON Lines: one object per story.
    #[arg(long)]
    json: bool,
    /// Print at most N stories.
    #[arg(long, short = 'n', value_name = "N")]
    limit: Option<usize>,
    /// Stories with an article containing these words.
    #[arg(long, value_name = "WORDS")]
    search: Option<String>,
    /// Stories with an article by this outlet.
    #[arg(long, value_name = "NAME")]
    outlet: Option<String>,
    /// Stories with an article mentioning this actor (ISO3 or code prefix).
    #[arg(long, value_name = "CODE")]
    actor: Option<String>,
    /// Stories that reach this day or later (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Stories that start on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    until: Option<NaiveDate>,
    /// Stories with at least N articles.
    #[arg(long, value_name = "N")]
    min_articles: Option<usize>,
    /// First cluster stored articles without a story and rebuild stale reports.
    #[arg(long)]
    refresh: bool,
}

/// Flags of `sitrep story`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep story s1a2b3c4d5e6f7a8            timeline, summary, claims and coverage as Markdown
  sitrep story s1a2b3 --json | jq .claims  every part as one JSON object")]
pub struct StoryArgs {
    /// Story id, or a unique prefix of one.
    id: String,
    /// Print one JSON object.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print Markdown (the default).
    #[arg(long)]
    markdown: bool,
}

/// Runs `sitrep stories`.
pub fn run_list(args: StoriesArgs, db: &Db) -> anyhow::Result<ExitCode> {
    if let (Some(s), Some(u)) = (args.since, args.until) {
        if s > u {
            bail!("--since {s} is after --until {u}");
        }
    }
    let mut store = open_existing(db)?;
    if args.refresh {
        let calendar = sitrep_engine::story_calendar()?;
        let done = sitrep_engine::update_stories(store.as_mut(), calendar)?;
        eprintln!(
            "stories: {} articles clustered, {} reports rebuilt",
            done.clustered, done.stories_refreshed
        );
    }
    let rows = store.stories(&StoryQuery {
        search: args.search,
        outlet: args.outlet,
        actor: args.actor.as_deref().map(ActorFilter::new),
        since: args.since,
        until: args.until,
        min_articles: args.min_articles,
        limit: args.limit,
        ..StoryQuery::default()
    })?;
    let mut out = std::io::stdout().lock();
    if args.json {
        json_lines(&mut out, &rows)?;
    } else {
        let date = |d: Option<NaiveDate>| d.map_or("-".into(), |d| d.to_string());
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|s| {
                vec![
                    s.id.clone(),
                    s.articles.len().to_string(),
                    date(s.first_date),
                    date(s.last_date),
                    clip(&s.outlets.join(", "), 40),
                    format!(
                        "{}{}",
                        clip(&s.title, 80),
                        if s.stale { " (stale)" } else { "" }
                    ),
                ]
            })
            .collect();
        table(
            &mut out,
            &["ID", "N", "FIRST", "LAST", "OUTLETS", "TITLE"],
            &cells,
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn markdown(s: &StoryDetail) -> String {
    let date = |d: Option<NaiveDate>| d.map_or("undated".to_string(), |d| d.to_string());
    let outlet = |o: &Option<String>, article: &str| {
        o.clone()
            .unwrap_or_else(|| article.chars().take(12).collect())
    };
    let st = &s.story;
    let mut m = format!(
        "# {}\n\n`{}` · {} articles · {} to {}\n",
        st.title,
        st.id,
        st.articles.len(),
        date(st.first_date),
        date(st.last_date)
    );
    if st.stale {
        m.push_str("\n*This report predates the story's latest articles; `sitrep stories --refresh` rebuilds it.*\n");
    }
    m.push_str("\n## Articles\n\n");
    for a in &s.dates {
        m.push_str(&format!(
            "- **{}** {} ({}) · date {}: {}\n",
            date(a.date),
            a.title.as_deref().unwrap_or("(untitled)"),
            a.outlet
                .as_deref()
                .or(a.wire.as_deref())
                .unwrap_or(&a.id[..12.min(a.id.len())]),
            a.date_method,
            a.date_note
        ));
    }
    m.push_str("\n## Summary\n\n");
    for x in &s.summary {
        m.push_str(&format!(
            "- {} ({})\n",
            clip(&x.text, 400),
            outlet(&x.source.outlet, &x.source.article)
        ));
    }
    m.push_str("\n## Timeline\n\n");
    for t in &s.timeline {
        let outlets: Vec<String> = t
            .sources
            .iter()
            .map(|x| outlet(&x.outlet, &x.article))
            .collect();
        m.push_str(&format!(
            "- **{}** ({}) {}: {} [{}]\n",
            date(t.date),
            t.date_how,
            t.who.as_deref().unwrap_or("?"),
            clip(&t.what, 200),
            outlets.join(", ")
        ));
    }
    m.push_str("\n## Claims and denials\n\n");
    for l in &s.claims {
        let who = |x: &sitrep_store::StoryStatement| {
            x.speaker
                .as_ref()
                .map(|a| a.name.clone().unwrap_or_else(|| a.code.clone()))
                .unwrap_or_else(|| "?".into())
        };
        let verb = if l.kind == "denies" {
            "denied by"
        } else {
            "contested by"
        };
        m.push_str(&format!(
            "- {} ({}): {}\n  - {verb} {} ({}): {}\n",
            who(&l.claim),
            date(l.claim.date),
            clip(&l.claim.span.text, 200),
            who(&l.answer),
            date(l.answer.date),
            clip(&l.answer.span.text, 200)
        ));
    }
    m.push_str("\n## Events\n\n");
    for e in &s.events {
        m.push_str(&format!(
            "- {} {}>{} {} · {} sources, {} articles\n",
            date(e.date),
            e.source,
            e.target.as_deref().unwrap_or("-"),
            e.cameo,
            e.num_sources,
            e.num_articles
        ));
    }
    m.push_str("\n## Coverage by outlet\n\n| outlet | published | headline subject | quotes by side | events reported | omitted |\n|---|---|---|---|---|---|\n");
    for c in &s.coverage {
        let dates: Vec<String> = c.articles.iter().map(|a| date(a.date)).collect();
        let subjects: Vec<&str> = c
            .articles
            .iter()
            .map(|a| a.headline_subject.as_deref().unwrap_or("-"))
            .collect();
        let sides: Vec<String> = c
            .quotes_by_side
            .iter()
            .map(|x| format!("{} {:.0}%", x.label, 100.0 * x.share))
            .collect();
        m.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            c.label,
            dates.join(", "),
            subjects.join(", "),
            sides.join(", "),
            c.events_reported.len(),
            c.events_omitted.len()
        ));
    }
    if !s.duplicates.is_empty() {
        m.push_str("\n## Duplicates and wire copy\n\n");
        for d in &s.duplicates {
            m.push_str(&format!(
                "- {} copies {} ({}, Jaccard {:.2}, {:.0}% of it in the other)\n",
                &d.article[..12.min(d.article.len())],
                &d.other[..12.min(d.other.len())],
                d.kind,
                d.jaccard,
                100.0 * d.article_in_other
            ));
        }
    }
    m
}

/// Runs `sitrep story ID`.
pub fn run_one(args: StoryArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let store = open_existing(db)?;
    let Some(story) = store
        .story(&args.id)
        .with_context(|| format!("story {}", args.id))?
    else {
        bail!("no story with id {}; see `sitrep stories`", args.id);
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut out, &story)?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(markdown(&story).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
