#!/usr/bin/env bash
# Transparency log benchmark: capture throughput with the log on versus off (target ratio >= 0.8),
# how long the log takes to catch up, and proof latency on a large tree.
# Figures: RESULT lines (see bench/lib.sh). short: 2,000 events per run and a 100,000-leaf tree;
# full: 20,000 events per run and a 1,000,000-leaf tree.
BENCH_PORT="${BENCH_PORT:-18095}"
BENCH_DB="${BENCH_DB:-nguon_bench_tlog}"
source "$(dirname "$0")/../lib.sh"
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ "$BENCH_MODE" = full ]; then DOCS=2000; LEAVES=1000000; else DOCS=200; LEAVES=100000; fi
PER_DOC=10; CONCURRENCY=8
BASE="http://127.0.0.1:$BENCH_PORT"
trap stop_app EXIT

# BENCH_LOADER_PATH=dir adds dir to the class path (e.g. a grading model not yet in the jar)
if [ -n "${BENCH_LOADER_PATH:-}" ]; then
  start_app() {
    local jar; jar=$(ensure_jar)
    DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$BENCH_DB" NGUON_ADMIN_TOKEN="$BENCH_TOKEN" \
    NGUON_PUBLIC_BASE_URL="http://127.0.0.1:$BENCH_PORT" OPT_OUT_TRACKING=true PORT="$BENCH_PORT" \
      java -Xmx2g -Dai.djl.offline=true "$@" -Dloader.path="$BENCH_LOADER_PATH" -cp "$jar" \
        org.springframework.boot.loader.launch.PropertiesLauncher > "$BENCH_ROOT/results/app-$BENCH_PORT.log" 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 180); do
      if curl -fs "http://127.0.0.1:$BENCH_PORT/actuator/health/readiness" >/dev/null 2>&1; then return 0; fi
      sleep 1
    done
    echo "app did not start; see bench/results/app-$BENCH_PORT.log" >&2; return 1
  }
fi

dropdb -h 127.0.0.1 -U postgres --if-exists "$BENCH_DB"; createdb -h 127.0.0.1 -U postgres "$BENCH_DB"

capture_rate() {  # prints events/s of one timed run after a warm-up
  java "$HERE/CaptureLoad.java" "$BASE" "$BENCH_TOKEN" 20 "$PER_DOC" "$CONCURRENCY" >/dev/null
  java "$HERE/CaptureLoad.java" "$BASE" "$BENCH_TOKEN" "$DOCS" "$PER_DOC" "$CONCURRENCY" | awk '/EVENTS_PER_S/{print $2}'
}

head_size() { curl -fs "$BASE/transparency/head" | sed -E 's/.*"tree_size":([0-9]+).*/\1/'; }

# 1. capture with the log off, then on (same database, the log catches up on start)
start_app -Dnguon.transparency.enabled=false
off=$(capture_rate)
stop_app
start_app -Dnguon.transparency.enabled=true
on=$(capture_rate)
result capture_events_per_s_log_off "$off" events/s
result capture_events_per_s_log_on "$on" events/s
result capture_ratio_on_over_off "$(awk -v a="$on" -v b="$off" 'BEGIN{printf "%.2f", a/b}')" ratio

# 2. catch-up: time until every stored event is in a signed head
total=$(psql_bench -c "SELECT count(*) FROM epcis_event")
t0=$(date +%s.%N)
until [ "$(head_size)" -ge "$total" ] 2>/dev/null; do sleep 0.5; done
result log_catch_up_after_load "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')" s

# 3. a large tree: rows inserted straight into epcis_event, appended by the running appender
psql_bench -c "INSERT INTO epcis_event (event_id, org_id, doc, content_hash, event_type, event_time, event_time_zone_offset)
  SELECT 'urn:uuid:' || gen_random_uuid(), (SELECT id FROM organisation LIMIT 1),
         jsonb_build_object('type', 'ObjectEvent', 'n', g, 'eventTime', '2026-06-01T07:30:00+07:00', 'quantity', g * 0.5),
         md5(g::text), 'ObjectEvent', now(), '+07:00' FROM generate_series(1, $LEAVES) g"
psql_bench -c "UPDATE epcis_event SET doc = doc || jsonb_build_object('eventID', event_id) WHERE NOT doc ? 'eventID'"
total=$(psql_bench -c "SELECT count(*) FROM epcis_event")
t0=$(date +%s.%N)
until [ "$(head_size)" -ge "$total" ] 2>/dev/null; do sleep 1; done
secs=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
result log_append_rate "$(awk -v n="$LEAVES" -v s="$secs" 'BEGIN{printf "%.0f", n/s}')" leaves/s
result log_tree_size "$total" leaves

# 4. proof latency on that tree (sequential requests, random events)
ids=$(psql_bench -c "SELECT event_id FROM transparency_leaf ORDER BY random() LIMIT 200")
t0=$(date +%s.%N)
for id in $ids; do curl -fs -o /dev/null "$BASE/transparency/proof?eventID=$id"; done
result proof_latency_mean "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", (b-a)*1000/200}')" ms
t0=$(date +%s.%N)
for i in $(seq 1 50); do curl -fs -o /dev/null "$BASE/transparency/consistency?first=$((RANDOM * 3 + 1))&second=$total"; done
result consistency_latency_mean "$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", (b-a)*1000/50}')" ms
