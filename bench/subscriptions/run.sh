#!/usr/bin/env bash
# Subscription delivery lag: capture-to-webhook time under a capture load of 1,000 events/s
# (10 documents of 100 events per second) to one stream subscription with a signed loopback
# webhook. Lag = webhook arrival minus the event's recordTime (same machine clock).
source "$(dirname "$0")/../lib.sh"
mkdir -p "$BENCH_ROOT/results"
createdb -h 127.0.0.1 -U postgres "$BENCH_DB" 2>/dev/null || true
if [ "$BENCH_MODE" = full ]; then WARMUP=60; MEASURE=120; else WARMUP=20; MEASURE=30; fi
RATE="${BENCH_RATE:-1000}"
trap stop_app EXIT
start_app -Dnguon.subscriptions.allow-loopback=true
python3 "$BENCH_ROOT/subscriptions/lag.py" "http://127.0.0.1:$BENCH_PORT" "$BENCH_TOKEN" "$WARMUP" "$MEASURE" "$RATE"
