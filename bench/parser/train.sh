#!/usr/bin/env bash
# Retrains models/parser.bin (OUT: elsewhere) from UD English-EWT train with jackknifed
# tags, and word classes from EWT train plus the words of open NER corpora (see
# bench/train-env.sh). Deterministic (seed 1). Run after retraining the tagger (dev is
# scored with the embedded tagger's tags). Prints dev UAS/LAS per epoch; the best epoch
# is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/train-env.sh
"${RUN[@]}" train parser "${EWT[@]}" \
  --jackknife 5 --tagger-runs 3 --epochs 15 --seed 1 --runs 8 --min-weight 256 \
  --out "${OUT:-models/parser.bin}" "$@"
