package io.spate.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.spate.common.Time;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ClusterMembership} over Hazelcast: the present members come from Hazelcast's member list
 * (oldest first), each node's claim of its id from the {@code spate.nodes} map (node id → {@link
 * NodeRecord} JSON, guarded by split-brain protection like every Spate map), and a present node is
 * live while its claim names the incarnation that the metadata image registers under its id
 * ({@link #adoptRegistrations}); its host, port and rack are the registration's.
 *
 * <p>Threading: Hazelcast calls its listeners on its own threads; they only schedule a
 * {@link #refresh()} (member changes) or a {@link #reload()} of the node records (map changes) on the
 * membership context, which rebuilds the snapshots and tells the listeners. Map reads and writes
 * block, so they run on workers; two state machines on the membership context keep them in order:
 * {@link ReadState} (reads of the records never overlap, and changes seen during one coalesce into
 * one more read) and {@link WriteState} (at most one write of this node's own record at a time).
 * They are independent: a read may run while the write is under way.
 */
public final class HazelcastMembership implements ClusterMembership {
    static final String NODES_MAP = HazelcastSetup.MAP_PREFIX + "nodes";
    private static final System.Logger LOG = System.getLogger(HazelcastMembership.class.getName());

    private final Vertx vertx;
    private final LoopContext context;
    private final HazelcastInstance hz;
    private final IMap<Integer, String> nodes;
    private final NodeRecord self;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<UUID> registrations = new ArrayList<>();
    private volatile Map<Integer, NodeRecord> known = Map.of();
    private volatile Map<Integer, RegisteredNode> registered = Map.of();
    private volatile List<NodeRecord> present = List.of();
    private volatile List<NodeRecord> live = List.of();
    private volatile OptionalInt controller = OptionalInt.empty();
    private volatile NodeRecord advertised;
    private ReadState reads = ReadState.IDLE; // membership context only
    private WriteState write = WriteState.IDLE; // membership context only

    /**
     * The reads of the node records ({@link #reload()}). Transitions, every other move throws
     * {@link IllegalStateException}:
     * <ul>
     * <li>IDLE → READING: a read starts;</li>
     * <li>READING → READING_THEN_AGAIN, READING_THEN_AGAIN → READING_THEN_AGAIN: a change is seen
     *     while the read runs; however many there are, one more read follows it;</li>
     * <li>READING → IDLE, READING_THEN_AGAIN → IDLE: the read is done (succeeded or refused); from
     *     READING_THEN_AGAIN the next read starts at once (IDLE → READING).</li>
     * </ul>
     */
    private enum ReadState { IDLE, READING, READING_THEN_AGAIN }

    /**
     * The write of this node's own record ({@link #reRegister()}). Transitions, every other move
     * throws {@link IllegalStateException}:
     * <ul>
     * <li>IDLE → WRITING: a read found the record missing or stale;</li>
     * <li>WRITING → IDLE: the write is done (written or refused); it then has the records read again.</li>
     * </ul>
     * There is no WRITING → WRITING: a read that ends during the write leaves the record to the
     * write's own read ({@link #ensureOwnRecord()}), so a registration in flight is never doubled.
     */
    private enum WriteState { IDLE, WRITING }

    private HazelcastMembership(Vertx vertx, HazelcastInstance hz, NodeRecord self) {
        this.vertx = vertx;
        this.context = LoopContext.create(vertx);
        this.hz = hz;
        this.nodes = hz.getMap(NODES_MAP);
        this.self = self;
        this.advertised = self;
    }

    /**
     * Claims {@code nodeId} for this process (or the smallest id no node has ever had, for {@link
     * NodeIdentity#AUTO}) and starts following membership changes. Waits while no majority of
     * {@code cluster.size} is present, at most {@code cluster.join.timeout.ms} on {@code time}. The
     * node is live for the cluster only once it is also registered in the metadata image.
     */
    public static Future<HazelcastMembership> join(Vertx vertx, HazelcastInstance hz, int nodeId,
                                                   String host, ClusterConfig cluster, Time time) {
        String uuid = hz.getCluster().getLocalMember().getUuid().toString();
        String incarnation = UUID.randomUUID().toString();
        return vertx.executeBlocking(() -> {
            NodeIdClaim reg = new NodeIdClaim(hz.getMap(NODES_MAP), hz, uuid, incarnation, time);
            int id = reg.register(nodeId, host, cluster.rack(), cluster.joinTimeoutMs());
            HazelcastMembership m = new HazelcastMembership(vertx, hz,
                    new NodeRecord(id, uuid, host, 0, cluster.rack(), incarnation));
            m.follow();
            return m;
        });
    }

    /** Blocking: adds the listeners, then reads the map once. */
    private void follow() {
        registrations.add(hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                context.runOnContext(v -> refresh());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                // the records too: a crash can promote a stale copy of the map (see ensureOwnRecord)
                context.runOnContext(v -> {
                    refresh();
                    reload();
                });
            }
        }));
        registrations.add(nodes.addEntryListener(new NodeMapListener(), true));
        registrations.add(hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
                context.runOnContext(v -> reload()); // its record names the old member UUID: see ensureOwnRecord
            }
        }));
        known = readAll();
        recompute();
        context.runOnContext(v -> reload()); // the last word goes to a read after every event seen so far
    }

    /** Blocking: every node record in the map. */
    private Map<Integer, NodeRecord> readAll() {
        Map<Integer, NodeRecord> all = new TreeMap<>();
        nodes.forEach((id, json) -> all.put(id, NodeRecord.fromJson(json)));
        return Map.copyOf(all);
    }

    /** Any change of the map, merges included, makes the membership context read it again (see {@link #reload()}). */
    private final class NodeMapListener implements EntryAddedListener<Integer, String>,
            EntryUpdatedListener<Integer, String>, EntryRemovedListener<Integer, String>,
            EntryMergedListener<Integer, String> {
        @Override
        public void entryAdded(EntryEvent<Integer, String> e) {
            context.runOnContext(v -> reload());
        }

        @Override
        public void entryUpdated(EntryEvent<Integer, String> e) {
            context.runOnContext(v -> reload());
        }

        @Override
        public void entryRemoved(EntryEvent<Integer, String> e) {
            context.runOnContext(v -> reload());
        }

        @Override
        public void entryMerged(EntryEvent<Integer, String> e) {
            context.runOnContext(v -> reload());
        }
    }

    /**
     * Membership context: reads every node record again and adopts them. Reads never overlap; a
     * change seen during one starts another after it, so the last read is newer than every change
     * seen and an older read can never overwrite a newer one (an event's own value could, since
     * events and reads race). A read refused (no majority) is retried every second.
     */
    private void reload() {
        if (reads != ReadState.IDLE) {
            transitionToReadingThenAgain();
            return;
        }
        transitionToReading();
        vertx.executeBlocking(this::readAll, false).onComplete(ar -> context.runOnContext(v -> {
            boolean again = reads == ReadState.READING_THEN_AGAIN;
            transitionToReadIdle();
            if (ar.succeeded()) {
                known = ar.result();
                refresh();
                ensureOwnRecord();
            } else {
                vertx.setTimer(1000, id -> context.runOnContext(w -> reload()));
            }
            if (again) {
                reload();
            }
        }));
    }

    private void transitionToReading() {
        if (reads != ReadState.IDLE) {
            throw new IllegalStateException("node " + self.nodeId() + ": a read of the node records starts while "
                    + reads);
        }
        reads = ReadState.READING;
    }

    private void transitionToReadingThenAgain() {
        if (reads != ReadState.READING && reads != ReadState.READING_THEN_AGAIN) {
            throw new IllegalStateException("node " + self.nodeId() + ": another read of the node records is due while "
                    + reads);
        }
        reads = ReadState.READING_THEN_AGAIN;
    }

    private void transitionToReadIdle() {
        if (reads != ReadState.READING && reads != ReadState.READING_THEN_AGAIN) {
            throw new IllegalStateException("node " + self.nodeId() + ": a read of the node records ends while "
                    + reads);
        }
        reads = ReadState.IDLE;
    }

    /**
     * Membership context: this node's record must name its current member UUID, or no node counts it
     * as live. After a split-brain heals, Hazelcast merges the smaller side into the larger and gives
     * each of its members a new UUID; and a member that crashes while the merged side's entries are
     * applied or its partitions migrate can leave a pre-merge copy of a record behind (seen: a node
     * whose record went back to its old UUID when the controller was killed two seconds after a
     * merge, so the two survivors counted one live node and refused every metadata change). So every
     * read of the records checks this node's own and writes it again when it is missing or stale,
     * unless another live member holds the id.
     */
    private void ensureOwnRecord() {
        if (write == WriteState.WRITING) {
            return; // the write under way reads the records again when it is done, and checks then
        }
        NodeRecord wanted = currentRecord();
        NodeRecord mine = known.get(self.nodeId());
        if (wanted.equals(mine)) {
            return;
        }
        if (mine != null && !mine.memberUuid().equals(wanted.memberUuid()) && isMember(mine.memberUuid())) {
            LOG.log(System.Logger.Level.ERROR, "node id " + self.nodeId() + " is held by another live member at "
                    + mine.address() + "; this node does not count as live");
            return;
        }
        reRegister();
    }

    /** This node's record as advertised, with the member UUID Hazelcast gives it now. */
    private NodeRecord currentRecord() {
        NodeRecord a = advertised;
        return new NodeRecord(a.nodeId(), hz.getCluster().getLocalMember().getUuid().toString(), a.host(), a.port(),
                a.rack(), a.incarnation());
    }

    private boolean isMember(String uuid) {
        for (Member m : hz.getCluster().getMembers()) {
            if (m.getUuid().toString().equals(uuid)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Membership context, from {@link #ensureOwnRecord()} only: writes this node's record as
     * {@link #currentRecord()}, then reads every record again, which checks it once more (others may
     * have registered again before this side merged, when no event could reach it). A refused write
     * (no majority) is retried by a read a second later.
     */
    private void reRegister() {
        transitionToWriting();
        NodeRecord r = currentRecord();
        vertx.<Void>executeBlocking(() -> {
            nodes.set(r.nodeId(), r.toJson());
            return null;
        }).onComplete(ar -> context.runOnContext(v -> {
            transitionToWriteIdle();
            if (ar.succeeded()) {
                LOG.log(System.Logger.Level.INFO, "node " + r.nodeId() + " registered again as member " + r.memberUuid());
                reload();
            } else {
                LOG.log(System.Logger.Level.WARNING, "node " + r.nodeId() + " cannot register again"
                        + " (retrying): " + ar.cause().getMessage());
                vertx.setTimer(1000, id -> context.runOnContext(w -> reload()));
            }
        }));
    }

    private void transitionToWriting() {
        if (write != WriteState.IDLE) {
            throw new IllegalStateException("node " + self.nodeId() + ": a second write of its record while " + write);
        }
        write = WriteState.WRITING;
    }

    private void transitionToWriteIdle() {
        if (write != WriteState.WRITING) {
            throw new IllegalStateException("node " + self.nodeId() + ": a write of its record ends while " + write);
        }
        write = WriteState.IDLE;
    }

    private void refresh() {
        List<NodeRecord> before = live;
        OptionalInt controllerBefore = controller;
        recompute();
        if (!before.equals(live) || !controllerBefore.equals(controller)) {
            LOG.log(System.Logger.Level.INFO, "node " + self.nodeId() + ": live nodes " + live.stream()
                    .map(NodeRecord::nodeId).toList() + ", controller " + (controller.isPresent()
                    ? controller.getAsInt() : "none"));
            listeners.forEach(Runnable::run);
        }
    }

    private void recompute() {
        Map<String, NodeRecord> byMember = new java.util.HashMap<>();
        known.values().forEach(r -> byMember.put(r.memberUuid(), r));
        Map<Integer, RegisteredNode> regs = registered;
        List<NodeRecord> here = new ArrayList<>();
        List<NodeRecord> next = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            NodeRecord r = byMember.get(m.getUuid().toString());
            if (r == null) {
                continue;
            }
            here.add(r);
            RegisteredNode reg = regs.get(r.nodeId());
            if (reg != null && reg.incarnation().equals(r.incarnation())) {
                next.add(new NodeRecord(r.nodeId(), r.memberUuid(), reg.host(), reg.port(), reg.rack(), r.incarnation(),
                        reg.kafka()));
            }
        }
        present = List.copyOf(here);
        live = List.copyOf(next);
        controller = next.isEmpty() ? OptionalInt.empty() : OptionalInt.of(next.get(0).nodeId());
    }

    @Override
    public int localNodeId() {
        return self.nodeId();
    }

    @Override
    public List<NodeRecord> liveNodes() {
        return live;
    }

    @Override
    public List<NodeRecord> presentNodes() {
        return present;
    }

    @Override
    public String incarnation() {
        return self.incarnation();
    }

    @Override
    public boolean isPresent(int nodeId, String incarnation) {
        return present.stream().anyMatch(r -> r.nodeId() == nodeId && incarnation.equals(r.incarnation()));
    }

    @Override
    public void adoptRegistrations(Map<Integer, RegisteredNode> nodes) {
        Map<Integer, RegisteredNode> copy = Map.copyOf(nodes);
        context.runOnContext(v -> {
            registered = copy;
            refresh();
        });
    }

    @Override
    public Map<Integer, NodeRecord> knownNodes() {
        return known;
    }

    @Override
    public OptionalInt controllerId() {
        return controller;
    }

    @Override
    public boolean hasMajority() {
        return hz.getSplitBrainProtectionService().getSplitBrainProtection(HazelcastSetup.MAJORITY).hasMinimumSize();
    }

    @Override
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public Future<Void> advertise(String host, int port) {
        // advertised first: a read of the records meanwhile rewrites this one, never an older one
        advertised = new NodeRecord(self.nodeId(), advertised.memberUuid(), host, port, self.rack(), self.incarnation());
        NodeRecord r = currentRecord();
        return vertx.<Void>executeBlocking(() -> {
            nodes.set(r.nodeId(), r.toJson());
            return null;
        });
    }

    @Override
    public void close() {
        if (!hz.getLifecycleService().isRunning()) {
            return;
        }
        try {
            hz.getCluster().removeMembershipListener(registrations.get(0));
            nodes.removeEntryListener(registrations.get(1));
            hz.getLifecycleService().removeLifecycleListener(registrations.get(2));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "listeners already gone", e);
        }
    }
}
