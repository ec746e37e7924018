package io.spate.client;

/**
 * A group's committed position in one partition: the offset of the next record to consume, and
 * the metadata string the committer attached ("" or null if none).
 */
public record CommittedOffset(long offset, String metadata) {
}
