package io.spate.group;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the coordinator's records to the offsets topic: one uncompressed batch per call, stamped
 * with the coordinator's clock. Turns append failures into the group errors Kafka answers with, in
 * one place. Only on the coordinator's context.
 */
final class GroupStore {
    /** A record to append: key, and value or null for a tombstone. */
    record Entry(byte[] key, byte[] value) {
    }

    private final Context context;
    private final CoordinatorLog log;
    private final GroupTimer timer;

    /** @param context the coordinator's context, where every append's completion is handled */
    GroupStore(Context context, CoordinatorLog log, GroupTimer timer) {
        this.context = context;
        this.log = log;
        this.timer = timer;
    }

    int partitionCount() {
        return log.partitionCount();
    }

    /**
     * Appends {@code entries} as one batch to {@code partition}; completes, on the coordinator's
     * context, with the batch's base offset.
     */
    Future<Long> append(int partition, List<Entry> entries) {
        return append(partition, entries, RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH);
    }

    /**
     * Appends {@code entries} as one TRANSACTIONAL batch of {@code producerId} at {@code epoch}, as
     * Kafka's GroupMetadataManager writes a TxnOffsetCommit: base sequence 0, because the coordinator's
     * writes carry no sequence numbers (Kafka appends them with AppendOrigin.COORDINATOR, which checks
     * the epoch only). The producer's marker later commits or aborts them like its data.
     */
    Future<Long> appendTransactional(int partition, List<Entry> entries, long producerId, short epoch) {
        return append(partition, entries, producerId, epoch);
    }

    private Future<Long> append(int partition, List<Entry> entries, long producerId, short epoch) {
        ByteBuffer batch;
        try {
            int size = 0;
            for (Entry e : entries) {
                size += e.key().length + (e.value() == null ? 0 : e.value().length) + 16;
            }
            RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, size);
            long now = timer.nowMs();
            for (Entry e : entries) {
                builder.append(now, e.key(), e.value(), null);
            }
            if (producerId != RecordBatch.NO_PRODUCER_ID) {
                builder.setProducerState(producerId, epoch, 0);
            }
            batch = builder.build();
            if (producerId != RecordBatch.NO_PRODUCER_ID) {
                markTransactional(batch);
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        try {
            return ContextHop.back(context, log.append(partition, batch));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Sets the transactional attribute of a built batch (at position 0) and its CRC, which covers it. */
    private static void markTransactional(ByteBuffer batch) {
        short attributes = batch.getShort(RecordBatch.ATTRIBUTES_OFFSET);
        batch.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) (attributes | RecordBatch.TRANSACTIONAL_FLAG_MASK));
        long crc = RecordBatch.crc32c(batch, RecordBatch.ATTRIBUTES_OFFSET, batch.limit() - RecordBatch.ATTRIBUTES_OFFSET);
        batch.putInt(RecordBatch.CRC_OFFSET, (int) crc);
    }

    /**
     * Persists the group's current generation with {@code assignment}; fails with a
     * {@link SpateException} whose error is already mapped by {@link #storeError}.
     */
    Future<Void> storeGroup(GroupMetadata group, Map<String, byte[]> assignment) {
        Entry entry = new Entry(OffsetRecordCodec.groupKey(group.groupId()),
                OffsetRecordCodec.groupValue(record(group, assignment)));
        return append(group.partition(), List.of(entry))
                .recover(t -> Future.failedFuture(storeError(t).exception(t.getMessage())))
                .mapEmpty();
    }

    /** The record that persists the group's generation, with {@code assignment} per member id. */
    static GroupRecord record(GroupMetadata g, Map<String, byte[]> assignment) {
        List<GroupRecord.MemberRecord> members = new ArrayList<>();
        for (MemberMetadata m : g.members()) {
            members.add(new GroupRecord.MemberRecord(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(),
                    m.rebalanceTimeoutMs(), m.sessionTimeoutMs(), m.metadata(g.protocolName()),
                    assignment.getOrDefault(m.memberId(), MemberMetadata.NO_BYTES)));
        }
        return new GroupRecord(g.protocolType() == null ? "" : g.protocolType(), g.generationId(), g.protocolName(),
                members.isEmpty() ? null : g.leaderId(), g.stateTimestamp(), members);
    }

    /** The answer to an offset commit whose append failed (Kafka's mapping). */
    static ErrorCode commitError(Throwable t) {
        ErrorCode e = errorOf(t);
        return switch (e) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                    ErrorCode.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> ErrorCode.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
            default -> e;
        };
    }

    /** The answer to a request whose group metadata append failed (Kafka's mapping). */
    static ErrorCode storeError(Throwable t) {
        ErrorCode e = errorOf(t);
        return switch (e) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                    ErrorCode.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> ErrorCode.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE -> ErrorCode.UNKNOWN_SERVER_ERROR;
            default -> e;
        };
    }

    private static ErrorCode errorOf(Throwable t) {
        return t instanceof SpateException se ? se.error() : ErrorCode.UNKNOWN_SERVER_ERROR;
    }
}
