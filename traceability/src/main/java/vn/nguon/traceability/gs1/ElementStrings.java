package vn.nguon.traceability.gs1;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.nguon.traceability.gs1.AiTable.AiEntry;
import vn.nguon.traceability.gs1.AiTable.DataAttribute;

/** Turns GS1 element strings in bracketed form into Digital Links, as a GS1 encoder does. */
final class ElementStrings {

	private static final Pattern BRACKETED_AI = Pattern.compile("\\((\\d{2,4})\\)");

	private ElementStrings() {
	}

	/**
	 * Builds a Digital Link from GS1 element strings in bracketed form, as a GS1 encoder does: the
	 * first AI that is a primary key goes into the path with the qualifiers that match best; the
	 * other AIs become data attributes (predefined-length ones first), duplicates dropped.
	 * @param bracketed e.g. {@code (01)09520123456788(10)ABC123(17)201225}
	 * @param stem the stem ({@code null} for {@link DigitalLink#CANONICAL_STEM}); a trailing slash is trimmed
	 * @param options non-default options (unknown AIs)
	 * @return the link
	 * @throws TraceabilityException ({@code invalid-digital-link}) when no link can be built
	 */
	static DigitalLink fromElementString(String bracketed, String stem, DigitalLink.Options options) {
		List<DigitalLink.Element> elements = new ArrayList<>();
		List<AiEntry> entries = new ArrayList<>();
		Matcher m = BRACKETED_AI.matcher(bracketed == null ? "" : bracketed);
		int previousEnd = -1;
		String previousAi = null;
		while (m.find()) {
			if (previousAi != null) {
				addElement(elements, entries, previousAi, bracketed.substring(previousEnd, m.start()), options);
			}
			else if (m.start() != 0) {
				throw DigitalLink.invalid("An element string starts with a bracketed AI");
			}
			previousAi = m.group(1);
			previousEnd = m.end();
		}
		if (previousAi == null) {
			throw DigitalLink.invalid("An element string starts with a bracketed AI");
		}
		addElement(elements, entries, previousAi, bracketed.substring(previousEnd), options);
		int keyPosition = -1;
		for (int i = 0; i < entries.size(); i++) {
			if (entries.get(i).primaryKey()) {
				keyPosition = i;
				break;
			}
		}
		if (keyPosition < 0) {
			throw DigitalLink.invalid("A Digital Link cannot be made without a primary key AI");
		}
		String key = elements.get(keyPosition).ai();
		List<String> paths = AiTable.KEY_QUALIFIER_PATHS;
		int start = paths.indexOf(key);
		String best = key;
		int bestCount = 0;
		for (int p = start + 1; p < paths.size(); p++) {
			String[] tokens = paths.get(p).split(" ");
			if (!tokens[0].equals(key)) {
				break;
			}
			int count = 0;
			for (int t = 1; t < tokens.length; t++) {
				for (DigitalLink.Element e : elements) {
					if (e.ai().equals(tokens[t])) {
						count++;
					}
				}
			}
			if (count > bestCount) {
				bestCount = count;
				best = paths.get(p);
			}
		}
		List<String> pathAis = List.of(best.split(" "));
		List<DigitalLink.Element> path = new ArrayList<>();
		for (String ai : pathAis) {
			elements.stream().filter(e -> e.ai().equals(ai)).findFirst().ifPresent(path::add);
		}
		List<DigitalLink.Element> attributes = new ArrayList<>();
		for (boolean fixedPass : new boolean[] { true, false }) {
			List<String> done = new ArrayList<>();
			for (int i = 0; i < elements.size(); i++) {
				DigitalLink.Element e = elements.get(i);
				AiEntry entry = entries.get(i);
				if (entry.fixedLength() != fixedPass || pathAis.contains(e.ai()) || done.contains(e.ai())) {
					continue;
				}
				done.add(e.ai());
				if (entry.dataAttribute() == DataAttribute.NO || (entry.dataAttribute() == DataAttribute.UNKNOWN
						&& !options.unknownAiNotDlAttrCheckDisabled())) {
					throw DigitalLink.invalid("AI (" + e.ai() + ") may not be a Digital Link data attribute");
				}
				attributes.add(e);
			}
		}
		String s = (stem == null) ? DigitalLink.CANONICAL_STEM : stem;
		if (s.endsWith("/")) {
			s = s.substring(0, s.length() - 1);
		}
		return new DigitalLink(s, path, attributes, List.of());
	}

	private static void addElement(List<DigitalLink.Element> elements, List<AiEntry> entries, String ai, String value,
			DigitalLink.Options options) {
		AiEntry entry = AiTable.lookup(ai);
		if (entry == null && options.permitUnknownAIs()) {
			entry = AiTable.unknown(ai);
		}
		if (entry == null) {
			throw DigitalLink.invalid("Unknown AI (" + ai + ")");
		}
		AiValues.check(entry, value);
		elements.add(new DigitalLink.Element(ai, value));
		entries.add(entry);
	}

}
