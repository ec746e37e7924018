/**
 * Producer ids for idempotent (and, later, transactional) producers: {@link io.spate.txn.ProducerIdManager}
 * hands out ids from blocks that a {@link io.spate.txn.ProducerIdBlocks} claims durably for this
 * node (on a cluster through the metadata quorum, on a single node in a file), so no id is ever
 * handed out twice, across restarts and nodes alike. See docs/exactly-once.md.
 */
package io.spate.txn;
