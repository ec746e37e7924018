package io.spate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.AddPartitionsToTxnRequest;
import io.spate.protocol.AddPartitionsToTxnResponse;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FindCoordinatorRequest;
import io.spate.protocol.FindCoordinatorResponse;
import io.spate.protocol.InitProducerIdRequest;
import io.spate.protocol.InitProducerIdResponse;
import io.spate.protocol.PartitionErrors;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.spate.protocol.TxnErrorResponse;
import io.spate.record.RecordBatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The transactional producer against a {@link FakeBroker} with {@link FakeTransactions}: init,
 * partitions added before their first batch (several in one request), the TRANSACTIONAL attribute,
 * commit delivering everything before EndTxn, abort, offsets in a transaction, fencing as a fatal
 * error, abortable errors, and a coordinator that moves.
 */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class TransactionalProducerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TopicPartition T0 = new TopicPartition("t", 0);
    private static final TopicPartition T1 = new TopicPartition("t", 1);
    private FakeBroker broker;
    private FakeTransactions txns;
    private final List<SpateProducer> producers = new ArrayList<>();
    private Vertx vertx;

    @BeforeEach
    void start(Vertx vertx) {
        this.vertx = vertx;
        broker = FakeBroker.start(vertx, 1).topic("t", 2);
        txns = FakeTransactions.install(broker);
    }

    @AfterEach
    void stop() {
        producers.forEach(p -> Blocking.await(p.close(Duration.ofSeconds(5)), WAIT));
    }

    private ProducerConfig config(String txnId) {
        return new ProducerConfig().setBootstrapServers(broker.address()).setTransactionalId(txnId)
                .setLingerMs(50).setSendWhenIdle(false).setRequestTimeoutMs(5_000).setDeliveryTimeoutMs(20_000)
                .setRetryBackoffMs(5).setRetryBackoffMaxMs(20).setMaxBlockMs(10_000);
    }

    private SpateProducer producer(ProducerConfig config) {
        SpateProducer p = SpateProducer.create(vertx, config);
        producers.add(p);
        return p;
    }

    private static Future<RecordMetadata> send(SpateProducer p, int partition, String value) {
        return p.send(new ProducerRecord("t", partition, null, value.getBytes(StandardCharsets.UTF_8)));
    }

    private List<RecordBatch> batches(TopicPartition tp) {
        List<RecordBatch> out = new ArrayList<>();
        for (ByteBuffer b : broker.log.getOrDefault(tp, List.of())) {
            out.add(new RecordBatch(b, 0));
        }
        return out;
    }

    /** The records of {@code tp}'s data batches (markers left out). */
    private int dataRecords(TopicPartition tp) {
        return batches(tp).stream().filter(b -> !b.isControl()).mapToInt(RecordBatch::recordCount).sum();
    }

    @Test
    void initTransactionsFindsTheTransactionCoordinatorAndSendsTheTransactionalId() {
        SpateProducer p = producer(config("tx-1").setTransactionTimeoutMs(12_345));
        Blocking.await(p.initTransactions(), WAIT);
        FindCoordinatorRequest find = FindCoordinatorRequest.readFrom(broker.requests(ApiKey.FIND_COORDINATOR).get(0).body.duplicate());
        assertEquals(FindCoordinatorRequest.KEY_TYPE_TRANSACTION, find.keyType());
        assertEquals("tx-1", find.key());
        InitProducerIdRequest init = InitProducerIdRequest.readFrom(broker.requests(ApiKey.INIT_PRODUCER_ID).get(0).body.duplicate());
        assertEquals("tx-1", init.transactionalId());
        assertEquals(12_345, init.transactionTimeoutMs());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> Blocking.await(p.initTransactions(), WAIT));
        assertTrue(twice.getMessage().contains("initTransactions() was called already"), twice.getMessage());
    }

    @Test
    void sendsOutsideATransactionFail() {
        SpateProducer p = producer(config("tx-out"));
        IllegalStateException before = assertThrows(IllegalStateException.class, () -> Blocking.await(send(p, 0, "a"), WAIT));
        assertTrue(before.getMessage().contains("initTransactions()"), before.getMessage());
        assertThrows(IllegalStateException.class, p::beginTransaction);
        Blocking.await(p.initTransactions(), WAIT);
        assertThrows(IllegalStateException.class, () -> Blocking.await(send(p, 0, "b"), WAIT));
        p.beginTransaction();
        assertThrows(IllegalStateException.class, p::beginTransaction, "one transaction at a time");
        Blocking.await(send(p, 0, "c"), WAIT);
        Blocking.await(p.commitTransaction(), WAIT);
        IllegalStateException after = assertThrows(IllegalStateException.class, () -> Blocking.await(send(p, 0, "d"), WAIT));
        assertTrue(after.getMessage().contains("beginTransaction()"), after.getMessage());
        assertEquals(1, dataRecords(T0), "only the record sent inside the transaction was written");
    }

    @Test
    void commitAddsPartitionsInOneRequestBeforeTheirBatchesAndDeliversEverythingBeforeEndTxn() {
        SpateProducer p = producer(config("tx-commit"));
        Blocking.await(p.initTransactions(), WAIT);
        p.beginTransaction();
        List<Future<RecordMetadata>> sent = List.of(send(p, 0, "a"), send(p, 1, "b"), send(p, 0, "c"));
        Blocking.await(p.commitTransaction(), WAIT);
        sent.forEach(f -> assertTrue(f.succeeded(), "every record is acknowledged when the commit completes"));
        List<String> events = List.copyOf(txns.events);
        List<String> adds = events.stream().filter(e -> e.startsWith("add ")).toList();
        assertEquals(List.of("add t[0, 1]"), adds, "both partitions in one AddPartitionsToTxn: " + events);
        int add = events.indexOf("add t[0, 1]");
        int end = events.indexOf("end commit");
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).startsWith("produce")) {
                assertTrue(i > add && i < end, "a batch goes after its partition was added and before EndTxn: " + events);
                assertTrue(events.get(i).endsWith(" txn"), "batches carry the TRANSACTIONAL attribute: " + events);
            }
        }
        for (TopicPartition tp : List.of(T0, T1)) {
            List<RecordBatch> log = batches(tp);
            RecordBatch last = log.get(log.size() - 1);
            assertTrue(last.isControl(), "a COMMIT marker ends " + tp);
            log.subList(0, log.size() - 1).forEach(b -> {
                assertTrue(b.isTransactional());
                assertTrue(b.producerId() >= 0);
            });
        }
        // the next transaction goes on with the same producer id; partitions are added again
        p.beginTransaction();
        Blocking.await(send(p, 1, "d"), WAIT);
        Blocking.await(p.commitTransaction(), WAIT);
        assertEquals(2, txns.events.stream().filter(e -> e.startsWith("add ")).count());
    }

    @Test
    void abortFailsUnsentRecordsWaitsForTheAddAndEndsWithAbort() throws Exception {
        CompletableFuture<FakeBroker.Request> held = new CompletableFuture<>();
        broker.on(ApiKey.ADD_PARTITIONS_TO_TXN, r -> {
            if (!held.complete(r)) {
                txns.addPartitions(r); // the first is held, the next ones are answered
            }
        });
        SpateProducer p = producer(config("tx-abort"));
        Blocking.await(p.initTransactions(), WAIT);
        p.beginTransaction();
        Future<RecordMetadata> r = send(p, 0, "never");
        FakeBroker.Request add = held.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        Future<Void> aborted = p.abortTransaction();
        Throwable why = assertThrows(RuntimeException.class, () -> Blocking.await(r, WAIT));
        assertInstanceOf(TransactionAbortedException.class, why);
        assertFalse(aborted.isComplete(), "the abort waits for the AddPartitionsToTxn in flight");
        txns.addPartitions(add);
        Blocking.await(aborted, WAIT);
        assertTrue(txns.events.contains("end abort"), txns.events.toString());
        assertEquals(0, dataRecords(T0), "no record of the aborted transaction was written");
        assertTrue(broker.requests(ApiKey.PRODUCE).isEmpty());
        // and the producer goes on
        p.beginTransaction();
        Blocking.await(send(p, 0, "next"), WAIT);
        Blocking.await(p.commitTransaction(), WAIT);
        assertEquals(1, dataRecords(T0));
    }

    @Test
    void aFencedProducerFailsForGood() {
        SpateProducer old = producer(config("tx-zombie"));
        Blocking.await(old.initTransactions(), WAIT);
        SpateProducer fresh = producer(config("tx-zombie"));
        Blocking.await(fresh.initTransactions(), WAIT);
        old.beginTransaction();
        Future<RecordMetadata> r = send(old, 0, "zombie");
        SpateException sendError = assertThrows(SpateException.class, () -> Blocking.await(r, WAIT));
        assertEquals(ErrorCode.PRODUCER_FENCED, sendError.error());
        SpateException commit = assertThrows(SpateException.class, () -> Blocking.await(old.commitTransaction(), WAIT));
        assertEquals(ErrorCode.PRODUCER_FENCED, commit.error());
        SpateException abort = assertThrows(SpateException.class, () -> Blocking.await(old.abortTransaction(), WAIT));
        assertEquals(ErrorCode.PRODUCER_FENCED, abort.error());
        assertEquals(ErrorCode.PRODUCER_FENCED, assertThrows(SpateException.class, old::beginTransaction).error());
        assertEquals(ErrorCode.PRODUCER_FENCED,
                assertThrows(SpateException.class, () -> Blocking.await(send(old, 0, "later"), WAIT)).error());
        assertEquals(0, dataRecords(T0));
        fresh.beginTransaction();
        Blocking.await(send(fresh, 0, "ok"), WAIT);
        Blocking.await(fresh.commitTransaction(), WAIT);
        assertEquals(1, dataRecords(T0));
    }

    @Test
    void aFailedBatchMakesTheCommitFailAndTheAbortBumpsTheEpoch() {
        AtomicInteger produces = new AtomicInteger();
        broker.on(ApiKey.PRODUCE, r -> {
            if (produces.getAndIncrement() == 0) {
                ProduceRequest req = ProduceRequest.readFrom(r.body.duplicate());
                int partition = req.topics().get(0).partitions().get(0).partition();
                r.respond(new ProduceResponse(List.of(new ProduceResponse.TopicResponse("t", List.of(
                        new ProduceResponse.PartitionResponse(partition, ErrorCode.INVALID_RECORD, "refused", -1, -1, 0))))));
            } else {
                broker.produceDefault(r);
            }
        });
        SpateProducer p = producer(config("tx-abortable"));
        Blocking.await(p.initTransactions(), WAIT);
        p.beginTransaction();
        assertThrows(SpateException.class, () -> Blocking.await(send(p, 0, "refused"), WAIT));
        SpateException commit = assertThrows(SpateException.class, () -> Blocking.await(p.commitTransaction(), WAIT));
        assertEquals(ErrorCode.INVALID_RECORD, commit.error());
        assertTrue(commit.getMessage().contains("must be aborted"), commit.getMessage());
        assertThrows(SpateException.class, () -> Blocking.await(send(p, 1, "refused too"), WAIT));
        Blocking.await(p.abortTransaction(), WAIT);
        assertTrue(txns.events.contains("init tx-abortable epoch 1"), "the abort bumped the epoch: " + txns.events);
        p.beginTransaction();
        Blocking.await(send(p, 0, "after"), WAIT);
        Blocking.await(p.commitTransaction(), WAIT);
        List<RecordBatch> log = batches(T0).stream().filter(b -> !b.isControl()).toList();
        assertEquals(1, log.get(0).producerEpoch(), "the next transaction writes in the new epoch");
        assertEquals(0, log.get(0).baseSequence(), "from sequence 0");
    }

    @Test
    void offsetsGoThroughTheTransactionAndCountOnlyWhenItCommits() {
        SpateProducer p = producer(config("tx-offsets"));
        Blocking.await(p.initTransactions(), WAIT);
        ConsumerGroupMetadata group = new ConsumerGroupMetadata("g", 7, "member-1", Optional.empty());
        p.beginTransaction();
        Blocking.await(p.sendOffsetsToTransaction(Map.of(T0, new OffsetAndMetadata(42)), group), WAIT);
        Blocking.await(p.abortTransaction(), WAIT);
        assertTrue(txns.committedOffsets.isEmpty(), "aborted offsets do not count");
        p.beginTransaction();
        Blocking.await(send(p, 1, "out"), WAIT);
        Blocking.await(p.sendOffsetsToTransaction(Map.of(T0, new OffsetAndMetadata(43)), group), WAIT);
        Blocking.await(p.commitTransaction(), WAIT);
        assertEquals(Map.of(T0, 43L), txns.committedOffsets.get("g"));
        List<String> events = List.copyOf(txns.events);
        assertTrue(events.indexOf("add offsets g") < events.indexOf("offsets g generation 7 member member-1"), events.toString());
        FindCoordinatorRequest group0 = broker.requests(ApiKey.FIND_COORDINATOR).stream()
                .map(r -> FindCoordinatorRequest.readFrom(r.body.duplicate()))
                .filter(f -> f.keyType() == FindCoordinatorRequest.KEY_TYPE_GROUP).findFirst().orElseThrow();
        assertEquals("g", group0.key());
    }

    @Test
    void followsTheCoordinatorWhenItMovesAndRetriesConcurrentTransactions() {
        FakeBroker other = FakeBroker.start(vertx, 2).topic("t", 2);
        other.on(ApiKey.INIT_PRODUCER_ID, r -> r.respond(InitProducerIdResponse.failed(ErrorCode.NOT_COORDINATOR, null)));
        other.on(ApiKey.END_TXN, r -> r.respond(new TxnErrorResponse(ErrorCode.NOT_COORDINATOR, null)));
        AtomicInteger finds = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        FakeBroker.Handler find = r -> {
            // first the wrong node, then this one; the third time (EndTxn) the wrong one again
            int n = finds.incrementAndGet();
            FakeBroker to = n == 1 || n == 3 ? other : broker;
            r.respond(FindCoordinatorResponse.coordinator(to.nodeId, "127.0.0.1", to.port()));
        };
        broker.on(ApiKey.FIND_COORDINATOR, find);
        other.on(ApiKey.FIND_COORDINATOR, find);
        broker.on(ApiKey.ADD_PARTITIONS_TO_TXN, r -> {
            if (concurrent.getAndIncrement() < 2) {
                AddPartitionsToTxnRequest req = AddPartitionsToTxnRequest.readFrom(r.body.duplicate());
                r.respond(new AddPartitionsToTxnResponse(req.topics().stream()
                        .map(t -> PartitionErrors.all(t, ErrorCode.CONCURRENT_TRANSACTIONS)).toList()));
            } else {
                txns.addPartitions(r);
            }
        });
        AtomicInteger ends = new AtomicInteger();
        broker.on(ApiKey.END_TXN, r -> {
            if (ends.getAndIncrement() == 0) {
                r.respond(new TxnErrorResponse(ErrorCode.NOT_COORDINATOR, null)); // it moved (to the wrong node)
            } else {
                txns.endTxn(r);
            }
        });
        SpateProducer p = producer(config("tx-moving"));
        Blocking.await(p.initTransactions(), WAIT);
        p.beginTransaction();
        Blocking.await(send(p, 0, "x"), WAIT);
        Blocking.await(p.commitTransaction(), WAIT);
        assertEquals(1, other.requests(ApiKey.INIT_PRODUCER_ID).size());
        assertEquals(1, other.requests(ApiKey.END_TXN).size());
        assertEquals(4, finds.get(), "found the coordinator again after each NOT_COORDINATOR");
        assertEquals(3, concurrent.get(), "CONCURRENT_TRANSACTIONS was retried");
        assertTrue(txns.events.contains("end commit"), txns.events.toString());
        other.stop();
    }

    @Test
    void aTransactionalIdMakesTheProducerIdempotentAndRefusesWhatRulesThatOut() {
        ProducerConfig plain = ProducerConfig.fromMap(Map.of(ProducerConfig.TRANSACTIONAL_ID, "tx",
                ProducerConfig.TRANSACTION_TIMEOUT_MS, "5000"));
        assertTrue(plain.isTransactional());
        assertTrue(plain.isIdempotent());
        assertEquals(5000, plain.getTransactionTimeoutMs());
        assertEquals(60_000, new ProducerConfig().getTransactionTimeoutMs());
        IllegalArgumentException off = assertThrows(IllegalArgumentException.class, () -> ProducerConfig.fromMap(Map.of(
                ProducerConfig.TRANSACTIONAL_ID, "tx", ProducerConfig.ENABLE_IDEMPOTENCE, "false")));
        assertTrue(off.getMessage().contains("transactional.id needs enable.idempotence=true"), off.getMessage());
        IllegalArgumentException acks = assertThrows(IllegalArgumentException.class, () -> ProducerConfig.fromMap(Map.of(
                ProducerConfig.TRANSACTIONAL_ID, "tx", ProducerConfig.ACKS, "1")));
        assertTrue(acks.getMessage().contains("transactional.id needs acks=all"), acks.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProducerConfig.fromMap(Map.of(ProducerConfig.TRANSACTIONAL_ID, " ")));
        assertThrows(IllegalArgumentException.class, () -> ProducerConfig.fromMap(Map.of(ProducerConfig.TRANSACTIONAL_ID, "tx",
                ProducerConfig.TRANSACTION_TIMEOUT_MS, "0")));
        SpateProducer idempotentOnly = producer(config("unused").setTransactionalId(null));
        assertThrows(IllegalStateException.class, idempotentOnly::beginTransaction);
    }
}
