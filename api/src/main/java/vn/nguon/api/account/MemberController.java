package vn.nguon.api.account;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.account.AccountViews.MemberChange;
import vn.nguon.api.account.AccountViews.MemberView;
import vn.nguon.api.account.AccountViews.NewMemberRequest;
import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.api.security.Passwords;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.account.AccountRepository;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.NewMember;
import vn.nguon.traceability.account.Role;

/**
 * Members of the caller's organisation, for its admins ({@link vn.nguon.api.security.AccessRules}):
 * create with an initial password, list, read, change role, assign farms, disable, set a new
 * password for a member who forgot theirs. Members of
 * other organisations answer 404.
 */
@RestController
class MemberController {

	private final AccountRepository accounts;

	private final Passwords passwords;

	MemberController(AccountRepository accounts, Passwords passwords) {
		this.accounts = accounts;
		this.passwords = passwords;
	}

	@GetMapping("/api/members")
	Flux<MemberView> list() {
		return Actors.current().flatMapMany(actor -> this.accounts.listMembers(actor.orgId())).map(MemberView::of);
	}

	@GetMapping("/api/members/{userId}")
	Mono<MemberView> read(@PathVariable UUID userId) {
		return Actors.current()
			.flatMap(actor -> this.accounts.findMember(actor.orgId(), userId))
			.switchIfEmpty(notFound(userId))
			.map(MemberView::of);
	}

	@PostMapping("/api/members")
	Mono<ResponseEntity<MemberView>> create(@RequestBody NewMemberRequest body) {
		Role role = Role.of(body.role());
		return Actors.current()
			.flatMap(actor -> this.passwords.hash(body.password())
				.map(hash -> new NewMember(body.email(), body.displayName(), hash, role, body.farmIds()))
				.flatMap(command -> this.accounts.createMember(actor.orgId(), command)))
			.map(member -> ResponseEntity.created(URI.create("/api/members/" + member.userId()))
				.body(MemberView.of(member)));
	}

	@PatchMapping("/api/members/{userId}")
	Mono<MemberView> change(@PathVariable UUID userId, @RequestBody MemberChange body) {
		Role role = body.role() == null ? null : Role.of(body.role());
		// a weak new password is refused before anything changes
		Mono<Optional<String>> newHash = body.password() == null ? Mono.just(Optional.empty())
				: this.passwords.hash(body.password()).map(Optional::of);
		return Actors.current().zipWith(newHash).flatMap(t -> {
			Actor actor = t.getT1();
			Mono<Member> member = this.accounts.findMember(actor.orgId(), userId).switchIfEmpty(notFound(userId));
			if (role != null) {
				member = member.flatMap(m -> this.accounts.changeRole(actor.orgId(), userId, role));
			}
			if (body.farmIds() != null) {
				member = member.flatMap(m -> this.accounts.assignFarms(actor.orgId(), userId, body.farmIds()));
			}
			if (body.disabled() != null) {
				member = member.flatMap(m -> this.accounts.setDisabled(actor.orgId(), userId, body.disabled()));
			}
			if (t.getT2().isPresent()) {
				member = member.flatMap(m -> this.accounts.changePasswordHash(userId, t.getT2().get()).thenReturn(m));
			}
			return member;
		}).map(MemberView::of);
	}

	private static <T> Mono<T> notFound(UUID userId) {
		return Mono.error(() -> TraceabilityException.notFound("member-not-found", "No such member.", userId));
	}


}
