package vn.nguon.grading.live;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The payloads the V31 trigger writes (copied from what PostgreSQL sends) become changes. */
class GradingChangeTests {

	private static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

	private static final UUID BATCH = UUID.fromString("00000000-0000-0000-0000-0000000000bb");

	@Test
	void whenAVerdictIsAnnouncedThenItNamesOrganisationBatchAndPhoto() {
		GradingChange c = GradingChange.parse("""
				{"id": 1, "org": "00000000-0000-0000-0000-0000000000aa", "kind": "verdict",
				 "batch": "00000000-0000-0000-0000-0000000000bb", "photo": "00000000-0000-0000-0000-000000000001"}""");
		assertThat(c).isEqualTo(new GradingChange(1, GradingChange.Kind.VERDICT, ORG, BATCH,
				UUID.fromString("00000000-0000-0000-0000-000000000001"), null, null, null));
	}

	@Test
	void whenAGradeIsAnnouncedThenItSaysWhetherItNeedsReview() {
		GradingChange c = GradingChange.parse("""
				{"id": 2, "org": "00000000-0000-0000-0000-0000000000aa", "kind": "grade",
				 "batch": "00000000-0000-0000-0000-0000000000bb", "grade": "00000000-0000-0000-0000-000000000002",
				 "needsReview": true}""");
		assertThat(c.kind()).isEqualTo(GradingChange.Kind.GRADE);
		assertThat(c.gradeId()).isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000002"));
		assertThat(c.needsReview()).isTrue();
		assertThat(c.photoId()).isNull();
	}

	@Test
	void whenABatchReviewIsAnnouncedThenAJsonNullPhotoIsNoPhoto() {
		GradingChange c = GradingChange.parse("""
				{"id": 3, "org": "00000000-0000-0000-0000-0000000000aa", "kind": "review",
				 "batch": "00000000-0000-0000-0000-0000000000bb", "grade": "00000000-0000-0000-0000-000000000002",
				 "photo": null, "review": "00000000-0000-0000-0000-000000000003"}""");
		assertThat(c.kind().wireName()).isEqualTo("review");
		assertThat(c.photoId()).isNull();
		assertThat(c.reviewId()).isEqualTo(UUID.fromString("00000000-0000-0000-0000-000000000003"));
		assertThat(c.needsReview()).isNull();
	}

	@Test
	void whenThePayloadIsNotTheTriggersThenRejected() {
		assertThatThrownBy(() -> GradingChange.parse("not json")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> GradingChange.parse("{\"id\": 1, \"kind\": \"deleted\", \"org\": \"" + ORG
				+ "\", \"batch\": \"" + BATCH + "\"}")).isInstanceOf(IllegalArgumentException.class);
		// a change that names no organisation could not be filtered: refused
		assertThatThrownBy(() -> GradingChange.parse("{\"id\": 1, \"kind\": \"grade\", \"batch\": \"" + BATCH + "\"}"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aResyncNamesNoOrganisation() {
		assertThat(GradingChange.resync().kind()).isEqualTo(GradingChange.Kind.RESYNC);
		assertThat(GradingChange.resync().orgId()).isNull();
	}

}
