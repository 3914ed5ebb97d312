#!/usr/bin/env bash
# Retrains models/tagger.bin (OUT: elsewhere) from UD English-EWT train, with word classes
# from EWT train plus the words of open NER corpora (see bench/train-env.sh).
# Deterministic (seed 1). Prints dev UPOS/XPOS per epoch. Retrain the parser and NER after.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/train-env.sh
"${RUN[@]}" train tagger "${EWT[@]}" \
  --epochs 10 --seed 1 \
  --out "${OUT:-models/tagger.bin}" "$@"
