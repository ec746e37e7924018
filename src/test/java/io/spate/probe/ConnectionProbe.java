package io.spate.probe;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The connection probe: opens up to {@code --connections} idle connections from several
 * 127.0.0.x source addresses, prints how many the client got and how many descriptors the node
 * holds, then produces enough to roll segments of a topic with a small {@code segment.bytes} (on a
 * connection opened before the flood), closes everything and checks that the node serves, the
 * partition takes writes again and everything acknowledged reads back.
 */
@CommandLine.Command(name = "connections", mixinStandardHelpOptions = true,
        description = "many idle connections: do descriptors run out, and does the log survive it?")
final class ConnectionProbe implements Callable<Integer> {
    static final String ROLL_TOPIC = "probe-roll";

    @CommandLine.Mixin
    ProbeMain.Target target;

    @CommandLine.Option(names = "--connections", defaultValue = "20000")
    int connections;

    @CommandLine.Option(names = "--source-addresses", defaultValue = "8", description = "127.0.0.1 .. 127.0.0.N")
    int sourceAddresses;

    @CommandLine.Option(names = "--processes", defaultValue = "2",
            description = "client processes that hold the connections (each needs a descriptor per connection)")
    int processes;

    @CommandLine.Option(names = "--max-seconds", defaultValue = "120", description = "bound on opening the connections")
    int maxSeconds;

    @CommandLine.Option(names = "--roll-records", defaultValue = "20000", description = "1 KiB records produced while the connections are open")
    int rollRecords;

    @Override
    public Integer call() throws Exception {
        NodeStats stats = target.stats();
        // the partition and the producing connection exist before the flood: what is measured is the log's own files
        ProbeMain.figure("create " + ROLL_TOPIC, ProbeData.createTopic(target.port, ROLL_TOPIC, 1,
                Map.of("segment.bytes", "1048576")));
        ProbeConnection producer = ProbeConnection.open(target.port, 40_000);
        ProbeMain.figure("before", stats.summary());
        List<SocketChannel> open = new ArrayList<>();
        List<Process> holders = new ArrayList<>();
        Map<String, Integer> failures = new TreeMap<>();
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        List<String> acked = new ArrayList<>();
        boolean servedAfter;
        try {
            // the client's descriptor limit is often the node's: spread the connections over processes
            int share = (connections + processes - 1) / processes;
            for (int p = 1; p < processes; p++) {
                holders.add(startHolder(Math.min(share, connections - p * share), p * share, deadline));
            }
            open.addAll(HoldConnections.open(target.port, Math.min(share, connections), sourceAddresses, 0, deadline, failures,
                    line -> ProbeMain.figure("this process", line)));
            long held = open.size();
            for (Process h : holders) {
                String line = readLine(h, deadline);
                ProbeMain.figure("holder process", line);
                if (line.startsWith("held ")) {
                    held += Long.parseLong(line.split(" ")[1]);
                }
            }
            Thread.sleep(2_000); // let the node accept what the kernel queued
            ProbeMain.figure("client connections open", held + " of " + connections + " asked, from " + processes + " processes");
            ProbeMain.figure("node while held", stats.summary());
            ProbeMain.figure("node answers a new connection while held", ProbeData.answers(target.port, 5_000));
            ProbeData.Produced during = ProbeData.produce(target.port, producer, ROLL_TOPIC, 0, "roll-", 0, rollRecords, 100,
                    1024, 3, System.nanoTime() + 60_000_000_000L);
            acked.addAll(during.acknowledgedValues());
            ProbeMain.figure("produce while held (1 MiB segments)", during.acknowledged() + " of " + rollRecords
                    + " acknowledged; refused: " + during.errors());
            ProbeMain.figure("segments on disk", "see the script's count of " + ROLL_TOPIC + "-0/*.log");
        } finally {
            for (SocketChannel ch : open) {
                ch.close();
            }
            for (Process h : holders) {
                h.getOutputStream().close(); // tells the holder to close its connections and exit
                if (!h.waitFor(30, TimeUnit.SECONDS)) {
                    h.destroyForcibly();
                }
            }
            producer.close();
        }
        Thread.sleep(3_000);
        ProbeMain.figure("after closing", stats.summary());
        String answers = ProbeData.answers(target.port, 5_000);
        ProbeMain.figure("node answers after closing", answers);
        ProbeData.Produced after = ProbeData.produce(target.port, null, ROLL_TOPIC, 0, "roll-", rollRecords, 2_000, 100, 1024, 3,
                System.nanoTime() + 30_000_000_000L);
        acked.addAll(after.acknowledgedValues());
        ProbeMain.figure("produce after closing", after.acknowledged() + " of 2000 acknowledged; refused: " + after.errors());
        ProbeData.ReadBack back = ProbeData.readBack(target.port, ROLL_TOPIC, 0, acked, 10_000);
        ProbeMain.figure("read back", back.records() + " records, " + back.missing() + " acknowledged missing"
                + (back.error() == null ? "" : ", error: " + back.error()));
        servedAfter = "ok".equals(answers) && after.acknowledged() == 2_000 && back.whole();
        return servedAfter ? 0 : 1;
    }

    private Process startHolder(int count, int firstSource, long deadline) throws IOException {
        long seconds = Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L) + 180;
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ProbeMain.class.getName(), "hold-connections", "--port",
                Integer.toString(target.port), "--connections", Integer.toString(count), "--source-addresses",
                Integer.toString(sourceAddresses), "--first-source", Integer.toString(firstSource), "--max-seconds",
                Long.toString(seconds));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The holder's "held ..." line, or what went wrong; bounded by the deadline plus 60 s. */
    private static String readLine(Process h, long deadline) throws InterruptedException {
        java.util.concurrent.CompletableFuture<String> line = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                String l = new java.io.BufferedReader(new java.io.InputStreamReader(h.getInputStream())).readLine();
                return l == null ? "holder exited: " + h.waitFor() : l;
            } catch (IOException | InterruptedException e) {
                return "holder: " + e;
            }
        });
        try {
            return line.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L) + 60_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return "holder did not report: " + e;
        }
    }
}
