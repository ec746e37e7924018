package io.spate.client;

/**
 * A record's Future failed because the producer had stopped sending (see
 * {@link ProducerConfig#setAbortOnSendFailure}) after an earlier record failed, which is
 * {@link #getCause()}: the record was not sent, or was in a batch the broker refused as too large
 * that the stopped producer did not split and resend. Either way it was not written.
 */
public final class RecordNotSentException extends RuntimeException {
    public RecordNotSentException(Throwable failure) {
        super("not sent: the producer stopped sending after a record failed: " + failure.getMessage(), failure);
    }
}
