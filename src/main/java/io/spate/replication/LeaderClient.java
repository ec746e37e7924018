package io.spate.replication;

import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.OffsetForLeaderEpochResponse;
import io.vertx.core.Future;

/**
 * A follower's requests to one leader node. {@link NetworkLeaderClient} sends them over the native
 * protocol; tests use fakes. Failures that concern the whole request (connection lost, timeout, a
 * request-level error) fail the Future; per-partition errors are in the response.
 */
public interface LeaderClient {
    /**
     * Sends a Fetch. The response's {@code records} buffers belong to the caller: they stay valid
     * after the Future completes (copies, not slices of a network frame).
     */
    Future<FetchResponse> fetch(FetchRequest request);

    /** Sends an OffsetForLeaderEpoch. */
    Future<OffsetForLeaderEpochResponse> offsetForLeaderEpoch(OffsetForLeaderEpochRequest request);

    /** Closes the client; requests in flight fail. */
    Future<Void> close();
}
