#!/usr/bin/env python3
"""Load during the database outage drill (standard library only).

  outage_load.py run BASE TOKEN LOG STOPFILE [CLIENTS]
      CLIENTS threads loop over GET /api/batches (bearer token), the consumer page of one lot
      (BASE/01/GTIN/10/LOT is read from the env var DRILL_PAGE; served from the page cache) and
      pages of lots never asked for (the database is asked), one thread polls
      /actuator/health/readiness every 0.25 s; every answer is one line of LOG:
      "<kind> <start epoch s> <latency ms> <status> <content type>"; stops when STOPFILE exists.
  outage_load.py report LOG T_STOP T_DOWN T_START
      prints RESULT lines for the window [T_DOWN, T_START] (pg_ctl stop began at T_STOP and returned
      at T_DOWN; PostgreSQL is down until T_START) and after T_START.
"""
import os, sys, threading, time, urllib.request, urllib.error

TIMEOUT = 30


def one(url, headers):
    t0 = time.time()
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT) as r:
            r.read()
            return t0, (time.time() - t0) * 1000, r.status, r.headers.get("Content-Type", "-")
    except urllib.error.HTTPError as e:
        e.read()
        return t0, (time.time() - t0) * 1000, e.code, e.headers.get("Content-Type", "-")
    except Exception as e:  # connection refused, timeout: the service did not answer
        return t0, (time.time() - t0) * 1000, 0, type(e).__name__


def run(base, token, log, stopfile, clients):
    lock = threading.Lock()
    out = open(log, "w")
    page = os.environ.get("DRILL_PAGE")

    def write(kind, rec):
        with lock:
            out.write("%s %.3f %.1f %d %s\n" % (kind, rec[0], rec[1], rec[2], rec[3].split(";")[0].replace(" ", "")))
            out.flush()

    def api_loop(i):
        n = 0
        while not os.path.exists(stopfile):
            n += 1
            if page and i % 2 == 1 and n % 4 == 0:
                # a lot nobody asked for before: not in the page cache, so the database is asked
                write("uncached", one("%sX%d%d" % (page, i, n), {"Accept": "text/html"}))
            elif page and i % 2 == 1:
                write("page", one(page, {"Accept": "text/html"}))
            else:
                write("api", one(base + "/api/batches?size=20", {"Authorization": "Bearer " + token}))
            time.sleep(0.05)

    def ready_loop():
        while not os.path.exists(stopfile):
            write("ready", one(base + "/actuator/health/readiness", {}))
            time.sleep(0.25)

    threads = [threading.Thread(target=api_loop, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=ready_loop))
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def fine(r):
    """A normal answer: 200, or 404 for a lot that does not exist."""
    return r[3] == 200 or (r[0] == "uncached" and r[3] == 404)


def report(log, t_stop, t_down, t_start):
    recs = []
    for line in open(log):
        kind, t, ms, status, ctype = line.split()
        recs.append((kind, float(t), float(ms), int(status), ctype))
    down = [r for r in recs if t_down <= r[1] < t_start]
    after = [r for r in recs if r[1] >= t_start]
    req_down = [r for r in down if r[0] != "ready"]

    def res(name, value, unit=""):
        print("RESULT %s %s %s" % (name, value, unit))

    res("outage_requests", len(req_down), "requests while PostgreSQL was down")
    for kind in ("api", "page", "uncached"):
        by = {}
        for r in req_down:
            if r[0] == kind:
                key = "%d_%s" % (r[3], r[4])
                by[key] = by.get(key, 0) + 1
        res("outage_answers_" + kind, ",".join("%s:%d" % kv for kv in sorted(by.items())) or "none",
            "status_content-type:count")
    # requests that need the database (the cached consumer page does not)
    api = [r for r in req_down if r[0] in ("api", "uncached")]
    ok503 = sum(1 for r in api if r[3] == 503 and r[4] == "application/problem+json")
    res("outage_db_requests_503_problem_json_share", "%.3f" % (ok503 / len(api) if api else 0), "(expect 1.000)")
    res("outage_max_latency", "%.0f" % max((r[2] for r in req_down), default=0), "ms")
    lat = sorted(r[2] for r in req_down)
    res("outage_p50_latency", "%.0f" % (lat[len(lat) // 2] if lat else 0), "ms")
    # the readiness probe: first DOWN after the stop, first UP after the start
    ready = sorted((r for r in recs if r[0] == "ready"), key=lambda r: r[1])
    first_down = next((r for r in ready if r[1] >= t_stop and r[3] == 503), None)
    res("outage_readiness_down_after", "%.1f" % (first_down[1] - t_stop) if first_down else "never",
        "s after the stop")
    up_again = next((r for r in ready if r[1] >= t_start and r[3] == 200), None)
    res("outage_readiness_up_after", "%.1f" % (up_again[1] - t_start) if up_again else "never",
        "s after PostgreSQL was started again")
    res("outage_readiness_max_latency", "%.0f" % max((r[2] for r in ready if t_down <= r[1] < t_start), default=0),
        "ms")
    ok_after = sorted((r for r in after if r[0] == "api" and r[3] == 200), key=lambda r: r[1])
    first_ok = ok_after[0][1] - t_start if ok_after else None
    res("outage_first_success_after", "%.1f" % first_ok if first_ok is not None else "never",
        "s after PostgreSQL was started again")
    if ok_after:
        tail = [r for r in after if r[0] != "ready" and r[1] >= ok_after[0][1] + 2]
        bad = [r for r in tail if not fine(r)]
        res("outage_errors_after_recovery", "%d/%d" % (len(bad), len(tail)), "requests (from 2 s after the first success)")
    before = [r for r in recs if r[1] + r[2] / 1000 < t_stop and r[0] != "ready"]  # answered before the stop
    res("outage_requests_before_stop_ok", "%d/%d" % (sum(1 for r in before if fine(r)), len(before)), "")


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]) if len(sys.argv) > 6 else 4)
    else:
        report(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
