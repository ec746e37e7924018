package io.spate.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Clustered fat-jar nodes, one child JVM each ({@link NodeProcess}), with node ids 1..N, loopback
 * ports, data dirs under a root, every Hazelcast port listed as a member and {@code cluster.size}
 * N: for the crash cases (kill -9, SIGSTOP) that in-process nodes cannot show.
 */
public final class ProcessCluster implements AutoCloseable {
    /** Where node {@code id} runs: its address (listener and Hazelcast) and what its command runs behind. */
    public interface Placement {
        String host(int nodeId);

        List<String> commandPrefix(int nodeId);
    }

    /** Every node on 127.0.0.1, started directly. */
    public static final Placement LOOPBACK = new Placement() {
        @Override
        public String host(int nodeId) {
            return "127.0.0.1";
        }

        @Override
        public List<String> commandPrefix(int nodeId) {
            return List.of();
        }
    };

    private final Path root;
    private final Placement placement;
    private final String name;
    private final int[] hazelcastPorts;
    private final String[] overrides;
    private final NodeProcess[] nodes;

    public ProcessCluster(Path root, String name, int size, String... overrides) {
        this(root, name, size, LOOPBACK, overrides);
    }

    public ProcessCluster(Path root, String name, int size, Placement placement, String... overrides) {
        this.root = root;
        this.placement = placement;
        this.name = name;
        this.hazelcastPorts = new int[size];
        for (int i = 0; i < size; i++) {
            hazelcastPorts[i] = TestCluster.freePort();
        }
        this.overrides = overrides;
        this.nodes = new NodeProcess[size];
    }

    /** Starts every node that is not running, together (a majority must be present to register). */
    public ProcessCluster startAll() throws Exception {
        // own threads: the common pool may have a single thread on 2 cores, and each start blocks
        ExecutorService threads = Executors.newFixedThreadPool(nodes.length);
        try {
            List<CompletableFuture<Void>> starting = new ArrayList<>();
            for (int id = 1; id <= nodes.length; id++) {
                if (nodes[id - 1] == null) {
                    int nodeId = id;
                    starting.add(CompletableFuture.runAsync(() -> start(nodeId), threads));
                }
            }
            for (CompletableFuture<Void> f : starting) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdown();
        }
        return this;
    }

    /** Starts node {@code nodeId} (1..N) with its data dir. */
    public NodeProcess start(int nodeId) {
        String members = java.util.stream.IntStream.rangeClosed(1, nodes.length)
                .mapToObj(id -> placement.host(id) + ":" + hazelcastPorts[id - 1]).collect(Collectors.joining(","));
        List<String> sets = new ArrayList<>(List.of("node.id=" + nodeId, "cluster.enabled=true",
                "cluster.name=" + name + "-" + root.getFileName(), "cluster.host=" + placement.host(nodeId),
                "cluster.port=" + hazelcastPorts[nodeId - 1], "cluster.members=" + members,
                "cluster.size=" + nodes.length));
        sets.addAll(List.of(overrides));
        NodeProcess n = NodeProcess.startAt(placement.commandPrefix(nodeId), placement.host(nodeId), "512m",
                root.resolve("node-" + nodeId), sets.toArray(String[]::new));
        nodes[nodeId - 1] = n;
        return n;
    }

    /** The running node {@code nodeId}, or null. */
    public NodeProcess node(int nodeId) {
        return nodes[nodeId - 1];
    }

    /** kill -9 of node {@code nodeId}. */
    public void kill9(int nodeId) throws InterruptedException {
        nodes[nodeId - 1].kill9();
        nodes[nodeId - 1] = null;
    }

    /** SIGTERM to every node, waiting for each clean stop. */
    public void terminateAll() throws InterruptedException {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                nodes[i].terminate();
                nodes[i] = null;
            }
        }
    }

    /** Every running node's native address, comma-separated. */
    public String bootstrap() {
        List<String> addrs = new ArrayList<>();
        for (NodeProcess n : nodes) {
            if (n != null) {
                addrs.add(n.address());
            }
        }
        return String.join(",", addrs);
    }

    /** Every running node's Kafka address, comma-separated: Kafka clients' {@code bootstrap.servers}. */
    public String kafkaBootstrap() {
        List<String> addrs = new ArrayList<>();
        for (NodeProcess n : nodes) {
            if (n != null && n.kafkaAddress() != null) {
                addrs.add(n.kafkaAddress());
            }
        }
        if (addrs.isEmpty()) {
            throw new IllegalStateException("no running node has a Kafka listener");
        }
        return String.join(",", addrs);
    }

    /** The last lines of every running node's output, for a failure message. */
    public String tails() {
        StringBuilder out = new StringBuilder();
        for (NodeProcess n : nodes) {
            if (n != null) {
                out.append('\n').append(n.tail());
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null) {
                nodes[i].close();
                nodes[i] = null;
            }
        }
    }
}
