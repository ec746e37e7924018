package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and unloads partitions of the offsets topic. Loading replays the partition (the last record
 * per key wins, a tombstone deletes the key) and rebuilds its groups: offsets, the last stored
 * generation with its members and assignments (a group with members comes back Stable, as in
 * Kafka), and a fresh session deadline for every loaded member. While a partition loads, requests
 * for its groups get COORDINATOR_LOAD_IN_PROGRESS. Only on the coordinator's context.
 */
final class GroupLoader {
    private static final System.Logger LOG = System.getLogger(GroupLoader.class.getName());

    private final Context context;
    private final CoordinatorLog log;
    private final GroupRegistry registry;
    private final GroupTimer timer;
    private final Rebalancer rebalancer;
    /** The load in progress per partition: a load whose partition was unloaded (or reloaded) meanwhile is dropped. */
    private final Map<Integer, Object> loads = new HashMap<>();

    GroupLoader(Context context, CoordinatorLog log, GroupRegistry registry, GroupTimer timer, Rebalancer rebalancer) {
        this.context = context;
        this.log = log;
        this.registry = registry;
        this.timer = timer;
        this.rebalancer = rebalancer;
    }

    Future<Void> load(int partition) {
        if (partition < 0 || partition >= registry.partitionCount()) {
            return Future.failedFuture(new IllegalArgumentException("offsets topic has no partition " + partition));
        }
        if (registry.partitionStatus(partition) != null) {
            return Future.succeededFuture(); // loaded or loading already
        }
        Object token = new Object();
        loads.put(partition, token);
        registry.partitionStatus(partition, GroupRegistry.PartitionStatus.LOADING);
        Replay replay = new Replay(partition);
        Future<Void> replayed;
        try {
            replayed = ContextHop.back(context, log.replay(partition, replay::visit));
        } catch (RuntimeException e) {
            replayed = Future.failedFuture(e);
        }
        return replayed.transform(ar -> {
            if (loads.get(partition) != token) {
                return Future.failedFuture(ErrorCode.NOT_COORDINATOR.exception(
                        "offsets topic partition " + partition + " was unloaded while loading"));
            }
            loads.remove(partition);
            Throwable failure = ar.failed() ? ar.cause() : replay.failure;
            if (failure != null) {
                registry.partitionStatus(partition, null);
                LOG.log(System.Logger.Level.ERROR, "could not load offsets topic partition " + partition, failure);
                return Future.failedFuture(failure);
            }
            install(partition, replay);
            registry.partitionStatus(partition, GroupRegistry.PartitionStatus.LOADED);
            return Future.succeededFuture();
        });
    }

    private void install(int partition, Replay replay) {
        Map<String, GroupMetadata> groups = new LinkedHashMap<>();
        long now = timer.nowMs();
        replay.groups.forEach((id, record) -> {
            GroupMetadata g = new GroupMetadata(id, partition, now);
            g.restore(record, members(record));
            groups.put(id, g);
        });
        replay.offsets.forEach((key, stored) -> groups
                .computeIfAbsent(key.groupId(), id -> new GroupMetadata(id, partition, now))
                .offsets().apply(key.partition(), stored.value(), stored.recordOffset()));
        for (GroupMetadata g : groups.values()) {
            registry.put(g);
            for (MemberMetadata m : g.members()) {
                rebalancer.scheduleSession(g, m);
            }
        }
        LOG.log(groups.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.INFO, "loaded " + groups.size() + " groups from offsets topic partition " + partition);
    }

    private static List<MemberMetadata> members(GroupRecord record) {
        if (record.protocol() == null) {
            return List.of(); // an Empty generation
        }
        return record.members().stream().map(r -> {
            MemberMetadata m = new MemberMetadata(r.memberId(), r.groupInstanceId(), r.clientId(), r.clientHost(),
                    r.rebalanceTimeoutMs(), r.sessionTimeoutMs(), record.protocolType(),
                    List.of(new Protocol(record.protocol(), r.subscription())));
            m.assignment(r.assignment());
            return m;
        }).toList();
    }

    /** Drops the partition's groups: their waiting requests are answered NOT_COORDINATOR, their timers stop. */
    void unload(int partition) {
        loads.remove(partition);
        registry.partitionStatus(partition, null);
        for (GroupMetadata g : registry.groupsOf(partition)) {
            kill(g, ErrorCode.NOT_COORDINATOR);
            registry.remove(g);
        }
    }

    /** Makes {@code g} Dead, answering every waiting JoinGroup and SyncGroup with {@code error}. */
    void kill(GroupMetadata g, ErrorCode error) {
        g.cancelTimers();
        for (MemberMetadata m : g.members()) {
            m.completeJoin(JoinResult.error(m.memberId(), error));
            m.completeSync(SyncResult.error(error));
        }
        g.transitionTo(GroupState.DEAD, timer.nowMs());
    }

    /** What a replay has seen so far: the last value per key. */
    private static final class Replay {
        private final int partition;
        private final Map<String, GroupRecord> groups = new LinkedHashMap<>();
        private final Map<CoordinatorKey.OffsetKey, StoredOffsets.Entry> offsets = new LinkedHashMap<>();
        private Throwable failure;

        Replay(int partition) {
            this.partition = partition;
        }

        void visit(RecordBatch batch) {
            if (failure != null || batch.isControl()) {
                return;
            }
            long at = batch.baseOffset();
            try {
                for (Record r : batch.records()) {
                    at = r.offset();
                    apply(r);
                }
            } catch (RuntimeException e) {
                failure = new CorruptCoordinatorRecordException(partition, at, e.getMessage(), e);
            }
        }

        private void apply(Record r) {
            if (r.key() == null) {
                throw new IllegalArgumentException("record without a key");
            }
            CoordinatorKey key = OffsetRecordCodec.readKey(r.key());
            if (key instanceof CoordinatorKey.OffsetKey k) {
                if (r.value() == null) {
                    offsets.remove(k);
                } else {
                    offsets.put(k, new StoredOffsets.Entry(OffsetRecordCodec.readOffsetValue(r.value()), r.offset()));
                }
            } else if (r.value() == null) {
                groups.remove(key.groupId());
            } else {
                groups.put(key.groupId(), OffsetRecordCodec.readGroupValue(r.value()));
            }
        }
    }
}
