package io.spate.probe;

import io.netty.buffer.Unpooled;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.ProduceRequest;
import io.spate.protocol.ProduceResponse;
import io.spate.protocol.RequestHeader;
import io.spate.record.CompressionType;
import io.spate.testing.DecompressionBombs;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends fuzzed frames ({@link FrameMutator}) over every API key to a node on loopback, from
 * {@code connections} threads that each reuse one connection (opening a new one only after the node
 * closed it or left a frame unanswered), after the decompression bombs ({@link DecompressionBombs}),
 * which go first, one at a time, each on its own connection. Bounded by a frame count and a deadline. Each thread draws from its own
 * {@link Random} seeded from the run's seed, so a thread's frames repeat for a seed; with one
 * connection the whole run repeats.
 */
final class Fuzzer {
    /**
     * @param answerTimeoutMs how long a frame may go unanswered before its connection is dropped
     * @param bombSizes       inflated sizes of the bombs; one bomb per size and codec of {@code bombCodecs}
     * @param progress        print a progress line every 10 s
     */
    record Options(int port, long seed, long frames, int connections, long maxMillis, int answerTimeoutMs,
                   List<CompressionType> bombCodecs, List<Integer> bombSizes, boolean progress) {
    }

    /** The counts of a run. */
    static final class Report {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong responses = new AtomicLong();
        final AtomicLong disconnects = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong connectFailures = new AtomicLong();
        final AtomicLong connectionsOpened = new AtomicLong();
        final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
        final Map<String, LongAdder> byMutation = new ConcurrentHashMap<>();
        final Map<String, LongAdder> byApi = new ConcurrentHashMap<>();
        /** One line per bomb: codec, sizes, what the node answered and how long it took. */
        final List<String> bombs = new ArrayList<>();
        volatile long elapsedMillis;

        static void count(Map<String, LongAdder> m, String k) {
            m.computeIfAbsent(k, x -> new LongAdder()).increment();
        }

        static Map<String, Long> sorted(Map<String, LongAdder> m) {
            Map<String, Long> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }

        String describe() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("frames sent %d in %.1f s; responses %d; disconnects %d; unanswered (dropped after timeout) %d;"
                            + " connections opened %d; connect failures %d%n", sent.get(), elapsedMillis / 1000.0,
                    responses.get(), disconnects.get(), unanswered.get(), connectionsOpened.get(), connectFailures.get()));
            b.append("request-level answers by code: ").append(sorted(errorsByCode)).append('\n');
            b.append("frames by mutation: ").append(sorted(byMutation)).append('\n');
            b.append("frames by api: ").append(sorted(byApi)).append('\n');
            bombs.forEach(l -> b.append("bomb: ").append(l).append('\n'));
            return b.toString();
        }
    }

    private final Options options;
    private final Report report = new Report();

    Fuzzer(Options options) {
        this.options = options;
    }

    Report run() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + options.maxMillis() * 1_000_000L;
        sendBombs(deadline);
        AtomicLong budget = new AtomicLong(options.frames());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < options.connections(); t++) {
            Random random = new Random(options.seed() + 0x9E3779B97F4A7C15L * t);
            Thread th = new Thread(() -> fuzzLoop(random, budget, deadline), "fuzz-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        long joinBy = deadline + (2L * options.answerTimeoutMs() + 10_000) * 1_000_000L;
        for (Thread th : threads) {
            while (th.isAlive() && System.nanoTime() < joinBy) {
                th.join(10_000);
                if (options.progress() && th.isAlive()) {
                    System.out.printf("  %.0f s: %d frames sent, %d responses, %d disconnects, %d unanswered%n",
                            (System.nanoTime() - start) / 1e9, report.sent.get(), report.responses.get(),
                            report.disconnects.get(), report.unanswered.get());
                }
            }
        }
        report.elapsedMillis = (System.nanoTime() - start) / 1_000_000L;
        return report;
    }

    private void fuzzLoop(Random random, AtomicLong budget, long deadline) {
        ProbeConnection c = null;
        int correlationId = 1;
        try {
            while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                if (c == null) {
                    c = connect();
                    if (c == null) {
                        continue; // counted; the budget bounds the retries
                    }
                }
                FrameMutator.Frame f = FrameMutator.next(random, correlationId++);
                Report.count(report.byMutation, f.mutation().name());
                Report.count(report.byApi, f.key().name());
                if (!exchange(c, f, random)) {
                    c.close();
                    c = null;
                }
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    private ProbeConnection connect() {
        try {
            ProbeConnection c = ProbeConnection.open(options.port(), options.answerTimeoutMs());
            report.connectionsOpened.incrementAndGet();
            return c;
        } catch (IOException e) {
            report.connectFailures.incrementAndGet();
            return null;
        }
    }

    /** Writes one frame and reads at most one answer; false when the connection is done for. */
    private boolean exchange(ProbeConnection c, FrameMutator.Frame f, Random random) {
        try {
            if (f.mutation() == FrameMutator.Mutation.PARTIAL_FRAME) {
                c.write(f.bytes(), 0, 1 + random.nextInt(f.bytes().length - 1));
                report.sent.incrementAndGet();
                return false; // hang up half-way: the node must drop the partial frame
            }
            c.write(f.bytes());
            report.sent.incrementAndGet();
            ProbeConnection.Response r = c.readFrame();
            report.responses.incrementAndGet();
            Report.count(report.errorsByCode, r.header().error().name());
            return true;
        } catch (SocketTimeoutException e) {
            report.unanswered.incrementAndGet();
            return false; // the stream may be out of step (a size prefix that promised more): start over
        } catch (EOFException e) {
            report.disconnects.incrementAndGet();
            return false;
        } catch (IOException | RuntimeException e) {
            report.disconnects.incrementAndGet();
            return false;
        }
    }

    private void sendBombs(long deadline) {
        for (CompressionType codec : options.bombCodecs()) {
            for (int size : options.bombSizes()) {
                if (System.nanoTime() > deadline) {
                    return;
                }
                if (options.progress()) {
                    System.out.printf("  sending a %s bomb of %,d bytes inflated%n", codec.configName(), size);
                }
                report.bombs.add(sendBomb(codec, size));
            }
        }
    }

    private String sendBomb(CompressionType codec, int inflated) {
        long built = System.nanoTime();
        ByteBuffer bomb = DecompressionBombs.batch(codec, inflated);
        String what = String.format("%s %,d bytes inflating to %,d (built in %d ms)", codec.configName(), bomb.remaining(),
                inflated, (System.nanoTime() - built) / 1_000_000L);
        long sentAt = System.nanoTime();
        try (ProbeConnection c = ProbeConnection.open(options.port(), 120_000)) {
            report.connectionsOpened.incrementAndGet();
            int id = c.nextCorrelationId();
            var frame = io.spate.protocol.Frames.encodeRequest(Unpooled.buffer().alloc(),
                    new RequestHeader(ApiKey.PRODUCE, (short) 0, id, "fuzz-bomb"),
                    new ProduceRequest(ProduceRequest.ACKS_ALL, 30_000, List.of(new ProduceRequest.TopicData(
                            RequestTemplates.TARGET_TOPIC, List.of(new ProduceRequest.PartitionData(0, Unpooled.wrappedBuffer(bomb)))))));
            byte[] bytes = new byte[frame.readableBytes()];
            frame.readBytes(bytes);
            frame.release();
            c.write(bytes);
            report.sent.incrementAndGet();
            Report.count(report.byMutation, "BOMB");
            Report.count(report.byApi, ApiKey.PRODUCE.name());
            ProbeConnection.Response r = c.readFrame();
            report.responses.incrementAndGet();
            Report.count(report.errorsByCode, r.header().error().name());
            String answer = r.header().error().name();
            if (r.header().error() == ErrorCode.NONE) {
                ProduceResponse.PartitionResponse p = ProduceResponse.readFrom(r.body()).topics().get(0).partitions().get(0);
                answer = p.error() + (p.errorMessage() == null ? "" : " \"" + p.errorMessage() + "\"");
            }
            return what + ": answered " + answer + " in " + (System.nanoTime() - sentAt) / 1_000_000L + " ms";
        } catch (IOException | RuntimeException e) {
            report.disconnects.incrementAndGet();
            return what + ": " + e + " after " + (System.nanoTime() - sentAt) / 1_000_000L + " ms";
        }
    }
}
