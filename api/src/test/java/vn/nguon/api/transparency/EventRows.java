package vn.nguon.api.transparency;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Direct JDBC access to {@code epcis_event} for the log tests: a transaction held open (to
 * commit late), and, for the tampering drill, changes the way an attacker with database access
 * would make them.
 */
final class EventRows implements AutoCloseable {

	private final Connection connection;

	EventRows(String jdbcUrl, String user, String password) throws SQLException {
		this.connection = DriverManager.getConnection(jdbcUrl, user, password);
		this.connection.setAutoCommit(true);
	}

	static String doc(String eventId, int n) {
		return """
				{"type": "ObjectEvent", "eventID": "%s", "action": "OBSERVE", "bizStep": "inspecting",
				 "eventTime": "2026-11-25T10:%02d:00.000+07:00", "eventTimeZoneOffset": "+07:00",
				 "epcList": ["https://id.gs1.org/01/08938505974004/21/%d"],
				 "nguon:grade": {"class": "CLASS_I", "defectiveShare": 0.050, "sampleSize": 20, "note": "Xoài cát Hòa Lộc \\u00e9\\"/"}}
				""".formatted(eventId, n % 60, n);
	}

	/** @return the seq of the inserted row */
	long insert(Connection c, UUID org, String eventId, String doc) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement("""
				INSERT INTO epcis_event (event_id, org_id, doc, content_hash, event_type, event_time, event_time_zone_offset)
				VALUES (?, ?, ?::jsonb, md5(random()::text), 'ObjectEvent', now(), '+07:00') RETURNING seq""")) {
			ps.setString(1, eventId);
			ps.setObject(2, org);
			ps.setString(3, doc);
			try (ResultSet rs = ps.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}

	long insert(UUID org, String eventId) throws SQLException {
		return insert(this.connection, org, eventId, doc(eventId, (int) (Math.random() * 1000)));
	}

	Connection connection() {
		return this.connection;
	}

	Connection newTransaction(String jdbcUrl, String user, String password) throws SQLException {
		Connection c = DriverManager.getConnection(jdbcUrl, user, password);
		c.setAutoCommit(false);
		return c;
	}

	/** Runs statements as a database administrator would, bypassing triggers and foreign keys. */
	void asAttacker(String... statements) throws SQLException {
		this.connection.setAutoCommit(false);
		try (Statement st = this.connection.createStatement()) {
			st.execute("SET LOCAL session_replication_role = replica");
			for (String sql : statements) {
				st.execute(sql);
			}
			this.connection.commit();
		}
		catch (SQLException ex) {
			this.connection.rollback();
			throw ex;
		}
		finally {
			this.connection.setAutoCommit(true);
		}
	}

	/** @return the whole row as JSON, to put it back after the drill */
	String rowJson(long seq) throws SQLException {
		try (PreparedStatement ps = this.connection.prepareStatement("SELECT to_jsonb(e)::text FROM epcis_event e WHERE seq = ?")) {
			ps.setLong(1, seq);
			try (ResultSet rs = ps.executeQuery()) {
				return rs.next() ? rs.getString(1) : null;
			}
		}
	}

	/** Puts back rows saved with {@link #rowJson}: deleted ones re-inserted, changed ones overwritten. */
	void restore(List<String> savedRows) throws SQLException {
		this.connection.setAutoCommit(false);
		try (Statement st = this.connection.createStatement()) {
			st.execute("SET LOCAL session_replication_role = replica");
			for (String row : savedRows) {
				try (PreparedStatement del = this.connection.prepareStatement(
						"DELETE FROM epcis_event WHERE seq = (CAST(? AS jsonb) ->> 'seq')::bigint");
						PreparedStatement ins = this.connection.prepareStatement(
								"INSERT INTO epcis_event OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_record(NULL::epcis_event, CAST(? AS jsonb))")) {
					del.setString(1, row);
					del.executeUpdate();
					ins.setString(1, row);
					ins.executeUpdate();
				}
			}
			this.connection.commit();
		}
		catch (SQLException ex) {
			this.connection.rollback();
			throw ex;
		}
		finally {
			this.connection.setAutoCommit(true);
		}
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

}
