package io.spate.cluster.raft;

import io.microraft.RaftEndpoint;
import io.microraft.model.message.RaftMessage;
import io.microraft.transport.Transport;
import io.spate.common.Time;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/**
 * MicroRaft's {@link Transport} over the (clustered) Vert.x event bus: a message for node {@code n}
 * of group {@code g} is encoded with {@link RaftCodec} and sent, fire-and-forget (no reply, no
 * retry: Raft re-sends what gets no answer), to the address {@link #address spate.raft.g.n}, where
 * that node's transport has a consumer. The consumer decodes what arrives and hands it to the
 * handler given to {@link #start}, the local RaftNode's {@code handle}. A message that does not
 * decode is dropped and logged (rate-limited, {@link DroppedMessages}); the consumer lives on.
 *
 * <p>Reachability is not measured here: {@link #isReachable} asks the predicate the caller passes,
 * cluster membership's view of the live nodes.
 *
 * <p>Threading: {@link #send} runs on the Raft node's thread; encoding happens there and
 * {@link EventBus#send} is thread-safe, so it never blocks. Received messages are decoded on the
 * event loop of the context that called {@link #start} and handed to the handler there. That is
 * safe for {@code RaftNode.handle}: in MicroRaft 0.7 ({@code RaftNodeImpl.handle}) it reads the
 * volatile node status, wraps the message in a handler task and passes it to the node's
 * {@code RaftNodeExecutor.execute}, which must accept tasks from any thread (the default executor
 * is a single-threaded {@code ScheduledExecutorService}); no Raft logic runs on the event loop.
 * {@link #start} and {@link #stop} are called once each, in that order.
 */
public final class EventBusRaftTransport implements Transport {
    /** The prefix of every address the metadata quorum uses on the event bus. */
    public static final String ADDRESS_PREFIX = "spate.raft.";

    private final EventBus bus;
    private final String groupId;
    private final SpateEndpoint local;
    private final RaftCodec codec;
    private final IntPredicate reachable;
    private final DroppedMessages dropped;
    private MessageConsumer<Buffer> consumer;

    /**
     * @param vertx     the node's Vert.x (clustered, so that other nodes' consumers are reached)
     * @param groupId   the Raft group's id; part of every address
     * @param local     the endpoint of the Raft node this transport serves
     * @param codec     encodes and decodes the messages
     * @param reachable whether a node id is live now, from cluster membership
     * @param time      the clock of the rate-limited drop log
     */
    public EventBusRaftTransport(Vertx vertx, String groupId, SpateEndpoint local, RaftCodec codec,
                                 IntPredicate reachable, Time time) {
        this.bus = vertx.eventBus();
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.local = Objects.requireNonNull(local, "local");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.reachable = Objects.requireNonNull(reachable, "reachable");
        this.dropped = new DroppedMessages(time);
    }

    /** The event-bus address of node {@code nodeId}'s Raft node in group {@code groupId}. */
    public static String address(String groupId, int nodeId) {
        return ADDRESS_PREFIX + groupId + "." + nodeId;
    }

    /**
     * Starts receiving: registers the consumer of this node's address, which hands every message
     * that decodes to {@code handler}. Completes once the registration has reached the cluster.
     */
    public Future<Void> start(Consumer<RaftMessage> handler) {
        Objects.requireNonNull(handler, "handler");
        if (consumer != null) {
            return Future.failedFuture(new IllegalStateException("the Raft transport of " + local + " already runs"));
        }
        consumer = bus.consumer(address(groupId, local.nodeId()), msg -> receive(msg.body(), handler));
        return consumer.completion();
    }

    /** Stops receiving; messages sent to this node after it are lost, as on a network cut. */
    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private void receive(Buffer body, Consumer<RaftMessage> handler) {
        RaftMessage message;
        try {
            message = codec.decodeMessage(body.getBytes());
        } catch (RaftCodecException e) {
            dropped.dropped("[raft group=" + groupId + " node=" + local.nodeId() + "] dropped a message of "
                    + body.length() + " bytes that does not decode: " + e.getMessage());
            return;
        }
        handler.accept(message);
    }

    @Override
    public void send(RaftEndpoint target, RaftMessage message) {
        // MicroRaft's contract: send never throws, a message that cannot go is as good as lost
        if (!(target instanceof SpateEndpoint node)) {
            dropped.dropped("[raft group=" + groupId + "] cannot send to " + target + ": not a Spate endpoint");
            return;
        }
        byte[] bytes;
        try {
            bytes = codec.encode(message);
        } catch (IllegalArgumentException e) {
            dropped.dropped("[raft group=" + groupId + " node=" + local.nodeId() + "] cannot encode "
                    + message.getClass().getSimpleName() + " for " + node + ": " + e.getMessage());
            return;
        }
        try {
            bus.send(address(groupId, node.nodeId()), Buffer.buffer(bytes));
        } catch (IllegalStateException e) { // Vert.x closing under us: the node is going down
            dropped.dropped("[raft group=" + groupId + " node=" + local.nodeId() + "] cannot send: " + e.getMessage());
        }
    }

    @Override
    public boolean isReachable(RaftEndpoint endpoint) {
        return endpoint instanceof SpateEndpoint node && reachable.test(node.nodeId());
    }

    /** How many messages this transport dropped because they would not encode or decode. */
    public long droppedCount() {
        return dropped.count();
    }
}
