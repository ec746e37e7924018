package io.spate.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The base of every runnable {@code spate} subcommand: access to the streams, the global options and
 * usage errors found after parsing. {@link #call()} returns the exit code; failures are thrown and
 * reported by {@link Failures}.
 */
abstract class CliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The command's work; returns an {@link ExitCodes} value. */
    abstract int run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        return run();
    }

    SpateCli cli() {
        return (SpateCli) spec.root().userObject();
    }

    CliIo io() {
        return cli().io();
    }

    boolean json() {
        return cli().json();
    }

    /** A usage error found after parsing (options that exclude each other, bad values): exit 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Checks the client options, probes the bootstrap list and starts the clients' Vert.x; the caller
     * closes the session.
     */
    ClusterSession connect() {
        ClientProperties properties = clientProperties();
        try {
            properties.check();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return ClusterSession.open(bootstrap(), cli().probeTimeout(), properties, this::usage);
    }

    /** -X, and --producer-property / --consumer-property when the command has them (as mixins, at any depth). */
    ClientProperties clientProperties() {
        Map<String, String> producer = new LinkedHashMap<>();
        Map<String, String> consumer = new LinkedHashMap<>();
        collect(spec, producer, consumer);
        return new ClientProperties(cli().clientOptions(), producer, consumer);
    }

    private static void collect(CommandSpec spec, Map<String, String> producer, Map<String, String> consumer) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof ProducerProperties p) {
                producer.putAll(p.values);
            } else if (mixin.userObject() instanceof ConsumerProperties c) {
                consumer.putAll(c.values);
            }
            collect(mixin, producer, consumer);
        }
    }

    /** The names and patterns of a command line; a regular expression that does not compile is a usage error. */
    NameFilter filter(List<String> args, boolean regex) {
        try {
            return NameFilter.of(args, regex);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The parsed bootstrap list; a malformed one is a usage error. */
    Bootstrap bootstrap() {
        try {
            return Bootstrap.parse(cli().bootstrapSpec());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
