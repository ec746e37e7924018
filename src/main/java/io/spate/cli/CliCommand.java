package io.spate.cli;

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

    /** Probes the bootstrap list and starts the clients' Vert.x; the caller closes the session. */
    ClusterSession connect() {
        return ClusterSession.open(bootstrap());
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
