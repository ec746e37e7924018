package io.spate.protocol;

/**
 * A failure that maps to a wire {@link ErrorCode}. Broker code fails Futures with it; the client
 * raises it when a response carries an error; the CLI prints {@link #getMessage()} as one line.
 */
public class SpateException extends RuntimeException {
    private final ErrorCode error;
    private final String detail;

    public SpateException(ErrorCode error, String message) {
        super(message == null || message.isEmpty() ? error.name() : error.name() + ": " + message);
        this.error = error;
        this.detail = message;
    }

    public SpateException(ErrorCode error, String message, Throwable cause) {
        super(message == null || message.isEmpty() ? error.name() : error.name() + ": " + message, cause);
        this.error = error;
        this.detail = message;
    }

    /**
     * The message as given, without the error code {@link #getMessage()} starts with: what goes into a
     * response's {@code error_message} (the code travels in {@code error_code}; the receiver adds it again).
     */
    public String detail() {
        return detail;
    }

    public ErrorCode error() {
        return error;
    }

    public boolean retriable() {
        return error.retriable();
    }
}
