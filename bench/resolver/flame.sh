#!/usr/bin/env bash
# CPU flame graphs of the consumer page (HTML and JSON of one lot) under wrk load, made by async-profiler
# (its jar from Maven Central carries the native library), attached to the running service with jcmd.
# Writes bench/results/flame-consumer-{html,json}.html. Not part of bench/run: a look, not a figure.
# Usage: bash bench/resolver/flame.sh   (BENCH_* variables as in lib.sh; FLAME_SECONDS, default 20)
source "$(dirname "$0")/../lib.sh"
command -v wrk > /dev/null || { apt-get update -q && apt-get install -y -q wrk; } >&2
SECONDS_PER_GRAPH="${FLAME_SECONDS:-20}"
LIB=$(async_profiler_lib)
BASE="http://127.0.0.1:$BENCH_PORT"
trap stop_app EXIT
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$BENCH_DB'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $BENCH_DB"
start_app
ORG=$(psql_bench -c "SELECT id FROM organisation ORDER BY created_at, id LIMIT 1")
GTIN=08930000000019; LOT=BENCH1
psql_bench -c "INSERT INTO product (id, org_id, gtin, name_vi, name_en) VALUES (gen_random_uuid(), '$ORG', '$GTIN', 'Cà chua bi', 'Cherry tomatoes') ON CONFLICT DO NOTHING" > /dev/null
psql_bench -c "INSERT INTO batch (id, org_id, product_id, gtin, lot, harvest_date) SELECT gen_random_uuid(), '$ORG', p.id, '$GTIN', '$LOT', DATE '2026-11-20' FROM product p WHERE p.gtin = '$GTIN' ON CONFLICT DO NOTHING" > /dev/null
PAGE="$BASE/01/$GTIN/10/$LOT"
mkdir -p "$BENCH_ROOT/results"
# warm-up of both (JIT, pools, caches) before either is profiled: they share most of their code
for accept in text/html application/json text/html application/json; do
  wrk -t2 -c32 -d10s -H "Accept: $accept" "$PAGE" > /dev/null 2>&1
done
for kind in html json; do
  accept=$([ "$kind" = html ] && echo text/html || echo application/json)
  # itimer: works where perf events are not allowed (containers, VMs)
  # (the options in quotes of their own: jcmd would read "start,event=..." as a key=value argument)
  jcmd "$APP_PID" JVMTI.agent_load "$LIB" '"start,event=itimer,interval=1ms"' > /dev/null
  out=$(wrk -t2 -c32 -d"${SECONDS_PER_GRAPH}s" --latency -H "Accept: $accept" "$PAGE")
  file="$BENCH_ROOT/results/flame-consumer-$kind.html"
  jcmd "$APP_PID" JVMTI.agent_load "$LIB" "\"stop,file=$file,title=consumer-page-$kind-wrk-c32\"" > /dev/null
  echo "$kind: $(echo "$out" | awk '/Requests\/sec/{print int($2) " req/s"}'), p99 $(echo "$out" | awk '$1=="99%"{print $2}'), load $(cut -d' ' -f1 /proc/loadavg) -> $file"
done
