#!/usr/bin/env bash
# Bench-only: CPU time per request of `sitrep serve` (and of the PostgreSQL backends) at a
# light fixed rate, on the stores `run.sh` built (SQLite in $BENCH_WORK/c.db, PostgreSQL in
# the database sitrep_bench on SITREP_POSTGRES_URL's server). Run from the repository root.
set -euo pipefail
bin=${SITREP_BIN:-target/release/sitrep}
url="http://127.0.0.1:8099/api/events?dyad=USA:JPN&since=1987-03-01&until=1987-06-30"
ticks() { # utime+stime of the given pids, in clock ticks
  for p in "$@"; do awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0; done | awk '{s+=$1} END {print s+0}'
}
# The backends of our cluster only (other clusters may run as the same user).
pgpids() { pgrep -P "$(head -1 "${SITREP_PG_DIR:?run eval \"\$(.ci/postgres.sh)\" first}/data/postmaster.pid")" | tr '\n' ' '; }
work=${BENCH_WORK:-/tmp/sitrep-bench-serve}
for store in "--db $work/c.db" "--postgres ${SITREP_POSTGRES_URL%/*}/sitrep_bench"; do
  $bin $store serve --addr 127.0.0.1:8099 2>/dev/null & srv=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:8099/api/stats >/dev/null && break; sleep 0.2; done
  $bin bench http --rate 100 --duration 3s "$url" >/dev/null   # warm: connections, statements
  s0=$(ticks $srv); p0=$(ticks $(pgpids))
  $bin bench http --rate 200 --duration 15s "$url" | grep -E 'ok:|p50_ms|p99_ms'
  s1=$(ticks $srv); p1=$(ticks $(pgpids))
  hz=$(getconf CLK_TCK)
  python3 -c "import sys; s,p,hz=float(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print(f'{sys.argv[4].split()[0]}: server {s/hz/3000*1000:.2f} ms CPU/request, postgres backends {p/hz/3000*1000:.2f} ms CPU/request')" $((s1-s0)) $((p1-p0)) $hz "$store"
  kill $srv; wait $srv 2>/dev/null || true
done
