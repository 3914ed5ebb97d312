//! `sitrep serve`: the JSON API and web UI over a store.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use sitrep_serve::{Limits, OpenStore, StorePool};
use sitrep_store::{PgStore, SqliteStore, Store};

use super::output::{open_existing, Db};

/// Flags of `sitrep serve`.
#[derive(Args)]
#[command(after_help = "\
Examples:
  sitrep --db seeds.db serve                   UI at http://127.0.0.1:8080/
  sitrep serve --addr 127.0.0.1:9000           another port
  curl 'http://127.0.0.1:8080/api/events?dyad=USA:RUS&since=2016-01-01'
  curl http://127.0.0.1:8080/api/openapi.json  the API's OpenAPI 3 document")]
pub struct ServeArgs {
    /// Address to listen on. Read-only; keep it on loopback unless a proxy guards it.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Seconds a request may take before it is answered 408.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    timeout: u64,
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
    let app = sitrep_serve::router(Arc::new(StorePool::new(open)), limits);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    eprintln!("sitrep: serving {db} on http://{}/", args.addr);
    runtime.block_on(sitrep_serve::serve(args.addr, app))?;
    Ok(ExitCode::SUCCESS)
}
