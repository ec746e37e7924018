package io.spate.broker.topic;

import io.spate.cluster.ClusterMetadata;
import io.spate.txn.ProducerIdBlocks;
import io.vertx.core.Future;
import java.util.UUID;

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
        // the committed image is the one this change made (its claim id is this call's alone: another node's
        // claim on the same base image is a different image): its block ends where the image's next begins
        String claim = UUID.randomUUID().toString();
        return metadata.update(image -> image.withProducerIdBlock(size, claim)).map(image -> {
            if (!claim.equals(image.producerIdClaim())) {
                throw new IllegalStateException("the committed image holds producer id claim " + image.producerIdClaim()
                        + ", not this one's " + claim);
            }
            return image.nextProducerId() - size;
        });
    }
}
