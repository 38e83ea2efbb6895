#!/usr/bin/env bash
# Reliability drills against the real service and a PRIVATE PostgreSQL (initdb in a temporary
# directory, its own port, fsync on): the machine's shared PostgreSQL is never stopped.
#  1. kill -9 during a 10,000-event capture sent with retries: exactly 10,000 events stored
#     afterwards, no partial document, the transparency log verifies;
#  2. kill -9 while the grading queue is being worked: after a restart every queued photo has
#     exactly one verdict (none lost, none twice);
#  3. PostgreSQL stopped for 20 s under load: 503 problem+json (no hang), readiness DOWN and UP
#     again, requests succeed again without restarting the service.
# short: 40 photos, 4 load clients; full: 120 photos, 8 load clients (the capture is 10,000 events
# in both). Set DRILL_KEEP_PG=1 to keep the private cluster's directory for a post-mortem.
BENCH_PORT="${BENCH_PORT:-18090}"
BENCH_DB="${BENCH_DB:-nguon_drill}"
source "$(dirname "$0")/../lib.sh"
source "$BENCH_ROOT/lib-data.sh"
HERE="$(cd "$(dirname "$0")" && pwd)"
BASE="http://127.0.0.1:$BENCH_PORT"
TOTAL=10000; PER_DOC=100
if [ "$BENCH_MODE" = full ]; then PHOTOS_N=120; CLIENTS=8; else PHOTOS_N=40; CLIENTS=4; fi
OUTAGE=20
LOGS="$BENCH_ROOT/results"
mkdir -p "$LOGS"
cleanup() { stop_app; [ "${DRILL_KEEP_PG:-0}" = 1 ] || private_pg_destroy; rm -f "$LOGS/outage.stop"; }
trap cleanup EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", b-a}'; }
kill9_app() { kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }

private_pg_init
psql -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -qc "CREATE DATABASE $BENCH_DB"

# --- drill 1: kill -9 during capture ---------------------------------------------------------------
start_app
RUN="drill$(date +%s)"
stored() { psql_bench -c "SELECT count(*) FROM epcis_event WHERE doc->'readPoint'->>'id' = 'urn:nguon:drill:$RUN'"; }
python3 "$HERE/capture_client.py" "$BASE" "$BENCH_TOKEN" "$RUN" "$TOTAL" "$PER_DOC" > "$LOGS/drill-client.log" 2>&1 &
CLIENT=$!
# kill once a fifth of the events is stored, so the crash lands in the middle of the capture
until [ "$(stored)" -ge $((TOTAL / 5)) ] || ! kill -0 "$CLIENT" 2>/dev/null; do sleep 0.1; done
kill9_app
AT_KILL=$(stored)
echo "killed the service with SIGKILL mid-capture ($AT_KILL events stored); restarting"
# the restarted service does not work the grading queue: drill 2 fills it first
start_app -Dnguon.grading.queue-worker=false
wait "$CLIENT" || true; cat "$LOGS/drill-client.log"
STORED=$(stored)
result crash_capture_events_sent "$TOTAL" events
result crash_capture_events_stored_at_kill "$AT_KILL" events
result crash_capture_events_stored "$STORED" "events (must equal sent)"
result crash_capture_duplicate_epcs "$(psql_bench -c "SELECT count(*) - count(DISTINCT doc->'epcList'->>0) FROM epcis_event WHERE doc->'readPoint'->>'id' = 'urn:nguon:drill:$RUN'")" "(must be 0)"
# a document is partial when some but not all of its events are stored, or when its events were
# stored by two captures (the first one half-committed)
PARTIAL=$(psql_bench -c "SELECT count(*) FROM (SELECT (regexp_replace(doc->'epcList'->>0, '.*-', ''))::int / $PER_DOC AS d, count(*) c
  FROM epcis_event WHERE doc->'readPoint'->>'id' = 'urn:nguon:drill:$RUN' GROUP BY 1 HAVING count(*) <> $PER_DOC) p")
SPLIT=$(psql_bench -c "SELECT count(*) FROM (SELECT capture_id FROM epcis_event WHERE doc->'readPoint'->>'id' = 'urn:nguon:drill:$RUN'
  GROUP BY capture_id HAVING count(*) <> $PER_DOC) p")
result crash_capture_partial_documents "$PARTIAL" "documents (must be 0)"
result crash_capture_split_captures "$SPLIT" "captures (must be 0)"
curl -fs -o /dev/null -X POST -H "Authorization: Bearer $BENCH_TOKEN" "$BASE/api/transparency/heads"
VERIFY=$(curl -s -H "Authorization: Bearer $BENCH_TOKEN" "$BASE/api/transparency/verify")
echo "verify: ${VERIFY:0:300}"
read -r V_OK V_SIG V_ROOT V_UNLOGGED V_SIZE < <(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(str(d["ok"]).lower(), str(d["head_signature_valid"]).lower(), str(d["head_root_matches"]).lower(), d["unlogged"], d["tree_size"])' "$VERIFY" || echo "unknown unknown unknown unknown unknown")
result crash_log_verifies "$V_OK" "(expect true)"
result crash_log_head_signature_valid "$V_SIG" "(expect true)"
result crash_log_head_root_matches "$V_ROOT" "(expect true)"
result crash_log_unlogged "$V_UNLOGGED" "events (expect 0)"
result crash_log_tree_size "$V_SIZE" "leaves (= every stored event)"
result crash_events_in_database "$(psql_bench -c "SELECT count(*) FROM epcis_event")" events

# --- drill 2: kill -9 during grading ---------------------------------------------------------------
PHOTO_DIR="$REPO_ROOT/../shared/datasets/produce-quality/test"
[ -d "$PHOTO_DIR" ] || PHOTO_DIR=/work/shared/datasets/produce-quality/test
if [ -d "$PHOTO_DIR" ]; then
  read -r GTIN LOT BATCH < <(make_lot)
  # PHOTOS_N photos spread over the classes (every k-th of the sorted list)
  mapfile -t ALL < <(find "$PHOTO_DIR" -name '*.jpg' | sort)
  STEP=$(( ${#ALL[@]} / PHOTOS_N > 0 ? ${#ALL[@]} / PHOTOS_N : 1 ))
  mapfile -t FILES < <(printf '%s\n' "${ALL[@]}" | awk -v k="$STEP" '(NR - 1) % k == 0' | head -n "$PHOTOS_N")
  printf '%s\n' "${FILES[@]}" | xargs -n 8 -P 2 sh -c 'args=""; for f in "$@"; do args="$args -F photo=@$f;type=image/jpeg"; done; curl -fs -o /dev/null -H "Authorization: Bearer '"$BENCH_TOKEN"'" $args "'"$BASE/api/batches/$BATCH/photos"'"' _
  QUEUED=$(psql_bench -c "SELECT count(*) FROM grading_job WHERE batch_id = '$BATCH' AND state = 'queued'")
  verdicts() { psql_bench -c "SELECT count(*) FROM grading_unit_verdict WHERE batch_id = '$BATCH'"; }
  stop_app
  start_app   # works the queue
  # kill while a micro-batch is leased and some verdicts are stored (or after 5 minutes at worst)
  for _ in $(seq 1 6000); do
    read -r DONE_N RUNNING_N < <(psql_bench -F ' ' -c "SELECT count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'running') FROM grading_job WHERE batch_id = '$BATCH'")
    [ "$DONE_N" -ge 1 ] && [ "$RUNNING_N" -ge 1 ] && break
    [ "$DONE_N" -ge "$QUEUED" ] && break
    sleep 0.05
  done
  kill9_app
  AT_KILL=$(verdicts)
  RUNNING=$(psql_bench -c "SELECT count(*) FROM grading_job WHERE batch_id = '$BATCH' AND state = 'running'")
  echo "killed the service with SIGKILL while grading ($AT_KILL of $QUEUED verdicts stored, $RUNNING jobs leased); restarting"
  T0=$(now)
  start_app
  for _ in $(seq 1 300); do
    [ "$(psql_bench -c "SELECT count(*) FROM grading_job WHERE batch_id = '$BATCH' AND state IN ('queued', 'running')")" = 0 ] && break
    sleep 0.5
  done
  DRAINED=$(secs "$T0" "$(now)")
  sleep 2   # the batch grade and its inspecting event follow the last verdict
  result grading_photos_queued "$QUEUED" photos
  result grading_verdicts_at_kill "$AT_KILL" "verdicts"
  result grading_jobs_leased_at_kill "$RUNNING" "jobs (reclaimed when their 60 s lease runs out)"
  result grading_queue_drained_after "$DRAINED" "s after the kill (service start included)"
  result grading_photos_without_verdict "$(psql_bench -c "SELECT count(*) FROM grading_photo p WHERE p.batch_id = '$BATCH' AND NOT EXISTS (SELECT 1 FROM grading_unit_verdict v WHERE v.photo_id = p.id)")" "(must be 0)"
  result grading_photos_graded_twice "$(psql_bench -c "SELECT count(*) FROM (SELECT photo_id FROM grading_unit_verdict WHERE batch_id = '$BATCH' GROUP BY photo_id HAVING count(*) > 1) d")" "(must be 0)"
  result grading_verdicts "$(verdicts)" "verdicts (must equal queued)"
  result grading_jobs_not_done "$(psql_bench -c "SELECT count(*) FROM grading_job WHERE batch_id = '$BATCH' AND state <> 'done'")" "(must be 0)"
  result grading_jobs_attempted_twice "$(psql_bench -c "SELECT count(*) FROM grading_job WHERE batch_id = '$BATCH' AND attempts > 1")" "jobs (graded again after the crash, stored once)"
  result grading_batch_grades "$(psql_bench -c "SELECT count(*) FROM grading_batch_grade WHERE batch_id = '$BATCH'")" "(expect 1)"
else
  echo "no photos under ../shared/datasets/produce-quality/test: grading drill skipped" >&2
  read -r GTIN LOT BATCH < <(make_lot)
fi

# --- drill 3: PostgreSQL (the private one) down for 20 s under load -------------------------------
export DRILL_PAGE="$BASE/01/$GTIN/10/$LOT"
rm -f "$LOGS/outage.stop"
python3 "$HERE/outage_load.py" run "$BASE" "$BENCH_TOKEN" "$LOGS/outage-requests.log" "$LOGS/outage.stop" "$CLIENTS" &
LOAD=$!
sleep 5
T_STOP=$(now)
private_pg_stop fast
T_DOWN=$(now)   # pg_ctl returned: PostgreSQL is down (requests answered before this were served)
echo "private PostgreSQL stopped for $OUTAGE s (shutdown took $(secs "$T_STOP" "$T_DOWN") s)"
sleep "$OUTAGE"
T_START=$(now)
private_pg_start
echo "private PostgreSQL started again ($(secs "$T_STOP" "$T_START") s down)"
for _ in $(seq 1 120); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 "$BASE/actuator/health/readiness")" = 200 ] \
    && [ "$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H "Authorization: Bearer $BENCH_TOKEN" "$BASE/api/batches?size=1")" = 200 ] && break
  sleep 0.5
done
sleep 10
touch "$LOGS/outage.stop"; wait "$LOAD" || true
result outage_seconds "$(secs "$T_STOP" "$T_START")" s
python3 "$HERE/outage_load.py" report "$LOGS/outage-requests.log" "$T_STOP" "$T_DOWN" "$T_START"
result outage_app_restarted "$([ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null && echo no || echo yes)" "(expect no: same process)"
result outage_liveness_after "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health/liveness")" "(expect 200)"
