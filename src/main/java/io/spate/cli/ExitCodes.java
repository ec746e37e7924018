package io.spate.cli;

/**
 * The exit codes of the {@code spate} command. They are part of its interface: scripts test them,
 * so a code never changes meaning.
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;
    /** An operation failed: the broker answered with an error, or a local operation failed. */
    public static final int FAILED = 1;
    /** The command line is wrong: unknown command or option, missing or bad value. */
    public static final int USAGE = 2;
    /** No bootstrap node could be reached. */
    public static final int CANNOT_CONNECT = 3;
    /**
     * {@code spate cluster health} found a partition without a leader or with an ISR smaller than its
     * replicas (the command itself worked).
     */
    public static final int UNHEALTHY = 4;
    /**
     * {@code spate dump-log} found damage in a segment: a batch that fails magic or CRC, offsets that do
     * not continue, a torn tail or a corrupt length (the dump itself was printed).
     */
    public static final int DAMAGED = 5;

    private ExitCodes() {
    }
}
