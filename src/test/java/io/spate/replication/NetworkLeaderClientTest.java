package io.spate.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spate.client.FakeBroker;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.SpateException;
import io.spate.transport.LoopContext;
import io.spate.transport.NodeChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A follower's Fetch reports its log starts in version 2; a leader of an older version answers that
 * UNSUPPORTED_VERSION, and the client sends the same fetch again without them (version 0), and the
 * next ones too, until a request fails otherwise (the leader may have been restarted, upgraded).
 */
@Timeout(30)
class NetworkLeaderClientTest {
    private Vertx vertx;
    private FakeBroker leader;
    private LoopContext context;
    private NetworkLeaderClient client;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        leader = FakeBroker.start(vertx, 1).topic("t", 1);
        context = LoopContext.create(vertx);
        client = new NetworkLeaderClient(NodeChannel.create(vertx, 1, "127.0.0.1", leader.port(), "replica-fetcher-2",
                5_000), 5_000);
    }

    @AfterEach
    void stop() throws Exception {
        await(() -> client.close());
        leader.stop();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static FetchRequest fetchReportingLogStart() {
        return new FetchRequest(2, 0, 1, 1 << 20, List.of(new FetchRequest.TopicData("t",
                List.of(new FetchRequest.PartitionData(0, 0, 0, 0, 1 << 20)))));
    }

    /** Runs {@code call} on the client's context, as its fetcher does, and waits for it. */
    private <T> T await(Supplier<Future<T>> call) throws Exception {
        Promise<T> done = Promise.promise();
        context.execute(() -> call.get().onComplete(done));
        return done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private List<Integer> fetchVersions() {
        return leader.requests(ApiKey.FETCH).stream().map(r -> (int) r.header.apiVersion()).toList();
    }

    /** The leader answers version 2 UNSUPPORTED_VERSION, as a node of an older version does. */
    private void leaderWithoutVersion2() {
        leader.on(ApiKey.FETCH, r -> {
            if (r.header.apiVersion() >= 2) {
                r.respondError(ErrorCode.UNSUPPORTED_VERSION, "api 1 version 2 is not supported by this node");
            } else {
                r.respond(new FetchResponse(List.of()));
            }
        });
    }

    @Test
    void aLeaderThatKnowsVersion2GetsTheLogStarts() throws Exception {
        await(() -> client.fetch(fetchReportingLogStart()));
        assertEquals(List.of(2), fetchVersions());
        FetchRequest received = FetchRequest.readFrom(leader.requests(ApiKey.FETCH).get(0).body.duplicate(), (short) 2);
        assertEquals(0, received.topics().get(0).partitions().get(0).logStartOffset());
    }

    @Test
    void anOlderLeaderGetsTheSameFetchWithoutLogStartsAndSoDoLaterFetches() throws Exception {
        leaderWithoutVersion2();
        await(() -> client.fetch(fetchReportingLogStart()));
        assertEquals(List.of(2, 0), fetchVersions(), "refused, then sent again at once as version 0");
        await(() -> client.fetch(fetchReportingLogStart()));
        assertEquals(List.of(2, 0, 0), fetchVersions(), "remembered: no second refusal");
    }

    @Test
    void aFailedRequestMakesTheNextFetchTryVersion2Again() throws Exception {
        leaderWithoutVersion2();
        await(() -> client.fetch(fetchReportingLogStart()));
        leader.on(ApiKey.FETCH, r -> r.socket.close()); // the leader goes away mid-request
        ExecutionException lost = assertThrows(ExecutionException.class, () -> await(() -> client.fetch(fetchReportingLogStart())));
        assertEquals(ErrorCode.NETWORK_EXCEPTION, ((SpateException) lost.getCause()).error());
        leader.on(ApiKey.FETCH, r -> r.respond(new FetchResponse(List.of(), (short) 2))); // back, upgraded
        await(() -> client.fetch(fetchReportingLogStart()));
        List<Integer> versions = fetchVersions();
        assertEquals(2, versions.get(versions.size() - 1), "version 2 tried again: " + versions);
    }
}
