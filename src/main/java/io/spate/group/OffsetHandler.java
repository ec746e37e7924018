package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * OffsetCommit, TxnOffsetCommit and OffsetFetch. A commit is checked against the group (Kafka's
 * validateOffsetCommit), appended as one batch of offset records, and applied to memory only once
 * the append succeeded; a failed append answers every partition with the mapped error and changes
 * nothing. A transactional commit is appended as one transactional batch of its producer and then
 * waits in {@link StoredOffsets} for the producer's marker ({@link OpenTransactions}); OffsetFetch
 * shows only committed offsets. Only on the coordinator's context, after the coordinator checked
 * ownership.
 */
final class OffsetHandler {
    private final GroupConfig config;
    private final GroupRegistry registry;
    private final GroupTimer timer;
    private final GroupStore store;
    private final Rebalancer rebalancer;
    private final OpenTransactions transactions;

    OffsetHandler(GroupConfig config, GroupRegistry registry, GroupTimer timer, GroupStore store, Rebalancer rebalancer,
                  OpenTransactions transactions) {
        this.config = config;
        this.registry = registry;
        this.timer = timer;
        this.store = store;
        this.rebalancer = rebalancer;
        this.transactions = transactions;
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
        ErrorCode invalid = validate(g, generationId, memberId, instanceId, false);
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
        return append(g, offsets, null);
    }

    /**
     * TxnOffsetCommit: checked as an OffsetCommit, except that an anonymous commit (generation -1,
     * member "", no instance id) is allowed in any state and a member may commit while its group
     * completes a rebalance (Kafka's doTxnCommitOffsets: producers of old clients send no
     * generation, and a commit inside a transaction is not a sign of the member's life).
     */
    Future<Map<TopicPartition, ErrorCode>> commitTransactional(String groupId, TxnProducer producer, int generationId,
                                                               String memberId, String instanceId,
                                                               Map<TopicPartition, OffsetCommit> offsets) {
        if (producer.transactionalId() == null || producer.transactionalId().isEmpty()
                || producer.producerId() < 0 || producer.producerEpoch() < 0) {
            return Future.succeededFuture(all(offsets, ErrorCode.INVALID_REQUEST));
        }
        GroupMetadata g = registry.get(groupId);
        if (g == null) {
            if (generationId >= 0) {
                return Future.succeededFuture(all(offsets, ErrorCode.ILLEGAL_GENERATION));
            }
            g = registry.getOrCreate(groupId, timer.nowMs());
        }
        ErrorCode invalid = validate(g, generationId, memberId, instanceId, true);
        if (invalid != ErrorCode.NONE) {
            return Future.succeededFuture(all(offsets, invalid));
        }
        return append(g, offsets, producer);
    }

    /**
     * Kafka's validateOffsetCommit: a commit that names a member or generation must come from the
     * current incarnation in the current generation; an anonymous one (generation -1, member "",
     * no instance id) only while the group has no members (admin tools, assign()-mode consumers).
     * While PreparingRebalance a member may still commit with the current generation (cooperative
     * rebalancing revokes after committing).
     */
    private static ErrorCode validate(GroupMetadata g, int generationId, String memberId, String instanceId,
                                      boolean transactional) {
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
        return transactional || g.is(GroupState.EMPTY) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }

    /** Appends the commit ({@code producer} null: a plain one) and applies or stages it once appended. */
    private Future<Map<TopicPartition, ErrorCode>> append(GroupMetadata g, Map<TopicPartition, OffsetCommit> offsets,
                                                          TxnProducer producer) {
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
        Future<Long> appended = producer == null ? store.append(g.partition(), entries)
                : store.appendTransactional(g.partition(), entries, producer.producerId(), producer.producerEpoch());
        return appended.transform(ar -> {
            accepted.keySet().forEach(g.offsets()::endCommit);
            if (ar.succeeded()) {
                if (!g.is(GroupState.DEAD)) {
                    long recordOffset = ar.result();
                    for (Map.Entry<TopicPartition, StoredOffset> e : accepted.entrySet()) {
                        if (producer == null) {
                            g.offsets().apply(e.getKey(), e.getValue(), recordOffset++);
                        } else {
                            g.offsets().stageTransactional(producer.producerId(), e.getKey(), e.getValue(), recordOffset++);
                        }
                    }
                    if (producer != null) {
                        transactions.add(g.partition(), producer.producerId(), g.groupId());
                    }
                }
            } else {
                ErrorCode error = GroupStore.commitError(ar.cause());
                accepted.keySet().forEach(tp -> result.put(tp, error));
            }
            return Future.succeededFuture(result);
        });
    }

    /**
     * The committed offsets of {@code partitions} (null = every committed partition, in order). A
     * partition with a transactional offset waiting for its marker answers its last committed offset
     * when {@code requireStable} is false; when true it is answered without offset and listed as
     * unstable (KIP-447: a read_committed consumer must not start from an offset that may still move).
     */
    OffsetFetchResult fetch(String groupId, List<TopicPartition> partitions, boolean requireStable) {
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
        Set<TopicPartition> unstable = new HashSet<>();
        if (requireStable && g != null) {
            for (Map.Entry<TopicPartition, StoredOffset> e : result.entrySet()) {
                if (g.offsets().hasTransactional(e.getKey())) {
                    unstable.add(e.getKey());
                    e.setValue(StoredOffset.NONE);
                }
            }
        }
        return new OffsetFetchResult(ErrorCode.NONE, result, unstable);
    }

    static Map<TopicPartition, ErrorCode> all(Map<TopicPartition, OffsetCommit> offsets, ErrorCode error) {
        Map<TopicPartition, ErrorCode> result = new LinkedHashMap<>();
        offsets.keySet().forEach(tp -> result.put(tp, error));
        return result;
    }
}
