package vn.nguon.api.resolver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current ETag of each rendered variant of each lot ({@code html-vi}, {@code html-en},
 * {@code json}), kept so a matching {@code If-None-Match} is answered 304 without the database.
 * A lot's tags live in a slot opened when its view is loaded; the change feed closes the slot
 * (a render of a view loaded before then writes into a slot nobody reads any more). A slot also
 * ends a time to live after it was opened, because master data (a product's name) changes without
 * an event: such a change reaches a revalidating client at most that late.
 */
final class LotEtags {

	/** The tags of one load of a lot's view. */
	static final class Slot {

		private final long openedAt = System.nanoTime();

		private final Map<String, String> byVariant = new ConcurrentHashMap<>();

		void remember(String variant, String etag) {
			this.byVariant.put(variant, etag);
		}

	}

	private static final int SWEEP_ABOVE = 50_000;

	private final Map<String, Slot> slots = new ConcurrentHashMap<>();

	private final long ttlNanos;

	LotEtags(java.time.Duration ttl) {
		this.ttlNanos = ttl.toNanos();
	}

	/**
	 * @return the lot's slot for a load of its view: the current one while no change was reported and it
	 * has not expired (the other variants' tags stay known), else a new, empty one
	 */
	Slot open(String key) {
		if (this.slots.size() > SWEEP_ABOVE) {
			this.slots.values().removeIf(this::expired);
		}
		return this.slots.compute(key, (k, slot) -> (slot == null || expired(slot)) ? new Slot() : slot);
	}

	/** @return whether the slot is still the lot's current one */
	boolean isCurrent(String key, Slot slot) {
		return this.slots.get(key) == slot;
	}

	/** Drops the lot's tags: it changed. */
	void forget(String key) {
		this.slots.remove(key);
	}

	/** @return the variant's current ETag, or null when unknown (not rendered since the last change, or expired) */
	String current(String key, String variant) {
		Slot slot = this.slots.get(key);
		if (slot == null) {
			return null;
		}
		if (expired(slot)) {
			this.slots.remove(key, slot);
			return null;
		}
		return slot.byVariant.get(variant);
	}

	private boolean expired(Slot slot) {
		return System.nanoTime() - slot.openedAt >= this.ttlNanos;
	}

}
