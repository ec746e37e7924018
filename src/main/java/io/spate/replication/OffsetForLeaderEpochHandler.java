package io.spate.replication;

import io.spate.log.EpochEndOffset;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.OffsetForLeaderEpochResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The leader's side of OffsetForLeaderEpoch (23): for each partition, where the asked epoch ended in
 * the local log ({@code LeaderEpochCache.endOffsetFor}). Per partition, in this order:
 * UNKNOWN_TOPIC_OR_PARTITION if there is no log, NOT_LEADER_OR_FOLLOWER if this node does not lead
 * it, FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH if the request's current_leader_epoch (unless -1)
 * is older / newer than this node's, KAFKA_STORAGE_ERROR if the log is offline, else the answer.
 *
 * <p>Stateless; any thread (the log's offsets are volatile and its epoch cache is synchronized). The
 * broker decodes the request, calls {@link #handle} and encodes the response.
 */
public final class OffsetForLeaderEpochHandler {
    /** This node's leader epoch of a partition it leads. */
    @FunctionalInterface
    public interface LeaderEpochs {
        /**
         * The epoch at which this node leads the partition, {@link #NOT_LEADER} if it does not, or -1
         * if it leads it at an epoch it does not know (no epoch check then).
         */
        int of(String topic, int partition);
    }

    /** {@link LeaderEpochs#of} for a partition this node does not lead. */
    public static final int NOT_LEADER = -2;

    private final BiFunction<String, Integer, PartitionLog> logs;
    private final LeaderEpochs leaderEpochs;

    /**
     * @param logs         the local log of a topic-partition, or null if the node has none
     * @param leaderEpochs this node's leader epoch per partition (from the cluster metadata)
     */
    public OffsetForLeaderEpochHandler(BiFunction<String, Integer, PartitionLog> logs, LeaderEpochs leaderEpochs) {
        this.logs = logs;
        this.leaderEpochs = leaderEpochs;
    }

    /**
     * A handler for a node that leads every log it has, at the latest epoch of the log's cache (a
     * single node; tests). With no epoch in the cache, the epoch check accepts any current epoch.
     */
    public static OffsetForLeaderEpochHandler forLogs(BiFunction<String, Integer, PartitionLog> logs) {
        return new OffsetForLeaderEpochHandler(logs, (topic, partition) -> {
            PartitionLog log = logs.apply(topic, partition);
            return log == null ? NOT_LEADER : log.leaderEpochCache().latestEpoch();
        });
    }

    public OffsetForLeaderEpochResponse handle(OffsetForLeaderEpochRequest request) {
        List<OffsetForLeaderEpochResponse.TopicResponse> topics = new ArrayList<>();
        for (OffsetForLeaderEpochRequest.TopicData t : request.topics()) {
            List<OffsetForLeaderEpochResponse.PartitionResponse> answers = new ArrayList<>();
            for (OffsetForLeaderEpochRequest.PartitionData p : t.partitions()) {
                answers.add(answer(t.name(), p));
            }
            topics.add(new OffsetForLeaderEpochResponse.TopicResponse(t.name(), answers));
        }
        return new OffsetForLeaderEpochResponse(topics);
    }

    private OffsetForLeaderEpochResponse.PartitionResponse answer(String topic, OffsetForLeaderEpochRequest.PartitionData p) {
        PartitionLog log = logs.apply(topic, p.partition());
        if (log == null) {
            return OffsetForLeaderEpochResponse.PartitionResponse.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, p.partition());
        }
        int epoch = leaderEpochs.of(topic, p.partition());
        ErrorCode error = ErrorCode.NONE;
        if (epoch == NOT_LEADER) {
            error = ErrorCode.NOT_LEADER_OR_FOLLOWER;
        } else if (p.currentLeaderEpoch() >= 0 && epoch >= 0 && p.currentLeaderEpoch() < epoch) {
            error = ErrorCode.FENCED_LEADER_EPOCH;
        } else if (p.currentLeaderEpoch() >= 0 && epoch >= 0 && p.currentLeaderEpoch() > epoch) {
            error = ErrorCode.UNKNOWN_LEADER_EPOCH;
        } else if (log.isOffline()) {
            error = ErrorCode.KAFKA_STORAGE_ERROR;
        }
        if (error != ErrorCode.NONE) {
            return OffsetForLeaderEpochResponse.PartitionResponse.failed(error, p.partition());
        }
        EpochEndOffset end = log.leaderEpochCache().endOffsetFor(p.leaderEpoch());
        return new OffsetForLeaderEpochResponse.PartitionResponse(ErrorCode.NONE, p.partition(), end.epoch(), end.endOffset());
    }
}
