//! `sitrep bench nlp`: throughput of the full NLP pipeline over plain-text files;
//! `sitrep bench load`: how long each shipped model takes to load;
//! `sitrep bench http`: latency of a loopback HTTP server under a fixed request rate.

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
    /// Loads each embedded model (splitter, tagger, parser, NER) `rounds` times and prints
    /// the median milliseconds per model, `<model>_load_ms`.
    Load {
        /// Loads per model.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
    /// Open-loop HTTP load at a fixed rate against a loopback URL (`sitrep serve`, say):
    /// request i is due at i/RATE seconds and its latency counts from then, so a stalled
    /// server is charged for every request it delays. Prints `name: value` lines:
    /// requests, answers, errors, achieved rate, latency quantiles and the largest send lag.
    Http {
        /// The URL to GET, on 127.0.0.1, ::1 or localhost.
        url: String,
        /// Requests per second.
        #[arg(long, default_value_t = 500.0)]
        rate: f64,
        /// How long to schedule requests for (`30s`, `2m`, `500ms`).
        #[arg(long, default_value = "30s", value_parser = super::bench_http::parse_duration)]
        duration: Duration,
        /// Connections, i.e. requests in flight at most.
        #[arg(long, default_value_t = 64)]
        connections: usize,
        /// A request unanswered after this long is an error.
        #[arg(long, default_value = "10s", value_parser = super::bench_http::parse_duration)]
        timeout: Duration,
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
    match bench {
        Bench::Nlp { files, min_seconds } => nlp(&files, min_seconds),
        Bench::Load { rounds } => load(rounds.max(1)),
        Bench::Http {
            url,
            rate,
            duration,
            connections,
            timeout,
        } => http(
            &url,
            super::bench_http::Load {
                rate,
                duration,
                connections,
                timeout,
            },
        ),
    }
}

fn load(rounds: usize) -> anyhow::Result<ExitCode> {
    fn median_ms<T, E: std::error::Error + Send + Sync + 'static>(
        rounds: usize,
        load: impl Fn() -> Result<T, E>,
    ) -> anyhow::Result<f64> {
        let mut ms = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let t = Instant::now();
            std::hint::black_box(load()?);
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        ms.sort_by(f64::total_cmp);
        Ok(ms[ms.len() / 2])
    }
    let figures = [
        (
            "splitter",
            median_ms(rounds, sitrep_nlp::Splitter::load_default)?,
        ),
        (
            "tagger",
            median_ms(rounds, sitrep_nlp::Tagger::load_default)?,
        ),
        (
            "parser",
            median_ms(rounds, sitrep_parser::Parser::load_default)?,
        ),
        ("ner", median_ms(rounds, sitrep_ner::Ner::load_default)?),
    ];
    for (model, ms) in figures {
        println!("{model}_load_ms: {ms:.1}");
    }
    Ok(ExitCode::SUCCESS)
}

fn http(url: &str, load: super::bench_http::Load) -> anyhow::Result<ExitCode> {
    let target = super::bench_http::Target::parse(url)?;
    // One thread: the generator should take as little CPU from the server as it can.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let r = runtime.block_on(super::bench_http::run(&target, load))?;
    if r.latencies_us.is_empty() {
        anyhow::bail!(
            "{url}: no request succeeded ({} errors, {} non-2xx answers)",
            r.io_errors,
            r.bad_status
        );
    }
    let answered = r.latencies_us.len() as u64;
    println!("requests: {}", r.scheduled);
    println!("ok: {answered}");
    println!("bad_status: {}", r.bad_status);
    println!("io_errors: {}", r.io_errors);
    println!("rate_target: {}", load.rate);
    println!(
        "rate_achieved: {:.1}",
        answered as f64 / r.elapsed_s.max(1e-9)
    );
    for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999)] {
        println!("{name}_ms: {:.2}", r.quantile_ms(q));
    }
    println!("max_ms: {:.2}", r.quantile_ms(1.0));
    println!("max_send_lag_ms: {:.2}", r.max_send_lag_us as f64 / 1000.0);
    Ok(ExitCode::SUCCESS)
}

fn nlp(files: &[PathBuf], min_seconds: f64) -> anyhow::Result<ExitCode> {
    let mut paths = Vec::new();
    for f in files {
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
