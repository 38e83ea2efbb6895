package vn.nguon.traceability.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One capture as recorded: what was sent and what was stored.
 *
 * @param id the capture id
 * @param createdAt when it started
 * @param finishedAt when it finished ({@code null} while running)
 * @param success whether every event was stored
 * @param eventCount events in the document
 * @param storedCount events stored (including re-sends already stored)
 * @param errors messages for refused events (proceed-on-error)
 */
public record CaptureJob(UUID id, Instant createdAt, Instant finishedAt, boolean success, int eventCount,
		int storedCount, List<String> errors) {

	public CaptureJob {
		errors = List.copyOf(errors);
	}

	/** @return whether the capture is still running (never, with synchronous validation) */
	public boolean running() {
		return this.finishedAt == null;
	}

}
