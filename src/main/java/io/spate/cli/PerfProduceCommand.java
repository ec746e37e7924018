package io.spate.cli;

import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.SpateProducer;
import java.io.PrintStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spate perf produce --topic T --records N --record-size S --throughput R --acks A}: sends N
 * records of S random upper-case letters (one payload for all, no key, as Kafka's
 * ProducerPerformance) at up to R records/s ({@link ThroughputThrottler}; -1 = unlimited), prints
 * a progress line every 5 s and the summary line of {@link ProducePerfSummary} at the end. Under
 * {@code --json} progress goes to stderr and stdout gets one JSON document. A failed record stops
 * the run with exit code 1.
 */
@Command(name = "produce", description = "Produce N records as fast as allowed and report throughput and latency.")
final class PerfProduceCommand extends CliCommand {
    private static final int LETTERS = 26;

    @Option(names = "--topic", required = true, paramLabel = "T", description = "The topic to write to.")
    String topic;

    @Option(names = "--records", required = true, paramLabel = "N", description = "How many records to send.")
    long records;

    @Option(names = "--record-size", required = true, paramLabel = "S", description = "Bytes per record value.")
    int recordSize;

    @Option(names = "--throughput", required = true, paramLabel = "R",
            description = "Records per second at most; -1 for no limit.")
    double throughput;

    @Mixin
    ProducerOptions producerOptions = new ProducerOptions();

    @Option(names = "--batch-size", paramLabel = "BYTES",
            description = "The producer's batch.size (default: " + ProducerConfig.DEFAULT_BATCH_SIZE + ").")
    Integer batchSize;

    @Option(names = "--linger-ms", paramLabel = "MS",
            description = "The producer's linger.ms (default: " + ProducerConfig.DEFAULT_LINGER_MS + ").")
    Long lingerMs;

    @Option(names = "--transactional-id", paramLabel = "ID",
            description = "Send in transactions of this transactional id, each committed after --transaction-duration-ms"
                    + " (as kafka-producer-perf-test).")
    String transactionalId;

    @Option(names = "--transaction-duration-ms", paramLabel = "MS",
            description = "With --transactional-id: how long a transaction stays open before it is committed and the"
                    + " next begins (default: " + DEFAULT_TRANSACTION_DURATION_MS + ", Kafka's).")
    Long transactionDurationMs;

    /** Kafka's ProducerPerformance default for --transaction-duration-ms. */
    static final long DEFAULT_TRANSACTION_DURATION_MS = 3000;

    @Override
    int run() throws Exception {
        validate();
        ProducerConfig config = producerOptions.config();
        if (batchSize != null) {
            config.setBatchSize(batchSize);
        }
        if (lingerMs != null) {
            config.setLingerMs(lingerMs);
        }
        if (transactionalId != null) {
            config.setTransactionalId(transactionalId);
        }
        PrintStream progressOut = json() ? io().err() : io().out();
        ProducePerfSummary summary;
        try (ClusterSession session = connect()) {
            // fail at once on a missing topic rather than after the producer's max.block.ms
            ClusterSession.await(session.admin().describeTopic(topic));
            SpateProducer producer = session.producer(config);
            // Kafka's send() blocks its caller until the topic's metadata is known, so its throttled
            // schedule starts after that wait; do the same instead of queueing records behind it
            ClusterSession.await(producer.partitionsFor(topic));
            if (transactionalId != null) {
                ClusterSession.await(producer.initTransactions());
            }
            summary = sendAll(producer, config.getBufferMemory(), line -> {
                progressOut.println(line);
                progressOut.flush();
            });
        }
        if (json()) {
            Json.print(io().out(), summary.toJson());
        } else {
            io().out().println(summary.format());
        }
        return ExitCodes.OK;
    }

    private ProducePerfSummary sendAll(SpateProducer producer, long bufferMemory, Consumer<String> progress)
            throws InterruptedException {
        byte[] payload = payload(recordSize, new SplittableRandom());
        // as Kafka's send() blocks on a full buffer: never more in flight than the producer's buffer
        // takes, so no record waits inside the producer for memory
        InFlightLimiter limiter = new InFlightLimiter(bufferMemory);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        ProducePerfStats stats = new ProducePerfStats(System::currentTimeMillis, progress);
        ThroughputThrottler throttler = new ThroughputThrottler(throughput, System.currentTimeMillis());
        long transactionMs = transactionDurationMs != null ? transactionDurationMs : DEFAULT_TRANSACTION_DURATION_MS;
        long transactionStart = System.currentTimeMillis();
        if (transactionalId != null) {
            producer.beginTransaction();
        }
        for (long i = 0; i < records && failure.get() == null; i++) {
            if (transactionalId != null && System.currentTimeMillis() - transactionStart >= transactionMs) {
                // as Kafka's tool: the send loop waits for the commit (which first delivers the whole transaction)
                ClusterSession.await(producer.commitTransaction());
                producer.beginTransaction();
                transactionStart = System.currentTimeMillis();
            }
            // the clock starts before a wait for buffer space, as Kafka's around its blocking send()
            long sendStart = System.nanoTime();
            ProducerRecord record = new ProducerRecord(topic, payload);
            long charge = limiter.acquire(SpateProducer.bufferedSize(record));
            long n = i;
            try {
                // one listener per record (not a success/failure pair): hundreds of thousands are in flight
                producer.send(record).onComplete((ok, err) -> {
                    if (err == null) {
                        stats.record(System.nanoTime() - sendStart, recordSize);
                    } else {
                        failure.compareAndSet(null, ProduceCommand.atLine(err, n + 1));
                    }
                    limiter.release(charge);
                });
            } catch (RuntimeException e) {
                failure.compareAndSet(null, ProduceCommand.atLine(e, n + 1));
                limiter.release(charge);
            }
            if (throttler.shouldThrottle(i, System.currentTimeMillis())) {
                throttler.throttle();
            }
        }
        ClusterSession.await(transactionalId != null && failure.get() == null ? producer.commitTransaction()
                : producer.flush());
        if (!limiter.awaitEmpty(ClusterSession.OPERATION_TIMEOUT.toMillis())) {
            throw new CommandFailedException(limiter.inFlightRecords() + " records still unacknowledged after "
                    + ClusterSession.OPERATION_TIMEOUT.toSeconds() + " s");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return stats.summary();
    }

    private void validate() {
        if (records < 1) {
            throw usage("--records must be at least 1, was " + records);
        }
        if (recordSize < 1) {
            throw usage("--record-size must be at least 1, was " + recordSize);
        }
        if (throughput == 0 || (throughput < 0 && throughput != ThroughputThrottler.UNLIMITED)) {
            throw usage("--throughput must be > 0, or -1 for no limit, was " + throughput);
        }
        if (batchSize != null && batchSize < 1) {
            throw usage("--batch-size must be at least 1, was " + batchSize);
        }
        if (lingerMs != null && lingerMs < 0) {
            throw usage("--linger-ms must be >= 0, was " + lingerMs);
        }
        if (transactionDurationMs != null && (transactionalId == null || transactionDurationMs < 1)) {
            throw usage(transactionalId == null ? "--transaction-duration-ms needs --transactional-id"
                    : "--transaction-duration-ms must be at least 1, was " + transactionDurationMs);
        }
    }

    /** {@code size} random letters A-Z, as Kafka's ProducerPerformance payload. */
    static byte[] payload(int size, SplittableRandom random) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('A' + random.nextInt(LETTERS));
        }
        return payload;
    }
}
