package vn.nguon.api.subscription;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.security.Actor;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.csrf;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockAuthentication;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/** Fresh organisations, clients acting as their administrators, and EPCIS events for lots. */
final class SubscriptionTestSupport {

	private static final Random RANDOM = new Random();

	private SubscriptionTestSupport() {
	}

	static OrgId organisation(OrganisationRepository organisations) {
		String slug = "subs-" + UUID.randomUUID().toString().substring(0, 12);
		return organisations.create(slug, "Thử nghiệm " + slug).block().id();
	}

	static WebTestClient adminOf(ApplicationContext context, OrgId org) {
		Actor actor = new Actor(null, org, "admin", Set.of("read", "write", "epcis", "admin"), Set.of());
		var auth = UsernamePasswordAuthenticationToken.authenticated(actor, null,
				List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("SCOPE_epcis")));
		return WebTestClient.bindToApplicationContext(context)
			.apply(springSecurity())
			.configureClient()
			.responseTimeout(java.time.Duration.ofSeconds(60))
			.build()
			.mutateWith(mockAuthentication(auth))
			.mutateWith(csrf());
	}

	/** @return a random lot URI {@code https://id.gs1.org/01/{gtin}/10/{lot}} */
	static String lot() {
		String gtin = Gtin.withCheckDigit("0893" + String.format("%09d", RANDOM.nextInt(1_000_000_000))).value();
		return "https://id.gs1.org/01/" + gtin + "/10/L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
	}

	/** @return the canonical key 01/{gtin}/10/{lot} of a lot URI */
	static String key(String lotUri) {
		return lotUri.substring(lotUri.indexOf("/01/") + 1);
	}

	static ObjectNode objectEvent(JsonMapper json, String lot, String bizStep, String disposition, int n) {
		ObjectNode e = json.createObjectNode();
		e.put("type", "ObjectEvent");
		e.put("eventTime", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME
			.format(OffsetDateTime.of(2026, 6, 1, 0, 0, 0, 0, ZoneOffset.ofHours(7)).plusSeconds(n)));
		e.put("eventTimeZoneOffset", "+07:00");
		e.put("action", "OBSERVE");
		e.put("bizStep", bizStep);
		if (disposition != null) {
			e.put("disposition", disposition);
		}
		e.putArray("quantityList").addObject().put("epcClass", lot).put("quantity", 10 + n % 7).put("uom", "KGM");
		return e;
	}

	static ObjectNode transformation(JsonMapper json, String input, String output, int n) {
		ObjectNode e = json.createObjectNode();
		e.put("type", "TransformationEvent");
		e.put("eventTime", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME
			.format(OffsetDateTime.of(2026, 6, 2, 0, 0, 0, 0, ZoneOffset.ofHours(7)).plusSeconds(n)));
		e.put("eventTimeZoneOffset", "+07:00");
		e.put("bizStep", "commissioning");
		e.putArray("inputQuantityList").addObject().put("epcClass", input).put("quantity", 10).put("uom", "KGM");
		e.putArray("outputQuantityList").addObject().put("epcClass", output).put("quantity", 9).put("uom", "KGM");
		return e;
	}

	static ObjectNode document(JsonMapper json, List<ObjectNode> events) {
		ObjectNode doc = json.createObjectNode();
		doc.putArray("@context").add("https://ref.gs1.org/standards/epcis/epcis-context.jsonld");
		doc.put("type", "EPCISDocument");
		doc.put("schemaVersion", "2.0");
		doc.put("creationDate", "2026-06-01T08:00:00+07:00");
		ArrayNode list = doc.putObject("epcisBody").putArray("eventList");
		events.forEach(list::add);
		return doc;
	}

}
