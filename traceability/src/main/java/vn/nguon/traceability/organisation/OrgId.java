package vn.nguon.traceability.organisation;

import java.util.Objects;
import java.util.UUID;

/** Identity of an organisation; every query of the service is scoped by one. */
public record OrgId(UUID value) {

	public OrgId {
		Objects.requireNonNull(value, "organisation id");
	}

	public static OrgId of(UUID value) {
		return new OrgId(value);
	}

	public static OrgId random() {
		return new OrgId(UUID.randomUUID());
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
