#!/usr/bin/env bash
# Main-text extraction, side by side in one run: Python trafilatura (pinned to one core)
# and sitrep's extractor (release build, all cores) on the same trafilatura_eval pages,
# scored the same way. Prints both F1s and docs/s and the docs/s ratio.
#
# Usage: bench/trafilatura/run.sh [DATA_DIR]   (default: $SITREP_SHARED/data/trafilatura_eval)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
shared="${SITREP_SHARED:-$root/../shared}"
data="${1:-$shared/data/trafilatura_eval}"
venv="$root/bench/.venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import trafilatura" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q trafilatura lxml_html_clean
fi
cargo build --release -q -p sitrep-cli
out="$root/bench/out"
mkdir -p "$out"
echo "== python trafilatura $("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)') (1 core)"
taskset -c 0 "$venv/bin/python" bench/trafilatura/py_eval.py "$data" | tee "$out/trafilatura.txt"
echo "== sitrep ($(nproc) cores)"
target/release/sitrep eval extract --trafilatura-eval "$data" | tee "$out/sitrep.txt"
get() { awk -v k="$1:" '$1 == k { print $2 }' "$2"; }
pf=$(get f1 "$out/trafilatura.txt"); sf=$(get f1 "$out/sitrep.txt")
pr=$(get docs_per_s "$out/trafilatura.txt"); sr=$(get docs_per_s "$out/sitrep.txt")
echo "== side by side"
printf '%-22s %8s %10s\n' system f1 docs_per_s
printf '%-22s %8s %10s\n' "trafilatura (1 core)" "$pf" "$pr"
printf '%-22s %8s %10s\n' "sitrep ($(nproc) cores)" "$sf" "$sr"
awk -v s="$sr" -v p="$pr" 'BEGIN { printf "speed_ratio: %.1f\n", s / p }'
awk -v s="$sf" -v p="$pf" 'BEGIN { printf "f1_delta: %+.4f\n", s - p }'
