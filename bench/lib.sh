# Shared helpers for benchmarks: source it from bench/<area>/run.sh.
# Every benchmark prints lines "RESULT <name> <value> <unit>" that bench/run collects.
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_ROOT/.." && pwd)"
BENCH_MODE="${BENCH_MODE:-short}"          # short | full
BENCH_PORT="${BENCH_PORT:-18080}"
BENCH_DB="${BENCH_DB:-nguon_bench}"
BENCH_TOKEN="${BENCH_TOKEN:-bench-admin-token-0123456789abcdef012345}"
APP_PID=""

result() { printf 'RESULT %s %s %s\n' "$1" "$2" "${3:-}"; }

psql_bench() { psql -h 127.0.0.1 -U postgres -d "$BENCH_DB" -v ON_ERROR_STOP=1 -qtA "$@"; }

ensure_jar() {
  local jar
  jar=$(ls "$REPO_ROOT"/api/target/api-*.jar 2>/dev/null | grep -v original | head -n1 || true)
  if [ -z "$jar" ]; then
    (cd "$REPO_ROOT" && mvn -q -B -ntp -DskipTests install) >&2
    jar=$(ls "$REPO_ROOT"/api/target/api-*.jar | grep -v original | head -n1)
  fi
  echo "$jar"
}

# start_app [extra java args...]: starts the service on BENCH_PORT against BENCH_DB.
start_app() {
  local jar; jar=$(ensure_jar)
  DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$BENCH_DB" NGUON_ADMIN_TOKEN="$BENCH_TOKEN" \
  NGUON_PUBLIC_BASE_URL="http://127.0.0.1:$BENCH_PORT" OPT_OUT_TRACKING=true PORT="$BENCH_PORT" \
  NGUON_PUBLIC_PER_MINUTE="${NGUON_PUBLIC_PER_MINUTE:-100000000}" NGUON_COOKIE_SECURE=false \
    java -Xmx2g -Dai.djl.offline=true "$@" -jar "$jar" > "$BENCH_ROOT/results/app-$BENCH_PORT.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    if curl -fs "http://127.0.0.1:$BENCH_PORT/actuator/health/readiness" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "app did not start; see bench/results/app-$BENCH_PORT.log" >&2; return 1
}

stop_app() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; fi
}

rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
