package vn.nguon.traceability.batch;

import java.math.BigDecimal;
import java.util.Objects;

import vn.nguon.traceability.TraceabilityException;

/**
 * An amount of produce: greater than zero, at most three decimals (grams of a kilogram), less
 * than 10<sup>11</sup>, in one of the {@link Unit units}.
 *
 * @param amount the amount
 * @param unit the unit
 */
public record Quantity(BigDecimal amount, Unit unit) {

	private static final BigDecimal MAX = new BigDecimal("100000000000");

	public Quantity {
		Objects.requireNonNull(unit, "unit");
		if (amount == null || amount.signum() <= 0) {
			throw TraceabilityException.invalid("invalid-quantity", "A quantity must be greater than zero: " + amount,
					String.valueOf(amount));
		}
		amount = amount.stripTrailingZeros();
		if (amount.scale() > 3 || amount.compareTo(MAX) >= 0) {
			throw TraceabilityException.invalid("invalid-quantity",
					"A quantity has at most 3 decimals and is below 100000000000: " + amount, amount.toPlainString());
		}
		if (amount.scale() < 0) {
			amount = amount.setScale(0);
		}
	}

	public static Quantity of(String amount, String unit) {
		try {
			return new Quantity(new BigDecimal(amount), Unit.parse(unit));
		}
		catch (NumberFormatException | NullPointerException ex) {
			throw TraceabilityException.invalid("invalid-quantity", "Not a number: " + amount, String.valueOf(amount));
		}
	}

	public static Quantity of(BigDecimal amount, Unit unit) {
		return new Quantity(amount, unit);
	}

	@Override
	public String toString() {
		return this.amount.toPlainString() + " " + this.unit.code();
	}

}
