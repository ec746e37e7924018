package io.spate.txn;

import io.vertx.core.Future;

/**
 * Where a node claims blocks of producer ids. A claimed block belongs to this node alone, durably:
 * once the Future succeeds, no other claim (by this or any node, before or after a restart) ever
 * gets an id of it. A claim that fails may still have taken its block; that block is simply never
 * used.
 */
public interface ProducerIdBlocks {
    /** Claims the next {@code size} ids; the Future holds the first of them. */
    Future<Long> claim(int size);
}
