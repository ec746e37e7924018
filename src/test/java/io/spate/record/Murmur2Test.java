package io.spate.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.testing.TestBatches;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class Murmur2Test {
    private static final int[] PARTITION_COUNTS = {1, 2, 3, 7, 10, 64, 100, 1000, Integer.MAX_VALUE};

    private static void assertSameAsKafka(byte[] key) {
        assertEquals(Utils.murmur2(key), Murmur2.murmur2(key), () -> "murmur2 of " + key.length + " bytes");
        for (int n : PARTITION_COUNTS) {
            assertEquals(BuiltInPartitioner.partitionForKey(key, n), Murmur2.partitionForKey(key, n),
                    () -> "partition of " + key.length + " bytes over " + n);
        }
    }

    @Test
    void randomKeysOfEveryLengthUpTo64HashAndPartitionAsKafka() {
        Random random = new Random(2024);
        for (int length = 0; length <= 64; length++) {
            for (int i = 0; i < 50; i++) {
                assertSameAsKafka(TestBatches.bytes(random, length));
            }
        }
    }

    @Test
    void stringKeysHashAndPartitionAsKafka() {
        String[] keys = {"", "a", "ab", "abc", "abcd", "user-42", "order:2024-01-01:0001", "ünïcødé ✓", "😀😀😀",
                "the quick brown fox jumps over the lazy dog"};
        for (String key : keys) {
            assertSameAsKafka(key.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 10_000; i++) {
            assertSameAsKafka(("key-" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void toPositiveClearsTheSignBitRatherThanNegating() {
        assertEquals(0, Murmur2.toPositive(Integer.MIN_VALUE));
        assertEquals(Integer.MAX_VALUE, Murmur2.toPositive(-1));
        assertEquals(Utils.toPositive(-123456), Murmur2.toPositive(-123456));
    }
}
