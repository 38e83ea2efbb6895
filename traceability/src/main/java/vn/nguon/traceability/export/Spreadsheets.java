package vn.nguon.traceability.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes rows as CSV (RFC 4180, UTF-8) or XLSX (streamed with SXSSF: only a window of rows in
 * memory). Text cells that a spreadsheet would read as a formula (starting with {@code = + - @},
 * tab or carriage return) are prefixed with an apostrophe, against CSV/formula injection.
 */
public final class Spreadsheets {

	private static final int WINDOW = 200;

	private Spreadsheets() {
	}

	/** @return one CSV line (with CRLF) of the cells */
	public static String csvLine(List<?> cells) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				sb.append(',');
			}
			Object c = cells.get(i);
			if (c == null) {
				continue;
			}
			String s = c instanceof BigDecimal d ? d.toPlainString() : neutralise(c.toString());
			if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
				sb.append('"').append(s.replace("\"", "\"\"")).append('"');
			}
			else {
				sb.append(s);
			}
		}
		return sb.append("\r\n").toString();
	}

	/**
	 * @param text cell text
	 * @return the text, prefixed with an apostrophe when a spreadsheet would take it for a formula
	 */
	public static String neutralise(String text) {
		if (!text.isEmpty()) {
			char c = text.charAt(0);
			if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r') {
				return "'" + text;
			}
		}
		return text;
	}

	/**
	 * Writes an XLSX workbook with one sheet: a bold, frozen header row with an auto-filter, then
	 * the rows. Blocking: call it off the event loop.
	 * @param sheetName sheet name
	 * @param headers column titles
	 * @param rows the rows' cells
	 * @param out where to write (not closed)
	 */
	public static void writeXlsx(String sheetName, List<String> headers, Iterable<List<Object>> rows, OutputStream out) {
		SXSSFWorkbook wb = new SXSSFWorkbook(WINDOW);
		try {
			wb.setCompressTempFiles(true);
			SXSSFSheet sheet = wb.createSheet(sheetName);
			CellStyle bold = wb.createCellStyle();
			Font font = wb.createFont();
			font.setBold(true);
			bold.setFont(font);
			Row head = sheet.createRow(0);
			for (int i = 0; i < headers.size(); i++) {
				Cell cell = head.createCell(i);
				cell.setCellValue(headers.get(i));
				cell.setCellStyle(bold);
				sheet.setColumnWidth(i, 20 * 256);
			}
			sheet.createFreezePane(0, 1);
			int r = 1;
			for (List<Object> cells : rows) {
				Row row = sheet.createRow(r++);
				for (int i = 0; i < cells.size(); i++) {
					Object v = cells.get(i);
					if (v == null) {
						continue;
					}
					Cell cell = row.createCell(i);
					if (v instanceof BigDecimal d) {
						cell.setCellValue(d.doubleValue());
					}
					else {
						// written as a string cell, never a formula; neutralised for tools that re-import as CSV
						cell.setCellValue(neutralise(v.toString()));
					}
				}
			}
			sheet.setAutoFilter(new CellRangeAddress(0, Math.max(0, r - 1), 0, headers.size() - 1));
			wb.write(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			wb.dispose();
			try {
				wb.close();
			}
			catch (IOException ex) {
				// nothing left to release
			}
		}
	}

}
