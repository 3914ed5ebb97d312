#!/usr/bin/env bash
# Bench-only: the Reuters-21578 + BBC corpus ingested with the full pipeline, then `sitrep
# serve` under wrk on loopback. Needs Debian's wrk. Prints the ingest summary and wrk's
# latency distribution for /api/events filtered by dyad and date.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${SITREP_SHARED:-$(pwd)/../shared}
bin=${SITREP_BIN:-target/release/sitrep}
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
[ -x "$bin" ] || cargo build --release -p sitrep-cli
python3 bench/serve/to_jsonl.py "$shared/data" "$work/corpus.jsonl"
/usr/bin/time -f "ingest wall_s: %e maxrss_kb: %M" "$bin" --db "$work/c.db" ingest "$work/corpus.jsonl"
"$bin" --db "$work/c.db" serve --addr 127.0.0.1:8099 2>/dev/null &
server=$!
for _ in $(seq 50); do curl -sf http://127.0.0.1:8099/api/stats >/dev/null && break; sleep 0.2; done
url="http://127.0.0.1:8099/api/events?dyad=USA:JPN&since=1987-03-01&until=1987-06-30"
wrk -t2 -c32 -d20s --latency "$url"
wrk -t1 -c2 -d10s --latency "$url"
