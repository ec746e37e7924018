package io.spate.group;

import io.spate.protocol.TopicPartition;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The committed offsets of one group, and the commits still being appended.
 *
 * <p>Each offset remembers the log offset of the record that carried it, so that appends that
 * complete out of order still leave the newest record's value in memory, as the log would on
 * replay. A partition with a commit in flight is never expired: its tombstone could land in the log
 * before the commit's record and then memory and log would disagree.
 *
 * <p>Mutable; only on the coordinator's context.
 */
final class StoredOffsets {
    /** A committed offset and the log offset of its record (-1 before it has one). */
    record Entry(StoredOffset value, long recordOffset) {
    }

    private final Map<TopicPartition, Entry> offsets = new HashMap<>();
    private final Map<TopicPartition, Integer> pending = new HashMap<>();

    boolean isEmpty() {
        return offsets.isEmpty();
    }

    int size() {
        return offsets.size();
    }

    Map<TopicPartition, Entry> all() {
        return Map.copyOf(offsets);
    }

    /** The committed offset of {@code tp}, or null. */
    StoredOffset get(TopicPartition tp) {
        Entry s = offsets.get(tp);
        return s == null ? null : s.value();
    }

    /** Applies an appended (or replayed) commit unless a newer record already set this partition. */
    void apply(TopicPartition tp, StoredOffset value, long recordOffset) {
        Entry current = offsets.get(tp);
        if (current == null || current.recordOffset() < recordOffset) {
            offsets.put(tp, new Entry(value, recordOffset));
        }
    }

    /**
     * Applies a tombstone at log offset {@code tombstoneOffset}: the partition's offset goes if its
     * record lies before the tombstone (a commit appended after it stays, as on replay).
     */
    void removeOlderThan(TopicPartition tp, long tombstoneOffset) {
        Entry current = offsets.get(tp);
        if (current != null && current.recordOffset() < tombstoneOffset) {
            offsets.remove(tp);
        }
    }

    /** Partitions with a commit in flight. */
    Set<TopicPartition> pendingPartitions() {
        return Set.copyOf(pending.keySet());
    }

    void beginCommit(TopicPartition tp) {
        pending.merge(tp, 1, Integer::sum);
    }

    void endCommit(TopicPartition tp) {
        pending.computeIfPresent(tp, (k, n) -> n == 1 ? null : n - 1);
    }

    boolean hasPendingCommit(TopicPartition tp) {
        return pending.containsKey(tp);
    }

    boolean hasPendingCommits() {
        return !pending.isEmpty();
    }
}
