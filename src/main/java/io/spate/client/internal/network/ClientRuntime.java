package io.spate.client.internal.network;

import io.spate.transport.LoopContext;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * What every client (producer, consumer, admin) stands on: a Vert.x instance — the caller's, or
 * one of its own that it closes last — one event-loop context of its own, and the network client
 * on that context.
 */
public final class ClientRuntime {
    public final Vertx vertx;
    public final LoopContext context;
    public final NetworkClient network;
    private final boolean ownsVertx;

    private ClientRuntime(Vertx vertx, boolean ownsVertx, NetworkConfig config) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.context = LoopContext.create(vertx);
        this.network = new NetworkClient(vertx, context, config);
    }

    /** On the caller's Vert.x instance, which the caller keeps and closes. */
    public static ClientRuntime on(Vertx vertx, NetworkConfig config) {
        return new ClientRuntime(vertx, false, config);
    }

    /** On a Vert.x instance of its own, closed by {@link #close}. */
    public static ClientRuntime owned(NetworkConfig config) {
        return new ClientRuntime(Vertx.builder().build(), true, config);
    }

    /**
     * Closes the connections, then the own Vert.x instance if there is one, then completes
     * {@code done} — a promise without a context, since the context may be gone by then.
     */
    public void close(Promise<Void> done) {
        network.close().onComplete(ar -> {
            if (ownsVertx) {
                vertx.close().onComplete(x -> done.complete());
            } else {
                done.complete();
            }
        });
    }
}
