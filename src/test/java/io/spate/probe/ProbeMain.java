package io.spate.probe;

import picocli.CommandLine;

/**
 * Runs one probe against a node on loopback: {@code java -cp spate.jar:test-classes
 * io.spate.probe.ProbeMain <probe> --port P --pid PID [options]}. The scripts in
 * {@code scripts/probe/} start the node, call this and clean up; {@code --help} lists a probe's options.
 * Exit status: 0 when the node came through as it should, 1 when a check failed (the figures say
 * which), 2 on bad arguments.
 */
@CommandLine.Command(name = "probe", mixinStandardHelpOptions = true,
        subcommands = {FuzzProbe.class, HeapProbe.class, ConnectionProbe.class, PartitionsProbe.class,
                FetchWaitProbe.class, DiskFullProbe.class, CheckProbe.class, HoldConnections.class})
public final class ProbeMain {
    /** The options every probe takes: where the node listens and its process id. */
    static final class Target {
        @CommandLine.Option(names = "--port", required = true, description = "the node's native port on 127.0.0.1")
        int port;

        @CommandLine.Option(names = "--pid", defaultValue = "0", description = "the node's process id, for RSS, fds, CPU and heap")
        long pid;

        NodeStats stats() {
            return new NodeStats(pid);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProbeMain()).execute(args));
    }

    /** Prints one figure line, "name: value", flushed at once (a probe may take the node down). */
    static void figure(String name, Object value) {
        System.out.println(name + ": " + value);
        System.out.flush();
    }
}
