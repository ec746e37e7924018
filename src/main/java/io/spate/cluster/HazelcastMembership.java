package io.spate.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link ClusterMembership} over Hazelcast: the live members come from Hazelcast's member list
 * (oldest first), the node records from the {@code spate.nodes} map (node id → {@link NodeRecord}
 * JSON), which is guarded by split-brain protection like every Spate map.
 *
 * <p>Threading: Hazelcast calls its listeners on its own threads; they only schedule a
 * {@link #refresh()} (member changes) or a {@link #reload()} of the node records (map changes) on the
 * membership context, which rebuilds the snapshots and tells the listeners. Map reads and writes
 * block, so they run on workers.
 */
public final class HazelcastMembership implements ClusterMembership {
    static final String NODES_MAP = HazelcastSetup.MAP_PREFIX + "nodes";
    private static final System.Logger LOG = System.getLogger(HazelcastMembership.class.getName());

    private final VertxInternal vertx;
    private final ContextInternal context;
    private final HazelcastInstance hz;
    private final IMap<Integer, String> nodes;
    private final NodeRecord self;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<UUID> registrations = new ArrayList<>();
    private volatile Map<Integer, NodeRecord> known = Map.of();
    private volatile List<NodeRecord> live = List.of();
    private volatile OptionalInt controller = OptionalInt.empty();
    private volatile NodeRecord advertised;
    private boolean reloading; // membership context only
    private boolean reloadAgain; // membership context only

    private HazelcastMembership(VertxInternal vertx, HazelcastInstance hz, NodeRecord self) {
        this.vertx = vertx;
        this.context = vertx.createEventLoopContext();
        this.hz = hz;
        this.nodes = hz.getMap(NODES_MAP);
        this.self = self;
        this.advertised = self;
    }

    /**
     * Registers this node in the cluster under {@code nodeId} (or the smallest id no node has ever
     * had, for {@link NodeIdentity#AUTO}) and starts following membership changes. Waits while no
     * majority of {@code cluster.size} is present, at most {@code cluster.join.timeout.ms}.
     */
    public static Future<HazelcastMembership> join(VertxInternal vertx, HazelcastInstance hz, int nodeId,
                                                   String host, ClusterConfig cluster) {
        String uuid = hz.getCluster().getLocalMember().getUuid().toString();
        return vertx.executeBlocking(() -> {
            NodeRegistration reg = new NodeRegistration(hz.getMap(NODES_MAP), hz, uuid);
            int id = reg.register(nodeId, host, cluster.rack(), cluster.joinTimeoutMs());
            HazelcastMembership m = new HazelcastMembership(vertx, hz, new NodeRecord(id, uuid, host, 0, cluster.rack()));
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
                context.runOnContext(v -> refresh());
            }
        }));
        registrations.add(nodes.addEntryListener(new NodeMapListener(), true));
        registrations.add(hz.getLifecycleService().addLifecycleListener(e -> {
            if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
                context.runOnContext(v -> reRegister());
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

    /** Any change of the map makes the membership context read it again (see {@link #reload()}). */
    private final class NodeMapListener implements EntryAddedListener<Integer, String>,
            EntryUpdatedListener<Integer, String>, EntryRemovedListener<Integer, String> {
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
    }

    /**
     * Membership context: reads every node record again and adopts them. Reads never overlap; a
     * change seen during one starts another after it, so the last read is newer than every change
     * seen and an older read can never overwrite a newer one (an event's own value could, since
     * events and reads race). A read refused (no majority) is retried every second.
     */
    private void reload() {
        if (reloading) {
            reloadAgain = true;
            return;
        }
        reloading = true;
        vertx.executeBlocking(this::readAll, false).onComplete(ar -> context.runOnContext(v -> {
            reloading = false;
            if (ar.succeeded()) {
                known = ar.result();
                refresh();
            } else {
                vertx.setTimer(1000, id -> context.runOnContext(w -> reload()));
            }
            if (reloadAgain) {
                reloadAgain = false;
                reload();
            }
        }));
    }

    /**
     * After a split-brain heals, Hazelcast merges the smaller side into the larger and gives each of
     * its members a new member UUID: the node's record must name the new one, or the node would not
     * count as live again. Reads every record again too (others may have registered again before
     * this side merged, when no event could reach it). Retried every second until the map takes it.
     */
    private void reRegister() {
        NodeRecord was = advertised;
        NodeRecord r = new NodeRecord(was.nodeId(), hz.getCluster().getLocalMember().getUuid().toString(), was.host(),
                was.port(), was.rack());
        vertx.<Void>executeBlocking(() -> {
            nodes.set(r.nodeId(), r.toJson());
            return null;
        }).onComplete(ar -> context.runOnContext(v -> {
            if (ar.succeeded()) {
                LOG.log(System.Logger.Level.INFO, "node " + r.nodeId() + " registered again as member " + r.memberUuid()
                        + " after a cluster merge");
                advertised = r;
                reload();
            } else {
                LOG.log(System.Logger.Level.WARNING, "node " + r.nodeId() + " cannot register again after a cluster merge"
                        + " (retrying): " + ar.cause().getMessage());
                vertx.setTimer(1000, id -> context.runOnContext(w -> reRegister()));
            }
        }));
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
        List<NodeRecord> next = new ArrayList<>();
        for (Member m : hz.getCluster().getMembers()) {
            NodeRecord r = byMember.get(m.getUuid().toString());
            if (r != null) {
                next.add(r);
            }
        }
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
        NodeRecord r = new NodeRecord(self.nodeId(), advertised.memberUuid(), host, port, self.rack());
        return vertx.<Void>executeBlocking(() -> {
            nodes.set(r.nodeId(), r.toJson());
            advertised = r;
            return null;
        });
    }

    /** This node's record as last advertised. */
    public NodeRecord self() {
        return advertised;
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
