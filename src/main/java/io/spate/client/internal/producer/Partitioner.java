package io.spate.client.internal.producer;

import io.spate.record.Murmur2;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * Chooses a record's partition as Kafka's Java client does (internal):
 * <ol>
 * <li>an explicit partition wins;</li>
 * <li>a non-null key goes to {@code toPositive(murmur2(key)) % partitions} ({@link Murmur2});</li>
 * <li>a null key goes to the topic's <em>sticky</em> partition (KIP-480): every null-keyed record
 *     joins the same partition's open batch, and only when a new batch would have to be created
 *     there ({@link #onNewBatch}) does the sticky partition move to another one, chosen at random
 *     among the partitions that have a leader.</li>
 * </ol>
 *
 * <p>Threading: confined to the producer's context.
 */
public final class Partitioner {
    private final Map<String, Integer> sticky = new HashMap<>();
    /** random(n): a uniform int in [0, n); injectable so tests are deterministic. */
    private final IntUnaryOperator random;

    public Partitioner(IntUnaryOperator random) {
        this.random = random;
    }

    public static int forKey(byte[] key, int numPartitions) {
        return Murmur2.partitionForKey(key, numPartitions);
    }

    /** The current sticky partition of {@code topic}, choosing one when there is none yet. */
    int stickyPartition(String topic, int numPartitions, List<Integer> available) {
        return stickyPartition(topic, numPartitions, () -> available);
    }

    /** As above; {@code available} is only asked for when a partition must be chosen (it allocates). */
    public int stickyPartition(String topic, int numPartitions, Supplier<List<Integer>> available) {
        Integer p = sticky.get(topic);
        if (p == null || p >= numPartitions) {
            p = choose(numPartitions, available, -1);
            sticky.put(topic, p);
        }
        return p;
    }

    /**
     * Called when a null-keyed record would start a new batch on {@code previous}: moves the sticky
     * partition to a different one (if there is another) and returns it. A second call for the same
     * previous partition is a no-op, as in Kafka, so racing appends do not skip partitions.
     */
    int onNewBatch(String topic, int numPartitions, List<Integer> available, int previous) {
        return onNewBatch(topic, numPartitions, () -> available, previous);
    }

    /** As above; {@code available} is only asked for when a partition must be chosen. */
    public int onNewBatch(String topic, int numPartitions, Supplier<List<Integer>> available, int previous) {
        Integer current = sticky.get(topic);
        if (current != null && current != previous && current < numPartitions) {
            return current;
        }
        int next = choose(numPartitions, available, previous);
        sticky.put(topic, next);
        return next;
    }

    private int choose(int numPartitions, Supplier<List<Integer>> availableSupplier, int avoid) {
        List<Integer> available = availableSupplier.get();
        List<Integer> candidates = new ArrayList<>();
        if (available.isEmpty()) {
            for (int i = 0; i < numPartitions; i++) {
                candidates.add(i);
            }
        } else {
            candidates.addAll(available);
        }
        if (candidates.size() > 1) {
            candidates.remove(Integer.valueOf(avoid));
        }
        return candidates.get(random.applyAsInt(candidates.size()));
    }
}
