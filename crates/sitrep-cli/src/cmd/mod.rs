//! One module per subcommand group.

pub mod articles;
pub mod bench;
mod bench_http;
pub mod eval;
pub mod events;
pub mod export;
pub mod ingest;
mod output;

pub use output::Db;
pub mod quotes;
pub mod serve;
pub mod show;
pub mod stories;
pub mod train;
