package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.record.ControlRecord;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
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
 *
 * <p>Transactions, as Kafka's loader: the records of a transactional batch wait per producer id
 * until that producer's control batch later in the log; COMMIT applies each of them unless a record
 * later in the log set that partition already, ABORT drops them, and what still waits at the end of
 * the replay stays waiting in its group (its marker will come). A marker committed while the
 * partition loads ({@link #deferMarker}) is applied once the load is installed: the replay may have
 * ended before it, and if it did not, the producer has nothing left waiting and it changes nothing.
 */
final class GroupLoader {
    private static final System.Logger LOG = System.getLogger(GroupLoader.class.getName());

    private final Context context;
    private final CoordinatorLog log;
    private final GroupRegistry registry;
    private final GroupTimer timer;
    private final Rebalancer rebalancer;
    private final OpenTransactions transactions;
    /** The load in progress per partition: a load whose partition was unloaded (or reloaded) meanwhile is dropped. */
    private final Map<Integer, Replay> loads = new HashMap<>();

    GroupLoader(Context context, CoordinatorLog log, GroupRegistry registry, GroupTimer timer, Rebalancer rebalancer,
                OpenTransactions transactions) {
        this.context = context;
        this.log = log;
        this.registry = registry;
        this.timer = timer;
        this.rebalancer = rebalancer;
        this.transactions = transactions;
    }

    Future<Void> load(int partition) {
        if (partition < 0 || partition >= registry.partitionCount()) {
            return Future.failedFuture(new IllegalArgumentException("offsets topic has no partition " + partition));
        }
        if (registry.partitionStatus(partition) != null) {
            return Future.succeededFuture(); // loaded or loading already
        }
        Replay replay = new Replay(partition);
        loads.put(partition, replay);
        registry.partitionStatus(partition, GroupRegistry.PartitionStatus.LOADING);
        Future<Void> replayed;
        try {
            replayed = ContextHop.back(context, log.replay(partition, replay::visit));
        } catch (RuntimeException e) {
            replayed = Future.failedFuture(e);
        }
        return replayed.transform(ar -> {
            if (loads.get(partition) != replay) {
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
            for (Marker m : replay.lateMarkers) {
                transactions.complete(partition, m.producerId(), m.committed());
            }
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
        replay.waiting.forEach((producerId, waiting) -> waiting.forEach((key, stored) -> {
            groups.computeIfAbsent(key.groupId(), id -> new GroupMetadata(id, partition, now)).offsets()
                    .stageTransactional(producerId, key.partition(), stored.value(), stored.recordOffset());
            transactions.add(partition, producerId, key.groupId());
        }));
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

    /**
     * Keeps a transaction marker committed on {@code partition} while it loads, to apply once loaded.
     * False if the partition is not loading here.
     */
    boolean deferMarker(int partition, long producerId, boolean committed) {
        Replay replay = loads.get(partition);
        if (replay == null) {
            return false;
        }
        replay.lateMarkers.add(new Marker(producerId, committed));
        return true;
    }

    /** Drops the partition's groups: their waiting requests are answered NOT_COORDINATOR, their timers stop. */
    void unload(int partition) {
        loads.remove(partition);
        transactions.forget(partition);
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

    /** A transaction marker: the producer's transaction committed or aborted. */
    private record Marker(long producerId, boolean committed) {
    }

    /** What a replay has seen so far: the last value per key, and the transactional offsets still waiting. */
    private static final class Replay {
        private final int partition;
        private final Map<String, GroupRecord> groups = new LinkedHashMap<>();
        private final Map<CoordinatorKey.OffsetKey, StoredOffsets.Entry> offsets = new LinkedHashMap<>();
        private final Map<Long, Map<CoordinatorKey.OffsetKey, StoredOffsets.Entry>> waiting = new LinkedHashMap<>();
        private final List<Marker> lateMarkers = new ArrayList<>();
        private Throwable failure;

        Replay(int partition) {
            this.partition = partition;
        }

        void visit(RecordBatch batch) {
            if (failure != null) {
                return;
            }
            long at = batch.baseOffset();
            try {
                if (batch.isControl()) {
                    marker(batch);
                    return;
                }
                long producerId = batch.isTransactional() ? batch.producerId() : RecordBatch.NO_PRODUCER_ID;
                for (Record r : batch.records()) {
                    at = r.offset();
                    apply(r, producerId);
                }
            } catch (RuntimeException e) {
                failure = new CorruptCoordinatorRecordException(partition, at, e.getMessage(), e);
            }
        }

        /** A COMMIT or ABORT marker completes its producer's waiting offsets; other control records are not ours. */
        private void marker(RecordBatch batch) {
            if (batch.records().isEmpty()) {
                return; // a marker whose transaction compaction emptied
            }
            ControlRecord marker = ControlRecord.read(batch);
            if (marker == null) {
                return;
            }
            Map<CoordinatorKey.OffsetKey, StoredOffsets.Entry> done = waiting.remove(batch.producerId());
            if (done != null && marker.commit()) {
                // Newest in log order wins: a plain commit appended after the transactional one stays.
                done.forEach((k, e) -> {
                    StoredOffsets.Entry current = offsets.get(k);
                    if (current == null || current.recordOffset() < e.recordOffset()) {
                        offsets.put(k, e);
                    }
                });
            }
        }

        /** {@code producerId} >= 0: a record of that producer's open transaction. */
        private void apply(Record r, long producerId) {
            if (r.key() == null) {
                throw new IllegalArgumentException("record without a key");
            }
            CoordinatorKey key = OffsetRecordCodec.readKey(r.key());
            if (key instanceof CoordinatorKey.OffsetKey k) {
                if (r.value() == null) {
                    offsets.remove(k);
                    // A tombstone removes the partition's waiting transactional offsets too, as at run time.
                    waiting.values().removeIf(w -> {
                        w.remove(k);
                        return w.isEmpty();
                    });
                } else {
                    StoredOffsets.Entry e = new StoredOffsets.Entry(OffsetRecordCodec.readOffsetValue(r.value()), r.offset());
                    if (producerId >= 0) {
                        waiting.computeIfAbsent(producerId, id -> new LinkedHashMap<>()).put(k, e);
                    } else {
                        offsets.put(k, e);
                    }
                }
            } else if (r.value() == null) {
                groups.remove(key.groupId());
            } else {
                groups.put(key.groupId(), OffsetRecordCodec.readGroupValue(r.value()));
            }
        }
    }
}
