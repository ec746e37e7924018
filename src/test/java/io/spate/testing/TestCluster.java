package io.spate.testing;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.spate.broker.node.BrokerConfig;
import io.spate.broker.node.SpateNode;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Clustered in-process nodes on loopback: each with its own clustered Vert.x, an ephemeral native
 * port, a Hazelcast port picked free at construction, and a data dir under the given root. Every
 * node lists every Hazelcast port as a member, and {@code cluster.size} is the number of slots.
 * Nodes run no Kafka listener unless {@link #withKafkaListeners()} asks for one (ephemeral port).
 */
public final class TestCluster implements AutoCloseable {
    private final Path root;
    private final int[] hazelcastPorts;
    private final String[] overrides;
    private final SpateNode[] nodes;
    private java.util.Set<Integer> kafkaSlots = java.util.Set.of();

    public TestCluster(Path root, int size, String... overrides) {
        this.root = root;
        this.hazelcastPorts = new int[size];
        for (int i = 0; i < size; i++) {
            hazelcastPorts[i] = freePort();
        }
        this.overrides = overrides;
        this.nodes = new SpateNode[size];
    }

    /**
     * The nodes of {@code slots} (every slot when none is named) started from now on run a Kafka
     * listener on an ephemeral loopback port (issue 17).
     */
    public TestCluster withKafkaListeners(int... slots) {
        this.kafkaSlots = slots.length == 0
                ? java.util.stream.IntStream.range(0, nodes.length).boxed().collect(java.util.stream.Collectors.toSet())
                : java.util.Arrays.stream(slots).boxed().collect(java.util.stream.Collectors.toSet());
        return this;
    }

    /** Every running node's Kafka listener address, comma-separated: Kafka clients' {@code bootstrap.servers}. */
    public String kafkaBootstrap() {
        List<String> addrs = running().stream().map(SpateNode::kafkaAddress).filter(java.util.Objects::nonNull).toList();
        if (addrs.isEmpty()) {
            throw new IllegalStateException("no running node has a Kafka listener (see withKafkaListeners)");
        }
        return String.join(",", addrs);
    }

    /** Starts every slot that is not running, together (a majority must be present to register). */
    public TestCluster startAll() {
        List<Integer> slots = new ArrayList<>();
        List<Future<SpateNode>> starting = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == null) {
                slots.add(i);
                starting.add(SpateNode.start(config(i)));
            }
        }
        for (int k = 0; k < slots.size(); k++) {
            nodes[slots.get(k)] = TestNode.await(starting.get(k));
        }
        return this;
    }

    /** Starts one slot (the others it needs for a majority must be up). */
    public SpateNode start(int slot) {
        nodes[slot] = TestNode.await(SpateNode.start(config(slot)));
        return nodes[slot];
    }

    public Future<SpateNode> startAsync(int slot) {
        return SpateNode.start(config(slot)).onSuccess(n -> nodes[slot] = n);
    }

    /** Stops one slot cleanly (its data dir stays). */
    public void stop(int slot) {
        SpateNode n = nodes[slot];
        nodes[slot] = null;
        if (n != null) {
            TestNode.await(n.close());
        }
    }

    public SpateNode node(int slot) {
        return nodes[slot];
    }

    public int size() {
        return nodes.length;
    }

    /** The running nodes. */
    public List<SpateNode> running() {
        List<SpateNode> out = new ArrayList<>();
        for (SpateNode n : nodes) {
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    public BrokerConfig config(int slot) {
        Map<String, Object> s = new HashMap<>();
        s.put("listener.host", "127.0.0.1");
        s.put("listener.port", 0);
        s.put("kafka.listener.host", "127.0.0.1");
        s.put("kafka.listener.port", kafkaSlots.contains(slot) ? 0 : -1);
        s.put("data.dir", root.resolve("node-" + slot).toString());
        s.put("cluster.enabled", "true");
        s.put("cluster.host", "127.0.0.1");
        s.put("cluster.port", hazelcastPorts[slot]);
        s.put("cluster.size", nodes.length);
        s.put("cluster.name", "test-" + root.getFileName());
        s.put("cluster.members", java.util.Arrays.stream(hazelcastPorts).mapToObj(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(",")));
        s.put("cluster.failure.timeout.ms", 6000); // less under load makes Hazelcast suspect live members
        for (String o : overrides) {
            int eq = o.indexOf('=');
            s.put(o.substring(0, eq), o.substring(eq + 1));
        }
        return BrokerConfig.from(s);
    }

    /** A running Hazelcast member of this cluster, to reach its maps as a failure would leave them. */
    public HazelcastInstance hazelcast() {
        String name = config(0).cluster().name();
        return Hazelcast.getAllHazelcastInstances().stream()
                .filter(h -> h.getLifecycleService().isRunning() && h.getConfig().getClusterName().equals(name))
                .findFirst().orElseThrow(() -> new IllegalStateException("no running member of " + name));
    }

    /**
     * Stops every running node, one after the other: nodes that leave together make Hazelcast retry
     * deregistrations towards members already gone for up to its 60 s call timeout (twice).
     */
    @Override
    public void close() {
        for (int i = nodes.length - 1; i >= 0; i--) {
            if (nodes[i] != null) {
                SpateNode n = nodes[i];
                nodes[i] = null;
                try {
                    TestNode.await(n.close());
                } catch (RuntimeException e) {
                    // keep closing the others
                }
            }
        }
    }

    /** The slot of the running node with {@code nodeId}. */
    public int slotOf(int nodeId) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null && nodes[i].nodeId() == nodeId) {
                return i;
            }
        }
        throw new AssertionError("no running node " + nodeId);
    }

    /** Where {@link #freePort} looks: below Linux's ephemeral range (32768-60999), clear of the bench's 27xxx/29xxx. */
    private static final int PORT_FROM = 21_000;
    private static final int PORT_COUNT = 6_000;
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT =
            new java.util.concurrent.atomic.AtomicInteger(java.util.concurrent.ThreadLocalRandom.current().nextInt(PORT_COUNT));

    /**
     * A port free on loopback right now (for Hazelcast, whose ports must be known before start). It is
     * taken outside the kernel's ephemeral range: a port there, freed here, could be handed to any
     * outgoing connection before Hazelcast binds it ("Port [34223] is already in use" in a CI run).
     * Ports are tried in turn from a random start, so two JVMs rarely try the same ones.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < PORT_COUNT; attempt++) {
            int port = PORT_FROM + Math.floorMod(NEXT_PORT.getAndIncrement(), PORT_COUNT);
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException inUse) {
                // taken: try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port in " + PORT_FROM + "-"
                + (PORT_FROM + PORT_COUNT - 1)));
    }
}
