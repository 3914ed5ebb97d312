#!/usr/bin/env bash
# Retrains models/parser.bin from UD English-EWT train with jackknifed tags, and word classes
# from EWT train plus the words of the open NER corpora under $SITREP_SHARED (default
# ../shared). Deterministic (seed 1). Run after retraining the tagger (dev is scored with the
# embedded tagger's tags). Prints dev UAS/LAS per epoch; the best epoch is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
S=${SITREP_SHARED:-../shared}/data
X=$S/ner_extra
E=$S/ud_english_ewt
# Unlabelled text for the word classes (only the words are read): WikiGold (CC BY 4.0),
# CrossNER (text CC BY-SA), re3d open subset, Re-DocRED dev/test (text CC BY-SA), SEC
# filings (CC BY 3.0), LitBank (CC BY 4.0).
U=$X/wikigold/wikigold.iob2.tsv
for f in "$X"/crossner/*.iob2.tsv; do U="$U,$f"; done
U="$U,$X/re3d_open/re3d_open.iob2.tsv,$X/redocred_ner/redocred.dev.iob2.tsv,$X/redocred_ner/redocred.test.iob2.tsv"
U="$U,$X/sec_filings/sec.train.iob2.tsv,$X/litbank_prop/litbank_prop.iob2.tsv"
cargo run --release -p sitrep-cli -- train parser \
  --train "$E/en_ewt-ud-train.rebuilt.conllu" \
  --dev "$E/en_ewt-ud-dev.conllu" \
  --unlabeled "$U" --classes 256 \
  --jackknife 5 --epochs 15 --seed 1 --min-weight 512 \
  --out models/parser.bin "$@"
