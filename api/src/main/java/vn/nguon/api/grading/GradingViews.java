package vn.nguon.api.grading;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import vn.nguon.grading.policy.GradeClass;
import vn.nguon.grading.queue.StoredGrade;
import vn.nguon.grading.queue.StoredVerdict;

/** JSON views of grading. */
final class GradingViews {

	private GradingViews() {
	}

	/**
	 * The answer of the stateless prediction.
	 *
	 * @param label top label
	 * @param probabilities label to probability
	 * @param modelVersion the model
	 * @param confidence calibrated probability of {@code label}, 0..1
	 * @param needsReview true when the model is not sure enough to decide alone (below the model's review
	 *     threshold, or the photo does not look like produce): a person decides
	 * @param reviewReasons why: {@code low-confidence}, {@code not-produce}; empty when {@code needsReview} is false
	 */
	record Prediction(String label, Map<String, Double> probabilities, String modelVersion, double confidence,
			boolean needsReview, List<String> reviewReasons) {
	}

	/**
	 * One accepted photo.
	 *
	 * @param photoId its id
	 * @param sha256 its hash
	 * @param status {@code queued}
	 */
	record AcceptedPhoto(UUID photoId, String sha256, String status) {
	}

	/**
	 * The answer to an upload.
	 *
	 * @param batchId the batch
	 * @param photos the photos accepted
	 */
	record Upload(UUID batchId, List<AcceptedPhoto> photos) {
	}

	/**
	 * One grade.
	 *
	 * @param batchId the graded batch (the review queue links each grade to its lot)
	 * @param defectiveShare expected share of photos below the class awarded (from their probabilities)
	 * @param certainty probability of the class given the photos' probabilities (1 for a person's grade)
	 * @param status {@code provisional} (waits for a person), {@code confident} (the model decided alone) or
	 *     {@code reviewed} (a person made or confirmed it)
	 * @param reviewedBy who made or confirmed it, or {@code null}
	 */
	record Grade(UUID id, UUID batchId, String grade, boolean needsReview, List<String> reasons, int sampleSize,
			double defectiveShare, String policyVersion, String modelVersion, List<String> photos,
			List<String> photoSha256, UUID overrides, String reviewedBy, Instant createdAt, String eventId,
			double certainty, String status) {

		static Grade of(StoredGrade g) {
			return new Grade(g.id(), g.batchId(), g.grade(), g.needsReview(), g.reasons(), g.sampleSize(),
					g.defectiveShare(), g.policyVersion(), g.modelVersion(),
					g.photoIds().stream().map(id -> "/photos/" + id).toList(), g.photoSha256(), g.overrides(),
					g.reviewer(), g.createdAt(), g.eventId(), g.certainty(), g.status());
		}
	}

	/**
	 * One unit verdict.
	 *
	 * @param needsReview whether the model could not decide this photo alone
	 * @param reviewReasons why not: {@code low-confidence}, {@code not-produce}
	 * @param waitsForReview whether it still waits for a person (needs review and nobody reviewed it)
	 */
	record Unit(UUID photoId, String label, double confidence, Map<String, Double> probabilities, String modelVersion,
			String photoSha256, String reviewedLabel, String effectiveLabel, boolean needsReview,
			List<String> reviewReasons, boolean waitsForReview) {

		static Unit of(StoredVerdict v) {
			return new Unit(v.photoId(), v.label(), v.confidence(), v.probabilities(), v.modelVersion(), v.photoSha256(),
					v.reviewedLabel(), v.effectiveLabel(), v.needsReview(), v.reviewReasons(), v.waitsForReview());
		}
	}

	/**
	 * Grading state of a batch.
	 *
	 * @param batchId the batch
	 * @param queue photos by queue state (queued, running, done, parked)
	 * @param parked parked photos with the reason
	 * @param grade the current grade, or {@code null} while none
	 * @param units unit verdicts
	 * @param history every grade, oldest first
	 */
	record BatchGrading(UUID batchId, Map<String, Long> queue, Map<UUID, String> parked, Grade grade, List<Unit> units,
			List<Grade> history) {
	}

	/**
	 * A review request.
	 *
	 * @param target {@code unit} or {@code batch}
	 * @param photoId the photo (unit reviews)
	 * @param gradeId the grade (batch reviews)
	 * @param action {@code confirm} or {@code override}
	 * @param label the corrected label (unit override)
	 * @param grade the corrected class (batch override)
	 * @param reason why, required
	 */
	record ReviewRequest(@NotNull @Pattern(regexp = "unit|batch") String target, UUID photoId, UUID gradeId,
			@NotNull @Pattern(regexp = "confirm|override") String action, String label, String grade,
			@NotBlank @Size(max = 2000) String reason) {

		/** @return whether a unit review names its photo, and the label it overrides with */
		@AssertTrue
		public boolean isUnitReviewComplete() {
			return !"unit".equals(this.target)
					|| (this.photoId != null && (!"override".equals(this.action) || (this.label != null && !this.label.isBlank())));
		}

		/** @return whether a batch review names its grade, and a known class when it overrides */
		@AssertTrue
		public boolean isBatchReviewComplete() {
			if (!"batch".equals(this.target)) {
				return true;
			}
			if (this.gradeId == null) {
				return false;
			}
			return !"override".equals(this.action) || java.util.Arrays.stream(GradeClass.values())
				.anyMatch(c -> c.name().equals(this.grade));
		}

	}

}
