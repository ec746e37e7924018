package io.spate.client.internal.consumer;

import io.spate.client.CommitFailedException;
import io.spate.client.OffsetAndMetadata;
import io.spate.client.internal.network.GroupCoordinatorLookup;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetCommitResponse;
import io.spate.protocol.OffsetFetchRequest;
import io.spate.protocol.OffsetFetchResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A group's committed offsets on the wire (internal): OffsetCommit and OffsetFetch to the group
 * coordinator, retried on coordinator and connection errors until default.api.timeout.ms.
 *
 * <p>Commit errors: ILLEGAL_GENERATION and UNKNOWN_MEMBER_ID, and REBALANCE_IN_PROGRESS under an
 * eager protocol, fail with {@link CommitFailedException}; under a cooperative protocol
 * REBALANCE_IN_PROGRESS fails as such (the member keeps its partitions and may commit again once
 * it has rejoined); any other partition error fails with a {@link SpateException} of that error.
 *
 * <p>Confined to the consumer's context.
 */
final class GroupOffsets {
    private final GroupChannel channel;

    GroupOffsets(GroupChannel channel) {
        this.channel = channel;
    }

    /** Commits {@code offsets} as {@code generation} (NO_GENERATION: a commit from outside the group protocol). */
    Future<Void> commit(Map<TopicPartition, OffsetAndMetadata> offsets, Generation generation, boolean cooperative) {
        if (offsets.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<String, List<OffsetCommitRequest.Partition>> byTopic = new TreeMap<>();
        offsets.forEach((tp, om) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(new OffsetCommitRequest.Partition(tp.partition(), om.offset(),
                        om.leaderEpoch().orElse(OffsetCommitRequest.UNKNOWN_LEADER_EPOCH), om.metadata())));
        List<OffsetCommitRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((t, parts) -> topics.add(new OffsetCommitRequest.Topic(t, parts)));
        boolean inGroup = generation.generationId() >= 0;
        OffsetCommitRequest request = new OffsetCommitRequest(channel.groupId,
                inGroup ? generation.generationId() : OffsetCommitRequest.NO_GENERATION,
                inGroup ? generation.memberId() : "", inGroup ? channel.instanceIdOrNull() : null, topics);
        return channel.sendWithRetries(ApiKey.OFFSET_COMMIT, request, OffsetCommitResponse::readFrom,
                GroupOffsets::groupError).compose(resp -> outcome(resp, cooperative));
    }

    /** The error to act on for the whole request: a coordinator error repeated on the partitions. */
    private static ErrorCode groupError(OffsetCommitResponse resp) {
        for (OffsetCommitResponse.Topic t : resp.topics()) {
            for (OffsetCommitResponse.Partition p : t.partitions()) {
                if (GroupCoordinatorLookup.isCoordinatorError(p.error())
                        || p.error() == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) {
                    return p.error();
                }
            }
        }
        return ErrorCode.NONE;
    }

    private Future<Void> outcome(OffsetCommitResponse resp, boolean cooperative) {
        for (OffsetCommitResponse.Topic t : resp.topics()) {
            for (OffsetCommitResponse.Partition p : t.partitions()) {
                switch (p.error()) {
                    case NONE -> {
                    }
                    case ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID -> {
                        return Future.failedFuture(new CommitFailedException(p.error(), channel.groupId));
                    }
                    case REBALANCE_IN_PROGRESS -> {
                        return Future.failedFuture(cooperative
                                ? new SpateException(p.error(), "group '" + channel.groupId
                                        + "' is rebalancing: commit again after the next poll")
                                : new CommitFailedException(p.error(), channel.groupId));
                    }
                    default -> {
                        return Future.failedFuture(new SpateException(p.error(), "committing " + t.name() + "-"
                                + p.partition() + " for group '" + channel.groupId + "'"
                                + (p.errorMessage() != null ? ": " + p.errorMessage() : "")));
                    }
                }
            }
        }
        return Future.succeededFuture();
    }

    /** The committed offset of each partition; a partition without one maps to null (as Kafka). */
    Future<Map<TopicPartition, OffsetAndMetadata>> fetch(Collection<TopicPartition> tps) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        tps.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<OffsetFetchRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((t, parts) -> topics.add(new OffsetFetchRequest.Topic(t, parts)));
        OffsetFetchRequest request = new OffsetFetchRequest(channel.groupId, topics);
        return channel.sendWithRetries(ApiKey.OFFSET_FETCH, request, OffsetFetchResponse::readFrom,
                OffsetFetchResponse::error).compose(resp -> {
                    if (resp.error() != ErrorCode.NONE) {
                        return Future.failedFuture(new SpateException(resp.error(), "fetching the offsets of group '"
                                + channel.groupId + "'" + (resp.errorMessage() != null ? ": " + resp.errorMessage() : "")));
                    }
                    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
                    tps.forEach(tp -> out.put(tp, null));
                    for (OffsetFetchResponse.Topic t : resp.topics()) {
                        for (OffsetFetchResponse.Partition p : t.partitions()) {
                            TopicPartition tp = new TopicPartition(t.name(), p.partition());
                            if (p.error() != ErrorCode.NONE) {
                                return Future.failedFuture(new SpateException(p.error(), "fetching the offset of "
                                        + tp + " for group '" + channel.groupId + "'"));
                            }
                            if (p.committedOffset() >= 0) {
                                Optional<Integer> epoch = p.committedLeaderEpoch() >= 0
                                        ? Optional.of(p.committedLeaderEpoch()) : Optional.empty();
                                out.put(tp, new OffsetAndMetadata(p.committedOffset(), p.metadata(), epoch));
                            }
                        }
                    }
                    return Future.succeededFuture(out);
                });
    }
}
