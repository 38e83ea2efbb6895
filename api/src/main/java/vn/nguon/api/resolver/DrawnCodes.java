package vn.nguon.api.resolver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The QR images drawn last, by their ETag (which names everything drawn: content, format,
 * geometry, renderer), so a lot's code printed on many labels or scanned from a shelf is drawn once.
 * Bounded by total bytes (least recently used go first); a QR for a given URL never changes, so
 * nothing needs invalidating. Lost on restart, which only costs a redraw.
 */
final class DrawnCodes {

	private final long maxBytes;

	private long bytes;

	private final LinkedHashMap<String, byte[]> images = new LinkedHashMap<>(256, 0.75f, true);

	DrawnCodes(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	synchronized byte[] get(String etag) {
		return this.images.get(etag);
	}

	synchronized void put(String etag, byte[] image) {
		if (image.length > this.maxBytes / 8) {
			return;
		}
		byte[] old = this.images.put(etag, image);
		this.bytes += image.length - (old == null ? 0 : old.length);
		var it = this.images.entrySet().iterator();
		while (this.bytes > this.maxBytes && it.hasNext()) {
			Map.Entry<String, byte[]> eldest = it.next();
			this.bytes -= eldest.getValue().length;
			it.remove();
		}
	}

	synchronized int size() {
		return this.images.size();
	}

}
