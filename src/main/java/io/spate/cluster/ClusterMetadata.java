package io.spate.cluster;

import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The cluster's metadata document ({@link MetadataImage}) as this node follows it: the newest
 * image seen, changes by compare-and-set, and a copy on this node's disk so that a full cluster
 * restart comes back with every topic.
 *
 * <p>Threading: {@link #current()} may be read from any thread; listeners run on the metadata's
 * own context, once per new image, in epoch order (an image may be skipped when a newer one
 * arrived meanwhile, never reordered).
 */
public interface ClusterMetadata {
    /** The newest image this node has seen. */
    MetadataImage current();

    /**
     * Applies {@code change} to the newest image and stores the result if no one changed it
     * meanwhile (retrying on the newer image otherwise). {@code change} returns its argument to
     * change nothing, or throws to refuse (the Future fails with that exception). Fails while no
     * majority of {@code cluster.size} is present.
     */
    Future<MetadataImage> update(UnaryOperator<MetadataImage> change);

    void onChange(Consumer<MetadataImage> listener);

    /** Stops following; completes once the newest image seen is on this node's disk. */
    Future<Void> close();
}
