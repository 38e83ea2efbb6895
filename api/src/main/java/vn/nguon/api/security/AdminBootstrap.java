package vn.nguon.api.security;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.stereotype.Component;

import vn.nguon.traceability.account.AccessTokenRepository;
import vn.nguon.traceability.account.AccountRepository;
import vn.nguon.traceability.organisation.Organisation;
import vn.nguon.traceability.organisation.OrganisationRepository;

/**
 * First start: makes sure the first organisation exists, creates its admin from
 * {@code NGUON_ADMIN_EMAIL} / {@code NGUON_ADMIN_PASSWORD} when no account has that address (an
 * existing account is never changed), and makes {@code NGUON_ADMIN_TOKEN} (when set) the one
 * usable configured admin token; configured tokens with another value are revoked. Runs during
 * startup, after the migrations and before the server accepts requests.
 */
@Component
@DependsOnDatabaseInitialization
class AdminBootstrap implements InitializingBean {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	static final String FIRST_ORG_SLUG = "hop-tac-xa";

	private final AdminProperties admin;

	private final OrganisationRepository organisations;

	private final AccountRepository accounts;

	private final AccessTokenRepository tokens;

	private final Passwords passwords;

	AdminBootstrap(AdminProperties admin, OrganisationRepository organisations, AccountRepository accounts,
			AccessTokenRepository tokens, Passwords passwords) {
		this.admin = admin;
		this.organisations = organisations;
		this.accounts = accounts;
		this.tokens = tokens;
		this.passwords = passwords;
	}

	@Override
	public void afterPropertiesSet() {
		// Startup thread, not an event loop: the service must not serve before its first admin exists.
		bootstrap().block(Duration.ofMinutes(2));
	}

	Mono<Void> bootstrap() {
		return firstOrganisation().flatMap(org -> adminAccount(org).then(adminToken(org))).then();
	}

	private Mono<Organisation> firstOrganisation() {
		return this.organisations.findFirst()
			.switchIfEmpty(Mono.defer(() -> this.organisations.create(FIRST_ORG_SLUG, this.admin.organisation())))
			.onErrorResume(ex -> this.organisations.findFirst());
	}

	private Mono<Void> adminAccount(Organisation org) {
		if (!this.admin.hasAdminAccount()) {
			return Mono.empty();
		}
		return this.passwords.hash(this.admin.password())
			.flatMap(hash -> this.accounts.createAdminIfAbsent(org.id(), this.admin.email(), "Admin", hash))
			.doOnNext(created -> {
				if (created) {
					log.info("Created the first admin {} of {}", this.admin.email(), org.slug());
				}
			})
			.then();
	}

	private Mono<Void> adminToken(Organisation org) {
		String hash = this.admin.hasToken() ? TokenSecrets.sha256Hex(this.admin.token()) : null;
		return this.tokens.syncConfigToken(org.id(), hash);
	}

}
