package vn.nguon.traceability.epcis;

import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonPointer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a captured body as JSON the way an EPCIS repository must: a key twice in one object, a
 * NUL character or a lone UTF-16 surrogate (in a key or a string) make the whole document a
 * {@code ValidationException} naming the JSON pointer, so nothing ambiguous or unstorable is ever
 * stored (PostgreSQL text cannot hold NUL; a lone surrogate is not Unicode).
 */
public final class StrictJson {

	private StrictJson() {
	}

	/**
	 * @param json the mapper
	 * @param bytes the body
	 * @return the document
	 * @throws EpcisException {@code epcis-malformed-json}, {@code epcis-duplicate-key},
	 * {@code epcis-forbidden-character}
	 */
	public static JsonNode read(JsonMapper json, byte[] bytes) {
		ObjectReader reader = json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
		JsonNode node;
		try {
			node = reader.readTree(bytes);
		}
		catch (JacksonException ex) {
			String message = String.valueOf(ex.getOriginalMessage());
			if (message.startsWith("Duplicate Object property") || message.startsWith("Duplicate field")) {
				String pointer = ex.processor() instanceof JsonParser parser
						? parser.streamReadContext().pathAsPointer().toString() : "";
				throw EpcisException.validation("epcis-duplicate-key",
						"The same key appears twice in one object at " + pointer + ": " + message, pointer)
					.at(pointer);
			}
			throw EpcisException.validation("epcis-malformed-json", "The body is not valid JSON: " + message, message);
		}
		if (node == null || node.isMissingNode()) {
			throw EpcisException.validation("epcis-malformed-json", "The body is empty.");
		}
		check(node, JsonPointer.empty());
		return node;
	}

	private static void check(JsonNode node, JsonPointer at) {
		if (node.isString()) {
			refuse(node.asString(), at);
		}
		else if (node.isObject()) {
			for (Map.Entry<String, JsonNode> e : node.properties()) {
				JsonPointer child = at.appendProperty(e.getKey());
				refuse(e.getKey(), child);
				check(e.getValue(), child);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				check(node.get(i), at.appendIndex(i));
			}
		}
	}

	private static void refuse(String text, JsonPointer at) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean bad;
			if (c == 0) {
				bad = true;
			}
			else if (Character.isHighSurrogate(c)) {
				bad = i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
				i += bad ? 0 : 1;
			}
			else {
				bad = Character.isLowSurrogate(c);
			}
			if (bad) {
				String pointer = at.toString();
				throw EpcisException.validation("epcis-forbidden-character",
						"A NUL character or a lone surrogate is not allowed (at " + pointer + ", character " + i + ").",
						pointer, i)
					.at(pointer);
			}
		}
	}

}
