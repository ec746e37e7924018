package io.spate.cli;

import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.SpateConsumer;
import io.spate.protocol.TopicPartition;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
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
    private static final long POLL_MS = 100;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "The topic to read.")
    String topic;

    @Option(names = "--records", required = true, paramLabel = "N", description = "How many records to read.")
    long records;

    @Option(names = "--timeout-ms", paramLabel = "T", defaultValue = "" + DEFAULT_TIMEOUT_MS,
            description = "Give up after T ms without a record (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

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

    private ConsumePerfSummary consumeAll(SpateConsumer consumer) {
        long start = System.currentTimeMillis();
        long lastRecordAt = start;
        long count = 0;
        long bytes = 0;
        while (count < records) {
            List<ConsumerRecord> batch = consumer.poll(Duration.ofMillis(POLL_MS));
            long now = System.currentTimeMillis();
            for (ConsumerRecord r : batch) {
                if (count == records) {
                    break; // a poll may bring more than asked for; the summary counts exactly N
                }
                count++;
                bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
            }
            if (!batch.isEmpty()) {
                lastRecordAt = now;
            } else if (now - lastRecordAt >= timeoutMs) {
                break;
            }
        }
        return new ConsumePerfSummary(count, bytes, lastRecordAt - start);
    }
}
