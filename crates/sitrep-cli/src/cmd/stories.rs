//! `sitrep stories` and `sitrep story ID`: stories built from the stored articles.
//!
//! Stories are clustered from the stored docs on each call, in one batch in (date, id)
//! order, so the same database always gives the same stories and ids; they are not yet
//! persisted.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;
use serde_json::{json, Value};
use sitrep_doc::{CharMap, Doc};
use sitrep_store::ArticleQuery;
use sitrep_story::claims::{LinkKind, Stance};
use sitrep_story::cluster::{ArticleInput, ClusterConfig, StoryIndex, StoryView};
use sitrep_story::report::{story_report, EntryKind, Source, StoryReport};

use super::output::{clip, open_existing, table, Db};

/// Flags of `sitrep stories`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep stories              one line per story, largest first
  sitrep stories --json       JSON Lines: id, title, articles, outlets, first and last date")]
pub struct StoriesArgs {
    /// Print JSON Lines: one object per story.
    #[arg(long)]
    json: bool,
}

/// Flags of `sitrep story`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep story s1a2b3c4d5e6f7a8            timeline, summary, claims and coverage as text
  sitrep story s1a2b3 --markdown > s.md    the same as Markdown
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
    /// Summary length in sentences.
    #[arg(long, default_value_t = 5)]
    sentences: usize,
}

/// Loads every stored doc and clusters it into stories.
fn load(db: &Db) -> anyhow::Result<(Vec<Doc>, Vec<StoryView>)> {
    let store = open_existing(db)?;
    let rows = store.articles(&ArticleQuery::default())?;
    let mut docs = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(doc) = store
            .doc(&row.id)
            .with_context(|| format!("article {}", row.id))?
        {
            docs.push(doc);
        }
    }
    docs.sort_by(|a, b| (a.meta.date, &a.meta.id).cmp(&(b.meta.date, &b.meta.id)));
    let mut index = StoryIndex::new(ClusterConfig::default());
    let inputs: Vec<ArticleInput> = docs.iter().map(ArticleInput::from_doc).collect();
    index.add_batch(&inputs);
    let mut stories = index.stories();
    stories.sort_by(|a, b| {
        b.articles
            .len()
            .cmp(&a.articles.len())
            .then(a.id.cmp(&b.id))
    });
    Ok((docs, stories))
}

fn outlets(story: &StoryView, docs: &[Doc]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in &story.articles {
        if let Some(o) = docs
            .iter()
            .find(|d| &d.meta.id == id)
            .and_then(|d| d.meta.outlet.clone())
        {
            if !out.contains(&o) {
                out.push(o);
            }
        }
    }
    out
}

/// Runs `sitrep stories`.
pub fn run_list(args: StoriesArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let (docs, stories) = load(db)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        for s in &stories {
            let line = json!({
                "id": s.id,
                "title": s.title,
                "articles": s.articles,
                "outlets": outlets(s, &docs),
                "first_date": s.first.map(|d| d.to_string()),
                "last_date": s.last.map(|d| d.to_string()),
            });
            writeln!(out, "{line}")?;
        }
    } else {
        let cells: Vec<Vec<String>> = stories
            .iter()
            .map(|s| {
                vec![
                    s.id.clone(),
                    s.articles.len().to_string(),
                    s.first.map_or("-".into(), |d| d.to_string()),
                    s.last.map_or("-".into(), |d| d.to_string()),
                    clip(&outlets(s, &docs).join(", "), 40),
                    clip(&s.title, 80),
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

/// A source as JSON with character offsets.
fn source_json(s: &Source, docs: &[&Doc]) -> Value {
    let (start, end) = docs
        .iter()
        .find(|d| d.meta.id == s.article)
        .map(|d| {
            let map = CharMap::new(d.text());
            (map.char_of(s.span.start), map.char_of(s.span.end))
        })
        .unwrap_or((s.span.start, s.span.end));
    json!({"article": s.article, "outlet": s.outlet, "start": start, "end": end})
}

fn report_json(story: &StoryView, r: &StoryReport, docs: &[&Doc]) -> Value {
    let who = |a: &Option<sitrep_doc::ActorRef>| {
        a.as_ref()
            .map(|a| json!({"code": a.code, "iso3": a.iso3, "name": a.name}))
    };
    json!({
        "id": story.id,
        "title": story.title,
        "articles": story.articles,
        "first_date": story.first.map(|d| d.to_string()),
        "last_date": story.last.map(|d| d.to_string()),
        "summary": r.summary.iter().map(|(s, t)| json!({"text": t, "source": source_json(s, docs)})).collect::<Vec<_>>(),
        "timeline": r.timeline.iter().map(|t| json!({
            "date": t.date.map(|d| d.to_string()),
            "kind": match t.kind { EntryKind::Event => "event", EntryKind::Quote => "quote" },
            "who": t.who,
            "what": t.what,
            "sources": t.sources.iter().map(|s| source_json(s, docs)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "events": r.events.iter().map(|e| json!({
            "id": e.id,
            "source": e.source,
            "target": e.target,
            "cameo": e.cameo,
            "quad_class": e.quad_class,
            "date": e.date.map(|d| d.to_string()),
            "place": e.place,
            "negated": e.negated,
            "num_sources": e.num_sources,
            "num_articles": e.num_articles,
            "mentions": e.mentions.iter().map(|m| json!({
                "article": m.article, "outlet": m.outlet, "event_index": m.index,
                "sentence": m.sent, "cameo": m.cameo, "rule": m.rule,
                "date": m.date.map(|d| d.to_string()),
                "action": source_json(&Source { article: m.article.clone(), outlet: m.outlet.clone(), span: m.action }, docs),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "claims": {
            "statements": r.claims.statements.iter().map(|s| json!({
                "stance": match s.stance { Stance::Claim => "claim", Stance::Denial => "denial" },
                "speaker": who(&s.speaker),
                "target_side": s.target_side,
                "text": s.text,
                "via": s.via,
                "date": s.date.map(|d| d.to_string()),
                "source": source_json(&Source { article: s.article.clone(), outlet: s.outlet.clone(), span: s.span }, docs),
            })).collect::<Vec<_>>(),
            "figures": r.claims.figures.iter().map(|f| json!({
                "value": f.value, "unit": f.unit, "text": f.text, "claimant": who(&f.claimant),
                "source": source_json(&Source { article: f.article.clone(), outlet: None, span: f.span }, docs),
            })).collect::<Vec<_>>(),
            "links": r.claims.links.iter().map(|l| json!({
                "kind": match l.kind { LinkKind::Denies => "denies", LinkKind::Contests => "contests" },
                "claim": l.claim, "answer": l.answer, "shared_terms": l.shared_terms,
                "cross_outlet": l.cross_outlet,
            })).collect::<Vec<_>>(),
        },
        "coverage": r.coverage.iter().map(|c| json!({
            "outlet": c.outlet,
            "articles": c.articles.iter().map(|(id, d)| json!({"id": id, "date": d.map(|d| d.to_string())})).collect::<Vec<_>>(),
            "headline_subjects": c.headline_subjects,
            "quotes_by_side": c.quotes_by_side,
            "quotes_by_actor": c.quotes_by_actor,
            "events_reported": c.events_reported,
            "events_omitted": c.events_omitted,
        })).collect::<Vec<_>>(),
    })
}

fn report_markdown(story: &StoryView, r: &StoryReport) -> String {
    let date = |d: Option<chrono::NaiveDate>| d.map_or("undated".to_string(), |d| d.to_string());
    let mut s = format!(
        "# {}\n\n`{}` · {} articles · {} to {}\n\n## Summary\n\n",
        story.title,
        story.id,
        story.articles.len(),
        date(story.first),
        date(story.last)
    );
    for (src, text) in &r.summary {
        s.push_str(&format!(
            "- {} ({})\n",
            clip(text, 400),
            src.outlet.as_deref().unwrap_or(&src.article)
        ));
    }
    s.push_str("\n## Timeline\n\n");
    for t in &r.timeline {
        let outlets: Vec<&str> = t
            .sources
            .iter()
            .map(|x| x.outlet.as_deref().unwrap_or(&x.article))
            .collect();
        s.push_str(&format!(
            "- **{}** {}: {} [{}]\n",
            date(t.date),
            t.who.as_deref().unwrap_or("?"),
            clip(&t.what, 200),
            outlets.join(", ")
        ));
    }
    s.push_str("\n## Claims and denials\n\n");
    for l in &r.claims.links {
        let (c, a) = match l.kind {
            LinkKind::Denies => {
                let (c, a) = (
                    &r.claims.statements[l.claim],
                    &r.claims.statements[l.answer],
                );
                let sp = |x: &sitrep_story::claims::Statement| {
                    x.speaker
                        .as_ref()
                        .and_then(|a| a.name.clone())
                        .unwrap_or_else(|| "?".into())
                };
                (
                    format!("{}: {}", sp(c), clip(&c.text, 160)),
                    format!("{}: {}", sp(a), clip(&a.text, 160)),
                )
            }
            LinkKind::Contests => {
                let (c, a) = (&r.claims.figures[l.claim], &r.claims.figures[l.answer]);
                let sp = |x: &sitrep_story::claims::Figure| {
                    x.claimant
                        .as_ref()
                        .and_then(|a| a.name.clone())
                        .unwrap_or_else(|| "?".into())
                };
                (
                    format!("{}: {}", sp(c), c.text),
                    format!("{}: {}", sp(a), a.text),
                )
            }
        };
        let verb = if l.kind == LinkKind::Denies {
            "denied by"
        } else {
            "contested by"
        };
        s.push_str(&format!("- {c}\n  - {verb} {a}\n"));
    }
    s.push_str("\n## Events\n\n");
    for e in &r.events {
        s.push_str(&format!(
            "- {} {}>{} {} · {} sources, {} articles\n",
            date(e.date),
            e.source,
            e.target.as_deref().unwrap_or("-"),
            e.cameo,
            e.num_sources,
            e.num_articles
        ));
    }
    s.push_str("\n## Coverage by outlet\n\n| outlet | published | headline subject | quotes by side | events reported | omitted |\n|---|---|---|---|---|---|\n");
    for c in &r.coverage {
        let dates: Vec<String> = c.articles.iter().map(|a| date(a.1)).collect();
        let subjects: Vec<&str> = c
            .headline_subjects
            .iter()
            .map(|x| x.as_deref().unwrap_or("-"))
            .collect();
        let total: usize = c.quotes_by_side.iter().map(|x| x.1).sum();
        let sides: Vec<String> = c
            .quotes_by_side
            .iter()
            .map(|(k, n)| format!("{k} {:.0}%", 100.0 * *n as f64 / total.max(1) as f64))
            .collect();
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            c.outlet,
            dates.join(", "),
            subjects.join(", "),
            sides.join(", "),
            c.events_reported.len(),
            c.events_omitted.len()
        ));
    }
    s
}

/// Runs `sitrep story ID`.
pub fn run_one(args: StoryArgs, db: &Db) -> anyhow::Result<ExitCode> {
    let (docs, stories) = load(db)?;
    let matches: Vec<&StoryView> = stories
        .iter()
        .filter(|s| s.id.starts_with(&args.id))
        .collect();
    let story = match matches.as_slice() {
        [one] => *one,
        [] => bail!("no story with id {}; see `sitrep stories`", args.id),
        _ => bail!(
            "{} stories start with {}; give more of the id",
            matches.len(),
            args.id
        ),
    };
    let members: Vec<&Doc> = docs
        .iter()
        .filter(|d| story.articles.contains(&d.meta.id))
        .collect();
    let report = story_report(&members, args.sentences);
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", report_json(story, &report, &members))?;
    } else {
        out.write_all(report_markdown(story, &report).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
