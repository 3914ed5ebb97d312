#!/usr/bin/env bash
# Bench-only: the pool bound A/B, the same 500 req/s load against servers with 4 and 64
# store connections, alternating. Usage: bench/serve/pool_ab.sh --db c.db (or --postgres URL)
set -euo pipefail
bin=${SITREP_BIN:-target/release/sitrep}
url="http://127.0.0.1:8099/api/events?dyad=USA:JPN&since=1987-03-01&until=1987-06-30"
for round in 1 2; do
  for n in 4 64; do
    $bin "$@" serve --addr 127.0.0.1:8099 --connections $n 2>/dev/null & srv=$!
    for _ in $(seq 100); do curl -sf http://127.0.0.1:8099/api/stats >/dev/null && break; sleep 0.2; done
    echo "round $round connections $n load $(cut -d' ' -f1 /proc/loadavg): $($bin bench http --rate 500 --duration 15s "$url" | grep -E 'p50_ms|p99_ms|max_ms|rate_achieved' | tr '\n' ' ')"
    kill $srv; wait $srv 2>/dev/null || true
  done
done
