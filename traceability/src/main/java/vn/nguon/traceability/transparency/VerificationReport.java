package vn.nguon.traceability.transparency;

import java.util.List;

/**
 * What the server-side verifier found when it recomputed every leaf from the event rows.
 *
 * @param treeSize leaves checked (the log's size when the check started)
 * @param headTreeSize size of the latest signed head, or -1 when there is none
 * @param headSignatureValid whether that head's Ed25519 signature verifies with its key
 * @param headRootMatches whether the root recomputed from the stored leaf hashes equals the
 * head's root (false means the log tables themselves were altered)
 * @param unlogged stored events that are not in the log (yet)
 * @param problems events whose row no longer matches its leaf, in log order
 */
public record VerificationReport(long treeSize, long headTreeSize, boolean headSignatureValid, boolean headRootMatches,
		long unlogged, List<EventProblem> problems) {

	public VerificationReport {
		problems = List.copyOf(problems);
	}

	/** @return whether nothing was found */
	public boolean ok() {
		return this.problems.isEmpty() && this.headSignatureValid && this.headRootMatches;
	}

	/** How a logged event's row differs from its leaf. */
	public enum Status {

		/** the row's doc no longer hashes to the leaf */
		CHANGED,
		/** the row is gone */
		DELETED,
		/** the row now holds the doc of another logged event (rows swapped or moved) */
		REORDERED

	}

	/**
	 * One event that no longer proves.
	 *
	 * @param eventId the event id the log recorded
	 * @param seq the row position the log recorded
	 * @param leafIndex its leaf
	 * @param status what is wrong
	 * @param matchesLeafIndex for {@link Status#REORDERED}: the leaf whose doc the row now holds, else {@code null}
	 */
	public record EventProblem(String eventId, long seq, long leafIndex, Status status, Long matchesLeafIndex) {
	}

}
