package io.spate.broker.kafka;

import io.netty.buffer.ByteBuf;
import io.spate.broker.wire.SegmentRegion;
import io.spate.log.LogReadResult;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.RecordsSend;

/**
 * The records of one partition of a Fetch answer, still in their segment file: what the generated
 * {@code FetchResponseData} carries until {@link ResponseWriter} sends them as a file region (zero
 * copy) or copies them. Only {@link ResponseWriter} writes them; Kafka's own network layer
 * ({@link #toSend}) is not used here.
 */
final class RegionRecords implements BaseRecords {
    private final LogReadResult read;

    RegionRecords(LogReadResult read) {
        this.read = read;
    }

    @Override
    public int sizeInBytes() {
        return read.sizeInBytes();
    }

    SegmentRegion toRegion() {
        return new SegmentRegion(read.channel(), read.position(), read.sizeInBytes());
    }

    /** Copies the bytes into {@code out} (a transport that cannot send file regions). */
    void copyTo(ByteBuf out) {
        int size = read.sizeInBytes();
        out.ensureWritable(size);
        read.copyTo(out.nioBuffer(out.writerIndex(), size));
        out.writerIndex(out.writerIndex() + size);
    }

    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("Spate writes fetched records with its ResponseWriter, not a Kafka Send");
    }
}
