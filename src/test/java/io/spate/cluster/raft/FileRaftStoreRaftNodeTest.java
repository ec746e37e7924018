package io.spate.cluster.raft;

import static io.spate.cluster.raft.TestRaftStoreSerializer.MODELS;
import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microraft.RaftConfig;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.model.message.RaftMessage;
import io.microraft.persistence.RestoredRaftState;
import io.microraft.statemachine.StateMachine;
import io.microraft.transport.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * MicroRaft's own {@link RaftNode}s on {@link FileRaftStore}s: three nodes in one JVM, an in-memory
 * transport, a state machine that keeps the list of operations. Snapshots are taken every 10 commits, so
 * the store sees chunks, flushes and prefix truncations as MicroRaft makes them.
 */
@Timeout(60)
class FileRaftStoreRaftNodeTest {
    private static final TestRaftStoreSerializer SERIALIZER = new TestRaftStoreSerializer();
    private static final List<RaftEndpoint> MEMBERS = List.of(new SpateEndpoint(1), new SpateEndpoint(2),
            new SpateEndpoint(3));
    private static final RaftConfig CONFIG = RaftConfig.newBuilder().setLeaderElectionTimeoutMillis(500)
            .setLeaderHeartbeatPeriodSecs(1).setLeaderHeartbeatTimeoutSecs(3).setCommitCountToTakeSnapshot(10)
            .build();

    @TempDir
    Path dataDir;
    private final Map<RaftEndpoint, RaftNode> nodes = new ConcurrentHashMap<>();
    private final Map<RaftEndpoint, Ops> machines = new ConcurrentHashMap<>();

    @AfterEach
    void terminateAll() throws Exception {
        for (RaftNode node : nodes.values()) {
            node.terminate().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNodeRestartedFromItsFilesRejoinsWithItsLog() throws Exception {
        for (RaftEndpoint e : MEMBERS) {
            FileRaftStore store = FileRaftStore.open(dir(e), SERIALIZER, MODELS);
            assertTrue(store.restoredState().isEmpty());
            start(RaftNode.newBuilder().setGroupId("meta").setLocalEndpoint(e).setInitialGroupMembers(MEMBERS), e,
                    store);
        }
        RaftNode leader = awaitLeader();
        for (int i = 1; i <= 25; i++) {
            leader.replicate("op" + i).get(10, TimeUnit.SECONDS);
        }
        RaftEndpoint follower = MEMBERS.stream().filter(e -> !e.equals(leader.getLocalEndpoint())).findFirst()
                .orElseThrow();
        eventually(Duration.ofSeconds(10), "the follower applied op25",
                () -> machines.get(follower).ops.contains("op25"));
        nodes.remove(follower).terminate().get(10, TimeUnit.SECONDS);

        for (int i = 26; i <= 30; i++) {
            leader.replicate("op" + i).get(10, TimeUnit.SECONDS);
        }

        FileRaftStore store = FileRaftStore.open(dir(follower), SERIALIZER, MODELS);
        RestoredRaftState restored = store.restoredState().orElseThrow();
        assertNotNull(restored.getSnapshotEntry(), "snapshots were taken every 10 commits");
        long restoredLast = restored.getLogEntries().isEmpty() ? restored.getSnapshotEntry().getIndex()
                : restored.getLogEntries().get(restored.getLogEntries().size() - 1).getIndex();
        // 25 operations and at least one new-term entry were in its log before it stopped
        assertTrue(restoredLast >= 26, "restored up to index " + restoredLast);
        assertTrue(restored.getTermPersistentState().getTerm() >= 1);
        start(RaftNode.newBuilder().setGroupId("meta").setRestoredState(restored), follower, store);

        Ops leaderOps = machines.get(leader.getLocalEndpoint());
        eventually(Duration.ofSeconds(20), "the restarted follower applied op30",
                () -> machines.get(follower).ops.contains("op30"));
        assertEquals(leaderOps.ops, machines.get(follower).ops);
        leader.replicate("op31").get(10, TimeUnit.SECONDS);
        eventually(Duration.ofSeconds(10), "the restarted follower applies new operations",
                () -> machines.get(follower).ops.contains("op31"));
    }

    private Path dir(RaftEndpoint e) {
        return dataDir.resolve("node-" + e.getId()).resolve("meta").resolve("raft");
    }

    private void start(RaftNode.RaftNodeBuilder builder, RaftEndpoint e, FileRaftStore store) throws Exception {
        Ops machine = new Ops();
        RaftNode node = builder.setConfig(CONFIG).setTransport(new LocalTransport()).setStateMachine(machine)
                .setStore(store).setModelFactory(MODELS).build();
        machines.put(e, machine);
        nodes.put(e, node);
        node.start().get(10, TimeUnit.SECONDS);
    }

    private RaftNode awaitLeader() {
        RaftNode[] leader = new RaftNode[1];
        eventually(Duration.ofSeconds(15), "a leader is elected", () -> {
            for (RaftNode n : nodes.values()) {
                if (n.getLocalEndpoint().equals(n.getTerm().getLeaderEndpoint())) {
                    leader[0] = n;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    /** Delivers each message to the node that runs it now, if it runs; MicroRaft retries what is lost. */
    private final class LocalTransport implements Transport {
        @Override
        public void send(RaftEndpoint target, RaftMessage message) {
            RaftNode node = nodes.get(target);
            if (node != null) {
                node.handle(message);
            }
        }

        @Override
        public boolean isReachable(RaftEndpoint endpoint) {
            return nodes.containsKey(endpoint);
        }
    }

    /** The state: every operation applied, in order. Its snapshot is one chunk, the operations joined. */
    private static final class Ops implements StateMachine {
        final List<String> ops = new CopyOnWriteArrayList<>();

        @Override
        public Object runOperation(long commitIndex, Object operation) {
            ops.add((String) operation);
            return ops.size();
        }

        @Override
        public void takeSnapshot(long commitIndex, Consumer<Object> chunkConsumer) {
            chunkConsumer.accept(String.join(",", ops));
        }

        @Override
        public void installSnapshot(long commitIndex, List<Object> chunks) {
            List<String> restored = new ArrayList<>();
            for (Object chunk : chunks) {
                if (!((String) chunk).isEmpty()) {
                    restored.addAll(Arrays.asList(((String) chunk).split(",")));
                }
            }
            ops.clear();
            ops.addAll(restored);
        }

        @Override
        public Object getNewTermOperation() {
            return "new-term";
        }
    }
}
