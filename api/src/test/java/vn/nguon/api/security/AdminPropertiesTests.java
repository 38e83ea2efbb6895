package vn.nguon.api.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The first administrator's settings are checked when the service starts. */
class AdminPropertiesTests {

	static AdminProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("nguon.admin", AdminProperties.class);
	}

	@Test
	void whenAdminTokenShorterThan32CharactersThenStartupRefused() {
		assertThatThrownBy(() -> bind(Map.of("nguon.admin.token", "0123456789abcdef0123456789abcde")))
			.isInstanceOf(BindException.class)
			.rootCause().hasMessageContaining("NGUON_ADMIN_TOKEN must be at least 32 characters");
		assertThat(bind(Map.of("nguon.admin.token", "0123456789abcdef0123456789abcdef")).hasToken()).isTrue();
		assertThat(bind(Map.of()).hasToken()).isFalse();
	}

	@Test
	void whenAdminEmailWithoutPasswordOrShortPasswordThenStartupRefused() {
		assertThatThrownBy(() -> bind(Map.of("nguon.admin.email", "a@b.vn"))).isInstanceOf(BindException.class);
		assertThatThrownBy(() -> bind(Map.of("nguon.admin.email", "a@b.vn", "nguon.admin.password", "short")))
			.isInstanceOf(BindException.class);
		assertThat(bind(Map.of("nguon.admin.email", "a@b.vn", "nguon.admin.password", "long enough pw"))
			.hasAdminAccount()).isTrue();
	}

	@Test
	void secretsNeverAppearInToString() {
		AdminProperties admin = bind(Map.of("nguon.admin.email", "a@b.vn", "nguon.admin.password", "long enough pw",
				"nguon.admin.token", "0123456789abcdef0123456789abcdef"));
		assertThat(admin.toString()).doesNotContain("long enough pw").doesNotContain("0123456789abcdef");
	}

}
