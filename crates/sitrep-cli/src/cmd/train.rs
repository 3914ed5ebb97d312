//! `sitrep train <model>`: trains one of sitrep's own models from open data.

use std::process::ExitCode;

use clap::{Args, Subcommand};

/// The flags of the models trained from a CoNLL-U treebank alone.
#[derive(Args)]
pub struct TreebankArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long)]
    train: std::path::PathBuf,
    /// Dev treebank, scored after each epoch.
    #[arg(long)]
    dev: std::path::PathBuf,
    /// Output model file.
    #[arg(long)]
    out: std::path::PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Shuffle seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Where the word classes come from; the tagger and the parser learn the same ones.
#[derive(Args)]
pub struct ClassArgs {
    /// Unlabelled text for the word classes (with the training words), comma-separated:
    /// CoNLL-U files (`.conllu`) or the NER corpus layouts `sitrep train ner` reads (only
    /// the words are used).
    #[arg(long, value_delimiter = ',')]
    unlabeled: Vec<std::path::PathBuf>,
    /// Fine word classes (the coarse ones number an eighth; 0: none).
    #[arg(long, default_value_t = 256)]
    classes: usize,
}

impl ClassArgs {
    /// Learns the classes from `train` plus the unlabelled files.
    fn learn(&self, train: &[Vec<String>]) -> anyhow::Result<sitrep_nlp::clusters::WordClasses> {
        let unlabeled = read_words(&self.unlabeled)?;
        let sents = train.iter().chain(&unlabeled).map(Vec::as_slice);
        let classes = sitrep_nlp::clusters::learn_word_classes(sents, self.classes, &mut |m| {
            eprintln!("{m}")
        });
        eprintln!("word classes: {} words classed", classes.len());
        Ok(classes)
    }
}

/// The flags of `sitrep train tagger`.
#[derive(Args)]
pub struct TaggerArgs {
    #[command(flatten)]
    bank: TreebankArgs,
    #[command(flatten)]
    words: ClassArgs,
    /// Independent runs per tagging pass (seeds seed, seed+1, ...) whose weights are
    /// averaged into one model (a score ensemble at no cost when tagging).
    #[arg(long, default_value_t = 1)]
    runs: usize,
}

/// The trainable models.
#[derive(Subcommand)]
pub enum Model {
    /// POS tagger and lemmatizer (averaged perceptron) from a CoNLL-U treebank.
    Tagger(TaggerArgs),
    /// Sentence splitter (boundary classifier over the rules) from CoNLL-U paragraphs
    /// (`# text` and `# newpar` lines).
    Splitter(TreebankArgs),
    /// Named-entity recogniser (averaged perceptron, BILOU, gazetteer features).
    Ner(NerArgs),
    /// Dependency parser (arc-eager, dynamic oracle, averaged perceptron) from CoNLL-U.
    Parser {
        /// Training treebank (CoNLL-U).
        #[arg(long)]
        train: std::path::PathBuf,
        /// Dev treebank, parsed with the shipped tagger's tags after each epoch; the best
        /// epoch is kept.
        #[arg(long)]
        dev: std::path::PathBuf,
        /// Output model file.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 15)]
        epochs: usize,
        /// Shuffle and exploration seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Non-projective training trees: lift crossing arcs, skip the trees, or keep them.
        #[arg(long, default_value = "lift", value_parser = ["lift", "skip", "keep"])]
        nonprojective: String,
        /// Drop quantized weights below this magnitude (of 32767); sets the model size.
        /// Averaged runs have smaller weights, so a high threshold costs them accuracy.
        #[arg(long, default_value_t = 256)]
        min_weight: i16,
        /// Independent runs (seeds seed, seed+1, ...), one thread each, whose weights are
        /// averaged into one model (a score ensemble at no cost when parsing).
        #[arg(long, default_value_t = 1)]
        runs: usize,
        /// Train on predicted tags: K taggers, each trained on all but one K-th of the
        /// training data, tag the part left out (0: train on gold tags).
        #[arg(long, default_value_t = 5)]
        jackknife: usize,
        /// Tagger epochs for the jackknife taggers.
        #[arg(long, default_value_t = 10)]
        tagger_epochs: usize,
        /// Runs per pass of the jackknife taggers (as `train tagger --runs`).
        #[arg(long, default_value_t = 1)]
        tagger_runs: usize,
        /// Also write the training trees with their jackknifed tags (CoNLL-U), to train
        /// again later with `--jackknife 0` on them.
        #[arg(long)]
        tagged_out: Option<std::path::PathBuf>,
        #[command(flatten)]
        words: ClassArgs,
    },
}

/// Trains a model and writes it to its `--out` path.
pub fn run(model: Model) -> anyhow::Result<ExitCode> {
    match model {
        Model::Tagger(a) => train_tagger(&a),
        Model::Splitter(a) => train_splitter(&a.train, &a.dev, &a.out, a.epochs, a.seed),
        Model::Ner(args) => train_ner(args),
        Model::Parser {
            train,
            dev,
            out,
            epochs,
            seed,
            nonprojective,
            min_weight,
            runs,
            jackknife,
            tagger_epochs,
            tagger_runs,
            tagged_out,
            words,
        } => {
            let nonprojective = match nonprojective.as_str() {
                "skip" => sitrep_parser::NonProjective::Skip,
                "keep" => sitrep_parser::NonProjective::Keep,
                _ => sitrep_parser::NonProjective::Lift,
            };
            let cfg = sitrep_parser::TrainConfig {
                epochs,
                seed,
                nonprojective,
                min_weight,
                runs,
                ..sitrep_parser::TrainConfig::default()
            };
            let tagger = sitrep_nlp::TrainConfig {
                epochs: tagger_epochs,
                seed,
                runs: tagger_runs,
            };
            let paths = ParserPaths {
                train: &train,
                dev: &dev,
                out: &out,
                tagged_out: tagged_out.as_deref(),
                words: &words,
            };
            train_parser(paths, &cfg, jackknife, tagger)
        }
    }
}

/// Replaces the tags of `sents` with those `tagger` predicts.
fn retag(tagger: &sitrep_nlp::Tagger, sents: &mut [sitrep_parser::GoldSentence]) {
    for s in sents {
        let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
        for (k, (upos, xpos)) in tagger.tag(&forms).into_iter().enumerate() {
            s.upos[k] = upos;
            s.xpos[k] = xpos;
        }
    }
}

/// The files `sitrep train parser` reads and writes.
struct ParserPaths<'a> {
    train: &'a std::path::Path,
    dev: &'a std::path::Path,
    out: &'a std::path::Path,
    tagged_out: Option<&'a std::path::Path>,
    words: &'a ClassArgs,
}

/// The word forms of CoNLL-U sentences, one list per sentence.
fn sentence_forms(sents: &[sitrep_nlp::conllu::Sentence]) -> Vec<Vec<String>> {
    sents
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.clone()).collect())
        .collect()
}

/// The sentences of unlabelled-text files, as words.
fn read_words(paths: &[std::path::PathBuf]) -> anyhow::Result<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for p in paths {
        if p.extension().is_some_and(|e| e == "conllu") {
            out.extend(sentence_forms(&sitrep_nlp::read_conllu(p)?));
        } else {
            out.extend(
                sitrep_ner::corpus::read_iob(p)?
                    .into_iter()
                    .map(|s| s.words),
            );
        }
    }
    Ok(out)
}

fn train_parser(
    paths: ParserPaths<'_>,
    cfg: &sitrep_parser::TrainConfig,
    jackknife: usize,
    tagger_cfg: sitrep_nlp::TrainConfig,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    // Read once: the jackknife taggers train on the sentences, the parser on their trees.
    let read = |p: &std::path::Path| -> anyhow::Result<_> {
        let sents = sitrep_nlp::read_conllu(p)?;
        let trees = sitrep_parser::gold_trees(&sents).with_context(|| p.display().to_string())?;
        Ok((sents, trees))
    };
    let out = paths.out;
    let ((tagged, mut train), (_, gold_dev)) = (read(paths.train)?, read(paths.dev)?);
    let classes = paths.words.learn(&sentence_forms(&tagged))?;
    // At run time the parser sees the shipped tagger's tags, so dev is scored (and the
    // best epoch chosen) on those.
    let tagger = sitrep_nlp::Tagger::load_default()?;
    let mut dev = gold_dev.clone();
    retag(&tagger, &mut dev);
    if jackknife > 1 {
        // Contiguous folds keep each document's words together, as unseen text would be.
        let n = train.len();
        for k in 0..jackknife {
            let (lo, hi) = (k * n / jackknife, (k + 1) * n / jackknife);
            let rest: Vec<sitrep_nlp::conllu::Sentence> =
                tagged[..lo].iter().chain(&tagged[hi..]).cloned().collect();
            let t = sitrep_nlp::train_tagger(&rest, &[], &classes, tagger_cfg, |_| {});
            retag(&t, &mut train[lo..hi]);
            eprintln!(
                "jackknife fold {}/{jackknife}: tagged {} sentences",
                k + 1,
                hi - lo
            );
        }
    }
    if let Some(p) = paths.tagged_out {
        std::fs::write(p, sitrep_parser::write_conllu(&train))
            .with_context(|| format!("{}: cannot write", p.display()))?;
    }
    let (parser, best) = sitrep_parser::train(&train, &dev, &classes, cfg, &mut |r| {
        eprintln!(
            "epoch {}: dev (predicted tags) uas {:.4} las {:.4} ({} feature rows, {} weights, {:.1}s)",
            r.epoch, r.dev.uas, r.dev.las, r.rows, r.weights, r.secs
        )
    })?;
    let bytes = parser.to_bytes();
    // Score the saved model, with gold tags and with the shipped tagger's.
    let saved = sitrep_parser::Parser::from_bytes(&bytes)?;
    let gold = sitrep_parser::evaluate(&saved, &gold_dev);
    let pred = sitrep_parser::evaluate(&saved, &dev);
    println!("best_epoch: {}", best.epoch);
    println!("uas_gold_tags: {:.4}", gold.uas);
    println!("las_gold_tags: {:.4}", gold.las);
    println!("uas_predicted_tags: {:.4}", pred.uas);
    println!("las_predicted_tags: {:.4}", pred.las);
    std::fs::write(out, &bytes).with_context(|| format!("{}: cannot write", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}

/// Flags of `sitrep train ner`.
#[derive(clap::Args)]
pub struct NerArgs {
    /// Training corpora, comma-separated; `PATH:W` gives a file update weight W.
    #[arg(long, value_delimiter = ',', required = true)]
    train: Vec<String>,
    /// Dev corpus, scored after each epoch.
    #[arg(long)]
    dev: Option<std::path::PathBuf>,
    /// Output model file.
    #[arg(long)]
    out: std::path::PathBuf,
    /// The `name_gazetteers` folder [default: $SITREP_SHARED/data/ner_extra/name_gazetteers].
    #[arg(long)]
    gazetteers: Option<std::path::PathBuf>,
    /// Corpora whose annotated names become gazetteer entries, comma-separated.
    #[arg(long, value_delimiter = ',')]
    lists: Vec<std::path::PathBuf>,
    /// Corpora whose words train the word classes (with the training data), comma-separated.
    #[arg(long, value_delimiter = ',')]
    unlabeled: Vec<std::path::PathBuf>,
    /// Number of word classes (0: none).
    #[arg(long, default_value_t = 256)]
    clusters: usize,
    /// Passes over the training data.
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    /// Shuffle seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Independent runs (seeds seed, seed+1, ...) whose weights are averaged.
    #[arg(long, default_value_t = 1)]
    runs: usize,
    /// Drop weights smaller than this from the saved model.
    #[arg(long, default_value_t = 0.5)]
    prune: f32,
}

fn train_ner(args: NerArgs) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let mut files = Vec::new();
    for spec in &args.train {
        let (path, weight) = match spec.rsplit_once(':') {
            Some((p, w)) if w.parse::<f32>().is_ok() => (p, w.parse::<f32>()?),
            _ => (spec.as_str(), 1.0),
        };
        files.push(sitrep_ner::TrainFile {
            path: path.into(),
            weight,
        });
    }
    let gazetteers = args.gazetteers.unwrap_or_else(|| {
        let shared = std::env::var_os("SITREP_SHARED").unwrap_or_else(|| "../shared".into());
        std::path::PathBuf::from(shared).join("data/ner_extra/name_gazetteers")
    });
    let cfg = sitrep_ner::TrainConfig {
        train: files,
        dev: args.dev,
        gazetteers,
        lists: args.lists,
        unlabeled: args.unlabeled,
        clusters: args.clusters,
        epochs: args.epochs,
        seed: args.seed,
        runs: args.runs,
        prune: args.prune,
    };
    // The NER model reads UPOS tags from sitrep's own tagger, as it will in the pipeline.
    let tagger = sitrep_nlp::Tagger::load_default()?;
    let pos = move |words: &[String]| -> Vec<u8> {
        let forms: Vec<&str> = words.iter().map(String::as_str).collect();
        tagger
            .tag(&forms)
            .into_iter()
            .map(|(u, _)| u as u8)
            .collect()
    };
    let ner = sitrep_ner::train(&cfg, Some(&pos), &mut |line| eprintln!("{line}"))?;
    let bytes = ner.to_bytes();
    let out = &args.out;
    std::fs::write(out, &bytes).with_context(|| format!("{}: cannot write", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}

fn train_splitter(
    train: &std::path::Path,
    dev: &std::path::Path,
    out: &std::path::Path,
    epochs: usize,
    seed: u64,
) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let train = sitrep_nlp::read_conllu(train)?;
    let dev = sitrep_nlp::read_conllu(dev)?;
    let cfg = sitrep_nlp::SplitterConfig { epochs, seed };
    let prf = |(p, r, f): (f64, f64, f64)| format!("p {p:.4} r {r:.4} f1 {f:.4}");
    let splitter = sitrep_nlp::train_splitter(&train, &dev, cfg, |epoch, s| {
        eprintln!(
            "epoch {epoch}: dev rules {} | model {}",
            prf(s.rules),
            prf(s.model)
        )
    });
    let bytes = splitter.to_bytes();
    let saved = sitrep_nlp::Splitter::from_bytes(&bytes)?;
    let s = sitrep_nlp::splitter_scores(&saved, &dev);
    println!("rules_sentence_f1: {:.4}", s.rules.2);
    println!("sentence_f1: {:.4}", s.model.2);
    std::fs::write(out, &bytes).with_context(|| format!("{}: cannot write", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}

fn train_tagger(args: &TaggerArgs) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let TreebankArgs {
        train,
        dev,
        out,
        epochs,
        seed,
    } = &args.bank;
    let train = sitrep_nlp::read_conllu(train)?;
    let dev = sitrep_nlp::read_conllu(dev)?;
    let classes = args.words.learn(&sentence_forms(&train))?;
    let cfg = sitrep_nlp::TrainConfig {
        epochs: *epochs,
        seed: *seed,
        runs: args.runs,
    };
    let tagger = sitrep_nlp::train_tagger(&train, &dev, &classes, cfg, |r| {
        eprintln!(
            "pass {} run {} epoch {}: dev upos {:.4} xpos {:.4}",
            r.pass, r.run, r.epoch, r.upos, r.xpos
        )
    });
    let bytes = tagger.to_bytes();
    // Check the saved (pruned, quantised) model, not the in-memory one.
    let saved = sitrep_nlp::Tagger::from_bytes(&bytes)?;
    let (upos, xpos) = sitrep_nlp::tagger_accuracy(&saved, &dev);
    eprintln!("saved model: dev upos {upos:.4} xpos {xpos:.4}");
    std::fs::write(out, &bytes).with_context(|| format!("{}: cannot write", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(ExitCode::SUCCESS)
}
