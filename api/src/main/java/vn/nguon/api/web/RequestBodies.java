package vn.nguon.api.web;

import java.util.function.Supplier;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;

/** Reads an uploaded body (a photo, a logo) into memory, up to a limit, releasing the buffers. */
public final class RequestBodies {

	private RequestBodies() {
	}

	/**
	 * @param body the body's buffers
	 * @param max the most bytes accepted
	 * @param tooLarge the error for a larger body (a problem the caller names)
	 * @return the bytes (empty for an empty body)
	 */
	public static Mono<byte[]> bytes(Flux<DataBuffer> body, long max, Supplier<? extends RuntimeException> tooLarge) {
		return DataBufferUtils.join(body, (int) Math.min(Integer.MAX_VALUE, max))
			.map(buffer -> {
				try {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					return bytes;
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, ex -> tooLarge.get());
	}

}
