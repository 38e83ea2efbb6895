#!/usr/bin/env bash
# Replicas drill: two instances of the service behind HAProxy, one killed with kill -9 under load.
#  - a PRIVATE PostgreSQL (private_pg_init: initdb in a temporary directory, its own port, fsync on);
#  - two instances of api/target/api-*.jar on two loopback ports against the same database, with
#    one Ed25519 transparency-log key generated for the run (NGUON_LOG_PRIVATE_KEY, openssl) and
#    NGUON_FORWARD_HEADERS=framework;
#  - the Debian HAProxy (installed with apt-get when missing) on its own port, its configuration
#    generated into a temporary directory: round robin, readiness checks every second,
#    retry-on conn-failure empty-response with redispatch to the other instance;
#  - replicas_load.py signs in browser sessions through the proxy and runs a mixed load (session
#    reads, consumer scans, batch creations with a client id and Idempotency-Key) for DURATION s;
#    instance 2 gets kill -9 at KILL_AT s and is not restarted.
# Figures: writes lost (a 201 the client got whose batch is not in the database: must be 0),
# duplicate batches (must be 0), sessions answered 401 after the kill (must be 0), error share and
# p99 before (after a 5 s warm-up) / during (1 s before to 5 s after the kill) / after, how many
# requests HAProxy re-sent and how many writes the client re-sent, the transparency log verifies
# (both instances signed heads with one key), the load average at the start, the kill and the end.
# Environment: REPLICAS_DURATION (60), REPLICAS_KILL_AT (25), REPLICAS_CLIENTS (6; full mode 10),
# DRILL_KEEP_PG=1 keeps the private cluster for a post-mortem.
BENCH_DB="${BENCH_DB:-nguon_drill}"
source "$(dirname "$0")/../lib.sh"
HERE="$(cd "$(dirname "$0")" && pwd)"
P1="${REPLICAS_PORT1:-18091}"; P2="${REPLICAS_PORT2:-18092}"; PP="${REPLICAS_PROXY_PORT:-18093}"
DURATION="${REPLICAS_DURATION:-60}"; KILL_AT="${REPLICAS_KILL_AT:-25}"
DURING_BEFORE=1; DURING_AFTER=5; WARMUP=5
if [ "$BENCH_MODE" = full ]; then CLIENTS="${REPLICAS_CLIENTS:-10}"; else CLIENTS="${REPLICAS_CLIENTS:-6}"; fi
LOGS="$BENCH_ROOT/results"
WORK=$(mktemp -d /tmp/nguon-replicas.XXXXXX)
PID1=""; PID2=""; HAPROXY_PID=""
mkdir -p "$LOGS"

cleanup() {
  for p in "$HAPROXY_PID" "$PID1" "$PID2"; do
    [ -n "$p" ] && { kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; }
  done
  cp "$WORK/haproxy.log" "$LOGS/replicas-haproxy.log" 2>/dev/null || true
  cp "$WORK/requests.log" "$LOGS/replicas-requests.log" 2>/dev/null || true
  cp "$WORK/retries.log" "$LOGS/replicas-client-retries.log" 2>/dev/null || true
  [ "${DRILL_KEEP_PG:-0}" = 1 ] || private_pg_destroy
  rm -rf "$WORK"
}
trap cleanup EXIT
loadavg() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' /; }
for p in "$P1" "$P2" "$PP"; do
  if ss -Hltn "sport = :$p" | grep -q .; then echo "port $p is taken: set REPLICAS_PORT1/2, REPLICAS_PROXY_PORT" >&2; exit 1; fi
done

# --- HAProxy from Debian, openssl for the key --------------------------------------------------------
if ! command -v haproxy >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y haproxy >/dev/null; else sudo apt-get install -y haproxy >/dev/null; fi
fi
command -v openssl >/dev/null || { echo "openssl is needed to generate the log key" >&2; exit 1; }
# the Debian package may start a system HAProxy on port 80: leave it alone, ours runs in the foreground

# --- database and the two instances --------------------------------------------------------------------
private_pg_init
psql -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -qc "CREATE DATABASE $BENCH_DB"
# one transparency-log key for both instances (PKCS#8 DER, base64), never written to the repository
NGUON_LOG_PRIVATE_KEY=$(openssl genpkey -algorithm ed25519 -outform DER | base64 -w0)
export NGUON_LOG_PRIVATE_KEY NGUON_FORWARD_HEADERS=framework
export NGUON_ADMIN_EMAIL=drill-admin@example.vn NGUON_ADMIN_PASSWORD='drill password 0123456789'
# every session signs in from 127.0.0.1 (the proxy forwards the client address): allow the run's sign-ins
export NGUON_SIGN_IN_PER_MINUTE=1000 NGUON_SIGN_IN_PER_ACCOUNT_PER_MINUTE=1000
export TORCH_CPP_LOG_LEVEL=ERROR ONEDNN_MAX_CPU_ISA=SSE41
# one after the other: the first applies the migrations; no photos are sent, so no grading worker
BENCH_PORT=$P1 NGUON_DATA_DIR="$WORK/data1" start_app -Xmx1g -Dnguon.grading.queue-worker=false; PID1=$APP_PID
BENCH_PORT=$P2 NGUON_DATA_DIR="$WORK/data2" start_app -Xmx1g -Dnguon.grading.queue-worker=false; PID2=$APP_PID
APP_PID=""
echo "instances: pid $PID1 on $P1, pid $PID2 on $P2"

# --- HAProxy -------------------------------------------------------------------------------------------
# same rules as deploy/haproxy.cfg (compose), with loopback servers and a log file
cat > "$WORK/haproxy.cfg" <<CFG
global
    log stdout format raw local0 info
    maxconn 1000
    tune.bufsize 131072
defaults
    mode http
    log global
    option httplog
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
frontend web
    bind 127.0.0.1:$PP
    option forwardfor
    http-request set-header X-Forwarded-Proto http
    default_backend nguon
backend nguon
    balance roundrobin
    option httpchk GET /actuator/health/readiness
    http-check expect status 200
    default-server check inter 1s fastinter 500ms downinter 2s fall 2 rise 2
    server app1 127.0.0.1:$P1
    server app2 127.0.0.1:$P2
CFG
haproxy -c -q -f "$WORK/haproxy.cfg"
haproxy -db -f "$WORK/haproxy.cfg" > "$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
BASE="http://127.0.0.1:$PP"
for _ in $(seq 1 50); do curl -fs -o /dev/null "$BASE/actuator/health/readiness" && break; sleep 0.2; done
echo "HAProxy $(haproxy -v | head -n1 | awk '{print $3}') on $PP (pid $HAPROXY_PID)"

# --- the load, the kill ----------------------------------------------------------------------------------
RUN="R$(date +%s | tail -c 7)"
LOAD_START=$(loadavg)
python3 "$HERE/replicas_load.py" run "$BASE" "$BENCH_TOKEN" "$NGUON_ADMIN_EMAIL" "$NGUON_ADMIN_PASSWORD" \
  "$WORK" "$WORK/stop" "$CLIENTS" "$RUN" &
LOAD=$!
sleep "$KILL_AT"
T_KILL=$(date +%s.%N)
kill -9 "$PID2"; wait "$PID2" 2>/dev/null || true; PID2=""
LOAD_KILL=$(loadavg)
echo "instance 2 killed with SIGKILL at $T_KILL (load $LOAD_KILL)"
sleep $((DURATION - KILL_AT))
touch "$WORK/stop"; wait "$LOAD" || { echo "the load client failed" >&2; exit 1; }
LOAD_END=$(loadavg)

# --- figures ----------------------------------------------------------------------------------------------
result load_average_at_start "$LOAD_START" "1/5/15 min ($(nproc) cores)"
result load_average_at_kill "$LOAD_KILL" "1/5/15 min"
result load_average_at_end "$LOAD_END" "1/5/15 min"
result clients "$CLIENTS" "browser sessions, signed in through the proxy ($(cat "$WORK/signins.log") sign-ins)"
result duration "$DURATION" "s of load, instance 2 killed at $KILL_AT s"
python3 "$HERE/replicas_load.py" report "$WORK" "$T_KILL" "$DURING_BEFORE" "$DURING_AFTER" "$WARMUP"
# HAProxy's request lines: "ip:port [accept date] web nguon/app1 Tq/Tw/Tc/Tr/Ta status bytes - - TERM
# act/fe/be/srv/retries ..." (a "+" before the retries: redispatched to the other server); state
# changes name the server too. A request re-sent that was accepted before the kill was in flight on
# instance 2 (its answer never came: empty-response); one accepted after it found instance 2's port
# closed (conn-failure) before the checks marked it DOWN.
read -r BY1 BY2 HRETRIED HINFLIGHT HINFLIGHT_POST HLAST < <(awk -v kill="$(date -d "@$T_KILL" +%H:%M:%S.%N)" '
  function tod(t, a) { sub(/^\[[^:]*:/, "", t); split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
  BEGIN { k = tod("[x:" kill); last = "none" }
  { for (i = 1; i <= NF; i++) if ($i ~ /^nguon\// && $(i + 2) ~ /^[0-9]+$/) {
      s[$i]++; split($(i + 7), f, "/")
      if (f[5] != "0") { r++; t = tod($2); if (t < k) { inflight++; if ($(i + 9) == "\"POST") post++ } else last = sprintf("%.2f", t - k) }
      break } }
  END { print s["nguon/app1"] + 0, s["nguon/app2"] + 0, r + 0, inflight + 0, post + 0, last }' "$WORK/haproxy.log")
result proxy_answers_by_instance "app1:$BY1,app2:$BY2" "requests"
result proxy_requests_resent "$HRETRIED" "requests HAProxy sent again to the other instance (retries > 0 in its log)"
result proxy_resent_in_flight_at_kill "$HINFLIGHT" "requests, $HINFLIGHT_POST of them batch creations (accepted before the kill, answered by instance 1)"
result proxy_last_resent_after_kill "$HLAST" "s (refused connections until the checks marked instance 2 DOWN)"
result proxy_marked_app2_down "$(grep -q 'Server nguon/app2 is DOWN' "$WORK/haproxy.log" && echo yes || echo no)" "(expect yes)"

# writes: every 201 must be in the database, under the id the client chose, exactly once
WRITES_FILE="$WORK/writes.tsv"
read -r SENT ACKED LOST DUP_LOTS FOREIGN_IDS DUP_KEYS UNACKED_STORED < <(psql_bench -F ' ' <<SQL
CREATE TEMP TABLE w (id uuid, lot text, status int);
\copy w FROM '$WRITES_FILE'
SELECT (SELECT count(*) FROM w),
       (SELECT count(*) FROM w WHERE status BETWEEN 200 AND 299),
       (SELECT count(*) FROM w WHERE status BETWEEN 200 AND 299
          AND NOT EXISTS (SELECT 1 FROM batch b WHERE b.id = w.id AND b.lot = w.lot)),
       (SELECT count(*) - count(DISTINCT lot) FROM batch WHERE lot LIKE '$RUN%'),
       (SELECT count(*) FROM batch b WHERE b.lot LIKE '$RUN%' AND NOT EXISTS (SELECT 1 FROM w WHERE w.id = b.id)),
       (SELECT count(*) FROM api_idempotency WHERE idem_key LIKE 'key:$RUN-%'
          AND resource_id IS DISTINCT FROM right(idem_key, 36)::uuid),
       (SELECT count(*) FROM w WHERE status NOT BETWEEN 200 AND 299 AND EXISTS (SELECT 1 FROM batch b WHERE b.id = w.id));
SQL
)
result writes_sent "$SENT" "batch creations"
result writes_acknowledged "$ACKED" "answered 201"
result writes_lost "$LOST" "acknowledged but not in the database (must be 0)"
result duplicate_batches "$((DUP_LOTS + FOREIGN_IDS + DUP_KEYS))" "(must be 0: lots stored twice $DUP_LOTS, batches under an id the client never sent $FOREIGN_IDS, Idempotency-Keys pointing elsewhere $DUP_KEYS)"
result writes_unacknowledged_but_stored "$UNACKED_STORED" "writes whose last answer was an error but which were stored (the client would retry them)"
# the surviving instance signs a head; both instances signed with the run's key
curl -fs -o /dev/null -X POST -H "Authorization: Bearer $BENCH_TOKEN" "$BASE/api/transparency/heads" || true
VERIFY=$(curl -s -H "Authorization: Bearer $BENCH_TOKEN" "$BASE/api/transparency/verify")
read -r V_OK V_SIG < <(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(str(d["ok"]).lower(), str(d["head_signature_valid"]).lower())' "$VERIFY" 2>/dev/null || echo "unknown unknown")
result log_verifies "$V_OK" "(expect true)"
result log_head_signature_valid "$V_SIG" "(expect true)"
result log_keys "$(psql_bench -c "SELECT count(*) FROM transparency_key" 2>/dev/null || echo unknown)" "signing keys known to the database (expect 1)"
