package io.spate.client.internal.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionerTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 16, 100})
    void keyedPartitionIsKafkasChoice(int partitions) {
        Random random = new Random(partitions);
        for (int i = 0; i < 1000; i++) {
            byte[] key = new byte[random.nextInt(40)];
            random.nextBytes(key);
            assertEquals(BuiltInPartitioner.partitionForKey(key, partitions), Partitioner.forKey(key, partitions));
        }
        byte[] text = "order-42".getBytes(StandardCharsets.UTF_8);
        assertEquals(BuiltInPartitioner.partitionForKey(text, partitions), Partitioner.forKey(text, partitions));
    }

    @Test
    void stickyPartitionStaysUntilANewBatchIsNeeded() {
        Partitioner p = new Partitioner(new Random(1)::nextInt);
        List<Integer> all = List.of(0, 1, 2, 3);
        int first = p.stickyPartition("t", 4, all);
        assertEquals(first, p.stickyPartition("t", 4, all));
        int next = p.onNewBatch("t", 4, all, first);
        assertNotEquals(first, next);
        assertEquals(next, p.stickyPartition("t", 4, all));
        // a second notice about the old partition does not move it again
        assertEquals(next, p.onNewBatch("t", 4, all, first));
    }

    @Test
    void stickyPartitionPrefersPartitionsWithALeader() {
        Partitioner p = new Partitioner(new Random(3)::nextInt);
        for (int i = 0; i < 50; i++) {
            int chosen = p.onNewBatch("t", 6, List.of(2, 5), p.stickyPartition("t", 6, List.of(2, 5)));
            assertTrue(chosen == 2 || chosen == 5, "chose " + chosen);
        }
    }

    @Test
    void singlePartitionTopicAlwaysGetsIt() {
        Partitioner p = new Partitioner(new Random(5)::nextInt);
        assertEquals(0, p.stickyPartition("t", 1, List.of(0)));
        assertEquals(0, p.onNewBatch("t", 1, List.of(0), 0));
        assertEquals(0, p.onNewBatch("u", 1, List.of(), 0));
    }

    @Test
    void stickyPartitionsAreTrackedPerTopic() {
        Partitioner p = new Partitioner(new Random(7)::nextInt);
        int a = p.stickyPartition("a", 100, List.of());
        p.onNewBatch("b", 100, List.of(), p.stickyPartition("b", 100, List.of()));
        assertEquals(a, p.stickyPartition("a", 100, List.of()));
    }
}
