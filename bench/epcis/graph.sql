-- A genealogy of :lots lots in :depth levels: every lot of level n+1 is made from two random lots of
-- level n (a transformation), written straight into lot_edge.
DELETE FROM lot_edge WHERE from_key LIKE '01/08938509999995/10/G-%';
INSERT INTO lot_edge (from_key, to_key, seq)
SELECT DISTINCT '01/08938509999995/10/G-' || (lvl - 1) || '-' || ((i * 7919 + k * 104729) % per),
       '01/08938509999995/10/G-' || lvl || '-' || i, 0
FROM (SELECT :lots / :depth AS per) p,
     generate_series(1, :depth - 1) AS lvl,
     generate_series(0, :lots / :depth - 1) AS i,
     generate_series(0, 1) AS k;
VACUUM ANALYZE lot_edge;
