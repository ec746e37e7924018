package io.spate.broker.wire;

import io.spate.common.Time;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * A TCP listener of one protocol (the native one, Kafka's): one server instance per event loop on
 * the same port, so connections spread over the event loops (Vert.x shares one bound socket between
 * the instances of a deployment, also for port 0). What a request means is its {@link FrameHandler}'s.
 *
 * <p>Limits (docs/operations.md, "Limits"): a new connection over {@code max.connections},
 * {@code max.connections.per.ip} or the file-descriptor headroom is closed at once
 * ({@link ConnectionLimits}); every connection's request memory counts against one node-wide
 * {@link QueuedRequestBytes}; both are {@link Shared} by the node's listeners. Each instance closes
 * its own connections once idle for {@code connections.max.idle.ms}, checked by a timer on its event loop.
 */
public final class RequestListener {
    private static final System.Logger LOG = System.getLogger(RequestListener.class.getName());

    private final Vertx vertx;
    private final Time time;
    private final String name;
    private final boolean inRequestOrder;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<String> deployments = new ArrayList<>();
    private final Shared shared;
    private final AtomicLong closedIdle = new AtomicLong();
    private volatile int port;

    /**
     * What the listeners of one node count together: the request memory bound and the connection
     * limits (options of the native listener: {@code queued.max.request.bytes}, {@code max.connections},
     * {@code max.connections.per.ip}).
     */
    public static final class Shared {
        private final QueuedRequestBytes memory;
        private final ConnectionLimits limits;

        /**
         * @param clusterNode whether a peer address (as {@code 10.0.0.7}) is another node of the cluster,
         *                    whose connections the connection limits do not count
         */
        public Shared(ListenerOptions options, Time time, Predicate<String> clusterNode) {
            this.memory = new QueuedRequestBytes(options.queuedMaxRequestBytes(), time);
            this.limits = new ConnectionLimits(options.maxConnections(), options.maxConnectionsPerIp(),
                    FileDescriptors.ofProcess(), clusterNode, time);
        }
    }

    private RequestListener(Vertx vertx, String name, boolean inRequestOrder, Shared shared, Time time) {
        this.vertx = vertx;
        this.time = time;
        this.name = name;
        this.inRequestOrder = inRequestOrder;
        this.shared = shared;
    }

    /**
     * Binds {@code options.host():options.port()} and serves each connection's frames with the handler
     * {@code handler} makes once the port is known.
     *
     * @param name           the protocol, for logs ("native", "kafka")
     * @param inRequestOrder answers go out in the order of the requests (Kafka's rule), else as they complete
     */
    public static Future<RequestListener> start(Vertx vertx, String name, Function<IntSupplier, FrameHandler> handler,
                                                boolean inRequestOrder, ListenerOptions options, Shared shared, Time time) {
        RequestListener l = new RequestListener(vertx, name, inRequestOrder, shared, time);
        FrameHandler frames = handler.apply(l::port);
        int instances = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
        // instances of one deployment share one server socket, also when port 0 picks a free port
        return l.deploy(frames, options, instances).map(v -> {
            LOG.log(System.Logger.Level.INFO, name + " listener on " + options.host() + ":" + l.port
                    + ", limits: queued.max.request.bytes=" + options.queuedMaxRequestBytes()
                    + " max.connections=" + options.maxConnections() + " max.connections.per.ip=" + options.maxConnectionsPerIp()
                    + " connections.max.idle.ms=" + options.connectionsMaxIdleMs()
                    + " file descriptors kept for the log=" + shared.limits.fdHeadroom());
            return l;
        });
    }

    private Future<Void> deploy(FrameHandler handler, ListenerOptions options, int instances) {
        return vertx.deployVerticle(() -> new ServerVerticle(handler, options),
                new DeploymentOptions().setInstances(instances)).map(id -> {
                    deployments.add(id);
                    return null;
                });
    }

    public int port() {
        return port;
    }

    /** The resource figures now: the shared memory and limits, this listener's idle closes. */
    public ListenerStats stats() {
        QueuedRequestBytes memory = shared.memory;
        ConnectionLimits limits = shared.limits;
        return new ListenerStats(memory.used(), memory.peak(), memory.pauses(), limits.connections(),
                limits.refused(ConnectionLimits.Refusal.MAX_CONNECTIONS),
                limits.refused(ConnectionLimits.Refusal.MAX_CONNECTIONS_PER_IP),
                limits.refused(ConnectionLimits.Refusal.FD_HEADROOM), closedIdle.get());
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
        private final FrameHandler handler;
        private final ListenerOptions options;
        /** This instance's connections: touched on its event loop only. */
        private final List<Connection> own = new ArrayList<>();
        private NetServer server;
        private long idleTimer = -1;

        ServerVerticle(FrameHandler handler, ListenerOptions options) {
            this.handler = handler;
            this.options = options;
        }

        @Override
        public Future<?> start() {
            server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true));
            LoopContext loop = LoopContext.of(context); // this instance's event loop, shared by its connections
            server.connectHandler(socket -> {
                String host = socket.remoteAddress() == null ? "" : socket.remoteAddress().host();
                if (shared.limits.admit(host) != null) {
                    socket.close();
                    return;
                }
                Connection c = new Connection(socket, loop, handler, inRequestOrder, options, shared.memory, time, closed -> {
                    connections.remove(closed);
                    own.remove(closed);
                    shared.limits.release(host);
                });
                connections.add(c);
                own.add(c);
            });
            long idleMs = options.connectionsMaxIdleMs();
            // checked a few times per idle period (at most once a second): a connection closes within
            // idleMs and a quarter of it (or a second) after its last activity
            idleTimer = vertx.setPeriodic(Math.max(10, Math.min(1_000, idleMs / 4)), id -> closeIdle(idleMs));
            return server.listen(options.port(), options.host()).map(s -> {
                port = s.actualPort();
                return s;
            }).recover(err -> Future.failedFuture(new IllegalStateException(
                    "cannot start the " + name + " listener on " + options.host() + ":" + options.port() + ": " + err.getMessage(), err)));
        }

        private void closeIdle(long idleMs) {
            long since = time.milliseconds() - idleMs;
            for (Connection c : List.copyOf(own)) {
                if (c.idleSince(since)) {
                    closedIdle.incrementAndGet();
                    c.closeIdle(idleMs);
                }
            }
        }

        @Override
        public Future<?> stop() {
            vertx.cancelTimer(idleTimer);
            // closing the server stops accepting; open sockets are drained and closed by the listener
            return Future.succeededFuture();
        }
    }
}
