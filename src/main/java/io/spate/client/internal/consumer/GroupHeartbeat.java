package io.spate.client.internal.consumer;

import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.HeartbeatRequest;
import io.spate.protocol.HeartbeatResponse;
import io.spate.transport.LoopContext;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The member's heartbeat (internal): every {@code heartbeat.interval.ms} a tick; at each tick, if
 * the member has a generation to vouch for and no heartbeat is in flight, a Heartbeat is sent with
 * it and the answer's error (NONE included) handed to the coordinator. A failed send (coordinator
 * moved, connection lost) is passed on as its error too; the coordinator is looked up again at
 * the next tick. The tick also runs {@code onTick} first, where the coordinator checks
 * {@code max.poll.interval.ms}.
 *
 * <p>Confined to the consumer's context.
 */
public final class GroupHeartbeat {
    private final LoopContext context;
    private final GroupChannel channel;
    private final Supplier<Generation> generation;
    private final Runnable onTick;
    private final Consumer<ErrorCode> onAnswer;
    private long timer = -1;
    private boolean inFlight;

    /**
     * @param generation what to vouch for at a tick; a generation that is not valid sends nothing
     * @param onTick     runs at every tick, before the send
     * @param onAnswer   the error of each answer (NONE included), with the generation still current
     */
    GroupHeartbeat(LoopContext context, GroupChannel channel, Supplier<Generation> generation, Runnable onTick,
                   Consumer<ErrorCode> onAnswer) {
        this.context = context;
        this.channel = channel;
        this.generation = generation;
        this.onTick = onTick;
        this.onAnswer = onAnswer;
    }

    void start() {
        if (timer < 0) {
            timer = context.setPeriodic(channel.config.getHeartbeatIntervalMs(), id -> tick());
        }
    }

    /** No more ticks (nor heartbeats) until {@link #start}; an answer still in flight is ignored. */
    public void stop() {
        if (timer >= 0) {
            context.cancelTimer(timer);
            timer = -1;
        }
    }

    private void tick() {
        onTick.run();
        Generation g = generation.get();
        if (inFlight || g == null || !g.isValid()) {
            return;
        }
        inFlight = true;
        HeartbeatRequest request = new HeartbeatRequest(channel.groupId, g.generationId(), g.memberId(),
                channel.instanceIdOrNull());
        channel.send(ApiKey.HEARTBEAT, request, HeartbeatResponse::readFrom, HeartbeatResponse::error)
                .onComplete(ar -> {
                    inFlight = false;
                    if (timer < 0 || generation.get() != g) {
                        return; // stopped, or the member moved on meanwhile: the answer is about the past
                    }
                    onAnswer.accept(ar.succeeded() ? ar.result().error() : NetworkClient.errorOf(ar.cause()));
                });
    }
}
