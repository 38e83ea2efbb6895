package vn.nguon.grading.model;

import ai.djl.engine.Engine;

/**
 * Loads the PyTorch engine offline, once, and fails fast with a clear message when its natives are
 * missing (they come from the {@code pytorch-native-cpu} and {@code pytorch-jni} jars; nothing is
 * ever downloaded).
 */
public final class Natives {

	/** The DJL engine this project uses. */
	public static final String ENGINE = "PyTorch";

	private static volatile Engine engine;

	private Natives() {
	}

	/**
	 * @return the loaded PyTorch engine
	 * @throws IllegalStateException when the natives cannot be loaded
	 */
	public static Engine engine() {
		Engine e = engine;
		if (e != null) {
			return e;
		}
		synchronized (Natives.class) {
			if (engine == null) {
				// never let DJL reach the network: no telemetry, no native download
				if (System.getProperty("ai.djl.offline") == null) {
					System.setProperty("ai.djl.offline", "true");
				}
				if (System.getProperty("OPT_OUT_TRACKING") == null) {
					System.setProperty("OPT_OUT_TRACKING", "true");
				}
				try {
					engine = Engine.getEngine(ENGINE);
				}
				catch (RuntimeException | UnsatisfiedLinkError ex) {
					throw new IllegalStateException("The PyTorch engine could not be loaded offline. Put "
							+ "ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and "
							+ "ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0 on the class path (they are in grading's pom); "
							+ "nothing is downloaded at run time. Cause: " + ex.getMessage(), ex);
				}
			}
			return engine;
		}
	}

}
