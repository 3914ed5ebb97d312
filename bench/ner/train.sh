#!/usr/bin/env bash
# Retrains models/ner.bin from the open NER data under $SITREP_SHARED (default ../shared).
# Deterministic (seed 1); about two minutes on two cores. Prints dev P/R/F1 per epoch.
set -euo pipefail
cd "$(dirname "$0")/../.."
S=${SITREP_SHARED:-../shared}/data
X=$S/ner_extra
# Core training data: UNER English-EWT train (CC BY-SA 4.0); Twitter sets at half weight
# (BTC, CC BY 4.0; WNUT-17, CC BY 4.0).
TRAIN=$X/uner_english_ewt_train_v0/en_ewt-ud-train.iob2
for f in btc/btc.g btc/btc.a btc/btc.f btc/btc.h btc/btc.b btc/btc.e wnut17/wnut17.train wnut17/wnut17.dev; do
  TRAIN="$TRAIN,$X/$f.iob2.tsv:0.5"
done
# Name lists (entity strings only, as hashed gazetteer features) from other annotated corpora;
# their words, with UD EWT train, also train the word classes.
LISTS=$X/wikigold/wikigold.iob2.tsv
for f in "$X"/crossner/*.iob2.tsv; do LISTS="$LISTS,$f"; done
LISTS="$LISTS,$X/re3d_open/re3d_open.iob2.tsv,$X/redocred_ner/redocred.dev.iob2.tsv,$X/redocred_ner/redocred.test.iob2.tsv"
LISTS="$LISTS,$X/sec_filings/sec.train.iob2.tsv,$X/litbank_prop/litbank_prop.iob2.tsv"
# SITREP_BIN runs an already built binary instead of `cargo run --release`; OUT writes the
# model elsewhere.
if [ -n "${SITREP_BIN:-}" ]; then RUN=("$SITREP_BIN"); else RUN=(cargo run --release -p sitrep-cli --); fi
"${RUN[@]}" train ner \
  --train "$TRAIN" \
  --dev "$S/uner_english_ewt/en_ewt-ud-dev.iob2" \
  --gazetteers "$X/name_gazetteers" \
  --lists "$LISTS" \
  --unlabeled "$LISTS,$S/ud_english_ewt/en_ewt-ud-train.rebuilt.conllu" \
  --clusters 256 --epochs 8 --seed 1 --prune 0.5 \
  --out "${OUT:-models/ner.bin}" "$@"
