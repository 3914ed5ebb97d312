#!/usr/bin/env bash
# Bench-only: the Reuters-21578 + BBC corpus through the full pipeline, then `sitrep serve`
# under a fixed-rate (open-loop) load from `sitrep bench http`, all on loopback.
#
#   bench/serve/run.sh [STAGE...]      stages: sqlite-ingest sqlite-load pg-ingest pg-load
#                                      (default: all four, in that order)
#
# sqlite-ingest  one `sitrep ingest` of the corpus into SQLite (the reference store)
# sqlite-load    /api/events by dyad and date at 500 req/s for 30 s, then a rate sweep
# pg-ingest      four concurrent `sitrep ingest` processes into one PostgreSQL database,
#                each given an overlapping, differently shuffled shard (every article is in
#                two shards), then SQL checks: articles == distinct records, and every
#                article's record counts equal to the SQLite reference
# pg-load        the same load against a server on the PostgreSQL store
#
# PostgreSQL stages need SITREP_POSTGRES_URL (e.g. from `eval "$(.ci/postgres.sh)"`); they
# create and use the database `sitrep_bench` on that server. Work files stay in
# $BENCH_WORK (default /tmp/sitrep-bench-serve) so a later stage can run alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=${SITREP_SHARED:-$(pwd)/../shared}
bin=${SITREP_BIN:-target/release/sitrep}
work=${BENCH_WORK:-/tmp/sitrep-bench-serve}
port=${BENCH_PORT:-8099}
url="http://127.0.0.1:$port/api/events?dyad=USA:JPN&since=1987-03-01&until=1987-06-30"
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(sqlite-ingest sqlite-load pg-ingest pg-load)
mkdir -p "$work"
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; true' EXIT
[ -x "$bin" ] || cargo build --release -p sitrep-cli

corpus() {
    [ -s "$work/corpus.jsonl" ] || python3 bench/serve/to_jsonl.py "$shared/data" "$work/corpus.jsonl"
    echo "corpus: $(wc -l < "$work/corpus.jsonl") records, $(sort -u "$work/corpus.jsonl" | wc -l) distinct"
}

pg_bench_url() {
    : "${SITREP_POSTGRES_URL:?the PostgreSQL stages need SITREP_POSTGRES_URL}"
    echo "${SITREP_POSTGRES_URL%/*}/sitrep_bench"
}

# Serves the store named by "$@" (e.g. --db c.db) and waits until it answers.
start_server() {
    "$bin" "$@" serve --addr "127.0.0.1:$port" 2>/dev/null &
    server=$!
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/stats" >/dev/null && return; sleep 0.2; done
    echo "server did not come up" >&2; exit 1
}

stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

load() {
    echo "== $1: $(curl -s "$url" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))') events per answer"
    echo "-- sitrep bench http --rate 500 --duration 30s '$url'"
    "$bin" bench http --rate 500 --duration 30s "$url"
    for rate in 1000 1500 2000 3000 4000; do
        echo "-- sitrep bench http --rate $rate --duration 10s"
        "$bin" bench http --rate "$rate" --duration 10s "$url" | grep -E 'rate_achieved|p50_ms|p99_ms|max_ms|max_send_lag|errors|bad_status'
    done
}

for stage in "${stages[@]}"; do
    case $stage in
    sqlite-ingest)
        corpus
        rm -f "$work"/c.db*
        /usr/bin/time -f "ingest wall_s: %e maxrss_kb: %M" "$bin" --db "$work/c.db" ingest "$work/corpus.jsonl"
        ;;
    sqlite-load)
        start_server --db "$work/c.db"
        load sqlite
        stop_server
        ;;
    pg-ingest)
        corpus
        pg=$(pg_bench_url)
        psql -q "$SITREP_POSTGRES_URL" -c "DROP DATABASE IF EXISTS sitrep_bench" -c "CREATE DATABASE sitrep_bench"
        python3 - "$work" <<'EOF'
import random, sys
work = sys.argv[1]
lines = open(f"{work}/corpus.jsonl", "rb").readlines()
for k in range(4):
    # Shard k holds the records i with i % 4 in {k, k+1}: each record is in two shards,
    # and each shard is shuffled differently, so the two copies race at unrelated times.
    shard = [l for i, l in enumerate(lines) if i % 4 in (k, (k + 1) % 4)]
    random.Random(k).shuffle(shard)
    open(f"{work}/shard{k}.jsonl", "wb").writelines(shard)
EOF
        start=$(date +%s.%N)
        for k in 0 1 2 3; do
            /usr/bin/time -f "shard $k wall_s: %e maxrss_kb: %M" \
                "$bin" --postgres "$pg" ingest "$work/shard$k.jsonl" > "$work/shard$k.out" 2>&1 &
        done
        wait
        end=$(date +%s.%N)
        for k in 0 1 2 3; do grep -E '^(read|stored|duplicates|failed|shard)' "$work/shard$k.out" | tr '\n' ' '; echo; done
        distinct=$(sort -u "$work/corpus.jsonl" | wc -l)
        python3 -c "import sys; w=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print(f'4 processes: wall_s {w:.1f}, {n/w:.0f} distinct articles/s')" "$start" "$end" "$distinct"
        psql -qAt "$pg" <<'EOF'
SELECT 'articles: ' || count(*) || ', distinct ids: ' || count(DISTINCT id) FROM articles;
SELECT 'events: ' || (SELECT count(*) FROM events) || ', quotes: ' || (SELECT count(*) FROM quotes)
    || ', mentions: ' || (SELECT count(*) FROM mentions) || ', places: ' || (SELECT count(*) FROM places)
    || ', times: ' || (SELECT count(*) FROM times);
EOF
        echo "distinct records in the corpus: $distinct"
        # Every article's record counts, from both stores, must agree: an article written
        # twice, or half-written, would differ.
        for t in events quotes mentions places times; do
            psql -qAt -F $'\t' "$pg" -c "SELECT article_id, count(*) FROM $t GROUP BY 1 ORDER BY 1" > "$work/pg.$t"
            sqlite3 -separator $'\t' "$work/c.db" "SELECT article_id, count(*) FROM $t GROUP BY 1" | LC_ALL=C sort > "$work/lite.$t"
            if cmp -s "$work/pg.$t" "$work/lite.$t"; then
                echo "$t per article: PostgreSQL == SQLite ($(awk -F'\t' '{s+=$2} END {print s}' "$work/pg.$t") rows)"
            else
                echo "$t per article: DIFFERENT"; diff "$work/pg.$t" "$work/lite.$t" | head
            fi
        done
        ;;
    pg-load)
        start_server --postgres "$(pg_bench_url)"
        load postgres
        stop_server
        ;;
    *) echo "unknown stage $stage" >&2; exit 2 ;;
    esac
done
