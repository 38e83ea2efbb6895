package vn.nguon.traceability.transparency;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8785 examples, written from the RFC's rules (sections 3.2.2, 3.2.3 and appendix B). */
class JcsTests {

	static String canon(String json) {
		return new String(Jcs.canonicalize(json), StandardCharsets.UTF_8);
	}

	@Test
	void whenRfcSampleThenCanonicalFormIsTheRfcOutput() {
		String input = """
				{
				  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
				  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
				  "literals": [null, true, false]
				}
				""";
		assertThat(canon(input)).isEqualTo(
				"{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
						+ "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	}

	@Test
	void whenMembersSortedThenUtf16CodeUnitOrderIsUsed() {
		String input = """
				{
				  "\\u20ac": "Euro Sign",
				  "\\r": "Carriage Return",
				  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
				  "1": "One",
				  "\\ud83d\\ude00": "Emoji: Grinning Face",
				  "\\u0080": "Control",
				  "\\u00f6": "Latin Small Letter O With Diaeresis"
				}
				""";
		assertThat(canon(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
				+ "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
				+ "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
	}

	@Test
	void whenNestedThenEveryLevelIsSortedAndWhitespaceDropped() {
		assertThat(canon("{ \"b\" : [ 1 , { \"z\":1, \"a\" : \"x\" } ], \"a\" : { } , \"c\": [] }"))
			.isEqualTo("{\"a\":{},\"b\":[1,{\"a\":\"x\",\"z\":1}],\"c\":[]}");
	}

	@Test
	void whenNumbersThenEcmaScriptFormattingOfAppendixB() {
		String[][] cases = { { "0000000000000000", "0" }, { "8000000000000000", "0" },
				{ "0000000000000001", "5e-324" }, { "8000000000000001", "-5e-324" },
				{ "7fefffffffffffff", "1.7976931348623157e+308" }, { "ffefffffffffffff", "-1.7976931348623157e+308" },
				{ "4340000000000000", "9007199254740992" }, { "c340000000000000", "-9007199254740992" },
				{ "4430000000000000", "295147905179352830000" }, { "44b52d02c7e14af5", "9.999999999999997e+22" },
				{ "44b52d02c7e14af6", "1e+23" }, { "44b52d02c7e14af7", "1.0000000000000001e+23" },
				{ "444b1ae4d6e2ef4e", "999999999999999700000" }, { "444b1ae4d6e2ef4f", "999999999999999900000" },
				{ "444b1ae4d6e2ef50", "1e+21" }, { "3eb0c6f7a0b5ed8c", "9.999999999999997e-7" },
				{ "3eb0c6f7a0b5ed8d", "0.000001" }, { "41b3de4355555553", "333333333.3333332" },
				{ "41b3de4355555554", "333333333.33333325" }, { "41b3de4355555555", "333333333.3333333" },
				{ "41b3de4355555556", "333333333.3333334" }, { "41b3de4355555557", "333333333.33333343" },
				{ "becbf647612f3696", "-0.0000033333333333333333" }, { "43143ff3c1cb0959", "1424953923781206.2" } };
		for (String[] c : cases) {
			double d = Double.longBitsToDouble(Long.parseUnsignedLong(c[0], 16));
			assertThat(Jcs.number(d)).as(c[0]).isEqualTo(c[1]);
		}
	}

	@Test
	void whenNumbersInJsonTextThenReadAsDoublesAndFormattedTheSame() {
		assertThat(canon("[1.0, -0, 100, 1e2, 0.1, 1e21, 1e-7, 123456789012345678901234567890, 2.50e-1]"))
			.isEqualTo("[1,0,100,100,0.1,1e+21,1e-7,1.2345678901234568e+29,0.25]");
	}

	@Test
	void whenNotRepresentableThenRejected() {
		assertThatThrownBy(() -> Jcs.number(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Jcs.number(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Jcs.canonicalize("{\"a\": \"\\ud800\"}")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Jcs.canonicalize("{broken")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void whenControlCharactersThenLowerCaseUnicodeEscapes() {
		assertThat(canon("\"\\u0001\\u001f\\t\\b\\f\\u007f</\"")).isEqualTo("\"\\u0001\\u001f\\t\\b\\f\u007f</\"");
	}

	@Test
	void whenRandomDoublesThenOutputReadsBackAsTheSameDouble() {
		java.util.Random random = new java.util.Random(8785);
		for (int i = 0; i < 20_000; i++) {
			double d = Double.longBitsToDouble(random.nextLong());
			if (Double.isNaN(d) || Double.isInfinite(d)) {
				continue;
			}
			String s = Jcs.number(d);
			assertThat(Double.parseDouble(s)).as(s).isEqualTo(d == 0 ? 0.0 : d);
			// never longer than the JDK's own (round-tripping) representation's digits
			String jdk = Double.toString(Math.abs(d)).replaceFirst("E.*", "").replace(".", "").replaceFirst("^0+", "")
				.replaceFirst("0+$", "");
			String ours = s.replace("-", "").replaceFirst("e.*", "").replace(".", "").replaceFirst("^0+", "")
				.replaceFirst("0+$", "");
			assertThat(ours.length()).as(s + " vs " + Double.toString(d)).isLessThanOrEqualTo(Math.max(jdk.length(), 1));
		}
	}

}
