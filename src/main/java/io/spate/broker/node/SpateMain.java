package io.spate.broker.node;

import io.spate.common.FatalErrors;
import io.spate.common.SpateVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar spate.jar [--config FILE] [--set key=value]...}: starts one node, prints
 * {@code spate ready <node-id> listening on <host:port>} (then {@code , Kafka protocol on <host:port>}
 * when the Kafka listener runs) once it serves, and stops cleanly on
 * SIGTERM/SIGINT. Exit codes: 0 after a clean stop, 2 for a bad command line or config, 1 when the
 * node cannot start (data dir locked, port taken, ...), 3 when it ran out of memory
 * ({@link FatalErrors}: it halts rather than linger half-dead).
 */
public final class SpateMain {
    private SpateMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        System.setProperty("vertx.disableDnsResolver", "true");
        FatalErrors.installUncaughtHandler();
        BrokerConfig config;
        try {
            config = parse(args);
        } catch (RuntimeException e) {
            System.err.println("spate: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config == null) {
            return;
        }
        SpateNode node;
        try {
            node = SpateNode.start(config).toCompletionStage().toCompletableFuture()
                    .get(config.cluster().joinTimeoutMs() + 120_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("spate: cannot start: " + cause.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("spate ready " + node.nodeId() + " listening on " + node.address()
                + (node.kafkaPort() < 0 ? "" : ", Kafka protocol on " + node.kafkaAddress()));
        System.out.flush();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            int status = 0;
            try {
                node.close().toCompletionStage().toCompletableFuture()
                        .get(config.shutdownTimeoutMs() + 5_000, TimeUnit.MILLISECONDS);
                System.err.println("spate stopped " + node.nodeId());
            } catch (Exception e) {
                System.err.println("spate: unclean stop: " + e);
                status = 1;
            } finally {
                stopped.complete(null);
            }
            // the exit status tells a supervisor whether the stop was clean (0) or not (1),
            // instead of the JVM's 143 for every SIGTERM
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(status);
        }, "spate-shutdown"));
        stopped.join();
    }

    static BrokerConfig parse(String[] args) {
        Path file = null;
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> file = Path.of(value(args, ++i, "--config"));
                case "--set" -> sets.add(value(args, ++i, "--set"));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar spate.jar [--config FILE] [--set key=value]... | --version\n"
                            + "Starts a Spate node; keys are listed in docs/configuration.md.");
                    return null;
                }
                case "--version", "-V" -> {
                    System.out.println("spate " + SpateVersion.get());
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "' (try --help)");
            }
        }
        return ConfigLoader.load(file, sets);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
