package io.spate.client.internal.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.internal.network.Metadata;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.MetadataResponse;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Promise;
import java.util.List;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class RecordAccumulatorTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final TopicPartition TP1 = new TopicPartition("t", 1);
    /** send.when.idle off: batches wait for linger.ms whatever the leader's pipe holds. */
    private static final IntPredicate NEVER_IDLE = node -> false;

    private static Metadata metadata() {
        Metadata m = new Metadata();
        m.update(new MetadataResponse(List.of(new MetadataResponse.Broker(1, "h", 1, null)), "c", 1, List.of(
                new MetadataResponse.TopicMetadata(ErrorCode.NONE, "t", false, List.of(
                        new MetadataResponse.PartitionMetadata(ErrorCode.NONE, 0, 1, 0, List.of(1), List.of(1)),
                        new MetadataResponse.PartitionMetadata(ErrorCode.LEADER_NOT_AVAILABLE, 1, -1, 0, List.of(),
                                List.of()))))), false, 0);
        return m;
    }

    private static ProducerRecord record(int valueBytes) {
        return new ProducerRecord("t", null, new byte[valueBytes]);
    }

    private static boolean append(RecordAccumulator acc, TopicPartition tp, ProducerRecord r, long now) {
        return acc.append(tp, r, now, Promise.promise(), ProducerBatch.sizeUpperBound(r), now);
    }

    @Test
    void batchWaitsForLingerThenIsReady() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(10).setBatchSize(1000));
        append(acc, TP, record(10), 100);
        RecordAccumulator.Ready r = acc.ready(105, metadata(), false, NEVER_IDLE);
        assertTrue(r.byNode().isEmpty());
        assertEquals(110, r.nextCheckMs());
        assertEquals(1, acc.ready(110, metadata(), false, NEVER_IDLE).byNode().get(1).size());
    }

    @Test
    void fullBatchIsClosedAndReadyAtOnce() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(10_000).setBatchSize(300));
        int closed = 0;
        for (int i = 0; i < 10; i++) {
            closed += append(acc, TP, record(50), 0) ? 1 : 0;
        }
        assertTrue(closed >= 1);
        List<ProducerBatch> batches = acc.batches(TP);
        assertTrue(batches.size() > 1);
        for (ProducerBatch b : batches.subList(0, batches.size() - 1)) {
            assertTrue(b.estimatedSizeInBytes() <= 300, "batch of " + b.estimatedSizeInBytes());
        }
        List<List<ProducerBatch>> groups = acc.ready(0, metadata(), false, NEVER_IDLE).byNode().get(1);
        assertEquals(1, groups.size(), "one group for the partition");
        assertEquals(batches, groups.get(0), "every queued batch goes, in queue order");
    }

    @Test
    void groupStopsAtMaxRequestSize() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(0).setBatchSize(1000)
                .setMaxRequestSize(2500));
        for (int i = 0; i < 5; i++) {
            append(acc, TP, record(900), 0);
        }
        List<ProducerBatch> batches = acc.batches(TP);
        assertEquals(5, batches.size());
        List<ProducerBatch> group = acc.ready(0, metadata(), false, NEVER_IDLE).byNode().get(1).get(0);
        assertEquals(batches.subList(0, 2), group, "as many batches as fit, head first");
    }

    @Test
    void recordBiggerThanBatchSizeGetsABatchOfItsOwn() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setBatchSize(100));
        append(acc, TP, record(10), 0);
        append(acc, TP, record(500), 0);
        append(acc, TP, record(10), 0);
        assertEquals(3, acc.batches(TP).size());
        assertEquals(1, acc.batches(TP).get(1).recordCount());
    }

    @Test
    void memoryIsReservedPerRecordAndGivenBackWhenTheBatchIsDone() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setBufferMemory(2_000));
        ProducerRecord r = record(500);
        int size = ProducerBatch.sizeUpperBound(r);
        append(acc, TP, r, 0);
        append(acc, TP, r, 0);
        assertEquals(2L * size, acc.usedMemory());
        assertFalse(acc.hasMemoryFor(2_000 - 2L * size + 1));
        ProducerBatch b = acc.batches(TP).get(0);
        b.close();
        b.complete(0, -1);
        acc.deallocate(b);
        assertEquals(0, acc.usedMemory());
        assertTrue(acc.isEmpty());
    }

    @Test
    void inFlightHeadHoldsBackItsPartitionButNotOthers() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(0).setBatchSize(100));
        append(acc, TP, record(80), 0);
        append(acc, TP, record(80), 0);
        acc.batches(TP).get(0).close();
        acc.batches(TP).get(0).markInFlight();
        assertTrue(acc.ready(0, metadata(), true, NEVER_IDLE).byNode().isEmpty(), "the second batch waits for the first");
    }

    @Test
    void idempotentTailGrowsPastBatchSizeOnlyWhileItsWindowIsFull() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setLingerMs(10_000).setBatchSize(1000)
                .setMaxRequestSize(20_000).setMaxInFlight(2));
        for (int i = 0; i < 6; i++) {
            append(acc, TP, record(400), 0); // two records per batch.size: 3 batches of 1000 at most
        }
        List<ProducerBatch> batches = acc.batches(TP);
        assertEquals(3, batches.size());
        assertTrue(batches.get(0).estimatedSizeInBytes() <= 1000);
        // two batches ahead of the tail fill the window of 2: the tail takes records up to max.request.size
        for (int i = 0; i < 40; i++) {
            append(acc, TP, record(400), 0);
        }
        batches = acc.batches(TP);
        assertTrue(batches.get(2).estimatedSizeInBytes() > 1000, "the tail grew: " + batches.get(2).estimatedSizeInBytes());
        for (ProducerBatch b : batches) {
            assertTrue(b.estimatedSizeInBytes() <= 20_000, "batch of " + b.estimatedSizeInBytes());
        }
        assertEquals(46 * 400, batches.stream().mapToLong(b -> b.recordCount() * 400L).sum());
        assertTrue(batches.size() <= 4, batches.size() + " batches");

        // the window opens (the first two are done): a new tail stays within batch.size again
        for (ProducerBatch b : List.copyOf(batches)) {
            b.close();
            b.complete(0, -1);
            acc.deallocate(b);
        }
        for (int i = 0; i < 6; i++) {
            append(acc, TP, record(400), 0);
        }
        for (ProducerBatch b : acc.batches(TP)) {
            assertTrue(b.estimatedSizeInBytes() <= 1000, "batch of " + b.estimatedSizeInBytes());
        }
    }

    @Test
    void grownTailStopsAt256KiBWithinALargerMaxRequestSize() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setLingerMs(10_000).setBatchSize(1000)
                .setMaxRequestSize(4 << 20).setMaxInFlight(1));
        for (int i = 0; i < 2_000; i++) {
            append(acc, TP, record(400), 0);
        }
        List<ProducerBatch> batches = acc.batches(TP);
        assertTrue(batches.size() >= 3, batches.size() + " batches");
        assertTrue(batches.get(1).estimatedSizeInBytes() > RecordAccumulator.MAX_GROWN_BATCH_BYTES - 1000,
                "the second batch grew: " + batches.get(1).estimatedSizeInBytes());
        for (ProducerBatch b : batches) {
            assertTrue(b.estimatedSizeInBytes() <= RecordAccumulator.MAX_GROWN_BATCH_BYTES, "batch of " + b.estimatedSizeInBytes());
        }
    }

    @Test
    void tailWithoutIdempotenceNeverGrowsPastBatchSize() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(10_000)
                .setBatchSize(1000).setMaxRequestSize(20_000).setMaxInFlight(2));
        for (int i = 0; i < 40; i++) {
            append(acc, TP, record(400), 0);
        }
        for (ProducerBatch b : acc.batches(TP)) {
            assertTrue(b.estimatedSizeInBytes() <= 1000, "batch of " + b.estimatedSizeInBytes());
        }
    }

    @Test
    void partitionWithoutLeaderIsReported() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(0));
        append(acc, TP1, record(10), 0);
        RecordAccumulator.Ready r = acc.ready(0, metadata(), false, NEVER_IDLE);
        assertTrue(r.leaderMissing());
        assertTrue(r.byNode().isEmpty());
    }

    @Test
    void retryBackoffDelaysTheHead() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(0));
        append(acc, TP, record(10), 0);
        ProducerBatch b = acc.batches(TP).get(0);
        b.close();
        b.markInFlight();
        b.reenqueue(500);
        RecordAccumulator.Ready r = acc.ready(100, metadata(), true, NEVER_IDLE);
        assertTrue(r.byNode().isEmpty());
        assertEquals(500, r.nextCheckMs());
        assertEquals(List.of(List.of(b)), acc.ready(500, metadata(), false, NEVER_IDLE).byNode().get(1));
    }

    @Test
    void expiredBatchesAreTheOnesNotInFlight() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setDeliveryTimeoutMs(40_000));
        append(acc, TP, record(10), 0);
        assertTrue(acc.expired(39_999).isEmpty());
        assertEquals(1, acc.expired(40_000).size());
        acc.batches(TP).get(0).markInFlight();
        assertTrue(acc.expired(50_000).isEmpty());
    }

    @Test
    void buildersOfDoneBatchesAreReusedUpToTheMemoryBudget() {
        // 100 builders fit in buffer.memory / batch.size; more than the 32 kept whatever the budget
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(0).setBatchSize(1000)
                .setBufferMemory(100_000));
        java.util.Set<io.spate.record.RecordBatchBuilder> first = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<>());
        for (int i = 0; i < 80; i++) {
            append(acc, TP, record(900), 0);
        }
        List<ProducerBatch> batches = acc.batches(TP);
        assertEquals(80, batches.size());
        for (ProducerBatch b : batches) {
            b.close();
            first.add(b.builder());
            b.complete(0, -1);
            acc.deallocate(b);
        }
        assertEquals(0, acc.usedMemory());
        for (int i = 0; i < 80; i++) {
            append(acc, TP, record(900), 0);
        }
        for (ProducerBatch b : acc.batches(TP)) {
            assertTrue(first.contains(b.builder()), "a new batch takes a kept builder");
        }
    }

    @Test
    void reusedBuilderBuildsOnlyTheNewRecords() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(0).setBatchSize(1000));
        append(acc, TP, record(300), 0);
        append(acc, TP, record(300), 0);
        ProducerBatch old = acc.batches(TP).get(0);
        old.close();
        old.complete(0, -1);
        acc.deallocate(old);
        assertTrue(acc.batches(TP).isEmpty());
        ProducerRecord small = new ProducerRecord("t", null, new byte[] {7});
        append(acc, TP, small, 5);
        ProducerBatch reused = acc.batches(TP).get(0);
        reused.close();
        io.spate.record.RecordBatch batch = new io.spate.record.RecordBatch(reused.bytes(), 0);
        assertTrue(batch.isChecksumValid());
        assertEquals(1, batch.recordCount());
        assertEquals(1, batch.records().get(0).value().length);
        assertEquals(5, batch.baseTimestamp());
    }

    @Test
    void refusedGroupIsSplitInHalvesInItsPlaceKeepingOrderTimestampsAndMemory() {
        RecordAccumulator acc = new RecordAccumulator(new ProducerConfig().setEnableIdempotence(false).setLingerMs(0).setBatchSize(1000));
        List<Promise<io.spate.client.RecordMetadata>> promises = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Promise<io.spate.client.RecordMetadata> p = Promise.promise();
            promises.add(p);
            ProducerRecord r = new ProducerRecord("t", null, new byte[] {(byte) i});
            acc.append(TP, r, 100 + i, p, ProducerBatch.sizeUpperBound(r), 0);
        }
        ProducerRecord behind = record(900);
        append(acc, TP, behind, 0);
        long used = acc.usedMemory();
        ProducerBatch refused = acc.batches(TP).get(0);
        ProducerBatch next = acc.batches(TP).get(1);
        List<ProducerBatch> group = acc.ready(0, metadata(), true, NEVER_IDLE).byNode().get(1).get(0);
        assertEquals(List.of(refused, next), group);
        group.forEach(b -> {
            b.close();
            b.markInFlight();
        });
        int refusedSize = refused.estimatedSizeInBytes();

        acc.splitAndReenqueue(group);

        List<ProducerBatch> queued = acc.batches(TP);
        assertEquals(ProducerBatch.State.DONE, refused.state());
        assertEquals(next, queued.get(queued.size() - 1), "the single record is isolated in its place");
        assertTrue(next.sendsAlone() && !next.inFlight());
        assertEquals(used, acc.usedMemory(), "the reservations move to the new batches");
        assertEquals(List.of(List.of(queued.get(0))), acc.ready(0, metadata(), true, NEVER_IDLE).byNode().get(1),
                "a split batch goes alone");
        assertFalse(refused.doneFuture().isComplete());
        int records = 0;
        for (ProducerBatch piece : queued.subList(0, queued.size() - 1)) {
            assertEquals(ProducerBatch.State.CLOSED, piece.state());
            assertTrue(piece.sendsAlone());
            assertTrue(piece.estimatedSizeInBytes() <= io.spate.record.RecordBatch.HEADER_SIZE
                    + (refusedSize - io.spate.record.RecordBatch.HEADER_SIZE) / 2, "piece of " + piece.estimatedSizeInBytes());
            for (io.spate.record.Record r : new io.spate.record.RecordBatch(piece.bytes(), 0).records()) {
                assertEquals(records, r.value()[0], "records in order");
                assertEquals(100 + records, r.timestamp());
                records++;
            }
            piece.complete(records - piece.recordCount(), -1);
        }
        assertEquals(20, records);
        assertTrue(queued.size() >= 3, "split in at least two");
        for (int i = 0; i < 20; i++) {
            assertEquals(i, promises.get(i).future().result().offset(), "the promises moved with their records");
        }
        assertTrue(refused.doneFuture().isComplete(), "done once every piece is");
    }
}
