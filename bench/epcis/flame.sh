#!/usr/bin/env bash
# CPU flame graph of EPCIS capture (POST /epcis/capture, documents of 1,000 generated events, 2 clients),
# made by async-profiler attached with jcmd as in bench/resolver/flame.sh. Writes
# bench/results/flame-capture.html. Not part of bench/run: a look, not a figure.
# Usage: bash bench/epcis/flame.sh   (BENCH_* variables as in lib.sh; FLAME_DOCS, default 40)
BENCH_DB="${BENCH_DB:-nguon_bench_capture}"
source "$(dirname "$0")/../lib.sh"
DOCS="${FLAME_DOCS:-40}"
LIB=$(async_profiler_lib)
BASE="http://127.0.0.1:$BENCH_PORT"
trap stop_app EXIT
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $BENCH_DB"
start_app
WORK=$(mktemp -d)
python3 "$REPO_ROOT/bench/epcis/gen_docs.py" "$WORK" $((DOCS * 2)) 1000 7
post() {
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $BENCH_TOKEN" \
    -H 'Content-Type: application/ld+json' --data-binary @"$1" "$BASE/epcis/capture")
  [ "$code" = 202 ] || echo "capture of $1 answered $code" >&2
}
export -f post; export BENCH_TOKEN BASE
ls "$WORK"/*.json | head -n "$DOCS" | xargs -P 2 -I{} bash -c 'post {}'   # warm-up
jcmd "$APP_PID" JVMTI.agent_load "$LIB" '"start,event=itimer,interval=1ms"' > /dev/null
start=$(date +%s.%N)
ls "$WORK"/*.json | tail -n "$DOCS" | xargs -P 2 -I{} bash -c 'post {}'
end=$(date +%s.%N)
file="${FLAME_FILE:-$BENCH_ROOT/results/flame-capture.html}"
jcmd "$APP_PID" JVMTI.agent_load "$LIB" "\"stop,file=$file,title=epcis-capture-1000-event-documents\"" > /dev/null
echo "capture: $(echo "$DOCS * 1000 / ($end - $start)" | bc) events/s (answers), load $(cut -d' ' -f1 /proc/loadavg) -> $file"
rm -rf "$WORK"
