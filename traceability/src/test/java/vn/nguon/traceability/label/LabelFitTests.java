package vn.nguon.traceability.label;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every label fits its field on every supported sheet: the rendered PDF's glyphs, read back with their
 * positions, all lie inside their own label's text area (right of the QR), and the lines a buyer needs
 * (lot, harvest date, grade) are printed whole, even with a long product name and a 20-character lot.
 */
class LabelFitTests {

	private static final double MM = 72 / 25.4;

	/** One glyph: page, and its box in points from the page's top-left corner. */
	record Glyph(int page, String text, double left, double top, double right, double bottom) {
	}

	@ParameterizedTest
	@EnumSource(LabelLayout.class)
	void everyGlyphStaysInsideItsLabelAndTheKeyLinesArePrintedWhole(LabelLayout layout) throws IOException {
		List<Label> labels = new ArrayList<>();
		String uri = "https://nguon.test/01/08930000000017/10/ABCDEFGHIJ0123456789";
		labels.add(new Label(uri, "Cà chua bi hữu cơ Đà Lạt loại đặc biệt trồng trong nhà kính của hợp tác xã",
				List.of("Lô: ABCDEFGHIJ0123456789", "Thu hoạch: 20/11/2026", "Hạng: Loại I")));
		labels.add(new Label(uri, "Cà chua", List.of("Lô: L1", "Thu hoạch: 01/12/2026", "Hạng: Loại II")));
		labels.add(new Label(uri, "Supercalifragilisticexpialidociousverylongproductnamewithoutspaces",
				List.of("Lot: WWWWWWWWWWWWWWWWWWWW", "Harvest: 20/11/2026", "Grade: Class I")));
		LabelSheets sheets = new LabelSheets();
		assertThat(sheets.hasUnicodeFont()).as("DejaVu Sans (fonts-dejavu-core) is installed").isTrue();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		sheets.write(labels.iterator(), layout, out, null);

		List<Glyph> glyphs = glyphs(out.toByteArray());
		assertThat(glyphs).isNotEmpty();
		for (Glyph g : glyphs) {
			int label = labelOf(layout, g);
			assertThat(label).as("glyph '%s' at %.1f,%.1f pt on page %d lies inside a label", g.text(), g.left(),
					g.top(), g.page()).isGreaterThanOrEqualTo(0);
			int index = label % layout.perPage();
			double left = layout.labelLeft(index) * MM;
			double top = layout.labelTop(index) * MM;
			double right = left + layout.labelWidth() * MM;
			double bottom = top + layout.labelHeight() * MM;
			double pad = 1.5 * MM;
			double qrRight = left + pad + Math.min(layout.labelHeight() * MM - 2 * pad, layout.labelWidth() * MM * 0.5);
			assertThat(g.left()).as("'%s' starts right of the QR on %s", g.text(), layout).isGreaterThanOrEqualTo(qrRight - 0.5);
			assertThat(g.right()).as("'%s' ends inside the label on %s", g.text(), layout).isLessThanOrEqualTo(right + 0.01);
			assertThat(g.top()).as("'%s' top inside the label on %s", g.text(), layout).isGreaterThanOrEqualTo(top - 0.01);
			assertThat(g.bottom()).as("'%s' bottom inside the label on %s", g.text(), layout).isLessThanOrEqualTo(bottom + 0.01);
		}
		String text = text(out.toByteArray()).replaceAll("\\s+", "");
		for (Label l : labels) {
			for (String line : l.lines()) {
				assertThat(text).as("the line '%s' is printed whole on %s", line, layout).contains(line.replaceAll("\\s+", ""));
			}
		}
	}

	/** Which label (counted over all pages) holds the glyph's centre, or -1 for none. */
	private static int labelOf(LabelLayout layout, Glyph g) {
		double cx = (g.left() + g.right()) / 2;
		double cy = (g.top() + g.bottom()) / 2;
		for (int i = 0; i < layout.perPage(); i++) {
			double left = layout.labelLeft(i) * MM;
			double top = layout.labelTop(i) * MM;
			if (cx >= left && cx <= left + layout.labelWidth() * MM && cy >= top && cy <= top + layout.labelHeight() * MM) {
				return g.page() * layout.perPage() + i;
			}
		}
		return -1;
	}

	private static List<Glyph> glyphs(byte[] pdf) throws IOException {
		List<Glyph> glyphs = new ArrayList<>();
		try (PDDocument doc = Loader.loadPDF(pdf)) {
			PDFTextStripper stripper = new PDFTextStripper() {
				@Override
				protected void writeString(String text, List<TextPosition> positions) {
					for (TextPosition p : positions) {
						if (p.getUnicode().isBlank()) {
							continue;
						}
						// the font's ascent above the baseline and descent below it, as printed
						double size = p.getFontSizeInPt();
						double baseline = p.getYDirAdj();
						glyphs.add(new Glyph(getCurrentPageNo() - 1, p.getUnicode(), p.getXDirAdj(), baseline - 0.93 * size,
								p.getXDirAdj() + p.getWidthDirAdj(), baseline + 0.24 * size));
					}
				}
			};
			stripper.getText(doc);
		}
		return glyphs;
	}

	private static String text(byte[] pdf) throws IOException {
		try (PDDocument doc = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(doc);
		}
	}

}
