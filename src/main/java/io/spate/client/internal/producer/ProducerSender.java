package io.spate.client.internal.producer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.spate.client.ProducerConfig;
import io.spate.client.RecordMetadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.AsyncResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Moves ready batches from the {@link RecordAccumulator} to the leaders (internal): groups them by
 * node, many partitions per Produce request (up to {@code max.request.size}), at most
 * {@code max.in.flight.requests.per.connection} unanswered requests per node, and completes,
 * retries or fails each batch from the answer.
 *
 * <p>A partition's data in one request is a group of its queued batches, back to back (see
 * {@link RecordAccumulator}); the answer's one base offset is the first batch's, each next batch
 * starts after the records of those before it.
 *
 * <p>Retries: the batches of a group that fails retriably stay at the front of their partition's
 * queue and are resent together, in order, after an exponential backoff, while {@code retries} and
 * {@code delivery.timeout.ms} allow; errors that say the leader moved invalidate it and refresh the
 * metadata first. Because a partition has at most one group in flight, retries never reorder a
 * partition. Batches waiting past {@code delivery.timeout.ms} expire with REQUEST_TIMED_OUT.
 *
 * <p>MESSAGE_TOO_LARGE (a batch above the topic's {@code max.message.bytes}) is not retried as it is:
 * a group holding more than one record is split and its parts resent alone, in order (see
 * {@link RecordAccumulator#splitAndReenqueue}), as Kafka's producer splits a batch; a single record
 * refused alone fails.
 *
 * <p>Stopping: {@link #abort} (a close past its timeout) and {@link #abortUnsent}
 * (abort.on.send.failure) fail every batch not in flight at once; from then on nothing is sent or
 * retried.
 *
 * <p>Idempotent producer ({@code enable.idempotence}, see {@link IdempotenceManager}): nothing is
 * sent before the producer id is known; each request carries one batch per partition, numbered
 * when first sent; up to {@code max.in.flight.requests.per.connection} batches of a partition are
 * in flight ({@link RecordAccumulator#readyIdempotent}). A retry keeps its number and goes only as
 * its partition's first unacknowledged batch, so retries go in sequence order and the broker's
 * duplicate check answers a batch written before with its first offsets. Answers for a batch:
 * <ul>
 * <li>OUT_OF_ORDER_SEQUENCE_NUMBER or UNKNOWN_PRODUCER_ID: retried (within {@code retries} and
 *     {@code delivery.timeout.ms}); for the partition's first unacknowledged batch they mean the
 *     broker lacks the batches before it, so an epoch bump is requested too;</li>
 * <li>INVALID_PRODUCER_EPOCH or PRODUCER_FENCED: the batch fails; the producer takes a new
 *     producer id and renumbers the partition's other batches;</li>
 * <li>any other error as without idempotence. A batch that fails for good, or expires, leaves its
 *     sequence unused: the partition's next batch then gets OUT_OF_ORDER_SEQUENCE_NUMBER as first
 *     unacknowledged batch, which bumps the epoch (nothing is renumbered before the broker has said
 *     that nothing after the hole was written).</li>
 * </ul>
 *
 * <p>Threading: confined to the producer's context.
 */
public final class ProducerSender {
    private final NetworkClient network;
    private final RecordAccumulator accumulator;
    private final LoopContext context;
    private final short acks;
    private final int maxInFlight;
    private final boolean sendWhenIdle;
    private final int maxRequestSize;
    private final int requestTimeoutMs;
    private final int retries;
    private final long deliveryTimeoutMs;
    private final BooleanSupplier sendNow;
    private final Runnable onBatchDone;
    private final Consumer<RuntimeException> onBatchFailed;
    private final Map<Integer, Integer> inFlightRequests = new HashMap<>();
    /** Requests in flight to all nodes (an epoch bump waits for 0). */
    private int totalInFlight;
    /** Null without idempotence. */
    private final IdempotenceManager idempotence;
    /** Null without a transactional id. */
    private final TransactionManager transactions;
    private boolean drainScheduled;
    private long wakeTimer = -1;
    private long wakeAtMs = Long.MAX_VALUE;
    /** Set by {@link #abort}: what the batches failed with; also what in-flight ones fail with later. */
    private SpateException abortedWith;
    /** Set by {@link #abortUnsent}: what the unsent batches failed with; in-flight ones keep their own answer. */
    private RuntimeException unsentAbortedWith;

    /**
     * @param sendNow       true while every batch should go at once (flush, close, memory pressure)
     * @param onBatchDone   run after a batch completed and its memory was given back
     * @param onBatchFailed run after a batch failed (after {@code onBatchDone}), with its error
     */
    public ProducerSender(NetworkClient network, RecordAccumulator accumulator, ProducerConfig config,
                          BooleanSupplier sendNow, Runnable onBatchDone, Consumer<RuntimeException> onBatchFailed) {
        this.network = network;
        this.accumulator = accumulator;
        this.context = network.context();
        this.acks = config.getAcks();
        this.maxInFlight = config.getMaxInFlight();
        this.sendWhenIdle = config.getSendWhenIdle();
        this.maxRequestSize = config.getMaxRequestSize();
        this.requestTimeoutMs = config.getRequestTimeoutMs();
        this.retries = config.getRetries();
        this.deliveryTimeoutMs = config.getDeliveryTimeoutMs();
        this.sendNow = sendNow;
        this.onBatchDone = onBatchDone;
        this.onBatchFailed = onBatchFailed;
        this.idempotence = config.isIdempotent() ? new IdempotenceManager(network, this::wakeup) : null;
        this.transactions = config.isTransactional() ? new TransactionManager(network, config, idempotence, this::wakeup) : null;
        if (transactions != null) {
            idempotence.useTransactions(transactions);
        }
    }

    /** Runs a drain on the next turn of the context (coalesced). */
    public void wakeup() {
        if (!drainScheduled) {
            drainScheduled = true;
            context.runOnContext(v -> {
                drainScheduled = false;
                drain();
            });
        }
    }

    /** Makes sure a drain runs no later than {@code atMs}. */
    public void wakeAt(long atMs) {
        if (atMs >= wakeAtMs) {
            return;
        }
        if (atMs <= network.nowMs()) {
            // due now (linger.ms 0): a timer would wait at least 1 ms, the next turn of the loop does not
            wakeup();
            return;
        }
        if (wakeTimer >= 0) {
            context.cancelTimer(wakeTimer);
        }
        wakeAtMs = atMs;
        wakeTimer = context.setTimer(Math.max(1, atMs - network.nowMs()), id -> {
            wakeTimer = -1;
            wakeAtMs = Long.MAX_VALUE;
            drain();
        });
    }

    private void drain() {
        long now = network.nowMs();
        for (ProducerBatch b : accumulator.expired(now)) {
            finish(b, new SpateException(ErrorCode.REQUEST_TIMED_OUT, "expiring " + b.recordCount() + " record(s) for "
                    + b.tp + ": " + (now - b.createdMs) + " ms has passed since batch creation"), 0, 0, false);
        }
        RecordAccumulator.Ready ready;
        if (idempotence == null) {
            ready = accumulator.ready(now, network.metadata(), sendNow.getAsBoolean(), this::idle);
        } else {
            if (idempotence.fatalError() != null) {
                failUnsent(idempotence.fatalError());
                return;
            }
            SpateException txnError = transactions == null ? null : transactions.unsentBatchError();
            if (txnError != null) {
                failUnsent(txnError); // the transaction must be aborted (or the producer failed): nothing more goes
                return;
            }
            if (!accumulator.isEmpty()) {
                idempotence.start();
            }
            idempotence.maybeBump(totalInFlight == 0, accumulator::batches);
            ready = accumulator.readyIdempotent(now, network.metadata(), sendNow.getAsBoolean(), this::idle, idempotence);
        }
        long next = ready.nextCheckMs();
        if (ready.leaderMissing()) {
            network.requestMetadataRefresh();
            next = Math.min(next, now + Math.max(1, network.config().retryBackoffMs()));
        }
        boolean sent = false;
        for (Map.Entry<Integer, List<List<ProducerBatch>>> e : ready.byNode().entrySet()) {
            int node = e.getKey();
            List<List<ProducerBatch>> groups = e.getValue();
            int i = 0;
            while (i < groups.size() && inFlightRequests.getOrDefault(node, 0) < maxInFlight) {
                List<List<ProducerBatch>> request = new ArrayList<>();
                long size = 0;
                while (i < groups.size()) {
                    List<ProducerBatch> group = groups.get(i);
                    int bytes = 0;
                    for (ProducerBatch b : group) {
                        b.close();
                        bytes += b.estimatedSizeInBytes();
                    }
                    if (!request.isEmpty() && size + bytes > maxRequestSize) {
                        break;
                    }
                    request.add(group);
                    size += bytes;
                    i++;
                }
                send(node, request);
                sent = true;
            }
        }
        if (transactions != null) {
            transactions.maybeAddPartitions(); // the partitions maySend found not yet in the transaction
        }
        if (next != Long.MAX_VALUE) {
            wakeAt(next);
        }
        if (idempotence != null && sent) {
            wakeup(); // one batch per partition per pass: look again for the next ones while the bounds allow
        }
    }

    /** One request: per group, its batches back to back in the partition's {@code records}. */
    private void send(int node, List<List<ProducerBatch>> groups) {
        Map<String, List<ProduceRequest.PartitionData>> byTopic = new LinkedHashMap<>();
        for (List<ProducerBatch> group : groups) {
            ProducerBatch head = group.get(0);
            ByteBuf records;
            if (idempotence != null) {
                idempotence.assign(head); // a first send is numbered now; a retry keeps its number
                head.ensureBuilt();
            }
            if (group.size() == 1) {
                head.markInFlight();
                records = Unpooled.wrappedBuffer(head.bytes());
            } else {
                ByteBuffer[] parts = new ByteBuffer[group.size()];
                for (int j = 0; j < parts.length; j++) {
                    group.get(j).markInFlight();
                    parts[j] = group.get(j).bytes();
                }
                records = Unpooled.wrappedBuffer(parts.length, parts);
            }
            byTopic.computeIfAbsent(head.tp.topic(), k -> new ArrayList<>())
                    .add(new ProduceRequest.PartitionData(head.tp.partition(), records));
        }
        List<ProduceRequest.TopicData> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((t, parts) -> topics.add(new ProduceRequest.TopicData(t, parts)));
        ProduceRequest request = new ProduceRequest(acks, requestTimeoutMs, topics);
        inFlightRequests.merge(node, 1, Integer::sum);
        totalInFlight++;
        if (acks == ProduceRequest.ACKS_NONE) {
            network.sendWithoutResponse(node, ApiKey.PRODUCE, request).onComplete(ar -> {
                requestDone(node);
                for (List<ProducerBatch> group : groups) {
                    if (ar.succeeded()) {
                        group.forEach(b -> finish(b, null, RecordMetadata.UNKNOWN_OFFSET, -1, true));
                    } else {
                        onGroupError(group, NetworkClient.asSpate(ar.cause()));
                    }
                }
                wakeup();
            });
        } else {
            network.send(node, ApiKey.PRODUCE, request, ProduceResponse::readFrom, requestTimeoutMs)
                    .onComplete(ar -> onResponse(node, groups, ar));
        }
    }

    private void onResponse(int node, List<List<ProducerBatch>> groups, AsyncResult<ProduceResponse> ar) {
        requestDone(node);
        if (ar.failed()) {
            SpateException error = NetworkClient.asSpate(ar.cause());
            groups.forEach(g -> onGroupError(g, error));
            wakeup();
            return;
        }
        Map<TopicPartition, ProduceResponse.PartitionResponse> answers = new HashMap<>();
        for (ProduceResponse.TopicResponse t : ar.result().topics()) {
            for (ProduceResponse.PartitionResponse p : t.partitions()) {
                answers.put(new TopicPartition(t.name(), p.partition()), p);
            }
        }
        for (List<ProducerBatch> group : groups) {
            TopicPartition tp = group.get(0).tp;
            ProduceResponse.PartitionResponse p = answers.get(tp);
            if (p == null) {
                onGroupError(group, new SpateException(ErrorCode.UNKNOWN_SERVER_ERROR, "node " + node + " did not answer for " + tp));
            } else if (p.error() == ErrorCode.NONE) {
                completeGroup(group, p.baseOffset(), p.logAppendTime());
            } else {
                onGroupError(group, new SpateException(p.error(), naming(tp, p.errorMessage())));
            }
        }
        wakeup();
    }

    /**
     * The broker answers one base offset for a partition's data: the batches of a group were
     * appended back to back, so each starts where the records of the ones before it end.
     */
    private void completeGroup(List<ProducerBatch> group, long baseOffset, long logAppendTime) {
        long offset = baseOffset;
        for (ProducerBatch b : group) {
            finish(b, null, offset, logAppendTime, true);
            if (offset >= 0) {
                offset += b.recordCount();
            }
        }
    }

    /**
     * The broker's message about a partition, naming the partition once: as it is when it already
     * names it (the broker's own checks do), else after the partition.
     */
    static String naming(TopicPartition tp, String message) {
        if (message == null || message.isEmpty()) {
            return tp.toString();
        }
        String name = tp.toString();
        for (int at = message.indexOf(name); at >= 0; at = message.indexOf(name, at + 1)) {
            int end = at + name.length();
            boolean startsToken = at == 0 || !isTopicChar(message.charAt(at - 1));
            boolean endsToken = end == message.length() || !Character.isDigit(message.charAt(end));
            if (startsToken && endsToken) {
                return message;
            }
        }
        return name + ": " + message;
    }

    private static boolean isTopicChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
    }

    /**
     * An error answers the whole group: each batch is retried (in order, together) or failed; a
     * group refused as too large is split unless it is one record, or failed as not sent once
     * {@link #abortUnsent} stopped the sending (its records are not too large, and were not written).
     */
    private void onGroupError(List<ProducerBatch> group, SpateException error) {
        if (error.error() == ErrorCode.MESSAGE_TOO_LARGE && abortedWith == null
                && (group.size() > 1 || group.get(0).recordCount() > 1)) {
            if (unsentAbortedWith != null) {
                group.forEach(b -> finish(b, unsentAbortedWith, 0, 0, false));
            } else {
                accumulator.splitAndReenqueue(group);
                wakeup();
            }
            return;
        }
        for (ProducerBatch b : group) {
            onError(b, error);
        }
    }

    private void onError(ProducerBatch b, SpateException error) {
        long now = network.nowMs();
        long backoff = network.config().backoffMs(b.attempts());
        boolean retriable = error.retriable();
        if (transactions != null) {
            switch (error.error()) {
                // fatal (fenced), or a gap in the sequence: the transaction cannot go on as it is;
                // the abort bumps the epoch (TransactionManager.batchFailed), not a renumbering here
                case INVALID_PRODUCER_EPOCH, PRODUCER_FENCED, TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                        OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID -> retriable = false;
                default -> {
                }
            }
        } else if (idempotence != null) {
            switch (error.error()) {
                case OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID -> {
                    // for the first unacknowledged batch: the broker lacks what came before it, so it and
                    // everything after it are unwritten; for a later one: an earlier batch is being retried
                    if (accumulator.isFirst(b)) {
                        idempotence.requestBump(b.tp, false);
                    }
                    retriable = true;
                }
                case INVALID_PRODUCER_EPOCH, PRODUCER_FENCED -> idempotence.requestBump(b.tp, true);
                default -> {
                }
            }
        }
        boolean retry = !stopped() && retriable && b.attempts() <= retries
                && now + backoff < b.createdMs + deliveryTimeoutMs;
        if (!retry) {
            finish(b, abortedWith != null ? abortedWith : error, 0, 0, false);
            return;
        }
        if (NetworkClient.isMetadataError(error.error())) {
            network.metadata().invalidateLeader(b.tp);
            network.requestMetadataRefresh();
        }
        b.reenqueue(now + backoff);
        wakeAt(now + backoff);
    }

    private void finish(ProducerBatch b, RuntimeException error, long baseOffset, long logAppendTime, boolean ok) {
        if (ok && idempotence != null) {
            idempotence.acknowledged(b);
        }
        if (ok) {
            b.complete(baseOffset, logAppendTime);
        } else {
            b.fail(error);
        }
        accumulator.deallocate(b);
        if (!ok && transactions != null) {
            transactions.batchFailed(b, error);
        }
        onBatchDone.run();
        if (!ok) {
            onBatchFailed.accept(error);
        }
    }

    private boolean stopped() {
        return abortedWith != null || unsentAbortedWith != null;
    }

    private void requestDone(int node) {
        totalInFlight--;
        if (inFlightRequests.merge(node, -1, Integer::sum) == 0 && sendWhenIdle) {
            wakeup(); // the node's pipe is empty: what lingered for it goes now
        }
    }

    /**
     * With send.when.idle, a batch for a leader that has no request in flight does not linger
     * (Nagle's rule: batch only while the pipe is busy).
     */
    private boolean idle(int node) {
        return sendWhenIdle && inFlightRequests.getOrDefault(node, 0) == 0;
    }

    /** {@link #idle} for the leader of {@code tp}; without send.when.idle it does not look the leader up. */
    public boolean idleFor(TopicPartition tp) {
        return sendWhenIdle && idle(network.metadata().leader(tp));
    }

    /**
     * Stops retrying: fails every batch not in flight with {@code error} now, and the in-flight
     * ones with it when their requests end (closing the network ends them).
     */
    public void abort(SpateException error) {
        abortedWith = error;
        failUnsent(error);
    }

    /**
     * Stops sending for good (abort.on.send.failure): fails every batch not in flight with
     * {@code notSent} now; a batch in flight completes with its own answer, and is not retried (nor
     * split: a group then refused as too large fails with {@code notSent} too).
     */
    public void abortUnsent(RuntimeException notSent) {
        unsentAbortedWith = notSent;
        failUnsent(notSent);
    }

    /** The transactional producer's transactions, null without a transactional id. */
    public TransactionManager transactions() {
        return transactions;
    }

    /**
     * Fails every batch not in flight with {@code error} (the transaction is being aborted); batches in
     * flight complete with their answers, and sending goes on for the next transaction.
     */
    public void failUnsentBatches(RuntimeException error) {
        failUnsent(error);
    }

    /** The producer's id and epoch (-1 before InitProducerId, or without idempotence); for tests. */
    long producerId() {
        return idempotence == null ? -1 : idempotence.producerId();
    }

    short producerEpoch() {
        return idempotence == null ? -1 : idempotence.epoch();
    }

    private void failUnsent(RuntimeException error) {
        for (ProducerBatch b : accumulator.all()) {
            if (!b.inFlight()) {
                finish(b, error, 0, 0, false);
            }
        }
    }
}
