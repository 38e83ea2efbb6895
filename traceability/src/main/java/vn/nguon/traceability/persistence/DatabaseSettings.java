package vn.nguon.traceability.persistence;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One database location, parsed from any of the usual spellings: {@code postgresql://user:pw@host:port/db},
 * {@code postgres://...}, {@code jdbc:postgresql://host:port/db} or {@code r2dbc:postgresql://...}.
 * Explicit user and password settings win over credentials embedded in the URL.
 *
 * @param host host name
 * @param port TCP port
 * @param database database name
 * @param user user name
 * @param password password, possibly empty
 * @param query URL query string without the leading {@code ?}, possibly empty
 */
public record DatabaseSettings(String host, int port, String database, String user, String password,
		String query) {

	/** The local default used when nothing is configured. */
	public static final String DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/nguon";

	public DatabaseSettings {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(database, "database");
		user = user == null ? "" : user;
		password = password == null ? "" : password;
		query = query == null ? "" : query;
		if (port <= 0 || port > 65535) {
			throw new IllegalArgumentException("database port out of range: " + port);
		}
	}

	/**
	 * Parses a database URL.
	 * @param url the URL in one of the supported spellings
	 * @param user explicit user, or {@code null} to use the URL's
	 * @param password explicit password, or {@code null} to use the URL's
	 * @return the settings
	 * @throws IllegalArgumentException if the URL is not a PostgreSQL URL
	 */
	public static DatabaseSettings parse(String url, String user, String password) {
		String u = url.trim();
		for (String prefix : new String[] { "jdbc:", "r2dbc:" }) {
			if (u.startsWith(prefix)) {
				u = u.substring(prefix.length());
			}
		}
		if (u.startsWith("postgres://")) {
			u = "postgresql://" + u.substring("postgres://".length());
		}
		if (!u.startsWith("postgresql://")) {
			throw new IllegalArgumentException("DATABASE_URL must be a PostgreSQL URL, e.g. " + DEFAULT_URL);
		}
		URI uri = URI.create(u);
		String urlUser = null;
		String urlPassword = null;
		if (uri.getRawUserInfo() != null) {
			String[] parts = uri.getRawUserInfo().split(":", 2);
			urlUser = decode(parts[0]);
			urlPassword = parts.length > 1 ? decode(parts[1]) : null;
		}
		String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
		String db = path.isEmpty() ? "nguon" : path;
		int port = uri.getPort() == -1 ? 5432 : uri.getPort();
		String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
		return new DatabaseSettings(host, port, db, firstNonBlank(user, urlUser, "postgres"),
				firstNonBlank(password, urlPassword, ""), uri.getRawQuery());
	}

	/** @return the JDBC URL (for Flyway), without credentials */
	public String jdbcUrl() {
		return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query.isEmpty() ? "" : "?" + query);
	}

	/** @return the R2DBC URL (for the application), without credentials */
	public String r2dbcUrl() {
		return "r2dbc:postgresql://" + host + ":" + port + "/" + database + (query.isEmpty() ? "" : "?" + query);
	}

	/** @return the JDBC URL of the maintenance database on the same server */
	public String maintenanceJdbcUrl() {
		return "jdbc:postgresql://" + host + ":" + port + "/postgres";
	}

	/** @return the properties Spring Boot reads for R2DBC and Flyway */
	public Map<String, Object> springProperties() {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("spring.r2dbc.url", r2dbcUrl());
		p.put("spring.r2dbc.username", user);
		p.put("spring.r2dbc.password", password);
		// Short OLTP statements: PostgreSQL's JIT compiles any plan whose estimate passes jit_above_cost, and
		// the consent rule's subplan (estimated high, mostly never run) made an EPCIS query of 2 ms spend
		// 60-120 ms compiling. Off for the service's sessions only (a startup parameter of each connection).
		p.put("spring.r2dbc.properties.options", "jit=off");
		p.put("spring.flyway.url", jdbcUrl());
		p.put("spring.flyway.user", user);
		p.put("spring.flyway.password", password);
		return p;
	}

	private static String decode(String s) {
		return URLDecoder.decode(s, StandardCharsets.UTF_8);
	}

	private static String firstNonBlank(String... values) {
		for (String v : values) {
			if (v != null && !v.isBlank()) {
				return v;
			}
		}
		return "";
	}

}
