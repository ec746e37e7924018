package io.spate.cli;

import io.spate.client.ProducerConfig;
import io.spate.client.ProducerRecord;
import io.spate.client.SpateProducer;
import io.spate.client.TopicDescription;
import io.spate.protocol.SpateException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate produce TOPIC}: sends stdin to a topic, one record per line (see {@link LineReader}),
 * the key before the first {@code --key-separator} when one is given. It exits when stdin ends and
 * every record is acknowledged (exit 0), or at the first record that fails (exit 1): its producer
 * runs with {@code abort.on.send.failure}, so nothing more is sent once a record failed, no later
 * line is read, and the error names the failed line and exactly which lines were written (see
 * {@link ProduceOutcome}). With {@code --json} it prints {@code {"topic", "records"}} at the end;
 * otherwise nothing. With {@code --transactional-id} the lines go in transactions of
 * {@code --transaction-size} lines ({@link TransactionalLines}); {@code --json} then adds
 * {@code "transactions"}.
 */
@Command(name = "produce", description = "Send stdin to a topic, one record per line.")
final class ProduceCommand extends CliCommand {
    /** The most record bytes handed to the producer and not yet acknowledged: its default buffer. */
    static final long MAX_IN_FLIGHT_BYTES = ProducerConfig.DEFAULT_BUFFER_MEMORY;
    /** Per record bookkeeping counted against {@link #MAX_IN_FLIGHT_BYTES} besides key and value. */
    static final int RECORD_OVERHEAD_BYTES = 64;

    @Parameters(paramLabel = "TOPIC", description = "The topic to write to.")
    String topic;

    @Option(names = "--key-separator", paramLabel = "SEP",
            description = "Read a key before the first SEP of each line (e.g. $'\\t'); a line without SEP is an error.")
    String keySeparator;

    @Mixin
    ProducerOptions producerOptions = new ProducerOptions();

    @Option(names = "--partition", paramLabel = "P", description = "Write every record to partition P.")
    Integer partition;

    @Option(names = "--transactional-id", paramLabel = "ID",
            description = "Write in transactions of this transactional id (fencing any other producer with it): "
                    + "commit every --transaction-size lines and at the end of input; a pause in the input never commits.")
    String transactionalId;

    @Option(names = "--transaction-size", paramLabel = "N",
            description = "Lines per transaction with --transactional-id (default: " + TransactionalLines.DEFAULT_SIZE + ").")
    Integer transactionSize;

    @Override
    int run() throws Exception {
        if (partition != null && partition < 0) {
            throw usage("--partition must be >= 0, was " + partition);
        }
        if (keySeparator != null && keySeparator.isEmpty()) {
            throw usage("--key-separator may not be empty");
        }
        if (transactionSize != null && transactionalId == null) {
            throw usage("--transaction-size needs --transactional-id");
        }
        if (transactionSize != null && transactionSize < 1) {
            throw usage("--transaction-size must be >= 1, was " + transactionSize);
        }
        if (transactionalId != null && transactionalId.isBlank()) {
            throw usage("--transactional-id may not be empty");
        }
        byte[] separator = keySeparator == null ? null : keySeparator.getBytes(StandardCharsets.UTF_8);
        if (transactionalId != null) {
            return runTransactional(separator);
        }
        long sent;
        try (ClusterSession session = connect()) {
            // the producer would wait max.block.ms for a topic that does not exist; say so at once
            TopicDescription description = ClusterSession.await(session.admin().describeTopic(topic));
            if (partition != null) {
                TopicPartitions.check(description, partition);
            }
            SpateProducer producer = session.producer(producerOptions.config().setAbortOnSendFailure(true));
            sent = sendLines(producer, new LineReader(io().in()), separator);
        }
        if (json()) {
            Json.print(io().out(), Json.object().put("topic", topic).put("records", sent));
        }
        return ExitCodes.OK;
    }

    private int runTransactional(byte[] separator) throws Exception {
        TransactionalLines.Committed committed;
        try (ClusterSession session = connect()) {
            TopicDescription description = ClusterSession.await(session.admin().describeTopic(topic));
            if (partition != null) {
                TopicPartitions.check(description, partition);
            }
            SpateProducer producer = session.producer(producerOptions.config().setTransactionalId(transactionalId));
            int size = transactionSize == null ? TransactionalLines.DEFAULT_SIZE : transactionSize;
            committed = new TransactionalLines(producer, topic, partition, size)
                    .send(new LineReader(io().in()), separator, keySeparator);
        }
        if (json()) {
            Json.print(io().out(), Json.object().put("topic", topic).put("records", committed.records())
                    .put("transactions", committed.transactions()));
        }
        return ExitCodes.OK;
    }

    /**
     * Sends every line; returns how many were acknowledged, or throws the first failure: a record's
     * (naming its line and what became of the others), else a line without the key separator (the
     * lines before it are delivered).
     */
    private long sendLines(SpateProducer producer, LineReader lines, byte[] separator) throws Exception {
        InFlightLimiter limiter = new InFlightLimiter(MAX_IN_FLIGHT_BYTES);
        ProduceOutcome outcome = new ProduceOutcome();
        CommandFailedException badLine = null;
        long handed = 0;
        boolean inputEnded = false;
        while (!outcome.anyFailed()) {
            byte[] line = lines.next();
            if (line == null) {
                inputEnded = true;
                break;
            }
            long n = handed + 1;
            byte[] key = null;
            byte[] value = line;
            if (separator != null) {
                KeyedLine keyed = KeyedLine.split(line, separator);
                if (keyed == null) {
                    badLine = new CommandFailedException("line " + n + " has no key separator '" + keySeparator + "'");
                    break;
                }
                key = keyed.key();
                value = keyed.value();
            }
            long charge = limiter.acquire(value.length + (key == null ? 0 : key.length) + RECORD_OVERHEAD_BYTES);
            handed = n;
            try {
                producer.send(new ProducerRecord(topic, partition, key, value)).onComplete(
                        ok -> {
                            outcome.acknowledged();
                            limiter.release(charge);
                        },
                        err -> {
                            outcome.failed(n, err);
                            limiter.release(charge);
                        });
            } catch (RuntimeException e) {
                outcome.failed(n, e);
                limiter.release(charge);
            }
        }
        ClusterSession.await(producer.flush());
        if (!limiter.awaitEmpty(ClusterSession.OPERATION_TIMEOUT.toMillis())) {
            throw new CommandFailedException(limiter.inFlightRecords() + " records still unacknowledged after "
                    + ClusterSession.OPERATION_TIMEOUT.toSeconds() + " s");
        }
        if (outcome.anyFailed()) {
            throw withSummary(atLine(outcome.firstFailure(), outcome.firstFailedLine()),
                    outcome.summary(handed, inputEnded));
        }
        if (badLine != null) {
            throw badLine;
        }
        return outcome.acknowledgedCount();
    }

    /** {@code failure} with {@code summary} after its message, its kind kept. */
    static RuntimeException withSummary(RuntimeException failure, String summary) {
        if (failure instanceof SpateException se) {
            return new SpateException(se.error(), Failures.detail(se) + "; " + summary, se.getCause());
        }
        return new CommandFailedException(failure.getMessage() + "; " + summary, failure.getCause());
    }

    /** The failure of the record read from input line {@code line}, saying so. */
    static RuntimeException atLine(Throwable err, long line) {
        if (err instanceof SpateException se) {
            return new SpateException(se.error(), "record of line " + line + ": " + Failures.detail(se), se);
        }
        return new CommandFailedException("record of line " + line + " failed: " + err, err);
    }
}
