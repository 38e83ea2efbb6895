package vn.nguon.grading.lifecycle;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Rows of {@code grading_model_archive}: the zipped files of each retrained model, keyed by version,
 * so that any replica can load a model it did not train.
 */
public class ModelArchives {

	private final DatabaseClient db;

	public ModelArchives(DatabaseClient db) {
		this.db = db;
	}

	/** Stores a model's zip (a version is stored once; a second save keeps the first). */
	public Mono<Void> save(String version, byte[] zip) {
		return this.db.sql("INSERT INTO grading_model_archive (version, archive, sha256) VALUES (:v, :a, :s)"
				+ " ON CONFLICT (version) DO NOTHING")
			.bind("v", version).bind("a", ByteBuffer.wrap(zip)).bind("s", sha256(zip))
			.then();
	}

	/** @return the model's zip, or empty */
	public Mono<byte[]> find(String version) {
		return this.db.sql("SELECT archive FROM grading_model_archive WHERE version = :v")
			.bind("v", version)
			.map(r -> {
				ByteBuffer b = r.get("archive", ByteBuffer.class);
				byte[] out = new byte[b.remaining()];
				b.get(out);
				return out;
			})
			.one();
	}

	/** @return whether the version's zip is stored */
	public Mono<Boolean> exists(String version) {
		return this.db.sql("SELECT 1 FROM grading_model_archive WHERE version = :v")
			.bind("v", version).map(r -> true).one().defaultIfEmpty(false);
	}

	static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
