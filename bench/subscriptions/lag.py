#!/usr/bin/env python3
"""Capture-to-webhook lag: a loopback webhook receiver plus a capture load of RATE events/s.

Usage: lag.py BASE_URL TOKEN WARMUP_S MEASURE_S RATE
Prints RESULT lines (delivery lag percentiles in ms, events delivered, duplicates, order check).
"""
import datetime, hashlib, hmac, json, sys, threading, time, urllib.request, uuid, random
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

base, token, warmup, measure, rate = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
secret = "bench-signature-token-" + uuid.uuid4().hex
lock = threading.Lock()
arrivals = []          # (eventID, lag_ms)
bad_signatures = [0]

class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        now = time.time()
        expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        doc = json.loads(body)
        with lock:
            if self.headers.get("GS1-Signature") != expected:
                bad_signatures[0] += 1
            for e in doc["epcisBody"]["queryResults"]["resultsBody"]["eventList"]:
                rt = datetime.datetime.fromisoformat(e["recordTime"]).timestamp()
                arrivals.append((e["eventID"], (now - rt) * 1000.0))
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
threading.Thread(target=server.serve_forever, daemon=True).start()

def call(method, path, body=None, ctype="application/json"):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + token, "Content-Type": ctype})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read()

gtin = "0893" + "%09d" % random.randrange(10**9)
digits = [int(c) for c in gtin]
check = (10 - sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits)) % 10) % 10
lot = "https://id.gs1.org/01/%s%d/10/B%s" % (gtin, check, uuid.uuid4().hex[:8].upper())
name = "bench-" + uuid.uuid4().hex[:8]
call("POST", "/epcis/queries", {"name": name, "query": {"MATCH_epcClass": lot}})
call("POST", "/epcis/queries/%s/subscriptions" % name,
     {"dest": "http://127.0.0.1:%d/hook" % server.server_address[1], "stream": True, "signatureToken": secret})

per_doc = max(1, rate // 10)
sent = []
n = [0]
def doc():
    events = []
    for _ in range(per_doc):
        n[0] += 1
        t = datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(milliseconds=n[0])
        events.append({"type": "ObjectEvent", "eventTime": t.isoformat(), "eventTimeZoneOffset": "+00:00",
                       "action": "OBSERVE", "bizStep": "shipping",
                       "quantityList": [{"epcClass": lot, "quantity": 1, "uom": "KGM"}]})
    return {"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument",
            "schemaVersion": "2.0", "creationDate": "2026-06-01T00:00:00Z", "epcisBody": {"eventList": events}}

def load(seconds):
    start = time.time(); k = 0
    while time.time() - start < seconds:
        call("POST", "/epcis/capture", doc())
        k += 1
        delay = start + k * 0.1 - time.time()
        if delay > 0:
            time.sleep(delay)
    return k * per_doc, time.time() - start

load(warmup)
time.sleep(3)
with lock:
    arrivals.clear()
captured, took = load(measure)
deadline = time.time() + 120
while time.time() < deadline:
    with lock:
        if len({a[0] for a in arrivals}) >= captured:
            break
    time.sleep(0.5)
with lock:
    lags = sorted(l for _, l in arrivals)
    distinct = len({a[0] for a in arrivals})
    dups = len(arrivals) - distinct
def pct(p):
    return lags[min(len(lags) - 1, int(p / 100.0 * len(lags)))] if lags else float("nan")
print("RESULT capture_rate_offered %.0f events/s" % (captured / took))
print("RESULT events_delivered %d of %d" % (distinct, captured))
print("RESULT delivery_duplicates %d events" % dups)
print("RESULT bad_signatures %d callbacks" % bad_signatures[0])
print("RESULT delivery_lag_p50_ms %.0f ms" % pct(50))
print("RESULT delivery_lag_p99_ms %.0f ms" % pct(99))
print("RESULT delivery_lag_max_ms %.0f ms" % (lags[-1] if lags else float("nan")))
