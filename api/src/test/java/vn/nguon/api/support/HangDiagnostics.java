package vn.nguon.api.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because a request got no answer in time, writes every thread's stack (with the
 * locks they hold and wait for) to {@code target/hang-dumps/}, so an intermittent hang leaves the
 * evidence needed to find it. Registered for every test through {@code junit-platform.properties}
 * (extension autodetection); the failure itself is rethrown unchanged.
 */
public class HangDiagnostics implements TestExecutionExceptionHandler {

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		if (isTimeout(failure)) {
			dump(context.getUniqueId(), failure);
		}
		throw failure;
	}

	static boolean isTimeout(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			String message = String.valueOf(t.getMessage());
			if (t instanceof java.util.concurrent.TimeoutException || message.contains("Timeout on blocking read")
					|| message.contains("Did not observe any item or terminal signal")) {
				return true;
			}
		}
		return false;
	}

	private static void dump(String testId, Throwable failure) {
		StringBuilder out = new StringBuilder();
		out.append(Instant.now()).append(' ').append(testId).append('\n').append(failure).append("\n\n");
		for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
			if (info.getLockName() != null) {
				out.append(" on ").append(info.getLockName());
			}
			if (info.getLockOwnerName() != null) {
				out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
			}
			out.append('\n');
			for (StackTraceElement frame : info.getStackTrace()) {
				out.append("\tat ").append(frame).append('\n');
			}
			out.append('\n');
		}
		try {
			Path dir = Path.of("target", "hang-dumps");
			Files.createDirectories(dir);
			Files.writeString(dir.resolve(System.currentTimeMillis() + ".txt"), out);
		}
		catch (IOException ex) {
			System.err.println("could not write the hang dump: " + ex);
		}
	}

}
