package io.spate.broker;

/** Where a fetch reads one partition from, and at most how much. */
public record FetchPosition(long offset, int maxBytes) {
}
