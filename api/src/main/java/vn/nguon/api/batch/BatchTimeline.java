package vn.nguon.api.batch;

import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

import vn.nguon.api.batch.BatchResponses.TimelineEntry;
import vn.nguon.traceability.batch.Batch;
import vn.nguon.traceability.event.EventQueries;
import vn.nguon.traceability.organisation.OrgId;

/**
 * The events of a batch, oldest first, as its organisation sees them: the events it captured
 * about the lot (events other organisations recorded are theirs to share).
 */
@Component
class BatchTimeline {

	private final EventQueries events;

	BatchTimeline(EventQueries events) {
		this.events = events;
	}

	Flux<TimelineEntry> of(OrgId viewer, Batch batch) {
		return this.events.eventsOfLot(batch.gtin(), batch.lot())
			.filter(e -> viewer.equals(e.orgId()))
			.map(e -> TimelineEntry.of(e, viewer));
	}

}
