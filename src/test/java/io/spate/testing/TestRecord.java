package io.spate.testing;

/**
 * One record as a test reads it back with {@link TestBatches#records}: its absolute offset and
 * timestamp, key and value as UTF-8 text (null when the record has none).
 */
public record TestRecord(long offset, long timestamp, String key, String value) {
}
