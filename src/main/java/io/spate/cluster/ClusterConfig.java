package io.spate.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cluster.*} keys of a node.
 *
 * @param enabled          {@code cluster.enabled}: join other nodes through Hazelcast (false: a
 *                         single node that never opens a cluster port)
 * @param name             {@code cluster.name}: only nodes with the same name join each other
 * @param members          {@code cluster.members}: the TCP-IP join list, {@code host:port} of
 *                         Hazelcast ports; empty with multicast off means "alone until others list me"
 * @param multicast        {@code cluster.multicast}: discover members by multicast instead of the list
 * @param host             {@code cluster.host}: the address Hazelcast binds and announces
 * @param port             {@code cluster.port}: Hazelcast's port
 * @param size             {@code cluster.size}: the configured number of nodes; every metadata
 *                         change needs a majority of it ({@link #majority()}) present
 * @param rack             {@code cluster.rack}: this node's rack for rack-aware placement, or null
 * @param failureTimeoutMs {@code cluster.failure.timeout.ms}: a member silent this long is removed
 *                         (Hazelcast's max-no-heartbeat, rounded up to whole seconds)
 * @param joinTimeoutMs    {@code cluster.join.timeout.ms}: how long a starting node waits for a
 *                         majority of {@code cluster.size} before it gives up
 * @param leaderImbalanceCheckIntervalMs {@code leader.imbalance.check.interval.ms}: how often the
 *                         controller re-checks leaders and hands leadership back to preferred replicas
 * @param voters           {@code cluster.voters}: the node ids of the metadata quorum's initial voters,
 *                         ascending and distinct (default {@link #defaultVoters}); used only while a
 *                         node's Raft log is empty: the log holds the voters from then on
 */
public record ClusterConfig(boolean enabled, String name, List<String> members, boolean multicast,
                            String host, int port, int size, String rack, int failureTimeoutMs,
                            long joinTimeoutMs, long leaderImbalanceCheckIntervalMs,
                            List<Integer> voters) {
    public static final String DEFAULT_NAME = "spate";
    public static final int DEFAULT_PORT = 5701;
    public static final int DEFAULT_SIZE = 1;
    /**
     * How many nodes may follow the metadata quorum without voting (MicroRaft 0.7's
     * {@code RaftGroupMembers.MAX_LEARNER_COUNT}): {@code cluster.size} may exceed the number of
     * {@code cluster.voters} by this much at most.
     */
    public static final int MAX_LEARNERS = 2;
    public static final int DEFAULT_FAILURE_TIMEOUT_MS = 6000;
    public static final long DEFAULT_JOIN_TIMEOUT_MS = 300_000;
    /** Kafka's default. */
    public static final long DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS = 300_000;

    public ClusterConfig {
        members = List.copyOf(members);
        voters = List.copyOf(voters);
        if (size < 1) {
            throw new IllegalArgumentException("cluster.size must be at least 1, got " + size);
        }
    }

    /** A node that is not clustered. */
    public static ClusterConfig disabled(String host) {
        return new ClusterConfig(false, DEFAULT_NAME, List.of(), false, host, DEFAULT_PORT, DEFAULT_SIZE, null,
                DEFAULT_FAILURE_TIMEOUT_MS, DEFAULT_JOIN_TIMEOUT_MS,
                DEFAULT_LEADER_IMBALANCE_CHECK_INTERVAL_MS, defaultVoters(DEFAULT_SIZE));
    }

    /** The same settings with {@code cluster.host} replaced (resolved to an address). */
    public ClusterConfig withHost(String newHost) {
        return new ClusterConfig(enabled, name, members, multicast, newHost, port, size, rack, failureTimeoutMs,
                joinTimeoutMs, leaderImbalanceCheckIntervalMs, voters);
    }

    /**
     * {@code cluster.voters}' default: node ids 1 to 3 (or to {@code size} when smaller), the ids a
     * cluster's first nodes take; from 6 nodes on, all but {@link #MAX_LEARNERS}, so that a cluster of
     * any size starts with the default.
     */
    public static List<Integer> defaultVoters(int size) {
        List<Integer> out = new ArrayList<>();
        for (int id = 1; id <= Math.max(Math.min(3, size), size - MAX_LEARNERS); id++) {
            out.add(id);
        }
        return out;
    }

    /**
     * Parses {@code 1,2,3}: distinct node ids (blanks around commas ignored), returned ascending.
     *
     * @throws IllegalArgumentException naming the first entry that is not a node id, or a repeated one
     */
    public static List<Integer> parseVoters(String list) {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (String raw : list.split(",")) {
            String v = raw.trim();
            if (v.isEmpty()) {
                continue;
            }
            int id;
            try {
                id = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' is not a node id");
            }
            if (id < 0) {
                throw new IllegalArgumentException("'" + v + "' is not a node id (ids are never negative)");
            }
            if (!out.add(id)) {
                throw new IllegalArgumentException("node " + id + " is listed twice");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("names no voter");
        }
        return List.copyOf(out);
    }

    /** The number of live nodes a metadata change needs: more than half of {@link #size()}. */
    public int majority() {
        return size / 2 + 1;
    }

    /**
     * Parses {@code host:port,host:port}; blanks around commas are ignored.
     *
     * @throws IllegalArgumentException naming the first entry that is not {@code host:port}
     */
    public static List<String> parseMembers(String list) {
        List<String> out = new ArrayList<>();
        for (String raw : list.split(",")) {
            String m = raw.trim();
            if (m.isEmpty()) {
                continue;
            }
            int colon = m.lastIndexOf(':');
            if (colon <= 0 || colon == m.length() - 1) {
                throw new IllegalArgumentException("'" + m + "' is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(m.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + m + "' has no numeric port");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + m + "' has a port outside 1..65535");
            }
            out.add(m);
        }
        return out;
    }
}
