package io.spate.log;

/**
 * A timestamp paired with an offset. As a time index entry: no record at or before the batch holding
 * {@code offset} has a timestamp greater than {@code timestamp}. As a lookup result: the record at
 * {@code offset} has {@code timestamp}.
 */
public record TimestampOffset(long timestamp, long offset) {
}
