package vn.nguon.api.grading;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.http.codec.ServerSentEvent;

import vn.nguon.grading.live.GradingChange;

import static org.assertj.core.api.Assertions.assertThat;

/** The event stream of one organisation, without a server: order, filtering, keep-alive and its end. */
class GradingStreamTests {

	private static final UUID ORG = UUID.randomUUID();

	private static final UUID OTHER = UUID.randomUUID();

	private static GradingChange grade(long id, UUID org) {
		return new GradingChange(id, GradingChange.Kind.GRADE, org, UUID.randomUUID(), null, UUID.randomUUID(), null,
				true);
	}

	@Test
	void readyComesFirstThenOnlyTheOrganisationsChangesAndResyncsWithIdAndEventName() {
		Sinks.Many<GradingChange> changes = Sinks.many().multicast().directBestEffort();
		GradingChange mine = grade(7, ORG);
		StepVerifier.create(GradingStreamController.stream(ORG, changes.asFlux(), () -> true, Duration.ofSeconds(15)))
			.assertNext(e -> {
				assertThat(e.event()).isEqualTo("ready");
				assertThat(e.data()).isEqualTo("{\"listening\":true}");
				assertThat(e.retry()).isEqualTo(Duration.ofSeconds(5));
			})
			.then(() -> {
				changes.tryEmitNext(grade(6, OTHER));
				changes.tryEmitNext(mine);
				changes.tryEmitNext(GradingChange.resync());
			})
			.assertNext(e -> {
				assertThat(e.event()).isEqualTo("grade");
				assertThat(e.id()).isEqualTo("7");
				assertThat(e.data()).isEqualTo("{\"kind\":\"grade\",\"batchId\":\"" + mine.batchId() + "\",\"gradeId\":\""
						+ mine.gradeId() + "\",\"needsReview\":true}");
			})
			.assertNext(e -> {
				assertThat(e.event()).isEqualTo("resync");
				assertThat(e.id()).isNull();
			})
			.thenCancel()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void aQuietStreamSendsAKeepAliveCommentEveryHeartbeatAndEndsWithTheChanges() {
		Sinks.Many<GradingChange> changes = Sinks.many().multicast().directBestEffort();
		StepVerifier.withVirtualTime(() -> GradingStreamController.stream(ORG, changes.asFlux(), () -> false,
				Duration.ofSeconds(15)))
			.assertNext(e -> assertThat(e.data()).isEqualTo("{\"listening\":false}"))
			.expectNoEvent(Duration.ofSeconds(14))
			.thenAwait(Duration.ofSeconds(1))
			.assertNext(GradingStreamTests::keepAlive)
			.thenAwait(Duration.ofSeconds(15))
			.assertNext(GradingStreamTests::keepAlive)
			.then(changes::tryEmitComplete)
			.verifyComplete();
	}

	private static void keepAlive(ServerSentEvent<String> e) {
		assertThat(e.comment()).isEqualTo("keep-alive");
		assertThat(e.event()).isNull();
		assertThat(e.data()).isNull();
	}

}
