# Shared helpers for benchmarks: source it from bench/<area>/run.sh.
# Every benchmark prints lines "RESULT <name> <value> <unit>" that bench/run collects.
set -euo pipefail
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$BENCH_ROOT/.." && pwd)"
BENCH_MODE="${BENCH_MODE:-short}"          # short | full
BENCH_PORT="${BENCH_PORT:-18080}"
BENCH_DB="${BENCH_DB:-nguon_bench}"
BENCH_TOKEN="${BENCH_TOKEN:-bench-admin-token-0123456789abcdef012345}"
# The PostgreSQL the service and psql_bench use: the machine's shared one unless an area calls
# private_pg_init (then a throw-away instance of its own, which it may stop and start).
BENCH_PG_HOST="${BENCH_PG_HOST:-127.0.0.1}"
BENCH_PG_PORT="${BENCH_PG_PORT:-5432}"
APP_PID=""
PRIVATE_PG_DIR=""

result() { printf 'RESULT %s %s %s\n' "$1" "$2" "${3:-}"; }

psql_bench() { psql -h "$BENCH_PG_HOST" -p "$BENCH_PG_PORT" -U postgres -d "$BENCH_DB" -v ON_ERROR_STOP=1 -qtA "$@"; }

ensure_jar() {
  local jar
  jar=$(ls "$REPO_ROOT"/api/target/api-*.jar 2>/dev/null | grep -v original | head -n1 || true)
  if [ -z "$jar" ]; then
    (cd "$REPO_ROOT" && mvn -q -B -ntp -DskipTests install) >&2
    jar=$(ls "$REPO_ROOT"/api/target/api-*.jar | grep -v original | head -n1)
  fi
  echo "$jar"
}

# start_app [extra java args...]: starts the service on BENCH_PORT against BENCH_DB (on BENCH_PG_PORT).
start_app() {
  local jar; jar=$(ensure_jar)
  DATABASE_URL="postgresql://postgres@$BENCH_PG_HOST:$BENCH_PG_PORT/$BENCH_DB" NGUON_ADMIN_TOKEN="$BENCH_TOKEN" \
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

# Prints the path of async-profiler's native library (4.2, its jar from Maven Central), fetching it once.
async_profiler_lib() {
  local version=4.2 dir lib
  dir="$BENCH_ROOT/data/async-profiler-$version"
  lib="$dir/linux-x64/libasyncProfiler.so"
  if [ ! -f "$lib" ]; then
    (cd "$REPO_ROOT" && mvn -q -B -ntp dependency:get -Dartifact="tools.profiler:async-profiler:$version" -Dtransitive=false) >&2
    mkdir -p "$dir"
    unzip -q -o "$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar" \
      'linux-x64/*' -d "$dir" >&2
  fi
  echo "$lib"
}

rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# --- a private PostgreSQL for areas that must stop the database (bench/drills) ---------------
# The machine's PostgreSQL on 5432 is shared with other developers: never stop it. These helpers
# initdb a throw-away cluster in a temporary directory (trust auth, fsync on, unix socket in that
# directory, TCP on 127.0.0.1 only), run it on a free port and point BENCH_PG_PORT at it.

# runs a PostgreSQL binary as the postgres user (initdb and postgres refuse to run as root)
_pg_run() {
  local bin; bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)/$1"; shift
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin" "$@"; else "$bin" "$@"; fi
}

# private_pg_init [port]: creates and starts the instance (default port 55432, or the next free one)
private_pg_init() {
  local port="${1:-55432}"
  while ss -Hltn "sport = :$port" | grep -q .; do port=$((port + 1)); done
  PRIVATE_PG_DIR=$(mktemp -d /tmp/nguon-bench-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres: "$PRIVATE_PG_DIR"
  _pg_run initdb -D "$PRIVATE_PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync > "$PRIVATE_PG_DIR/initdb.log"
  cat >> "$PRIVATE_PG_DIR/data/postgresql.conf" <<CONF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PRIVATE_PG_DIR'
fsync = on
synchronous_commit = on
max_connections = 100
shared_buffers = 128MB
CONF
  BENCH_PG_PORT=$port
  private_pg_start
  echo "private PostgreSQL on 127.0.0.1:$port (data in $PRIVATE_PG_DIR/data)"
}

private_pg_start() {
  [ -n "$PRIVATE_PG_DIR" ] || { echo "no private PostgreSQL: refusing to start anything" >&2; return 1; }
  _pg_run pg_ctl -D "$PRIVATE_PG_DIR/data" -l "$PRIVATE_PG_DIR/server.log" -w -t 60 start > /dev/null
}

# private_pg_stop [mode]: stops the private instance only (never the shared one)
private_pg_stop() {
  [ -n "$PRIVATE_PG_DIR" ] || { echo "no private PostgreSQL: refusing to stop anything" >&2; return 1; }
  _pg_run pg_ctl -D "$PRIVATE_PG_DIR/data" -m "${1:-fast}" -w -t 60 stop > /dev/null
}

# private_pg_destroy: stops the instance and deletes its directory (call it from the EXIT trap)
private_pg_destroy() {
  [ -n "$PRIVATE_PG_DIR" ] || return 0
  _pg_run pg_ctl -D "$PRIVATE_PG_DIR/data" -m immediate -w stop > /dev/null 2>&1 || true
  cp "$PRIVATE_PG_DIR/server.log" "$BENCH_ROOT/results/private-pg.log" 2>/dev/null || true
  rm -rf "$PRIVATE_PG_DIR"; PRIVATE_PG_DIR=""
}
