package io.spate.broker.node;

/** A node cannot start for a reason found before it touched anything; the message names what and why. */
public final class NodeStartException extends RuntimeException {
    public NodeStartException(String message) {
        super(message);
    }
}
