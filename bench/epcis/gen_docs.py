#!/usr/bin/env python3
"""Writes EPCISDocuments of N events each for the capture benchmark: harvests (ObjectEvent ADD with a
lot in quantityList), shipments (ObjectEvent OBSERVE) and one grading TransformationEvent in ten,
every lot random, so nothing is a re-send."""
import json, os, random, sys

def check_digit(digits):
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(digits)))
    return str((10 - total % 10) % 10)

def gtin(n):
    body = "0893850" + str(n).zfill(6)
    return body + check_digit(body)

def main(out, docs, per_doc, seed):
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    run = "%08X" % rnd.getrandbits(32)
    for d in range(docs):
        events = []
        for i in range(per_doc):
            g = gtin(rnd.randrange(1000))
            lot = "B%s-%d-%d" % (run, d, i)
            uri = "https://id.gs1.org/01/%s/10/%s" % (g, lot)
            if i % 10 == 9:
                events.append({"type": "TransformationEvent", "eventTime": "2026-06-01T14:%02d:%02d+07:00" % (i // 60 % 60, i % 60),
                               "eventTimeZoneOffset": "+07:00", "bizStep": "commissioning",
                               "inputQuantityList": [{"epcClass": uri, "quantity": 100, "uom": "KGM"}],
                               "outputQuantityList": [{"epcClass": uri + "-1", "quantity": 70, "uom": "KGM"},
                                                      {"epcClass": uri + "-2", "quantity": 25, "uom": "KGM"}],
                               "bizLocation": {"id": "https://id.gs1.org/414/8938504000023"}})
            else:
                event = {"type": "ObjectEvent", "eventTime": "2026-06-01T07:%02d:%02d+07:00" % (i // 60 % 60, i % 60),
                         "eventTimeZoneOffset": "+07:00", "action": "ADD" if i % 2 else "OBSERVE",
                         "bizStep": "commissioning" if i % 2 else "shipping", "disposition": "active",
                         "quantityList": [{"epcClass": uri, "quantity": rnd.randrange(1, 1000), "uom": "KGM"}],
                         "readPoint": {"id": "https://id.gs1.org/414/8938504000016"}}
                if i % 2:  # the EPCIS 2.0 schema allows ILMD only where an ObjectEvent's action is ADD
                    event["ilmd"] = {"nguon:harvestDate": "2026-06-01", "nguon:fieldName": "Ruộng %d" % rnd.randrange(50)}
                events.append(event)
        doc = {"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", {"nguon": "https://ns.nguon.vn/epcis/"}],
               "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-06-01T18:00:00+07:00",
               "epcisBody": {"eventList": events}}
        with open(os.path.join(out, "doc-%05d.json" % d), "w") as f:
            json.dump(doc, f, ensure_ascii=False)

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 1)
