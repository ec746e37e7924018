package io.spate.cli;

import io.spate.client.AdminConfig;
import io.spate.client.Blocking;
import io.spate.client.ClientConfig;
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
import java.util.function.Function;
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
    private final ClientProperties properties;
    private final Function<String, RuntimeException> usageError;
    private final Vertx vertx;
    private final List<Supplier<Future<Void>>> closers = new ArrayList<>();
    private SpateAdmin admin;

    private ClusterSession(Bootstrap bootstrap, ClientProperties properties, Function<String, RuntimeException> usageError,
                           Vertx vertx) {
        this.bootstrap = bootstrap;
        this.properties = properties;
        this.usageError = usageError;
        this.vertx = vertx;
    }

    /**
     * Probes the bootstrap list ({@link CannotConnectException} if no node answers within
     * {@code probeTimeout}), then starts Vert.x. Every client gets the bootstrap list and then the
     * command line's client options; options that do not validate become {@code usageError}s.
     */
    static ClusterSession open(Bootstrap bootstrap, Duration probeTimeout, ClientProperties properties,
                               Function<String, RuntimeException> usageError) {
        bootstrap.probe(probeTimeout);
        return new ClusterSession(bootstrap, properties, usageError, Vertx.vertx());
    }

    SpateAdmin admin() {
        if (admin == null) {
            AdminConfig config = validated(properties.applyTo(new AdminConfig().setBootstrapServers(bootstrap.servers())));
            SpateAdmin created = SpateAdmin.create(vertx, config);
            closers.add(created::close);
            admin = created;
        }
        return admin;
    }

    /** A producer with the given options, this session's bootstrap list and the command line's client options. */
    SpateProducer producer(ProducerConfig config) {
        SpateProducer producer = SpateProducer.create(vertx,
                validated(properties.applyTo(config.setBootstrapServers(bootstrap.servers()))));
        closers.add(producer::close);
        return producer;
    }

    /** A consumer with the given options, this session's bootstrap list and the command line's client options. */
    SpateConsumer consumer(ConsumerConfig config) {
        SpateConsumer consumer = SpateConsumer.create(vertx,
                validated(properties.applyTo(config.setBootstrapServers(bootstrap.servers()))));
        closers.add(consumer::close);
        return consumer;
    }

    /** The config, validated; a bad value or combination (e.g. from -X) is a usage error. */
    private <C extends ClientConfig<C>> C validated(C config) {
        try {
            return config.validate();
        } catch (IllegalArgumentException e) {
            throw usageError.apply(e.getMessage());
        }
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
