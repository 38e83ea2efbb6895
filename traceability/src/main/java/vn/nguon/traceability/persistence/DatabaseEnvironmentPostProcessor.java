package vn.nguon.traceability.persistence;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the one database setting ({@code DATABASE_URL}, {@code DATABASE_USER},
 * {@code DATABASE_PASSWORD}, or the {@code nguon.database.*} properties) into the R2DBC
 * settings the application uses and the JDBC settings Flyway needs. Flyway in Boot 4 does
 * nothing unless {@code spring.flyway.url} is set, so deriving it here keeps the two in step.
 * <p>
 * When {@code nguon.database.create-if-missing} is true (the default) and the database does
 * not exist yet, it is created, so a first local start needs no manual setup.
 */
public class DatabaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private final Log log;

	public DatabaseEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(DatabaseEnvironmentPostProcessor.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
		String url = env.getProperty("nguon.database.url", env.getProperty("DATABASE_URL", DatabaseSettings.DEFAULT_URL));
		String user = env.getProperty("nguon.database.user", env.getProperty("DATABASE_USER"));
		String password = env.getProperty("nguon.database.password", env.getProperty("DATABASE_PASSWORD"));
		DatabaseSettings settings = DatabaseSettings.parse(url, user, password);
		env.getPropertySources().addLast(new MapPropertySource("nguonDatabase", settings.springProperties()));
		if (env.getProperty("nguon.database.create-if-missing", Boolean.class, true)) {
			createIfMissing(settings);
		}
	}

	private void createIfMissing(DatabaseSettings s) {
		try (Connection c = DriverManager.getConnection(s.maintenanceJdbcUrl(), s.user(), s.password())) {
			try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
				ps.setString(1, s.database());
				try (ResultSet rs = ps.executeQuery()) {
					if (rs.next()) {
						return;
					}
				}
			}
			try (Statement st = c.createStatement()) {
				st.execute("CREATE DATABASE \"" + s.database().replace("\"", "\"\"") + "\"");
				this.log.info("Created database " + s.database());
			}
		}
		catch (SQLException ex) {
			// Not fatal: the database may exist but the maintenance database be off limits.
			this.log.debug("Could not check or create database " + s.database() + ": " + ex.getMessage());
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
