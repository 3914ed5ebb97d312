#!/usr/bin/env bash
# Retrains models/ner.bin from the open NER data under $SITREP_SHARED (default ../shared).
# Deterministic (seed 1); about two minutes on two cores. Prints dev P/R/F1 per epoch.
# SITREP_BIN runs an already built binary instead of `cargo run --release`; OUT writes the
# model elsewhere.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/train-env.sh
# Core training data: UNER English-EWT train (CC BY-SA 4.0); Twitter sets at half weight
# (BTC, CC BY 4.0; WNUT-17, CC BY 4.0).
TRAIN=$X/uner_english_ewt_train_v0/en_ewt-ud-train.iob2
for f in btc/btc.g btc/btc.a btc/btc.f btc/btc.h btc/btc.b btc/btc.e wnut17/wnut17.train wnut17/wnut17.dev; do
  TRAIN="$TRAIN,$X/$f.iob2.tsv:0.5"
done
# Name lists (entity strings only, as hashed gazetteer features) from the corpora of U
# (bench/train-env.sh); their words, with UD EWT train, also train the word classes.
"${RUN[@]}" train ner \
  --train "$TRAIN" \
  --dev "$S/uner_english_ewt/en_ewt-ud-dev.iob2" \
  --gazetteers "$X/name_gazetteers" \
  --lists "$U" \
  --unlabeled "$U,$E/en_ewt-ud-train.rebuilt.conllu" \
  --clusters 256 --epochs 8 --seed 1 --prune 0.5 \
  --out "${OUT:-models/ner.bin}" "$@"
