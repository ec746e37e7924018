package io.spate.broker.topic;

import io.spate.cluster.ClusterMetadata;
import io.spate.txn.ProducerIdBlocks;
import io.vertx.core.Future;

/**
 * A cluster node's producer-id blocks: each claim is a change of the metadata image
 * ({@link io.spate.cluster.MetadataImage#withProducerIdBlock}) committed through the metadata quorum,
 * so a block is this node's only once a majority of the voters has it, and two nodes, or the two
 * sides of a partition, can never be given the same block (the minority side commits nothing).
 */
public final class QuorumProducerIdBlocks implements ProducerIdBlocks {
    private final ClusterMetadata metadata;

    public QuorumProducerIdBlocks(ClusterMetadata metadata) {
        this.metadata = metadata;
    }

    @Override
    public Future<Long> claim(int size) {
        // the committed image is the one this change made: its block ends where the image's next begins
        return metadata.update(image -> image.withProducerIdBlock(size)).map(image -> image.nextProducerId() - size);
    }
}
