package vn.nguon.traceability.label;

import java.time.Instant;
import java.util.UUID;

import vn.nguon.traceability.organisation.OrgId;

/**
 * A large label-sheet job as stored in {@code label_job} (without its PDF).
 *
 * @param id job id
 * @param orgId organisation whose lots it prints (only it may read the job)
 * @param state {@code running}, {@code done} or {@code failed}
 * @param done labels drawn so far
 * @param total labels in the job
 * @param createdAt when it was started
 * @param finishedAt when it finished or failed, or {@code null}
 * @param error why it failed, or {@code null}
 */
public record LabelJob(UUID id, OrgId orgId, String state, int done, int total, Instant createdAt,
		Instant finishedAt, String error) {

	public static final String RUNNING = "running";

	public static final String DONE = "done";

	public static final String FAILED = "failed";

	/** @return whether the PDF is ready */
	public boolean isDone() {
		return DONE.equals(this.state);
	}

}
