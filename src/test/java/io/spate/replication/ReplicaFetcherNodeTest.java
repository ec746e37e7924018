package io.spate.replication;

import static io.spate.testing.Eventually.eventually;
import static io.spate.testing.TestNode.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.broker.SpateNode;
import io.spate.client.NodeChannel;
import io.spate.log.LogConfig;
import io.spate.log.PartitionLog;
import io.spate.protocol.ApiKey;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ReplicaFetcher} over TCP ({@link NetworkLeaderClient}, {@link NodeChannel}) from a real
 * in-process node acting as the leader (it answers Fetch with a replica id; an empty follower log
 * has no epoch to ask about, so OffsetForLeaderEpoch, which the node does not serve yet, is not needed).
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class ReplicaFetcherNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicPartition TP = new TopicPartition("events", 0);

    @TempDir
    Path tmp;
    private SpateNode node;
    private ReplicaFetcher fetcher;
    private PartitionLog followerLog;

    @AfterEach
    void stop() {
        if (fetcher != null) {
            await(fetcher.close());
        }
        if (followerLog != null) {
            followerLog.close();
        }
        TestNode.stop(node);
    }

    private static void produce(RawConnection c, String value) {
        RawConnection.Response resp = c.call(ApiKey.PRODUCE, new ProduceRequest(ProduceRequest.ACKS_ALL, 30_000, List.of(
                new ProduceRequest.TopicData(TP.topic(), List.of(new ProduceRequest.PartitionData(TP.partition(),
                        TestBatches.of(CompressionType.NONE, 1_000, value, value + "!")))))));
        ProduceResponse.PartitionResponse p = ProduceResponse.readFrom(resp.body()).topics().get(0).partitions().get(0);
        assertEquals(ErrorCode.NONE, p.error(), p.errorMessage());
    }

    /** Every segment file of a partition directory, in offset order, back to back. */
    private static byte[] bytes(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                out.write(Files.readAllBytes(f));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void copiesANodesPartitionOverTheNetworkAndSurvivesALostConnection(Vertx vertx) {
        node = TestNode.start(tmp.resolve("leader"));
        try (RawConnection c = new RawConnection(node.port())) {
            RawConnection.Response created = c.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(List.of(
                    new CreateTopicsRequest.Topic(TP.topic(), 1, (short) 1, List.of())), 30_000, false));
            assertEquals(ErrorCode.NONE, created.header().error());
            for (int i = 0; i < 5; i++) {
                produce(c, "v" + i);
            }
        }
        ContextInternal fetcherContext = ((VertxInternal) vertx).createEventLoopContext();
        ContextInternal followerContext = ((VertxInternal) vertx).createEventLoopContext();
        followerLog = PartitionLog.open(tmp.resolve("follower/events-0"), TP.topic(), 0, LogConfig.defaults(),
                System::currentTimeMillis, true);
        NodeChannel channel = NodeChannel.create(vertx, node.nodeId(), "127.0.0.1", node.port(), "replica-2", 2_000);
        fetcher = new ReplicaFetcher(2, node.nodeId(), new NetworkLeaderClient(channel, 5_000),
                ReplicaFetcherOptions.DEFAULTS.withMaxWaitMs(100).withBackoffMs(50), fetcherContext, FetcherListener.NONE);
        await(fetcher.addPartition(TP, 0, new PartitionFollowerLog(followerLog, followerContext)));
        eventually(WAIT, "the follower has the 10 records", () -> followerLog.logEndOffset() == 10);
        eventually(WAIT, "the follower's high watermark follows", () -> followerLog.highWatermark() == 10);
        Path leaderDir = tmp.resolve("leader/events-0");
        assertArrayEquals(bytes(leaderDir), bytes(followerLog.dir()), "the leader's bytes, unchanged");

        int leaderPort = node.port();
        TestNode.stop(node);
        node = TestNode.start(tmp.resolve("leader"), "listener.port=" + leaderPort);
        try (RawConnection c = new RawConnection(node.port())) {
            produce(c, "after-restart");
        }
        eventually(WAIT, "the fetcher reconnected and copied the new batch", () -> followerLog.logEndOffset() == 12);
        assertArrayEquals(bytes(leaderDir), bytes(followerLog.dir()), "segments may split elsewhere, bytes may not differ");
    }
}
