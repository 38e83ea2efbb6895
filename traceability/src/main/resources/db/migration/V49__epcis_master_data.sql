-- Master data (EPCIS 2.0 section 7.1.3, CBV 2.0 section 9) sent in a captured document's
-- epcisHeader.epcisMasterData.vocabularyList: per organisation, each vocabulary element's attributes and
-- children, as the latest capture left them. Read by the HASATTR_ and EQATTR_ query parameters and by
-- WD_readPoint / WD_bizLocation (descendants named as children).

CREATE TABLE epcis_vocabulary_element (
    org_id           uuid NOT NULL REFERENCES organisation (id),
    -- urn:epcglobal:epcis:vtype:BusinessLocation, ...:ReadPoint, ...:BusinessStep, ...
    vocabulary_type  text NOT NULL,
    -- the element as the event columns hold it: a canonical location key (414/{gln}/254/{ext}), a bare
    -- CBV word (shipping), or the URI as sent
    element_id       text NOT NULL,
    -- attribute name (prefix expanded: urn:epcglobal:cbv:mda:sst) -> value (a string or an object)
    attributes       jsonb NOT NULL DEFAULT '{}',
    -- element ids of the children, as element_id holds them
    children         text[] NOT NULL DEFAULT '{}',
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, vocabulary_type, element_id)
);
CREATE INDEX epcis_vocabulary_element_id_idx ON epcis_vocabulary_element (org_id, element_id);
