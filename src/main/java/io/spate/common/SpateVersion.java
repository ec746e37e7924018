package io.spate.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this build: the Maven project version, written into
 * {@code io/spate/common/version.properties} by resource filtering, so that classes run from
 * {@code target/classes} (tests) know it as well as the packaged jars. What {@code spate --version}
 * and {@code java -jar spate.jar --version} print.
 */
public final class SpateVersion {
    private static final String RESOURCE = "version.properties";
    private static final String VERSION = read();

    private SpateVersion() {
    }

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = SpateVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + SpateVersion.class.getName()
                        + ": the build did not filter its resources");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
