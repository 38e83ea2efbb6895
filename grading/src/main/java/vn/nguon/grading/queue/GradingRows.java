package vn.nguon.grading.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** How grading's rows are read: the columns of a grade and the conversions every part of the store shares. */
final class GradingRows {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String GRADE_COLUMNS = """
			SELECT g.id, g.org_id, g.batch_id, g.grade, g.needs_review, g.reasons, g.sample_size, g.defective_share,
			    g.policy_version, g.model_version, g.photo_ids, g.photo_sha256, g.overrides, g.reviewed_by,
			    g.created_at, e.event_id, g.certainty,
			    (SELECT r.reviewer FROM grading_review r WHERE r.grade_id = g.id AND r.action = 'confirm'
			     ORDER BY r.created_at DESC, r.id LIMIT 1) AS confirmed_by
			FROM grading_batch_grade g LEFT JOIN grading_grade_event e ON e.grade_id = g.id\s""";

	private GradingRows() {
	}

	static StoredGrade gradeRow(Readable r) {
		return new StoredGrade(r.get("id", UUID.class), r.get("org_id", UUID.class), r.get("batch_id", UUID.class),
				r.get("grade", String.class), Boolean.TRUE.equals(r.get("needs_review", Boolean.class)),
				list(r.get("reasons", String[].class)), r.get("sample_size", Integer.class),
				r.get("defective_share", Double.class), r.get("policy_version", String.class),
				r.get("model_version", String.class), list(r.get("photo_ids", UUID[].class)),
				list(r.get("photo_sha256", String[].class)), r.get("overrides", UUID.class),
				r.get("reviewed_by", String.class), instant(r, "created_at"), r.get("event_id", String.class),
				r.get("certainty", Double.class), r.get("confirmed_by", String.class));
	}

	static <T> List<T> list(T[] a) {
		return a == null ? List.of() : new ArrayList<>(Arrays.asList(a));
	}

	static Instant instant(Readable r, String column) {
		java.time.OffsetDateTime t = r.get(column, java.time.OffsetDateTime.class);
		return t == null ? null : t.toInstant();
	}

	static byte[] bytes(Readable r, String column) {
		java.nio.ByteBuffer b = r.get(column, java.nio.ByteBuffer.class);
		if (b == null) {
			return new byte[0];
		}
		byte[] out = new byte[b.remaining()];
		b.get(out);
		return out;
	}

	static Map<String, Double> probabilities(String json) {
		return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Double>>() {
		});
	}

}
