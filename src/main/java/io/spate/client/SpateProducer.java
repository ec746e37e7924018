package io.spate.client;

import io.netty.util.internal.PlatformDependent;
import io.spate.client.internal.network.ClientRuntime;
import io.spate.client.internal.network.Metadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.client.internal.network.NetworkConfig;
import io.spate.client.internal.producer.Partitioner;
import io.spate.client.internal.producer.ProducerBatch;
import io.spate.client.internal.producer.ProducerSender;
import io.spate.client.internal.producer.RecordAccumulator;
import io.spate.client.internal.producer.TransactionManager;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Sends records to Spate, batching them per partition ({@code batch.size}, {@code linger.ms}) and
 * many partitions per request, with retries that never reorder a partition. See
 * {@link ProducerConfig} for every setting.
 *
 * <p>{@link #send} returns at once; its Future completes when the record is acknowledged (as
 * {@code acks} asks), or fails with a {@link SpateException} carrying the broker's error, or with
 * {@link ErrorCode#MESSAGE_TOO_LARGE} (a record above {@code max.request.size}, never sent), or
 * {@link ErrorCode#REQUEST_TIMED_OUT} (no buffer space or metadata within {@code max.block.ms}, or
 * not delivered within {@code delivery.timeout.ms}). Back-pressure: records reserve
 * {@code buffer.memory}; when it is used up, a send's Future waits (in send order) until space
 * frees — nothing is buffered beyond the budget. To block, use {@link Blocking#await}.
 *
 * <p>With {@code abort.on.send.failure} (see {@link ProducerConfig#setAbortOnSendFailure}) the first
 * record that fails stops the producer: every record not yet sent fails with
 * {@link RecordNotSentException}, and so does every later send.
 *
 * <p>States: OPEN → CLOSING (flushing, new sends refused) → CLOSED; OPEN → ABORTED (only with
 * abort.on.send.failure, at the first failed record: nothing more is sent, sends fail as not sent)
 * → CLOSING → CLOSED.
 *
 * <p>Transactions (with {@code transactional.id}, see {@link ProducerConfig#setTransactionalId}), as
 * Kafka's producer: {@link #initTransactions()} once, then per transaction
 * {@link #beginTransaction()}, sends (and {@link #sendOffsetsToTransaction}), then
 * {@link #commitTransaction()} or {@link #abortTransaction()}. Sends outside a transaction fail with
 * {@link IllegalStateException}. A fenced producer (a newer one with the same transactional id) fails
 * every later call; after any other error inside a transaction the commit fails and only the abort
 * is left (docs/exactly-once.md).
 *
 * <p>Threading: every method may be called from any thread. All work runs on the producer's own
 * event-loop context, where the returned Futures complete; calls are queued there in call order,
 * so records sent from one thread keep their order within a partition.
 */
public final class SpateProducer {
    enum State { OPEN, ABORTED, CLOSING, CLOSED }

    /** A send handed over from the caller's thread, not yet taken by the producer's context. */
    private record Incoming(ProducerRecord record, long sendTimeMs, Promise<RecordMetadata> promise) {
    }

    /** A send waiting for its topic's metadata or for buffer memory, in send order. */
    private record Waiting(ProducerRecord record, long timestamp, int size, Promise<RecordMetadata> promise,
                           long deadlineMs) {
    }

    private final Vertx vertx;
    private final ClientRuntime runtime;
    private final LoopContext context;
    private final ProducerConfig config;
    private final NetworkClient network;
    private final RecordAccumulator accumulator;
    private final ProducerSender sender;
    private final Partitioner partitioner;
    /** Null without a transactional id. */
    private final TransactionManager transactions;
    /** Sends from any thread, in call order; drained on the context by one task at a time. */
    private final Queue<Incoming> incoming = PlatformDependent.newMpscQueue();
    /** True while a drain of {@link #incoming} is scheduled and has not started polling yet. */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final Promise<Void> closed = Promise.promise();
    private Waiting awaitingMetadataFor;
    private boolean waitingForMemory;
    private long waitTimer = -1;
    /** The waiting head {@link #waitTimer} was armed for (its deadline), null when none is armed. */
    private Waiting waitTimerHead;
    private String lastTopic;
    private TopicPartition[] lastTopicPartitions = new TopicPartition[0];
    private int flushes;
    /** Written on the context only; read anywhere so calls after close never need the (maybe closed) context. */
    private volatile State state = State.OPEN;
    /** What every record fails with once ABORTED; written (before {@link #state}) on the context only. */
    private volatile RecordNotSentException notSent;

    private SpateProducer(ClientRuntime runtime, ProducerConfig config) {
        this.runtime = runtime;
        this.vertx = runtime.vertx;
        this.config = config;
        this.context = runtime.context;
        this.network = runtime.network;
        this.accumulator = new RecordAccumulator(config);
        this.partitioner = new Partitioner(n -> ThreadLocalRandom.current().nextInt(n));
        this.sender = new ProducerSender(network, accumulator, config,
                () -> flushes > 0 || state != State.OPEN || waitingForMemory, this::processWaiting, this::recordFailed);
        this.transactions = sender.transactions();
    }

    /**
     * The bytes of {@code buffer.memory} a record reserves from {@link #send} until its Future
     * completes: an upper bound of its size in a batch, a batch header included. A caller that
     * bounds its own in-flight records by this measure and by {@code buffer.memory} never makes a
     * send wait for memory.
     */
    public static int bufferedSize(ProducerRecord record) {
        return ProducerBatch.sizeUpperBound(record);
    }

    /** A producer on {@code vertx} (which the caller keeps and closes). Validates the config. */
    public static SpateProducer create(Vertx vertx, ProducerConfig config) {
        config.validate();
        return new SpateProducer(ClientRuntime.on(vertx, NetworkConfig.of(config)), config);
    }

    /** A producer with a Vert.x instance of its own, closed by {@link #close()}. */
    public static SpateProducer create(ProducerConfig config) {
        config.validate();
        return new SpateProducer(ClientRuntime.owned(NetworkConfig.of(config)), config);
    }

    /**
     * Queues a record; the Future tells where it landed. The timestamp defaults to now. The record
     * goes into a lock-free queue that one task on the producer's context drains, scheduled only
     * when the queue was idle: a busy sender costs an enqueue per record, not a thread hand-off.
     */
    public Future<RecordMetadata> send(ProducerRecord record) {
        if (state != State.OPEN) {
            return Future.failedFuture(refusal());
        }
        if (transactions != null) {
            RuntimeException outside = transactions.sendRefusal();
            if (outside != null) {
                return Future.failedFuture(outside);
            }
        }
        Promise<RecordMetadata> promise = context.promise();
        incoming.add(new Incoming(record, System.currentTimeMillis(), promise));
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drainIncoming());
        }
        return promise.future();
    }

    /**
     * Takes every queued send, in order. The flag is cleared before polling, so a send enqueued
     * after the last poll finds it clear and schedules the next drain. Also called inline by
     * flush and close, so that they cover every send made before them.
     */
    private void drainIncoming() {
        drainScheduled.set(false);
        Incoming i;
        while ((i = incoming.poll()) != null) {
            doSend(i.record(), i.sendTimeMs(), i.promise());
        }
    }

    /** Why a send is refused once the producer is not OPEN. */
    private RuntimeException refusal() {
        return state == State.ABORTED ? notSent : new IllegalStateException("producer is closed");
    }

    private void doSend(ProducerRecord record, long sendTimeMs, Promise<RecordMetadata> promise) {
        if (state != State.OPEN) {
            promise.fail(refusal());
            return;
        }
        if (transactions != null) {
            // accepted inside the transaction (a commit called since still takes it), which was aborted,
            // or failed, before the record got here
            TransactionManager.State ts = transactions.state();
            if (ts == TransactionManager.State.ABORTING_TRANSACTION) {
                promise.fail(new TransactionAbortedException(transactions.transactionalId()));
                return;
            }
            if (ts != TransactionManager.State.IN_TRANSACTION && ts != TransactionManager.State.COMMITTING_TRANSACTION) {
                promise.fail(transactions.sendRefusal());
                return;
            }
        }
        int size = ProducerBatch.sizeUpperBound(record);
        if (size > config.getMaxRequestSize()) {
            fail(promise, new SpateException(ErrorCode.MESSAGE_TOO_LARGE, "record of up to " + size
                    + " bytes exceeds " + ProducerConfig.MAX_REQUEST_SIZE + " " + config.getMaxRequestSize()));
            return;
        }
        if (size > config.getBufferMemory()) {
            fail(promise, new SpateException(ErrorCode.MESSAGE_TOO_LARGE, "record of up to " + size
                    + " bytes exceeds " + ProducerConfig.BUFFER_MEMORY + " " + config.getBufferMemory()));
            return;
        }
        long timestamp = record.timestamp() != null ? record.timestamp() : sendTimeMs;
        if (waiting.isEmpty()) {
            // the common case: nothing queued ahead, metadata known, memory free; no Waiting, no timer
            Metadata.TopicState topic = network.metadata().topic(record.topic());
            if (isUsable(topic, record) && accumulator.hasMemoryFor(size)) {
                append(record, timestamp, size, promise, topic);
                return;
            }
        }
        waiting.addLast(new Waiting(record, timestamp, size, promise, sendTimeMs + config.getMaxBlockMs()));
        processWaiting();
    }

    /** Appends the waiting sends, in order, while their metadata is known and memory allows. */
    private void processWaiting() {
        waitingForMemory = false;
        while (!waiting.isEmpty()) {
            Waiting head = waiting.peekFirst();
            Metadata.TopicState topic = network.metadata().topic(head.record().topic());
            if (!isUsable(topic, head.record())) {
                awaitMetadata(head, topic);
                break;
            }
            if (!accumulator.hasMemoryFor(head.size())) {
                waitingForMemory = true;
                sender.wakeup(); // memory pressure: send everything now so memory frees
                break;
            }
            waiting.pollFirst();
            append(head.record(), head.timestamp(), head.size(), head.promise(), topic);
        }
        armWaitTimer();
    }

    private static boolean isUsable(Metadata.TopicState t, ProducerRecord r) {
        return t != null && t.error() == ErrorCode.NONE && t.partitionCount() > 0
                && (r.partition() == null || r.partition() < t.partitionCount());
    }

    private void awaitMetadata(Waiting head, Metadata.TopicState known) {
        if (awaitingMetadataFor == head) {
            return;
        }
        awaitingMetadataFor = head;
        String topic = head.record().topic();
        // the topic is known but has fewer partitions than asked for: look again after a backoff
        boolean partitionMissing = known != null && known.error() == ErrorCode.NONE && known.partitionCount() > 0;
        Future<?> f = partitionMissing
                ? network.delay(config.getRetryBackoffMs()).compose(v -> network.refreshMetadata())
                : network.awaitTopic(topic, head.deadlineMs());
        f.onComplete(ar -> {
            if (awaitingMetadataFor == head) {
                awaitingMetadataFor = null;
            }
            // awaitTopic gives up only at the deadline or on a non-retriable error; a failed refresh is retried
            boolean giveUp = !partitionMissing || !NetworkClient.isRetriable(ar.cause());
            if (ar.failed() && giveUp && waiting.peekFirst() == head) {
                waiting.pollFirst();
                fail(head.promise(), ar.cause());
            }
            processWaiting();
        });
    }

    private void append(ProducerRecord r, long timestamp, int size, Promise<RecordMetadata> promise,
                        Metadata.TopicState topic) {
        int n = topic.partitionCount();
        int partition;
        boolean tailClosed = false;
        if (r.partition() != null) {
            partition = r.partition();
        } else if (r.key() != null) {
            partition = Partitioner.forKey(r.key(), n);
        } else {
            Supplier<List<Integer>> available = topic::availablePartitions;
            partition = partitioner.stickyPartition(r.topic(), n, available);
            if (!accumulator.closeTailUnlessRoom(topicPartition(r.topic(), partition, n), r, timestamp)) {
                partition = partitioner.onNewBatch(r.topic(), n, available, partition);
                tailClosed = true;
            }
        }
        long now = network.nowMs();
        TopicPartition tp = topicPartition(r.topic(), partition, n);
        boolean closedBatch = accumulator.append(tp, r, timestamp, promise, size, now);
        if (closedBatch || tailClosed || flushes > 0 || state != State.OPEN || sender.idleFor(tp)) {
            sender.wakeup();
        } else {
            sender.wakeAt(now + config.getLingerMs());
        }
    }

    /** The TopicPartition, reused while records go to one topic (they were allocated twice per record). */
    private TopicPartition topicPartition(String topic, int partition, int partitionCount) {
        if (!topic.equals(lastTopic) || lastTopicPartitions.length != partitionCount) {
            lastTopic = topic;
            lastTopicPartitions = new TopicPartition[partitionCount];
        }
        TopicPartition tp = lastTopicPartitions[partition];
        if (tp == null) {
            tp = new TopicPartition(topic, partition);
            lastTopicPartitions[partition] = tp;
        }
        return tp;
    }

    /**
     * One timer for the head's max.block.ms deadline; deadlines grow in queue order. Re-armed only
     * when the head changes, so a steady stream of sends does not churn timers.
     */
    private void armWaitTimer() {
        Waiting head = waiting.peekFirst();
        if (head == waitTimerHead) {
            return;
        }
        if (waitTimer >= 0) {
            vertx.cancelTimer(waitTimer);
            waitTimer = -1;
        }
        waitTimerHead = head;
        if (head == null) {
            return;
        }
        long delay = Math.max(1, head.deadlineMs() - network.nowMs());
        waitTimer = context.setTimer(delay, id -> {
            waitTimer = -1;
            waitTimerHead = null;
            long now = network.nowMs();
            while (!waiting.isEmpty() && waiting.peekFirst().deadlineMs() <= now) {
                Waiting w = waiting.pollFirst();
                String why = waitingForMemory && w == head
                        ? "no " + w.size() + " bytes of " + ProducerConfig.BUFFER_MEMORY + " freed"
                        : "no metadata for topic " + w.record().topic()
                        + (w.record().partition() == null ? "" : " partition " + w.record().partition());
                fail(w.promise(), new SpateException(ErrorCode.REQUEST_TIMED_OUT, why + " within "
                        + ProducerConfig.MAX_BLOCK_MS + " " + config.getMaxBlockMs() + " ms"));
            }
            processWaiting();
        });
    }

    /**
     * The number of partitions of {@code topic}: the Future completes once the producer's metadata
     * knows it, or fails after {@code max.block.ms} (Kafka's {@code partitionsFor} blocks that
     * long; this does not block). Sending after it completes never waits for metadata.
     */
    public Future<Integer> partitionsFor(String topic) {
        Promise<Integer> promise = context.promise();
        context.runOnContext(v -> network.awaitTopic(topic, network.nowMs() + config.getMaxBlockMs())
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        promise.complete(ar.result().partitionCount());
                    } else {
                        promise.fail(ar.cause());
                    }
                }));
        return promise.future();
    }

    /**
     * Sends everything queued now (ignoring linger.ms); the Future completes when every record sent
     * before this call has completed, successfully or not. It does not block: to wait, use
     * {@link Blocking#await}.
     */
    public Future<Void> flush() {
        if (state == State.CLOSED) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = context.promise();
        context.runOnContext(v -> flushNow().onComplete(promise));
        return promise.future();
    }

    private Future<Void> flushNow() {
        drainIncoming();
        List<Future<?>> pending = new ArrayList<>(accumulator.pendingFutures());
        for (Waiting w : waiting) {
            pending.add(w.promise().future());
        }
        flushes++;
        sender.wakeup();
        return Future.join(pending).transform(ar -> {
            flushes--;
            return Future.succeededFuture();
        });
    }

    /**
     * Registers the transactional id with its coordinator (FindCoordinator key type 1, InitProducerId):
     * gets the producer id and epoch, fences any older producer with the same transactional id, and
     * makes the coordinator complete that one's open transaction. Once, before the first transaction.
     * Fails with {@link IllegalStateException} without a transactional id or when called twice; with
     * REQUEST_TIMED_OUT after {@code max.block.ms} (then it may be called again).
     */
    public Future<Void> initTransactions() {
        if (transactions == null) {
            return Future.failedFuture(notTransactional("initTransactions"));
        }
        return transactions.initTransactions();
    }

    /**
     * Opens a transaction: every record sent until {@link #commitTransaction()} or
     * {@link #abortTransaction()} belongs to it. Local only (the coordinator hears of it with the first
     * partition), so it returns at once.
     *
     * @throws IllegalStateException before initTransactions, or while a transaction is open
     * @throws SpateException the fatal error, once the producer was fenced
     */
    public void beginTransaction() {
        if (transactions == null) {
            throw notTransactional("beginTransaction");
        }
        transactions.beginTransaction();
    }

    /**
     * Adds a consumer group's offsets to the open transaction (AddOffsetsToTxn, then TxnOffsetCommit to
     * the group's coordinator): they become the group's committed offsets if and only if the transaction
     * commits. {@code group} comes from the consumer ({@link SpateConsumer#groupMetadata()}), so the
     * group coordinator refuses offsets of a member that left the generation.
     */
    public Future<Void> sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                                 ConsumerGroupMetadata group) {
        if (transactions == null) {
            return Future.failedFuture(notTransactional("sendOffsetsToTransaction"));
        }
        return transactions.sendOffsets(Map.copyOf(offsets), group);
    }

    /**
     * Commits the open transaction: first every record sent in it is delivered (as {@link #flush}),
     * then EndTxn(commit). Fails — and leaves only {@link #abortTransaction()} — when a record of the
     * transaction failed; fails with the fatal error once fenced. A commit that timed out may be
     * called again: it retries the EndTxn.
     */
    public Future<Void> commitTransaction() {
        if (transactions == null) {
            return Future.failedFuture(notTransactional("commitTransaction"));
        }
        return transactions.commit(this::flushNow);
    }

    /**
     * Aborts the open transaction: records not yet sent fail with {@link TransactionAbortedException}
     * (and are never written), records in flight are waited for, then EndTxn(abort) — or, when a record
     * left a gap in its partition's sequence, an epoch bump that aborts it. Works after any error but
     * a fatal one.
     */
    public Future<Void> abortTransaction() {
        if (transactions == null) {
            return Future.failedFuture(notTransactional("abortTransaction"));
        }
        return transactions.abort(this::dropTransactionBatches);
    }

    private static IllegalStateException notTransactional(String call) {
        return new IllegalStateException(call + " needs " + ProducerConfig.TRANSACTIONAL_ID + " to be set");
    }

    /** The abort's part on the context: fails what was not sent, waits for what is in flight. */
    private Future<Void> dropTransactionBatches() {
        drainIncoming(); // sends made before the abort fail as aborted (doSend)
        TransactionAbortedException aborted = new TransactionAbortedException(transactions.transactionalId());
        List<Waiting> left = new ArrayList<>(waiting);
        waiting.clear();
        armWaitTimer();
        left.forEach(w -> w.promise().tryFail(aborted));
        sender.failUnsentBatches(aborted);
        return Future.join(new ArrayList<Future<?>>(accumulator.pendingFutures())).mapEmpty();
    }

    /** Closes after delivering everything queued (bounded by delivery.timeout.ms and max.block.ms). */
    public Future<Void> close() {
        return close(null);
    }

    /**
     * Refuses new sends, delivers what is queued for at most {@code timeout} (null: no bound beyond
     * the delivery and blocking timeouts), fails what is left with NETWORK_EXCEPTION, then closes
     * the connections (and the own Vert.x instance, if any). Idempotent.
     */
    public Future<Void> close(Duration timeout) {
        if (state == State.CLOSED) {
            return closed.future();
        }
        context.runOnContext(v -> {
            if (state != State.OPEN && state != State.ABORTED) {
                return;
            }
            drainIncoming(); // sends made before close() are accepted and delivered (refused when ABORTED)
            state = State.CLOSING;
            long timer = timeout == null ? -1 : context.setTimer(Math.max(1, timeout.toMillis()), id -> {
                // closing the network fails the in-flight requests, so the flush below ends now
                abort("producer closed before delivery");
                network.close();
            });
            flushNow().onComplete(ar -> {
                if (timer >= 0) {
                    vertx.cancelTimer(timer);
                }
                abort("producer closed");
                state = State.CLOSED;
                runtime.close(closed);
            });
        });
        return closed.future();
    }

    /** Fails a record that was not appended, then applies abort.on.send.failure. */
    private void fail(Promise<RecordMetadata> promise, Throwable error) {
        promise.tryFail(error);
        recordFailed(error);
    }

    /**
     * A record failed (here, or its batch in the sender): with abort.on.send.failure, the first such
     * failure moves OPEN → ABORTED, in the same turn of the context, before anything else can be
     * sent. Records failed by the abort itself, or after a close began, change nothing.
     */
    private void recordFailed(Throwable error) {
        if (!config.getAbortOnSendFailure() || state != State.OPEN || error instanceof RecordNotSentException
                || error instanceof TransactionAbortedException) {
            return;
        }
        notSent = new RecordNotSentException(error);
        state = State.ABORTED;
        List<Waiting> left = new ArrayList<>(waiting);
        waiting.clear();
        armWaitTimer();
        left.forEach(w -> w.promise().tryFail(notSent));
        sender.abortUnsent(notSent);
    }

    private void abort(String why) {
        drainIncoming(); // state is CLOSING: queued sends fail as closed
        SpateException error = new SpateException(ErrorCode.NETWORK_EXCEPTION, why);
        List<Waiting> left = new ArrayList<>(waiting);
        waiting.clear();
        left.forEach(w -> w.promise().tryFail(error));
        sender.abort(error);
    }

    /** Bytes of buffer.memory in use; for tests and metrics, read on the producer's context. */
    long usedMemory() {
        return accumulator.usedMemory();
    }

    LoopContext context() {
        return context;
    }
}
