package vn.nguon.traceability.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

import vn.nguon.traceability.gs1.LotRef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Scans are counted in memory only; a flush writes them, and one that fails keeps them for the next. */
class ScanCounterTests {

	@Test
	void countingWritesNothingAndAFailedFlushLosesNoCount() {
		DatabaseClient db = mock(DatabaseClient.class);
		DatabaseClient.GenericExecuteSpec spec = mock(DatabaseClient.GenericExecuteSpec.class);
		List<Object> written = new ArrayList<>();
		when(db.sql(anyString())).thenReturn(spec);
		when(spec.bind(anyString(), any())).thenAnswer(call -> {
			if (call.getArgument(0).equals("n")) {
				written.add(call.getArgument(1));
			}
			return spec;
		});
		ScanCounter counter = new ScanCounter(db, Duration.ofHours(1));
		LotRef lot = LotRef.of("09520123456788", "ABC");
		for (int i = 0; i < 3; i++) {
			counter.count(lot);
		}
		verify(db, never()).sql(anyString());

		when(spec.then()).thenReturn(Mono.error(new IllegalStateException("PostgreSQL out of reach")));
		assertThatThrownBy(() -> counter.flush().block()).hasMessageContaining("out of reach");
		counter.count(lot);
		when(spec.then()).thenReturn(Mono.empty());
		written.clear();
		counter.flush().block();
		assertThat(written).containsExactly(4L);
		written.clear();
		counter.flush().block();
		assertThat(written).isEmpty();
		verify(spec, org.mockito.Mockito.atLeastOnce()).bind(eq("g"), eq("09520123456788"));
	}

}
