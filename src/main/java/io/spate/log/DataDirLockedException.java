package io.spate.log;

import java.nio.file.Path;

/**
 * Another process (or another {@link LogManager} in this one) holds the data directory's lock file,
 * {@code <data>/.lock}. Two brokers writing one directory would corrupt every log in it, so the
 * second one must not start.
 */
public final class DataDirLockedException extends RuntimeException {
    private final Path dataDir;

    public DataDirLockedException(Path dataDir) {
        super("data directory " + dataDir + " is locked by another broker (" + dataDir.resolve(LogManager.LOCK_FILE) + ")");
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }
}
