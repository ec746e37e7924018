package io.spate.client.internal.producer;

import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.RecordMetadata;
import io.spate.client.internal.network.Metadata;
import io.spate.protocol.TopicPartition;
import io.spate.record.CompressionType;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The producer's per-partition queues of {@link ProducerBatch}es and its memory budget (internal).
 *
 * <p>Each partition's queue holds its batches in send order. A partition has at most one request in
 * flight, carrying a <em>group</em>: the head and the batches right behind it (up to
 * {@code max.request.size}), back to back. A failed group stays at the front of its queue and is
 * resent, in order, before anything behind it, so a partition's records are never reordered; and
 * since everything queued goes in the next request, throughput grows with load (client-side group
 * commit) instead of being one batch per round trip. New records go into the tail batch while it
 * has room under {@code batch.size}.
 *
 * <p>Too large: the broker checks each batch against the topic's {@code max.message.bytes} and refuses
 * a partition's whole group when one of its batches is above it. The group's batches then go back
 * to the front of the queue, in order, each to be sent alone, a batch of several records split in
 * halves ({@link #splitAndReenqueue}); so every answer soon concerns one batch, and only a record
 * too large on its own fails. This path runs only on a MESSAGE_TOO_LARGE answer.
 *
 * <p>Memory: every record reserves {@link ProducerBatch#sizeUpperBound} bytes of
 * {@code buffer.memory} when appended; a batch gives its reservation back when it is DONE. A batch
 * is built in its builder's memory, so the builder of a DONE batch is reset and kept for the next
 * batch, up to {@code buffer.memory} bytes of them (as Kafka's BufferPool keeps its free
 * {@code batch.size} buffers): under load batches reuse the same buffers instead of allocating
 * {@code batch.size} bytes each, which would make every young collection copy the in-flight data.
 *
 * <p>Idempotent producer ({@link #readyIdempotent}): a partition sends exactly one batch per
 * request, and up to {@code max.in.flight.requests.per.connection} (at most 5) of its batches may be
 * in flight at once, each numbered when first sent; the queue keeps every batch until it is DONE, in
 * creation order, which is also sequence order. Batches are built when first sent, so that their
 * header is written once, with their sequence. While a partition's window is full, its open batch
 * grows past {@code batch.size}, up to 256 KiB within {@code max.request.size} ({@link #tailLimit}): what queues
 * behind the window then goes as one batch, as the group of the producer without idempotence does.
 *
 * <p>Threading: confined to the producer's context.
 */
public final class RecordAccumulator {
    /**
     * What an idempotent partition's open batch may grow to while its window is full (unless
     * {@code batch.size} is larger, or {@code max.request.size} smaller). Larger batches cost the
     * consumers: a fetch whose size limit ends inside a batch carries that batch's start for nothing
     * and reads it again, and with 1 MiB batches consume-100B lost 5-10% (A/B of 2026-12-07).
     */
    static final int MAX_GROWN_BATCH_BYTES = 256 * 1024;
    /** Builders kept at least, whatever the memory budget (small budgets, tests). */
    private static final int MIN_POOLED_BUILDERS = 32;

    /**
     * Groups ready to go, by leader node (each group: one partition's batches in queue order, head
     * first); the earliest time something else becomes ready or expires.
     */
    record Ready(Map<Integer, List<List<ProducerBatch>>> byNode, long nextCheckMs, boolean leaderMissing) {
    }

    private final int batchSize;
    private final long lingerMs;
    private final long bufferMemory;
    private final long deliveryTimeoutMs;
    private final int maxGroupBytes;
    private final CompressionType compression;
    private final int maxPooledBuilders;
    private final boolean idempotent;
    /** A transactional producer's batches carry the TRANSACTIONAL attribute. */
    private final boolean transactional;
    private final int maxInFlightPerPartition;
    /** What an idempotent partition's tail may grow to while its window is full ({@link #tailLimit}). */
    private final int growLimit;
    /** Bytes of the builders in {@link #freeBuilders}, at most {@code buffer.memory}. */
    private long pooledBytes;
    private final Map<TopicPartition, Deque<ProducerBatch>> queues = new LinkedHashMap<>();
    private final Deque<RecordBatchBuilder> freeBuilders = new ArrayDeque<>();
    private long usedMemory;
    /** The queue used last, so a stream of records to one partition skips the map lookup. */
    private TopicPartition lastTp;
    private Deque<ProducerBatch> lastQueue;

    public RecordAccumulator(ProducerConfig config) {
        this.batchSize = config.getBatchSize();
        this.lingerMs = config.getLingerMs();
        this.bufferMemory = config.getBufferMemory();
        this.deliveryTimeoutMs = config.getDeliveryTimeoutMs();
        this.maxGroupBytes = config.getMaxRequestSize();
        this.compression = config.getCompressionType();
        this.idempotent = config.isIdempotent();
        this.transactional = config.isTransactional();
        this.maxInFlightPerPartition = config.getMaxInFlight();
        this.growLimit = Math.max(batchSize, Math.min(maxGroupBytes, MAX_GROWN_BATCH_BYTES));
        this.maxPooledBuilders = (int) Math.min(Integer.MAX_VALUE,
                Math.max(MIN_POOLED_BUILDERS, bufferMemory / Math.max(1, batchSize)));
    }

    public boolean hasMemoryFor(long bytes) {
        return usedMemory + bytes <= bufferMemory;
    }

    public long usedMemory() {
        return usedMemory;
    }

    /**
     * True when a record for {@code tp} would join the open tail batch instead of starting a new one.
     * An open tail without room for it is closed here, as Kafka's accumulator does: it can take no
     * more of these records, so it is ready to send now instead of waiting out {@code linger.ms}
     * after the sticky partitioner moves on (the caller wakes the sender).
     */
    public boolean closeTailUnlessRoom(TopicPartition tp, ProducerRecord r, long timestamp) {
        Deque<ProducerBatch> q = queue(tp, false);
        ProducerBatch tail = q == null ? null : q.peekLast();
        if (tail == null) {
            return false;
        }
        if (tail.hasRoomFor(r, timestamp, tailLimit(q))) {
            return true;
        }
        if (tail.state() == ProducerBatch.State.OPEN) {
            tail.close();
        }
        return false;
    }

    /**
     * Appends a record, reserving {@code reserved} bytes; returns true when this closed a batch
     * (so something is ready to send now).
     */
    public boolean append(TopicPartition tp, ProducerRecord r, long timestamp, Promise<RecordMetadata> promise, int reserved,
                          long nowMs) {
        Deque<ProducerBatch> q = queue(tp, true);
        ProducerBatch tail = q.peekLast();
        boolean closedOne = false;
        if (tail == null || !tail.hasRoomFor(r, timestamp, tailLimit(q))) {
            if (tail != null && tail.state() == ProducerBatch.State.OPEN) {
                tail.close();
                closedOne = true;
            }
            tail = new ProducerBatch(tp, newBuilder(), nowMs, idempotent);
            q.addLast(tail);
        }
        tail.append(r, timestamp, promise, reserved);
        usedMemory += reserved;
        if (tail.isFull(tailLimit(q))) {
            tail.close();
            closedOne = true;
        }
        return closedOne;
    }

    /**
     * The bytes the open tail of {@code q} may hold: {@code batch.size}; for the idempotent producer,
     * while at least {@code max.in.flight.requests.per.connection} batches are ahead of the tail (so it
     * could not be sent before an answer anyway), {@link #MAX_GROWN_BATCH_BYTES} within {@code
     * max.request.size}. The idempotent producer
     * sends one batch per partition per request, so this is how it gathers, while it waits, what the
     * producer without idempotence sends as a group of batches: one numbered batch instead.
     */
    private int tailLimit(Deque<ProducerBatch> q) {
        return idempotent && q.size() > maxInFlightPerPartition ? growLimit : batchSize;
    }

    /** The partition's queue (created when {@code create}), through a one-entry cache. */
    private Deque<ProducerBatch> queue(TopicPartition tp, boolean create) {
        if (tp == lastTp || tp.equals(lastTp)) {
            return lastQueue;
        }
        Deque<ProducerBatch> q = create ? queues.computeIfAbsent(tp, k -> new ArrayDeque<>()) : queues.get(tp);
        if (q != null) {
            lastTp = tp;
            lastQueue = q;
        }
        return q;
    }

    private RecordBatchBuilder newBuilder() {
        RecordBatchBuilder b = freeBuilders.pollFirst();
        if (b == null) {
            RecordBatchBuilder created = new RecordBatchBuilder(compression, Math.min(batchSize, 1 << 20));
            created.setTransactional(transactional); // kept across reset: pooled builders serve this producer only
            return created;
        }
        pooledBytes -= b.capacity();
        return b;
    }

    /**
     * The groups that should be sent now, by leader: a partition's head goes when it is not in
     * flight, its retry backoff has passed, and it is full, or has a batch behind it, or has
     * lingered {@code linger.ms}, or {@code idle} says its leader has no request in flight
     * (send.when.idle), or {@code sendNow} (flush, close, or memory pressure); the
     * batches behind it join its group (the open tail too, which the sender then closes) while
     * the group stays within {@code max.request.size}. Heads whose leader is unknown are left and
     * reported through {@code leaderMissing}.
     */
    Ready ready(long nowMs, Metadata metadata, boolean sendNow, IntPredicate idle) {
        ReadyCollector ready = new ReadyCollector(nowMs, metadata, sendNow, idle);
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> e : queues.entrySet()) {
            ProducerBatch head = e.getValue().peekFirst();
            if (head != null && !head.inFlight()) {
                ready.offer(e.getKey(), head, e.getValue().size() > 1, e.getValue());
            }
        }
        return ready.result();
    }

    /**
     * What {@link #ready} and {@link #readyIdempotent} share: whether a partition's batch not in
     * flight goes now, and when to look again if not.
     */
    private final class ReadyCollector {
        private final long nowMs;
        private final Metadata metadata;
        private final boolean sendNow;
        private final IntPredicate idle;
        private final Map<Integer, List<List<ProducerBatch>>> byNode = new HashMap<>();
        private long next = Long.MAX_VALUE;
        private boolean leaderMissing;

        ReadyCollector(long nowMs, Metadata metadata, boolean sendNow, IntPredicate idle) {
            this.nowMs = nowMs;
            this.metadata = metadata;
            this.sendNow = sendNow;
            this.idle = idle;
        }

        /** {@code b}'s expiry counts for the next check; it is not offered to be sent ({@link #offer} is not called). */
        void expiresAt(ProducerBatch b) {
            next = Math.min(next, b.createdMs + deliveryTimeoutMs);
        }

        /**
         * Sends {@code b} to {@code tp}'s leader when its backoff passed and it is full, closed,
         * {@code followed} by another batch, lingered, its leader is idle, or sendNow; a known leader is
         * needed. It goes alone, or (a non-null {@code queue} whose head it is) with the batches behind it.
         */
        void offer(TopicPartition tp, ProducerBatch b, boolean followed, Deque<ProducerBatch> queue) {
            expiresAt(b);
            if (b.retryAtMs() > nowMs) {
                next = Math.min(next, b.retryAtMs());
                return;
            }
            int leader = metadata.leader(tp);
            boolean ready = sendNow || b.state() != ProducerBatch.State.OPEN || followed
                    || nowMs - b.createdMs >= lingerMs || (leader != Metadata.NO_NODE && idle.test(leader));
            if (!ready) {
                next = Math.min(next, b.createdMs + lingerMs);
                return;
            }
            if (leader == Metadata.NO_NODE) {
                leaderMissing = true;
                return;
            }
            byNode.computeIfAbsent(leader, k -> new ArrayList<>()).add(queue == null ? List.of(b) : group(queue));
        }

        Ready result() {
            return new Ready(byNode, next, leaderMissing);
        }
    }

    /**
     * {@link #ready} of the idempotent producer: per partition, the first batch not in flight, alone,
     * when the partition has fewer than {@code maxInFlightPerPartition} batches in flight and
     * {@code sequences} lets it go ({@link IdempotenceManager#maySend}: a retry only as the first
     * unacknowledged batch, nothing during an epoch bump), and it is ready by the same rules as a
     * head in {@link #ready} (its backoff passed; full, closed, followed, lingered, idle leader, or
     * sendNow).
     */
    Ready readyIdempotent(long nowMs, Metadata metadata, boolean sendNow, IntPredicate idle, IdempotenceManager sequences) {
        ReadyCollector ready = new ReadyCollector(nowMs, metadata, sendNow, idle);
        for (Map.Entry<TopicPartition, Deque<ProducerBatch>> e : queues.entrySet()) {
            ProducerBatch candidate = null;
            int inFlight = 0;
            boolean followed = false;
            for (Iterator<ProducerBatch> it = e.getValue().iterator(); it.hasNext(); ) {
                ProducerBatch b = it.next();
                if (!b.inFlight()) {
                    candidate = b;
                    followed = it.hasNext();
                    break;
                }
                inFlight++;
            }
            if (candidate == null) {
                continue;
            }
            if (inFlight >= maxInFlightPerPartition
                    || !sequences.maySend(e.getKey(), candidate, e.getValue().peekFirst(), maxInFlightPerPartition)) {
                ready.expiresAt(candidate);
                continue; // an answer, or the end of the bump, wakes the sender
            }
            ready.offer(e.getKey(), candidate, followed, null);
        }
        return ready.result();
    }

    /** True when {@code b} is its partition's first batch not DONE (its first unacknowledged one). */
    boolean isFirst(ProducerBatch b) {
        Deque<ProducerBatch> q = queues.get(b.tp);
        return q != null && q.peekFirst() == b;
    }

    /**
     * The head and the batches behind it, in order, within {@code max.request.size} (at least the
     * head); a head that {@linkplain ProducerBatch#sendsAlone sends alone} goes alone (such batches
     * are all at the front of their queue, put there by {@link #splitAndReenqueue}).
     */
    private List<ProducerBatch> group(Deque<ProducerBatch> q) {
        if (q.size() == 1 || q.peekFirst().sendsAlone()) {
            return List.of(q.peekFirst());
        }
        List<ProducerBatch> group = new ArrayList<>(Math.min(q.size(), 16));
        long bytes = 0;
        for (ProducerBatch b : q) {
            int size = b.estimatedSizeInBytes();
            if (!group.isEmpty() && bytes + size > maxGroupBytes) {
                break;
            }
            group.add(b);
            bytes += size;
        }
        return group;
    }

    /**
     * The batches, not in flight, whose delivery.timeout.ms has passed. A queue is in creation
     * order, so its scan stops at the first batch that has not expired.
     */
    List<ProducerBatch> expired(long nowMs) {
        List<ProducerBatch> out = null;
        for (Deque<ProducerBatch> q : queues.values()) {
            for (ProducerBatch b : q) {
                if (nowMs < b.createdMs + deliveryTimeoutMs) {
                    break;
                }
                if (!b.inFlight()) {
                    if (out == null) {
                        out = new ArrayList<>();
                    }
                    out.add(b);
                }
            }
        }
        return out == null ? List.of() : out;
    }

    /** Every batch not yet DONE, in flight or not. */
    List<ProducerBatch> all() {
        List<ProducerBatch> out = new ArrayList<>();
        queues.values().forEach(out::addAll);
        return out;
    }

    /** Futures of every batch not yet DONE (for flush). */
    public List<Future<Void>> pendingFutures() {
        List<Future<Void>> out = new ArrayList<>();
        for (Deque<ProducerBatch> q : queues.values()) {
            for (ProducerBatch b : q) {
                out.add(b.doneFuture());
            }
        }
        return out;
    }

    boolean isEmpty() {
        return queues.isEmpty();
    }

    /** Forgets a DONE batch: gives back its memory and, when small enough, its builder. */
    void deallocate(ProducerBatch batch) {
        Deque<ProducerBatch> q = queues.get(batch.tp);
        if (q != null && q.remove(batch) && q.isEmpty()) {
            queues.remove(batch.tp);
            if (q == lastQueue) {
                lastTp = null;
                lastQueue = null;
            }
        }
        usedMemory -= batch.reservedBytes();
        recycle(batch.builder());
    }

    /**
     * Keeps {@code b} for a next batch when there is room in the pool: at most {@code buffer.memory}
     * bytes of builders, none larger than a batch may grow to ({@link #tailLimit}).
     */
    private void recycle(RecordBatchBuilder b) {
        int capacity = b.capacity();
        if (freeBuilders.size() < maxPooledBuilders && capacity <= Math.max(growLimit, RecordBatch.HEADER_SIZE)
                && pooledBytes + capacity <= bufferMemory) {
            b.reset();
            freeBuilders.addLast(b);
            pooledBytes += capacity;
        }
    }

    /**
     * Puts back a group the broker refused as too large: in its place at the front of the
     * partition's queue, in order, each batch of several records {@linkplain ProducerBatch#split
     * split} and each single record {@linkplain ProducerBatch#isolate isolated}, all to be sent
     * alone and at once. The memory reserved stays reserved (the split batches take it over).
     * Only for a group that holds more than one record (one record alone has failed).
     */
    void splitAndReenqueue(List<ProducerBatch> group) {
        TopicPartition tp = group.get(0).tp;
        Deque<ProducerBatch> q = queues.get(tp);
        Set<ProducerBatch> refused = new HashSet<>(group);
        List<ProducerBatch> requeued = new ArrayList<>(q.size() + group.size());
        for (ProducerBatch b : q) {
            if (!refused.contains(b)) {
                requeued.add(b);
            } else if (b.recordCount() > 1) {
                List<ProducerBatch> pieces = b.split(this::newBuilder);
                if (b.hasSequence()) {
                    // the pieces cover the refused batch's sequence range, in order: later batches keep their numbers
                    int sequence = b.baseSequence();
                    for (ProducerBatch piece : pieces) {
                        // they go one at a time (numbered batches are sent only as the first unacknowledged
                        // one), so sharing the refused batch's place in the window of 5 is enough
                        piece.setOrdinal(b.ordinal());
                        piece.setProducerState(b.producerId(), b.producerEpoch(), sequence);
                        sequence = IdempotenceManager.incrementSequence(sequence, piece.recordCount());
                    }
                }
                requeued.addAll(pieces);
                recycle(b.builder());
            } else {
                b.isolate();
                requeued.add(b);
            }
        }
        q.clear();
        q.addAll(requeued);
    }

    /** Visible for tests: queued batches of a partition, head first. */
    List<ProducerBatch> batches(TopicPartition tp) {
        Deque<ProducerBatch> q = queues.get(tp);
        return q == null ? List.of() : List.copyOf(q);
    }

    Iterator<TopicPartition> partitions() {
        return queues.keySet().iterator();
    }
}
