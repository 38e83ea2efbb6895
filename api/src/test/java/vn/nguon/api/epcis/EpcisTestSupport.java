package vn.nguon.api.epcis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.security.Actor;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.mockAuthentication;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

/**
 * Helpers for the EPCIS tests: a client signed in as the admin of a fresh organisation (so each
 * test owns its events and can count them), the official EPCIS 2.0 examples and JSON schema from
 * {@code ../shared}, and row counts of the store's tables.
 */
final class EpcisTestSupport {

	private EpcisTestSupport() {
	}

	static OrgId freshOrganisation(OrganisationRepository organisations) {
		String slug = "epcis-" + UUID.randomUUID().toString().substring(0, 12);
		return organisations.create(slug, "Thử nghiệm " + slug).block().id();
	}

	/** A client bound to the application whose caller is an admin of {@code org}. */
	static WebTestClient clientFor(ApplicationContext context, OrgId org) {
		Actor actor = new Actor(null, org, "admin", Set.of("read", "write", "epcis"), Set.of());
		var auth = UsernamePasswordAuthenticationToken.authenticated(actor, null,
				List.of(new SimpleGrantedAuthority("ROLE_ADMIN"), new SimpleGrantedAuthority("SCOPE_epcis")));
		return WebTestClient.bindToApplicationContext(context)
			.apply(springSecurity())
			.configureClient()
			.responseTimeout(java.time.Duration.ofSeconds(60))
			.build()
			.mutateWith(mockAuthentication(auth));
	}

	static Path shared() {
		String root = System.getProperty("nguon.repo.root", ".");
		Path shared = Path.of(root, "..", "shared", "standards", "epcis").normalize();
		Assumptions.assumeTrue(Files.isDirectory(shared.resolve("examples")) && Files.isRegularFile(schemaPath(shared)),
				"../shared absent: EPCIS conformance tests skipped (expected " + shared + "/examples and schema)");
		return shared;
	}

	private static Path schemaPath(Path shared) {
		return shared.resolve("schema").resolve("EPCIS-JSON-Schema.json");
	}

	static Schema schema(JsonMapper json) throws Exception {
		JsonNode node = json.readTree(Files.readAllBytes(schemaPath(shared())));
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(node);
	}

	static List<String> validate(Schema schema, JsonNode doc) {
		return schema.validate(doc).stream().map(Error::toString).toList();
	}

	/** Every official example that is an EPCISDocument, recursively. */
	static List<Path> officialExamples(JsonMapper json) throws Exception {
		try (Stream<Path> files = Files.walk(shared().resolve("examples"))) {
			return files.filter(p -> p.toString().endsWith(".jsonld"))
				.filter(p -> "EPCISDocument".equals(json.readTree(p.toFile()).path("type").asString("")))
				.sorted()
				.toList();
		}
	}

	static long count(DatabaseClient db, String sql, OrgId org) {
		return db.sql(sql).bind(0, org.value()).map((row, m) -> row.get(0, Long.class)).one().block();
	}

	/** Rows of the store that belong to an organisation, plus all genealogy edges. */
	static long[] rowCounts(DatabaseClient db, OrgId org) {
		return new long[] { count(db, "SELECT count(*) FROM epcis_event WHERE org_id = $1", org),
				count(db, "SELECT count(*) FROM epcis_event_epc WHERE org_id = $1", org),
				count(db, "SELECT count(*) FROM epcis_capture WHERE org_id = $1", org),
				count(db, "SELECT count(*) + 0 * length($1::text) FROM lot_edge", org) };
	}

}
