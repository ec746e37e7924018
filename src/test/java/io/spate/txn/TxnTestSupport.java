package io.spate.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.testing.MockTime;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A transaction coordinator on a real Vert.x context with a manual clock, an in-memory
 * {@code __transaction_state} whose appends complete on another context, and a fake marker sender;
 * the steps tests are written in (init, add, end, restart).
 */
abstract class TxnTestSupport {
    static final String TXN = "txn-a";
    static final int PARTITIONS = 3;
    static final int TIMEOUT_MS = 60_000;
    static final TopicPartition T0 = new TopicPartition("orders", 0);
    static final TopicPartition T1 = new TopicPartition("orders", 1);

    Vertx vertx;
    Context context;
    MockTime time;
    io.spate.testing.InMemoryInternalLog log;
    FakeMarkerSender markers;
    ProducerIdManager producerIds;
    TransactionCoordinator coordinator;
    final AtomicLong nextBlock = new AtomicLong(1000);

    TxnConfig config() {
        return new TxnConfig(PARTITIONS, 1, 1 << 20, 900_000, 604_800_000L, 10_000);
    }

    @BeforeEach
    void startCoordinator() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        time = new MockTime(1_000_000L);
        log = new io.spate.testing.InMemoryInternalLog(PARTITIONS, vertx.getOrCreateContext());
        markers = new FakeMarkerSender();
        producerIds = new ProducerIdManager(vertx.getOrCreateContext(),
                size -> Future.succeededFuture(nextBlock.getAndAdd(size)));
        coordinator = newCoordinator();
        await(coordinator.loadAll(p -> 5));
    }

    TransactionCoordinator newCoordinator() {
        return new TransactionCoordinator(context, config(), log, producerIds, markers, time);
    }

    @AfterEach
    void stopCoordinator() {
        await(coordinator.close());
        await(vertx.close());
    }

    /** A new coordinator over the same topic, as after a failover, loading every partition at {@code epoch}. */
    void restart(int epoch) {
        await(coordinator.close());
        coordinator = newCoordinator();
        await(coordinator.loadAll(p -> epoch));
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    InitPidResult init(String id) {
        return await(coordinator.initProducerId(id, TIMEOUT_MS, -1, (short) -1));
    }

    /** InitProducerId that must succeed. */
    InitPidResult initOk(String id) {
        InitPidResult r = init(id);
        assertEquals(ErrorCode.NONE, r.error());
        return r;
    }

    ErrorCode add(String id, InitPidResult p, TopicPartition... tps) {
        return await(coordinator.addPartitions(id, p.producerId(), p.producerEpoch(), Set.of(tps)));
    }

    ErrorCode end(String id, InitPidResult p, boolean commit) {
        return await(coordinator.endTxn(id, p.producerId(), p.producerEpoch(), commit));
    }

    TxnDescription describe(String id) {
        return await(coordinator.describe(java.util.List.of(id))).get(0);
    }

    TxnState state(String id) {
        return describe(id).state();
    }

    int partitionOf(String id) {
        return coordinator.partitionFor(id);
    }

    /** The states written for {@code id} in {@code partition}, in order (null for a tombstone). */
    java.util.List<TxnState> statesOf(String id, int partition) {
        java.util.List<TxnState> out = new java.util.ArrayList<>();
        for (io.spate.record.Record r : log.records(partition)) {
            if (TxnRecordCodec.readKey(r.key()).equals(id)) {
                out.add(r.value() == null ? null : TxnRecordCodec.readValue(id, r.value()).state());
            }
        }
        return out;
    }
}
