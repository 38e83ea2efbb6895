package vn.nguon.traceability.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.farm.Gln;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.Organisation;
import vn.nguon.traceability.organisation.OrganisationRepository;

/**
 * Brings a new organisation onto the platform: the organisation, its party GLN and its first
 * administrator, all in one transaction (a taken e-mail address or GLN leaves nothing behind).
 * Who may do it (the platform operator) is the caller's business.
 */
@Service
public class Onboarding {

	private final OrganisationRepository organisations;

	private final AccountRepository accounts;

	private final TransactionalOperator tx;

	public Onboarding(OrganisationRepository organisations, AccountRepository accounts,
			ReactiveTransactionManager transactions) {
		this.organisations = organisations;
		this.accounts = accounts;
		this.tx = TransactionalOperator.create(transactions);
	}

	/**
	 * @param name display name, 1 to 200 characters
	 * @param gln the party GLN it is known by (13 digits, GS1 check digit)
	 * @param adminEmail the first administrator's e-mail address
	 * @param adminPasswordHash the encoded hash of their initial password
	 * @return the stored organisation, with its GLN
	 * @throws TraceabilityException {@code invalid-organisation-name}, {@code invalid-gln} (invalid),
	 * {@code gln-taken} or {@code email-taken} (conflict)
	 */
	public Mono<Organisation> register(String name, String gln, String adminEmail, String adminPasswordHash) {
		return Mono.defer(() -> {
			String displayName = validName(name);
			String party = validGln(gln);
			NewMember admin = new NewMember(adminEmail, "Admin " + displayName, adminPasswordHash, Role.ADMIN, Set.of());
			Mono<Organisation> work = freeSlug(slugOf(displayName))
				.flatMap(slug -> this.organisations.create(slug, displayName))
				.onErrorMap(DuplicateKeyException.class, ex -> TraceabilityException.conflict("organisation-busy",
						"Another organisation was created with the same name at the same moment; try again."))
				.flatMap(org -> this.organisations.addParty(org.id(), party)
					.then(this.accounts.createMember(org.id(), admin))
					.then(Mono.defer(() -> this.organisations.findById(org.id()))));
			return this.tx.transactional(work);
		});
	}

	/**
	 * Disables or enables an organisation: its sessions and tokens stop (or start again) working
	 * on their next request.
	 * @param operator the platform operator's organisation, which cannot be disabled
	 * @param target the organisation to change
	 * @return the changed organisation, or empty when unknown
	 * @throws TraceabilityException {@code operator-organisation} (conflict) for the operator's own
	 */
	public Mono<Organisation> setDisabled(OrgId operator, OrgId target, boolean disabled) {
		if (operator.equals(target) && disabled) {
			return Mono.error(TraceabilityException.conflict("operator-organisation",
					"The platform operator's own organisation cannot be disabled."));
		}
		return this.organisations.setDisabled(target, disabled);
	}

	/**
	 * Adds a party GLN to an organisation.
	 * @return the organisation with its GLNs, or empty when unknown
	 * @throws TraceabilityException {@code invalid-gln}, {@code gln-taken}
	 */
	public Mono<Organisation> addParty(OrgId target, String gln) {
		return Mono.defer(() -> {
			String party = validGln(gln);
			return this.organisations.findById(target)
				.flatMap(org -> this.organisations.addParty(target, party).then(this.organisations.findById(target)));
		});
	}

	/** @return the 13 digits of a GLN as typed (spaces around it ignored) */
	static String validGln(String gln) {
		Gln valid = Gln.ofNullable(gln);
		if (valid == null) {
			throw TraceabilityException.invalid("invalid-gln", "A GLN has 13 digits and a valid check digit: ''", "");
		}
		return valid.value();
	}

	static String validName(String name) {
		String n = name == null ? "" : name.strip();
		if (n.isEmpty() || n.length() > 200) {
			throw TraceabilityException.invalid("invalid-organisation-name", "An organisation's name has 1 to 200 characters.");
		}
		return n;
	}

	/** @return a URL slug of the name: Vietnamese letters without marks, {@code đ} as {@code d}, dashes */
	static String slugOf(String name) {
		String ascii = Normalizer.normalize(name.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFD)
			.replaceAll("\\p{M}+", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-+|-+$", "");
		if (ascii.length() > 50) {
			ascii = ascii.substring(0, 50).replaceAll("-+$", "");
		}
		return ascii.length() < 2 ? "org-" + UUID.randomUUID().toString().substring(0, 8) : ascii;
	}

	private Mono<String> freeSlug(String base) {
		return this.organisations.findBySlug(base)
			.map(taken -> base + "-" + UUID.randomUUID().toString().substring(0, 6))
			.defaultIfEmpty(base);
	}

}
