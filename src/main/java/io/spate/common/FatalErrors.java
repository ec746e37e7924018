package io.spate.common;

/**
 * What a node does with an error it cannot survive: an {@link OutOfMemoryError} anywhere (an event
 * loop, a worker, a Netty pipeline, Hazelcast's threads) leaves threads dead and state half-changed,
 * so the node must not linger as a zombie that accepts TCP and answers nothing. It prints one line
 * to stderr and halts the JVM at once with {@link #EXIT_STATUS}, without shutdown hooks (they would
 * need memory and threads the node may no longer have), so that a supervisor restarts it; recovery
 * at the next start makes the logs whole, as after a crash. The JVM option
 * {@code -XX:+ExitOnOutOfMemoryError} that the launchers pass does the same earlier, at the first
 * OutOfMemoryError thrown; this is for JVMs started without it.
 *
 * <p>Thread-safe.
 */
public final class FatalErrors {
    /** The exit status of a halt for want of memory (the JVM's own for ExitOnOutOfMemoryError). */
    public static final int EXIT_STATUS = 3;

    private FatalErrors() {
    }

    /** Whether {@code t} or one of its causes is an {@link OutOfMemoryError}. */
    public static boolean isFatal(Throwable t) {
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** Halts the JVM (see the class comment) when {@code t} {@link #isFatal is fatal}; else returns. */
    public static void haltIfFatal(Throwable t) {
        if (isFatal(t)) {
            // no string building that could itself fail for want of memory beyond what println needs
            System.err.println("spate: fatal: out of memory, halting (exit status " + EXIT_STATUS + ")");
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }

    /**
     * Makes every thread that dies of an uncaught fatal error halt the JVM; other uncaught errors go
     * to the handler that was installed before, or are printed as the JVM would.
     */
    public static void installUncaughtHandler() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, err) -> {
            haltIfFatal(err);
            if (previous != null) {
                previous.uncaughtException(thread, err);
            } else {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                err.printStackTrace();
            }
        });
    }
}
