package io.spate.group;

import java.util.Objects;

/**
 * One partition's offset in a commit.
 *
 * @param leaderEpoch the leader epoch of the record before the offset, -1 if unknown
 * @param metadata    free text of the client, at most offset.metadata.max.bytes (UTF-8 length);
 *                    null is stored as ""
 */
public record OffsetCommit(long offset, int leaderEpoch, String metadata) {
    public OffsetCommit {
        metadata = Objects.requireNonNullElse(metadata, "");
    }
}
