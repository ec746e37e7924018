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
        Map<String, Integer> failures = new TreeMap<>();
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        List<String> acked = new ArrayList<>();
        boolean servedAfter;
        try {
            for (int i = 0; i < connections && System.nanoTime() < deadline; i++) {
                String source = "127.0.0." + (1 + i % sourceAddresses);
                SocketChannel ch = null;
                try {
                    ch = SocketChannel.open();
                    ch.bind(new InetSocketAddress(source, 0));
                    ch.connect(new InetSocketAddress("127.0.0.1", target.port));
                    open.add(ch);
                } catch (IOException e) {
                    failures.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                    if (ch != null) {
                        ch.close();
                    }
                    if (failures.values().stream().mapToInt(Integer::intValue).sum() > 1_000) {
                        break; // the client side is what runs out: stop, the figures say so
                    }
                }
                if (i % 5_000 == 4_999) {
                    ProbeMain.figure("opened " + open.size(), stats.summary());
                }
            }
            Thread.sleep(2_000); // let the node accept what the kernel queued
            ProbeMain.figure("client connections open", open.size() + " of " + connections + " asked; failures: " + failures);
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
}
