package vn.nguon.traceability.epcis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import tools.jackson.databind.JsonNode;

/**
 * The official EPCIS 2.0 JSON schema (GS1's {@code EPCIS-JSON-Schema.json}, draft-07), checked
 * with networknt's json-schema-validator before any semantic rule: a document it refuses is a
 * {@code ValidationException} naming the JSON pointer of the first offending value. GS1 grants no
 * licence to redistribute the schema file, so the service does not ship it: it reads the file
 * the operator points it at (or the copy of the standard next to the repository).
 */
public final class EpcisSchema {

	private static final int MAX_REPORTED = 5;

	private final Schema schema;

	private final String source;

	private EpcisSchema(Schema schema, String source) {
		this.schema = schema;
		this.source = source;
	}

	/** @return a validator that checks nothing (no schema file available) */
	public static EpcisSchema none() {
		return new EpcisSchema(null, null);
	}

	/**
	 * @param file the schema file
	 * @return its validator, formats ({@code uri}, {@code date-time}) asserted
	 * @throws IOException when the file cannot be read
	 */
	public static EpcisSchema load(Path file) throws IOException {
		SchemaRegistryConfig config = SchemaRegistryConfig.builder()
			.formatAssertionsEnabled(true)
			.pathType(PathType.JSON_POINTER)
			.build();
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
				b -> b.schemaRegistryConfig(config));
		try (InputStream in = Files.newInputStream(file)) {
			return new EpcisSchema(registry.getSchema(in), file.toString());
		}
	}

	/** @return whether a schema is checked */
	public boolean active() {
		return this.schema != null;
	}

	/** @return where the schema was read from, or {@code null} */
	public String source() {
		return this.source;
	}

	/**
	 * One place where the schema refuses the input.
	 *
	 * @param pointer JSON pointer of the offending value ({@code ""}: the document itself)
	 * @param message what the schema says
	 */
	public record Problem(String pointer, String message) {

		/** @return the index of the event in {@code /epcisBody/eventList} it lies in, or -1 */
		public int eventIndex() {
			String prefix = "/epcisBody/eventList/";
			if (!this.pointer.startsWith(prefix)) {
				return -1;
			}
			String rest = this.pointer.substring(prefix.length());
			int slash = rest.indexOf('/');
			String digits = slash < 0 ? rest : rest.substring(0, slash);
			return digits.matches("[0-9]{1,9}") ? Integer.parseInt(digits) : -1;
		}

	}

	/** @return where and why the schema refuses the node (empty: it follows the schema, or no schema) */
	public List<Problem> problems(JsonNode node) {
		if (this.schema == null) {
			return List.of();
		}
		return this.schema.validate(node).stream()
			.map(e -> new Problem(e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString(), e.getMessage()))
			.toList();
	}

	/**
	 * @param node a captured document or event
	 * @throws EpcisException (ValidationException, {@code epcis-schema}) when the schema refuses it
	 */
	public void check(JsonNode node) {
		List<Problem> problems = problems(node);
		if (!problems.isEmpty()) {
			throw refusal(problems);
		}
	}

	/** @return the ValidationException naming the first problem's pointer and up to five messages */
	public static EpcisException refusal(List<Problem> problems) {
		String pointer = problems.get(0).pointer();
		StringBuilder all = new StringBuilder();
		for (int i = 0; i < Math.min(MAX_REPORTED, problems.size()); i++) {
			if (i > 0) {
				all.append("; ");
			}
			all.append(problems.get(i).pointer()).append(": ").append(problems.get(i).message());
		}
		if (problems.size() > MAX_REPORTED) {
			all.append("; and ").append(problems.size() - MAX_REPORTED).append(" more");
		}
		return EpcisException.validation("epcis-schema",
				"The document does not follow the EPCIS 2.0 JSON schema at '" + pointer + "': " + all, pointer,
				all.toString())
			.at(pointer);
	}

}
