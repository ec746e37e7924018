package io.spate.cli;

/** No node of the bootstrap list accepted a TCP connection; the CLI exits with {@link ExitCodes#CANNOT_CONNECT}. */
public final class CannotConnectException extends RuntimeException {
    private final String bootstrap;

    public CannotConnectException(String bootstrap, String reason) {
        super("cannot connect to " + bootstrap + ": " + reason);
        this.bootstrap = bootstrap;
    }

    /** The bootstrap list as given on the command line or in SPATE_BOOTSTRAP. */
    public String bootstrap() {
        return bootstrap;
    }
}
