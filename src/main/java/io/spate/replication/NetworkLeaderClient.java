package io.spate.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.OffsetForLeaderEpochResponse;
import io.spate.protocol.Wire;
import io.spate.transport.NodeChannel;
import io.vertx.core.Future;

/**
 * {@link LeaderClient} over the native protocol through a {@link NodeChannel} (one connection to the
 * leader, opened again after it closes). Fetched records are copied out of the response frame.
 * Call it from one context, as the channel asks.
 */
public final class NetworkLeaderClient implements LeaderClient {
    private final NodeChannel channel;
    private final long requestTimeoutMs;

    /**
     * @param requestTimeoutMs how long a request may go unanswered, on top of a fetch's max wait
     */
    public NetworkLeaderClient(NodeChannel channel, long requestTimeoutMs) {
        this.channel = channel;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    @Override
    public Future<FetchResponse> fetch(FetchRequest request) {
        return channel.send(ApiKey.FETCH, request, NetworkLeaderClient::readOwned,
                requestTimeoutMs + request.maxWaitMs());
    }

    private static FetchResponse readOwned(ByteBuf frame) {
        FetchResponse sliced = FetchResponse.readFrom(frame);
        Wire.requireFullyRead(frame);
        return new FetchResponse(sliced.topics().stream().map(t -> new FetchResponse.TopicData(t.name(),
                t.partitions().stream().map(p -> new FetchResponse.PartitionData(p.partition(), p.error(),
                        p.errorMessage(), p.highWatermark(), p.logStartOffset(),
                        p.records() == null ? null : Unpooled.copiedBuffer(p.records()))).toList())).toList());
    }

    @Override
    public Future<OffsetForLeaderEpochResponse> offsetForLeaderEpoch(OffsetForLeaderEpochRequest request) {
        return channel.send(ApiKey.OFFSET_FOR_LEADER_EPOCH, request, frame -> {
            OffsetForLeaderEpochResponse r = OffsetForLeaderEpochResponse.readFrom(frame);
            Wire.requireFullyRead(frame);
            return r;
        }, requestTimeoutMs);
    }

    @Override
    public Future<Void> close() {
        return channel.close();
    }
}
