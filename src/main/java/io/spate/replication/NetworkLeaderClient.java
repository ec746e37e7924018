package io.spate.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.OffsetForLeaderEpochResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.Wire;
import io.spate.transport.NodeChannel;
import io.vertx.core.Future;

/**
 * {@link LeaderClient} over the native protocol through a {@link NodeChannel} (one connection to the
 * leader, opened again after it closes). Fetched records are copied out of the response frame.
 * Call it from one context, as the channel asks.
 *
 * <p>A follower's Fetch reports its log starts (version 2). A leader of an older version answers
 * that UNSUPPORTED_VERSION: the same fetch is sent again at once without them (version 0), and so
 * are the next ones, until a request fails for another reason (connection lost, timeout: the
 * leader may have been restarted, upgraded), after which version 2 is tried again. Without the log
 * starts such a leader simply does not learn them (it has no DeleteRecords wait to feed).
 */
public final class NetworkLeaderClient implements LeaderClient {
    private final NodeChannel channel;
    private final long requestTimeoutMs;
    private boolean leaderLacksVersion2;

    /**
     * @param requestTimeoutMs how long a request may go unanswered, on top of a fetch's max wait
     */
    public NetworkLeaderClient(NodeChannel channel, long requestTimeoutMs) {
        this.channel = channel;
        this.requestTimeoutMs = requestTimeoutMs;
    }

    @Override
    public Future<FetchResponse> fetch(FetchRequest request) {
        if (leaderLacksVersion2) {
            return send(request.withoutLogStartOffsets());
        }
        return send(request).recover(err -> {
            if (request.version() < 2 || !(err instanceof SpateException e) || e.error() != ErrorCode.UNSUPPORTED_VERSION) {
                return Future.failedFuture(err);
            }
            leaderLacksVersion2 = true;
            return send(request.withoutLogStartOffsets());
        });
    }

    private Future<FetchResponse> send(FetchRequest request) {
        short version = request.version();
        return channel.send(ApiKey.FETCH, request, frame -> readOwned(frame, version), requestTimeoutMs + request.maxWaitMs())
                .onFailure(err -> {
                    if (!(err instanceof SpateException e) || e.error() != ErrorCode.UNSUPPORTED_VERSION) {
                        leaderLacksVersion2 = false;
                    }
                });
    }

    private static FetchResponse readOwned(ByteBuf frame, short version) {
        FetchResponse sliced = FetchResponse.readFrom(frame, version);
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
