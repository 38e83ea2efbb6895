package vn.nguon.traceability.label;

/**
 * Sheet and label sizes, in millimetres. A4 sheets hold a grid of labels; roll layouts put one
 * label per page, the page being the label (as thermal label printers expect).
 */
public enum LabelLayout {

	/** A4, 3 x 8 labels of 70 x 37 mm (the common 24-up sheet). */
	A4_3X8(210, 297, 3, 8, 70, 37, 0, 0.5),
	/** A4, 2 x 7 labels of 99.1 x 38.1 mm (the common 14-up sheet). */
	A4_2X7(210, 297, 2, 7, 99.1, 38.1, 4.65, 15.15),
	/** Roll, 50 x 30 mm. */
	ROLL_50X30(50, 30, 1, 1, 50, 30, 0, 0),
	/** Roll, 100 x 50 mm. */
	ROLL_100X50(100, 50, 1, 1, 100, 50, 0, 0);

	private final double pageWidth;

	private final double pageHeight;

	private final int columns;

	private final int rows;

	private final double labelWidth;

	private final double labelHeight;

	private final double left;

	private final double top;

	LabelLayout(double pageWidth, double pageHeight, int columns, int rows, double labelWidth, double labelHeight,
			double left, double top) {
		this.pageWidth = pageWidth;
		this.pageHeight = pageHeight;
		this.columns = columns;
		this.rows = rows;
		this.labelWidth = labelWidth;
		this.labelHeight = labelHeight;
		this.left = left;
		this.top = top;
	}

	/**
	 * @param name e.g. {@code a4-3x8}, {@code A4_3X8}, {@code roll-50x30}
	 * @return the layout
	 * @throws IllegalArgumentException when unknown
	 */
	public static LabelLayout parse(String name) {
		return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
	}

	/** @return the lower-case name used in the API, e.g. {@code a4-3x8} */
	public String apiName() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

	public int perPage() {
		return this.columns * this.rows;
	}

	public double pageWidth() {
		return this.pageWidth;
	}

	public double pageHeight() {
		return this.pageHeight;
	}

	public int columns() {
		return this.columns;
	}

	public int rows() {
		return this.rows;
	}

	public double labelWidth() {
		return this.labelWidth;
	}

	public double labelHeight() {
		return this.labelHeight;
	}

	/** @return left edge of the label at this index on its page, mm from the page's left edge */
	public double labelLeft(int indexOnPage) {
		return this.left + (indexOnPage % this.columns) * this.labelWidth;
	}

	/** @return top edge of the label at this index on its page, mm from the page's top edge */
	public double labelTop(int indexOnPage) {
		return this.top + (indexOnPage / this.columns) * this.labelHeight;
	}

}
