package vn.nguon.traceability.label;

import java.util.List;
import java.util.Objects;

/**
 * One label: the QR of a Digital Link and the human-readable text printed beside it.
 *
 * @param uri the Digital Link URI the QR holds
 * @param title first line, e.g. the product name (wrapped to two lines when long)
 * @param lines further lines, already worded, e.g. "Lô: A1", "Thu hoạch: 20/11/2026", "Hạng: Loại I"
 */
public record Label(String uri, String title, List<String> lines) {

	public Label {
		Objects.requireNonNull(uri, "uri");
		title = (title == null) ? "" : title;
		lines = List.copyOf(lines);
	}

}
