package io.spate.cli;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ProducerConfig;
import io.spate.client.SpateAdmin;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The clients one CLI command uses, on one Vert.x instance: opened after the bootstrap probe
 * succeeded, closed (clients first, then Vert.x) when the command ends. Admin calls block the
 * command's thread with {@link #await} (the CLI's own thread, never a Vert.x one).
 *
 * <p>Used by the command's thread only.
 */
final class ClusterSession implements AutoCloseable {
    /** The longest one admin operation may take, on top of the clients' own request timeouts. */
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(90);
    /** How long closing a client may take before the CLI gives up on it and exits anyway. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Bootstrap bootstrap;
    private final Vertx vertx;
    private final List<Supplier<Future<Void>>> closers = new ArrayList<>();
    private SpateAdmin admin;

    private ClusterSession(Bootstrap bootstrap, Vertx vertx) {
        this.bootstrap = bootstrap;
        this.vertx = vertx;
    }

    /** Probes the bootstrap list ({@link CannotConnectException} if no node answers), then starts Vert.x. */
    static ClusterSession open(Bootstrap bootstrap) {
        bootstrap.probe();
        return new ClusterSession(bootstrap, Vertx.vertx());
    }

    SpateAdmin admin() {
        if (admin == null) {
            SpateAdmin created = SpateAdmin.create(vertx, new AdminConfig().setBootstrapServers(bootstrap.servers()));
            closers.add(created::close);
            admin = created;
        }
        return admin;
    }

    /** A producer with the given options and this session's bootstrap list. */
    SpateProducer producer(ProducerConfig config) {
        SpateProducer producer = SpateProducer.create(vertx, config.setBootstrapServers(bootstrap.servers()));
        closers.add(producer::close);
        return producer;
    }

    /** A consumer with the given options and this session's bootstrap list. */
    SpateConsumer consumer(ConsumerConfig config) {
        SpateConsumer consumer = SpateConsumer.create(vertx, config.setBootstrapServers(bootstrap.servers()));
        closers.add(consumer::close);
        return consumer;
    }

    /** Blocks until the operation completes; its failure is rethrown (a SpateException for broker errors). */
    static <T> T await(Future<T> operation) {
        return Blocking.await(operation, OPERATION_TIMEOUT);
    }

    /** Closes the clients in reverse order of creation, then Vert.x; a failing close does not stop the others. */
    @Override
    public void close() {
        for (int i = closers.size() - 1; i >= 0; i--) {
            try {
                Blocking.await(closers.get(i).get(), CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                // the command's outcome is already decided; a client that cannot close cleanly changes nothing
            }
        }
        try {
            Blocking.await(vertx.close(), CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            // as above: exiting the process releases what is left
        }
    }
}
