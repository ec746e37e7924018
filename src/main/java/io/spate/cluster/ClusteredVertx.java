package io.spate.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A Vert.x instance that is a Hazelcast member configured from the {@code cluster.*} keys. Closing
 * the Vert.x instance makes the member leave the cluster.
 *
 * @param vertx     the clustered Vert.x instance
 * @param hazelcast its Hazelcast member
 */
public record ClusteredVertx(Vertx vertx, HazelcastInstance hazelcast) {
    /** Hazelcast reports every member change at INFO with banners; the node logs its own view instead. */
    private static final java.util.logging.Logger HAZELCAST_LOG = java.util.logging.Logger.getLogger("com.hazelcast");

    static {
        HAZELCAST_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    public static Future<ClusteredVertx> start(ClusterConfig cluster) {
        String host;
        try {
            host = InetAddress.getByName(cluster.host()).getHostAddress();
        } catch (UnknownHostException e) {
            return Future.failedFuture(new IllegalArgumentException("cluster.host " + cluster.host() + " does not resolve"));
        }
        HazelcastClusterManager manager = new HazelcastClusterManager(HazelcastSetup.config(cluster.withHost(host)));
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost(host).setPort(0);
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .map(v -> new ClusteredVertx(v, manager.getHazelcastInstance()));
    }
}
