//! `sitrep bench nlp`: throughput of the full NLP pipeline over plain-text files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Subcommand;
use sitrep_doc::{Doc, DocMeta};

/// The benchmarks.
#[derive(Subcommand)]
pub enum Bench {
    /// Full NLP pipeline (tokenizer, splitter, tagger, parser, NER) over text files, one
    /// article per file (directories are searched for `.txt`); prints `docs`, `tokens`,
    /// `load_ms`, `threads` and `tokens_per_s` (RAYON_NUM_THREADS sets threads).
    Nlp {
        /// Text files or directories.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Repeat the batch until this many seconds have passed.
        #[arg(long, default_value_t = 3.0)]
        min_seconds: f64,
    },
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("{}: cannot read", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            if e.is_dir() || e.extension().is_some_and(|x| x == "txt") {
                collect(&e, out)?;
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// Runs a benchmark and prints one `name: value` line per figure.
pub fn run(bench: Bench) -> anyhow::Result<ExitCode> {
    let Bench::Nlp { files, min_seconds } = bench;
    let mut paths = Vec::new();
    for f in &files {
        collect(f, &mut paths)?;
    }
    let mut docs = Vec::with_capacity(paths.len());
    for p in &paths {
        let bytes = std::fs::read(p).with_context(|| format!("{}: cannot read", p.display()))?;
        let text = String::from_utf8_lossy(&bytes).into_owned();
        docs.push(Doc::new(
            DocMeta::new(&p.display().to_string(), "bench"),
            text,
        ));
    }
    let t0 = Instant::now();
    let pipeline = sitrep_eval::parse::nlp_pipeline()?;
    let load_ms = t0.elapsed().as_secs_f64() * 1000.0;
    let tokens: usize = pipeline.run_batch(docs.clone()).iter().map(Doc::len).sum();
    let tps =
        sitrep_eval::parse::throughput(&pipeline, &docs, Duration::from_secs_f64(min_seconds));
    println!("docs: {}", docs.len());
    println!("tokens: {tokens}");
    println!("load_ms: {load_ms:.1}");
    println!("threads: {}", rayon::current_num_threads());
    println!("tokens_per_s: {tps:.0}");
    Ok(ExitCode::SUCCESS)
}
