package io.spate.cluster.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What waits for this node to apply a metadata epoch, by that epoch. The image that reaches an epoch
 * releases everything waiting for it and for every epoch before: a follower that fell behind the
 * leader's compacted log installs a snapshot, which skips epochs, and a waiter for a skipped epoch
 * must learn it then rather than wait for an image that never comes.
 *
 * <p>Threading: not thread-safe; {@link RaftClusterMetadata} uses it on its metadata context only.
 *
 * @param <T> the waiter
 */
final class EpochWaiters<T> {
    private final NavigableMap<Long, List<T>> byEpoch = new TreeMap<>();

    /** {@code waiter} waits for {@code epoch}. */
    void add(long epoch, T waiter) {
        byEpoch.computeIfAbsent(epoch, e -> new ArrayList<>()).add(waiter);
    }

    /** {@code waiter} no longer waits for {@code epoch} (nothing happens if it did not). */
    void remove(long epoch, T waiter) {
        List<T> waiting = byEpoch.get(epoch);
        if (waiting != null && waiting.remove(waiter) && waiting.isEmpty()) {
            byEpoch.remove(epoch);
        }
    }

    /** Removes and returns, in epoch order, every waiter for {@code epoch} or an earlier epoch. */
    List<T> reachedBy(long epoch) {
        NavigableMap<Long, List<T>> reached = byEpoch.headMap(epoch, true);
        List<T> out = new ArrayList<>();
        reached.values().forEach(out::addAll);
        reached.clear();
        return out;
    }
}
