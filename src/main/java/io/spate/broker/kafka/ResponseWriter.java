package io.spate.broker.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import io.spate.broker.wire.SegmentRegion;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.BaseRecords;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Writes a response frame (size prefix, header, body) the way kafka-clients' generated classes
 * serialize themselves, into Netty buffers: where a message holds {@link RegionRecords} (a Fetch
 * answer's records still in a segment file) the frame is cut around them and, with zero copy, the
 * records go as a {@link SegmentRegion} (sendfile); without (TLS) they are copied. Single use.
 */
final class ResponseWriter implements Writable {
    private final ByteBufAllocator alloc;
    private final boolean zeroCopy;
    private final List<Object> parts = new ArrayList<>();
    private ByteBuf current;

    private ResponseWriter(ByteBufAllocator alloc, boolean zeroCopy, int initialCapacity) {
        this.alloc = alloc;
        this.zeroCopy = zeroCopy;
        this.current = alloc.buffer(initialCapacity);
    }

    /** The parts of the frame of {@code header} (in {@code headerVersion}) and {@code body} (in {@code version}). */
    static List<Object> frame(ByteBufAllocator alloc, boolean zeroCopy, ApiMessage header, short headerVersion,
                              ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ResponseWriter w = new ResponseWriter(alloc, zeroCopy, zeroCopy ? Math.min(4 + size, 64 * 1024) : 4 + size);
        try {
            w.writeInt(size);
            header.write(w, cache, headerVersion);
            body.write(w, cache, version);
            w.parts.add(w.current);
            w.current = null;
            return w.parts;
        } catch (RuntimeException e) {
            if (w.current != null) {
                w.current.release();
            }
            w.parts.forEach(ReferenceCountUtil::release);
            throw e;
        }
    }

    @Override
    public void writeRecords(BaseRecords records) {
        if (records instanceof RegionRecords region) {
            if (zeroCopy && region.sizeInBytes() > 0) {
                parts.add(current);
                parts.add(region.toRegion());
                current = alloc.buffer();
            } else {
                region.copyTo(current);
            }
        } else if (records instanceof MemoryRecords memory) {
            writeByteBuffer(memory.buffer());
        } else {
            throw new IllegalArgumentException("cannot write records of " + records.getClass().getName());
        }
    }

    @Override
    public void writeByte(byte v) {
        current.writeByte(v);
    }

    @Override
    public void writeShort(short v) {
        current.writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        current.writeInt(v);
    }

    @Override
    public void writeLong(long v) {
        current.writeLong(v);
    }

    @Override
    public void writeDouble(double v) {
        current.writeDouble(v);
    }

    @Override
    public void writeByteArray(byte[] arr) {
        current.writeBytes(arr);
    }

    @Override
    public void writeByteBuffer(ByteBuffer buf) {
        current.writeBytes(buf.duplicate());
    }

    @Override
    public void writeUnsignedVarint(int v) {
        writeUnsignedVarlong(v & 0xFFFFFFFFL);
    }

    @Override
    public void writeVarint(int v) {
        writeUnsignedVarint((v << 1) ^ (v >> 31));
    }

    @Override
    public void writeVarlong(long v) {
        writeUnsignedVarlong((v << 1) ^ (v >> 63));
    }

    /** Seven bits a byte, low first, the high bit set on all but the last (Kafka's and protobuf's varint). */
    private void writeUnsignedVarlong(long v) {
        while ((v & ~0x7FL) != 0) {
            current.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        current.writeByte((int) v);
    }
}
