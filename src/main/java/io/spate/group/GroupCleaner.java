package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offset expiry and DeleteGroups. Both append tombstones first and change memory only once the
 * append succeeded: a tombstone at log offset T removes an offset whose record lies before T, so
 * memory ends as a replay of the log would. A group that ends with no members and no offsets
 * becomes Dead and leaves the registry. Only on the coordinator's context.
 */
final class GroupCleaner {
    private static final System.Logger LOG = System.getLogger(GroupCleaner.class.getName());

    private final GroupConfig config;
    private final GroupRegistry registry;
    private final GroupTimer timer;
    private final GroupStore store;

    GroupCleaner(GroupConfig config, GroupRegistry registry, GroupTimer timer, GroupStore store) {
        this.config = config;
        this.registry = registry;
        this.timer = timer;
        this.store = store;
    }

    /**
     * Expires the offsets of Empty groups older than offsets.retention.minutes, counted from the
     * later of the commit and the moment the group became Empty (a group that consumed until an
     * hour ago keeps its offsets a full retention from then); for a group that only ever had
     * standalone commits (no protocol type), from the commit. Offsets with a commit in flight, or
     * with a transactional offset waiting for its marker, stay (as Kafka). An Empty group left
     * without offsets (and without members waiting to join, or transactional offsets waiting) dies. Completes
     * with the number of offsets removed; a failed append is logged and changes nothing.
     */
    Future<Integer> expireOffsets(long nowMs) {
        List<Future<Integer>> all = new ArrayList<>();
        for (GroupMetadata g : registry.all()) {
            if (!g.is(GroupState.EMPTY)) {
                continue;
            }
            List<TopicPartition> expired = new ArrayList<>();
            g.offsets().all().forEach((tp, stored) -> {
                // Standalone commits (no protocol type) age from the commit alone, as in Kafka.
                long base = g.protocolType() == null ? stored.value().commitTimestamp()
                        : Math.max(stored.value().commitTimestamp(), g.stateTimestamp());
                if (!g.offsets().hasPendingCommit(tp) && !g.offsets().hasTransactional(tp)
                        && nowMs - base >= config.offsetsRetentionMs()) {
                    expired.add(tp);
                }
            });
            boolean dies = expired.size() == g.offsets().size() && !g.offsets().hasPendingCommits()
                    && !g.offsets().hasTransactional() && g.pendingMemberCount() == 0;
            if (expired.isEmpty() && !dies) {
                continue;
            }
            all.add(writeTombstones(g, expired, dies, false).transform(ar -> {
                if (ar.failed()) {
                    LOG.log(System.Logger.Level.WARNING, "could not expire offsets of group " + g.groupId() + ": "
                            + ar.cause().getMessage());
                    return Future.succeededFuture(0);
                }
                return Future.succeededFuture(expired.size());
            }));
        }
        return Future.all(all).map(cf -> {
            int n = 0;
            for (int i = 0; i < cf.size(); i++) {
                n += cf.<Integer>resultAt(i);
            }
            return n;
        });
    }

    /**
     * DeleteGroups: only Empty groups; the answer per group id, in request order. Transactional
     * offsets waiting for a marker are deleted too (tombstoned, as Kafka's deleteAllOffsets): their
     * later COMMIT finds nothing to apply, in memory as on replay.
     */
    Future<ErrorCode> delete(String groupId) {
        GroupMetadata g = registry.get(groupId);
        if (g == null || g.is(GroupState.DEAD)) {
            return Future.succeededFuture(ErrorCode.GROUP_ID_NOT_FOUND);
        }
        if (!g.is(GroupState.EMPTY)) {
            return Future.succeededFuture(ErrorCode.NON_EMPTY_GROUP);
        }
        // Partitions with a commit in flight are covered too: that commit's record precedes the tombstone.
        Set<TopicPartition> partitions = new LinkedHashSet<>(g.offsets().all().keySet());
        partitions.addAll(g.offsets().pendingPartitions());
        partitions.addAll(g.offsets().transactionalPartitions());
        return writeTombstones(g, new ArrayList<>(partitions), true, true).transform(ar -> {
            if (ar.failed()) {
                return Future.succeededFuture(GroupStore.storeError(ar.cause()));
            }
            // A member may have joined while the tombstones were appended; the group then lives on.
            return Future.succeededFuture(g.is(GroupState.DEAD) ? ErrorCode.NONE : ErrorCode.NON_EMPTY_GROUP);
        });
    }

    /**
     * OffsetDelete: see {@link GroupCoordinator#deleteOffsets}. A tombstone is written for each
     * partition not subscribed to that has a committed offset, a commit in flight or a transactional
     * offset waiting (Kafka's rule); the group itself stays, whatever is left of it.
     */
    Future<OffsetDeleteResult> deleteOffsets(String groupId, List<TopicPartition> partitions) {
        GroupMetadata g = registry.get(groupId);
        if (g == null || g.is(GroupState.DEAD)) {
            return Future.succeededFuture(new OffsetDeleteResult(ErrorCode.GROUP_ID_NOT_FOUND, Map.of()));
        }
        if (!g.is(GroupState.EMPTY) && !SubscribedTopics.CONSUMER_PROTOCOL_TYPE.equals(g.protocolType())) {
            return Future.succeededFuture(new OffsetDeleteResult(ErrorCode.NON_EMPTY_GROUP, Map.of()));
        }
        Map<TopicPartition, ErrorCode> result = new LinkedHashMap<>();
        List<TopicPartition> tombstoned = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (SubscribedTopics.isSubscribed(g, tp.topic())) {
                result.put(tp, ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC);
                continue;
            }
            result.put(tp, ErrorCode.NONE);
            if (g.offsets().get(tp) != null || g.offsets().hasPendingCommit(tp) || g.offsets().hasTransactional(tp)) {
                tombstoned.add(tp);
            }
        }
        if (tombstoned.isEmpty()) {
            return Future.succeededFuture(new OffsetDeleteResult(ErrorCode.NONE, result));
        }
        return writeTombstones(g, tombstoned, false, false).transform(ar -> Future.succeededFuture(ar.succeeded()
                ? new OffsetDeleteResult(ErrorCode.NONE, result)
                : new OffsetDeleteResult(GroupStore.storeError(ar.cause()), Map.of())));
    }

    /**
     * Appends tombstones for {@code partitions} (and the group metadata if {@code groupToo}) in one
     * batch; on success removes those offsets and, if the group is then Empty with nothing left,
     * makes it Dead and drops it. {@code coversPendingCommits}: the tombstones include the partitions
     * with a commit in flight, so the group may die with them (their late success finds it Dead).
     */
    private Future<Void> writeTombstones(GroupMetadata g, List<TopicPartition> partitions, boolean groupToo,
                                         boolean coversPendingCommits) {
        List<GroupStore.Entry> entries = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            entries.add(new GroupStore.Entry(OffsetRecordCodec.offsetKey(g.groupId(), tp), null));
        }
        if (groupToo) {
            entries.add(new GroupStore.Entry(OffsetRecordCodec.groupKey(g.groupId()), null));
        }
        return store.append(g.partition(), entries).map(baseOffset -> {
            for (TopicPartition tp : partitions) {
                g.offsets().removeOlderThan(tp, baseOffset);
            }
            if (groupToo && g.is(GroupState.EMPTY) && !g.hasMembers() && g.offsets().isEmpty()
                    && (coversPendingCommits || !g.offsets().hasPendingCommits())) {
                g.cancelTimers();
                g.transitionTo(GroupState.DEAD, timer.nowMs());
                registry.remove(g);
                LOG.log(System.Logger.Level.INFO, "group " + g.groupId() + " is removed");
            }
            return null;
        });
    }
}
