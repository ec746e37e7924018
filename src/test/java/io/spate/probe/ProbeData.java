package io.spate.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ApiVersionsRequest;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.CreateTopicsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.FetchResponse;
import io.spate.protocol.MetadataRequest;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plain requests probes make to check a node: does it answer, create a topic, produce records
 * whose values name their sequence number, and read a partition back whole to count and check
 * them. Every call is one bounded request on a fresh connection (10 s read timeout).
 */
final class ProbeData {
    static final int TIMEOUT_MS = 10_000;

    private ProbeData() {
    }

    /** Acknowledged and refused records of a {@link #produce} run, refusals counted by error. */
    record Produced(long acknowledged, List<String> acknowledgedValues, Map<String, Long> errors) {
    }

    /** What {@link #readBack} found: records, and acknowledged values that were not there. */
    record ReadBack(long records, long missing, String error) {
        boolean whole() {
            return error == null && missing == 0;
        }
    }

    /**
     * "ok" when the node answers ApiVersions and Metadata on a new connection within the timeout,
     * else what went wrong.
     */
    static String answers(int port) {
        return answers(port, TIMEOUT_MS);
    }

    /** As {@link #answers(int)}, each read bounded by {@code timeoutMs}. */
    static String answers(int port, int timeoutMs) {
        try (ProbeConnection c = ProbeConnection.open(port, timeoutMs)) {
            ProbeConnection.Response v = c.call(ApiKey.API_VERSIONS, new ApiVersionsRequest());
            if (v.header().error() != ErrorCode.NONE) {
                return "ApiVersions answered " + v.header().error();
            }
            ProbeConnection.Response m = c.call(ApiKey.METADATA, MetadataRequest.allTopics());
            if (m.header().error() != ErrorCode.NONE) {
                return "Metadata answered " + m.header().error();
            }
            MetadataResponse.readFrom(m.body());
            return "ok";
        } catch (IOException | RuntimeException e) {
            return "no answer: " + e;
        }
    }

    /** The topics Metadata lists, or null if the node does not answer. */
    static List<MetadataResponse.TopicMetadata> topics(int port) {
        try (ProbeConnection c = ProbeConnection.open(port, TIMEOUT_MS)) {
            ProbeConnection.Response m = c.call(ApiKey.METADATA, MetadataRequest.allTopics());
            return MetadataResponse.readFrom(m.body()).topics();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Creates a topic with a replication factor of 1; answers the topic's error (NONE on success). */
    static ErrorCode createTopic(int port, String name, int partitions, Map<String, String> configs) throws IOException {
        try (ProbeConnection c = ProbeConnection.open(port, 120_000)) {
            List<CreateTopicsRequest.Config> cfg = new ArrayList<>();
            configs.forEach((k, v) -> cfg.add(new CreateTopicsRequest.Config(k, v)));
            ProbeConnection.Response r = c.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(
                    List.of(new CreateTopicsRequest.Topic(name, partitions, (short) 1, cfg)), 110_000, false));
            if (r.header().error() != ErrorCode.NONE) {
                return r.header().error();
            }
            return CreateTopicsResponse.readFrom(r.body()).topics().get(0).error();
        }
    }

    /** An uncompressed batch of the values {@code prefix + first} .. {@code prefix + (first + count - 1)}. */
    static ByteBuffer batch(String prefix, long first, int count, int valueBytes) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, count * (valueBytes + 32));
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            b.append(now, null, value(prefix + (first + i), valueBytes), List.of());
        }
        return b.build();
    }

    /** The value "name" padded with '.' to {@code bytes} (never shorter than the name). */
    static byte[] value(String name, int bytes) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        if (n.length >= bytes) {
            return n;
        }
        byte[] v = new byte[bytes];
        System.arraycopy(n, 0, v, 0, n.length);
        java.util.Arrays.fill(v, n.length, bytes, (byte) '.');
        return v;
    }

    /**
     * Produces {@code records} records with acks=all in batches of {@code batchRecords}, values
     * {@code prefix + i} padded to {@code valueBytes}; stops early after {@code stopAfterErrors}
     * refused batches in a row or when {@code deadlineNanos} passes.
     */
    static Produced produce(int port, String topic, int partition, String prefix, long records, int batchRecords,
                            int valueBytes, int stopAfterErrors, long deadlineNanos) {
        return produce(port, null, topic, partition, prefix, 0, records, batchRecords, valueBytes, stopAfterErrors,
                deadlineNanos);
    }

    /**
     * As above, on {@code opened} first when not null (a connection made before the node ran out of
     * descriptors), numbering values from {@code first}; after a connection fails a new one is opened.
     */
    static Produced produce(int port, ProbeConnection opened, String topic, int partition, String prefix, long first,
                            long records, int batchRecords, int valueBytes, int stopAfterErrors, long deadlineNanos) {
        List<String> acked = new ArrayList<>();
        Map<String, Long> errors = new TreeMap<>();
        long next = first;
        long end = first + records;
        int errorsInRow = 0;
        ProbeConnection c = opened;
        try {
            while (next < end && errorsInRow < stopAfterErrors && System.nanoTime() < deadlineNanos) {
                int n = (int) Math.min(batchRecords, end - next);
                String error;
                try {
                    if (c == null) {
                        c = ProbeConnection.open(port, 40_000);
                    }
                    ByteBuf data = Unpooled.wrappedBuffer(batch(prefix, next, n, valueBytes));
                    ProbeConnection.Response r = c.call(ApiKey.PRODUCE, new ProduceRequest(ProduceRequest.ACKS_ALL, 30_000,
                            List.of(new ProduceRequest.TopicData(topic, List.of(new ProduceRequest.PartitionData(partition, data))))));
                    if (r.header().error() != ErrorCode.NONE) {
                        error = r.header().error().name();
                    } else {
                        ProduceResponse.PartitionResponse p = ProduceResponse.readFrom(r.body()).topics().get(0).partitions().get(0);
                        error = p.error() == ErrorCode.NONE ? null : p.error().name();
                    }
                } catch (IOException | RuntimeException e) {
                    error = e.getClass().getSimpleName();
                    if (c != null) {
                        c.close();
                        c = null;
                    }
                }
                if (error == null) {
                    for (int i = 0; i < n; i++) {
                        acked.add(prefix + (next + i));
                    }
                    errorsInRow = 0;
                } else {
                    errors.merge(error, (long) n, Long::sum);
                    errorsInRow++;
                }
                next += n;
            }
        } finally {
            if (c != null && c != opened) {
                c.close();
            }
        }
        return new Produced(acked.size(), acked, errors);
    }

    /**
     * Reads the partition from offset 0 to its high watermark and checks that every acknowledged
     * value is there. Bounded: at most {@code maxFetches} fetches.
     */
    static ReadBack readBack(int port, String topic, int partition, List<String> acknowledgedValues, int maxFetches) {
        java.util.Set<String> expected = new java.util.HashSet<>(acknowledgedValues);
        long records = 0;
        long offset = 0;
        try (ProbeConnection c = ProbeConnection.open(port, TIMEOUT_MS)) {
            for (int i = 0; i < maxFetches; i++) {
                ProbeConnection.Response r = c.call(ApiKey.FETCH, new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, 0, 1,
                        8 << 20, List.of(new FetchRequest.TopicData(topic, List.of(new FetchRequest.PartitionData(partition,
                        FetchRequest.UNKNOWN_LEADER_EPOCH, offset, 4 << 20))))));
                if (r.header().error() != ErrorCode.NONE) {
                    return new ReadBack(records, expected.size(), "fetch answered " + r.header().error());
                }
                FetchResponse.PartitionData p = FetchResponse.readFrom(r.body()).topics().get(0).partitions().get(0);
                if (p.error() != ErrorCode.NONE) {
                    return new ReadBack(records, expected.size(), "fetch at " + offset + ": " + p.error());
                }
                if (offset >= p.highWatermark()) {
                    return new ReadBack(records, expected.size(), null);
                }
                ByteBuffer buf = p.records() == null ? ByteBuffer.allocate(0) : p.records().nioBuffer();
                if (!buf.hasRemaining()) {
                    return new ReadBack(records, expected.size(), "empty fetch at " + offset + " below high watermark "
                            + p.highWatermark());
                }
                for (int pos = buf.position(); pos < buf.limit(); ) {
                    RecordBatch batch = new RecordBatch(buf, pos);
                    final long from = offset;
                    List<String> values = batch.records((o, ts, k, v, h) -> o >= from ? trim(v) : null);
                    for (String v : values) {
                        if (v != null) {
                            records++;
                            expected.remove(v);
                        }
                    }
                    offset = Math.max(offset, batch.lastOffset() + 1);
                    pos += batch.sizeInBytes();
                }
            }
            return new ReadBack(records, expected.size(), "not at the high watermark after " + maxFetches + " fetches");
        } catch (IOException | RuntimeException e) {
            return new ReadBack(records, expected.size(), e.toString());
        }
    }

    /**
     * Fetches offset 0 of partitions 0..{@code partitions}-1 of {@code topic} in one request and
     * counts the answers by error code (NONE and OFFSET_OUT_OF_RANGE mean the partition serves).
     */
    static Map<String, Integer> fetchErrors(int port, String topic, int partitions) {
        Map<String, Integer> out = new TreeMap<>();
        List<FetchRequest.PartitionData> ps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ps.add(new FetchRequest.PartitionData(p, FetchRequest.UNKNOWN_LEADER_EPOCH, 0, 1024));
        }
        try (ProbeConnection c = ProbeConnection.open(port, TIMEOUT_MS)) {
            ProbeConnection.Response r = c.call(ApiKey.FETCH, new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, 0, 1, 1 << 20,
                    List.of(new FetchRequest.TopicData(topic, ps))));
            if (r.header().error() != ErrorCode.NONE) {
                out.put("request: " + r.header().error(), partitions);
                return out;
            }
            for (FetchResponse.TopicData t : FetchResponse.readFrom(r.body()).topics()) {
                for (FetchResponse.PartitionData p : t.partitions()) {
                    out.merge(p.error().name(), 1, Integer::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            out.put(e.toString(), partitions);
        }
        return out;
    }

    private static String trim(byte[] value) {
        int end = value.length;
        while (end > 0 && value[end - 1] == '.') {
            end--;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }
}
