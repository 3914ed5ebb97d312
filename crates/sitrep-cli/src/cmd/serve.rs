//! `sitrep serve`: the JSON API and web UI over a store.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;
use sitrep_engine::Engine;
use sitrep_serve::{Ingest, Limits, OpenStore, StorePool};
use sitrep_store::{PgStore, SqliteStore, Store};

use super::ingest::Dictionaries;
use super::output::{open_existing, Db};

/// Flags of `sitrep serve`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep --db seeds.db serve                   UI at http://127.0.0.1:8080/
  sitrep serve --addr 127.0.0.1:9000           another port
  curl 'http://127.0.0.1:8080/api/events?dyad=USA:RUS&since=2016-01-01'
  curl http://127.0.0.1:8080/api/openapi.json  the API's OpenAPI 3 document

Ingest over HTTP (off unless a write token is given; the token is best passed in the
environment, where other users' `ps` cannot see it):
  SITREP_WRITE_TOKEN=s3cret sitrep serve
  curl -H 'Authorization: Bearer s3cret' -H 'Content-Type: application/x-ndjson' \
       --data-binary @feed.jsonl http://127.0.0.1:8080/api/ingest")]
pub struct ServeArgs {
    /// Address to listen on. Keep it on loopback unless a proxy guards it.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Seconds a read request may take before it is answered 408.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    timeout: u64,
    /// Store connections serving reads at once (default: twice the cores, at least 4);
    /// more requests wait for one.
    #[arg(long, value_name = "N")]
    connections: Option<usize>,
    /// Accept `POST /api/ingest` from clients sending `Authorization: Bearer TOKEN`.
    /// Without it the server is read-only.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "SITREP_WRITE_TOKEN",
        hide_env_values = true
    )]
    write_token: Option<String>,
    /// Largest ingest request body, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 16)]
    ingest_max_mib: usize,
    /// Seconds an ingest request may read records; the batch in hand still finishes
    /// and the answer says where reading stopped.
    #[arg(long, value_name = "SECS", default_value_t = 120)]
    ingest_timeout: u64,
    /// Articles per pipeline batch and transaction for ingest requests; small batches
    /// keep the time limit tight.
    #[arg(long, value_name = "N", default_value_t = 16)]
    ingest_batch: usize,
    #[command(flatten)]
    dictionaries: Dictionaries,
}

/// Runs `sitrep serve` until Ctrl-C.
pub fn run(args: ServeArgs, db: &Db) -> anyhow::Result<ExitCode> {
    // Fail early, with the CLI's usual message, when there is no database.
    drop(open_existing(db)?);
    let open: OpenStore = match db {
        Db::Sqlite(path) => {
            let path = path.clone();
            Arc::new(move || Ok(Box::new(SqliteStore::open(&path)?) as Box<dyn Store>))
        }
        Db::Postgres(url) => {
            let url = url.clone();
            Arc::new(move || Ok(Box::new(PgStore::connect(&url)?) as Box<dyn Store>))
        }
    };
    let limits = Limits {
        timeout: Duration::from_secs(args.timeout),
        ..Limits::default()
    };
    let ingest = match args.write_token {
        None => None,
        Some(token) if token.trim().len() < 8 => {
            bail!("--write-token: use at least 8 characters; a short token is easy to guess")
        }
        Some(token) => {
            let engine = Engine::new(args.dictionaries.pipeline()?, db.open_or_create()?)
                .with_batch_size(args.ingest_batch);
            let mut ingest = Ingest::new(token.trim().to_string(), engine);
            ingest.body_bytes = args.ingest_max_mib.max(1) << 20;
            ingest.time = Duration::from_secs(args.ingest_timeout);
            Some(ingest)
        }
    };
    let mode = if ingest.is_some() {
        "accepting POST /api/ingest"
    } else {
        "read-only"
    };
    let pool = match args.connections {
        Some(n) => StorePool::with_max(open, n),
        None => StorePool::new(open),
    };
    let app = sitrep_serve::router_with(Arc::new(pool), limits, ingest);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    eprintln!("sitrep: serving {db} on http://{}/ ({mode})", args.addr);
    runtime.block_on(sitrep_serve::serve(args.addr, app))?;
    Ok(ExitCode::SUCCESS)
}
