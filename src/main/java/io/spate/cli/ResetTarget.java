package io.spate.cli;

import java.time.Instant;

/**
 * Where {@code spate group reset-offsets} moves a group's offsets: one of the {@code --to-*} /
 * {@code --shift-by} options with its value.
 *
 * @param kind  which option
 * @param value the offset ({@link Kind#OFFSET}), the timestamp in epoch milliseconds
 *              ({@link Kind#DATETIME}) or the shift ({@link Kind#SHIFT}); 0 for the others
 */
record ResetTarget(Kind kind, long value) {
    /** The reset options, as Kafka's kafka-consumer-groups names them. */
    enum Kind {
        /** The log start offset. */
        EARLIEST,
        /** The log end offset (high watermark). */
        LATEST,
        /** A given offset. */
        OFFSET,
        /** The first offset whose record timestamp is at or after a time; the log end if there is none. */
        DATETIME,
        /** The committed offset plus (or minus) a number. */
        SHIFT
    }

    static ResetTarget earliest() {
        return new ResetTarget(Kind.EARLIEST, 0);
    }

    static ResetTarget latest() {
        return new ResetTarget(Kind.LATEST, 0);
    }

    static ResetTarget offset(long offset) {
        return new ResetTarget(Kind.OFFSET, offset);
    }

    static ResetTarget datetime(Instant time) {
        return new ResetTarget(Kind.DATETIME, time.toEpochMilli());
    }

    static ResetTarget shiftBy(long delta) {
        return new ResetTarget(Kind.SHIFT, delta);
    }
}
