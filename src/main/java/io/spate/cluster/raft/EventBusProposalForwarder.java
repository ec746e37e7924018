package io.spate.cluster.raft;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link ProposalForwarder} over the (clustered) Vert.x event bus: a follower's proposal is a
 * request, encoded with {@link RaftCodec}, to {@link #address spate.raft.<group>.<node>.propose}; the
 * receiver runs it with {@link RaftClusterMetadata#propose} and replies with the encoded
 * {@link ProposalResult}, or with a {@link ForwardRefusal} when its Raft node refused (not the leader,
 * log full, stepped down), which the proposer turns back into the same MicroRaft exception. Any other
 * failure, a reply that does not decode and no reply within {@code replyTimeout} fail the forward
 * (the proposer does not know whether it committed and finds out from the log).
 *
 * <p>Threading: {@link #forward} may be called on any Vert.x context; its Future completes there.
 * The receiving side decodes and calls {@code propose} on the event loop of the context that called
 * {@link #serve}; {@code propose} only hands the command to the Raft node's executor.
 */
public final class EventBusProposalForwarder implements ProposalForwarder {
    /** What a reply to a proposal that is not one carries: the event bus's failure code for it. */
    static final int BAD_REQUEST = 400;
    /** The failure code of a proposal the receiver's Raft node failed otherwise (see the class comment). */
    static final int FAILED = 500;

    private final EventBus bus;
    private final RaftCodec codec;
    private final Duration replyTimeout;
    private MessageConsumer<Buffer> consumer;

    public EventBusProposalForwarder(Vertx vertx, RaftCodec codec, Duration replyTimeout) {
        this.bus = vertx.eventBus();
        this.codec = Objects.requireNonNull(codec, "codec");
        if (replyTimeout.isNegative() || replyTimeout.isZero()) {
            throw new IllegalArgumentException("replyTimeout must be positive, was " + replyTimeout);
        }
        this.replyTimeout = replyTimeout;
    }

    /** Where node {@code nodeId}'s voter takes forwarded proposals. */
    public static String address(String groupId, int nodeId) {
        return EventBusRaftTransport.address(groupId, nodeId) + ".propose";
    }

    @Override
    public Future<ProposalResult> forward(SpateEndpoint leader, MetadataCommand command) {
        byte[] request;
        try {
            request = codec.encode(command);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return bus.<Buffer>request(address(RaftClusterMetadata.GROUP_ID, leader.nodeId()), Buffer.buffer(request),
                        new DeliveryOptions().setSendTimeout(replyTimeout.toMillis()))
                .compose(reply -> {
                    Object answer;
                    try {
                        answer = codec.decode(reply.body().getBytes(), Object.class);
                    } catch (RaftCodecException e) {
                        return Future.failedFuture(e);
                    }
                    if (answer instanceof ProposalResult result) {
                        return Future.succeededFuture(result);
                    }
                    if (answer instanceof ForwardRefusal refusal) {
                        return Future.failedFuture(refusal.toException(leader));
                    }
                    return Future.failedFuture(new RaftCodecException("a forwarded proposal's reply is a "
                            + answer.getClass().getSimpleName()));
                });
    }

    /** Takes forwarded proposals for {@code metadata}'s voter from now on; completes once registered. */
    public Future<Void> serve(RaftClusterMetadata metadata) {
        if (consumer != null) {
            return Future.failedFuture(new IllegalStateException("already serving " + metadata.self()));
        }
        consumer = bus.consumer(address(RaftClusterMetadata.GROUP_ID, metadata.self().nodeId()),
                msg -> receive(metadata, msg));
        return consumer.completion();
    }

    private void receive(RaftClusterMetadata metadata, Message<Buffer> msg) {
        MetadataCommand command;
        try {
            command = codec.decode(msg.body().getBytes(), MetadataCommand.class);
        } catch (RaftCodecException e) {
            msg.fail(BAD_REQUEST, e.getMessage());
            return;
        }
        metadata.propose(command).onComplete(ar -> {
            if (ar.succeeded()) {
                msg.reply(Buffer.buffer(codec.encode(ar.result())));
                return;
            }
            Optional<ForwardRefusal> refusal = ForwardRefusal.of(ar.cause());
            if (refusal.isPresent()) {
                msg.reply(Buffer.buffer(codec.encode(refusal.get())));
            } else {
                msg.fail(FAILED, String.valueOf(ar.cause()));
            }
        });
    }

    /** Stops taking forwarded proposals (their senders time out). */
    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }
}
