package io.spate.client;

/** What a record's timestamp means: set by the producer, or by the broker when it appended. */
public enum TimestampType {
    CREATE_TIME,
    LOG_APPEND_TIME
}
