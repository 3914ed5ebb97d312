#!/usr/bin/env bash
# Main-text extraction, side by side in one run on the same trafilatura_eval pages, scored
# the same way (trafilatura's own protocol): Python trafilatura in its two canonical
# configurations (fast, and fallback = with its readability/jusText fallbacks) and sitrep's
# extractor (release build), each on one pinned core; sitrep also on all cores. Prints a
# table of precision, recall, F1 and docs/s, and sitrep's single-core speed ratios. Speed is
# wall clock (docs_per_s) and CPU time (docs_per_cpu_s); on a shared machine the CPU-time
# rate is the fair single-core comparison, since the long Python runs and the short sitrep
# run see different contention.
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
    "$venv/bin/pip" install -q "trafilatura==2.3.1" lxml_html_clean
fi
cargo build --release -q -p sitrep-cli
out="$root/bench/out"
mkdir -p "$out"
version=$("$venv/bin/python" -c 'import trafilatura; print(trafilatura.__version__)')
core=0
for mode in fast fallback; do
    echo "== python trafilatura $version, $mode (core $core)"
    taskset -c "$core" "$venv/bin/python" bench/trafilatura/py_eval.py "$data" "$mode" \
        | tee "$out/trafilatura-$mode.txt"
done
echo "== sitrep (core $core)"
RAYON_NUM_THREADS=1 taskset -c "$core" target/release/sitrep eval extract --trafilatura-eval "$data" \
    | tee "$out/sitrep-1core.txt"
echo "== sitrep ($(nproc) cores)"
target/release/sitrep eval extract --trafilatura-eval "$data" | tee "$out/sitrep.txt"

get() { awk -v k="$1:" '$1 == k { print $2 }' "$2"; }
row() {
    printf '%-38s %9s %9s %9s %11s %14s\n' "$1" "$(get precision "$2")" "$(get recall "$2")" \
        "$(get f1 "$2")" "$(get docs_per_s "$2")" "$(get docs_per_cpu_s "$2")"
}
echo "== side by side"
printf '%-38s %9s %9s %9s %11s %14s\n' system precision recall f1 docs_per_s docs_per_cpu_s
row "trafilatura $version fast, 1 core" "$out/trafilatura-fast.txt"
row "trafilatura $version fallback, 1 core" "$out/trafilatura-fallback.txt"
row "sitrep, 1 core" "$out/sitrep-1core.txt"
row "sitrep, $(nproc) cores" "$out/sitrep.txt"
for key in docs_per_s docs_per_cpu_s; do
    for mode in fast fallback; do
        awk -v s="$(get $key "$out/sitrep-1core.txt")" -v p="$(get $key "$out/trafilatura-$mode.txt")" \
            -v m="$mode" -v k="$key" 'BEGIN { printf "speed_ratio_1core_vs_%s (%s): %.1f\n", m, k, s / p }'
    done
done
best=$(awk -v a="$(get f1 "$out/trafilatura-fast.txt")" -v b="$(get f1 "$out/trafilatura-fallback.txt")" \
    'BEGIN { print (a > b ? a : b) }')
awk -v s="$(get f1 "$out/sitrep-1core.txt")" -v p="$best" 'BEGIN { printf "f1_delta_vs_best: %+.4f\n", s - p }'
