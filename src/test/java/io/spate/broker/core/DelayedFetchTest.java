package io.spate.broker.core;

import static io.spate.broker.wire.NativeProtocolTest.createTopic;
import static io.spate.broker.wire.NativeProtocolTest.produce;
import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.record.RecordBatch;
import io.spate.testing.Eventually;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetch budgets over several partitions: read in parallel when the partition budgets fit the
 * request's, one after the other otherwise, with the same answer either way; and a fetch short of
 * {@code min_bytes} parks at no cost until data or its deadline, and is dropped with its connection.
 */
@Timeout(60)
class DelayedFetchTest {
    @TempDir
    static Path dataDir;
    static SpateNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir);
    }

    @AfterAll
    static void stop() {
        TestNode.stop(node);
    }

    /** Fetches partitions 0..n-1 of {@code topic} from offset 0; the records bytes per partition. */
    private static List<Integer> fetchSizes(RawConnection c, String topic, int partitions, int maxBytes, int partitionMaxBytes) {
        List<FetchRequest.PartitionData> parts = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            parts.add(new FetchRequest.PartitionData(p, -1, 0, partitionMaxBytes));
        }
        RawConnection.Response resp = c.call(ApiKey.FETCH, new FetchRequest(-1, 0, 1, maxBytes,
                List.of(new FetchRequest.TopicData(topic, parts))));
        assertEquals(ErrorCode.NONE, resp.header().error());
        List<Integer> sizes = new ArrayList<>();
        for (FetchResponse.PartitionData d : FetchResponse.readFrom(resp.body()).topics().get(0).partitions()) {
            assertEquals(ErrorCode.NONE, d.error());
            int size = d.records() == null ? 0 : d.records().readableBytes();
            if (size > 0) {
                RecordBatch.batches(d.records().nioBuffer()).forEach(b -> assertTrue(b.isChecksumValid()));
            }
            sizes.add(size);
        }
        return sizes;
    }

    private static int batchBytes(int count, int size) {
        return TestBatches.sized(count, size).readableBytes();
    }

    @Test
    void everyPartitionIsReadWhenTheBudgetsFit() {
        try (RawConnection c = connect()) {
            createTopic(c, "fan", 3, Map.of());
            for (int p = 0; p < 3; p++) {
                produce(c, "fan", p, (short) -1, TestBatches.sized(10, 50));
                produce(c, "fan", p, (short) -1, TestBatches.sized(10, 50));
            }
            int two = 2 * batchBytes(10, 50);
            assertEquals(List.of(two, two, two), fetchSizes(c, "fan", 3, 1 << 20, 1 << 16));
        }
    }

    @Test
    void oversizedBatchPastTheFirstNonEmptyPartitionWaitsItsTurn() {
        try (RawConnection c = connect()) {
            createTopic(c, "big", 3, Map.of());
            produce(c, "big", 1, (short) -1, TestBatches.sized(10, 200));
            produce(c, "big", 2, (short) -1, TestBatches.sized(10, 200));
            int one = batchBytes(10, 200);
            // partition 0 is empty, so partition 1 gets its whole (oversized) batch; partition 2 gets none
            assertEquals(List.of(0, one, 0), fetchSizes(c, "big", 3, 1 << 20, 100));
        }
    }

    @Test
    void partitionsShareWhatIsLeftOfTheRequestBudget() {
        try (RawConnection c = connect()) {
            createTopic(c, "shared", 2, Map.of());
            int one = batchBytes(10, 50);
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < 3; i++) {
                    produce(c, "shared", p, (short) -1, TestBatches.sized(10, 50));
                }
            }
            // budgets add up past the request's: partition 1 gets only what partition 0 left
            assertEquals(List.of(2 * one, one), fetchSizes(c, "shared", 2, 3 * one + one / 2, 2 * one + one / 2));
        }
    }

    @Test
    void fetchShortOfMinBytesWaitsWithoutSpinning() {
        int connections = 4; // over the node's event loops: some on the partition's loop, some not
        List<RawConnection> cs = new ArrayList<>();
        try (RawConnection c = connect()) {
            createTopic(c, "quiet", 1, Map.of());
            produce(c, "quiet", 0, (short) -1, TestBatches.sized(10, 50));
            int present = batchBytes(10, 50);
            for (int i = 0; i < connections; i++) {
                cs.add(connect());
            }
            long cpuBefore = eventLoopCpuNanos();
            List<Integer> ids = new ArrayList<>();
            for (RawConnection fc : cs) {
                ids.add(fc.send(ApiKey.FETCH, (short) 0, new FetchRequest(-1, 2_000, 1 << 20, 1 << 20,
                        List.of(new FetchRequest.TopicData("quiet", List.of(new FetchRequest.PartitionData(0, -1, 0, 1 << 20)))))));
            }
            for (int i = 0; i < connections; i++) {
                RawConnection.Response resp = cs.get(i).readResponse(ids.get(i));
                assertEquals(ErrorCode.NONE, resp.header().error(), resp.header().errorMessage());
                FetchResponse.PartitionData d = FetchResponse.readFrom(resp.body()).topics().get(0).partitions().get(0);
                assertEquals(ErrorCode.NONE, d.error());
                assertEquals(present, d.records().readableBytes());
            }
            long cpuMs = (eventLoopCpuNanos() - cpuBefore) / 1_000_000;
            // a spinning fetch burns one core for the whole 2 s wait; a parked one next to nothing
            assertTrue(cpuMs < 1_000, "event loops used " + cpuMs + " ms of CPU while " + connections + " fetches waited 2 s");
        } finally {
            cs.forEach(RawConnection::close);
        }
    }

    @Test
    void parkedFetchIsDroppedWhenItsConnectionCloses() {
        try (RawConnection c = connect()) {
            createTopic(c, "left", 1, Map.of());
            produce(c, "left", 0, (short) -1, TestBatches.sized(10, 50));
        }
        PartitionWriter w = node.topics().topic("left").partition(0);
        RawConnection leaving = connect();
        leaving.send(ApiKey.FETCH, (short) 0, new FetchRequest(-1, Integer.MAX_VALUE, 1 << 20, 1 << 20,
                List.of(new FetchRequest.TopicData("left", List.of(new FetchRequest.PartitionData(0, -1, 0, 1 << 20))))));
        eventually("the fetch parked", () -> TestNode.await(w.waiterCount()) == 1);
        leaving.close();
        eventually(Eventually.DEFAULT_TIMEOUT, "the closed connection's fetch was dropped", () -> TestNode.await(w.waiterCount()) == 0,
                () -> "waiters " + TestNode.await(w.waiterCount()));
    }

    /** CPU time used so far by the node's event-loop threads. */
    private static long eventLoopCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("vert.x-eventloop-thread")) {
                total += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    private static RawConnection connect() {
        return new RawConnection(node.port());
    }
}
