package io.spate.broker.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.spate.broker.core.PartitionRead;
import io.spate.log.LogReadResult;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.Frames;
import io.spate.protocol.ResponseHeader;
import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Fetch response whose records are still in the segment files: encoded as the bytes of
 * {@link FetchResponse} (same layout, see protocol.md) but in parts, so that the records can go to
 * the socket as {@link SegmentRegion}s (zero copy) between small buffers holding the frame prefix,
 * the response header and each partition's fields.
 *
 * <p>{@link #encode} with {@code zeroCopy} false copies the records into one buffer instead, for a
 * transport that cannot send file regions (TLS). Either way the byte stream is identical.
 * Stateless after construction; encode on the connection's context.
 */
final class FetchReply {
    private final Map<String, List<Map.Entry<Integer, PartitionRead>>> byTopic = new LinkedHashMap<>();
    private final short version;

    /** A version 0 answer. */
    FetchReply(Map<TopicPartition, PartitionRead> reads) {
        this(reads, (short) 0);
    }

    /**
     * An answer in {@code version}: version 1 adds each partition's last stable offset and aborted
     * transactions (null unless the read was read_committed).
     */
    FetchReply(Map<TopicPartition, PartitionRead> reads, short version) {
        this.version = version;
        reads.forEach((tp, r) -> byTopic.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(Map.entry(tp.partition(), r)));
    }

    /**
     * The whole response frame (size prefix, header {@code ok(correlationId)}, body) as parts to
     * write in order: {@link ByteBuf}s and, with {@code zeroCopy}, {@link SegmentRegion}s. The
     * caller owns the parts (writing them to a channel hands them over).
     *
     * @throws io.spate.log.LogStorageException when copying (not zeroCopy) fails to read a segment
     */
    List<Object> encode(ByteBufAllocator alloc, int correlationId, boolean zeroCopy) {
        List<Object> parts = new ArrayList<>();
        ByteBuf head = alloc.buffer();
        ByteBuf current = head;
        try {
            long total = 0;
            current.writeInt(0);
            ResponseHeader.ok(correlationId).writeTo(current);
            current.writeInt(byTopic.size());
            for (Map.Entry<String, List<Map.Entry<Integer, PartitionRead>>> t : byTopic.entrySet()) {
                FetchResponse.writeTopicPrefix(current, t.getKey(), t.getValue().size());
                for (Map.Entry<Integer, PartitionRead> p : t.getValue()) {
                    PartitionRead r = p.getValue();
                    LogReadResult records = r.records();
                    int size = records.sizeInBytes();
                    if (version >= 1) {
                        FetchResponse.writePartitionPrefix(current, p.getKey(), r.error(), r.errorMessage(),
                                r.highWatermark(), r.lastStableOffset(), r.logStartOffset(), aborted(r), size);
                    } else {
                        FetchResponse.writePartitionPrefix(current, p.getKey(), r.error(), r.errorMessage(),
                                r.highWatermark(), r.logStartOffset(), size);
                    }
                    if (size == 0) {
                        continue;
                    }
                    if (zeroCopy) {
                        total += current.readableBytes();
                        parts.add(current);
                        parts.add(new SegmentRegion(records.channel(), records.position(), size));
                        total += size;
                        current = alloc.buffer();
                    } else {
                        current.ensureWritable(size);
                        records.copyTo(current.nioBuffer(current.writerIndex(), size));
                        current.writerIndex(current.writerIndex() + size);
                    }
                }
            }
            total += current.readableBytes();
            parts.add(current);
            long frameBytes = total - Frames.SIZE_PREFIX_BYTES;
            if (frameBytes > Integer.MAX_VALUE) {
                throw new IllegalStateException("fetch response of " + frameBytes + " bytes exceeds a frame");
            }
            head.setInt(0, (int) frameBytes);
            return parts;
        } catch (RuntimeException e) {
            if (!parts.contains(current)) {
                current.release();
            }
            parts.forEach(ReferenceCountUtil::release);
            throw e;
        }
    }

    /** The aborted transactions as the wire gives them (producer id, first offset), or null. */
    private static List<FetchResponse.AbortedTransaction> aborted(PartitionRead r) {
        if (r.abortedTransactions() == null) {
            return null;
        }
        List<FetchResponse.AbortedTransaction> out = new ArrayList<>(r.abortedTransactions().size());
        r.abortedTransactions().forEach(t -> out.add(new FetchResponse.AbortedTransaction(t.producerId(), t.firstOffset())));
        return out;
    }
}
