package io.spate.record;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.xerial.snappy.SnappyInputStream;
import org.xerial.snappy.SnappyOutputStream;

/**
 * The compression codec of a batch, with the ids of bits 0-2 of a v2 batch's attributes and the
 * names of Kafka's {@code compression.type}. Each codec writes and reads exactly the stream format
 * Kafka's own {@code Compression} classes do, so batches travel between Spate and Kafka clients:
 *
 * <ul>
 * <li>gzip: RFC 1952 ({@code java.util.zip}), default level, 8 KiB deflater buffer;</li>
 * <li>snappy: snappy-java's framed stream ({@code SnappyOutputStream}, 32 KiB blocks);</li>
 * <li>lz4: the LZ4 frame format as Kafka's {@code Lz4BlockOutputStream} writes it: 64 KiB blocks,
 *     block independence, no block or content checksum, no content size, lz4's fast compressor
 *     (Kafka's default level); lz4-java's frame stream produces those bytes exactly, see the tests;</li>
 * <li>zstd: one zstd frame ({@code ZstdOutputStreamNoFinalizer}, level 3, behind a 16 KiB buffer,
 *     as Kafka).</li>
 * </ul>
 *
 * <p>With the library versions of the build, a batch {@link RecordBatchBuilder} makes is byte for byte
 * the one Kafka's {@code MemoryRecordsBuilder} makes from the same records, for every codec (tested).
 *
 * <p>The wrappers are thread-confined like any stream; the enum itself is thread-safe.
 */
public enum CompressionType {
    NONE(0, "none") {
        @Override
        public OutputStream wrapForOutput(OutputStream out) {
            return out;
        }

        @Override
        InputStream openInput(ByteBuffer compressed) {
            return new ByteBufferInputStream(compressed);
        }
    },
    GZIP(1, "gzip") {
        @Override
        public OutputStream wrapForOutput(OutputStream out) throws IOException {
            return new GZIPOutputStream(out, GZIP_BUFFER_BYTES);
        }

        @Override
        InputStream openInput(ByteBuffer compressed) throws IOException {
            return new GZIPInputStream(new ByteBufferInputStream(compressed), GZIP_BUFFER_BYTES);
        }
    },
    SNAPPY(2, "snappy") {
        @Override
        public OutputStream wrapForOutput(OutputStream out) {
            return new SnappyOutputStream(out);
        }

        @Override
        InputStream openInput(ByteBuffer compressed) throws IOException {
            SnappyFraming.check(compressed);
            return new SnappyInputStream(new ByteBufferInputStream(compressed));
        }
    },
    LZ4(3, "lz4") {
        @Override
        public OutputStream wrapForOutput(OutputStream out) throws IOException {
            return new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L,
                    LZ4Factory.fastestInstance().fastCompressor(), XXHashFactory.fastestInstance().hash32(),
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
        }

        @Override
        InputStream openInput(ByteBuffer compressed) throws IOException {
            // one frame per batch, as Kafka writes; bytes after the frame are ignored, as Kafka does
            return new LZ4FrameInputStream(new ByteBufferInputStream(compressed),
                    LZ4Factory.fastestInstance().safeDecompressor(), XXHashFactory.fastestInstance().hash32(),
                    true);
        }
    },
    ZSTD(4, "zstd") {
        @Override
        public OutputStream wrapForOutput(OutputStream out) throws IOException {
            // as Kafka: a buffer in front for callers that write small pieces; its flush on close ends a
            // zstd block before the frame ends, which keeps batches byte-identical with Kafka's
            return new BufferedOutputStream(new ZstdOutputStreamNoFinalizer(out, RecyclingBufferPool.INSTANCE,
                    ZSTD_LEVEL), ZSTD_BUFFER_BYTES);
        }

        @Override
        InputStream openInput(ByteBuffer compressed) throws IOException {
            return new ZstdInputStreamNoFinalizer(new ByteBufferInputStream(compressed), RecyclingBufferPool.INSTANCE);
        }
    };

    /** Deflater/inflater buffer, as Kafka's gzip codec uses. */
    static final int GZIP_BUFFER_BYTES = 8 * 1024;
    /** The buffer Kafka puts in front of its zstd stream. */
    static final int ZSTD_BUFFER_BYTES = 16 * 1024;
    /** zstd's and Kafka's default level. */
    static final int ZSTD_LEVEL = 3;

    private static final CompressionType[] BY_ID = values();

    private final int id;
    private final String configName;

    CompressionType(int id, String configName) {
        this.id = id;
        this.configName = configName;
    }

    /** The codec id in bits 0-2 of a batch's attributes. */
    public int id() {
        return id;
    }

    /** The name used by {@code compression.type}: none, gzip, snappy, lz4, zstd. */
    public String configName() {
        return configName;
    }

    /** The codec with attribute id {@code id}; IllegalArgumentException if there is none. */
    public static CompressionType forId(int id) {
        if (id < 0 || id >= BY_ID.length) {
            throw new IllegalArgumentException("unknown compression codec id " + id + " (known: 0-4)");
        }
        return BY_ID[id];
    }

    /** The codec named {@code name} exactly (lower case, as Kafka's); IllegalArgumentException if none. */
    public static CompressionType forName(String name) {
        for (CompressionType type : BY_ID) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown compression type '" + name
                + "' (expected one of none, gzip, snappy, lz4, zstd)");
    }

    /**
     * A stream that compresses what is written to it into {@code out}. Closing it finishes the
     * compressed frame and closes {@code out}. NONE returns {@code out} itself.
     */
    public abstract OutputStream wrapForOutput(OutputStream out) throws IOException;

    /**
     * A stream of the decompressed bytes of the data between {@code compressed}'s position and limit
     * (the buffer itself never moves). Malformed data fails with an IOException, at the latest when
     * the bad part is read; the caller closes the stream (zstd holds native memory until then).
     * Sizes the data merely claims allocate little: a snappy chunk may claim at most
     * {@link SnappyFraming#MAX_EXPANSION} times its length (checked before decoding), an lz4 block at
     * most 4 MiB, a zstd window at most zstd's default limit of 128 MiB. The caller still bounds how
     * much it reads, since real data may legitimately expand a lot.
     */
    public InputStream wrapForInput(ByteBuffer compressed) throws IOException {
        if (this == NONE) {
            return openInput(compressed);
        }
        try {
            return new CheckedInputStream(openInput(compressed), configName);
        } catch (RuntimeException e) {
            // lz4-java and zstd-jni report some malformed input with unchecked exceptions
            throw new IOException("malformed " + configName + " data: " + e, e);
        }
    }

    abstract InputStream openInput(ByteBuffer compressed) throws IOException;
}
