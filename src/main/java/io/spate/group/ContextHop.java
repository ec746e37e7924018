package io.spate.group;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Brings a Future's completion back to the coordinator's context: the offsets topic may complete
 * an append or a replay on its own partition's context, and group state must only be touched on
 * the coordinator's.
 */
final class ContextHop {
    private ContextHop() {
    }

    static <T> Future<T> back(Context context, Future<T> future) {
        Promise<T> promise = Promise.promise();
        future.onComplete(ar -> {
            if (Vertx.currentContext() == context) {
                promise.handle(ar);
            } else {
                context.runOnContext(v -> promise.handle(ar));
            }
        });
        return promise.future();
    }
}
