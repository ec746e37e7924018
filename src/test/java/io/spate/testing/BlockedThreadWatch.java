package io.spate.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records every warning of Vert.x's blocked-thread checker in this JVM, so node tests can assert
 * that no event loop was blocked (DESIGN.md: the checker must stay silent). The surefire config
 * routes Vert.x logging to java.util.logging.
 */
public final class BlockedThreadWatch {
    private static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";
    private static final List<String> WARNINGS = new ArrayList<>();
    private static final Logger LOGGER = Logger.getLogger(CHECKER_LOGGER);

    static {
        LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    synchronized (WARNINGS) {
                        WARNINGS.add(r.getMessage());
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private BlockedThreadWatch() {
    }

    /** Makes sure the handler is installed (class initialisation). */
    public static void install() {
        // the static initialiser does the work
    }

    /** Returns and forgets the warnings seen so far (for the watch's own test). */
    public static List<String> drain() {
        synchronized (WARNINGS) {
            List<String> out = List.copyOf(WARNINGS);
            WARNINGS.clear();
            return out;
        }
    }

    /** Throws if the checker warned since the JVM started. */
    public static void assertSilent() {
        synchronized (WARNINGS) {
            if (!WARNINGS.isEmpty()) {
                throw new AssertionError("Vert.x blocked-thread checker warned: " + WARNINGS);
            }
        }
    }
}
