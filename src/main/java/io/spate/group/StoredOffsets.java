package io.spate.group;

import io.spate.protocol.TopicPartition;
import java.util.HashMap;
import java.util.HashSet;
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
 * <p>Transactional commits (TxnOffsetCommit) wait here per producer id, already in the log but not
 * yet committed: {@link #get} and {@link #all} never show them. The producer's COMMIT marker makes
 * each of them the committed offset unless a record later in the log already set that partition
 * (Kafka's rule: newest in log order wins, so a compacted log replays to the same answer); its ABORT
 * marker drops them. A tombstone removes a partition's waiting transactional offsets too (Kafka's
 * group coordinator does the same on replay and on delete).
 *
 * <p>Mutable; only on the coordinator's context.
 */
final class StoredOffsets {
    /** A committed offset and the log offset of its record (-1 before it has one). */
    record Entry(StoredOffset value, long recordOffset) {
    }

    private final Map<TopicPartition, Entry> offsets = new HashMap<>();
    private final Map<TopicPartition, Integer> pending = new HashMap<>();
    /** Transactional commits appended but not completed yet, per producer id. */
    private final Map<Long, Map<TopicPartition, Entry>> transactional = new HashMap<>();

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
        transactional.values().removeIf(waiting -> {
            Entry e = waiting.get(tp);
            if (e != null && e.recordOffset() < tombstoneOffset) {
                waiting.remove(tp);
            }
            return waiting.isEmpty();
        });
    }

    /**
     * Records a transactional commit of {@code producerId} appended at {@code recordOffset}: it waits
     * for the producer's marker. A later record of the same producer for the same partition replaces it.
     */
    void stageTransactional(long producerId, TopicPartition tp, StoredOffset value, long recordOffset) {
        Map<TopicPartition, Entry> waiting = transactional.computeIfAbsent(producerId, id -> new HashMap<>());
        Entry current = waiting.get(tp);
        if (current == null || current.recordOffset() < recordOffset) {
            waiting.put(tp, new Entry(value, recordOffset));
        }
    }

    /**
     * The marker of {@code producerId}: on commit its waiting offsets are applied (each only if newer
     * in log order than the committed one), on abort dropped. False if the producer had none here.
     */
    boolean completeTransactional(long producerId, boolean committed) {
        Map<TopicPartition, Entry> waiting = transactional.remove(producerId);
        if (waiting == null) {
            return false;
        }
        if (committed) {
            waiting.forEach((tp, e) -> apply(tp, e.value(), e.recordOffset()));
        }
        return true;
    }

    /** The transactional offsets waiting for {@code producerId}'s marker (a copy; empty if none). */
    Map<TopicPartition, Entry> transactionalOf(long producerId) {
        Map<TopicPartition, Entry> waiting = transactional.get(producerId);
        return waiting == null ? Map.of() : Map.copyOf(waiting);
    }

    /** Producers with transactional offsets waiting for their marker. */
    Set<Long> transactionalProducers() {
        return Set.copyOf(transactional.keySet());
    }

    boolean hasTransactional() {
        return !transactional.isEmpty();
    }

    boolean hasTransactional(TopicPartition tp) {
        for (Map<TopicPartition, Entry> waiting : transactional.values()) {
            if (waiting.containsKey(tp)) {
                return true;
            }
        }
        return false;
    }

    /** Partitions with a transactional offset waiting for a marker. */
    Set<TopicPartition> transactionalPartitions() {
        Set<TopicPartition> all = new HashSet<>();
        transactional.values().forEach(waiting -> all.addAll(waiting.keySet()));
        return all;
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
