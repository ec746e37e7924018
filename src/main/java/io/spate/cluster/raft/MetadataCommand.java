package io.spate.cluster.raft;

import io.spate.cluster.MetadataImage;
import java.util.Objects;

/**
 * What the metadata quorum's log holds, besides MicroRaft's own membership changes: the operations
 * its state machine applies, and the snapshot it takes. Every one is deterministic, so each voter
 * that applies the same log ends with the same image.
 */
public sealed interface MetadataCommand {
    /**
     * Committed by each new leader at the start of its term (Raft's no-op entry): it lets the leader
     * commit what earlier terms left uncommitted, and changes nothing.
     */
    record NewTerm() implements MetadataCommand {
    }

    /**
     * Replace the image with {@code next} if the image's epoch is still {@code expectedEpoch}
     * ({@code next.epoch()} is {@code expectedEpoch + 1}); otherwise change nothing. A change is
     * computed on the image its proposer saw, so this keeps the compare-and-set semantics of
     * {@link io.spate.cluster.ClusterMetadata#update}: a change built on an older image never wins.
     */
    record SetImage(long expectedEpoch, MetadataImage next) implements MetadataCommand {
        public SetImage {
            Objects.requireNonNull(next, "next");
            if (next.epoch() != expectedEpoch + 1) {
                throw new IllegalArgumentException("a change moves the epoch by one: " + expectedEpoch + " -> "
                        + next.epoch());
            }
        }
    }

    /**
     * Adopt {@code image}, the metadata a node kept under today's layout ({@code meta/cluster.json}),
     * if the quorum's image is still the empty one (epoch 0); else nothing changes. Proposed once
     * by the nodes of a fresh quorum, so a cluster upgraded from the Hazelcast-held metadata keeps its
     * topics: the first import to commit wins, every later one finds epoch &gt; 0 and is refused.
     */
    record Import(MetadataImage image) implements MetadataCommand {
        public Import {
            Objects.requireNonNull(image, "image");
            if (image.epoch() < 1) {
                throw new IllegalArgumentException("an imported image has epoch 1 or more, was " + image.epoch());
            }
        }
    }

    /** The state machine's snapshot: the whole image (one chunk; images are small). */
    record Snapshot(MetadataImage image) implements MetadataCommand {
        public Snapshot {
            Objects.requireNonNull(image, "image");
        }
    }
}
