package io.spate.cluster.raft;

import static io.spate.cluster.raft.RaftModels.GROUP;
import static io.spate.cluster.raft.RaftModels.N1;
import static io.spate.cluster.raft.RaftModels.N2;
import static io.spate.cluster.raft.RaftModels.N3;
import static io.spate.cluster.raft.RaftModels.assertModelEquals;
import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microraft.RaftEndpoint;
import io.microraft.model.message.RaftMessage;
import io.spate.common.Time;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three nodes' transports on one (non-clustered) event bus: every message type goes from one to
 * the others and arrives decoded; garbage is dropped and the consumer goes on.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class EventBusRaftTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final RaftCodec codec = new RaftCodec();
    private final Set<Integer> live = new java.util.concurrent.ConcurrentSkipListSet<>(List.of(1, 2, 3));
    private final Map<Integer, List<RaftMessage>> received = Map.of(1, new CopyOnWriteArrayList<>(),
            2, new CopyOnWriteArrayList<>(), 3, new CopyOnWriteArrayList<>());
    private EventBusRaftTransport t1;
    private EventBusRaftTransport t2;
    private EventBusRaftTransport t3;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        t1 = start(vertx, GROUP, N1);
        t2 = start(vertx, GROUP, N2);
        t3 = start(vertx, GROUP, N3);
    }

    private EventBusRaftTransport start(Vertx vertx, String group, SpateEndpoint node) throws Exception {
        EventBusRaftTransport t = new EventBusRaftTransport(vertx, group, node, codec, live::contains, Time.SYSTEM);
        List<RaftMessage> inbox = received.containsKey(node.nodeId()) && group.equals(GROUP)
                ? received.get(node.nodeId()) : new CopyOnWriteArrayList<>();
        t.start(inbox::add).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return t;
    }

    @Test
    void everyMessageTypeArrivesDecodedAtItsNode() {
        List<RaftMessage> messages = RaftModels.everyMessage();
        for (RaftMessage m : messages) {
            t1.send(N2, m);
            t1.send(N3, m);
        }
        eventually(WAIT, "every message at nodes 2 and 3", () -> received.get(2).size() == messages.size()
                && received.get(3).size() == messages.size());
        for (int node : List.of(2, 3)) {
            // one sender, one address: the event bus keeps the order
            for (int i = 0; i < messages.size(); i++) {
                assertModelEquals(messages.get(i), received.get(node).get(i), "node " + node + " message " + i);
            }
        }
        assertTrue(received.get(1).isEmpty(), "nothing comes back to the sender");
        assertEquals(0, t1.droppedCount() + t2.droppedCount() + t3.droppedCount());
    }

    @Test
    void garbageIsDroppedAndTheConsumerGoesOn(Vertx vertx) {
        byte[] valid = codec.encode(RaftModels.appendEntries());
        String address = EventBusRaftTransport.address(GROUP, 2);
        vertx.eventBus().send(address, Buffer.buffer(new byte[] {1, 99, 0, 0}));
        vertx.eventBus().send(address, Buffer.buffer(Arrays.copyOf(valid, valid.length - 1)));
        vertx.eventBus().send(address, Buffer.buffer());
        t3.send(N2, RaftModels.everyMessage().get(10)); // a vote response
        eventually(WAIT, "the valid message after the garbage", () -> received.get(2).size() == 1);
        assertModelEquals(RaftModels.everyMessage().get(10), received.get(2).get(0), "the vote response");
        eventually(WAIT, "three dropped", () -> t2.droppedCount() == 3);

        t1.send(N2, RaftModels.appendEntries());
        eventually(WAIT, "and more after that", () -> received.get(2).size() == 2);
        assertModelEquals(RaftModels.appendEntries(), received.get(2).get(1), "the append entries");
    }

    @Test
    void addressesSeparateGroupsAndNodes(Vertx vertx) throws Exception {
        EventBusRaftTransport otherGroup = start(vertx, "other", N2);
        otherGroup.send(N3, RaftModels.everyMessage().get(7)); // to node 3 of group "other": no one listens
        t1.send(N3, RaftModels.everyMessage().get(8));
        eventually(WAIT, "node 3 of the metadata group gets its own", () -> received.get(3).size() == 1);
        assertModelEquals(RaftModels.everyMessage().get(8), received.get(3).get(0), "the pre-vote response");
        assertEquals("spate.raft.metadata.3", EventBusRaftTransport.address(GROUP, 3));
        otherGroup.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void sendNeverThrowsAndDropsWhatCannotGo() {
        RaftEndpoint foreign = () -> "elsewhere";
        t1.send(foreign, RaftModels.appendEntries());
        t1.send(N2, RaftModels.FACTORY.createVoteResponseBuilder().setGroupId(15).setSender(N1).setTerm(1)
                .setGranted(true).build());
        assertEquals(2, t1.droppedCount());
    }

    @Test
    void aStoppedNodeReceivesNothing() throws Exception {
        t3.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        t1.send(N3, RaftModels.appendEntries());
        t1.send(N2, RaftModels.appendEntries());
        eventually(WAIT, "node 2 still gets it", () -> received.get(2).size() == 1);
        assertTrue(received.get(3).isEmpty());
    }

    @Test
    void reachabilityIsMembershipsView() {
        assertTrue(t1.isReachable(N2));
        live.remove(2);
        assertFalse(t1.isReachable(N2));
        assertTrue(t1.isReachable(N3));
        assertFalse(t1.isReachable(() -> "elsewhere"));
    }
}
