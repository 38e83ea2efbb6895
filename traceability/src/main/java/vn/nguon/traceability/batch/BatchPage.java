package vn.nguon.traceability.batch;

import java.util.List;

/**
 * One page of batches.
 *
 * @param items the batches on this page, newest first
 * @param page zero-based page number
 * @param size page size
 * @param total number of batches matching the filter
 */
public record BatchPage(List<Batch> items, int page, int size, long total) {

	public BatchPage {
		items = List.copyOf(items);
	}

}
