package io.spate.txn;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Hands out producer ids, one per new idempotent producer, from blocks of {@link #BLOCK_SIZE} that
 * {@link ProducerIdBlocks} claims for this node (Kafka's controller hands out blocks of 1,000 the
 * same way). Ids are unique across the cluster and its restarts; they are not dense (a restart
 * leaves the rest of its block unused).
 *
 * <p>Threading: {@link #nextProducerId()} may be called from any thread; the state is confined to
 * the context given at construction, where each call runs. Requests that arrive while a block is
 * being claimed wait for it, in order; a failed claim fails them all, and the next request claims
 * again.
 */
public final class ProducerIdManager {
    public static final int BLOCK_SIZE = 1000;

    private final Context context;
    private final ProducerIdBlocks blocks;
    private final Queue<Promise<Long>> waiting = new ArrayDeque<>();
    private long next;
    private long end; // exclusive: no ids left when next == end
    private boolean claiming;

    public ProducerIdManager(Context context, ProducerIdBlocks blocks) {
        this.context = context;
        this.blocks = blocks;
    }

    /** A producer id no one was given before. */
    public Future<Long> nextProducerId() {
        Promise<Long> p = Promise.promise();
        context.runOnContext(v -> {
            if (next < end && waiting.isEmpty()) {
                p.complete(next++);
                return;
            }
            waiting.add(p);
            if (!claiming) {
                claimBlock();
            }
        });
        return p.future();
    }

    private void claimBlock() {
        claiming = true;
        blocks.claim(BLOCK_SIZE).onComplete(ar -> context.runOnContext(v -> {
            claiming = false;
            if (ar.failed()) {
                while (!waiting.isEmpty()) {
                    waiting.poll().fail(ar.cause());
                }
                return;
            }
            next = ar.result();
            end = next + BLOCK_SIZE;
            while (!waiting.isEmpty() && next < end) {
                waiting.poll().complete(next++);
            }
            if (!waiting.isEmpty()) {
                claimBlock(); // more waiters than one block holds
            }
        }));
    }
}
