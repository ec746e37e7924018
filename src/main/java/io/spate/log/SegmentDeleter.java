package io.spate.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Segments removed from a log whose files linger for file.delete.delay.ms, renamed {@code *.deleted},
 * so that a read result handed out just before (a file region being sent) stays valid. Kafka's
 * asynchronous segment deletion, driven by the owner's calls instead of a scheduler thread.
 *
 * <p>Owner thread only.
 */
final class SegmentDeleter {
    private static final System.Logger LOG = System.getLogger(SegmentDeleter.class.getName());

    private final String partition;
    private final List<LogSegment> segments = new ArrayList<>();
    private final List<Long> dueAt = new ArrayList<>();

    SegmentDeleter(String partition) {
        this.partition = partition;
    }

    /** Renames the segment's files to {@code *.deleted} and schedules their removal at {@code dueMs}. */
    void schedule(LogSegment s, long dueMs) throws IOException {
        s.renameToDeleted();
        segments.add(s);
        dueAt.add(dueMs);
    }

    /** Closes and removes the files of every segment due at {@code nowMs}. */
    void removeDue(long nowMs) {
        for (int i = segments.size() - 1; i >= 0; i--) {
            if (dueAt.get(i) <= nowMs) {
                remove(i);
            }
        }
    }

    /** Closes and removes every scheduled segment's files now (the log is closing). */
    void removeAll() {
        for (int i = segments.size() - 1; i >= 0; i--) {
            remove(i);
        }
    }

    int pending() {
        return segments.size();
    }

    private void remove(int i) {
        LogSegment s = segments.remove(i);
        dueAt.remove(i);
        try {
            s.closeAndDelete();
        } catch (IOException e) {
            // harmless: a leftover *.deleted file is removed when the log is next opened
            LOG.log(System.Logger.Level.WARNING, "could not remove deleted segment " + s + " of " + partition + ": " + e);
        }
    }

    /** Takes {@code doomed} (a view of {@code segments} is fine) out of the log and deletes them at {@code at}. */
    void removeAndSchedule(LogSegments segments, Collection<LogSegment> doomed, long at) throws IOException {
        for (LogSegment s : new ArrayList<>(doomed)) {
            segments.remove(s);
            schedule(s, at);
        }
    }
}
