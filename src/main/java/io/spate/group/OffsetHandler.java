package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OffsetCommit and OffsetFetch. A commit is checked against the group (Kafka's
 * validateOffsetCommit), appended as one batch of offset records, and applied to memory only once
 * the append succeeded; a failed append answers every partition with the mapped error and changes
 * nothing. Only on the coordinator's context, after the coordinator checked ownership.
 */
final class OffsetHandler {
    private final GroupConfig config;
    private final GroupRegistry registry;
    private final GroupTimer timer;
    private final GroupStore store;
    private final Rebalancer rebalancer;

    OffsetHandler(GroupConfig config, GroupRegistry registry, GroupTimer timer, GroupStore store, Rebalancer rebalancer) {
        this.config = config;
        this.registry = registry;
        this.timer = timer;
        this.store = store;
        this.rebalancer = rebalancer;
    }

    Future<Map<TopicPartition, ErrorCode>> commit(String groupId, int generationId, String memberId,
                                                  String instanceId, Map<TopicPartition, OffsetCommit> offsets) {
        GroupMetadata g = registry.get(groupId);
        if (g == null) {
            if (generationId >= 0) {
                // A member of a group this coordinator does not know: an old generation, or a lost group.
                return Future.succeededFuture(all(offsets, ErrorCode.ILLEGAL_GENERATION));
            }
            g = registry.getOrCreate(groupId, timer.nowMs());
        }
        ErrorCode invalid = validate(g, generationId, memberId, instanceId);
        if (invalid != ErrorCode.NONE) {
            return Future.succeededFuture(all(offsets, invalid));
        }
        if (generationId >= 0 && g.is(GroupState.COMPLETING_REBALANCE)) {
            // The member has its new generation but not yet its assignment: it must not commit for old partitions.
            return Future.succeededFuture(all(offsets, ErrorCode.REBALANCE_IN_PROGRESS));
        }
        if (generationId >= 0) {
            rebalancer.scheduleSession(g, g.get(memberId)); // a commit is a sign of life
        }
        return append(g, offsets);
    }

    /**
     * Kafka's validateOffsetCommit: a commit that names a member or generation must come from the
     * current incarnation in the current generation; an anonymous one (generation -1, member "",
     * no instance id) only while the group has no members (admin tools, assign()-mode consumers).
     * While PreparingRebalance a member may still commit with the current generation (cooperative
     * rebalancing revokes after committing).
     */
    private static ErrorCode validate(GroupMetadata g, int generationId, String memberId, String instanceId) {
        if (g.is(GroupState.DEAD)) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        boolean anonymous = generationId < 0 && (memberId == null || memberId.isEmpty()) && instanceId == null;
        if (!anonymous) {
            ErrorCode member = g.validateMember(memberId == null ? "" : memberId, instanceId);
            if (member != ErrorCode.NONE) {
                return member;
            }
            return generationId == g.generationId() ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
        }
        return g.is(GroupState.EMPTY) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    private Future<Map<TopicPartition, ErrorCode>> append(GroupMetadata g, Map<TopicPartition, OffsetCommit> offsets) {
        Map<TopicPartition, ErrorCode> result = new LinkedHashMap<>();
        Map<TopicPartition, StoredOffset> accepted = new LinkedHashMap<>();
        List<GroupStore.Entry> entries = new ArrayList<>();
        long now = timer.nowMs();
        for (Map.Entry<TopicPartition, OffsetCommit> e : offsets.entrySet()) {
            OffsetCommit c = e.getValue();
            if (c.metadata().getBytes(StandardCharsets.UTF_8).length > config.offsetMetadataMaxBytes()) {
                result.put(e.getKey(), ErrorCode.OFFSET_METADATA_TOO_LARGE);
                continue;
            }
            StoredOffset value = new StoredOffset(c.offset(), c.leaderEpoch(), c.metadata(), now);
            accepted.put(e.getKey(), value);
            result.put(e.getKey(), ErrorCode.NONE);
            entries.add(new GroupStore.Entry(OffsetRecordCodec.offsetKey(g.groupId(), e.getKey()),
                    OffsetRecordCodec.offsetValue(value)));
        }
        if (entries.isEmpty()) {
            return Future.succeededFuture(result);
        }
        accepted.keySet().forEach(g.offsets()::beginCommit);
        return store.append(g.partition(), entries).transform(ar -> {
            accepted.keySet().forEach(g.offsets()::endCommit);
            if (ar.succeeded()) {
                if (!g.is(GroupState.DEAD)) {
                    long recordOffset = ar.result();
                    for (Map.Entry<TopicPartition, StoredOffset> e : accepted.entrySet()) {
                        g.offsets().apply(e.getKey(), e.getValue(), recordOffset++);
                    }
                }
            } else {
                ErrorCode error = GroupStore.commitError(ar.cause());
                accepted.keySet().forEach(tp -> result.put(tp, error));
            }
            return Future.succeededFuture(result);
        });
    }

    /** The committed offsets of {@code partitions} (null = every committed partition, in order). */
    OffsetFetchResult fetch(String groupId, List<TopicPartition> partitions) {
        GroupMetadata g = registry.get(groupId);
        Map<TopicPartition, StoredOffset> result = new LinkedHashMap<>();
        if (partitions == null) {
            if (g != null) {
                Map<TopicPartition, StoredOffset> sorted = new TreeMap<>();
                g.offsets().all().forEach((tp, s) -> sorted.put(tp, s.value()));
                result.putAll(sorted);
            }
        } else {
            for (TopicPartition tp : partitions) {
                StoredOffset o = g == null ? null : g.offsets().get(tp);
                result.put(tp, o == null ? StoredOffset.NONE : o);
            }
        }
        return new OffsetFetchResult(ErrorCode.NONE, result);
    }

    static Map<TopicPartition, ErrorCode> all(Map<TopicPartition, OffsetCommit> offsets, ErrorCode error) {
        Map<TopicPartition, ErrorCode> result = new LinkedHashMap<>();
        offsets.keySet().forEach(tp -> result.put(tp, error));
        return result;
    }
}
