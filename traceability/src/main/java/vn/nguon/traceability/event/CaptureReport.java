package vn.nguon.traceability.event;

import java.util.List;

/**
 * The outcome of capturing one EPCISDocument.
 *
 * @param captureId id of the capture job, pollable at {@code /epcis/capture/{captureId}}
 * @param stored events stored (or already stored, for re-sent events)
 * @param errors one message per refused event (only with proceed-on-error)
 */
public record CaptureReport(String captureId, List<StoredEvent> stored, List<String> errors) {

	public CaptureReport {
		stored = List.copyOf(stored);
		errors = List.copyOf(errors);
	}

}
