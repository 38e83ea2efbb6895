#!/usr/bin/env bash
# Resolver benchmarks (issue 3): consumer page and JSON under wrk next to pgbench -S, QR PNG/s,
# a 1,000-label PDF, and the consumer page's weight. Prints RESULT lines for bench/run.
# short mode: 20 s warm-up, 10 s runs; full mode: 60 s warm-up, 30 s runs (as the issue asks).
source "$(dirname "$0")/../lib.sh"
command -v wrk > /dev/null || { apt-get update -q && apt-get install -y -q wrk; } >&2
if [ "$BENCH_MODE" = full ]; then WARM=60; DUR=30; else WARM=20; DUR=10; fi
BASE="http://127.0.0.1:$BENCH_PORT"
CLIENTS=32   # connections of pgbench and of wrk alike (the issue's p99 target is at 32)
trap stop_app EXIT
mkdir -p "$BENCH_ROOT/results"

psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$BENCH_DB'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $BENCH_DB"
start_app

# one product and batch of the first organisation (the admin's)
ORG=$(psql_bench -c "SELECT id FROM organisation ORDER BY created_at, id LIMIT 1")
GTIN=08930000000019; LOT=BENCH1
psql_bench -c "INSERT INTO product (id, org_id, gtin, name_vi, name_en) VALUES (gen_random_uuid(), '$ORG', '$GTIN', 'Cà chua bi', 'Cherry tomatoes') ON CONFLICT DO NOTHING" > /dev/null
psql_bench -c "INSERT INTO batch (id, org_id, product_id, gtin, lot, harvest_date) SELECT gen_random_uuid(), '$ORG', p.id, '$GTIN', '$LOT', DATE '2026-11-20' FROM product p WHERE p.gtin = '$GTIN' ON CONFLICT DO NOTHING" > /dev/null
BATCH=$(psql_bench -c "SELECT id FROM batch WHERE gtin='$GTIN' AND lot='$LOT'")
PAGE="$BASE/01/$GTIN/10/$LOT"

# page weight at phone size: HTML + CSS + JS (no images on a lot without a grade photo)
html=$(curl -s -H 'Accept: text/html' "$PAGE" | wc -c)
css=$(curl -s "$BASE/css/consumer.css" | wc -c)
js=$(curl -s -o /dev/null -w '%{size_download}' "$BASE/js/verify.js")
result consumer_page_weight $((html + css + js)) bytes

# pgbench -S reference on its own database
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='nguon_pgbench'" | grep -q 1 \
  || { psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE nguon_pgbench" && pgbench -h 127.0.0.1 -U postgres -i -s 10 -q nguon_pgbench > /dev/null 2>&1; }
tps=$(pgbench -h 127.0.0.1 -U postgres -S -c "$CLIENTS" -j 2 -T "$DUR" nguon_pgbench 2>/dev/null | awk '/^tps/{print int($3); exit}')
result pgbench_select_tps "$tps" tps

run_wrk() { # name url accept
  local out; out=$(wrk -t2 -c"$CLIENTS" -d"${DUR}s" --latency -H "Accept: $3" "$2")
  local rps p99 errors
  rps=$(echo "$out" | awk '/Requests\/sec/{print int($2)}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/{s=s $0 "; "} END{print (s=="" ? "0" : s)}')
  result "${1}_requests_per_s" "$rps" req/s
  result "${1}_p99" "$p99" latency
  result "${1}_errors" "\"$errors\"" ""
  [ -n "$tps" ] && [ "$tps" -gt 0 ] && result "${1}_ratio_to_pgbench" "$(awk -v a="$rps" -v b="$tps" 'BEGIN{printf "%.2f", a/b}')" x
}
# warm-up of both representations before either is measured (the JIT compiles the code they share on
# the first one: measured first after a short warm-up, HTML used to come out at half of JSON)
for accept in text/html application/json; do
  wrk -t2 -c"$CLIENTS" -d"${WARM}s" -H "Accept: $accept" "$PAGE" > /dev/null 2>&1
done
run_wrk resolver_html "$PAGE" 'text/html'
run_wrk resolver_json "$PAGE" 'application/json'

# QR PNG generation through HTTP (a different lot per request would defeat no cache: the image is computed each time)
wrk -t2 -c16 -d"${DUR}s" "$BASE/qr/01/$GTIN/10/$LOT?format=png&size=300" > /tmp/nguon-qr-wrk.txt 2>&1
result qr_png_per_s "$(awk '/Requests\/sec/{print int($2)}' /tmp/nguon-qr-wrk.txt)" png/s

# 1,000 labels (a job: more than the inline limit), wall time from POST to finished
start=$(date +%s.%N)
job=$(curl -s -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"batchIds\":[\"$BATCH\"],\"layout\":\"a4-3x8\",\"copies\":1000}" "$BASE/api/labels" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
for _ in $(seq 1 600); do
  state=$(curl -s -H "Authorization: Bearer $BENCH_TOKEN" "$BASE/api/labels/$job" | sed -n 's/.*"state":"\([^"]*\)".*/\1/p')
  [ "$state" = done ] || [ "$state" = failed ] && break
  sleep 0.05
done
end=$(date +%s.%N)
result labels_1000_pdf_seconds "$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.2f", b-a}')" s
