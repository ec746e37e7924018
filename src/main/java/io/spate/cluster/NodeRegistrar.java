package io.spate.cluster;

import io.spate.common.Time;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * Registers this node's process in the metadata image ({@link RegisteredNode}), through the
 * metadata quorum like every other change, so a registration is acknowledged only once a majority of
 * the voters has it. A registration of the node id by another process is replaced only while that
 * process is not present; a node cut off from the quorum waits (retrying every 250 ms, logging every
 * 10 s) at most the join timeout, then fails.
 *
 * <p>Once registered, the registrar watches the image: when another process has registered the
 * same id since (this process was taken for gone, for instance across a network partition, and the
 * id was started again elsewhere), it logs an error once. Such a process is no longer live for any
 * node: the controller takes it out of every ISR and moves its leaderships away.
 *
 * <p>Threading: call it on any Vert.x context; Futures complete on the metadata's context.
 */
public final class NodeRegistrar {
    private static final System.Logger LOG = System.getLogger(NodeRegistrar.class.getName());
    private static final long RETRY_MS = 250;
    private static final long LOG_EVERY_NS = 10_000_000_000L;

    private final Vertx vertx;
    private final ClusterMetadata metadata;
    private final ClusterMembership membership;
    private final String rack;
    private final Time time;
    private volatile boolean supersededLogged;

    public NodeRegistrar(Vertx vertx, ClusterMetadata metadata, ClusterMembership membership, String rack, Time time) {
        this.vertx = vertx;
        this.metadata = metadata;
        this.membership = membership;
        this.rack = rack;
        this.time = time;
    }

    /** Starts watching the image for another process's registration of this node id. */
    public NodeRegistrar watch() {
        Consumer<MetadataImage> check = image -> {
            RegisteredNode r = image.nodes().get(membership.localNodeId());
            if (r != null && !r.incarnation().equals(membership.incarnation()) && !supersededLogged) {
                supersededLogged = true;
                LOG.log(System.Logger.Level.ERROR, "node id " + r.nodeId() + " is now registered by another process ("
                        + r.address() + ", incarnation " + r.incarnation() + "): this process (incarnation "
                        + membership.incarnation() + ") is no longer live and should be stopped");
            }
        };
        metadata.onChange(check);
        return this;
    }

    /**
     * Registers this process as reachable at {@code host:port} (port 0 while the listener is not bound
     * yet), without a Kafka listener; completes once the registration is committed.
     *
     * @throws NodeIdInUseException (as the Future's failure) when another present process holds the id
     */
    public Future<MetadataImage> register(String host, int port, long timeoutMs) {
        return register(host, port, null, timeoutMs);
    }

    /**
     * {@link #register(String, int, long)} with where Kafka clients reach this node's Kafka listener
     * ({@code kafka}, null when it runs none): every node then names it in its Kafka answers.
     */
    public Future<MetadataImage> register(String host, int port, Endpoint kafka, long timeoutMs) {
        RegisteredNode wanted = new RegisteredNode(membership.localNodeId(), membership.incarnation(), host, port, rack,
                kafka);
        Promise<MetadataImage> done = Promise.promise();
        attempt(wanted, time.nanoseconds() + timeoutMs * 1_000_000L, 0, done);
        return done.future();
    }

    private void attempt(RegisteredNode wanted, long deadline, long nextLog, Promise<MetadataImage> done) {
        metadata.update(image -> registered(image, wanted)).onComplete(ar -> {
            if (ar.succeeded()) {
                done.complete(ar.result());
                return;
            }
            if (ar.cause() instanceof NodeIdInUseException || time.nanoseconds() > deadline) {
                done.fail(ar.cause() instanceof NodeIdInUseException ? ar.cause()
                        : new IllegalStateException("node " + wanted.nodeId() + " cannot register with the metadata quorum: "
                        + ar.cause().getMessage(), ar.cause()));
                return;
            }
            long next = nextLog;
            if (time.nanoseconds() > nextLog) {
                LOG.log(System.Logger.Level.INFO, "node " + wanted.nodeId() + " waits to register with the metadata "
                        + "quorum: " + ar.cause().getMessage());
                next = time.nanoseconds() + LOG_EVERY_NS;
            }
            long logAt = next;
            vertx.setTimer(RETRY_MS, t -> attempt(wanted, deadline, logAt, done));
        });
    }

    /** The image with {@code wanted} registered; the image itself when it already is. */
    private MetadataImage registered(MetadataImage image, RegisteredNode wanted) {
        RegisteredNode now = image.nodes().get(wanted.nodeId());
        if (wanted.equals(now)) {
            return image;
        }
        if (now != null && !now.incarnation().equals(wanted.incarnation())
                && membership.isPresent(now.nodeId(), now.incarnation())) {
            throw new NodeIdInUseException(now);
        }
        return image.withNode(wanted);
    }

    /** The node id is registered by another process that is still present. */
    public static final class NodeIdInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NodeIdInUseException(RegisteredNode holder) {
            super("node id " + holder.nodeId() + " is registered by another live process at " + holder.address()
                    + " (incarnation " + holder.incarnation() + ")");
        }
    }
}
