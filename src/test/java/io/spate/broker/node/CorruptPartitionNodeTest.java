package io.spate.broker.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.wire.NativeProtocolTest;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchResponse;
import io.spate.record.RecordBatch;
import io.spate.testing.RawConnection;
import io.spate.testing.TestBatches;
import io.spate.testing.TestNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition whose old segment is damaged (not a torn tail) starts offline: nothing of it is cut or
 * deleted, produce and fetch to it answer KAFKA_STORAGE_ERROR, and the node serves its other partitions.
 */
@Timeout(60)
class CorruptPartitionNodeTest {
    @TempDir
    Path dataDir;

    private static Map<String, byte[]> logFiles(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    @Test
    void damagedOldSegmentTakesOnlyItsPartitionOfflineAndLosesNothing() throws IOException {
        SpateNode node = TestNode.start(dataDir);
        try (RawConnection c = new RawConnection(node.port())) {
            NativeProtocolTest.createTopic(c, "orders", 2, Map.of("segment.bytes", "1024"));
            for (int i = 0; i < 40; i++) {
                for (int p = 0; p < 2; p++) {
                    NativeProtocolTest.produce(c, "orders", p, (short) -1, TestBatches.of("value-" + i + "-" + "x".repeat(60)));
                }
            }
        } finally {
            TestNode.stop(node);
        }
        Path broken = dataDir.resolve("orders-1");
        Path first = broken.resolve(String.format("%020d", 0) + ".log");
        Files.delete(broken.resolve(String.format("%020d", 0) + ".index")); // the index is rebuilt by a scan
        try (FileChannel ch = FileChannel.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(12);
            ch.read(header, 0);
            int second = header.getInt(8) + 12;
            ch.write(ByteBuffer.wrap(new byte[] {0x55}), second + RecordBatch.RECORDS_OFFSET + 3); // CRC breaks
        }
        Map<String, byte[]> before = logFiles(broken);
        assertTrue(before.size() > 2, "several segments: " + before.keySet());

        SpateNode again = TestNode.start(dataDir);
        try (RawConnection c = new RawConnection(again.port())) {
            FetchResponse.PartitionData fetched = NativeProtocolTest.fetch(c, "orders", 1, 0, 0);
            assertEquals(ErrorCode.KAFKA_STORAGE_ERROR, fetched.error(), fetched.errorMessage());
            assertEquals(ErrorCode.KAFKA_STORAGE_ERROR,
                    NativeProtocolTest.produce(c, "orders", 1, (short) -1, TestBatches.of("more")).error());
            // the other partition serves every record and takes new ones
            List<String> values = new ArrayList<>();
            long next = 0;
            while (next < 40) {
                FetchResponse.PartitionData data = NativeProtocolTest.fetch(c, "orders", 0, next, 0);
                assertEquals(ErrorCode.NONE, data.error());
                values.addAll(NativeProtocolTest.values(data));
                next = values.size(); // one record per offset from 0
            }
            assertEquals(40, values.size());
            assertEquals(40, NativeProtocolTest.produce(c, "orders", 0, (short) -1, TestBatches.of("more")).baseOffset());
        } finally {
            TestNode.stop(again);
        }
        Map<String, byte[]> after = logFiles(broken);
        assertEquals(before.keySet(), after.keySet(), "no segment of the damaged partition is deleted");
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name + " is not cut"));
    }
}
