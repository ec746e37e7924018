package io.spate.cluster.raft;

import io.microraft.RaftEndpoint;
import io.microraft.model.message.RaftMessage;
import io.microraft.persistence.NopRaftStore;
import io.microraft.transport.Transport;
import io.spate.cluster.MetadataImage;
import io.spate.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * N voters of the metadata quorum in one JVM, on one Vert.x instance, joined by an in-memory network
 * that a test can partition into sides (no message crosses between sides, in either direction) and
 * heal, and whose nodes it can crash (terminate). Forwarded proposals cross the same network: a cut
 * link fails the forward, and an answer that would cross a link cut meanwhile is lost. Two faults
 * touch one path only: the Raft messages to a node can be lost while its forwards pass (it falls
 * behind the log, as a slow follower does), and the answers to a node's forwards can be lost while
 * the proposals reach the leader. Every node records every image its listeners were told of.
 */
final class RaftTestCluster implements AutoCloseable {
    /**
     * The fastest timings MicroRaft allows without followers losing a healthy leader: heartbeats every
     * second (its minimum), given up after 2 s (1 s would race the heartbeat itself), a lease of 1.5 s,
     * votes of 200 ms, and changes given up after 4 s. Fresh-clone runs failed as "a node without a leader
     * for over 4 s (then 10 s)"; where reproduced, no election was under way: a follower's change whose
     * epoch came in a snapshot waited for an image that never came and held the node's later changes until
     * their timeout (fixed in RaftClusterMetadata; see its snapshot tests). Under busy loops on both cores the longest GC
     * pause seen was 82 ms and the longest a thread woke late 434 ms, far below the 2 s heartbeat timeout.
     */
    static final QuorumOptions FAST = new QuorumOptions(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofSeconds(4), Duration.ofMillis(20), 50,
            Duration.ofSeconds(4));

    final Vertx vertx = Vertx.vertx();
    private final Map<Integer, RaftClusterMetadata> nodes = new TreeMap<>();
    private final Map<Integer, List<MetadataImage>> seen = new HashMap<>();
    private final Set<Integer> crashed = Collections.synchronizedSet(new HashSet<>());
    private volatile Map<Integer, Integer> sideOf = Map.of(); // empty: one network
    private final Set<Integer> holding = Collections.synchronizedSet(new HashSet<>());
    private final List<Runnable> held = Collections.synchronizedList(new ArrayList<>());
    private final Set<Integer> raftMessagesLost = Collections.synchronizedSet(new HashSet<>());
    private final Set<Integer> forwardAnswersLost = Collections.synchronizedSet(new HashSet<>());

    RaftTestCluster(int size) {
        this(size, FAST);
    }

    RaftTestCluster(int size, QuorumOptions options) {
        List<SpateEndpoint> voters = new ArrayList<>();
        for (int id = 1; id <= size; id++) {
            voters.add(new SpateEndpoint(id));
        }
        for (SpateEndpoint self : voters) {
            int id = self.nodeId();
            List<MetadataImage> images = Collections.synchronizedList(new ArrayList<>());
            seen.put(id, images);
            RaftClusterMetadata m = RaftClusterMetadata.create(vertx, self, voters, new Link(id), new NopRaftStore(),
                    (leader, command) -> forward(id, leader.nodeId(), command), options, Clock.systemUTC());
            m.onChange(images::add);
            nodes.put(id, m);
        }
    }

    RaftTestCluster start() {
        Future.all(nodes.values().stream().map(RaftClusterMetadata::start).toList()).await();
        return this;
    }

    RaftClusterMetadata node(int id) {
        return nodes.get(id);
    }

    Set<Integer> ids() {
        return nodes.keySet();
    }

    Set<Integer> live() {
        return nodes.keySet().stream().filter(id -> !crashed.contains(id)).collect(Collectors.toCollection(HashSet::new));
    }

    /** Every image node {@code id}'s listeners were told of, in order. */
    List<MetadataImage> seen(int id) {
        synchronized (seen.get(id)) {
            return List.copyOf(seen.get(id));
        }
    }

    /** Cuts the network into these sides; nodes not named form one more side each. */
    @SafeVarargs
    final void partition(Set<Integer>... sides) {
        Map<Integer, Integer> map = new HashMap<>();
        for (int i = 0; i < sides.length; i++) {
            for (int id : sides[i]) {
                map.put(id, i);
            }
        }
        int next = sides.length;
        for (int id : nodes.keySet()) {
            if (!map.containsKey(id)) {
                map.put(id, next++);
            }
        }
        sideOf = Map.copyOf(map);
    }

    void heal() {
        sideOf = Map.of();
    }

    void crash(int id) {
        crashed.add(id);
        nodes.get(id).close().await();
    }

    boolean linked(int from, int to) {
        Map<Integer, Integer> sides = sideOf;
        return !crashed.contains(from) && !crashed.contains(to)
                && (sides.isEmpty() || sides.get(from).equals(sides.get(to)));
    }

    /**
     * The leader every node of {@code group} follows, once they agree on one of them (bounded wait);
     * the wait's duration is in {@code took}, if given.
     */
    int awaitLeader(Set<Integer> group, Duration within) {
        int[] leader = new int[1];
        Eventually.eventually(within, "one leader among " + group, () -> {
            Set<Optional<SpateEndpoint>> leaders = group.stream().map(id -> nodes.get(id).leader()).collect(Collectors.toSet());
            if (leaders.size() != 1) {
                return false;
            }
            Optional<SpateEndpoint> l = leaders.iterator().next();
            if (l.isEmpty() || !group.contains(l.get().nodeId())) {
                return false;
            }
            leader[0] = l.get().nodeId();
            return true;
        }, () -> group.stream().map(id -> id + "->" + nodes.get(id).leader()).toList().toString());
        return leader[0];
    }

    /**
     * Waits until every node of {@code group} applied the same image and told its listeners of it (they
     * hear of it after {@code current()} shows it, on another context), and returns it.
     */
    MetadataImage awaitSameImage(Set<Integer> group, Duration within) {
        Eventually.eventually(within, "one image on " + group + ", told to its listeners",
                () -> group.stream().map(id -> nodes.get(id).current()).distinct().count() == 1
                        && group.stream().allMatch(id -> nodes.get(id).current().equals(lastSeen(id))),
                () -> group.stream().map(id -> id + "@" + nodes.get(id).current().epoch() + " told "
                        + lastSeen(id).epoch()).toList().toString());
        return nodes.get(group.iterator().next()).current();
    }

    private MetadataImage lastSeen(int id) {
        List<MetadataImage> images = seen(id);
        return images.isEmpty() ? MetadataImage.EMPTY : images.get(images.size() - 1);
    }

    /**
     * The Raft messages to node {@code id} are lost from now on (it votes and learns nothing, falls
     * behind the log and then its leader), while its forwarded proposals and their answers still pass.
     */
    void dropRaftMessagesTo(int id) {
        raftMessagesLost.add(id);
    }

    /** Raft messages reach every node again. */
    void deliverRaftMessages() {
        raftMessagesLost.clear();
    }

    /** The answers to node {@code id}'s forwarded proposals are lost from now on; the proposals still reach the leader. */
    void loseForwardAnswersOf(int id) {
        forwardAnswersLost.add(id);
    }

    /** The answers to forwarded proposals reach their node again. */
    void keepForwardAnswers() {
        forwardAnswersLost.clear();
    }

    /** Holds the proposals node {@code id} forwards until {@link #releaseForwards()}. */
    void holdForwards(int id) {
        holding.add(id);
    }

    /** Sends the held proposals on, in the order they were made, and holds no more. */
    void releaseForwards() {
        holding.clear();
        List<Runnable> go;
        synchronized (held) {
            go = List.copyOf(held);
            held.clear();
        }
        go.forEach(Runnable::run);
    }

    int heldForwards() {
        return held.size();
    }

    private Future<ProposalResult> forward(int from, int to, MetadataCommand command) {
        if (holding.contains(from)) {
            io.vertx.core.Promise<ProposalResult> later = io.vertx.core.Promise.promise();
            held.add(() -> forward(from, to, command).onComplete(later));
            return later.future();
        }
        if (!linked(from, to)) {
            return Future.failedFuture(new IllegalStateException("node " + to + " unreachable from node " + from));
        }
        return nodes.get(to).propose(command).transform(ar -> linked(to, from) && !forwardAnswersLost.contains(from)
                ? (ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(ar.cause()))
                : Future.failedFuture(new IllegalStateException("the answer from node " + to + " was lost")));
    }

    /** One node's way into the network. */
    private final class Link implements Transport {
        private final int self;

        Link(int self) {
            this.self = self;
        }

        @Override
        public void send(RaftEndpoint target, RaftMessage message) {
            int to = ((SpateEndpoint) target).nodeId();
            if (linked(self, to) && !raftMessagesLost.contains(to)) {
                nodes.get(to).raftNode().handle(message);
            }
        }

        @Override
        public boolean isReachable(RaftEndpoint endpoint) {
            return linked(self, ((SpateEndpoint) endpoint).nodeId());
        }
    }

    @Override
    public void close() {
        for (int id : live()) {
            nodes.get(id).close().await();
        }
        vertx.close().await();
    }
}
