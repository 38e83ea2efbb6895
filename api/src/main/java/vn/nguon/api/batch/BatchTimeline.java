package vn.nguon.api.batch;

import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

import vn.nguon.api.batch.BatchResponses.TimelineEntry;
import vn.nguon.traceability.batch.Batch;
import vn.nguon.traceability.organisation.OrgId;

/** The events of a batch, oldest first, as the viewer may see them. */
@Component
class BatchTimeline {

	Flux<TimelineEntry> of(OrgId viewer, Batch batch) {
		// Filled from EventQueries.eventsOfLot once the event store lands on main.
		return Flux.empty();
	}

}
