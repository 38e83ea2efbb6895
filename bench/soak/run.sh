#!/usr/bin/env bash
# Mixed-load soak (issue 7): 90 % consumer scans, 8 % farmer writes with a photo, 2 % dashboard
# queries, open loop at SOAK_RATE requests/s (default 40) on loopback, against a service started on
# its own database of the shared PostgreSQL. Prints requests, errors, p50/p99 by kind, the error
# rate, the service's RSS at start and end (growth target <= 10 %) and the database growth per
# 1,000 batches. short: 15 s warm-up + 60 s; full: 60 s warm-up + 600 s.
BENCH_PORT="${BENCH_PORT:-18085}"
BENCH_DB="${BENCH_DB:-nguon_bench_soak}"
source "$(dirname "$0")/../lib.sh"
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ "$BENCH_MODE" = full ]; then WARM=60; DUR=600; else WARM=15; DUR=60; fi
RATE="${SOAK_RATE:-40}"
PHOTOS="$REPO_ROOT/../shared/datasets/produce-quality/test"
[ -d "$PHOTOS" ] || PHOTOS=/work/shared/datasets/produce-quality/test
[ -d "$PHOTOS" ] || { echo "no photos under ../shared/datasets/produce-quality/test: soak skipped" >&2; exit 0; }
trap stop_app EXIT

dropdb -h "$BENCH_PG_HOST" -p "$BENCH_PG_PORT" -U postgres --if-exists "$BENCH_DB"
createdb -h "$BENCH_PG_HOST" -p "$BENCH_PG_PORT" -U postgres "$BENCH_DB"
start_app
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
PGHOST="$BENCH_PG_HOST" PGPORT="$BENCH_PG_PORT" PGDATABASE="$BENCH_DB" \
  java -Xmx512m "$HERE/Soak.java" "http://127.0.0.1:$BENCH_PORT" "$BENCH_TOKEN" "$APP_PID" "$DUR" "$WARM" "$RATE" "$PHOTOS"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average after: $LOAD"
result load_average_at_end "${LOAD// //}" "1/5/15 min"
result grading_backlog_at_end "$(psql_bench -c "SELECT count(*) FROM grading_job WHERE state IN ('queued', 'running')")" "photos waiting to be graded"
result grading_parked "$(psql_bench -c "SELECT count(*) FROM grading_job WHERE state = 'parked'")" "photos"
