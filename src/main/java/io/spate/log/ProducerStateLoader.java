package io.spate.log;

import io.spate.record.ControlRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 *     decoded but a transaction marker's): each batch with a producer id is recorded as a follower's
 *     would be, a transactional one opening the producer's transaction, a marker ending it. The replayed
 *     segments' aborted transaction indexes ({@code .txnindex}) are rebuilt from that offset on: their
 *     entries there are dropped and each replayed ABORT marker appends its own.</li>
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

    /**
     * Records every producer batch at or above {@code from}, reading only headers (and markers), and
     * rebuilds the aborted transaction index entries from {@code from} on.
     */
    static void replay(ProducerStateManager state, List<LogSegment> segments, long from, long nowMs)
            throws IOException {
        for (LogSegment s : segments) {
            if (s.nextOffset() <= from) {
                continue;
            }
            s.txnIndex().truncateTo(from);
            FileRecords log = s.log();
            for (BatchHeader h = log.headerAt(0); h != null; h = log.headerAt(h.endPosition())) {
                if (h.baseOffset() >= from) {
                    AbortedTxn aborted = record(state, h, isMarker(h) ? readMarker(log, h) : null, nowMs);
                    if (aborted != null) {
                        s.txnIndex().append(aborted);
                    }
                }
            }
        }
    }

    /** Is {@code h} a control batch of a producer, which holds a transaction marker to read? */
    static boolean isMarker(BatchHeader h) {
        return h.isControl() && h.producerId() >= 0;
    }

    private static ControlRecord readMarker(FileRecords log, BatchHeader h) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(h.sizeInBytes());
        log.readInto(bytes, h.position());
        return ControlRecord.read(bytes.flip(), 0);
    }

    /**
     * Records {@code h} if it is a producer's: a data batch (transactional or not), or a control batch
     * whose transaction {@code marker} (null: none, or of another type) ends the producer's transaction.
     *
     * @return the entry for the aborted transaction index when it is an ABORT marker, else null
     */
    static AbortedTxn record(ProducerStateManager state, BatchHeader h, ControlRecord marker, long nowMs) {
        if (h.producerId() < 0) {
            return null;
        }
        if (!h.isControl()) {
            state.update(h.producerId(), h.producerEpoch(), h.baseSequence(),
                    ProducerStateManager.lastSequence(h.baseSequence(), h.lastOffsetDelta()), h.baseOffset(),
                    h.lastOffset(), h.maxTimestamp(), nowMs, h.isTransactional());
            return null;
        }
        if (marker == null) {
            return null;
        }
        ProducerStateManager.CompletedTxn done = state.completeTxn(h.producerId(), h.producerEpoch(), marker.commit(),
                marker.coordinatorEpoch(), h.baseOffset(), h.maxTimestamp(), nowMs);
        return abortedEntry(state, done);
    }

    /** The index entry of {@code done} if it was aborted, else null. */
    static AbortedTxn abortedEntry(ProducerStateManager state, ProducerStateManager.CompletedTxn done) {
        return done.aborted() ? new AbortedTxn(done.producerId(), done.firstOffset(), done.lastOffset(),
                state.lastStableOffsetAfter(done)) : null;
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
