package vn.nguon.traceability.label;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntConsumer;

import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import vn.nguon.traceability.qr.QrMatrix;
import vn.nguon.traceability.qr.QrSpec;

/**
 * Writes label sheets as PDF. QR codes are drawn as vector rectangles (sharp at any printer
 * resolution, small files). Text uses an embedded TrueType font that covers Vietnamese (DejaVu
 * Sans from the system's fonts, or the font file given); without one, text falls back to
 * Helvetica with the diacritics removed. Pages go to a temporary-file cache, so thousands of
 * labels need little memory; progress is reported per label.
 */
public final class LabelSheets {

	/** Where Debian's fonts-dejavu-core puts DejaVu Sans. */
	public static final Path DEFAULT_FONT = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

	private static final float MM = 72f / 25.4f;

	/** Smallest title size in points; body lines are {@link #BODY} of the title's size. */
	private static final float MIN_SIZE = 4.5f;

	private static final float BODY = 0.85f;

	/** Title size below which lines wrap rather than shrink further. */
	private static final float NO_WRAP_SIZE = 6f;

	private final Path fontFile;

	/** @param fontFile a TrueType font covering Vietnamese, or {@code null} for {@link #DEFAULT_FONT} */
	public LabelSheets(Path fontFile) {
		this.fontFile = (fontFile != null) ? fontFile : DEFAULT_FONT;
	}

	public LabelSheets() {
		this(null);
	}

	/** @return whether the Vietnamese-capable font is available */
	public boolean hasUnicodeFont() {
		return Files.isReadable(this.fontFile);
	}

	/**
	 * Writes the labels.
	 * @param labels the labels, consumed once, in order
	 * @param layout sheet and label size
	 * @param out where the PDF goes (not closed)
	 * @param progress called with the number of labels drawn so far (may be {@code null})
	 * @return the number of labels written
	 */
	public int write(Iterator<Label> labels, LabelLayout layout, OutputStream out, IntConsumer progress) {
		try (PDDocument doc = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
			PDFont font;
			boolean unicode = hasUnicodeFont();
			if (unicode) {
				font = PDType0Font.load(doc, this.fontFile.toFile());
			}
			else {
				font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
			}
			PDRectangle size = new PDRectangle((float) layout.pageWidth() * MM, (float) layout.pageHeight() * MM);
			int count = 0;
			PDPage page = null;
			PDPageContentStream content = null;
			while (labels.hasNext()) {
				Label label = labels.next();
				int index = count % layout.perPage();
				if (index == 0) {
					if (content != null) {
						content.close();
					}
					page = new PDPage(size);
					doc.addPage(page);
					content = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.OVERWRITE, true);
				}
				draw(content, font, unicode, label, layout, index);
				count++;
				if (progress != null) {
					progress.accept(count);
				}
			}
			if (content != null) {
				content.close();
			}
			if (count == 0) {
				doc.addPage(new PDPage(size));
			}
			doc.getDocumentInformation().setTitle("Nhãn truy xuất nguồn gốc");
			doc.getDocumentInformation().setCreator("Nguồn");
			doc.save(out);
			return count;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void draw(PDPageContentStream cs, PDFont font, boolean unicode, Label label, LabelLayout layout,
			int index) throws IOException {
		float pageHeight = (float) layout.pageHeight() * MM;
		float x0 = (float) layout.labelLeft(index) * MM;
		float top = pageHeight - (float) layout.labelTop(index) * MM;
		float w = (float) layout.labelWidth() * MM;
		float h = (float) layout.labelHeight() * MM;
		float pad = 1.5f * MM;
		// QR: a square on the left, with the quiet zone of 4 modules that ISO/IEC 18004 asks for
		QrMatrix m = QrMatrix.encode(label.uri(), QrSpec.Ecc.M);
		float qrSide = Math.min(h - 2 * pad, w * 0.5f);
		float module = qrSide / (m.width() + 8);
		float qx = x0 + pad + 4 * module;
		float qyTop = top - pad - 4 * module;
		cs.setNonStrokingColor(0f);
		// a hair of overlap avoids hairline gaps between runs in some renderers
		m.forEachDarkRun((y, start, length) -> cs.addRect(qx + start * module, qyTop - (y + 1) * module - 0.02f,
				length * module, module + 0.04f));
		cs.fill();
		// text on the right, at the largest size at which the title (two lines at most) and every line fit
		float tx = x0 + pad + qrSide;
		float textWidth = x0 + w - pad - tx;
		float room = h - 2 * pad;
		float titleSize = Math.max(MIN_SIZE, Math.min(10f, h / 10f));
		// first shrink (not below a comfortable 6 pt) so that each line fits on one line, then wrap if need be
		while (titleSize > NO_WRAP_SIZE && widest(label.lines(), unicode, font, titleSize * BODY) > textWidth) {
			titleSize = Math.max(NO_WRAP_SIZE, titleSize - 0.25f);
		}
		List<String> titleLines;
		List<String> bodyLines;
		while (true) {
			titleLines = wrap(text(label.title(), unicode), font, titleSize, textWidth, 2);
			bodyLines = new ArrayList<>();
			for (String line : label.lines()) {
				bodyLines.addAll(wrap(text(line, unicode), font, titleSize * BODY, textWidth, Integer.MAX_VALUE));
			}
			float needed = titleSize + (titleLines.size() - 1) * titleSize * 1.15f
					+ bodyLines.size() * titleSize * BODY * 1.25f + 0.25f * titleSize * BODY;
			if (needed <= room || titleSize <= MIN_SIZE) {
				break;
			}
			titleSize = Math.max(MIN_SIZE, titleSize - 0.25f);
		}
		float bodySize = titleSize * BODY;
		float y = top - pad - titleSize;
		cs.beginText();
		cs.setFont(font, titleSize);
		cs.newLineAtOffset(tx, y);
		float leading = titleSize * 1.15f;
		for (int i = 0; i < titleLines.size(); i++) {
			if (i > 0) {
				cs.newLineAtOffset(0, -leading);
				y -= leading;
			}
			cs.showText(titleLines.get(i));
		}
		cs.setFont(font, bodySize);
		float bodyLeading = bodySize * 1.25f;
		float bottom = top - h + pad + 0.25f * bodySize;
		for (String line : bodyLines) {
			if (y - bodyLeading < bottom) {
				break; // only at the smallest size: better a missing last line than text over the edge
			}
			cs.newLineAtOffset(0, -bodyLeading);
			y -= bodyLeading;
			cs.showText(line);
		}
		cs.endText();
	}

	private static String text(String s, boolean unicode) {
		String clean = (s == null) ? "" : s.replaceAll("\\p{Cntrl}", " ");
		if (unicode) {
			return clean;
		}
		return Normalizer.normalize(clean.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFD)
			.replaceAll("\\p{M}", "")
			.replaceAll("[^\\x20-\\x7e]", "?");
	}

	private static float widest(List<String> lines, boolean unicode, PDFont font, float size) throws IOException {
		float max = 0;
		for (String line : lines) {
			max = Math.max(max, width(font, size, text(line, unicode)));
		}
		return max;
	}

	private static float width(PDFont font, float size, String s) throws IOException {
		return font.getStringWidth(s) / 1000f * size;
	}

	private static String fit(String s, PDFont font, float size, float max) throws IOException {
		if (width(font, size, s) <= max) {
			return s;
		}
		String t = s;
		while (!t.isEmpty() && width(font, size, t + "…") > max) {
			t = t.substring(0, t.length() - 1);
		}
		return t + "…";
	}

	/**
	 * Breaks text into lines of at most {@code max} points: at spaces, and inside a word only when the word
	 * alone is wider than a line; the last of {@code maxLines} lines ends in an ellipsis when text is left.
	 */
	private static List<String> wrap(String s, PDFont font, float size, float max, int maxLines) throws IOException {
		List<String> lines = new ArrayList<>();
		String rest = s.strip();
		while (!rest.isEmpty()) {
			if (lines.size() == maxLines - 1) {
				lines.add(fit(rest, font, size, max));
				return lines;
			}
			if (width(font, size, rest) <= max) {
				lines.add(rest);
				break;
			}
			int end = -1;
			for (int sp = rest.indexOf(' '); sp > 0; sp = rest.indexOf(' ', sp + 1)) {
				if (width(font, size, rest.substring(0, sp)) > max) {
					break;
				}
				end = sp;
			}
			if (end < 0) {
				// the first word alone is wider than the line: break inside it
				end = 1;
				while (end < rest.length() && width(font, size, rest.substring(0, end + 1)) <= max) {
					end++;
				}
			}
			lines.add(rest.substring(0, end).strip());
			rest = rest.substring(end).strip();
		}
		return lines;
	}


}
