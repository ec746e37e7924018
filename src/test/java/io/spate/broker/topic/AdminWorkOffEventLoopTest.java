package io.spate.broker.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.broker.wire.NativeProtocolTest;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ApiVersionsRequest;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.CreateTopicsResponse;
import io.spate.protocol.DeleteTopicsRequest;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.MetadataRequest;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 11: big admin changes must not stall what serves other requests. While a create
 * or a delete of 1,000 partitions runs, ApiVersions, Metadata and acks=all produce requests on
 * another connection keep being answered promptly (the produce waits for an fsync on the node's
 * worker pool, which the delete's thousand log closes used to fill), and Vert.x's blocked-thread
 * checker stays silent (checked by {@link TestNode#stop}).
 */
@Timeout(60)
class AdminWorkOffEventLoopTest {
    /** Far above a served request's normal latency, far below the seconds a blocked loop costs. */
    private static final long BOUND_MS = 500;
    private static final int BIG = 1_000;

    @TempDir
    Path dataDir;

    @Test
    void requestsAreAnsweredPromptlyWhileABigCreateAndABigDeleteRun() {
        SpateNode node = TestNode.start(dataDir);
        try (RawConnection admin = new RawConnection(node.port()); RawConnection client = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(client, "busy", 1, Map.of());
            int create = admin.send(ApiKey.CREATE_TOPICS, (short) 0, new CreateTopicsRequest(
                    List.of(new CreateTopicsRequest.Topic("big", BIG, (short) 1, List.of())), 60_000, false));
            long worstDuringCreate = worstRoundUntilAnswered(admin, client, "create");
            CreateTopicsResponse r = CreateTopicsResponse.readFrom(admin.readResponse(create).body());
            assertEquals(ErrorCode.NONE, r.topics().get(0).error(), String.valueOf(r.topics().get(0).errorMessage()));

            int delete = admin.send(ApiKey.DELETE_TOPICS, (short) 0, new DeleteTopicsRequest(List.of("big"), 60_000));
            long worstDuringDelete = worstRoundUntilAnswered(admin, client, "delete");
            admin.readResponse(delete);

            assertTrue(worstDuringCreate < BOUND_MS, "a round of ApiVersions + Metadata + produce took "
                    + worstDuringCreate + " ms while the create ran (bound " + BOUND_MS + " ms)");
            assertTrue(worstDuringDelete < BOUND_MS, "a round of ApiVersions + Metadata + produce took "
                    + worstDuringDelete + " ms while the delete ran (bound " + BOUND_MS + " ms)");
        } finally {
            TestNode.stop(node);
        }
    }

    /** Rounds of ApiVersions, Metadata and an acks=all produce until {@code admin} has an answer; the slowest. */
    private static long worstRoundUntilAnswered(RawConnection admin, RawConnection client, String what) {
        long worstMs = 0;
        int rounds = 0;
        long start = System.nanoTime();
        while (!admin.hasPendingFrame() && System.nanoTime() - start < 50_000_000_000L) {
            long t0 = System.nanoTime();
            client.call(ApiKey.API_VERSIONS, new ApiVersionsRequest());
            client.call(ApiKey.METADATA, new MetadataRequest(List.of("busy"), false));
            NativeProtocolTest.produce(client, "busy", 0, (short) -1, TestBatches.of("v"));
            worstMs = Math.max(worstMs, (System.nanoTime() - t0) / 1_000_000);
            rounds++;
        }
        System.out.printf("%s of %d partitions: %d ms; %d rounds beside it, the slowest %d ms%n",
                what, BIG, (System.nanoTime() - start) / 1_000_000, rounds, worstMs);
        return worstMs;
    }
}
