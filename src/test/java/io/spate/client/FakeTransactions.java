package io.spate.client;

import io.spate.protocol.AddOffsetsToTxnRequest;
import io.spate.protocol.AddPartitionsToTxnRequest;
import io.spate.protocol.AddPartitionsToTxnResponse;
import io.spate.protocol.ApiKey;
import io.spate.protocol.EndTxnRequest;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FindCoordinatorRequest;
import io.spate.protocol.FindCoordinatorResponse;
import io.spate.protocol.InitProducerIdRequest;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TopicPartitions;
import io.spate.protocol.TxnErrorResponse;
import io.spate.protocol.TxnOffsetCommitRequest;
import io.spate.protocol.TxnOffsetCommitResponse;
import io.spate.record.RecordBatch;
import io.spate.record.RecordBatchBuilder;
import io.spate.record.CompressionType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transaction coordinator (and group coordinator) for client tests, installed on a
 * {@link FakeBroker}: FindCoordinator names this node for both key types; InitProducerId with a
 * transactional id gives the id's producer id (the same one on every call) with the next epoch,
 * which fences older producers (aborting their open transaction); AddPartitionsToTxn,
 * AddOffsetsToTxn and TxnOffsetCommit check producer id and epoch (PRODUCER_FENCED); EndTxn writes
 * a COMMIT or ABORT control batch to each added partition and answers. Produce refuses a
 * transactional batch for a partition not added to its producer's open transaction
 * (INVALID_TXN_STATE), as a real broker with transaction verification would. Tests read
 * {@link #events} to see the order things happened in, and {@link #committedOffsets}.
 */
public final class FakeTransactions {
    private final FakeBroker broker;
    /** What happened, in order: "add t-0", "produce t-0", "end commit", "offsets g". */
    public final List<String> events = new CopyOnWriteArrayList<>();
    /** Offsets committed by committed transactions, per group. */
    final Map<String, Map<TopicPartition, Long>> committedOffsets = new HashMap<>();
    private final Map<String, Txn> txns = new HashMap<>();
    private long nextProducerId = 5000;

    private static final class Txn {
        long producerId;
        short epoch = -1;
        final Set<TopicPartition> partitions = new LinkedHashSet<>();
        final Map<String, Map<TopicPartition, Long>> offsets = new HashMap<>();
    }

    private FakeTransactions(FakeBroker broker) {
        this.broker = broker;
    }

    public static FakeTransactions install(FakeBroker broker) {
        FakeTransactions t = new FakeTransactions(broker);
        broker.on(ApiKey.FIND_COORDINATOR, t::findCoordinator);
        broker.on(ApiKey.INIT_PRODUCER_ID, t::initProducerId);
        broker.on(ApiKey.ADD_PARTITIONS_TO_TXN, t::addPartitions);
        broker.on(ApiKey.ADD_OFFSETS_TO_TXN, t::addOffsets);
        broker.on(ApiKey.TXN_OFFSET_COMMIT, t::txnOffsetCommit);
        broker.on(ApiKey.END_TXN, t::endTxn);
        broker.on(ApiKey.PRODUCE, t::produce);
        return t;
    }

    void findCoordinator(FakeBroker.Request r) {
        FindCoordinatorRequest.readFrom(r.body.duplicate());
        r.respond(FindCoordinatorResponse.coordinator(broker.nodeId, "127.0.0.1", broker.port()));
    }

    synchronized void initProducerId(FakeBroker.Request r) {
        InitProducerIdRequest req = InitProducerIdRequest.readFrom(r.body.duplicate());
        Txn t = txns.computeIfAbsent(req.transactionalId(), k -> {
            Txn n = new Txn();
            n.producerId = nextProducerId++;
            return n;
        });
        if (req.producerId() >= 0 && (req.producerId() != t.producerId || req.producerEpoch() != t.epoch)) {
            r.respond(InitProducerIdResponse.failed(ErrorCode.PRODUCER_FENCED, "epoch " + req.producerEpoch() + " is old"));
            return;
        }
        if (!t.partitions.isEmpty() || !t.offsets.isEmpty()) {
            writeMarkers(t, false); // a new epoch aborts the open transaction of the old one
            events.add("end abort (epoch bump)");
        }
        t.epoch++;
        events.add("init " + req.transactionalId() + " epoch " + t.epoch);
        r.respond(new InitProducerIdResponse(ErrorCode.NONE, null, t.producerId, t.epoch));
    }

    /** The transaction of the request's producer, or null when it is fenced. */
    private Txn check(String transactionalId, long producerId, short epoch) {
        Txn t = txns.get(transactionalId);
        return t != null && t.producerId == producerId && t.epoch == epoch ? t : null;
    }

    synchronized void addPartitions(FakeBroker.Request r) {
        AddPartitionsToTxnRequest req = AddPartitionsToTxnRequest.readFrom(r.body.duplicate());
        Txn t = check(req.transactionalId(), req.producerId(), req.producerEpoch());
        ErrorCode error = t == null ? ErrorCode.PRODUCER_FENCED : ErrorCode.NONE;
        List<PartitionErrors> out = new ArrayList<>();
        for (TopicPartitions tps : req.topics()) {
            for (int p : tps.partitions()) {
                if (t != null) {
                    t.partitions.add(new TopicPartition(tps.name(), p));
                }
            }
            events.add("add " + tps.name() + tps.partitions());
            out.add(PartitionErrors.all(tps, error));
        }
        r.respond(new AddPartitionsToTxnResponse(out));
    }

    synchronized void addOffsets(FakeBroker.Request r) {
        AddOffsetsToTxnRequest req = AddOffsetsToTxnRequest.readFrom(r.body.duplicate());
        Txn t = check(req.transactionalId(), req.producerId(), req.producerEpoch());
        if (t != null) {
            t.offsets.computeIfAbsent(req.groupId(), k -> new HashMap<>());
        }
        events.add("add offsets " + req.groupId());
        r.respond(t == null ? new TxnErrorResponse(ErrorCode.PRODUCER_FENCED, null) : TxnErrorResponse.OK);
    }

    synchronized void txnOffsetCommit(FakeBroker.Request r) {
        TxnOffsetCommitRequest req = TxnOffsetCommitRequest.readFrom(r.body.duplicate());
        Txn t = check(req.transactionalId(), req.producerId(), req.producerEpoch());
        ErrorCode error = t == null ? ErrorCode.PRODUCER_FENCED
                : !t.offsets.containsKey(req.groupId()) ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
        List<PartitionErrors> out = new ArrayList<>();
        req.topics().forEach(topic -> {
            List<PartitionErrors.PartitionError> parts = new ArrayList<>();
            topic.partitions().forEach(p -> {
                parts.add(new PartitionErrors.PartitionError(p.partition(), error));
                if (error == ErrorCode.NONE) {
                    t.offsets.get(req.groupId()).put(new TopicPartition(topic.name(), p.partition()), p.committedOffset());
                }
            });
            out.add(new PartitionErrors(topic.name(), parts));
        });
        events.add("offsets " + req.groupId() + " generation " + req.generationId() + " member " + req.memberId());
        r.respond(new TxnOffsetCommitResponse(out));
    }

    synchronized void endTxn(FakeBroker.Request r) {
        EndTxnRequest req = EndTxnRequest.readFrom(r.body.duplicate());
        Txn t = check(req.transactionalId(), req.producerId(), req.producerEpoch());
        if (t == null) {
            r.respond(new TxnErrorResponse(ErrorCode.PRODUCER_FENCED, null));
            return;
        }
        if (t.partitions.isEmpty() && t.offsets.isEmpty()) {
            r.respond(new TxnErrorResponse(ErrorCode.INVALID_TXN_STATE, "no transaction is open"));
            return;
        }
        writeMarkers(t, req.committed());
        events.add("end " + (req.committed() ? "commit" : "abort"));
        r.respond(TxnErrorResponse.OK);
    }

    private void writeMarkers(Txn t, boolean commit) {
        for (TopicPartition tp : t.partitions) {
            broker.append(tp, marker(t.producerId, t.epoch, commit, 0));
        }
        if (commit) {
            t.offsets.forEach((g, offsets) -> committedOffsets.computeIfAbsent(g, k -> new HashMap<>()).putAll(offsets));
        }
        t.partitions.clear();
        t.offsets.clear();
    }

    /** A control batch: CONTROL|TRANSACTIONAL, base sequence -1, one record (key: version, type; value: version, coordinator epoch). */
    public static ByteBuffer marker(long producerId, short epoch, boolean commit, int coordinatorEpoch) {
        RecordBatchBuilder b = new RecordBatchBuilder(CompressionType.NONE, 128);
        b.setTransactional(true);
        b.setControl(true);
        b.setProducerState(producerId, epoch, RecordBatch.NO_SEQUENCE);
        byte[] key = ByteBuffer.allocate(4).putShort((short) 0).putShort((short) (commit ? 1 : 0)).array();
        byte[] value = ByteBuffer.allocate(6).putShort((short) 0).putInt(coordinatorEpoch).array();
        b.append(System.currentTimeMillis(), key, value, List.of());
        return b.build();
    }

    /** Produce: a transactional batch needs its partition added to its producer's transaction. */
    void produce(FakeBroker.Request r) {
        ProduceRequest req = ProduceRequest.readFrom(r.body.duplicate());
        List<ProduceResponse.TopicResponse> topicsOut = new ArrayList<>();
        for (ProduceRequest.TopicData t : req.topics()) {
            List<ProduceResponse.PartitionResponse> parts = new ArrayList<>();
            for (ProduceRequest.PartitionData p : t.partitions()) {
                TopicPartition tp = new TopicPartition(t.name(), p.partition());
                ByteBuffer bytes = p.records().nioBuffer();
                RecordBatch first = RecordBatch.batches(bytes.duplicate()).iterator().next();
                events.add("produce " + tp + (first.isTransactional() ? " txn" : ""));
                if (first.isTransactional() && !inTransaction(first.producerId(), tp)) {
                    parts.add(new ProduceResponse.PartitionResponse(tp.partition(), ErrorCode.INVALID_TXN_STATE,
                            tp + " is not in the producer's transaction", -1, -1, 0));
                } else {
                    parts.add(broker.appendPartition(tp, bytes));
                }
            }
            topicsOut.add(new ProduceResponse.TopicResponse(t.name(), parts));
        }
        r.respond(new ProduceResponse(topicsOut));
    }

    private synchronized boolean inTransaction(long producerId, TopicPartition tp) {
        return txns.values().stream().anyMatch(t -> t.producerId == producerId && t.partitions.contains(tp));
    }
}
