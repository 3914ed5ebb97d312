//! `sitrep eval <suite>`: each suite calls one `sitrep_eval` function and prints its metrics.

use std::process::ExitCode;

use clap::Subcommand;

/// The evaluation suites.
#[derive(Subcommand)]
pub enum Suite {
    /// Tagging, lemmas and dependencies on gold tokens (`upos`, `xpos`, `lemma`, `uas`,
    /// `las`), tokens and sentences from the raw `# text` (`token_f1`, `sentence_f1`), and
    /// the full NLP pipeline's `tokens_per_s` (RAYON_NUM_THREADS sets threads).
    Parse {
        /// Gold CoNLL-U file.
        #[arg(long)]
        gold: std::path::PathBuf,
    },
    /// Quote attribution on a PolNeAR split directory (`text/`, `attributions/`): direct
    /// quote F1 (content overlap >= 50% and speaker overlap), speaker accuracy, and F1 over
    /// all attributions.
    Quotes {
        /// PolNeAR split directory, e.g. `data/dev`.
        #[arg(long)]
        polnear: std::path::PathBuf,
    },
    /// Time expressions on TimeML `.tml` files (TempEval-3 scoring: strict and relaxed span
    /// F1, value and type attribute F1 over relaxed matches).
    Time {
        /// Directory searched recursively for `.tml` files.
        #[arg(long)]
        timeml: std::path::PathBuf,
    },
    /// Toponym detection and geocoding on TR-News/LGL or GeoVirus XML: toponym P/R/F1,
    /// accuracy within 161 km, mean and median error, AUC (as Gritta et al.).
    Geo {
        /// Gold XML file.
        #[arg(long)]
        xml: std::path::PathBuf,
        /// Writes per-toponym errors and detection misses here (TSV), for error analysis.
        #[arg(long, value_name = "FILE")]
        errors: Option<std::path::PathBuf>,
    },
    /// Named entities on gold tokens (UNER IOB2 or CoNLL-2003 IOB1, detected): exact-span
    /// micro P/R/F1 over PER/ORG/LOC, GPE counted as LOC.
    Ner {
        /// Gold file.
        #[arg(long)]
        gold: std::path::PathBuf,
        /// A model file to score instead of the compiled-in `models/ner.bin`.
        #[arg(long)]
        model: Option<std::path::PathBuf>,
    },
    /// Story clustering on an ECB+ tree (`DIR/<topic>/*.xml`) against gold sub-topics:
    /// B-cubed P/R/F1 and ARI, all topics in one batch (unprefixed), per topic
    /// (`per_topic_`), in four incremental batches (`incremental_`) and the lemma-overlap
    /// baseline (`baseline_`).
    Cluster {
        /// ECB+ root directory.
        #[arg(long)]
        ecb: std::path::PathBuf,
    },
    /// Extractive summaries on the BBC News Summary tree: ROUGE-1/2/L F1 (macro) at 3
    /// sentences against lead-3 (`lead3_`) and at 40% of the sentences against the same
    /// share of leading ones (`ratio40_`, `lead_ratio40_`).
    Summary {
        /// Directory holding `data/News Articles` and `data/Summaries`.
        #[arg(long)]
        bbc: std::path::PathBuf,
    },
    /// Throughput of duplicate detection and incremental story clustering on
    /// Reuters-21578 (SGML) plus BBC News: duplicate counts, stories, articles per second.
    StoryBench {
        /// Directory of `reut2-*.sgm` files.
        #[arg(long)]
        reuters: std::path::PathBuf,
        /// BBC News Summary directory.
        #[arg(long)]
        bbc: std::path::PathBuf,
        /// Articles per clustering batch, in date order.
        #[arg(long, default_value_t = 1000)]
        batch: usize,
    },
    /// Event coding: PETRARCH validation XML (`--petr`: micro P/R/F1 over (source,
    /// target, code) triples, `f1_root` at the two-digit root), PETRARCH unit-test
    /// conformance with the file's own dictionaries (`--petr-unit FILE --dictionaries
    /// DIR`: `pass_rate` on the records' own parses, per category, and
    /// `pass_rate_own_parse` through sitrep's parser, over every record, the skipped ones
    /// listed on stderr), or PLOVER gold records
    /// (`--plover`: `type_f1` by cue category, `plover_field_type_f1` on the emitted
    /// `plover` field, `source_iso3_acc`, `target_iso3_acc`).
    #[command(group(clap::ArgGroup::new("events_set").required(true)))]
    Events {
        /// PETRARCH validation XML (tolerant reader).
        #[arg(long, value_name = "FILE", group = "events_set")]
        petr: Option<std::path::PathBuf>,
        /// PETRARCH unit-test records.
        #[arg(
            long,
            value_name = "FILE",
            group = "events_set",
            requires = "dictionaries"
        )]
        petr_unit: Option<std::path::PathBuf>,
        /// Directory holding the dictionaries the unit-test file names.
        #[arg(long, value_name = "DIR")]
        dictionaries: Option<std::path::PathBuf>,
        /// PLOVER gold records (JSON array).
        #[arg(long, value_name = "FILE", group = "events_set")]
        plover: Option<std::path::PathBuf>,
    },
    /// HTML main-text extraction: shingle P/R/F1 on an Article Extraction Benchmark
    /// directory (`--aeb`), or snippet P/R/F1 and accuracy on trafilatura's evaluation set
    /// (`--trafilatura-eval`); both print `docs_per_s` (RAYON_NUM_THREADS sets threads).
    #[command(group(clap::ArgGroup::new("extract_set").required(true)))]
    Extract {
        /// Directory with `ground-truth.json` and `html/<id>.html.gz`.
        #[arg(long, value_name = "DIR", group = "extract_set")]
        aeb: Option<std::path::PathBuf>,
        /// Directory with `evaldata.json` and `html/<file>.gz`.
        #[arg(long, value_name = "DIR", group = "extract_set")]
        trafilatura_eval: Option<std::path::PathBuf>,
    },
}

/// Runs a suite and prints one `name: value` line per metric.
pub fn run(suite: Suite) -> anyhow::Result<ExitCode> {
    let metrics: sitrep_eval::Metrics = match suite {
        Suite::Parse { gold } => sitrep_eval::parse::run(&gold)?,
        Suite::Quotes { polnear } => sitrep_eval::quotes::run(&polnear)?,
        Suite::Time { timeml } => sitrep_eval::time::run(&timeml)?,
        Suite::Ner { gold, model } => sitrep_eval::ner::run(&gold, model.as_deref())?,
        Suite::Geo { xml, errors } => sitrep_eval::geo::run(&xml, errors.as_deref())?,
        Suite::Cluster { ecb } => sitrep_eval::cluster::eval_ecb(&ecb)?,
        Suite::Summary { bbc } => sitrep_eval::summary::eval_bbc(&bbc)?,
        Suite::StoryBench {
            reuters,
            bbc,
            batch,
        } => sitrep_eval::cluster::bench_story(&reuters, &bbc, batch)?,
        Suite::Events {
            petr,
            petr_unit,
            dictionaries,
            plover,
        } => match (petr, petr_unit, dictionaries, plover) {
            (Some(f), _, _, _) => sitrep_eval::events::petr(&f)?,
            (None, Some(f), Some(dir), _) => {
                eprintln!(
                    "# pass_rate codes each record's own Penn Treebank parse; \
                     pass_rate_own_parse codes its text with sitrep's tokenizer, tagger and parser; \
                     both count every record, a skipped one as a failure"
                );
                sitrep_eval::petr_unit::run(&f, &dir)?
            }
            (None, None, _, Some(f)) => sitrep_eval::events::plover(&f)?,
            _ => anyhow::bail!(
                "give --petr FILE, --petr-unit FILE --dictionaries DIR, or --plover FILE"
            ),
        },
        Suite::Extract {
            aeb,
            trafilatura_eval,
        } => match (aeb, trafilatura_eval) {
            (Some(dir), _) => sitrep_eval::extract::aeb(&dir)?,
            (None, Some(dir)) => sitrep_eval::extract::trafilatura_eval(&dir)?,
            (None, None) => anyhow::bail!("give --aeb DIR or --trafilatura-eval DIR"),
        },
    };
    print!("{metrics}");
    Ok(ExitCode::SUCCESS)
}
