package io.spate.cluster.raft;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microraft.RaftConfig;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNode;
import io.microraft.exception.NotLeaderException;
import io.microraft.model.message.RaftMessage;
import io.microraft.statemachine.StateMachine;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.common.Time;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real MicroRaft nodes talking through {@link EventBusRaftTransport} and {@link RaftCodec} on one
 * event bus: what MicroRaft itself sends (not only the fixtures of {@link RaftCodecTest}) goes
 * through the codec, and the group elects, replicates, snapshots, installs a snapshot on a late
 * node and hands leadership over. The state machine here is a test stand-in for the real one.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class EventBusRaftGroupTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<RaftEndpoint> VOTERS = List.of(RaftModels.N1, RaftModels.N2, RaftModels.N3);
    private static final RaftConfig CONFIG = RaftConfig.newBuilder().setLeaderElectionTimeoutMillis(300)
            .setLeaderHeartbeatPeriodSecs(1).setLeaderHeartbeatTimeoutSecs(5).setCommitCountToTakeSnapshot(10)
            .setAppendEntriesRequestBatchSize(4).build();

    private final Map<Integer, RaftNode> nodes = new ConcurrentHashMap<>();
    private final Map<Integer, ImageStateMachine> machines = new ConcurrentHashMap<>();
    private final List<EventBusRaftTransport> transports = new ArrayList<>();
    private final Set<String> seenTypes = new ConcurrentSkipListSet<>();

    @AfterEach
    void stop() throws Exception {
        for (RaftNode n : nodes.values()) {
            n.terminate().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGroupElectsReplicatesSnapshotsAndCatchesUpALateNodeOverTheEventBus(Vertx vertx) throws Exception {
        start(vertx, 1);
        start(vertx, 2);
        awaitLeader(Set.of(1, 2));
        MetadataImage image = MetadataImage.EMPTY;
        for (int i = 0; i < 25; i++) { // past two snapshots (every 10 commits) with node 3 away
            MetadataImage next = image.withTopic(new TopicState("t" + i, null, Map.of("retention.ms", "" + i),
                    List.of(PartitionState.initial(List.of(1, 2, 3)))));
            assertEquals(true, replicate(Set.of(1, 2), new MetadataCommand.SetImage(image.epoch(), next)));
            image = next;
        }

        start(vertx, 3); // its log is behind the leader's snapshot: it gets the snapshot
        MetadataImage last = image;
        eventually(WAIT, "all three nodes at epoch 25", () -> machines.values().stream()
                .allMatch(m -> m.image.equals(last)) && machines.size() == 3);

        RaftNode leader = awaitLeader(Set.of(1, 2, 3));
        int follower = leader.getLocalEndpoint().equals(RaftModels.N1) ? 2 : 1;
        leader.transferLeadership(new SpateEndpoint(follower)).get(10, TimeUnit.SECONDS);
        eventually(WAIT, "node " + follower + " leads", () -> leads(follower));
        MetadataImage after = last.withoutTopic("t0");
        assertEquals(true, replicate(Set.of(1, 2, 3), new MetadataCommand.SetImage(last.epoch(), after)));
        assertEquals(false, replicate(Set.of(1, 2, 3), new MetadataCommand.SetImage(last.epoch(), after)),
                "a change built on an old image loses");
        eventually(WAIT, "all three nodes at epoch 26", () -> machines.values().stream()
                .allMatch(m -> m.image.equals(after)));

        Set<String> expected = new TreeSet<>(List.of("AppendEntriesRequest", "AppendEntriesSuccessResponse",
                "InstallSnapshotRequest", "InstallSnapshotResponse", "VoteRequest", "VoteResponse",
                "PreVoteRequest", "PreVoteResponse", "TriggerLeaderElectionRequest"));
        assertTrue(seenTypes.containsAll(expected), "seen " + seenTypes);
        assertEquals(0, transports.stream().mapToLong(EventBusRaftTransport::droppedCount).sum(), "nothing dropped");
    }

    private void start(Vertx vertx, int id) throws Exception {
        SpateEndpoint local = new SpateEndpoint(id);
        RaftCodec codec = new RaftCodec();
        EventBusRaftTransport transport = new EventBusRaftTransport(vertx, RaftModels.GROUP, local, codec,
                nodeId -> true, Time.SYSTEM);
        ImageStateMachine machine = new ImageStateMachine();
        RaftNode node = RaftNode.newBuilder().setGroupId(RaftModels.GROUP).setLocalEndpoint(local)
                .setInitialGroupMembers(VOTERS).setConfig(CONFIG).setTransport(transport).setStateMachine(machine)
                .setModelFactory(codec.modelFactory()).build();
        Consumer<RaftMessage> handler = m -> {
            seenTypes.add(RaftType.typeOf(m).javaType.getSimpleName());
            node.handle(m); // on the event loop: handle only enqueues on the node's executor
        };
        transport.start(handler).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        transports.add(transport);
        machines.put(id, machine);
        nodes.put(id, node);
        node.start();
    }

    /**
     * Replicates {@code command} through the leader among {@code among}, again on the next leader
     * when leadership moved before the command was appended (a busy machine can miss a heartbeat).
     */
    private Object replicate(Set<Integer> among, MetadataCommand command) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return awaitLeader(among).replicate(command).get(10, TimeUnit.SECONDS).getResult();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof NotLeaderException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private RaftNode awaitLeader(Set<Integer> among) {
        eventually(WAIT, "a leader among " + among, () -> among.stream().anyMatch(this::leads));
        return nodes.get(among.stream().filter(this::leads).findFirst().orElseThrow());
    }

    private boolean leads(int id) {
        RaftNode n = nodes.get(id);
        return n.getLocalEndpoint().equals(n.getTerm().getLeaderEndpoint());
    }

    /** The image as a stand-in state machine: compare-and-set, snapshot in one chunk. */
    private static final class ImageStateMachine implements StateMachine {
        private volatile MetadataImage image = MetadataImage.EMPTY;

        @Override
        public Object runOperation(long commitIndex, Object operation) {
            if (operation instanceof MetadataCommand.NewTerm) {
                return null;
            }
            MetadataCommand.SetImage set = (MetadataCommand.SetImage) operation;
            if (image.epoch() != set.expectedEpoch()) {
                return false;
            }
            image = set.next();
            return true;
        }

        @Override
        public void takeSnapshot(long commitIndex, Consumer<Object> chunks) {
            chunks.accept(new MetadataCommand.Snapshot(image));
        }

        @Override
        public void installSnapshot(long commitIndex, List<Object> chunks) {
            image = ((MetadataCommand.Snapshot) chunks.get(0)).image();
        }

        @Override
        public Object getNewTermOperation() {
            return new MetadataCommand.NewTerm();
        }
    }
}
