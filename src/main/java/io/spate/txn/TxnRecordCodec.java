package io.spate.txn;

import io.spate.protocol.TopicPartition;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records of {@code __transaction_state}, in Kafka's TransactionLog format (version 0), so the
 * topic reads the same to Kafka's tools. Big-endian; a string is an int16 length and UTF-8 bytes; an
 * array an int32 count (-1: null) and its elements.
 * <pre>
 * key:   int16 version (0), string transactional_id
 * value: int16 version (0), int64 producer_id, int16 producer_epoch, int32 transaction_timeout_ms,
 *        int8 transaction_status ({@link TxnState#id()}),
 *        array&lt;string topic, array&lt;int32 partition&gt;&gt; transaction_partitions (null when Empty),
 *        int64 transaction_last_update_timestamp_ms, int64 transaction_start_timestamp_ms
 * </pre>
 * A null value (tombstone) is an expired transactional id. Values of a later version are read by
 * their version-0 prefix (Kafka's later versions only append tagged fields).
 */
public final class TxnRecordCodec {
    static final short VERSION = 0;

    private TxnRecordCodec() {
    }

    public static byte[] key(String transactionalId) {
        byte[] id = transactionalId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + id.length).putShort(VERSION).putShort((short) id.length).put(id).array();
    }

    /** The transactional id of a key; throws IllegalArgumentException on a key of another version. */
    public static String readKey(byte[] key) {
        ByteBuffer b = ByteBuffer.wrap(key);
        short version = b.getShort();
        if (version != VERSION) {
            throw new IllegalArgumentException("transaction log key version " + version + " is not known");
        }
        return readString(b);
    }

    public static byte[] value(TxnMetadata m) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (TopicPartition tp : m.partitions()) {
            byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition());
        }
        int size = 2 + 8 + 2 + 4 + 1 + 4 + 8 + 8;
        for (Map.Entry<String, List<Integer>> e : byTopic.entrySet()) {
            size += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 4 + 4 * e.getValue().size();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(VERSION).putLong(m.producerId()).putShort(m.producerEpoch()).putInt(m.txnTimeoutMs())
                .put(m.state().id());
        if (m.state() == TxnState.EMPTY && byTopic.isEmpty()) {
            b.putInt(-1);
        } else {
            b.putInt(byTopic.size());
            byTopic.forEach((topic, parts) -> {
                byte[] name = topic.getBytes(StandardCharsets.UTF_8);
                b.putShort((short) name.length).put(name).putInt(parts.size());
                parts.forEach(b::putInt);
            });
        }
        b.putLong(m.lastUpdateMs()).putLong(m.txnStartMs());
        return b.array();
    }

    /** The metadata a value holds; throws IllegalArgumentException (or a buffer exception) when it is malformed. */
    public static TxnMetadata readValue(String transactionalId, byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value);
        short version = b.getShort();
        if (version < 0) {
            throw new IllegalArgumentException("transaction log value version " + version + " is not known");
        }
        long producerId = b.getLong();
        short epoch = b.getShort();
        int timeoutMs = b.getInt();
        TxnState state = TxnState.forId(b.get());
        int topics = b.getInt();
        Set<TopicPartition> partitions = new TreeSet<>();
        for (int t = 0; t < topics; t++) {
            String topic = readString(b);
            int count = b.getInt();
            if (count < 0 || count > b.remaining() / 4) {
                throw new IllegalArgumentException("bad partition count " + count);
            }
            for (int i = 0; i < count; i++) {
                partitions.add(new TopicPartition(topic, b.getInt()));
            }
        }
        long lastUpdateMs = b.getLong();
        long startMs = b.getLong();
        return new TxnMetadata(transactionalId, producerId, TxnMetadata.NO_PRODUCER_ID, epoch, TxnMetadata.NO_EPOCH,
                timeoutMs, state, partitions, startMs, lastUpdateMs);
    }

    private static String readString(ByteBuffer b) {
        short len = b.getShort();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad string length " + len);
        }
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
