package io.spate.group;

import io.spate.common.Time;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Kafka's classic consumer-group coordinator, protocol-free: JoinGroup / SyncGroup / Heartbeat /
 * LeaveGroup with generations and fencing, committed offsets kept as records of the internal
 * offsets topic ({@link CoordinatorLog}), loading, expiry, listing, describing and deleting groups.
 * docs/groups.md describes the state machine and the record format.
 *
 * <p>Threading: every method may be called from any thread and returns a Future. All group state
 * lives on the one Vert.x context given at construction; each call hops to it, so no locks are
 * needed. Futures complete on that context.
 *
 * <p>A group belongs to partition {@link #partitionFor} of the offsets topic; requests for a group
 * whose partition is not loaded here are answered NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS
 * while it loads. After {@link #close()} every request gets COORDINATOR_NOT_AVAILABLE.
 */
public final class GroupCoordinator {
    /** Whether the coordinator serves; requests after close are refused. */
    private enum Lifecycle { RUNNING, CLOSED }

    private final Context context;
    private final GroupRegistry registry;
    private final JoinHandler joins;
    private final MembershipHandler membership;
    private final OffsetHandler offsets;
    private final GroupCleaner cleaner;
    private final GroupLoader loader;
    private final OpenTransactions transactions;
    private Lifecycle lifecycle = Lifecycle.RUNNING;

    /**
     * @param context the context that owns every group (an event-loop context)
     * @param timer   clock and timers; {@link VertxGroupTimer} in production
     */
    public GroupCoordinator(Context context, GroupConfig config, CoordinatorLog log, GroupTimer timer) {
        this.context = context;
        this.registry = new GroupRegistry(log.partitionCount());
        GroupStore store = new GroupStore(context, log, timer);
        Rebalancer rebalancer = new Rebalancer(config, timer, store);
        this.joins = new JoinHandler(config, registry, timer, store, rebalancer);
        this.membership = new MembershipHandler(registry, timer, store, rebalancer);
        this.transactions = new OpenTransactions(registry);
        this.offsets = new OffsetHandler(config, registry, timer, store, rebalancer, transactions);
        this.cleaner = new GroupCleaner(config, registry, timer, store);
        this.loader = new GroupLoader(context, log, registry, timer, rebalancer, transactions);
    }

    /** A coordinator on {@code time}'s wall clock and the Vert.x timers of {@code context}. */
    public static GroupCoordinator create(Context context, GroupConfig config, CoordinatorLog log, Time time) {
        return new GroupCoordinator(context, config, log, new VertxGroupTimer(context, time));
    }

    /** The offsets-topic partition of a group: Kafka's abs(hashCode) % partitions. Any thread. */
    public int partitionFor(String groupId) {
        return registry.partitionFor(groupId);
    }

    /** Replays partition {@code p} and serves its groups; fails (and leaves it unloaded) on a corrupt record. */
    public Future<Void> loadPartition(int p) {
        return onContext(() -> lifecycle == Lifecycle.CLOSED
                ? Future.failedFuture(ErrorCode.COORDINATOR_NOT_AVAILABLE.exception("the coordinator is closed"))
                : loader.load(p));
    }

    /** Stops serving partition {@code p}: its groups are dropped, waiting requests get NOT_COORDINATOR. */
    public Future<Void> unloadPartition(int p) {
        return onContext(() -> {
            loader.unload(p);
            return Future.succeededFuture();
        });
    }

    /** Loads every partition (a single node owns them all). */
    public Future<Void> loadAll() {
        List<Future<Void>> all = new ArrayList<>();
        for (int p = 0; p < registry.partitionCount(); p++) {
            all.add(loadPartition(p));
        }
        return Future.all(all).mapEmpty();
    }

    public Future<JoinResult> join(JoinRequest r) {
        return onContext(() -> {
            ErrorCode e = status(r.groupId(), false);
            return e != ErrorCode.NONE ? Future.succeededFuture(JoinResult.error(r.memberId(), e)) : joins.join(r);
        });
    }

    public Future<SyncResult> sync(SyncRequest r) {
        return onContext(() -> {
            ErrorCode e = status(r.groupId(), false);
            // A loading coordinator lost the rebalance in progress: the member must rejoin (as Kafka).
            return e == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS ? Future.succeededFuture(SyncResult.error(ErrorCode.REBALANCE_IN_PROGRESS))
                    : e != ErrorCode.NONE ? Future.succeededFuture(SyncResult.error(e)) : membership.sync(r);
        });
    }

    /** Heartbeat: NONE, or the error telling the member what to do (rejoin, reset its id, ...). */
    public Future<ErrorCode> heartbeat(String groupId, int generationId, String memberId, String groupInstanceId) {
        return onContext(() -> {
            ErrorCode e = status(groupId, false);
            // While loading, answer blindly so members do not rejoin needlessly (as Kafka).
            return Future.succeededFuture(e == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS ? ErrorCode.NONE
                    : e != ErrorCode.NONE ? e : membership.heartbeat(groupId, generationId, memberId, groupInstanceId));
        });
    }

    public Future<LeaveResult> leave(String groupId, List<LeavingMember> members) {
        return onContext(() -> {
            ErrorCode e = status(groupId, false);
            return Future.succeededFuture(e != ErrorCode.NONE ? new LeaveResult(e, List.of())
                    : membership.leave(groupId, members));
        });
    }

    /**
     * OffsetCommit; one answer per partition. {@code generationId} -1 with member "" commits from
     * outside the group protocol, allowed only while the group has no members.
     */
    public Future<Map<TopicPartition, ErrorCode>> commitOffsets(String groupId, int generationId, String memberId,
                                                                String groupInstanceId,
                                                                Map<TopicPartition, OffsetCommit> commits) {
        Map<TopicPartition, OffsetCommit> copy = new LinkedHashMap<>(commits);
        return onContext(() -> {
            ErrorCode e = status(groupId, true);
            return e != ErrorCode.NONE ? Future.succeededFuture(OffsetHandler.all(copy, e))
                    : offsets.commit(groupId, generationId, memberId, groupInstanceId, copy);
        });
    }

    /**
     * TxnOffsetCommit; one answer per partition. The offsets are appended to the group's partition of
     * the offsets topic as one transactional batch of {@code producer} (acks=all) and wait for its
     * marker ({@link #completeTransaction}); until then OffsetFetch does not show them. Checked as
     * {@link #commitOffsets} when {@code generationId} >= 0; generation -1 with member "" skips the
     * member check in any group state (Kafka). INVALID_REQUEST for a producer without transactional
     * id, id or epoch.
     */
    public Future<Map<TopicPartition, ErrorCode>> commitTxnOffsets(String groupId, TxnProducer producer,
                                                                   int generationId, String memberId,
                                                                   String groupInstanceId,
                                                                   Map<TopicPartition, OffsetCommit> commits) {
        Map<TopicPartition, OffsetCommit> copy = new LinkedHashMap<>(commits);
        return onContext(() -> {
            ErrorCode e = status(groupId, false);
            return e != ErrorCode.NONE ? Future.succeededFuture(OffsetHandler.all(copy, e))
                    : offsets.commitTransactional(groupId, producer, generationId, memberId, groupInstanceId, copy);
        });
    }

    /**
     * A COMMIT ({@code committed}) or ABORT marker of {@code producerId} is committed on partition
     * {@code offsetsPartition} of the offsets topic: that producer's transactional offsets in the
     * partition's groups become their committed offsets (each unless a record later in the log set
     * that partition already) or are dropped. Completes once applied, on the coordinator's context.
     * A marker of a partition still loading is applied when the load ends; of a partition not served
     * here, ignored (its leader reads the marker when it loads). Fails only on a partition number the
     * topic does not have.
     */
    public Future<Void> completeTransaction(int offsetsPartition, long producerId, boolean committed) {
        return onContext(() -> {
            if (offsetsPartition < 0 || offsetsPartition >= registry.partitionCount()) {
                return Future.failedFuture(new IllegalArgumentException("offsets topic has no partition " + offsetsPartition));
            }
            if (lifecycle == Lifecycle.RUNNING && !loader.deferMarker(offsetsPartition, producerId, committed)
                    && registry.partitionStatus(offsetsPartition) == GroupRegistry.PartitionStatus.LOADED) {
                transactions.complete(offsetsPartition, producerId, committed);
            }
            return Future.succeededFuture();
        });
    }

    /** OffsetFetch of {@code partitions}, or of every committed partition when null (transactional offsets waiting for their marker are not shown). */
    public Future<OffsetFetchResult> fetchOffsets(String groupId, List<TopicPartition> partitions) {
        return fetchOffsets(groupId, partitions, false);
    }

    /**
     * OffsetFetch as {@link #fetchOffsets(String, List)}; with {@code requireStable} (KIP-447) a
     * partition with a transactional offset waiting for its marker is answered without offset and
     * named in {@link OffsetFetchResult#unstable()}.
     */
    public Future<OffsetFetchResult> fetchOffsets(String groupId, List<TopicPartition> partitions, boolean requireStable) {
        List<TopicPartition> copy = partitions == null ? null : List.copyOf(partitions);
        return onContext(() -> {
            ErrorCode e = status(groupId, true);
            return Future.succeededFuture(e != ErrorCode.NONE ? new OffsetFetchResult(e, Map.of())
                    : offsets.fetch(groupId, copy, requireStable));
        });
    }

    /**
     * OffsetDelete (Kafka's, KIP-496): removes the committed offsets of {@code partitions} (tombstones
     * first, memory once appended). The group must exist (GROUP_ID_NOT_FOUND) and, unless Empty, use
     * the "consumer" protocol type (NON_EMPTY_GROUP); a partition of a topic the group's members are
     * subscribed to keeps its offset and answers GROUP_SUBSCRIBED_TO_TOPIC. A partition without an
     * offset answers NONE.
     */
    public Future<OffsetDeleteResult> deleteOffsets(String groupId, List<TopicPartition> partitions) {
        List<TopicPartition> copy = List.copyOf(partitions);
        return onContext(() -> {
            ErrorCode e = status(groupId, false);
            return e != ErrorCode.NONE ? Future.succeededFuture(new OffsetDeleteResult(e, Map.of()))
                    : cleaner.deleteOffsets(groupId, copy);
        });
    }

    /** ListGroups; {@code statesFilter} holds wire state names, empty or null for all. */
    public Future<ListGroupsResult> listGroups(Collection<String> statesFilter) {
        List<String> copy = statesFilter == null ? List.of() : List.copyOf(statesFilter);
        return onContext(() -> Future.succeededFuture(lifecycle == Lifecycle.CLOSED
                ? new ListGroupsResult(ErrorCode.COORDINATOR_NOT_AVAILABLE, List.of())
                : GroupQueries.list(registry, copy)));
    }

    /** DescribeGroups, one description per id in order; an unknown group is "Dead" without error. */
    public Future<List<DescribedGroup>> describeGroups(List<String> groupIds) {
        List<String> copy = List.copyOf(groupIds);
        return onContext(() -> {
            List<DescribedGroup> result = new ArrayList<>();
            for (String id : copy) {
                ErrorCode e = status(id, true);
                GroupMetadata g = e == ErrorCode.NONE ? registry.get(id) : null;
                result.add(e != ErrorCode.NONE ? DescribedGroup.error(id, e)
                        : g == null ? DescribedGroup.dead(id) : GroupQueries.describe(g));
            }
            return Future.succeededFuture(result);
        });
    }

    /**
     * DeleteGroups: per id, NONE once its offsets and metadata are tombstoned; NON_EMPTY_GROUP,
     * GROUP_ID_NOT_FOUND, INVALID_GROUP_ID ("" or null), or the coordinator error. Ids keep their order.
     */
    public Future<Map<String, ErrorCode>> deleteGroups(List<String> groupIds) {
        List<String> copy = new ArrayList<>(groupIds);
        return onContext(() -> {
            Map<String, Future<ErrorCode>> pending = new LinkedHashMap<>();
            for (String id : copy) {
                ErrorCode e = status(id, false);
                pending.putIfAbsent(id, e != ErrorCode.NONE ? Future.succeededFuture(e) : cleaner.delete(id));
            }
            return Future.all(new ArrayList<>(pending.values())).map(done -> {
                Map<String, ErrorCode> result = new LinkedHashMap<>();
                pending.forEach((id, f) -> result.put(id, f.result()));
                return result;
            });
        });
    }

    /** Expires offsets as of {@code nowMs} (the lead calls it every offsets.retention.check.interval.ms). */
    public Future<Integer> expireOffsets(long nowMs) {
        return onContext(() -> lifecycle == Lifecycle.CLOSED ? Future.succeededFuture(0) : cleaner.expireOffsets(nowMs));
    }

    /** Stops every timer and answers waiting JoinGroups and SyncGroups with NOT_COORDINATOR. */
    public Future<Void> close() {
        return onContext(() -> {
            lifecycle = Lifecycle.CLOSED;
            for (int p = 0; p < registry.partitionCount(); p++) {
                loader.unload(p);
            }
            return Future.succeededFuture();
        });
    }

    /** INVALID_GROUP_ID, COORDINATOR_NOT_AVAILABLE (closed), NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS or NONE. */
    private ErrorCode status(String groupId, boolean emptyIdAllowed) {
        if (groupId == null || (!emptyIdAllowed && groupId.isEmpty())) {
            return ErrorCode.INVALID_GROUP_ID;
        }
        if (lifecycle == Lifecycle.CLOSED) {
            return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
        return registry.status(groupId);
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        if (Vertx.currentContext() == context) {
            return run(action);
        }
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> run(action).onComplete(promise));
        return promise.future();
    }

    private static <T> Future<T> run(Supplier<Future<T>> action) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
