package io.spate.client.internal.consumer;

import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.internal.network.Metadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.client.internal.network.OffsetLookup;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FetchRequest;
import io.spate.protocol.ListOffsetsRequest;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.vertx.core.AsyncResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consumer's engine (internal): resolves unknown positions with ListOffsets
 * ({@code auto.offset.reset}), keeps one long-poll Fetch outstanding per leader node, and buffers
 * what comes back as {@link CompletedFetch}es for the consumer to hand out. It fetches ahead: while
 * the application consumes a partition's one buffered response, the next Fetch for that partition
 * (from the end of the buffered batches) is already in flight. Buffering is bounded: a partition
 * with {@link #MAX_BUFFERED_PER_PARTITION} responses buffered is not fetched again until one is
 * consumed, and nothing is fetched past a buffered corruption (its error is raised first).
 *
 * <p>Threading: confined to the consumer's context.
 */
public final class Fetcher {
    /** Responses buffered per partition before it stops being fetched: one consumed, one waiting. */
    static final int MAX_BUFFERED_PER_PARTITION = 2;

    private final NetworkClient network;
    private final ConsumerConfig config;
    private final Map<TopicPartition, PartitionFetchState> partitions;
    private final Runnable onData;
    private final Set<Integer> nodesInFlight = new HashSet<>();
    private final ArrayDeque<CompletedFetch> buffer = new ArrayDeque<>();
    /** Errors not yet reported, with the partition state they belong to (a seek withdraws them). */
    private final ArrayDeque<PartitionError> errors = new ArrayDeque<>();

    private record PartitionError(PartitionFetchState state, RuntimeException error) {
    }

    /** What a Fetch asked of one partition: the state generation then, and the offset it starts at. */
    private record Sent(int generation, long offset) {
    }
    /** The newest buffered response of each partition that has any, and how many it has. */
    private final Map<TopicPartition, CompletedFetch> newestBuffered = new HashMap<>();
    private final Map<TopicPartition, Integer> bufferedCount = new HashMap<>();
    /** The head of {@link #buffer} once its partition was found still assigned, else null. */
    private CompletedFetch checkedHead;
    private boolean wakeScheduled;
    private long wakeTimer = -1;
    private boolean closed;

    /** {@code onData} runs when records or errors become available. */
    public Fetcher(NetworkClient network, ConsumerConfig config, Map<TopicPartition, PartitionFetchState> partitions,
                   Runnable onData) {
        this.network = network;
        this.config = config;
        this.partitions = partitions;
        this.onData = onData;
    }

    /** Runs {@link #run()} on the next turn of the context (coalesced). */
    void wakeup() {
        if (!wakeScheduled && !closed) {
            wakeScheduled = true;
            network.context().runOnContext(v -> {
                wakeScheduled = false;
                run();
            });
        }
    }

    public void close() {
        closed = true;
    }

    /** Starts the offset lookups and fetches that can start now. */
    void run() {
        if (closed) {
            return;
        }
        long now = network.nowMs();
        long nextWake = Long.MAX_VALUE;
        Map<OffsetResetStrategy, Map<TopicPartition, Long>> resets = new HashMap<>();
        Map<Integer, Map<String, List<FetchRequest.PartitionData>>> fetches = new HashMap<>();
        Map<Integer, Map<TopicPartition, Sent>> generations = new HashMap<>();
        boolean leaderMissing = false;
        boolean failedHere = false;
        for (Map.Entry<TopicPartition, PartitionFetchState> e : partitions.entrySet()) {
            TopicPartition tp = e.getKey();
            PartitionFetchState st = e.getValue();
            if (st.isBackingOff(now)) {
                nextWake = Math.min(nextWake, now + network.config().retryBackoffMs());
                continue;
            }
            if (st.state() == PartitionFetchState.State.AWAITING_RESET) {
                if (st.resetStrategy() == OffsetResetStrategy.NONE) {
                    failedHere = true;
                    fail(st, new SpateException(ErrorCode.OFFSET_OUT_OF_RANGE, "no valid position for " + tp
                            + " and " + ConsumerConfig.AUTO_OFFSET_RESET + " is none: seek first"));
                    continue;
                }
                long spec = st.resetStrategy() == OffsetResetStrategy.EARLIEST
                        ? ListOffsetsRequest.EARLIEST_TIMESTAMP : ListOffsetsRequest.LATEST_TIMESTAMP;
                resets.computeIfAbsent(st.resetStrategy(), k -> new HashMap<>()).put(tp, spec);
                continue;
            }
            if (st.state() != PartitionFetchState.State.FETCHABLE || st.fetchInFlight()) {
                continue;
            }
            long fetchOffset = nextFetchOffset(tp, st);
            if (fetchOffset < 0) {
                continue;
            }
            int leader = network.metadata().leader(tp);
            if (leader == Metadata.NO_NODE) {
                leaderMissing = true;
                continue;
            }
            if (nodesInFlight.contains(leader)) {
                continue;
            }
            fetches.computeIfAbsent(leader, k -> new LinkedHashMap<>())
                    .computeIfAbsent(tp.topic(), k -> new ArrayList<>())
                    .add(new FetchRequest.PartitionData(tp.partition(), network.metadata().leaderEpoch(tp),
                            fetchOffset, config.getMaxPartitionFetchBytes()));
            generations.computeIfAbsent(leader, k -> new HashMap<>()).put(tp, new Sent(st.generation(), fetchOffset));
        }
        if (leaderMissing) {
            network.requestMetadataRefresh();
            nextWake = Math.min(nextWake, now + Math.max(1, network.config().retryBackoffMs()));
        }
        resets.values().forEach(this::reset);
        fetches.forEach((node, topics) -> fetch(node, topics, generations.get(node)));
        if (failedHere) {
            onData.run();
        }
        if (nextWake != Long.MAX_VALUE) {
            scheduleWake(Math.max(1, nextWake - now));
        }
    }

    /**
     * Where the next Fetch of {@code tp} starts: its position when nothing is buffered, the end of
     * the newest buffered response when one may be fetched ahead of it, else -1 (buffer full, or
     * a corruption waits to be raised).
     */
    private long nextFetchOffset(TopicPartition tp, PartitionFetchState st) {
        CompletedFetch newest = newestBuffered.get(tp);
        if (newest == null) {
            return st.position();
        }
        if (bufferedCount.get(tp) >= MAX_BUFFERED_PER_PARTITION || newest.endError() != null) {
            return -1;
        }
        return Math.max(newest.endOffset(), st.position());
    }

    private void scheduleWake(long delayMs) {
        if (wakeTimer >= 0) {
            return;
        }
        wakeTimer = network.context().setTimer(delayMs, id -> {
            wakeTimer = -1;
            run();
        });
    }

    private void reset(Map<TopicPartition, Long> specs) {
        Map<TopicPartition, Integer> generations = new HashMap<>();
        specs.keySet().forEach(tp -> {
            partitions.get(tp).transitionToResetting();
            generations.put(tp, partitions.get(tp).generation());
        });
        long deadline = network.nowMs() + config.getDefaultApiTimeoutMs();
        // one lookup per known leader, and one per partition whose leader is unknown: a lookup waits until it has
        // every partition's answer, so an offline partition must not hold back the others' positions
        Map<Integer, Map<TopicPartition, Long>> byLeader = new HashMap<>();
        int unknown = -1;
        for (Map.Entry<TopicPartition, Long> e : specs.entrySet()) {
            int leader = network.metadata().leader(e.getKey());
            byLeader.computeIfAbsent(leader == Metadata.NO_NODE ? --unknown : leader, k -> new HashMap<>())
                    .put(e.getKey(), e.getValue());
        }
        byLeader.values().forEach(group -> reset(group, generations, deadline));
    }

    private void reset(Map<TopicPartition, Long> specs, Map<TopicPartition, Integer> generations, long deadline) {
        OffsetLookup.lookup(network, specs, deadline, config.getIsolationLevel().id()).onComplete(ar -> {
            for (TopicPartition tp : specs.keySet()) {
                PartitionFetchState st = partitions.get(tp);
                if (st == null || st.generation() != generations.get(tp)
                        || st.state() != PartitionFetchState.State.RESETTING) {
                    continue; // unassigned or sought meanwhile
                }
                if (ar.succeeded()) {
                    st.transitionToFetchable(ar.result().get(tp).offset());
                } else if (NetworkClient.isRetriable(ar.cause())) {
                    st.transitionToAwaitingReset(st.resetStrategy(), false);
                    st.backoffUntil(network.nowMs() + network.config().retryBackoffMs());
                } else {
                    fail(st, NetworkClient.asSpate(ar.cause()));
                }
            }
            onData.run();
            wakeup();
        });
    }

    private void fetch(int node, Map<String, List<FetchRequest.PartitionData>> topics,
                       Map<TopicPartition, Sent> generations) {
        List<FetchRequest.TopicData> data = new ArrayList<>();
        topics.forEach((t, parts) -> data.add(new FetchRequest.TopicData(t, parts)));
        FetchRequest request = new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, config.getFetchMaxWaitMs(),
                config.getFetchMinBytes(), config.getFetchMaxBytes(), data, config.getIsolationLevel().id());
        nodesInFlight.add(node);
        generations.keySet().forEach(tp -> partitions.get(tp).fetchInFlight(true));
        boolean checkCrcs = config.isCheckCrcs();
        // a long poll may legitimately take max_wait_ms longer than an ordinary request
        long timeout = (long) config.getRequestTimeoutMs() + config.getFetchMaxWaitMs();
        // the answer comes in the request's version: read_committed's version 1 lists the aborted transactions
        short version = request.version();
        network.send(node, ApiKey.FETCH, request, frame -> FetchedPartition.read(frame, checkCrcs, version), timeout)
                .onComplete(ar -> onFetched(node, generations, ar));
    }

    private void onFetched(int node, Map<TopicPartition, Sent> generations,
                           AsyncResult<Map<TopicPartition, FetchedPartition>> ar) {
        nodesInFlight.remove(node);
        long now = network.nowMs();
        for (Map.Entry<TopicPartition, Sent> e : generations.entrySet()) {
            TopicPartition tp = e.getKey();
            PartitionFetchState st = partitions.get(tp);
            if (st == null) {
                continue;
            }
            st.fetchInFlight(false);
            Sent sent = e.getValue();
            if (st.generation() != sent.generation() || st.state() != PartitionFetchState.State.FETCHABLE
                    || sent.offset() != nextFetchOffsetIgnoringLimit(tp, st)) {
                continue; // sought or reset meanwhile: the answer is about a position no longer wanted
            }
            if (sent.offset() != st.position() && (ar.failed() || ar.result().get(tp) == null
                    || ar.result().get(tp).error() != ErrorCode.NONE)) {
                // a fetch ahead failed: the buffered records come first; retry after them, from the position
                st.backoffUntil(now + network.config().retryBackoffMs());
                continue;
            }
            if (ar.failed()) {
                if (NetworkClient.isRetriable(ar.cause()) || closed) {
                    st.backoffUntil(now + network.config().retryBackoffMs());
                } else {
                    fail(st, NetworkClient.asSpate(ar.cause()));
                }
                continue;
            }
            FetchedPartition fp = ar.result().get(tp);
            if (fp != null) {
                handlePartition(tp, st, fp, now);
            }
        }
        if (ar.failed() && NetworkClient.isMetadataError(NetworkClient.errorOf(ar.cause()))) {
            network.requestMetadataRefresh();
        }
        onData.run();
        wakeup();
    }

    /** The offset a Fetch sent now would start at, whatever the buffer limit (-1 after a corruption). */
    private long nextFetchOffsetIgnoringLimit(TopicPartition tp, PartitionFetchState st) {
        CompletedFetch newest = newestBuffered.get(tp);
        if (newest == null) {
            return st.position();
        }
        return newest.endError() != null ? -1 : Math.max(newest.endOffset(), st.position());
    }

    private void handlePartition(TopicPartition tp, PartitionFetchState st, FetchedPartition fp, long now) {
        switch (fp.error()) {
            case NONE -> {
                st.fetchError(null);
                st.highWatermark(fp.highWatermark());
                if (!fp.batches().isEmpty() || fp.corruption() != null) {
                    CompletedFetch cf = new CompletedFetch(tp, st, st.generation(), fp.batches(), fp.corruption(),
                            AbortedTransactions.of(fp.abortedTransactions()));
                    buffer.addLast(cf);
                    newestBuffered.put(tp, cf);
                    bufferedCount.merge(tp, 1, Integer::sum);
                } else if (fp.partialOnly()) {
                    // the node owes us the whole first batch; do not spin on a truncated answer
                    st.backoffUntil(now + network.config().retryBackoffMs());
                }
            }
            case OFFSET_OUT_OF_RANGE -> {
                OffsetResetStrategy strategy = config.getAutoOffsetReset();
                if (strategy == OffsetResetStrategy.NONE) {
                    fail(st, new SpateException(ErrorCode.OFFSET_OUT_OF_RANGE, tp + " at offset " + st.position()
                            + ", valid range [" + fp.logStartOffset() + ", " + fp.highWatermark() + "]"));
                } else {
                    st.transitionToAwaitingReset(strategy, false);
                }
            }
            case NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, FENCED_LEADER_EPOCH,
                    UNKNOWN_LEADER_EPOCH, KAFKA_STORAGE_ERROR, REQUEST_TIMED_OUT, NOT_ENOUGH_REPLICAS -> {
                // retried after a backoff, as Kafka's consumer does; kept for whoever wants to know why no records come
                st.fetchError(new SpateException(fp.error(), fp.errorMessage() == null ? tp.toString()
                        : tp + ": " + fp.errorMessage()));
                network.metadata().invalidateLeader(tp);
                network.requestMetadataRefresh();
                st.backoffUntil(now + network.config().retryBackoffMs());
            }
            default -> fail(st, new SpateException(fp.error(), fp.errorMessage() == null ? tp.toString()
                    : tp + ": " + fp.errorMessage()));
        }
    }

    private void fail(PartitionFetchState st, SpateException error) {
        st.transitionToFailed(error);
        errors.addLast(new PartitionError(st, error));
    }

    /** The next record to hand out, moving its partition's position; null when none is buffered. */
    ConsumerRecord nextRecord() {
        while (!buffer.isEmpty()) {
            CompletedFetch cf = buffer.peekFirst();
            PartitionFetchState st = cf.state;
            // the map lookup once per response, not per record: a partition leaves the map only
            // through discard(), which forgets the checked head
            if (cf != checkedHead) {
                if (partitions.get(cf.tp) != st) {
                    drop(cf);
                    continue;
                }
                checkedHead = cf;
            }
            if (st.generation() != cf.generation || st.state() != PartitionFetchState.State.FETCHABLE) {
                drop(cf);
                continue;
            }
            ConsumerRecord r = cf.next(st);
            if (r != null) {
                return r;
            }
            drop(cf);
            if (cf.endError() != null) {
                fail(st, cf.endError());
            }
            wakeup(); // the partition has room in its buffer again: fetch it
        }
        return null;
    }

    private void drop(CompletedFetch cf) {
        buffer.pollFirst();
        checkedHead = null;
        if (bufferedCount.merge(cf.tp, -1, Integer::sum) <= 0) {
            bufferedCount.remove(cf.tp);
            newestBuffered.remove(cf.tp);
        }
    }

    /** Forgets what is buffered for {@code tp} (after a seek or unassign). */
    void discard(TopicPartition tp) {
        buffer.removeIf(cf -> cf.tp.equals(tp));
        checkedHead = null;
        bufferedCount.remove(tp);
        newestBuffered.remove(tp);
        // a seek (or unassign) made a pending "no position" or out-of-range error moot
        PartitionFetchState st = partitions.get(tp);
        errors.removeIf(e -> e.state() != null && (e.state() == st || !partitions.containsValue(e.state())));
    }

    /** Queues an error of no partition (the group's, e.g. a fenced static member), raised like theirs. */
    public void reportError(RuntimeException error) {
        errors.addLast(new PartitionError(null, error));
    }

    /** The oldest error not yet reported to the application, or null. */
    RuntimeException takeError() {
        PartitionError e = errors.pollFirst();
        return e == null ? null : e.error();
    }

    boolean hasBufferedRecordsOrErrors() {
        return !buffer.isEmpty() || !errors.isEmpty();
    }
}
