#!/usr/bin/env bash
# EPCIS benchmarks on this machine. Prints:
#   capture: events/s through POST /epcis/capture (documents of 1,000 events, after a JIT warm-up),
#            the same rows loaded with PostgreSQL COPY, and the ratio (targets: >= 20,000/s, >= 0.5);
#   trace:   p50/p99 of the genealogy SQL (trace back and forward) on a generated 100,000-lot graph of
#            depth 10, and p99 of GET /api/lots/{gtin}/{lot}/trace over HTTP (target p99 < 50 ms);
#   query:   p50/p99 of GET /epcis/events?MATCH_anyEPCClass=... over 1,000,000 stored events.
# Usage: bench/epcis/run.sh   (env: BENCH_DB, BENCH_PORT, WARMUP_DOCS, DOCS, WORKERS)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
DB=${BENCH_DB:-nguon_bench_epcis}
PORT=${BENCH_PORT:-18081}
WARMUP_DOCS=${WARMUP_DOCS:-60}
DOCS=${DOCS:-100}
WORKERS=${WORKERS:-2}
TOKEN=bench-token-0123456789abcdef0123456789abcdef
WORK=${TMPDIR:-/tmp}/nguon-bench-epcis
PSQL="psql -h 127.0.0.1 -U postgres -q -X -v ON_ERROR_STOP=1"
mkdir -p "$WORK"

# Waits (at most 180 s) until the service has digested what it was sent: the transparency log, the
# subscriptions and the lot change feed work after a capture answers, and a trace measured meanwhile
# measures them. Idle: under 5 % of one core for two seconds in a row.
wait_idle() {
	local pid=$1 before after quiet=0
	for _ in $(seq 1 180); do
		before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
		sleep 1
		after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
		if [ $((after - before)) -lt 5 ]; then quiet=$((quiet + 1)); else quiet=0; fi
		[ $quiet -ge 2 ] && return 0
	done
	echo "the service did not become idle within 180 s" >&2
}

pct() { # percentile of numbers (ms) on stdin
	sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int(NR*p/100+0.999); if (i<1) i=1; printf "%.1f", a[i]}'
}

JAR=$(ls api/target/api-*.jar 2>/dev/null | grep -v plain | head -1 || true)
if [ -z "$JAR" ]; then
	mvn -q -B package -DskipTests -pl api -am
	JAR=$(ls api/target/api-*.jar | grep -v plain | head -1)
fi

dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"
DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$DB" NGUON_ADMIN_TOKEN=$TOKEN PORT=$PORT \
	java -Xmx1g -jar "$JAR" --logging.level.root=WARN >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for i in $(seq 1 180); do
	curl -sf "http://127.0.0.1:$PORT/actuator/health" >/dev/null && break
	sleep 1
done
curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/epcis/eventTypes" >/dev/null
ORG=$($PSQL -At -d "$DB" -c "SELECT id FROM organisation ORDER BY created_at LIMIT 1")

echo "== capture (documents of 1,000 events, $WORKERS concurrent clients)"
rm -rf "$WORK/docs"
python3 bench/epcis/gen_docs.py "$WORK/docs" $((WARMUP_DOCS + DOCS)) 1000 $RANDOM
post() {
	code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/ld+json' --data-binary @"$1" "http://127.0.0.1:$PORT/epcis/capture")
	[ "$code" = 202 ] || echo "capture of $1 answered $code" >&2
}
export -f post; export TOKEN PORT
ls "$WORK"/docs/*.json | head -n "$WARMUP_DOCS" | xargs -P "$WORKERS" -I{} bash -c 'post {}'
BEFORE=$($PSQL -At -d "$DB" -c "SELECT coalesce(max(seq), 0) FROM epcis_event")
START=$(date +%s.%N)
ls "$WORK"/docs/*.json | tail -n "$DOCS" | xargs -P "$WORKERS" -I{} bash -c 'post {}'
END=$(date +%s.%N)
N=$($PSQL -At -d "$DB" -c "SELECT count(*) FROM epcis_event WHERE seq > $BEFORE")
CAPTURE_RATE=$(echo "$N / ($END - $START)" | bc -l)
printf "capture: %d events in %.2f s = %.0f events/s\n" "$N" "$(echo "$END - $START" | bc -l)" "$CAPTURE_RATE"

# The same rows (events and their identifier index rows) loaded with COPY into tables of the same shape.
$PSQL -d "$DB" <<SQL
DROP TABLE IF EXISTS copy_event, copy_event_epc;
CREATE TABLE copy_event (LIKE epcis_event INCLUDING DEFAULTS INCLUDING INDEXES INCLUDING CONSTRAINTS);
CREATE TABLE copy_event_epc (LIKE epcis_event_epc INCLUDING DEFAULTS INCLUDING INDEXES);
\copy (SELECT * FROM epcis_event WHERE seq > $BEFORE) TO '$WORK/events.csv' WITH (FORMAT csv)
\copy (SELECT * FROM epcis_event_epc WHERE seq > $BEFORE) TO '$WORK/epc.csv' WITH (FORMAT csv)
SQL
START=$(date +%s.%N)
$PSQL -d "$DB" -c "\copy copy_event FROM '$WORK/events.csv' WITH (FORMAT csv)" \
	-c "\copy copy_event_epc FROM '$WORK/epc.csv' WITH (FORMAT csv)"
END=$(date +%s.%N)
COPY_RATE=$(echo "$N / ($END - $START)" | bc -l)
printf "COPY:    %d events in %.2f s = %.0f events/s\n" "$N" "$(echo "$END - $START" | bc -l)" "$COPY_RATE"
printf "ratio capture/COPY = %.2f\n" "$(echo "$CAPTURE_RATE / $COPY_RATE" | bc -l)"
echo "RESULT capture_events_per_s $(printf %.0f "$CAPTURE_RATE") events/s (HTTP, documents of 1,000)"
echo "RESULT copy_events_per_s $(printf %.0f "$COPY_RATE") events/s (PostgreSQL COPY, same rows)"
echo "RESULT capture_over_copy_ratio $(printf %.2f "$(echo "$CAPTURE_RATE / $COPY_RATE" | bc -l)") ratio"
$PSQL -d "$DB" -c "DROP TABLE copy_event, copy_event_epc"

echo "== trace (100,000 lots, depth 10)"
wait_idle $APP
# what one stored event costs on disk: the events' table and identifier index with all their indexes
# (TOAST included), over the events stored; the transparency log's leaves are counted apart
BYTES=$($PSQL -At -d "$DB" -c "SELECT (pg_total_relation_size('epcis_event') + pg_total_relation_size('epcis_event_epc'))
	/ greatest(count(*), 1) FROM epcis_event")
LOG_BYTES=$($PSQL -At -d "$DB" -c "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint / greatest((SELECT count(*) FROM epcis_event), 1)
	FROM pg_class c WHERE c.relkind = 'r' AND c.relname LIKE 'transparency%'")
echo "RESULT stored_bytes_per_event $BYTES bytes (events and their identifier index, all indexes)"
echo "RESULT log_bytes_per_event $LOG_BYTES bytes (transparency log tables)"
$PSQL -d "$DB" -v lots=100000 -v depth=10 -f bench/epcis/graph.sql
$PSQL -At -d "$DB" -c "SELECT count(*) || ' edges' FROM lot_edge WHERE to_key LIKE '01/08938509999995/10/G-%'"
# the statement Genealogy runs (kept in step with traceability/.../genealogy/Genealogy.java)
TRACE_SQL=$(sed -n '/private static final String TRACE = """/,/""";/p' traceability/src/main/java/vn/nguon/traceability/genealogy/Genealogy.java \
	| sed '1d;$d' | sed 's/%%/%/g')
# Twice: right after the capture above (the visibility map of the new rows is not set yet, so every
# index-only scan also reads the table), and once VACUUM ANALYZE has run, as autovacuum keeps a store
# in its steady state; the target applies to the second.
for phase in after_capture vacuumed; do
	if [ $phase = vacuumed ]; then
		$PSQL -d "$DB" -c "VACUUM ANALYZE epcis_event" -c "VACUUM ANALYZE epcis_event_epc" -c "VACUUM ANALYZE batch"
		suffix=""; note=""
	else
		suffix="_after_capture"; note=", right after the capture, before vacuum"
	fi
	for dir in back forward; do
		if [ $dir = back ]; then a=from_key; b=to_key; lvl=9; else a=to_key; b=from_key; lvl=0; fi
		sql=$(echo "$TRACE_SQL" | sed "s/%1\$s/$a/; s/%2\$s/$b/" | sed "s/\\\$1::text/:key::text/; s/\\\$2/64/; s/\\\$3::uuid/NULL::uuid/g")
		printf '\\set i random(0, 9999)\nSELECT count(*) FROM (%s) t;\n' \
			"$(echo "$sql" | sed "s/:key::text/('01\/08938509999995\/10\/G-$lvl-' || :i)::text/")" >"$WORK/trace-$dir.sql"
		rm -f "$WORK"/pgbench_log.*
			# prepared, as the service runs it (R2DBC PostgreSQL caches its prepared statements)
		(cd "$WORK" && pgbench -h 127.0.0.1 -U postgres -n -M prepared -f "trace-$dir.sql" -c 2 -j 2 -T 20 -l "$DB" >"$WORK/pgbench-$dir.txt" 2>&1)
		NODES=$($PSQL -At -d "$DB" -c "$(echo "$sql" | sed "s/:key::text/'01\/08938509999995\/10\/G-$lvl-42'::text/") " | grep -c '^node' || true)
		cat "$WORK"/pgbench_log.* | awk '{print $3/1000}' >"$WORK/lat-$dir.txt"
		printf "trace %-7s SQL$suffix: %d runs, p50 %s ms, p99 %s ms (lot G-%d-42 reaches %s nodes)\n" "$dir" \
			"$(wc -l <"$WORK/lat-$dir.txt")" "$(pct 50 <"$WORK/lat-$dir.txt")" "$(pct 99 <"$WORK/lat-$dir.txt")" "$lvl" "$NODES"
		echo "RESULT trace_${dir}_sql_p50$suffix $(pct 50 <"$WORK/lat-$dir.txt") ms ($NODES nodes, depth 10$note)"
		echo "RESULT trace_${dir}_sql_p99$suffix $(pct 99 <"$WORK/lat-$dir.txt") ms$note"
	done
done
# over HTTP: the admin's organisation must know the lots (one index row per traced lot)
$PSQL -d "$DB" -c "INSERT INTO epcis_event_epc (seq, org_id, role, epc) SELECT 0, '$ORG', 'qty', '01/08938509999995/10/G-9-' || i FROM generate_series(0, 9999) i"
: >"$WORK/lat-http-trace.txt"
for i in $(seq 1 300); do
	curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" \
		"http://127.0.0.1:$PORT/api/lots/08938509999995/G-9-$((RANDOM % 10000))/trace?direction=back" \
		| awk '{print $1*1000}' >>"$WORK/lat-http-trace.txt"
done
printf "trace back HTTP: 300 requests, p50 %s ms, p99 %s ms\n" "$(pct 50 <"$WORK/lat-http-trace.txt")" "$(pct 99 <"$WORK/lat-http-trace.txt")"
echo "RESULT trace_back_http_p50 $(pct 50 <"$WORK/lat-http-trace.txt") ms"
echo "RESULT trace_back_http_p99 $(pct 99 <"$WORK/lat-http-trace.txt") ms"

echo "== query (1,000,000 events)"
$PSQL -d "$DB" -v n=1000000 -v org="$ORG" -f bench/epcis/events.sql
$PSQL -At -d "$DB" -c "SELECT count(*) || ' events stored' FROM epcis_event"
wait_idle $APP
: >"$WORK/lat-http-query.txt"
for i in $(seq 1 300); do
	curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" \
		"http://127.0.0.1:$PORT/epcis/events?MATCH_anyEPCClass=https%3A%2F%2Fid.gs1.org%2F01%2F08938509999988%2F10%2FQ-$((RANDOM * 3 % 100000))" \
		| awk '{print $1*1000}' >>"$WORK/lat-http-query.txt"
done
printf "query MATCH_anyEPCClass HTTP: 300 requests, p50 %s ms, p99 %s ms\n" "$(pct 50 <"$WORK/lat-http-query.txt")" "$(pct 99 <"$WORK/lat-http-query.txt")"
echo "RESULT query_match_any_epc_class_http_p50 $(pct 50 <"$WORK/lat-http-query.txt") ms (1.16 M events)"
echo "RESULT query_match_any_epc_class_http_p99 $(pct 99 <"$WORK/lat-http-query.txt") ms"
