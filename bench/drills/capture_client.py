#!/usr/bin/env python3
"""Sends N events in documents of D events to /epcis/capture, retrying each document until it is
accepted (connection errors, 5xx). Events carry no eventID: the service derives the CBV 2.0 hash id,
so a re-sent document stores nothing twice. Prints the number of documents and retries."""
import json, sys, time, urllib.request, urllib.error

base, token, run_id, total, per_doc = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
ctx = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld"

def doc(start):
    events = []
    for i in range(start, min(start + per_doc, total)):
        events.append({
            "type": "ObjectEvent", "action": "OBSERVE",
            "eventTime": "2026-01-01T%02d:%02d:%02d.%03dZ" % ((i // 3600000) % 24, (i // 60000) % 60, (i // 1000) % 60, i % 1000),
            "eventTimeZoneOffset": "+07:00",
            "epcList": ["https://id.gs1.org/01/09506000134352/21/%s-%d" % (run_id, i)],
            "bizStep": "shipping",
            "readPoint": {"id": "urn:nguon:drill:" + run_id},
        })
    return {"@context": [ctx], "type": "EPCISDocument", "schemaVersion": "2.0",
            "creationDate": "2026-01-01T00:00:00Z", "epcisBody": {"eventList": events}}

retries = 0
for start in range(0, total, per_doc):
    body = json.dumps(doc(start)).encode()
    while True:
        req = urllib.request.Request(base + "/epcis/capture", data=body, method="POST", headers={
            "Authorization": "Bearer " + token, "Content-Type": "application/ld+json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                if r.status in (200, 201, 202):
                    break
        except urllib.error.HTTPError as e:
            if e.code < 500 and e.code != 429:
                print("refused:", e.code, e.read()[:300], file=sys.stderr); sys.exit(2)
        except Exception:
            pass
        retries += 1
        time.sleep(0.5)
print("documents=%d retries=%d" % ((total + per_doc - 1) // per_doc, retries))
