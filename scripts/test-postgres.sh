#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the test suite on 127.0.0.1 and prints its URL.
#   scripts/test-postgres.sh start   (idempotent)
#   scripts/test-postgres.sh stop
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$PGBIN" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
PGDIR=${BROADSHEET_TEST_PGDATA:-/tmp/broadsheet-test-pg}
PORT=${BROADSHEET_TEST_PGPORT:-54329}
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then RUN_AS=(runuser -u postgres --); fi
case "${1:-start}" in
  start)
    if [ ! -f "$PGDIR/PG_VERSION" ]; then
      mkdir -p "$PGDIR"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDIR"
      "${RUN_AS[@]}" "$PGBIN/initdb" -D "$PGDIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR" status >/dev/null 2>&1; then
      # max_connections: `make test` runs a test database per pytest-xdist worker, each test
      # with up to ~8 connections (app servers, workers); 300 is enough for ~35 workers.
      "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR" -w -l "$PGDIR/server.log" \
        -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
    fi
    echo "postgresql://postgres@127.0.0.1:$PORT/broadsheet"
    ;;
  stop)
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$PGDIR" -m fast stop >/dev/null 2>&1 || true
    ;;
esac
