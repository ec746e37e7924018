package io.spate.cli;

import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRecord;
import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.SpateConsumer;
import io.spate.client.SpateProducer;
import io.spate.protocol.TopicPartition;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spate perf e2e --topic T --rounds N --record-size S}: the end-to-end latency of one record
 * at a time, as Kafka's {@code EndToEndLatency} measures it. A consumer is assigned every partition
 * of T and positioned at the end; then, N times: send one record with {@code acks=all}, wait for the
 * acknowledgement, poll until the consumer returns it, and take the time from the send to the
 * poll's return. Prints {@link E2eLatencySummary}'s two lines (one JSON document under
 * {@code --json}).
 *
 * <p>Client settings: the defaults, except {@code linger.ms=0} — as Kafka's tool sets it, since
 * one record at a time never fills a batch and lingering would only measure the linger. The
 * consumer keeps its default long-poll fetch, which the broker answers as soon as the record is
 * readable. (Kafka's tool sets {@code fetch.max.wait.ms=0} instead, polling the broker in a loop.)
 *
 * <p>The measured loop allocates nothing of its own but the {@link ProducerRecord}: the payload is
 * one array, re-stamped with the round number each time (the previous round is acknowledged and
 * consumed before it is touched), and the latencies go into a preallocated array. Every consumed
 * record is checked: exactly one per round, with the value just sent; anything else fails the run
 * (exit 1), as does a poll that returns nothing within {@code --timeout-ms}.
 */
@Command(name = "e2e", description = "Produce one record, consume it, then the next; report the latency percentiles.")
final class PerfE2eCommand extends CliCommand {
    static final long DEFAULT_TIMEOUT_MS = 60_000;
    static final long ACKS_ALL_LINGER_MS = 0;
    private static final int STAMP_LETTERS = 4;
    private static final int LETTERS = 26;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "The topic to write to and read from.")
    String topic;

    @Option(names = "--rounds", required = true, paramLabel = "N", description = "How many records to send, one at a time.")
    int rounds;

    @Option(names = "--record-size", required = true, paramLabel = "S", description = "Bytes per record value.")
    int recordSize;

    @Option(names = "--timeout-ms", paramLabel = "T", defaultValue = "" + DEFAULT_TIMEOUT_MS,
            description = "Fail when a sent record is not consumed within T ms (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Mixin
    ProducerProperties producerProperties = new ProducerProperties();

    @Mixin
    ConsumerProperties consumerProperties = new ConsumerProperties();

    @Override
    int run() {
        validate();
        E2eLatencySummary summary;
        try (ClusterSession session = connect()) {
            List<TopicPartition> all = TopicPartitions.all(ClusterSession.await(session.admin().describeTopic(topic)));
            SpateConsumer consumer = session.consumer(new ConsumerConfig());
            consumer.assign(all);
            consumer.seekToEnd(all);
            for (TopicPartition tp : all) {
                ClusterSession.await(consumer.position(tp)); // the end is looked up now, not after the first send
            }
            SpateProducer producer = session.producer(new ProducerConfig().setAcks((short) -1)
                    .setLingerMs(ACKS_ALL_LINGER_MS));
            summary = E2eLatencySummary.of(measure(producer, consumer));
        }
        if (json()) {
            Json.print(io().out(), summary.toJson());
        } else {
            io().out().println(summary.format());
        }
        return ExitCodes.OK;
    }

    private long[] measure(SpateProducer producer, SpateConsumer consumer) {
        byte[] payload = PerfProduceCommand.payload(recordSize, new SplittableRandom());
        long[] latencies = new long[rounds];
        Duration pollTimeout = Duration.ofMillis(timeoutMs);
        for (int round = 0; round < rounds; round++) {
            stamp(payload, round);
            long start = System.nanoTime();
            ClusterSession.await(producer.send(new ProducerRecord(topic, payload)));
            List<ConsumerRecord> polled = consumer.poll(pollTimeout);
            latencies[round] = System.nanoTime() - start;
            check(polled, payload, round);
        }
        return latencies;
    }

    /** Writes the round number in base 26 (letters A-Z) over the first bytes, so each round's value differs. */
    static void stamp(byte[] payload, int round) {
        int rest = round;
        for (int i = 0; i < Math.min(STAMP_LETTERS, payload.length); i++) {
            payload[i] = (byte) ('A' + rest % LETTERS);
            rest /= LETTERS;
        }
    }

    private void check(List<ConsumerRecord> polled, byte[] sent, int round) {
        if (polled.isEmpty()) {
            throw new CommandFailedException("round " + (round + 1) + ": the record sent was not consumed within "
                    + timeoutMs + " ms");
        }
        if (polled.size() != 1) {
            throw new CommandFailedException("round " + (round + 1) + ": expected to consume 1 record, got "
                    + polled.size());
        }
        if (!Arrays.equals(sent, polled.get(0).value())) {
            throw new CommandFailedException("round " + (round + 1) + ": the record consumed at offset "
                    + polled.get(0).offset() + " is not the one sent");
        }
    }

    private void validate() {
        if (rounds < 1) {
            throw usage("--rounds must be at least 1, was " + rounds);
        }
        if (recordSize < 1) {
            throw usage("--record-size must be at least 1, was " + recordSize);
        }
        if (timeoutMs < 1) {
            throw usage("--timeout-ms must be at least 1, was " + timeoutMs);
        }
    }
}
