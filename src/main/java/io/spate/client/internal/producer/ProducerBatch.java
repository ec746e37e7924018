package io.spate.client.internal.producer;

import io.spate.client.ProducerRecord;
import io.spate.client.RecordMetadata;
import io.spate.protocol.TopicPartition;
import io.spate.record.Header;
import io.spate.record.Record;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The records of one partition that travel together (internal): appended into a
 * {@link RecordBatchBuilder} while OPEN, built once when CLOSED (full, or taken for sending), then
 * sent — possibly several times, when retried — until DONE, when every record's Future completes.
 *
 * <p>Idempotent producer: a batch is numbered ({@link #setProducerState}) when it is first sent and
 * keeps that producer id, epoch and base sequence on every retry, unless an epoch bump renumbers it.
 * Such a batch is built only when first sent ({@code buildOnSend}), so that its header is written
 * once, with its sequence; a renumbered one has its header rewritten in place.
 *
 * <p>States: OPEN → CLOSED → DONE (OPEN → DONE when expired or aborted before it was built). A CLOSED
 * batch the broker refused as too large may be {@link #split} instead: it is DONE then, its records
 * travel on in the smaller batches it was split into.
 *
 * <p>Threading: confined to the producer's context.
 */
public final class ProducerBatch {
    enum State { OPEN, CLOSED, DONE }

    /** Bytes a record may add at most besides its key, value and headers (length, attributes, deltas, lengths). */
    static final int RECORD_OVERHEAD_UPPER_BOUND = 5 + 1 + 10 + 5 + 5 + 5 + 5;
    private static final int INITIAL_RECORDS = 16;

    final TopicPartition tp;
    final long createdMs;
    private final RecordBatchBuilder builder;
    /** Built when sent ({@link #ensureBuilt}) rather than when closed: the idempotent producer's batches. */
    private final boolean buildOnSend;
    /**
     * Each record's promise and timestamp, in append order: two growing arrays rather than an object
     * per record, as a full producer holds hundreds of thousands of records in flight and every young
     * collection copies what they keep alive.
     */
    private Promise<RecordMetadata>[] promises = newPromises(INITIAL_RECORDS);
    private long[] timestamps = new long[INITIAL_RECORDS];
    private int recordCount;
    private final Promise<Void> done = Promise.promise();
    private State state = State.OPEN;
    private ByteBuffer built;
    private long reservedBytes;
    private int attempts;
    private long retryAtMs;
    private boolean inFlight;
    /** Goes in a request of its own, so that a MESSAGE_TOO_LARGE answer is about this batch alone. */
    private boolean sendsAlone;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
    private int baseSequence = RecordBatch.NO_SEQUENCE;
    /** The how-manyth batch numbered for its partition (idempotent producer), for the window of 5. */
    private long ordinal = -1;

    ProducerBatch(TopicPartition tp, RecordBatchBuilder builder, long createdMs) {
        this(tp, builder, createdMs, false);
    }

    ProducerBatch(TopicPartition tp, RecordBatchBuilder builder, long createdMs, boolean buildOnSend) {
        this.tp = tp;
        this.builder = builder;
        this.createdMs = createdMs;
        this.buildOnSend = buildOnSend;
    }

    /**
     * An upper bound of the bytes a record takes in a batch, header of the batch included: what
     * max.request.size is checked against and what buffer.memory reserves.
     */
    public static int sizeUpperBound(ProducerRecord r) {
        return sizeUpperBound(r.key(), r.value(), r.headers());
    }

    private static int sizeUpperBound(byte[] key, byte[] value, List<Header> headers) {
        long size = RecordBatch.HEADER_SIZE + RECORD_OVERHEAD_UPPER_BOUND + length(key) + length(value);
        for (Header h : headers) {
            size += 10 + h.key().getBytes(StandardCharsets.UTF_8).length + length(h.value());
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    /** True when the record fits under {@code batchSize}; an empty batch takes any one record. */
    boolean hasRoomFor(ProducerRecord r, long timestamp, int batchSize) {
        if (state != State.OPEN) {
            return false;
        }
        if (builder.recordCount() == 0) {
            return true;
        }
        long size = (long) builder.estimatedSizeInBytes()
                + builder.recordSizeInBytes(timestamp, r.key(), r.value(), r.headers());
        return size <= batchSize;
    }

    void append(ProducerRecord r, long timestamp, Promise<RecordMetadata> promise, int reserved) {
        append(timestamp, r.key(), r.value(), r.headers(), promise, reserved);
    }

    private void append(long timestamp, byte[] key, byte[] value, List<Header> headers, Promise<RecordMetadata> promise,
                        long reserved) {
        if (state != State.OPEN) {
            throw new IllegalStateException("append to a " + state + " batch of " + tp);
        }
        builder.append(timestamp, key, value, headers);
        if (recordCount == promises.length) {
            promises = Arrays.copyOf(promises, recordCount * 2);
            timestamps = Arrays.copyOf(timestamps, recordCount * 2);
        }
        promises[recordCount] = promise;
        timestamps[recordCount] = timestamp;
        recordCount++;
        reservedBytes += reserved;
    }

    @SuppressWarnings("unchecked")
    private static Promise<RecordMetadata>[] newPromises(int n) {
        return (Promise<RecordMetadata>[]) new Promise<?>[n];
    }

    boolean isFull(int batchSize) {
        return builder.estimatedSizeInBytes() >= batchSize;
    }

    int recordCount() {
        return recordCount;
    }

    int estimatedSizeInBytes() {
        return built != null ? built.remaining() : builder.estimatedSizeInBytes();
    }

    long reservedBytes() {
        return reservedBytes;
    }

    State state() {
        return state;
    }

    /**
     * OPEN → CLOSED: builds the batch bytes, in the builder's own memory (no copy), unless it is
     * built on send; no record may be appended afterwards, and the builder is reused only once the
     * batch is DONE.
     */
    void close() {
        if (state != State.OPEN) {
            return;
        }
        if (!buildOnSend) {
            built = builder.buildInPlace();
        }
        state = State.CLOSED;
    }

    /** Builds a CLOSED batch that was left to be built on send (a no-op once built). */
    void ensureBuilt() {
        if (built == null && state == State.CLOSED) {
            built = builder.buildInPlace();
        }
    }

    /**
     * Numbers the batch (idempotent producer): written by the build, or into the built header (and
     * its CRC) when already built. Only while the batch is not in flight: its bytes may be on the wire.
     */
    void setProducerState(long producerId, short producerEpoch, int baseSequence) {
        if (inFlight) {
            throw new IllegalStateException("renumbering an in-flight batch of " + tp);
        }
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        if (built != null) {
            RecordBatchBuilder.writeProducerState(built, producerId, producerEpoch, baseSequence);
        } else {
            builder.setProducerState(producerId, producerEpoch, baseSequence);
        }
    }

    long ordinal() {
        return ordinal;
    }

    void setOrdinal(long ordinal) {
        this.ordinal = ordinal;
    }

    boolean hasSequence() {
        return baseSequence != RecordBatch.NO_SEQUENCE;
    }

    int baseSequence() {
        return baseSequence;
    }

    long producerId() {
        return producerId;
    }

    short producerEpoch() {
        return producerEpoch;
    }

    /** The batch bytes (after {@link #close()}); a fresh duplicate each call. */
    ByteBuffer bytes() {
        if (built == null) {
            throw new IllegalStateException("batch of " + tp + " is not built");
        }
        return built.duplicate();
    }

    RecordBatchBuilder builder() {
        return builder;
    }

    int attempts() {
        return attempts;
    }

    long retryAtMs() {
        return retryAtMs;
    }

    boolean inFlight() {
        return inFlight;
    }

    void markInFlight() {
        inFlight = true;
        attempts++;
    }

    /** Back in the queue after a retriable failure, not to be sent before {@code retryAtMs}. */
    void reenqueue(long retryAtMs) {
        inFlight = false;
        this.retryAtMs = retryAtMs;
    }

    boolean sendsAlone() {
        return sendsAlone;
    }

    /**
     * Back in the queue after the broker refused, as too large, a request in which this batch of one
     * record travelled with others: it goes again at once, alone, so that the answer is its own.
     */
    void isolate() {
        reenqueue(0);
        sendsAlone = true;
    }

    /**
     * CLOSED → DONE: this batch of several records, refused by the broker as too large, becomes
     * smaller batches in its place, as Kafka's producer splits one: each holds at most half of this
     * one's record bytes (a record bigger than that is alone in its batch), records keep their order
     * and timestamps, and each new batch is built and {@linkplain #sendsAlone sent alone}. Halving,
     * rather than cutting to {@code batch.size}, always makes progress whatever the topic's
     * {@code max.message.bytes}: a record too large for it ends alone and fails alone. The records'
     * promises and their memory reservation move to the new batches, which keep this one's creation
     * time (delivery.timeout.ms still counts from it); this batch's done Future completes once theirs
     * all have. The caller recycles this batch's builder afterwards.
     *
     * @param builders empty builders for the new batches
     */
    List<ProducerBatch> split(Supplier<RecordBatchBuilder> builders) {
        if (state != State.CLOSED || recordCount < 2) {
            throw new IllegalStateException("split of a " + state + " batch of " + recordCount + " record(s) of " + tp);
        }
        List<Record> records = new RecordBatch(built, 0).records();
        int target = RecordBatch.HEADER_SIZE + (builder.estimatedSizeInBytes() - RecordBatch.HEADER_SIZE) / 2;
        List<ProducerBatch> pieces = new ArrayList<>();
        ProducerBatch piece = null;
        long reservedLeft = reservedBytes;
        for (int i = 0; i < recordCount; i++) {
            Record r = records.get(i);
            if (piece == null || piece.builder.estimatedSizeInBytes()
                    + piece.builder.recordSizeInBytes(timestamps[i], r.key(), r.value(), r.headers()) > target) {
                piece = new ProducerBatch(tp, builders.get(), createdMs, buildOnSend);
                pieces.add(piece);
            }
            // the last record takes what is left, so the reservations add up to this batch's exactly
            long reserved = i == recordCount - 1 ? reservedLeft
                    : Math.min(reservedLeft, sizeUpperBound(r.key(), r.value(), r.headers()));
            piece.append(timestamps[i], r.key(), r.value(), r.headers(), promises[i], reserved);
            reservedLeft -= reserved;
            promises[i] = null;
        }
        List<Future<Void>> pieceDone = new ArrayList<>(pieces.size());
        for (ProducerBatch p : pieces) {
            p.close();
            p.sendsAlone = true;
            pieceDone.add(p.doneFuture());
        }
        transitionToDone();
        Future.join(pieceDone).onComplete(ar -> done.complete());
        return pieces;
    }

    /** Completes every record: offsets from {@code baseOffset}; the broker's time if it set one. */
    void complete(long baseOffset, long logAppendTime) {
        if (transitionToDone()) {
            for (int i = 0; i < recordCount; i++) {
                long offset = baseOffset < 0 ? RecordMetadata.UNKNOWN_OFFSET : baseOffset + i;
                long ts = logAppendTime >= 0 ? logAppendTime : timestamps[i];
                promises[i].tryComplete(new RecordMetadata(tp, offset, ts));
                promises[i] = null;
            }
            done.complete();
        }
    }

    void fail(RuntimeException error) {
        if (transitionToDone()) {
            for (int i = 0; i < recordCount; i++) {
                promises[i].tryFail(error);
                promises[i] = null;
            }
            done.complete();
        }
    }

    private boolean transitionToDone() {
        if (state == State.DONE) {
            return false;
        }
        state = State.DONE;
        inFlight = false;
        return true;
    }

    /** Completes when the batch is DONE, successfully or not (for flush). */
    Future<Void> doneFuture() {
        return done.future();
    }
}
