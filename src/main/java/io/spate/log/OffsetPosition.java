package io.spate.log;

/** An offset index entry: the batch starting at absolute {@code offset} begins at byte {@code position}. */
public record OffsetPosition(long offset, int position) {
}
