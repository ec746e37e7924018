package io.spate.broker.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import io.spate.broker.core.PartitionRead;
import io.spate.log.LogConfig;
import io.spate.log.LogReadResult;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.Frames;
import io.spate.protocol.ResponseHeader;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import io.spate.testing.MockTime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-copy fetch encoding: the frame built from buffers and file regions is byte for byte the
 * copied one, and the records in it are exactly the stored batches.
 */
class FetchReplyTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);

    @TempDir
    Path dir;
    private PartitionLog log;
    private final MockTime clock = new MockTime(1_000_000L);

    @AfterEach
    void close() {
        if (log != null) {
            log.close();
        }
    }

    private void open(String... overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            m.put(overrides[i], overrides[i + 1]);
        }
        log = PartitionLog.open(dir.resolve("orders-0"), "orders", 0, LogConfig.from(m, LogConfig.defaults()), clock, true);
    }

    private static ByteBuffer batch(int records, long ts) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 256);
        for (int i = 0; i < records; i++) {
            b.append(ts, null, ("value-" + ts + "-" + i).getBytes(StandardCharsets.UTF_8), List.of());
        }
        return b.build();
    }

    private void appendBatches(int count, int recordsPerBatch) {
        for (int i = 0; i < count; i++) {
            log.append(batch(recordsPerBatch, clock.milliseconds() + i), 0);
        }
        log.updateHighWatermark(log.logEndOffset());
    }

    /** Every part of the frame, regions transferred as a socket would, as one buffer. */
    private static ByteBuf materialize(List<Object> parts) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WritableByteChannel sink = Channels.newChannel(bytes);
        try {
            for (Object part : parts) {
                if (part instanceof ByteBuf b) {
                    sink.write(b.nioBuffer());
                } else {
                    FileRegion region = assertInstanceOf(FileRegion.class, part);
                    while (region.transferred() < region.count()) {
                        region.transferTo(sink, region.transferred());
                    }
                }
            }
        } finally {
            parts.forEach(ReferenceCountUtil::release);
        }
        return Unpooled.wrappedBuffer(bytes.toByteArray());
    }

    private static FetchResponse decode(ByteBuf frame) {
        assertEquals(frame.readableBytes() - Frames.SIZE_PREFIX_BYTES, frame.readInt());
        assertEquals(ErrorCode.NONE, ResponseHeader.readFrom(frame).error());
        return FetchResponse.readFrom(frame);
    }

    private static byte[] bytesOf(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }

    private static byte[] stored(LogReadResult r) {
        return r.toByteBuffer().array();
    }

    private PartitionRead read(long offset, int maxBytes) {
        LogReadResult r = log.read(offset, maxBytes, log.highWatermark(), true);
        return new PartitionRead(ErrorCode.NONE, null, log.highWatermark(), log.logStartOffset(), r);
    }

    @Test
    void zeroCopyFrameIsByteForByteTheCopiedFrame() throws IOException {
        open();
        appendBatches(10, 3);
        Map<TopicPartition, PartitionRead> reads = new LinkedHashMap<>();
        reads.put(TP, read(0, 1 << 20));
        reads.put(new TopicPartition("orders", 1), PartitionRead.failed(ErrorCode.OFFSET_OUT_OF_RANGE, "out", 5, 0));
        reads.put(new TopicPartition("other", 0), read(12, 1 << 20));
        FetchReply reply = new FetchReply(reads);
        List<Object> zeroCopy = reply.encode(ByteBufAllocator.DEFAULT, 42, true);
        assertTrue(zeroCopy.stream().anyMatch(p -> p instanceof FileRegion), "records go as file regions");
        byte[] a = bytesOf(materialize(zeroCopy));
        byte[] b = bytesOf(materialize(reply.encode(ByteBufAllocator.DEFAULT, 42, false)));
        assertArrayEquals(b, a);
    }

    @Test
    void versionOneCarriesTheLastStableOffsetAndAbortedTransactionsInBothEncodings() throws IOException {
        open();
        appendBatches(3, 2);
        Map<TopicPartition, PartitionRead> reads = new LinkedHashMap<>();
        reads.put(TP, read(0, 1 << 20).committed(4, List.of(new io.spate.log.AbortedTxn(9, 2, 5, 6))));
        reads.put(new TopicPartition("orders", 1), read(0, 1 << 20)); // read_uncommitted: -1 and null
        FetchReply reply = new FetchReply(reads, (short) 1);
        byte[] zeroCopy = bytesOf(materialize(reply.encode(ByteBufAllocator.DEFAULT, 3, true)));
        assertArrayEquals(bytesOf(materialize(reply.encode(ByteBufAllocator.DEFAULT, 3, false))), zeroCopy);
        ByteBuf frame = Unpooled.wrappedBuffer(zeroCopy);
        frame.readInt();
        ResponseHeader.readFrom(frame);
        List<FetchResponse.PartitionData> parts = FetchResponse.readFrom(frame, (short) 1).topics().get(0).partitions();
        assertEquals(4, parts.get(0).lastStableOffset());
        assertEquals(List.of(new FetchResponse.AbortedTransaction(9, 2)), parts.get(0).abortedTransactions());
        assertArrayEquals(stored(reads.get(TP).records()), bytesOf(parts.get(0).records()));
        assertEquals(-1, parts.get(1).lastStableOffset());
        assertEquals(null, parts.get(1).abortedTransactions());
        assertEquals(0, frame.readableBytes());
    }

    @Test
    void consumerGetsExactlyTheStoredBatchesAcrossSegmentBoundaries() throws IOException {
        open(LogConfig.SEGMENT_BYTES, "1024");
        appendBatches(40, 2);
        assertTrue(log.segmentCount() > 2, "the log rolled");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        long next = 0;
        while (next < log.highWatermark()) {
            PartitionRead r = read(next, 700);
            byte[] expected = stored(r.records());
            FetchResponse resp = decode(materialize(new FetchReply(Map.of(TP, r)).encode(ByteBufAllocator.DEFAULT, 1, true)));
            byte[] got = bytesOf(resp.topics().get(0).partitions().get(0).records());
            assertArrayEquals(expected, got);
            received.writeBytes(got);
            List<RecordBatch> batches = new ArrayList<>();
            RecordBatch.batches(ByteBuffer.wrap(got)).forEach(batches::add);
            next = batches.get(batches.size() - 1).nextOffset();
        }
        ByteArrayOutputStream files = new ByteArrayOutputStream();
        try (var s = Files.list(dir.resolve("orders-0"))) {
            for (Path p : s.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                files.writeBytes(Files.readAllBytes(p));
            }
        }
        assertArrayEquals(files.toByteArray(), received.toByteArray(), "every stored byte, in order, once");
    }

    @Test
    void budgetEndingInsideABatchSendsOnlyTheWholeBatchesBeforeIt() throws IOException {
        open();
        appendBatches(5, 4);
        int one = stored(read(0, 1).records()).length;
        PartitionRead r = read(0, 2 * one + one / 2);
        FetchResponse resp = decode(materialize(new FetchReply(Map.of(TP, r)).encode(ByteBufAllocator.DEFAULT, 1, true)));
        byte[] got = bytesOf(resp.topics().get(0).partitions().get(0).records());
        assertEquals(2 * one, got.length);
        int count = 0;
        for (RecordBatch b : RecordBatch.batches(ByteBuffer.wrap(got))) {
            assertTrue(b.isChecksumValid());
            count++;
        }
        assertEquals(2, count);
    }

    @Test
    void regionStaysReadableAfterRetentionDeletedItsSegment() throws IOException {
        open(LogConfig.SEGMENT_BYTES, "1024", LogConfig.RETENTION_MS, "1000");
        appendBatches(30, 2);
        PartitionRead r = read(0, 1 << 20);
        byte[] expected = stored(r.records());
        List<Object> parts = new FetchReply(Map.of(TP, r)).encode(ByteBufAllocator.DEFAULT, 7, true);
        clock.advance(10_000);
        assertTrue(log.deleteExpiredSegments(clock.milliseconds()) > 0, "retention deleted the segment being sent");
        assertTrue(log.logStartOffset() > 0);
        FetchResponse resp = decode(materialize(parts));
        assertArrayEquals(expected, bytesOf(resp.topics().get(0).partitions().get(0).records()));
    }

    @Test
    void releasingARegionLeavesTheSegmentOpen() throws IOException {
        open();
        appendBatches(3, 1);
        PartitionRead r = read(0, 1 << 20);
        materialize(new FetchReply(Map.of(TP, r)).encode(ByteBufAllocator.DEFAULT, 1, true));
        assertTrue(r.records().channel().isOpen());
        assertArrayEquals(stored(r.records()), stored(read(0, 1 << 20).records()));
    }

    @Test
    void regionOfAClosedSegmentFailsInsteadOfSendingOtherBytes() {
        open();
        appendBatches(3, 1);
        List<Object> parts = new FetchReply(Map.of(TP, read(0, 1 << 20))).encode(ByteBufAllocator.DEFAULT, 1, true);
        log.close();
        log = null;
        // the transport closes the connection on this error: the client fetches again
        assertThrows(ClosedChannelException.class, () -> materialize(parts));
    }
}
