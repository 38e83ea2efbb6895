package vn.nguon.traceability.epcis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentifiersTests {

	@Test
	void whenLotWrittenAsDigitalLinkOnAnyHostOrAsUrnThenSameKey() {
		assertThat(Identifiers.canonical("https://id.gs1.org/01/08938504000108/10/XOAI-1"))
			.isEqualTo("01/08938504000108/10/XOAI-1");
		assertThat(Identifiers.canonical("https://nguon.example.vn/some/prefix/01/8938504000108/10/XOAI-1?linkType=all"))
			.isEqualTo("01/08938504000108/10/XOAI-1");
		assertThat(Identifiers.canonical("urn:epc:class:lgtin:8938504.000010.XOAI-1")).isEqualTo("01/08938504000108/10/XOAI-1");
		assertThat(Identifiers.isLotKey("01/08938504000108/10/XOAI-1")).isTrue();
	}

	@Test
	void whenInstanceOrContainerOrLocationThenCanonicalKeys() {
		assertThat(Identifiers.canonical("urn:epc:id:sgtin:8938504.000010.S%2F1")).isEqualTo("01/08938504000108/21/S/1");
		assertThat(Identifiers.canonical("https://id.gs1.org/01/08938504000108/10/L1/21/S1")).isEqualTo("01/08938504000108/21/S1");
		assertThat(Identifiers.canonical("urn:epc:id:sscc:8938504.3000000001")).isEqualTo("00/389385040000000017");
		assertThat(Identifiers.canonical("urn:epc:id:sgln:8938504.00004.0")).isEqualTo("414/8938504000047");
		assertThat(Identifiers.canonical("urn:epc:id:sgln:8938504.00004.dock7")).isEqualTo("414/8938504000047/254/dock7");
		assertThat(Identifiers.canonical("urn:epc:id:pgln:8938504.00003")).isEqualTo("417/8938504000030");
		assertThat(Identifiers.canonical("urn:epc:id:giai:4000001.12345")).isEqualTo("urn:epc:id:giai:4000001.12345");
	}

	@Test
	void whenGtinCheckDigitWrongThenRejected() {
		assertThatThrownBy(() -> Identifiers.canonical("https://id.gs1.org/01/08938504000109/10/A"))
			.isInstanceOf(EpcisException.class).hasMessageContaining("check digit");
		assertThatThrownBy(() -> Identifiers.canonical("https://id.gs1.org/00/389385040000000018"))
			.isInstanceOf(EpcisException.class);
	}

	@Test
	void whenLotHasCharactersOutsideSet82ThenRejected() {
		assertThatThrownBy(() -> Identifiers.canonical("https://id.gs1.org/01/08938504000108/10/L%C3%94"))
			.isInstanceOf(EpcisException.class).hasMessageContaining("set 82");
		assertThatThrownBy(() -> Identifiers.canonical("https://id.gs1.org/01/08938504000108/10/A%20B"))
			.isInstanceOf(EpcisException.class);
		assertThatThrownBy(() -> Identifiers.canonical("urn:epc:class:lgtin:8938504.000010.ABCDEFGHIJKLMNOPQRSTU"))
			.isInstanceOf(EpcisException.class);
		assertThatThrownBy(() -> Identifiers.canonical("urn:epc:class:lgtin:8938504.00001.A"))
			.isInstanceOf(EpcisException.class).hasMessageContaining("13 digits");
	}

}
