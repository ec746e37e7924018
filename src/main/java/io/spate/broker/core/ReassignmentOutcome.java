package io.spate.broker.core;

import io.spate.protocol.ErrorCode;

/** The outcome of one partition's reassignment request: NONE, or the error and why. */
public record ReassignmentOutcome(int partition, ErrorCode error, String errorMessage) {
}
