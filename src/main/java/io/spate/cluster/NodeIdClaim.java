package io.spate.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.spate.common.Time;
import java.util.HashSet;
import java.util.Set;

/**
 * Claims a node id in the {@code spate.nodes} map. A configured (or stored) id is taken over from a
 * previous run of the same node; it is refused while another live member holds it. With
 * {@link NodeIdentity#AUTO} the smallest id no node has ever had is claimed with a put-if-absent,
 * so two new nodes never get the same one. Blocking: runs on a worker.
 */
final class NodeIdClaim {
    private static final System.Logger LOG = System.getLogger(NodeIdClaim.class.getName());
    private static final long RETRY_MS = 250;

    private final IMap<Integer, String> nodes;
    private final HazelcastInstance hz;
    private final String uuid;
    private final String incarnation;
    private final Time time;

    /** @param time the clock the join timeout is measured on */
    NodeIdClaim(IMap<Integer, String> nodes, HazelcastInstance hz, String uuid, String incarnation, Time time) {
        this.nodes = nodes;
        this.hz = hz;
        this.uuid = uuid;
        this.incarnation = incarnation;
        this.time = time;
    }

    int register(int wanted, String host, String rack, long timeoutMs) {
        long deadline = time.nanoseconds() + timeoutMs * 1_000_000L;
        long nextLog = 0;
        while (true) {
            try {
                return wanted == NodeIdentity.AUTO ? claimFree(host, rack) : claim(wanted, host, rack);
            } catch (SplitBrainProtectionException e) {
                if (time.nanoseconds() > deadline) {
                    throw new IllegalStateException("no majority of cluster.size present after " + timeoutMs
                            + " ms (" + hz.getCluster().getMembers().size() + " members): cannot register", e);
                }
                if (time.nanoseconds() > nextLog) {
                    LOG.log(System.Logger.Level.INFO, "waiting for a majority of cluster.size ("
                            + hz.getCluster().getMembers().size() + " members present)");
                    nextLog = time.nanoseconds() + 10_000_000_000L;
                }
                sleep();
            }
        }
    }

    private int claim(int id, String host, String rack) {
        String json = new NodeRecord(id, uuid, host, 0, rack, incarnation).toJson();
        String previous = nodes.putIfAbsent(id, json);
        if (previous == null) {
            return id;
        }
        NodeRecord holder = NodeRecord.fromJson(previous);
        if (!holder.memberUuid().equals(uuid) && liveMembers().contains(holder.memberUuid())) {
            throw new IllegalStateException("node id " + id + " is in use by a live member at " + holder.address());
        }
        if (!nodes.replace(id, previous, json)) {
            throw new IllegalStateException("node id " + id + " was claimed concurrently by another member");
        }
        return id;
    }

    private int claimFree(String host, String rack) {
        for (int id = 1; ; id++) {
            if (nodes.putIfAbsent(id, new NodeRecord(id, uuid, host, 0, rack, incarnation).toJson()) == null) {
                return id;
            }
        }
    }

    private Set<String> liveMembers() {
        Set<String> s = new HashSet<>();
        for (Member m : hz.getCluster().getMembers()) {
            s.add(m.getUuid().toString());
        }
        return s;
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a majority", e);
        }
    }
}
