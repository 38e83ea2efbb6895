#!/usr/bin/env python3
"""Mixed load through the reverse proxy for the replicas drill (bench/drills/replicas.sh);
standard library only.

  replicas_load.py run BASE TOKEN EMAIL PASSWORD OUT_DIR STOPFILE CLIENTS RUN_ID
      Creates a farm and a product with the bearer token, then CLIENTS threads each sign in a
      browser session through the proxy (GET /api/session for the XSRF-TOKEN cookie, then
      POST /api/session with it as cookie and X-XSRF-TOKEN header) and loop until STOPFILE exists:
        60 % GET /api/batches?size=20 with the session cookie ("read"),
        15 % GET /01/{gtin}/10/{lot} of a lot created so far, no cookie ("scan"),
        25 % POST /api/batches with the session and CSRF token ("write"): a client-chosen batch id
             in the body, the same value in an Idempotency-Key header ("RUN_ID-<id>"), a lot code
             of its own (RUN_ID + counter) and an explicit harvest date and event time, so a replay
             is byte-identical.
      Every thread pauses 50 ms between requests. Cookies are taken from every answer, as a browser
      does. Nobody signs in again: a 401 on a request with a session cookie is counted as a session
      lost.
      Client retries: a write whose attempt fails with no HTTP answer (connection refused or
      reset, timeout) or with 502/503/504 is sent again, the same bytes (same id, same
      Idempotency-Key), after 250 ms, at most 8 attempts in all; reads and scans are never
      retried by the client (only HAProxy's own retries apply to them).
      Writes OUT_DIR/requests.log, one line per logical request:
        "<kind> <start epoch s> <latency ms, retries included> <final status> <attempts> <session 0|1>"
      (status 0: no HTTP answer), OUT_DIR/writes.tsv "<batch id>\t<lot>\t<final status>" for every
      write (acknowledged or not), OUT_DIR/retries.log "<lot> <attempt start epoch s> <ms> <status>"
      for every write attempt the client had to send again, and OUT_DIR/signins.log with the
      number of sign-ins.
  replicas_load.py report OUT_DIR T_KILL BEFORE_S AFTER_S WARMUP_S
      RESULT lines: requests, error share and p99 latency in three windows: before the kill (from
      WARMUP_S after the first request: the instances' first requests are slow while the JIT
      warms up), during it ([T_KILL - BEFORE_S, T_KILL + AFTER_S)) and after it; sessions
      answered 401 (whole run); writes that needed a client retry.
"""
import http.cookies, json, os, random, sys, threading, time, urllib.error, urllib.request, uuid

TIMEOUT = 15
WRITE_ATTEMPTS = 8
RETRY_PAUSE = 0.25
RETRY_STATUSES = (502, 503, 504)


class Browser:
    """A cookie jar and the CSRF header of one signed-in browser."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, cookies=True):
        h = dict(headers or {})
        if cookies and self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
            if "XSRF-TOKEN" in self.cookies and method != "GET":
                h["X-XSRF-TOKEN"] = self.cookies["XSRF-TOKEN"]
        data = json.dumps(body).encode() if body is not None else None
        if data is not None:
            h["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
                text = r.read()
                if cookies:
                    self.take(r.headers)
                return r.status, text
        except urllib.error.HTTPError as e:
            text = e.read()
            if cookies:
                self.take(e.headers)
            return e.code, text
        except Exception:  # refused, reset, timeout: no HTTP answer
            return 0, b""

    def take(self, headers):
        for line in headers.get_all("Set-Cookie") or []:
            c = http.cookies.SimpleCookie()
            c.load(line)
            for name, morsel in c.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def bearer(base, token, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
        return json.loads(r.read())


def gtin():
    d = [0] + [random.randint(0, 9) for _ in range(12)]
    s = sum(x * (3 if i % 2 == 0 else 1) for i, x in enumerate(reversed(d)))
    return "".join(map(str, d)) + str((10 - s % 10) % 10)


def run(base, token, email, password, out_dir, stopfile, clients, run_id):
    farm = bearer(base, token, "/api/farms", {"name": "Vườn drill replicas", "commune": "Cát Hanh",
                                              "district": "Phù Cát", "province": "Bình Định"})["id"]
    code = gtin()
    product = bearer(base, token, "/api/products", {"gtin": code, "nameVi": "Cà chua", "nameEn": "Tomato",
                                                    "variety": "Savior"})["id"]
    lock = threading.Lock()
    log = open(os.path.join(out_dir, "requests.log"), "w")
    writes = open(os.path.join(out_dir, "writes.tsv"), "w")
    retries = open(os.path.join(out_dir, "retries.log"), "w")
    lots = []
    counter = [0]
    signins = [0]

    def record(kind, t0, status, attempts, session):
        with lock:
            log.write("%s %.3f %.1f %d %d %d\n" % (kind, t0, (time.time() - t0) * 1000, status, attempts, session))

    def sign_in():
        b = Browser(base)
        for _ in range(20):
            b.request("GET", "/api/session")
            status, _ = b.request("POST", "/api/session", {"email": email, "password": password})
            if status == 200 and "SESSION" in b.cookies:
                with lock:
                    signins[0] += 1
                return b
            time.sleep(0.5)
        raise SystemExit("could not sign in through the proxy")

    def write(b):
        with lock:
            counter[0] += 1
            lot = "%s%d" % (run_id, counter[0])
        batch_id = str(uuid.uuid4())
        body = {"id": batch_id, "productId": product, "farmId": farm, "lot": lot, "quantity": 120, "unit": "kg",
                "harvestDate": "2026-01-01", "eventTime": "2026-01-01T06:00:00+07:00"}
        headers = {"Idempotency-Key": "%s-%s" % (run_id, batch_id), "Accept": "application/json"}
        t0 = time.time()
        attempts = 0
        status = 0
        while attempts < WRITE_ATTEMPTS:
            attempts += 1
            ta = time.time()
            status, _ = b.request("POST", "/api/batches", body, headers)
            if status not in (0,) + RETRY_STATUSES:
                break
            with lock:
                retries.write("%s %.3f %.1f %d\n" % (lot, ta, (time.time() - ta) * 1000, status))
                retries.flush()
            time.sleep(RETRY_PAUSE)
        record("write", t0, status, attempts, 1)
        with lock:
            writes.write("%s\t%s\t%d\n" % (batch_id, lot, status))
            writes.flush()
            if 200 <= status < 300:
                lots.append(lot)

    def loop():
        b = sign_in()
        while not os.path.exists(stopfile):
            dice = random.randrange(100)
            if dice < 60 or (dice < 75 and not lots):
                t0 = time.time()
                status, _ = b.request("GET", "/api/batches?size=20", headers={"Accept": "application/json"})
                record("read", t0, status, 1, 1)
            elif dice < 75:
                with lock:
                    lot = random.choice(lots)
                t0 = time.time()
                status, _ = b.request("GET", "/01/%s/10/%s" % (code, lot), headers={"Accept": "text/html"},
                                      cookies=False)
                record("scan", t0, status, 1, 0)
            else:
                write(b)
            time.sleep(0.05)

    threads = [threading.Thread(target=loop) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    log.close()
    writes.close()
    retries.close()
    with open(os.path.join(out_dir, "signins.log"), "w") as f:
        f.write("%d\n" % signins[0])


def ok(kind, status):
    return status == 200 if kind != "write" else status == 201


def report(out_dir, t_kill, before_s, after_s, warmup_s):
    recs = []
    for line in open(os.path.join(out_dir, "requests.log")):
        kind, t, ms, status, attempts, session = line.split()
        recs.append((kind, float(t), float(ms), int(status), int(attempts), int(session)))

    def res(name, value, unit=""):
        print("RESULT %s %s %s" % (name, value, unit))

    lo, hi = t_kill - before_s, t_kill + after_s
    start = min(r[1] for r in recs) + warmup_s
    res("requests_warmup", sum(1 for r in recs if r[1] < start), "requests in the first %.0f s (not in the windows)" % warmup_s)
    windows = (("before", [r for r in recs if start <= r[1] < lo]),
               ("during", [r for r in recs if lo <= r[1] < hi]),
               ("after", [r for r in recs if r[1] >= hi]))
    span = {"before": "s before the kill", "during": "s around the kill: %.0f s before to %.0f s after" % (before_s, after_s),
            "after": "s after the kill"}
    for name, rs in windows:
        if not rs:
            res("requests_" + name, 0, "requests")
            continue
        secs = max(r[1] for r in rs) - min(r[1] for r in rs)
        bad = [r for r in rs if not ok(r[0], r[3])]
        lat = sorted(r[2] for r in rs)
        res("requests_" + name, len(rs), "requests in %.0f %s" % (secs, span[name]))
        res("error_share_" + name, "%.4f" % (len(bad) / len(rs)),
            "(%d not 200/201%s)" % (len(bad), ": " + ",".join("%s:%d" % kv for kv in sorted(count(bad).items())) if bad else ""))
        res("p99_" + name, "%.0f" % lat[min(len(lat) - 1, max(0, int(len(lat) * 0.99 + 0.999) - 1))], "ms")
        res("max_" + name, "%.0f" % lat[-1], "ms")
        wr = [r for r in rs if r[0] == "write"]
        if wr:
            res("writes_retried_by_client_" + name, sum(1 for r in wr if r[4] > 1), "of %d writes" % len(wr))
    res("sessions_401", sum(1 for r in recs if r[5] == 1 and r[3] == 401), "requests with a session cookie answered 401 (must be 0)")
    res("sessions_401_after_kill", sum(1 for r in recs if r[5] == 1 and r[3] == 401 and r[1] >= t_kill), "(must be 0)")


def count(bad):
    by = {}
    for r in bad:
        key = "%s_%d" % (r[0], r[3])
        by[key] = by.get(key, 0) + 1
    return by


if __name__ == "__main__":
    if sys.argv[1] == "run":
        a = sys.argv
        run(a[2], a[3], a[4], a[5], a[6], a[7], int(a[8]), a[9])
    else:
        report(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]))
