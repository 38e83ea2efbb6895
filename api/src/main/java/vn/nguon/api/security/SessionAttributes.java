package vn.nguon.api.security;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Session attributes to and from JSON with a type tag per value ({@code {"nguon.user": {"uuid":
 * "…"}}}). Only simple known types are kept (text, UUID, boolean, int, long, instant); any other
 * value is left out with a warning instead of failing the request, and nothing is ever
 * deserialised into arbitrary classes.
 */
final class SessionAttributes {

	private static final Logger log = LoggerFactory.getLogger(SessionAttributes.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SessionAttributes() {
	}

	/** @return the attributes as JSON, keys sorted (so equal maps give equal text) */
	static String encode(Map<String, Object> attributes) {
		ObjectNode root = JSON.createObjectNode();
		for (Map.Entry<String, Object> e : new TreeMap<>(attributes).entrySet()) {
			Object v = e.getValue();
			ObjectNode tagged = JSON.createObjectNode();
			if (v instanceof String s) {
				tagged.put("string", s);
			}
			else if (v instanceof UUID u) {
				tagged.put("uuid", u.toString());
			}
			else if (v instanceof Boolean b) {
				tagged.put("boolean", b);
			}
			else if (v instanceof Integer i) {
				tagged.put("int", i);
			}
			else if (v instanceof Long l) {
				tagged.put("long", l);
			}
			else if (v instanceof Instant t) {
				tagged.put("instant", t.toString());
			}
			else {
				log.warn("Session attribute {} of type {} is not stored (only simple types are)", e.getKey(),
						v == null ? "null" : v.getClass().getName());
				continue;
			}
			root.set(e.getKey(), tagged);
		}
		return JSON.writeValueAsString(root);
	}

	/** @return the attributes of the JSON; unknown tags or malformed values are left out */
	static Map<String, Object> decode(String json) {
		Map<String, Object> attributes = new LinkedHashMap<>();
		JsonNode root;
		try {
			root = JSON.readTree(json == null ? "{}" : json);
		}
		catch (RuntimeException ex) {
			log.warn("Unreadable session attributes: {}", ex.getMessage());
			return attributes;
		}
		for (Map.Entry<String, JsonNode> e : root.properties()) {
			try {
				Object value = value(e.getValue());
				if (value != null) {
					attributes.put(e.getKey(), value);
				}
				else {
					log.warn("Session attribute {} has an unknown type and is ignored", e.getKey());
				}
			}
			catch (RuntimeException ex) {
				log.warn("Session attribute {} is malformed and ignored: {}", e.getKey(), ex.getMessage());
			}
		}
		return attributes;
	}

	private static Object value(JsonNode tagged) {
		if (tagged == null || !tagged.isObject() || tagged.size() != 1) {
			return null;
		}
		Map.Entry<String, JsonNode> only = tagged.properties().iterator().next();
		JsonNode v = only.getValue();
		return switch (only.getKey()) {
			case "string" -> v.isString() ? v.asString() : null;
			case "uuid" -> UUID.fromString(v.asString());
			case "boolean" -> v.isBoolean() ? v.asBoolean() : null;
			case "int" -> v.isInt() ? v.asInt() : null;
			case "long" -> v.isIntegralNumber() ? v.asLong() : null;
			case "instant" -> Instant.parse(v.asString());
			default -> null;
		};
	}

}
