package io.spate.broker.core;

import io.spate.protocol.ErrorCode;

/**
 * Who coordinates a group or a transactional id: the leader of the key's partition of
 * {@code __consumer_offsets} or {@code __transaction_state}, or why none can be named
 * (COORDINATOR_NOT_AVAILABLE with the reason). Each listener names the leader by its own endpoint.
 *
 * @param topic     the internal topic looked in
 * @param partition the key's partition of it (-1 with an error)
 * @param leaderId  its leader's node id (-1 with an error; it may have none: {@code NO_LEADER})
 */
public record CoordinatorLeader(ErrorCode error, String message, String topic, int partition, int leaderId) {
    static CoordinatorLeader unavailable(String topic, String message) {
        return new CoordinatorLeader(ErrorCode.COORDINATOR_NOT_AVAILABLE, message, topic, -1, -1);
    }
}
