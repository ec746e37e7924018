package io.spate.cli;

import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.SpateConsumer;
import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spate perf consume --topic T --records N}: reads N records from the beginning of every
 * partition and prints {@link ConsumePerfSummary}'s line. If no record arrives for
 * {@code --timeout-ms} (default 10 s, as Kafka's consumer perf tool) before N are read, it prints
 * the summary of what it read and fails (exit 1).
 */
@Command(name = "consume", description = "Consume N records from the beginning and report throughput.")
final class PerfConsumeCommand extends CliCommand {
    static final long DEFAULT_TIMEOUT_MS = 10_000;
    /** How often the watching thread checks for the end or the timeout. */
    private static final long WATCH_MS = 100;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "The topic to read.")
    String topic;

    @Option(names = "--records", required = true, paramLabel = "N", description = "How many records to read.")
    long records;

    @Option(names = "--timeout-ms", paramLabel = "T", defaultValue = "" + DEFAULT_TIMEOUT_MS,
            description = "Give up after T ms without a record (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Mixin
    ConsumerProperties consumerProperties = new ConsumerProperties();

    @Override
    int run() {
        if (records < 1) {
            throw usage("--records must be at least 1, was " + records);
        }
        if (timeoutMs < 1) {
            throw usage("--timeout-ms must be at least 1, was " + timeoutMs);
        }
        ConsumePerfSummary summary;
        try (ClusterSession session = connect()) {
            List<TopicPartition> all = TopicPartitions.all(ClusterSession.await(session.admin().describeTopic(topic)));
            SpateConsumer consumer = session.consumer(new ConsumerConfig().setAutoOffsetReset(OffsetResetStrategy.EARLIEST));
            consumer.assign(all);
            consumer.seekToBeginning(all);
            summary = consumeAll(consumer);
        }
        if (json()) {
            Json.print(io().out(), summary.toJson());
        } else {
            io().out().println(summary.format());
        }
        if (summary.records() < records) {
            throw new CommandFailedException("consumed only " + summary.records() + " of " + records
                    + " records: none arrived for " + timeoutMs + " ms");
        }
        return ExitCodes.OK;
    }

    /**
     * Takes the records with the consumer's push face, on its event loop: no thread hand-off per
     * poll, and a demand of exactly N so the summary counts exactly the records asked for. The
     * main thread only watches for the end or the timeout.
     */
    private ConsumePerfSummary consumeAll(SpateConsumer consumer) {
        Counter counter = new Counter(records);
        long start = System.currentTimeMillis();
        long lastProgressAt = start;
        long seen = 0;
        consumer.exceptionHandler(counter.done::completeExceptionally);
        consumer.pause();
        consumer.fetch(records);
        consumer.handler(counter::count);
        while (!counter.done.isDone()) {
            try {
                counter.done.get(WATCH_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long now = System.currentTimeMillis();
                long n = counter.count();
                if (n != seen) {
                    seen = n;
                    lastProgressAt = now;
                } else if (now - lastProgressAt >= timeoutMs) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new CompletionException(e.getCause());
            }
        }
        consumer.pause();
        // all N read: the time of the last one; else the last time the watch saw the count move
        long end = counter.done.isDone() ? counter.doneAt : lastProgressAt;
        return new ConsumePerfSummary(counter.count(), counter.bytes(), end - start);
    }

    /**
     * Counts on the consumer's context, read by the watching thread. Per record it only adds: the
     * totals are published with release stores (no fence per record, unlike volatile writes) and
     * the clock is read once, at the N-th record.
     */
    private static final class Counter {
        final long wanted;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        /** Written only on the consumer's context (plain read, release store), read by the watcher. */
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        volatile long doneAt;

        Counter(long wanted) {
            this.wanted = wanted;
        }

        void count(ConsumerRecord r) {
            byte[] k = r.key();
            byte[] v = r.value();
            bytes.setRelease(bytes.getPlain() + (k == null ? 0 : k.length) + (v == null ? 0 : v.length));
            long n = count.getPlain() + 1;
            count.setRelease(n);
            if (n == wanted) {
                doneAt = System.currentTimeMillis();
                done.complete(null);
            }
        }

        long count() {
            return count.get();
        }

        long bytes() {
            return bytes.get();
        }
    }
}
