//! `sitrep eval <suite>`: each suite calls one `sitrep_eval` function and prints its metrics.

use std::process::ExitCode;

use clap::Subcommand;

/// The evaluation suites.
#[derive(Subcommand)]
pub enum Suite {}

/// Runs a suite and prints one `name: value` line per metric.
pub fn run(suite: Suite) -> anyhow::Result<ExitCode> {
    let metrics: sitrep_eval::Metrics = match suite {};
    #[allow(unreachable_code)]
    {
        print!("{metrics}");
        Ok(ExitCode::SUCCESS)
    }
}
