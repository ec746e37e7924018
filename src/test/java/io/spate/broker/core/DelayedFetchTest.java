package io.spate.broker.core;

import static io.spate.broker.wire.NativeProtocolTest.createTopic;
import static io.spate.broker.wire.NativeProtocolTest.produce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.record.RecordBatch;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
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
 * request's, one after the other otherwise, with the same answer either way.
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

    private static RawConnection connect() {
        return new RawConnection(node.port());
    }
}
