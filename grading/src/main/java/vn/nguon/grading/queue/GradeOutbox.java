package vn.nguon.grading.queue;

import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/** The outbox of grades whose EPCIS event is still to be recorded, and the note that it was. */
final class GradeOutbox {

	private final DatabaseClient db;

	GradeOutbox(DatabaseClient db) {
		this.db = db;
	}

	/** @return grades (of any organisation) whose EPCIS event is not recorded yet, oldest first */
	Flux<StoredGrade> gradesWithoutEvent(int limit) {
		return this.db.sql(GradingRows.GRADE_COLUMNS + " WHERE e.event_id IS NULL ORDER BY g.seq LIMIT :n").bind("n", limit)
			.map(GradingRows::gradeRow).all();
	}

	/** Notes that a grade's EPCIS event is recorded (idempotent). */
	Mono<Void> markRecorded(UUID gradeId, String eventId) {
		return this.db.sql("""
				INSERT INTO grading_grade_event (grade_id, event_id) VALUES (:g, :e) ON CONFLICT (grade_id) DO NOTHING""")
			.bind("g", gradeId).bind("e", eventId).fetch().rowsUpdated().then();
	}

}
