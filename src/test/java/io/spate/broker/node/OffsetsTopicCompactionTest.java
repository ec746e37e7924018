package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.broker.core.TopicNames;
import io.spate.protocol.ApiKey;
import io.spate.protocol.DescribeLogDirsRequest;
import io.spate.protocol.DescribeLogDirsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetCommitResponse;
import io.spate.protocol.OffsetFetchRequest;
import io.spate.protocol.OffsetFetchResponse;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offsets topic is compacted: 1,000,000 offset commits (10,000 requests of 100 partitions, all
 * in one offsets partition) leave a log bounded by the keys, not by the commits, and the last
 * commit of every partition is what comes back.
 */
@Timeout(180)
class OffsetsTopicCompactionTest {
    private static final int PARTITIONS_PER_COMMIT = 100;
    private static final int REQUESTS = 10_000;
    private static final int IN_FLIGHT = 16;
    /** 100 keys of ~60 bytes: what survives is a few KB plus the active 64 KiB segment. */
    private static final long BOUND_BYTES = 512 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void aMillionCommitsStayBounded() {
        SpateNode node = TestNode.start(dataDir, "offsets.topic.num.partitions=1", "offsets.topic.segment.bytes=65536",
                "log.cleaner.interval.ms=100");
        try (RawConnection c = new RawConnection(node.port())) {
            Deque<Integer> pending = new ArrayDeque<>();
            for (int round = 0; round < REQUESTS; round++) {
                pending.add(c.send(ApiKey.OFFSET_COMMIT, (short) 0, commit(round)));
                if (pending.size() >= IN_FLIGHT) {
                    assertCommitted(c.readResponse(pending.poll()));
                }
            }
            while (!pending.isEmpty()) {
                assertCommitted(c.readResponse(pending.poll()));
            }
            long rawBytes = (long) REQUESTS * PARTITIONS_PER_COMMIT * 40;
            Eventually.eventually(Duration.ofSeconds(60), "__consumer_offsets-0 compacted below " + BOUND_BYTES
                    + " bytes (written: more than " + rawBytes + ")", () -> offsetsLogBytes(c) < BOUND_BYTES);

            OffsetFetchResponse fetched = OffsetFetchResponse.readFrom(c.call(ApiKey.OFFSET_FETCH,
                    OffsetFetchRequest.allPartitions("g")).body());
            assertEquals(ErrorCode.NONE, fetched.error());
            assertEquals(PARTITIONS_PER_COMMIT, fetched.topics().get(0).partitions().size());
            fetched.topics().get(0).partitions().forEach(p ->
                    assertEquals(REQUESTS - 1, p.committedOffset(), "partition " + p.partition()));
        } finally {
            TestNode.stop(node);
        }
    }

    private static OffsetCommitRequest commit(int round) {
        List<OffsetCommitRequest.Partition> parts = new ArrayList<>(PARTITIONS_PER_COMMIT);
        for (int p = 0; p < PARTITIONS_PER_COMMIT; p++) {
            parts.add(new OffsetCommitRequest.Partition(p, round, -1, ""));
        }
        return new OffsetCommitRequest("g", OffsetCommitRequest.NO_GENERATION, "", null,
                List.of(new OffsetCommitRequest.Topic("events", parts)));
    }

    private static void assertCommitted(RawConnection.Response r) {
        assertEquals(ErrorCode.NONE, r.header().error(), r.header().errorMessage());
        OffsetCommitResponse resp = OffsetCommitResponse.readFrom(r.body());
        resp.topics().forEach(t -> t.partitions().forEach(p -> assertEquals(ErrorCode.NONE, p.error(), p.errorMessage())));
    }

    private static long offsetsLogBytes(RawConnection c) {
        DescribeLogDirsResponse r = DescribeLogDirsResponse.readFrom(c.call(ApiKey.DESCRIBE_LOG_DIRS,
                new DescribeLogDirsRequest(List.of(TopicNames.CONSUMER_OFFSETS))).body());
        return r.topics().get(0).partitions().get(0).sizeBytes();
    }
}
