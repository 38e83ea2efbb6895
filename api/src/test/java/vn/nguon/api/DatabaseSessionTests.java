package vn.nguon.api;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import vn.nguon.api.support.NguonIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's database sessions run without PostgreSQL's JIT compiler: it compiled any plan whose
 * estimate passed {@code jit_above_cost}, and made a 2 ms EPCIS query take 60-120 ms (see
 * {@code DatabaseSettings}).
 */
@NguonIntegrationTest
class DatabaseSessionTests {

	@Autowired
	DatabaseClient db;

	@Test
	void everyPooledConnectionHasJitOff() {
		for (int i = 0; i < 8; i++) {
			assertThat(this.db.sql("SHOW jit").map(row -> row.get(0, String.class)).one().block()).isEqualTo("off");
		}
	}

}
