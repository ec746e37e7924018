package io.spate.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Opens idle connections and holds them until its standard input closes (or a time bound): the
 * connection probe starts several of these so that the client's own descriptor limit, often the
 * same as the node's, is not what runs out. Prints one line {@code held N failures {...}} once open.
 */
@CommandLine.Command(name = "hold-connections", mixinStandardHelpOptions = true,
        description = "open idle connections and hold them until stdin closes")
final class HoldConnections implements Callable<Integer> {
    @CommandLine.Mixin
    ProbeMain.Target target;

    @CommandLine.Option(names = "--connections", defaultValue = "10000")
    int connections;

    @CommandLine.Option(names = "--source-addresses", defaultValue = "8", description = "127.0.0.1 .. 127.0.0.N")
    int sourceAddresses;

    @CommandLine.Option(names = "--first-source", defaultValue = "0", description = "index of the first source address used")
    int firstSource;

    @CommandLine.Option(names = "--max-seconds", defaultValue = "300", description = "bound on holding")
    int maxSeconds;

    @Override
    public Integer call() throws Exception {
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        List<SocketChannel> open = open(target.port, connections, sourceAddresses, firstSource, deadline, new TreeMap<>(), line -> {
            System.out.println(line);
            System.out.flush();
        });
        java.util.concurrent.CountDownLatch stdinClosed = new java.util.concurrent.CountDownLatch(1);
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // anything written is ignored: only the end of the stream counts
                }
            } catch (IOException ignored) {
                // a broken pipe ends the hold too
            }
            stdinClosed.countDown();
        }, "stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try {
            // hold until the parent closes our stdin (or dies), bounded by the deadline
            stdinClosed.await(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } finally {
            for (SocketChannel ch : open) {
                ch.close();
            }
        }
        return 0;
    }

    /**
     * Opens up to {@code count} connections from 127.0.0.(1 + (first + i) % sources), stopping at the
     * deadline or after 1,000 failures; prints "held N failures {...}" through {@code out} at the end.
     */
    static List<SocketChannel> open(int port, int count, int sources, int first, long deadline, Map<String, Integer> failures,
                                    java.util.function.Consumer<String> out) throws IOException {
        List<SocketChannel> open = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < count && System.nanoTime() < deadline && failed <= 1_000; i++) {
            String source = "127.0.0." + (1 + (first + i) % sources);
            SocketChannel ch = null;
            try {
                ch = SocketChannel.open();
                ch.bind(new InetSocketAddress(source, 0));
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                open.add(ch);
            } catch (IOException e) {
                failed++;
                failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                if (ch != null) {
                    ch.close();
                }
            }
        }
        out.accept("held " + open.size() + " failures " + failures);
        return open;
    }
}
