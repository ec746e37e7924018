package io.spate.broker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;

/**
 * One running node: the data directory's logs, the topics, the request logic and the native
 * listener, started in that order and stopped in reverse.
 *
 * <p>Lifecycle: STARTING → SERVING → STOPPING → STOPPED; {@link #close()} answers what is in
 * flight, flushes and closes every log and writes the clean-shutdown marker.
 */
public final class SpateNode {
    private static final System.Logger LOG = System.getLogger(SpateNode.class.getName());

    private final VertxInternal vertx;
    private final boolean ownsVertx;
    private final BrokerConfig config;
    private TopicManager topics;
    private NativeListener listener;
    private long flushTimer = -1;
    private long retentionTimer = -1;
    private long checkpointTimer = -1;
    private long cleanerTimer = -1;

    private SpateNode(Vertx vertx, boolean ownsVertx, BrokerConfig config) {
        this.vertx = (VertxInternal) vertx;
        this.ownsVertx = ownsVertx;
        this.config = config;
    }

    /** Starts a node on its own Vert.x instance, which it closes on {@link #close()}. */
    public static Future<SpateNode> start(BrokerConfig config) {
        Vertx vertx = Vertx.builder().with(new VertxOptions()).build();
        return start(vertx, true, config).onFailure(err -> vertx.close());
    }

    /** Starts a node on a Vert.x instance owned by the caller (tests run several per JVM). */
    public static Future<SpateNode> start(Vertx vertx, BrokerConfig config) {
        return start(vertx, false, config);
    }

    private static Future<SpateNode> start(Vertx vertx, boolean owns, BrokerConfig config) {
        SpateNode node = new SpateNode(vertx, owns, config);
        return node.doStart().map(node);
    }

    private Future<Void> doStart() {
        return TopicManager.open(vertx, config)
                .compose(tm -> {
                    topics = tm;
                    return NativeListener.start(vertx, new Broker(config, tm), config);
                })
                .map(l -> {
                    listener = l;
                    flushTimer = vertx.setPeriodic(config.flushIntervalMs(), id -> topics.flushAll());
                    retentionTimer = vertx.setPeriodic(config.retentionCheckIntervalMs(),
                            id -> topics.applyRetention(System.currentTimeMillis()));
                    checkpointTimer = vertx.setPeriodic(config.checkpointIntervalMs(), id -> topics.checkpointAll());
                    cleanerTimer = vertx.setPeriodic(config.cleanerIntervalMs(), id -> topics.cleanAll());
                    return (Void) null;
                })
                .recover(err -> closeComponents().transform(ignored -> Future.failedFuture(err)));
    }

    public BrokerConfig config() {
        return config;
    }

    /** The port the native listener is bound to (the real one when the config said 0). */
    public int port() {
        return listener.port();
    }

    /** {@code host:port} clients should use. */
    public String address() {
        return config.advertisedHost() + ":" + port();
    }

    public TopicManager topics() {
        return topics;
    }

    /** Stops serving, answers what is in flight, flushes and closes every log. */
    public Future<Void> close() {
        LOG.log(System.Logger.Level.INFO, "spate node " + config.nodeId() + " stopping");
        return closeOpened();
    }

    private Future<Void> closeOpened() {
        Future<Void> f = closeComponents();
        return ownsVertx ? f.transform(ar -> vertx.close().transform(ignored -> ar.succeeded()
                ? Future.succeededFuture() : Future.failedFuture(ar.cause()))) : f;
    }

    /** Stops what was started, in reverse order; leaves the Vert.x instance alone. */
    private Future<Void> closeComponents() {
        vertx.cancelTimer(flushTimer);
        vertx.cancelTimer(retentionTimer);
        vertx.cancelTimer(checkpointTimer);
        vertx.cancelTimer(cleanerTimer);
        Future<Void> f = listener == null ? Future.succeededFuture() : listener.close(config.shutdownTimeoutMs());
        f = f.transform(ignored -> {
            return topics != null ? topics.close() : Future.succeededFuture();
        });
        return f;
    }
}
