package io.spate.cli;

/**
 * A local operation of a command failed for an expected reason (unreadable file, bad input line):
 * the CLI prints {@code spate: <message>} as one line and exits with {@link ExitCodes#FAILED}.
 * Broker errors travel as {@link io.spate.protocol.SpateException} instead.
 */
public final class CommandFailedException extends RuntimeException {
    public CommandFailedException(String message) {
        super(message);
    }

    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
