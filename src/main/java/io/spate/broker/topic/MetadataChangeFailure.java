package io.spate.broker.topic;

import io.spate.cluster.raft.NoQuorumException;
import io.spate.protocol.ErrorCode;

/**
 * What a client is told when {@code ClusterMetadata.update} fails, in one place for every admin
 * request. A change the metadata quorum could not commit in time ({@link NoQuorumException}) is
 * REQUEST_TIMED_OUT, Kafka's answer when its controller cannot commit in time: it is not known to have
 * failed (it may still commit), and it is never success. Anything else (a forward refused, ...) stays
 * NOT_CONTROLLER.
 */
final class MetadataChangeFailure {
    private MetadataChangeFailure() {
    }

    static ErrorCode error(Throwable cause) {
        return cause instanceof NoQuorumException ? ErrorCode.REQUEST_TIMED_OUT : ErrorCode.NOT_CONTROLLER;
    }

    static String message(Throwable cause) {
        if (cause instanceof NoQuorumException) {
            return "the metadata quorum did not commit the change in time; it is not known to have been applied ("
                    + cause.getMessage() + ")";
        }
        return "the cluster metadata cannot change now (" + cause.getMessage() + ")";
    }
}
