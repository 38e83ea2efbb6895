-- Consumer scans of a lot's Digital Link, counted per lot and day (UTC+7, Vietnam). No personal data:
-- no address, no user agent, no time of day. Written by batched upserts from in-memory counters.
CREATE TABLE lot_scan_day (
    gtin   char(14) NOT NULL,
    lot    text COLLATE "C" NOT NULL,
    day    date NOT NULL,
    scans  bigint NOT NULL CHECK (scans >= 0),
    PRIMARY KEY (gtin, lot, day)
);
