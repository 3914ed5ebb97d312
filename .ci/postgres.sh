#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on loopback for the store test suite and prints the URL.
#
#   eval "$(.ci/postgres.sh)"   # exports SITREP_POSTGRES_URL (and SITREP_PG_DIR for stopping)
#   .ci/postgres.sh stop        # stops the cluster started from $SITREP_PG_DIR
#
# Run as root on Debian: installs the `postgresql` package when missing, then runs initdb
# and pg_ctl as the `postgres` user in a temporary directory. The cluster listens on
# 127.0.0.1 only, with trust authentication, so it is for tests, never for real data.
set -euo pipefail

if [[ "${1:-}" == stop ]]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  su postgres -c "$bin/pg_ctl -D '$SITREP_PG_DIR/data' -m fast stop" >&2
  rm -rf "$SITREP_PG_DIR"
  exit 0
fi

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# The first free port from 54329 unless one is given: a developer's own test cluster may
# hold the default.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -n "${SITREP_PG_PORT:-}" ]]; then
  port=$SITREP_PG_PORT
else
  port=""
  for p in $(seq 54329 54349); do
    if port_free "$p"; then port=$p; break; fi
  done
  [[ -n "$port" ]] || { echo "postgres.sh: no free port in 54329-54349" >&2; exit 1; }
fi
dir=$(mktemp -d /tmp/sitrep-pg.XXXXXX)
chown postgres: "$dir"
su postgres -c "$bin/initdb -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8" >&2
# Loopback TCP only; the socket goes in our own directory, not /var/run/postgresql.
su postgres -c "$bin/pg_ctl -D '$dir/data' -l '$dir/log' -w \
  -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c max_connections=200 -c fsync=off\" start" >&2
su postgres -c "$bin/createdb -h 127.0.0.1 -p $port sitrep" >&2
echo "export SITREP_PG_DIR=$dir"
echo "export SITREP_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/sitrep"
