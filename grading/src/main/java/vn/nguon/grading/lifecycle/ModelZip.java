package vn.nguon.grading.lifecycle;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Zips a model directory (its regular files, no sub-directories) and unpacks such a zip again, refusing
 * entry names that are not plain file names.
 */
final class ModelZip {

	private ModelZip() {
	}

	static byte[] zip(Path dir) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(bytes); var files = Files.list(dir)) {
			List<Path> regular = files.filter(Files::isRegularFile).sorted().toList();
			for (Path f : regular) {
				out.putNextEntry(new ZipEntry(f.getFileName().toString()));
				Files.copy(f, out);
				out.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	/** Unpacks into {@code dir} (written to a sibling first, then moved, so a half-written model is never seen). */
	static void unzip(byte[] zip, Path dir) throws IOException {
		Path parent = dir.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + "-");
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
			for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
				String name = e.getName();
				if (e.isDirectory() || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
					throw new IOException("unexpected entry in model archive: " + name);
				}
				Files.copy(in, tmp.resolve(name));
			}
		}
		try {
			Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			if (!Files.isDirectory(dir)) {
				throw ex;
			}
			// unpacked meanwhile by another thread or process: keep theirs
			try (var files = Files.list(tmp)) {
				for (Path f : files.toList()) {
					Files.deleteIfExists(f);
				}
			}
			Files.deleteIfExists(tmp);
		}
	}

}
