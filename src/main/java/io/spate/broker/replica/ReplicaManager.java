package io.spate.broker.replica;

import io.spate.broker.core.PartitionWriter;
import io.spate.cluster.NodeRecord;
import io.spate.common.Time;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.replication.FetcherListener;
import io.spate.replication.NetworkLeaderClient;
import io.spate.replication.ReplicaFetchProbe;
import io.spate.replication.ReplicaFetcher;
import io.spate.replication.ReplicaFetcherOptions;
import io.spate.transport.LoopContext;
import io.spate.transport.NodeChannel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A clustered node's followers: one {@link ReplicaFetcher} per leader node (its own connection to
 * that node), each replicating the partitions this node follows there. {@link #follow} moves a
 * partition to its current leader and epoch; {@link #unfollow} stops it (before the partition's
 * writer becomes leader, so no fetch appends to a leading log).
 *
 * <p>Threading: called from the topic manager's admin context, one change at a time; the fetchers
 * run on their own contexts.
 */
public final class ReplicaManager {
    private static final System.Logger LOG = System.getLogger(ReplicaManager.class.getName());

    private record Fetcher(ReplicaFetcher fetcher, NodeChannel channel, String address) {
    }

    /** What a partition follows now; a fenced partition is re-added while this stays the same. */
    private record Following(int leaderId, int epoch, PartitionWriter writer) {
    }

    private final Vertx vertx;
    private final int self;
    private final ReplicaFetcherOptions options;
    private final Time time;
    private final Map<Integer, Fetcher> byLeader = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<TopicPartition, Integer> leaderOf = new HashMap<>();
    private final Map<TopicPartition, Following> following = new java.util.concurrent.ConcurrentHashMap<>();
    private final ReplicaFetchProbe probe = new ReplicaFetchProbe();

    public ReplicaManager(Vertx vertx, int self, ReplicaFetcherOptions options, Time time) {
        this.vertx = vertx;
        this.self = self;
        this.options = options;
        this.time = time;
    }

    /** Replicates {@code tp} from {@code leader} at {@code epoch} into {@code w}'s log. */
    Future<Void> follow(TopicPartition tp, NodeRecord leader, int epoch, PartitionWriter w) {
        Integer previous = leaderOf.put(tp, leader.nodeId());
        Future<Void> moved = previous != null && previous != leader.nodeId() ? removeFrom(previous, tp)
                : Future.succeededFuture();
        ReplicaFetcher fetcher = fetcherFor(leader);
        following.put(tp, new Following(leader.nodeId(), epoch, w));
        return moved.compose(v -> fetcher.addPartition(tp, epoch, w.followerLog()));
    }

    /** Stops replicating {@code tp}; completes once its fetcher dropped it (see {@link ReplicaFetcher#dropPartition}). */
    Future<Void> unfollow(TopicPartition tp) {
        Integer leader = leaderOf.remove(tp);
        following.remove(tp);
        return leader == null ? Future.succeededFuture() : removeFrom(leader, tp);
    }

    private Future<Void> removeFrom(int leader, TopicPartition tp) {
        Fetcher f = byLeader.get(leader);
        return f == null ? Future.succeededFuture() : f.fetcher().dropPartition(tp);
    }

    private ReplicaFetcher fetcherFor(NodeRecord leader) {
        Fetcher f = byLeader.get(leader.nodeId());
        if (f != null && f.address().equals(leader.address())) {
            return f.fetcher();
        }
        if (f != null) { // the leader node restarted elsewhere: a new connection
            f.fetcher().close().onComplete(ar -> f.channel().close());
        }
        NodeChannel channel = NodeChannel.create(vertx, leader.nodeId(), leader.host(), leader.port(),
                "replica-fetcher-" + self, (int) Math.min(Integer.MAX_VALUE, options.requestTimeoutMs()));
        LoopContext context = LoopContext.create(vertx);
        ReplicaFetcher fetcher = new ReplicaFetcher(self, leader.nodeId(), probe.wrap(new NetworkLeaderClient(channel,
                options.requestTimeoutMs()), vertx), options, context, time, new Listener(leader.nodeId()));
        byLeader.put(leader.nodeId(), new Fetcher(fetcher, channel, leader.address()));
        return fetcher;
    }

    /** The fault-injection point in front of every fetcher's requests (armed by tests only). */
    public ReplicaFetchProbe probe() {
        return probe;
    }

    /** Stops every fetcher and closes its connection. */
    public Future<Void> close() {
        List<Future<Void>> all = new ArrayList<>();
        byLeader.values().forEach(f -> all.add(f.fetcher().close().transform(ar -> f.channel().close())));
        byLeader.clear();
        leaderOf.clear();
        following.clear();
        return Future.join(all).mapEmpty();
    }

    /**
     * A fenced partition waits for the metadata; while this node's metadata still says the same
     * leader and epoch (the leader simply had not applied it yet), it is added again after the backoff.
     */
    private final class Listener implements FetcherListener {
        private final int leaderId;

        Listener(int leaderId) {
            this.leaderId = leaderId;
        }

        @Override
        public void onFenced(TopicPartition tp, int leaderEpoch, ErrorCode error, String message) {
            LOG.log(System.Logger.Level.DEBUG, "replica of " + tp + " stopped at epoch " + leaderEpoch + ": " + error);
            Following f = following.get(tp);
            if (f == null || f.leaderId() != leaderId || f.epoch() != leaderEpoch) {
                return;
            }
            vertx.setTimer(options.backoffMs(), id -> {
                Fetcher fetcher = byLeader.get(leaderId);
                if (following.get(tp) == f && fetcher != null) {
                    fetcher.fetcher().addPartition(tp, leaderEpoch, f.writer().followerLog());
                }
            });
        }

        @Override
        public void onFailed(TopicPartition tp, int leaderEpoch, Throwable cause) {
            LOG.log(System.Logger.Level.ERROR, "replica of " + tp + " stopped at epoch " + leaderEpoch, cause);
        }
    }
}
