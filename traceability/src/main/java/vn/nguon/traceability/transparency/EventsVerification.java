package vn.nguon.traceability.transparency;

import java.util.Map;

/**
 * Whether a set of events (typically those of one lot) prove into the latest signed head.
 *
 * @param treeSize size of the head checked against, or -1 when the log has no head yet
 * @param events state of each event id asked about
 */
public record EventsVerification(long treeSize, Map<String, State> events) {

	public EventsVerification {
		events = Map.copyOf(events);
	}

	/** State of one event. */
	public enum State {

		/** every leaf of the event proves into the signed head with the row as it is now */
		VERIFIED,
		/** not in the signed head yet (just captured, or unknown) */
		PENDING,
		/** logged, but the row was changed or deleted, or the head does not verify */
		FAILED

	}

	/** @return whether there is at least one event and every one is {@link State#VERIFIED} */
	public boolean verified() {
		return !this.events.isEmpty() && this.events.values().stream().allMatch(s -> s == State.VERIFIED);
	}

}
