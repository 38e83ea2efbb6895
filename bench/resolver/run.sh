#!/usr/bin/env bash
# Consumer page and JSON resolution under wrk (50 connections) next to pgbench -S in the same run.
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../lib-data.sh"
if [ "$BENCH_MODE" = full ]; then WARM=60; DUR=30; else WARM=10; DUR=10; fi
trap stop_app EXIT
start_app
read -r GTIN LOT _ < <(make_lot)
URL="http://127.0.0.1:$BENCH_PORT/01/$GTIN/10/$LOT"
curl -fsS -o /dev/null "$URL" || { echo "consumer page not served" >&2; exit 1; }

wrk_run() { # name, extra args...
  local name=$1; shift
  local out; out=$(wrk -t2 -c50 -d"${DUR}s" --latency "$@" "$URL")
  local rps p99 errs non2xx
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/{print $5}' <<<"$out"); non2xx=${non2xx:-0}
  errs=$(awk -F'[ ,]+' '/Socket errors/{print $4+$6+$8+$10}' <<<"$out"); errs=${errs:-0}
  result "${name}_requests_per_s" "$rps" "req/s"
  result "${name}_p99" "$p99" ""
  result "${name}_errors" "$((non2xx + errs))" "responses"
  LAST_RPS=$rps
}
echo "warming up ${WARM}s"; wrk -t2 -c50 -d"${WARM}s" "$URL" >/dev/null
wrk_run consumer_page_html -H 'Accept: text/html' -H 'Accept-Language: vi'; HTML_RPS=$LAST_RPS
wrk_run resolver_json -H 'Accept: application/json'; JSON_RPS=$LAST_RPS
# page weight at phone size: HTML + linked CSS/JS
W=$(python3 - "$URL" <<'PY'
import sys,re,urllib.request
u=sys.argv[1]; base=u.split('/01/')[0]
html=urllib.request.urlopen(urllib.request.Request(u,headers={'Accept':'text/html'})).read()
total=len(html)
for ref in set(re.findall(rb'(?:href|src)="(/[^"]+\.(?:css|js|png|svg|jpg|webp))"',html)):
    try: total+=len(urllib.request.urlopen(base+ref.decode()).read())
    except Exception: pass
print(total)
PY
) || W=0
result consumer_page_weight "$W" "bytes (target < 102400)"
stop_app

# pgbench baseline in the same run, on the same machine
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS nguon_pgbench WITH (FORCE)" -c "CREATE DATABASE nguon_pgbench"
pgbench -h 127.0.0.1 -U postgres -i -s 10 -q nguon_pgbench >/dev/null 2>&1
PG_TPS=$(pgbench -h 127.0.0.1 -U postgres -S -c 50 -j 2 -T "$DUR" nguon_pgbench 2>/dev/null | awk '/^tps/{print $3; exit}')
result pgbench_select_tps "$PG_TPS" "tps"
result consumer_page_vs_pgbench "$(python3 -c "print(round($HTML_RPS/$PG_TPS,3))")" "ratio (target >= 1.0)"
result resolver_json_vs_pgbench "$(python3 -c "print(round($JSON_RPS/$PG_TPS,3))")" "ratio (target >= 1.0)"
