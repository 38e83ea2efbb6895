package vn.nguon.traceability.farm;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import vn.nguon.traceability.TraceabilityException;

/**
 * Where a farm or plot lies: a GeoJSON (RFC 7946) {@code Point} or {@code Polygon} in WGS84
 * longitude/latitude degrees. Positions are {@code [longitude, latitude]} within [-180, 180] and
 * [-90, 90]; polygon rings are closed and have at least four positions.
 *
 * @param geoJson the normalised geometry ({@code type} and {@code coordinates} only)
 */
public record GeoLocation(ObjectNode geoJson) {

	public GeoLocation {
		if (geoJson == null) {
			throw invalid("a GeoJSON geometry is required");
		}
		geoJson = normalise(geoJson);
	}

	/**
	 * @param node a GeoJSON geometry, or {@code null}
	 * @return the location, or {@code null} when the node is absent or JSON null
	 */
	public static GeoLocation ofNullable(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (!node.isObject()) {
			throw invalid("the location must be a GeoJSON object");
		}
		return new GeoLocation((ObjectNode) node);
	}

	/** @return a point at the given WGS84 coordinates */
	public static GeoLocation point(double longitude, double latitude) {
		ObjectNode n = JsonNodeFactory.instance.objectNode();
		n.put("type", "Point");
		n.putArray("coordinates").add(longitude).add(latitude);
		return new GeoLocation(n);
	}

	/** @return {@code Point} or {@code Polygon} */
	public String type() {
		return this.geoJson.get("type").asString();
	}

	private static ObjectNode normalise(ObjectNode in) {
		JsonNode type = in.get("type");
		JsonNode coords = in.get("coordinates");
		if (type == null || !type.isString()) {
			throw invalid("a GeoJSON geometry needs a type (Point or Polygon)");
		}
		if (coords == null || !coords.isArray()) {
			throw invalid("a GeoJSON geometry needs coordinates");
		}
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		switch (type.asString()) {
			case "Point" -> {
				out.put("type", "Point");
				out.set("coordinates", position(coords));
			}
			case "Polygon" -> {
				out.put("type", "Polygon");
				if (coords.isEmpty()) {
					throw invalid("a polygon needs at least one ring");
				}
				ArrayNode rings = out.putArray("coordinates");
				for (JsonNode ring : coords) {
					rings.add(ring(ring));
				}
			}
			default -> throw invalid("only Point and Polygon geometries are supported, not " + type.asString());
		}
		return out;
	}

	private static ArrayNode ring(JsonNode ring) {
		if (!ring.isArray() || ring.size() < 4) {
			throw invalid("a polygon ring needs at least 4 positions");
		}
		ArrayNode out = JsonNodeFactory.instance.arrayNode();
		for (JsonNode p : ring) {
			out.add(position(p));
		}
		if (!out.get(0).equals(out.get(out.size() - 1))) {
			throw invalid("a polygon ring must be closed (first and last positions equal)");
		}
		return out;
	}

	private static ArrayNode position(JsonNode p) {
		if (!p.isArray() || p.size() < 2 || p.size() > 3 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
			throw invalid("a position is [longitude, latitude]");
		}
		double lon = p.get(0).asDouble();
		double lat = p.get(1).asDouble();
		if (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90)) {
			throw invalid("WGS84 longitude must lie in [-180, 180] and latitude in [-90, 90]: [" + lon + ", " + lat + "]");
		}
		return JsonNodeFactory.instance.arrayNode().add(lon).add(lat);
	}

	private static TraceabilityException invalid(String detail) {
		return TraceabilityException.invalid("invalid-location", "Invalid farm location: " + detail, detail);
	}

}
