package io.spate.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * Rebuilds a partition's {@link ProducerStateManager} from its snapshots and its log: when the log is
 * opened, and after a truncation (Kafka's {@code loadProducerState} / {@code truncateAndReload}).
 *
 * <ol>
 * <li>Snapshots above the log end (of batches no longer in the log) are deleted; so are those below the
 *     first segment's base offset, since the batches after them are gone and could not be replayed.</li>
 * <li>The newest remaining snapshot that reads back intact is the start; a corrupt one is deleted with
 *     a warning and the next older one is tried. Without any, the state starts empty at the first
 *     segment.</li>
 * <li>The batches from that offset to the log end are replayed from their headers alone (no record is
 *     decoded): each non-control batch with a producer id is recorded as a follower's would be.</li>
 * </ol>
 * Replayed batches count as updated at {@code nowMs}: a restart can lengthen a producer's life until
 * {@code producer.id.expiration.ms}, never shorten it. Owner thread (or the loading thread).
 */
final class ProducerStateLoader {
    /** Snapshots kept at most (the newest): older ones only save replay nobody is likely to need. */
    static final int SNAPSHOTS_KEPT = 3;
    private static final System.Logger LOG = System.getLogger(ProducerStateLoader.class.getName());

    private ProducerStateLoader() {
    }

    /**
     * Fills {@code target} (whatever it held is dropped) with the state of the log made of
     * {@code segments} (in offset order), ending at {@code logEndOffset}.
     */
    static void load(ProducerStateManager target, Path dir, String partition, List<LogSegment> segments,
                     long logEndOffset, long nowMs) throws IOException {
        long firstBase = segments.isEmpty() ? logEndOffset : segments.get(0).baseOffset();
        TreeSet<Long> snapshots = ProducerStateSnapshot.list(dir);
        for (long offset : snapshots) {
            if (offset > logEndOffset || offset < firstBase) {
                ProducerStateSnapshot.delete(dir, offset);
            }
        }
        ProducerStateManager state = null;
        long from = firstBase;
        for (long offset : snapshots.descendingSet()) {
            if (offset > logEndOffset || offset < firstBase) {
                continue;
            }
            try {
                state = ProducerStateSnapshot.read(dir, offset, partition);
                from = offset;
                break;
            } catch (ProducerStateSnapshot.CorruptSnapshotException e) {
                LOG.log(System.Logger.Level.WARNING, partition + ": " + e.getMessage() + "; deleted, the producer state"
                        + " is rebuilt from an older snapshot or the log");
                ProducerStateSnapshot.delete(dir, offset);
            }
        }
        if (state == null) {
            state = new ProducerStateManager(partition);
        }
        replay(state, segments, from, nowMs);
        target.replaceWith(state);
    }

    /** Records every producer batch at or above {@code from}, reading only headers. */
    static void replay(ProducerStateManager state, List<LogSegment> segments, long from, long nowMs)
            throws IOException {
        for (LogSegment s : segments) {
            if (s.nextOffset() <= from) {
                continue;
            }
            FileRecords log = s.log();
            for (BatchHeader h = log.headerAt(0); h != null; h = log.headerAt(h.endPosition())) {
                if (h.baseOffset() >= from) {
                    record(state, h, nowMs);
                }
            }
        }
    }

    /** Records {@code h} if it is a producer's data batch. */
    static void record(ProducerStateManager state, BatchHeader h, long nowMs) {
        if (h.producerId() >= 0 && !h.isControl()) {
            state.update(h.producerId(), h.producerEpoch(), h.baseSequence(),
                    ProducerStateManager.lastSequence(h.baseSequence(), h.lastOffsetDelta()), h.baseOffset(),
                    h.lastOffset(), h.maxTimestamp(), nowMs);
        }
    }

    /** Deletes every snapshot (the log restarts empty). */
    static void deleteAll(Path dir) throws IOException {
        for (long offset : ProducerStateSnapshot.list(dir)) {
            ProducerStateSnapshot.delete(dir, offset);
        }
    }

    /**
     * Deletes the snapshots above {@code logEndOffset} or below {@code firstBase}, and all but the newest
     * {@link #SNAPSHOTS_KEPT}.
     */
    static void prune(Path dir, long firstBase, long logEndOffset) throws IOException {
        TreeSet<Long> snapshots = ProducerStateSnapshot.list(dir);
        int kept = 0;
        for (long offset : snapshots.descendingSet()) {
            if (offset > logEndOffset || offset < firstBase || kept >= SNAPSHOTS_KEPT) {
                ProducerStateSnapshot.delete(dir, offset);
            } else {
                kept++;
            }
        }
    }
}
