-- :n events of the benchmark organisation straight into the store (10 events per lot), with their
-- identifier index rows, for the query benchmark.
INSERT INTO epcis_event (event_id, org_id, doc, content_hash, event_type, event_time, event_time_zone_offset,
	action, biz_step, disposition, read_point, biz_location)
SELECT 'urn:uuid:' || md5('q' || i)::uuid, :'org',
	jsonb_build_object('type', 'ObjectEvent', 'eventTime', to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
		'eventTimeZoneOffset', '+07:00', 'action', 'OBSERVE', 'bizStep', 'shipping', 'disposition', 'in_transit',
		'eventID', 'urn:uuid:' || md5('q' || i)::uuid,
		'quantityList', jsonb_build_array(jsonb_build_object('epcClass',
			'https://id.gs1.org/01/08938509999988/10/Q-' || (i % (:n / 10)), 'quantity', 5, 'uom', 'KGM'))),
	'bench', 'ObjectEvent', t, '+07:00', 'OBSERVE', 'shipping', 'in_transit', '414/8938504000016', '414/8938504000016'
FROM generate_series(1, :n) AS i, LATERAL (SELECT timestamptz '2026-01-01' + i * interval '10 seconds' AS t) x;
INSERT INTO epcis_event_epc (seq, org_id, role, epc)
SELECT seq, org_id, 'qty', substr(doc->'quantityList'->0->>'epcClass', 20) FROM epcis_event WHERE content_hash = 'bench';
VACUUM ANALYZE epcis_event;
VACUUM ANALYZE epcis_event_epc;
