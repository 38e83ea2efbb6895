package vn.nguon.traceability.label;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.qr.QrDecoding;

import static org.assertj.core.api.Assertions.assertThat;

class LabelSheetsTests {

	static List<Label> labels(int n, Random random) {
		List<Label> labels = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			LotRef lot = QrDecoding.randomLot(random);
			labels.add(new Label(lot.digitalLinkUri("https://nguon.test"), "Cà chua bi Đà Lạt hữu cơ " + i,
					List.of("Lô: " + lot.lot().value(), "Thu hoạch: 20/11/2026", "Hạng: Loại I")));
		}
		return labels;
	}

	static List<String> decodeCells(byte[] pdf, LabelLayout layout, int dpi) throws Exception {
		List<String> found = new ArrayList<>();
		try (PDDocument doc = Loader.loadPDF(pdf)) {
			PDFRenderer renderer = new PDFRenderer(doc);
			double pxPerMm = dpi / 25.4;
			for (int p = 0; p < doc.getNumberOfPages(); p++) {
				BufferedImage page = renderer.renderImageWithDPI(p, dpi, ImageType.RGB);
				for (int i = 0; i < layout.perPage(); i++) {
					int x = (int) (layout.labelLeft(i) * pxPerMm);
					int y = (int) (layout.labelTop(i) * pxPerMm);
					int w = (int) Math.min(layout.labelWidth() * pxPerMm, page.getWidth() - x);
					int h = (int) Math.min(layout.labelHeight() * pxPerMm, page.getHeight() - y);
					BufferedImage cell = page.getSubimage(x, y, w, h);
					try {
						found.add(QrDecoding.decode(cell));
					}
					catch (com.google.zxing.NotFoundException ex) {
						// an empty cell on the last page
					}
				}
			}
		}
		return found;
	}

	@Test
	void whenHundredLabelsAreRenderedAt200DpiThenEveryQrDecodesToItsLot() throws Exception {
		LabelSheets sheets = new LabelSheets();
		List<Label> labels = labels(100, new Random(3));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		AtomicInteger progress = new AtomicInteger();
		int written = sheets.write(labels.iterator(), LabelLayout.A4_3X8, out, progress::set);
		assertThat(written).isEqualTo(100);
		assertThat(progress.get()).isEqualTo(100);
		List<String> decoded = decodeCells(out.toByteArray(), LabelLayout.A4_3X8, 200);
		assertThat(decoded).containsExactlyElementsOf(labels.stream().map(Label::uri).toList());
	}

	@Test
	void whenRollLayoutsThenOneLabelPerPageAndQrDecodes() throws Exception {
		for (LabelLayout layout : new LabelLayout[] { LabelLayout.ROLL_50X30, LabelLayout.ROLL_100X50, LabelLayout.A4_2X7 }) {
			List<Label> labels = labels(3, new Random(5));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			new LabelSheets().write(labels.iterator(), layout, out, null);
			assertThat(decodeCells(out.toByteArray(), layout, 200)).as(layout.name())
				.containsExactlyElementsOf(labels.stream().map(Label::uri).toList());
		}
	}

	@Test
	void whenFontCoversVietnameseThenTextIsEmbeddedWithDiacritics() throws Exception {
		LabelSheets sheets = new LabelSheets();
		Assumptions.assumeTrue(sheets.hasUnicodeFont(), "DejaVu Sans not installed (apt-get install fonts-dejavu-core)");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		sheets.write(labels(2, new Random(1)).iterator(), LabelLayout.ROLL_100X50, out, null);
		try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
			String text = new PDFTextStripper().getText(doc);
			assertThat(text).contains("Cà chua bi Đà Lạt").contains("Thu hoạch: 20/11/2026").contains("Hạng: Loại I");
		}
	}

	@Test
	void whenNoUnicodeFontThenDiacriticsAreDroppedNotTheLabel() throws Exception {
		LabelSheets sheets = new LabelSheets(java.nio.file.Path.of("/nonexistent/font.ttf"));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		sheets.write(labels(1, new Random(1)).iterator(), LabelLayout.ROLL_100X50, out, null);
		try (PDDocument doc = Loader.loadPDF(out.toByteArray())) {
			assertThat(new PDFTextStripper().getText(doc)).contains("Ca chua bi Da Lat");
		}
	}

}
