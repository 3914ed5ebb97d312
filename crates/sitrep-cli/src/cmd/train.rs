//! `sitrep train <model>`: trains one of sitrep's own models from open data.

use std::process::ExitCode;

use clap::Subcommand;

/// The trainable models.
#[derive(Subcommand)]
pub enum Model {}

/// Trains a model and writes it to its `--out` path.
pub fn run(model: Model) -> anyhow::Result<ExitCode> {
    match model {}
}
