package vn.nguon.api.epcis;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.LinkedMultiValueMap;

import vn.nguon.traceability.epcis.EpcisException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every parameter of GS1's EPCIS 2.0 query schema ({@code ../shared/standards/epcis/schema/query-schema.json}),
 * fixed names and each name pattern with a sample field, is understood by {@link QueryParameters}: none is
 * refused as unknown or malformed when given a value of the type the schema says.
 */
class QuerySchemaParametersTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void everyParameterOfTheQuerySchemaIsUnderstood() throws Exception {
		JsonNode schema = JSON.readTree(Files.readAllBytes(EpcisTestSupport.shared().resolve("schema/query-schema.json")));
		JsonNode query = schema.path("definitions").path("EPCIS-Query");
		List<String> refused = new ArrayList<>();
		int tried = 0;
		for (Map.Entry<String, JsonNode> p : query.path("properties").properties()) {
			if (!p.getKey().startsWith("@")) {
				tried++;
				check(p.getKey(), p.getValue(), refused);
			}
		}
		for (Map.Entry<String, JsonNode> p : query.path("patternProperties").properties()) {
			tried++;
			check(sampleName(p.getKey()), p.getValue(), refused);
		}
		assertThat(tried).as("parameters in the schema").isGreaterThan(150);
		assertThat(refused).as("parameters of the EPCIS 2.0 query schema refused").isEmpty();
	}

	private static void check(String name, JsonNode type, List<String> refused) {
		LinkedMultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		params.add(name, sampleValue(name, type));
		if (name.equals("eventCountLimit")) {
			params.add("orderBy", "eventTime");
		}
		try {
			QueryParameters.parse(params, 100);
		}
		catch (EpcisException ex) {
			refused.add(name + "=" + params.getFirst(name) + ": " + ex.getMessage());
		}
	}

	/** A name matching a pattern of the schema: a sample field in place of each variable part. */
	static String sampleName(String pattern) {
		// the schema's JSON escapes its backslashes twice: \\\\: in the file, \\: once read
		return pattern.replace("\\\\", "\\").replace("^", "").replace("$", "")
			.replace("[a-z][a-zA-Z0-9]*\\:\\w+", "ex:field")
			.replace("[a-z][a-zA-Z0-9_]+", "owning_party")
			.replace("[A-Z0-9]{2,4}", "CEL")
			.replace("\\w+_\\w+", "bizLocation_sst");
	}

	/** A value of the type the schema gives the parameter. */
	static String sampleValue(String name, JsonNode type) {
		String ref = type.path("$ref").asString("") + type.path("items").path("$ref").asString("");
		String t = type.path("type").asString("") + " " + type.path("items").path("type").asString("");
		if (name.startsWith("EXISTS_")) {
			return "";
		}
		if (ref.endsWith("/time") || ref.endsWith("date-string-or-number") && !ref.contains("string-array")) {
			return name.contains("quantity") || name.contains("Value") || name.contains("sDev") ? "5" : "2026-01-01T00:00:00Z";
		}
		if (ref.endsWith("/decimal") || t.contains("number") || t.startsWith("integer")) {
			return name.equals("orderDirection") ? "ASC" : "5";
		}
		if (t.startsWith("boolean")) {
			return "true";
		}
		return switch (ref.replaceAll(".*/", "")) {
			case "eventType" -> "ObjectEvent";
			case "action" -> "ADD";
			case "bizStep" -> "shipping";
			case "disposition" -> "in_transit";
			case "error-reason" -> "incorrect_data";
			case "measurementType" -> "Temperature";
			case "eventID" -> "urn:uuid:6d3c4d2e-7a0f-4b52-9a53-3d8f7a1e2b10";
			case "id" -> "urn:epc:id:sgtin:0614141.107346.2017";
			case "uri" -> name.contains("EPCClass") || name.contains("epcClass")
					? "urn:epc:class:lgtin:4012345.012345.998877" : "urn:epc:id:sgln:0614141.00777.0";
			default -> name.equals("orderBy") ? "eventTime" : name.equals("orderDirection") ? "ASC"
					: name.contains("hexBinary") ? "0A1B" : "x";
		};
	}

}
