package vn.nguon.grading.lifecycle;

import java.time.Instant;
import java.util.UUID;

/**
 * A retraining job as stored in {@code grading_retrain_job}.
 *
 * @param id job id
 * @param orgId organisation whose reviewed photos it trains on (only it may read the job)
 * @param state {@code running}, {@code done} or {@code failed}
 * @param progress 0..1
 * @param message last progress line (the error when failed)
 * @param version the candidate model version
 * @param startedAt when it was started
 * @param finishedAt when it finished or failed, or {@code null}
 * @param error why it failed, or {@code null}
 */
public record RetrainJob(UUID id, UUID orgId, String state, double progress, String message, String version,
		Instant startedAt, Instant finishedAt, String error) {

	public static final String RUNNING = "running";

	public static final String DONE = "done";

	public static final String FAILED = "failed";

}
