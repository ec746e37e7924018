package io.spate.broker.core;

import io.spate.cluster.TopicState;
import io.spate.common.Time;
import io.spate.txn.ProducerIdAndEpoch;
import io.spate.txn.ProducerIdManager;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.record.BatchValidator;
import io.spate.record.InvalidBatchException;
import io.spate.replication.OffsetForLeaderEpochHandler;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The node's request logic, free of any wire protocol: it takes and returns domain values
 * (topic-partitions, batch buffers, offsets, error codes). A listener's codec adapts its protocol
 * to these calls, so a second protocol needs no change here.
 *
 * <p>May be called from any context; every partition operation hops to the partition's owner.
 */
public final class Broker {
    private final boolean autoCreateTopics;
    private final OffsetForLeaderEpochHandler leaderEpochEnds;
    private final TopicManager topics;
    private final TopicAdmin admin;
    private final TopicDirectory directory;
    private final Time time;
    private final ProducerIdManager producerIds;
    private final TxnMarkers txnMarkers;

    /**
     * @param autoCreateTopics {@code auto.create.topics.enable}: a metadata request may create the topics it names
     * @param time             the clock fetches wait on
     * @param producerIds      where InitProducerId takes new producer ids from
     */
    private volatile Runnable transactionStateMissing = () -> { };

    public Broker(boolean autoCreateTopics, TopicManager topics, TopicAdmin admin, TopicDirectory directory, Time time,
                  ProducerIdManager producerIds) {
        this.autoCreateTopics = autoCreateTopics;
        this.leaderEpochEnds = new OffsetForLeaderEpochHandler((t, p) -> {
            PartitionWriter w = writer(new TopicPartition(t, p));
            return w == null ? null : w.log();
        }, (t, p) -> {
            PartitionWriter w = writer(new TopicPartition(t, p));
            return w == null ? OffsetForLeaderEpochHandler.NOT_LEADER : w.leaderEpochIfLeading();
        });
        this.topics = topics;
        this.admin = admin;
        this.directory = directory;
        this.time = time;
        this.producerIds = producerIds;
        this.txnMarkers = new TxnMarkers(this::writer);
    }

    /**
     * InitProducerId for a producer without a transactional id: a producer id no producer had before,
     * at epoch 0 (as Kafka: an idempotent producer that needs a fresh start asks for a new id; it bumps
     * its epoch by itself otherwise). Fails with COORDINATOR_LOAD_IN_PROGRESS (retriable) while no
     * block of ids can be claimed (a cluster node cut off from the metadata quorum), and with
     * INVALID_REQUEST for a transactional id: transactions are not served yet.
     */
    public Future<ProducerIdAndEpoch> initProducerId(String transactionalId) {
        if (transactionalId != null) {
            return Future.failedFuture(ErrorCode.INVALID_REQUEST.exception("transactional.id '" + transactionalId
                    + "': this node does not serve transactions yet (only idempotent producers)"));
        }
        return producerIds.nextProducerId().map(id -> new ProducerIdAndEpoch(id, (short) 0)).recover(err ->
                Future.failedFuture(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS.exception("no producer id block could be "
                        + "claimed (retry): " + err.getMessage())));
    }

    public TopicManager topics() {
        return topics;
    }

    /** Topic changes: applied to this node's logs, or to the cluster's metadata. */
    public TopicAdmin admin() {
        return admin;
    }

    /** Which topics exist and who leads their partitions. */
    public TopicDirectory directory() {
        return directory;
    }

    /**
     * Validates and appends each partition's batches. A partition whose data fails validation gets
     * its error and nothing of it is appended; the others are unaffected. The buffers must stay
     * readable until the Future completes.
     */
    public Future<Map<TopicPartition, AppendResult>> produce(Map<TopicPartition, ByteBuffer> data, short acks) {
        return produce(data, acks, 0);
    }

    /**
     * As {@link #produce(Map, short)}; an {@code acks=all} partition not committed within
     * {@code timeoutMs} (> 0) is answered REQUEST_TIMED_OUT (its records may still be committed later,
     * as in Kafka).
     */
    public Future<Map<TopicPartition, AppendResult>> produce(Map<TopicPartition, ByteBuffer> data, short acks, int timeoutMs) {
        Map<TopicPartition, Future<AppendResult>> pending = new LinkedHashMap<>();
        data.forEach((tp, batches) -> {
            Future<AppendResult> f = appendOne(tp, batches, acks);
            pending.put(tp, acks != -1 || timeoutMs <= 0 ? f : f.timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .recover(err -> err instanceof java.util.concurrent.TimeoutException
                            ? Future.succeededFuture(AppendResult.failed(ErrorCode.REQUEST_TIMED_OUT, tp
                            + " was not committed by the in-sync replicas within " + timeoutMs + " ms"))
                            : Future.failedFuture(err)));
        });
        return collect(pending, err -> AppendResult.failed(ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(err)));
    }

    private Future<AppendResult> appendOne(TopicPartition tp, ByteBuffer batches, short acks) {
        PartitionWriter w = writer(tp);
        if (w == null) {
            return Future.succeededFuture(AppendResult.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                    "topic-partition " + tp + " does not exist"));
        }
        if (TopicNames.isInternal(tp.topic())) {
            return Future.succeededFuture(AppendResult.failed(ErrorCode.INVALID_TOPIC_EXCEPTION,
                    "topic '" + tp.topic() + "' is internal: only the node writes to it"));
        }
        try {
            // validated on the caller's context: CRC work spreads over the connections' event loops
            BatchValidator.validate(batches, w.config().maxMessageBytes());
        } catch (InvalidBatchException e) {
            ErrorCode code = switch (e.reason()) {
                case CORRUPT -> ErrorCode.CORRUPT_MESSAGE;
                case INVALID_RECORD -> ErrorCode.INVALID_RECORD;
                case TOO_LARGE -> ErrorCode.MESSAGE_TOO_LARGE;
            };
            return Future.succeededFuture(AppendResult.failed(code, tp + ": " + e.getMessage()));
        }
        return w.append(batches, acks);
    }

    /**
     * A fetch with long-poll; see {@link DelayedFetch}. Result buffers belong to the caller.
     *
     * @param abandoned completes when the asker left (its connection closed): a waiting fetch is dropped
     */
    public Future<Map<TopicPartition, PartitionRead>> fetch(LoopContext context, Map<TopicPartition, FetchPosition> positions,
                                                             int minBytes, int maxBytes, long maxWaitMs, int replicaId,
                                                             Future<?> abandoned) {
        return fetch(context, positions, minBytes, maxBytes, maxWaitMs, replicaId, false, abandoned);
    }

    /**
     * As above; {@code readCommitted} (a consumer's read_committed) reads up to the last stable offset and
     * answers the aborted transactions of what it returns.
     */
    public Future<Map<TopicPartition, PartitionRead>> fetch(LoopContext context, Map<TopicPartition, FetchPosition> positions,
                                                             int minBytes, int maxBytes, long maxWaitMs, int replicaId,
                                                             boolean readCommitted, Future<?> abandoned) {
        return DelayedFetch.run(context, topics, positions, minBytes, maxBytes, maxWaitMs, replicaId, readCommitted, time,
                abandoned);
    }

    /** Transaction markers (WriteTxnMarkers) and DescribeProducers, on this node's partition leaders. */
    public TxnMarkers txnMarkers() {
        return txnMarkers;
    }

    /** {@code listener} is told of every transaction marker committed on a partition this node leads. */
    public void addTxnMarkerListener(TxnMarkerListener listener) {
        txnMarkers.addListener(listener);
    }

    /**
     * What this node does when a transactional id's coordinator is looked for before
     * {@code __transaction_state} exists: create it, as Kafka does on first use (the asker is told
     * COORDINATOR_NOT_AVAILABLE meanwhile and retries). Nothing by default.
     */
    public void onTransactionStateMissing(Runnable create) {
        this.transactionStateMissing = create;
    }

    /**
     * The coordinator of group {@code key} ({@code group}) or of transactional id {@code key}: the
     * leader of the key's partition of {@code __consumer_offsets} / {@code __transaction_state},
     * Kafka's {@code Utils.abs(key.hashCode()) % partitions}. COORDINATOR_NOT_AVAILABLE while this node
     * is fenced from the metadata quorum or the topic does not exist yet; {@code __transaction_state}
     * is created by the first such look-up (see {@link #onTransactionStateMissing}), as in Kafka.
     */
    public CoordinatorLeader coordinatorLeader(boolean group, String key) {
        String topic = group ? TopicNames.CONSUMER_OFFSETS : TopicNames.TRANSACTION_STATE;
        if (!directory.vouchesForLeaders()) {
            return CoordinatorLeader.unavailable(topic,
                    "this node is fenced from the metadata quorum: it cannot tell who leads " + topic);
        }
        TopicState state = directory.topic(topic);
        if (state == null || state.partitions().isEmpty()) {
            if (!group) {
                transactionStateMissing.run();
            }
            return CoordinatorLeader.unavailable(topic, topic + " does not exist yet");
        }
        int partition = (key.hashCode() & 0x7fffffff) % state.partitions().size();
        return new CoordinatorLeader(ErrorCode.NONE, null, topic, partition, state.partitions().get(partition).leader());
    }

    /**
     * Where each asked leader epoch ends in this node's logs (a follower finding its divergence
     * point); only a partition this node leads answers. The listener decodes the request and
     * encodes the answer.
     */
    public OffsetForLeaderEpochHandler leaderEpochEnds() {
        return leaderEpochEnds;
    }

    /** The offset for each timestamp spec (-2 earliest, -1 latest, else by time). */
    public Future<Map<TopicPartition, ListedOffset>> listOffsets(Map<TopicPartition, Long> specs) {
        return listOffsets(specs, false);
    }

    /** As above; {@code readCommitted}: latest is the last stable offset, a time finds offsets below it only. */
    public Future<Map<TopicPartition, ListedOffset>> listOffsets(Map<TopicPartition, Long> specs, boolean readCommitted) {
        Map<TopicPartition, Future<ListedOffset>> pending = new LinkedHashMap<>();
        specs.forEach((tp, ts) -> {
            PartitionWriter w = writer(tp);
            pending.put(tp, w == null
                    ? Future.succeededFuture(ListedOffset.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic-partition " + tp + " does not exist"))
                    : w.offsetFor(ts, readCommitted).map(found -> new ListedOffset(ErrorCode.NONE, null, found.timestamp(),
                            found.offset())));
        });
        return collect(pending, err -> ListedOffset.failed(ErrorCode.UNKNOWN_SERVER_ERROR, String.valueOf(err)));
    }

    /**
     * The topics a metadata request asks for ({@code null} = all). With auto-create on, unknown
     * but legal names are created first with the node defaults.
     */
    public Future<List<TopicView>> metadata(List<String> names, boolean allowAutoCreate) {
        if (names == null) {
            return Future.succeededFuture(directory.topicNames().stream().map(directory::topic)
                    .filter(java.util.Objects::nonNull).map(TopicView::of).toList());
        }
        List<TopicCreation> toCreate = new ArrayList<>();
        if (allowAutoCreate && autoCreateTopics) {
            for (String n : names) {
                if (directory.topic(n) == null && TopicNames.invalidReason(n) == null) {
                    toCreate.add(new TopicCreation(n, -1, -1, Map.of()));
                }
            }
        }
        Future<?> created = toCreate.isEmpty() ? Future.succeededFuture() : admin.createTopics(toCreate, false);
        return created.map(ignored -> names.stream().map(n -> {
            TopicState t = directory.topic(n);
            if (t != null) {
                return TopicView.of(t);
            }
            String invalid = TopicNames.invalidReason(n);
            return invalid != null ? TopicView.failed(n, ErrorCode.INVALID_TOPIC_EXCEPTION)
                    : TopicView.failed(n, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }).toList());
    }

    /** DeleteRecords' offset that means "up to the high watermark". */
    public static final long DELETE_UP_TO_HIGH_WATERMARK = -1L;

    /**
     * DeleteRecords: moves each partition's log start offset up to its offset ({@link
     * #DELETE_UP_TO_HIGH_WATERMARK}: the high watermark) on this node, its leader, durably (the checkpoint
     * is written first), then answers once the partition's low watermark — the smallest log start over
     * the leader and its followers on live nodes, which take the leader's from their fetches and report
     * theirs in the next — has reached the offset (Kafka's DelayedDeleteRecords; at once on a single node),
     * so that no live replica still holds the deleted records. Records below are gone for readers at once
     * and their whole segments at retention's next pass. The low watermark answered is that smallest log
     * start. A partition still waiting after {@code timeoutMs} is answered REQUEST_TIMED_OUT, nothing
     * undone (see {@link RecordDeletions}). An offset at or below the log start changes nothing. Per
     * partition, as Kafka: UNKNOWN_TOPIC_OR_PARTITION, NOT_LEADER_OR_FOLLOWER on a node that does not
     * lead it (or stops leading it while waiting), POLICY_VIOLATION on a topic whose cleanup.policy lacks
     * delete, OFFSET_OUT_OF_RANGE for an offset above the high watermark or negative; KAFKA_STORAGE_ERROR
     * (retriable, nothing changed) if the checkpoint cannot be written.
     *
     * @param timeoutMs the request's timeout_ms: how long a partition may wait for its followers
     */
    public Future<Map<TopicPartition, DeletedRecords>> deleteRecords(Map<TopicPartition, Long> offsets, long timeoutMs) {
        Map<TopicPartition, Future<DeletedRecords>> pending = new LinkedHashMap<>();
        IntPredicate live = nodeId -> directory.liveNode(nodeId) != null;
        offsets.forEach((tp, offset) -> {
            PartitionWriter w = writer(tp);
            TopicState t = directory.topic(tp.topic());
            if (w == null) {
                boolean exists = t != null && tp.partition() >= 0 && tp.partition() < t.partitions().size();
                pending.put(tp, Future.succeededFuture(exists
                        ? DeletedRecords.failed(ErrorCode.NOT_LEADER_OR_FOLLOWER, tp + " is not led by this node")
                        : DeletedRecords.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, tp + " does not exist")));
                return;
            }
            pending.put(tp, w.deleteRecords(offset, timeoutMs, live));
        });
        return collect(pending, err -> err instanceof io.spate.protocol.SpateException e
                ? DeletedRecords.failed(e.error(), e.getMessage())
                : DeletedRecords.failed(ErrorCode.KAFKA_STORAGE_ERROR, String.valueOf(err.getMessage())));
    }

    /** Per-partition log state of the named topics ({@code null} = all). */
    public Future<Map<String, TopicLogState>> describeLogs(List<String> names) {
        List<String> wanted = names != null ? names : topics.topics().stream().map(Topic::name).sorted().toList();
        Map<String, Future<TopicLogState>> pending = new LinkedHashMap<>();
        for (String n : wanted) {
            Topic t = topics.topic(n);
            if (t == null) {
                pending.put(n, Future.succeededFuture(TopicLogState.failed(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
                        "topic '" + n + "' does not exist")));
                continue;
            }
            // the partitions held here; one closed meanwhile (moved away, deleted) is left out
            List<Future<PartitionLogState>> parts = t.hosted().stream().map(PartitionWriter::describe).toList();
            pending.put(n, Future.join(parts).transform(ignored -> Future.succeededFuture(new TopicLogState(ErrorCode.NONE,
                    null, parts.stream().filter(Future::succeeded).map(Future::result).toList()))));
        }
        return collect(pending, err -> TopicLogState.failed(ErrorCode.KAFKA_STORAGE_ERROR, String.valueOf(err)));
    }

    /**
     * Waits for every Future and maps each key to its result, or to {@code onFailure} of its
     * cause: one failed partition never fails the whole request. Keeps the keys' order.
     */
    static <K, V> Future<Map<K, V>> collect(Map<K, Future<V>> pending, Function<Throwable, V> onFailure) {
        return Future.join(new ArrayList<>(pending.values())).transform(ignored -> {
            Map<K, V> out = new LinkedHashMap<>();
            pending.forEach((k, f) -> out.put(k, f.succeeded() ? f.result() : onFailure.apply(f.cause())));
            return Future.succeededFuture(out);
        });
    }

    private PartitionWriter writer(TopicPartition tp) {
        Topic t = topics.topic(tp.topic());
        return t == null ? null : t.partition(tp.partition());
    }
}
