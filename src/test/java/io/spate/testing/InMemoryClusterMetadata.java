package io.spate.testing;

import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.MetadataImage;
import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Cluster metadata held in memory for unit tests: every change applies at once, on the caller's
 * thread, and no listener is ever told. {@link #image()} is what was written.
 */
public class InMemoryClusterMetadata implements ClusterMetadata {
    private MetadataImage image;

    public InMemoryClusterMetadata() {
        this(MetadataImage.EMPTY);
    }

    public InMemoryClusterMetadata(MetadataImage image) {
        this.image = image;
    }

    /** The image as the last change left it. */
    public MetadataImage image() {
        return image;
    }

    @Override
    public MetadataImage current() {
        return image;
    }

    @Override
    public Future<MetadataImage> update(UnaryOperator<MetadataImage> change) {
        image = change.apply(image);
        return Future.succeededFuture(image);
    }

    @Override
    public void onChange(Consumer<MetadataImage> listener) {
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
