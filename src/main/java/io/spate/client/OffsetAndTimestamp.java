package io.spate.client;

/** The first offset whose record timestamp is at or after a searched time, and that record's timestamp. */
public record OffsetAndTimestamp(long offset, long timestamp) {
}
