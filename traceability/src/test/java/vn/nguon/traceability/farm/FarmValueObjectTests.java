package vn.nguon.traceability.farm;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import vn.nguon.traceability.TraceabilityException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FarmValueObjectTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static GeoLocation geo(String json) {
		return GeoLocation.ofNullable(JSON.readTree(json));
	}

	static void assertCode(Runnable r, String code) {
		assertThatThrownBy(r::run).isInstanceOf(TraceabilityException.class)
			.extracting(e -> ((TraceabilityException) e).code())
			.isEqualTo(code);
	}

	@Test
	void whenPointIsOutsideWgs84RangesThenRejected() {
		assertCode(() -> geo("{\"type\":\"Point\",\"coordinates\":[181,14]}"), "invalid-location");
		assertCode(() -> geo("{\"type\":\"Point\",\"coordinates\":[109,-91]}"), "invalid-location");
		assertCode(() -> geo("{\"type\":\"Point\",\"coordinates\":[\"109\",14]}"), "invalid-location");
		assertCode(() -> geo("{\"type\":\"Point\",\"coordinates\":[109]}"), "invalid-location");
	}

	@Test
	void whenGeometryIsNotPointOrPolygonThenRejected() {
		assertCode(() -> geo("{\"type\":\"LineString\",\"coordinates\":[[109,14],[109.1,14.1]]}"), "invalid-location");
		assertCode(() -> geo("{\"coordinates\":[109,14]}"), "invalid-location");
		assertCode(() -> geo("[109,14]"), "invalid-location");
	}

	@Test
	void whenPolygonRingIsOpenOrShortThenRejected() {
		assertCode(() -> geo("{\"type\":\"Polygon\",\"coordinates\":[[[109,14],[109.1,14],[109.1,14.1],[109,14.2]]]}"),
				"invalid-location");
		assertCode(() -> geo("{\"type\":\"Polygon\",\"coordinates\":[[[109,14],[109.1,14],[109,14]]]}"), "invalid-location");
		assertCode(() -> geo("{\"type\":\"Polygon\",\"coordinates\":[]}"), "invalid-location");
	}

	@Test
	void whenGeometryIsValidThenNormalisedToTypeAndCoordinates() {
		GeoLocation p = geo("{\"type\":\"Point\",\"coordinates\":[109.05,14.02],\"extra\":1}");
		assertThat(p.type()).isEqualTo("Point");
		assertThat(p.geoJson().has("extra")).isFalse();
		GeoLocation poly = geo("{\"type\":\"Polygon\",\"coordinates\":[[[109,14],[109.1,14],[109.1,14.1],[109,14]]]}");
		assertThat(poly.geoJson().get("coordinates").get(0).size()).isEqualTo(4);
		assertThat(GeoLocation.ofNullable(null)).isNull();
	}

	@Test
	void whenGlnCheckDigitIsWrongThenRejected() {
		assertCode(() -> new Gln("8934567000011"), "invalid-gln");
		assertCode(() -> new Gln("893456700001"), "invalid-gln");
		String body = "893456700001";
		Gln gln = new Gln(body + vn.nguon.traceability.gs1.Gtin.checkDigit(body));
		assertThat(gln.uri()).isEqualTo("https://id.gs1.org/414/" + gln.value());
	}

	@Test
	void whenFarmNameIsBlankOrTooLongThenRejected() {
		assertCode(() -> new FarmDraft(" ", null, null, null, null, null), "invalid-farm-name");
		assertCode(() -> new FarmDraft("x".repeat(201), null, null, null, null, null), "invalid-farm-name");
		assertThat(new FarmDraft(" Vườn ông Tư ", null, " ", null, "Bình Định", null).commune()).isNull();
	}

}
