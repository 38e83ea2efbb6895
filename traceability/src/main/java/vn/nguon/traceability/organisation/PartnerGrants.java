package vn.nguon.traceability.organisation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.TraceabilityException;

/**
 * Explicit consent between organisations: a grantor lets a grantee read the grantor's events
 * about the lots the grantee recorded receiving, as deep as the grantor's sharing policy goes,
 * even when the grantor's shipping events did not name the grantee. The grantor revokes it at
 * any time; a grantee cannot grant itself anything.
 */
@Repository
public class PartnerGrants {

	private static final String SELECT = """
			SELECT g.grantor, g.grantee, g.created_at, o.name AS grantee_name, a.name AS grantor_name,
			       (SELECT min(p.gln) FROM organisation_party p WHERE p.org_id = g.grantee) AS grantee_gln
			FROM partner_grant g JOIN organisation o ON o.id = g.grantee JOIN organisation a ON a.id = g.grantor
			""";

	private final DatabaseClient db;

	public PartnerGrants(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * One grant.
	 *
	 * @param grantor who shares
	 * @param grantorName its name
	 * @param grantee who may read
	 * @param granteeName its name
	 * @param granteeGln one of the grantee's party GLNs, or {@code null}
	 * @param createdAt when granted
	 */
	public record Grant(OrgId grantor, String grantorName, OrgId grantee, String granteeName, String granteeGln,
			Instant createdAt) {
	}

	/**
	 * Grants (again: no change) access to a partner named by organisation id or party GLN.
	 * @return the grant
	 * @throws TraceabilityException {@code partner-not-found} (not found), {@code partner-self} (invalid)
	 */
	public Mono<Grant> grant(OrgId grantor, UUID granteeId, String granteeGln) {
		return grantee(granteeId, granteeGln).flatMap(grantee -> {
			if (grantee.equals(grantor)) {
				return Mono.error(TraceabilityException.invalid("partner-self", "An organisation always reads its own events."));
			}
			return this.db.sql("INSERT INTO partner_grant (grantor, grantee) VALUES (:a, :b) ON CONFLICT DO NOTHING")
				.bind("a", grantor.value())
				.bind("b", grantee.value())
				.then()
				.then(Mono.defer(() -> find(grantor, grantee)));
		});
	}

	/** @return whether a grant was there to revoke */
	public Mono<Boolean> revoke(OrgId grantor, OrgId grantee) {
		return this.db.sql("DELETE FROM partner_grant WHERE grantor = :a AND grantee = :b")
			.bind("a", grantor.value())
			.bind("b", grantee.value())
			.fetch()
			.rowsUpdated()
			.map(n -> n > 0);
	}

	/** @return the grants the organisation gave, by partner name */
	public Flux<Grant> givenBy(OrgId grantor) {
		return this.db.sql(SELECT + " WHERE g.grantor = :a ORDER BY o.name, g.grantee")
			.bind("a", grantor.value())
			.map(PartnerGrants::map)
			.all();
	}

	/** @return the grants the organisation received, by grantor name */
	public Flux<Grant> receivedBy(OrgId grantee) {
		return this.db.sql(SELECT + " WHERE g.grantee = :b ORDER BY a.name, g.grantor")
			.bind("b", grantee.value())
			.map(PartnerGrants::map)
			.all();
	}

	private Mono<Grant> find(OrgId grantor, OrgId grantee) {
		return this.db.sql(SELECT + " WHERE g.grantor = :a AND g.grantee = :b")
			.bind("a", grantor.value())
			.bind("b", grantee.value())
			.map(PartnerGrants::map)
			.one();
	}

	private Mono<OrgId> grantee(UUID id, String gln) {
		Mono<UUID> found;
		if (id != null) {
			found = this.db.sql("SELECT id FROM organisation WHERE id = :id").bind("id", id).map(r -> r.get("id", UUID.class)).one();
		}
		else if (gln != null && !gln.isBlank()) {
			found = this.db.sql("SELECT org_id FROM organisation_party WHERE gln = :gln")
				.bind("gln", gln.strip())
				.map(r -> r.get("org_id", UUID.class))
				.one();
		}
		else {
			return Mono.error(TraceabilityException.invalid("partner-missing",
					"Name the partner by organisationId or by gln."));
		}
		return found.map(OrgId::of)
			.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("partner-not-found",
					"No organisation with that id or GLN.", id != null ? id.toString() : gln)));
	}

	private static Grant map(Readable row) {
		OffsetDateTime created = row.get("created_at", OffsetDateTime.class);
		String gln = row.get("grantee_gln", String.class);
		return new Grant(OrgId.of(row.get("grantor", UUID.class)), row.get("grantor_name", String.class),
				OrgId.of(row.get("grantee", UUID.class)), row.get("grantee_name", String.class),
				gln == null ? null : gln.strip(), created == null ? null : created.toInstant());
	}

}
