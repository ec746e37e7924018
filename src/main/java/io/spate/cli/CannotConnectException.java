package io.spate.cli;

/**
 * No node of the bootstrap list accepted a connection and answered as a Spate node; the CLI exits
 * with {@link ExitCodes#CANNOT_CONNECT}. The message is what was found at each address
 * ({@link NodeProbe}).
 */
public final class CannotConnectException extends RuntimeException {
    private final String bootstrap;

    public CannotConnectException(String bootstrap, String message) {
        super(message);
        this.bootstrap = bootstrap;
    }

    /** The bootstrap list as given on the command line or in the environment. */
    public String bootstrap() {
        return bootstrap;
    }
}
