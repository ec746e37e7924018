package io.spate.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offset ranges of aborted transactions, by producer: what compaction leaves out (Kafka's cleaner
 * reads the same from the aborted transaction indexes). A transactional data batch of producer
 * {@code p} at offset {@code o} is aborted when an aborted transaction of {@code p} spans
 * {@code [firstOffset, lastOffset]} around {@code o}; a producer's transactions never overlap. Immutable
 * once built; the compaction worker reads it.
 */
final class AbortedRanges {
    static final AbortedRanges NONE = new AbortedRanges(List.of());

    private final Map<Long, List<AbortedTxn>> byProducer = new HashMap<>();

    AbortedRanges(List<AbortedTxn> aborted) {
        for (AbortedTxn t : aborted) {
            byProducer.computeIfAbsent(t.producerId(), k -> new ArrayList<>()).add(t);
        }
    }

    /** Does {@code offset} of producer {@code producerId} lie in one of its aborted transactions? */
    boolean contains(long producerId, long offset) {
        List<AbortedTxn> list = byProducer.get(producerId);
        if (list == null) {
            return false;
        }
        for (AbortedTxn t : list) {
            if (t.firstOffset() <= offset && offset <= t.lastOffset()) {
                return true;
            }
        }
        return false;
    }

    /** Is {@code h} a transactional data batch of an aborted transaction? */
    boolean isAborted(BatchHeader h) {
        return h.isTransactional() && !h.isControl() && h.producerId() >= 0 && contains(h.producerId(), h.baseOffset());
    }
}
