package io.spate.probe;

import io.spate.protocol.ApiKey;
import io.spate.protocol.FetchRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;

/**
 * The fetch-wait probe: {@code --consumers} consumers, each on its own connection, fetch a quiet
 * topic with a {@code min_bytes} far above what it holds and a long {@code max_wait_ms}, again as
 * soon as each answer comes (as a consumer loop does). Prints the node's CPU time (utime + stime)
 * over an idle interval and over an interval of waiting fetches: a waiting fetch should cost
 * nothing, so both should be near zero.
 */
@CommandLine.Command(name = "fetch-wait", mixinStandardHelpOptions = true,
        description = "CPU of a node while consumers' fetches wait on a quiet topic")
final class FetchWaitProbe implements Callable<Integer> {
    static final String QUIET_TOPIC = "probe-quiet";

    @CommandLine.Mixin
    ProbeMain.Target target;

    @CommandLine.Option(names = "--consumers", defaultValue = "50")
    int consumers;

    @CommandLine.Option(names = "--min-bytes", defaultValue = "1048576")
    int minBytes;

    @CommandLine.Option(names = "--max-wait-ms", defaultValue = "2147483647")
    int maxWaitMs;

    @CommandLine.Option(names = "--interval-seconds", defaultValue = "20")
    int intervalSeconds;

    @Override
    public Integer call() throws Exception {
        NodeStats stats = target.stats();
        ProbeMain.figure("create " + QUIET_TOPIC, ProbeData.createTopic(target.port, QUIET_TOPIC, 2, Map.of()));
        ProbeData.Produced p = ProbeData.produce(target.port, QUIET_TOPIC, 0, "q-", 10, 10, 100, 1,
                System.nanoTime() + 10_000_000_000L);
        ProbeMain.figure("records on the quiet topic", p.acknowledged());
        Thread.sleep(2_000);
        double idle = cpuPercent(stats, intervalSeconds);
        ProbeMain.figure("node CPU idle, no consumers", String.format("%.2f%% of one core over %d s", idle, intervalSeconds));
        AtomicLong answered = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long deadline = System.nanoTime() + (intervalSeconds + 5) * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            Thread t = new Thread(() -> consume(deadline, answered, failed), "consumer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread.sleep(2_000);
        long answeredBefore = answered.get();
        double waiting = cpuPercent(stats, intervalSeconds);
        ProbeMain.figure("node CPU with " + consumers + " waiting fetches (min_bytes " + minBytes + ", max_wait_ms " + maxWaitMs + ")",
                String.format("%.2f%% of one core over %d s", waiting, intervalSeconds));
        ProbeMain.figure("fetches answered during the interval", answered.get() - answeredBefore
                + " (each waits up to the node's max_wait cap)");
        for (Thread t : threads) {
            t.join(45_000);
        }
        ProbeMain.figure("fetch failures", failed.get());
        ProbeMain.figure("node", stats.summary());
        return waiting < 5.0 ? 0 : 1;
    }

    private static double cpuPercent(NodeStats stats, int seconds) throws InterruptedException {
        long t0 = stats.cpuTicks();
        long n0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long ticks = stats.cpuTicks() - t0;
        double wall = (System.nanoTime() - n0) / 1e9;
        return 100.0 * ticks / NodeStats.TICKS_PER_SECOND / wall;
    }

    private void consume(long deadline, AtomicLong answered, AtomicLong failed) {
        try (ProbeConnection c = ProbeConnection.open(target.port, 60_000)) {
            while (System.nanoTime() < deadline) {
                c.call(ApiKey.FETCH, new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, maxWaitMs, minBytes, 1 << 20,
                        List.of(new FetchRequest.TopicData(QUIET_TOPIC, List.of(
                                new FetchRequest.PartitionData(0, FetchRequest.UNKNOWN_LEADER_EPOCH, 10, 1 << 20),
                                new FetchRequest.PartitionData(1, FetchRequest.UNKNOWN_LEADER_EPOCH, 0, 1 << 20))))));
                answered.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            failed.incrementAndGet();
        }
    }
}
