package io.spate.broker.wire;

import io.spate.broker.core.Broker;
import io.spate.group.GroupCoordinator;
import io.spate.transport.LoopContext;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The TCP listener of the native protocol: one server instance per event loop on the same port,
 * so connections spread over the event loops (Vert.x shares one bound socket between the
 * instances of a deployment, also for port 0).
 */
public final class NativeListener {
    private final Vertx vertx;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<String> deployments = new ArrayList<>();
    private volatile int port;

    private NativeListener(Vertx vertx) {
        this.vertx = vertx;
    }

    /** @param broker the request logic, given the bound port (known once the socket is bound) */
    public static Future<NativeListener> start(Vertx vertx, java.util.function.Function<java.util.function.IntSupplier, Broker> broker,
                                        GroupCoordinator groups, ListenerOptions options) {
        NativeListener l = new NativeListener(vertx);
        NativeRequestHandler handler = new NativeRequestHandler(broker.apply(l::port), groups);
        int instances = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        // instances of one deployment share one server socket, also when port 0 picks a free port
        return l.deploy(handler, options, instances).map(l);
    }

    private Future<Void> deploy(NativeRequestHandler handler, ListenerOptions options, int instances) {
        return vertx.deployVerticle(() -> new ServerVerticle(handler, options),
                new DeploymentOptions().setInstances(instances)).map(id -> {
                    deployments.add(id);
                    return null;
                });
    }

    public int port() {
        return port;
    }

    /** Stops accepting, lets requests in flight finish (up to {@code timeoutMs}), then closes every socket. */
    public Future<Void> close(long timeoutMs) {
        List<Future<Void>> drained = new ArrayList<>();
        connections.forEach(c -> drained.add(c.drainAndClose()));
        return Future.join(drained).timeout(timeoutMs, TimeUnit.MILLISECONDS).transform(ignored -> {
            List<Future<Void>> undeploy = new ArrayList<>();
            deployments.forEach(id -> undeploy.add(vertx.undeploy(id)));
            return Future.join(undeploy);
        }).transform(ignored -> Future.succeededFuture());
    }

    private final class ServerVerticle extends VerticleBase {
        private final NativeRequestHandler handler;
        private final ListenerOptions options;
        private NetServer server;

        ServerVerticle(NativeRequestHandler handler, ListenerOptions options) {
            this.handler = handler;
            this.options = options;
        }

        @Override
        public Future<?> start() {
            server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true));
            LoopContext loop = LoopContext.of(context); // this instance's event loop, shared by its connections
            server.connectHandler(socket -> {
                Connection c = new Connection(socket, loop, handler,
                        options.maxFrameBytes(), options.maxInFlightRequests(), connections::remove);
                connections.add(c);
            });
            return server.listen(options.port(), options.host()).map(s -> {
                port = s.actualPort();
                return s;
            }).recover(err -> Future.failedFuture(new IllegalStateException(
                    "cannot listen on " + options.host() + ":" + options.port() + ": " + err.getMessage(), err)));
        }

        @Override
        public Future<?> stop() {
            // closing the server stops accepting; open sockets are drained and closed by the listener
            return Future.succeededFuture();
        }
    }
}
