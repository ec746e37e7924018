package io.spate.cluster.raft;

import io.spate.cluster.MetadataImage;
import java.util.Objects;

/**
 * What a committed {@link MetadataCommand.SetImage} did, as {@link MetadataStateMachine} returns it
 * (and as a leader hands it back to a follower that forwarded the proposal).
 */
public sealed interface ProposalResult {
    /** The image after the command was applied or refused. */
    MetadataImage image();

    /** The expected epoch matched: {@code image} is the proposed image, now the committed one. */
    record Applied(MetadataImage image) implements ProposalResult {
        public Applied {
            Objects.requireNonNull(image, "image");
        }
    }

    /**
     * The expected epoch did not match: another change committed first. {@code image} is the image
     * the command found (newer than the one the change was computed on); nothing changed.
     */
    record Conflict(MetadataImage image) implements ProposalResult {
        public Conflict {
            Objects.requireNonNull(image, "image");
        }
    }
}
