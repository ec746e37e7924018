package io.spate.client;

import java.util.Objects;
import java.util.Optional;

/**
 * A committed position: the offset of the next record to consume, free-form metadata (at most the
 * node's {@code offset.metadata.max.bytes}), and the leader epoch of the last consumed record when
 * known.
 */
public record OffsetAndMetadata(long offset, String metadata, Optional<Integer> leaderEpoch) {
    public OffsetAndMetadata {
        if (offset < 0) {
            throw new IllegalArgumentException("committed offset must be >= 0, was " + offset);
        }
        metadata = metadata == null ? "" : metadata;
        Objects.requireNonNull(leaderEpoch, "leaderEpoch");
    }

    /** An offset with no metadata and no leader epoch. */
    public OffsetAndMetadata(long offset) {
        this(offset, "", Optional.empty());
    }

    /** An offset with metadata and no leader epoch. */
    public OffsetAndMetadata(long offset, String metadata) {
        this(offset, metadata, Optional.empty());
    }
}
