package io.spate.client.internal.producer;

import io.spate.client.ProducerConfig;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.InitProducerIdRequest;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.record.RecordBatch;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The idempotent producer's identity and sequence numbers (internal): Kafka's TransactionManager
 * reduced to what a producer without transactions needs.
 *
 * <p>Identity: before the first Produce, an InitProducerId (transactional id null) to any node gives
 * the producer id and epoch 0; retriable errors are retried with backoff for as long as the
 * producer lives (its batches expire meanwhile at {@code delivery.timeout.ms}); any other error —
 * UNSUPPORTED_VERSION from a node too old to serve it above all — is fatal: every batch fails with
 * it (see {@link #fatalError}), nothing falls back to a producer without idempotence.
 *
 * <p>Sequences: each partition has the producer id and epoch its numbered batches carry and its next
 * sequence. A batch is numbered when first sent ({@link #assign}), keeps its number on every
 * retry, and the next sequence moves on by its record count (wrapping past Integer.MAX_VALUE to 0).
 *
 * <p>Epoch bump (KIP-360): when the broker shows that a partition's first unacknowledged batch was
 * not written and cannot be (OUT_OF_ORDER_SEQUENCE_NUMBER or UNKNOWN_PRODUCER_ID for it: the broker
 * lost, or never had, the batches before it), the sender {@linkplain #requestBump requests a bump}.
 * Nothing more is sent until every request in flight has come back; then the epoch goes up by one
 * (at Short.MAX_VALUE, or after INVALID_PRODUCER_EPOCH, a new producer id is asked for instead),
 * and each partition that asked is renumbered from 0 in the new epoch: its queued batches, in queue
 * order, which is sequence order. None of them was written (a broker refuses every batch after a
 * gap), so none is written twice. Other partitions keep their numbered batches as they are, in their
 * old epoch (a retry of one of them may already be written: renumbering it would write it again),
 * and move to the new epoch at sequence 0 only once they have no numbered batch left (see
 * {@link #maySend}).
 *
 * <p>States: UNINITIALIZED → INITIALIZING → READY; READY → BUMP_PENDING → READY (local bump) or →
 * INITIALIZING (new producer id); INITIALIZING → FATAL. Batches are sent only while READY.
 *
 * <p>Threading: confined to the producer's context.
 */
final class IdempotenceManager {
    enum State { UNINITIALIZED, INITIALIZING, READY, BUMP_PENDING, FATAL }

    /** The producer id and epoch a partition's numbered batches carry, and its next sequence. */
    private static final class PartitionSequence {
        long producerId;
        short epoch;
        int next;
        /**
         * True once the partition acknowledged a batch of {@link #producerId}: from then on its broker
         * holds the producer's state and refuses a gap; before, it takes any sequence (an unknown
         * producer id, Kafka 2.5+), so a later batch could be written ahead of a retried earlier one.
         */
        boolean brokerKnowsProducer;
        /** Batches numbered so far (their ordinals). */
        long nextOrdinal;

        PartitionSequence(long producerId, short epoch) {
            this.producerId = producerId;
            this.epoch = epoch;
        }
    }

    private final NetworkClient network;
    private final Runnable wakeup;
    private final Map<TopicPartition, PartitionSequence> partitions = new HashMap<>();
    /** Partitions whose numbered batches the next bump renumbers from 0. */
    private final Set<TopicPartition> toRenumber = new LinkedHashSet<>();
    private State state = State.UNINITIALIZED;
    private long producerId = RecordBatch.NO_PRODUCER_ID;
    private short epoch = RecordBatch.NO_PRODUCER_EPOCH;
    private boolean newIdNeeded;
    private SpateException fatalError;
    /** Set while a new producer id is asked for after a bump: where the renumbering finds the batches. */
    private Function<TopicPartition, List<ProducerBatch>> renumberAfterInit;
    /** Set for a transactional producer: it asks for the producer id, and says which partitions may be sent to. */
    private TransactionManager transactions;

    IdempotenceManager(NetworkClient network, Runnable wakeup) {
        this.network = network;
        this.wakeup = wakeup;
    }

    State state() {
        return state;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** Non-null once the producer cannot be idempotent: what every batch fails with. */
    SpateException fatalError() {
        return fatalError;
    }

    /**
     * Makes this the sequence keeper of a transactional producer: the producer id comes from
     * {@code transactions} ({@link #resetProducerId}), never from an InitProducerId of its own, and a
     * batch goes only to a partition added to the transaction.
     */
    void useTransactions(TransactionManager transactions) {
        this.transactions = transactions;
    }

    /**
     * The transactional producer's new producer id and epoch (initTransactions, or an epoch bump
     * after an abort): every partition's sequence restarts at 0. Only while no batch is numbered.
     */
    void resetProducerId(long producerId, short epoch) {
        this.producerId = producerId;
        this.epoch = epoch;
        partitions.clear();
        toRenumber.clear();
        newIdNeeded = false;
        renumberAfterInit = null;
        state = State.READY;
    }

    /** Asks for the producer id, once, before the first batch goes (a transactional producer's comes from initTransactions). */
    void start() {
        if (state == State.UNINITIALIZED && transactions == null) {
            initProducerId();
        }
    }

    /**
     * Whether the partition's first batch not in flight ({@code candidate}) may be sent now: only
     * while READY; the partition's first unacknowledged batch ({@code head}) always; a numbered batch
     * (a retry) only as the head, so retries go out in sequence order, one at a time; a new batch
     * behind the head only
     * <ul>
     * <li>once the partition's broker has acknowledged a batch of this producer id (before, it takes
     *     any sequence, so a later batch could be written ahead of a retried earlier one);</li>
     * <li>when the partition's numbered batches are of the current epoch (one with batches of an older
     *     epoch moves to the new one once none is left);</li>
     * <li>within a window of {@code window} (at most 5) batches from the head, acknowledged ones in
     *     between included: the broker caches the last 5 batches of a producer, so a retried head it
     *     wrote before is still recognised as a duplicate, never taken for a gap.</li>
     * </ul>
     */
    boolean maySend(TopicPartition tp, ProducerBatch candidate, ProducerBatch head, int window) {
        if (state != State.READY) {
            return false;
        }
        if (transactions != null && !transactions.isPartitionAdded(tp)) {
            return false; // AddPartitionsToTxn first; its answer wakes the sender
        }
        if (candidate == head) {
            return true;
        }
        if (candidate.hasSequence()) {
            return false;
        }
        PartitionSequence s = partitions.get(tp);
        return s != null && s.brokerKnowsProducer && s.producerId == producerId && s.epoch == epoch
                && s.nextOrdinal - head.ordinal() < window;
    }

    /** A batch was acknowledged: its partition's broker now knows the producer id it carries. */
    void acknowledged(ProducerBatch batch) {
        PartitionSequence s = partitions.get(batch.tp);
        if (s != null && s.producerId == batch.producerId()) {
            s.brokerKnowsProducer = true;
        }
    }

    /** Numbers {@code batch} when it has no number yet (its first send). */
    void assign(ProducerBatch batch) {
        if (batch.hasSequence()) {
            return;
        }
        PartitionSequence s = partitions.get(batch.tp);
        if (s == null) {
            s = new PartitionSequence(producerId, epoch);
            partitions.put(batch.tp, s);
        } else if (s.producerId != producerId || s.epoch != epoch) {
            // maySend let it go: the partition has no numbered batch left, it starts the new epoch at 0
            s.brokerKnowsProducer &= s.producerId == producerId;
            s.producerId = producerId;
            s.epoch = epoch;
            s.next = 0;
        }
        batch.setProducerState(producerId, epoch, s.next);
        batch.setOrdinal(s.nextOrdinal++);
        s.next = incrementSequence(s.next, batch.recordCount());
    }

    /**
     * The broker showed that {@code tp}'s first unacknowledged batch was not written (or answered
     * INVALID_PRODUCER_EPOCH, {@code newId}): bump once nothing is in flight.
     */
    void requestBump(TopicPartition tp, boolean newId) {
        toRenumber.add(tp);
        newIdNeeded |= newId;
        if (state == State.READY) {
            state = State.BUMP_PENDING;
        }
    }

    /**
     * Bumps if one is pending and {@code nothingInFlight}: locally (epoch + 1), or through a new
     * producer id; then renumbers the partitions that asked, from their queued batches
     * ({@code batchesOf}, in queue order).
     */
    void maybeBump(boolean nothingInFlight, Function<TopicPartition, List<ProducerBatch>> batchesOf) {
        if (state != State.BUMP_PENDING || !nothingInFlight) {
            return;
        }
        if (newIdNeeded || epoch == Short.MAX_VALUE) {
            // set before asking: the answer may complete the request within initProducerId (seen: about
            // 1 run in 50 of bumpPastTheLastEpochTakesANewProducerId), and must find what to renumber
            renumberAfterInit = batchesOf;
            initProducerId();
            return;
        }
        epoch++;
        renumber(batchesOf);
        state = State.READY;
    }

    private void renumber(Function<TopicPartition, List<ProducerBatch>> batchesOf) {
        for (TopicPartition tp : toRenumber) {
            PartitionSequence s = partitions.computeIfAbsent(tp, k -> new PartitionSequence(producerId, epoch));
            s.brokerKnowsProducer &= s.producerId == producerId;
            s.producerId = producerId;
            s.epoch = epoch;
            s.next = 0;
            for (ProducerBatch b : batchesOf.apply(tp)) {
                if (b.hasSequence()) {
                    b.setProducerState(producerId, epoch, s.next);
                    s.next = incrementSequence(s.next, b.recordCount());
                }
            }
        }
        toRenumber.clear();
    }

    private void initProducerId() {
        state = State.INITIALIZING;
        InitProducerIdRequest request = new InitProducerIdRequest(null, -1, RecordBatch.NO_PRODUCER_ID,
                RecordBatch.NO_PRODUCER_EPOCH);
        network.withRetries(() -> network.sendToAnyNode(ApiKey.INIT_PRODUCER_ID, request, InitProducerIdResponse::readFrom)
                        .compose(r -> r.error() == ErrorCode.NONE ? Future.succeededFuture(r)
                                : Future.failedFuture(new SpateException(r.error(), r.errorMessage()))),
                Long.MAX_VALUE, "InitProducerId").onComplete(ar -> {
                    if (state != State.INITIALIZING) {
                        return;
                    }
                    if (ar.failed()) {
                        fail(ar.cause());
                    } else {
                        producerId = ar.result().producerId();
                        epoch = ar.result().producerEpoch();
                        newIdNeeded = false;
                        if (renumberAfterInit != null) {
                            renumber(renumberAfterInit);
                            renumberAfterInit = null;
                        }
                        state = State.READY;
                    }
                    wakeup.run();
                });
    }

    private void fail(Throwable cause) {
        SpateException se = NetworkClient.asSpate(cause);
        String why = se.error() == ErrorCode.UNSUPPORTED_VERSION
                ? "the node does not serve InitProducerId (UNSUPPORTED_VERSION: a version without idempotent producers)"
                : "InitProducerId failed: " + se.getMessage();
        fatalError = new SpateException(se.error(), "the idempotent producer cannot get a producer id: " + why
                + "; upgrade the cluster, or set " + ProducerConfig.ENABLE_IDEMPOTENCE + "=false", se);
        state = State.FATAL;
    }

    /** Kafka's sequence arithmetic: {@code sequence + increment}, wrapping past Integer.MAX_VALUE to 0. */
    static int incrementSequence(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }
}
