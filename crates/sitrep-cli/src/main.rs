//! The `sitrep` binary: parses flags and calls one library function per subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// News event intelligence: who did what to whom, who said what, when and where.
#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    propagate_version = true,
    max_term_width = 100
)]
struct Cli {
    /// SQLite database file. Accepted before or after the subcommand.
    #[arg(long, global = true, value_name = "PATH", default_value = "sitrep.db")]
    db: PathBuf,

    /// Use a PostgreSQL server instead of the SQLite file, e.g.
    /// `postgres://user@host/sitrep`. Accepted before or after the subcommand.
    #[arg(long, global = true, value_name = "URL")]
    postgres: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles (text dumps, HTML, JSONL, WARC; gzipped or not), annotate them and
    /// store them; prints a summary of what was stored and what failed.
    Ingest(cmd::ingest::IngestArgs),
    /// List stored articles, newest first or by full-text search.
    Articles(cmd::articles::ArticlesArgs),
    /// Show one article: metadata, captions and clean body (`--json`: every record too).
    Show(cmd::show::ShowArgs),
    /// List coded events (who did what to whom), filtered by actor, dyad, code and date.
    Events(cmd::events::EventsArgs),
    /// List quotes and reported statements with their speakers.
    Quotes(cmd::quotes::QuotesArgs),
    /// List stories: articles about the same events, clustered across outlets.
    Stories(cmd::stories::StoriesArgs),
    /// Show one story: summary, timeline, claims against denials, merged events and
    /// coverage by outlet (Markdown unless `--json`).
    Story(cmd::stories::StoryArgs),
    /// Export events as GDELT 2.0 TSV, JSON Lines, CSV or Parquet.
    Export(cmd::export::ExportArgs),
    /// Serve the JSON API and the web UI over the database (read-only unless given
    /// `--write-token`).
    Serve(cmd::serve::ServeArgs),
    /// Score sitrep against a gold data set; prints one `name: value` line per metric.
    #[command(subcommand)]
    Eval(cmd::eval::Suite),
    /// Measure throughput on your own text (release builds only give meaningful figures).
    #[command(subcommand)]
    Bench(cmd::bench::Bench),
    /// Train one of sitrep's own models from open data (deterministic, seeded).
    #[command(subcommand)]
    Train(cmd::train::Model),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = match cli.postgres {
        Some(url) => cmd::Db::Postgres(url),
        None => cmd::Db::Sqlite(cli.db),
    };
    let result = match cli.command {
        Command::Ingest(args) => cmd::ingest::run(args, &db),
        Command::Articles(args) => cmd::articles::run(args, &db),
        Command::Show(args) => cmd::show::run(args, &db),
        Command::Events(args) => cmd::events::run(args, &db),
        Command::Quotes(args) => cmd::quotes::run(args, &db),
        Command::Stories(args) => cmd::stories::run_list(args, &db),
        Command::Story(args) => cmd::stories::run_one(args, &db),
        Command::Serve(args) => cmd::serve::run(args, &db),
        Command::Export(args) => cmd::export::run(args, &db),
        Command::Eval(suite) => cmd::eval::run(suite),
        Command::Train(model) => cmd::train::run(model),
        Command::Bench(bench) => cmd::bench::run(bench),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("sitrep: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// A closed pipe (`sitrep events | head`) is success, not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
