package io.spate.cluster.raft;

import io.microraft.statemachine.StateMachine;
import io.spate.cluster.MetadataImage;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The metadata quorum's state machine: the {@link MetadataImage} every voter builds by applying the
 * committed log in order. {@link MetadataCommand.SetImage} is a compare-and-set: applied only when
 * the image's epoch is still the expected one, so a change computed on an older image never wins
 * (it gets {@link ProposalResult.Conflict} with the image it lost to). {@link MetadataCommand.NewTerm}
 * (each new leader's first entry) changes nothing. {@link MetadataCommand.Import} adopts an image
 * kept under today's layout only while the image is the empty one (epoch 0). A snapshot is one {@link MetadataCommand.Snapshot}
 * chunk holding the whole image.
 *
 * <p>The image's epoch only grows: SetImage moves it by exactly one, and a snapshot is installed
 * only past what this voter applied (MicroRaft installs a snapshot whose index is beyond the last
 * applied entry). The listener is told of every new image in epoch order and never of an older
 * one; a snapshot that would take the epoch back (which Raft rules out) is refused with an
 * {@link IllegalStateException} rather than obeyed.
 *
 * <p>Threading: MicroRaft calls every method on the Raft node's executor, one at a time, so the
 * state is confined to it; the listener runs there too and must only hand the image on. {@link
 * #image()} may be read from any thread (a volatile snapshot of the last applied image).
 */
public final class MetadataStateMachine implements StateMachine {
    private final Consumer<MetadataImage> listener;
    private volatile MetadataImage image = MetadataImage.EMPTY;

    /** {@code listener} is told of each new image, on the Raft node's executor, in epoch order. */
    public MetadataStateMachine(Consumer<MetadataImage> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The image after the last applied entry (or installed snapshot). */
    public MetadataImage image() {
        return image;
    }

    @Override
    public Object runOperation(long commitIndex, Object operation) {
        if (operation instanceof MetadataCommand.SetImage set) {
            MetadataImage now = image;
            if (set.expectedEpoch() != now.epoch()) {
                return new ProposalResult.Conflict(now);
            }
            adopt(set.next());
            return new ProposalResult.Applied(set.next());
        }
        if (operation instanceof MetadataCommand.Import imported) {
            MetadataImage now = image;
            if (now.epoch() != 0) {
                return new ProposalResult.Conflict(now); // imported already, or changed since: never overwritten
            }
            adopt(imported.image());
            return new ProposalResult.Applied(imported.image());
        }
        if (operation instanceof MetadataCommand.NewTerm) {
            return null;
        }
        // MicroRaft turns this into the failure of the proposal's Future, on every voter alike
        throw new IllegalArgumentException("not a metadata operation: " + operation);
    }

    @Override
    public void takeSnapshot(long commitIndex, Consumer<Object> snapshotChunkConsumer) {
        snapshotChunkConsumer.accept(new MetadataCommand.Snapshot(image));
    }

    @Override
    public void installSnapshot(long commitIndex, List<Object> snapshotChunks) {
        if (snapshotChunks.size() != 1 || !(snapshotChunks.get(0) instanceof MetadataCommand.Snapshot snapshot)) {
            throw new IllegalArgumentException("a metadata snapshot is one Snapshot chunk, got " + snapshotChunks);
        }
        MetadataImage installed = snapshot.image();
        MetadataImage now = image;
        if (installed.epoch() < now.epoch()) {
            throw new IllegalStateException("a snapshot at index " + commitIndex + " would take the metadata back from epoch "
                    + now.epoch() + " to " + installed.epoch());
        }
        if (!installed.equals(now)) {
            adopt(installed);
        }
    }

    @Override
    public Object getNewTermOperation() {
        return new MetadataCommand.NewTerm();
    }

    private void adopt(MetadataImage next) {
        image = next;
        listener.accept(next);
    }
}
