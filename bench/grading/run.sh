#!/usr/bin/env bash
# Grading benchmark: raw predictor vs the service end to end on the same photos.
# Prints RESULT lines (see bench/lib.sh). Needs ../shared/datasets/produce-quality and PostgreSQL.
source "$(dirname "$0")/../lib.sh"
export OPT_OUT_TRACKING=true TORCH_CPP_LOG_LEVEL=ERROR ONEDNN_MAX_CPU_ISA=SSE41
PHOTOS="$REPO_ROOT/../shared/datasets/produce-quality/test"
[ -d "$PHOTOS" ] || { echo "../shared absent: no photos to benchmark" >&2; exit 0; }
N=$([ "$BENCH_MODE" = full ] && echo 512 || echo 128)

# 1. raw predictor and micro-batching grader, in-process
CP_FILE="$BENCH_ROOT/results/grading-cp.txt"
(cd "$REPO_ROOT" && mvn -q -B -pl grading dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null)
java -Xmx1g -Dai.djl.offline=true -cp "$REPO_ROOT/grading/target/classes:$(cat "$CP_FILE")" \
  vn.nguon.grading.bench.PredictorBench "$PHOTOS" "$N" | tee "$BENCH_ROOT/results/grading-raw.txt" | grep '^RESULT'
RAW=$(awk '/^RESULT raw_predictor_photos_per_s/{print $3}' "$BENCH_ROOT/results/grading-raw.txt")
# the service grades with ONNX Runtime by default: its raw counterpart is the ONNX Runtime grader
RAW_ORT=$(awk '/^RESULT microbatching_grader_onnxruntime_photos_per_s/{print $3}' "$BENCH_ROOT/results/grading-raw.txt")

# 1b. the shipped model on held-out tomatoes through the serving path: unit accuracy, confident answers,
# batch agreement (300 simulated batches of 20, hard votes vs probabilities), CPU-ms per photo on one
# thread for PyTorch and ONNX Runtime side by side
java -Xmx2g -Dai.djl.offline=true -cp "$REPO_ROOT/grading/target/classes:$(cat "$CP_FILE")" \
  vn.nguon.grading.bench.GradeBench "$REPO_ROOT/../shared/datasets/produce-quality" | grep '^RESULT'

# 2. the service: upload -> queue -> verdict -> batch grade
psql -h 127.0.0.1 -U postgres -d postgres -qtAc "SELECT 1 FROM pg_database WHERE datname='$BENCH_DB'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $BENCH_DB"
start_app -Dnguon.grading.poll=PT0.1S
trap stop_app EXIT
ORG=$(psql_bench -c "SELECT id FROM organisation ORDER BY created_at, id LIMIT 1")
# a GTIN-14 from 13 digits and their GS1 check digit
gtin14() {
  echo "$1" | awk '{s=0; for (i=length($0); i>=1; i--) { d=substr($0,i,1); s+=d*((length($0)-i)%2==0?3:1) } print $0 (10-s%10)%10}'
}
new_batch() {
  local p b gtin lot
  p=$(cat /proc/sys/kernel/random/uuid); b=$(cat /proc/sys/kernel/random/uuid)
  gtin=$(gtin14 "0$(date +%s%N | tail -c 13 | head -c 12)"); lot="B$(date +%s%N | tail -c 10)"
  psql_bench -c "INSERT INTO product (id, org_id, gtin, name_vi, name_en) VALUES ('$p', '$ORG', '$gtin', 'Cà chua', 'Tomato')" >/dev/null
  psql_bench -c "INSERT INTO batch (id, org_id, product_id, gtin, lot) VALUES ('$b', '$ORG', '$p', '$gtin', '$lot')" >/dev/null
  echo "$b"
}
FILES=($(find "$PHOTOS" -name '*.jpg' | sort | head -n "$N"))
AUTH="Authorization: Bearer $BENCH_TOKEN"
URL="http://127.0.0.1:$BENCH_PORT"

# throughput: N photos to one batch in requests of 16, 4 in flight; time until every verdict is stored
B=$(new_batch)
start=$(date +%s.%N)
printf '%s\n' "${FILES[@]}" | xargs -n 16 -P 4 sh -c 'args=""; for f in "$@"; do args="$args -F photo=@$f;type=image/jpeg"; done; curl -fsS --retry 3 -o /dev/null -H "'"$AUTH"'" $args "'"$URL/api/batches/$B/photos"'"' _
while :; do
  done_n=$(psql_bench -c "SELECT count(*) FROM grading_unit_verdict WHERE batch_id = '$B'")
  [ "$done_n" -ge "${#FILES[@]}" ] && break
  sleep 0.05
done
end=$(date +%s.%N)
E2E=$(echo "${#FILES[@]} / ($end - $start)" | bc -l)
result service_end_to_end_photos_per_s "$(printf %.3f "$E2E")" photos/s
result service_vs_raw_ratio "$(echo "$E2E / $RAW" | bc -l | xargs printf %.3f)" "ratio (raw = the PyTorch predictor)"
[ -n "$RAW_ORT" ] && result service_vs_raw_onnxruntime_ratio "$(echo "$E2E / $RAW_ORT" | bc -l | xargs printf %.3f)" \
  "ratio (raw = the ONNX Runtime grader, the engine the service uses)"

# latency at low load: one photo at a time, upload to stored verdict
lat=()
for i in $(seq 0 19); do
  B=$(new_batch)
  s=$(date +%s%N)
  curl -fsS --retry 3 -o /dev/null -H "$AUTH" -F "photo=@${FILES[$i]};type=image/jpeg" "$URL/api/batches/$B/photos"
  while [ "$(psql_bench -c "SELECT count(*) FROM grading_unit_verdict WHERE batch_id = '$B'")" -lt 1 ]; do sleep 0.01; done
  lat+=($(( ($(date +%s%N) - s) / 1000000 )))
done
P50=$(printf '%s\n' "${lat[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
result upload_to_verdict_p50 "$P50" ms
result service_peak_rss "$(awk '/VmHWM/{printf "%.0f", $2/1024}' /proc/$APP_PID/status)" MiB
echo "NNPACK lines in the service log: $(grep -c NNPACK "$BENCH_ROOT/results/app-$BENCH_PORT.log" || true)"
