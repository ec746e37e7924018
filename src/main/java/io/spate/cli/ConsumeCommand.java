package io.spate.cli;

import io.spate.client.ConsumerConfig;
import io.spate.client.IsolationLevel;
import io.spate.client.ConsumerRecord;
import io.spate.client.OffsetResetStrategy;
import io.spate.client.PartitionInfo;
import io.spate.client.SpateConsumer;
import io.spate.client.TopicDescription;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate consume TOPIC}: prints the records of every partition of a topic (or of one with
 * {@code --partition}), as Kafka's console consumer does: by default only records written from now
 * on (it starts at the end), {@code --from-beginning} from the log start, {@code --offset N
 * --partition P} from offset N of P. It stops after {@code --max-messages N} records, or after
 * {@code --timeout-ms T} with no new record, or when stdout is closed, or on Ctrl-C or SIGTERM
 * ({@link StopSignals}); each of these ends it with {@code Processed a total of N messages} on
 * stderr (N: the records written out, see {@link PrintedOffsets}) and exit 0 — except a
 * {@code --timeout-ms} reached while a partition answered every fetch with an error the consumer
 * retries (KAFKA_STORAGE_ERROR, NOT_LEADER_OR_FOLLOWER, ...; see {@link SpateConsumer#fetchError}):
 * then one more line names the partition and its error, and the exit code is 1, so that a failing
 * partition is not mistaken for an empty one. See {@link RecordPrinter} for the output.
 *
 * <p>With {@code --group G} it joins consumer group G instead (subscribing to the topic), starts at
 * the group's committed offsets (without any: at the end, or the beginning with
 * {@code --from-beginning}), and commits exactly what it wrote out — in the background while it
 * runs and before it exits ({@link PrintedOffsetCommitter}), never records it was handed but did
 * not print — then leaves the group; so the next run of the group goes on where this one stopped.
 */
@Command(name = "consume", description = "Print the records of a topic, a line each.")
final class ConsumeCommand extends CliCommand {
    /** The longest one poll waits, so that --timeout-ms is checked at least this often. */
    static final long POLL_MS = 200;

    @Parameters(paramLabel = "TOPIC", description = "The topic to read.")
    String topic;

    @Option(names = "--from-beginning", description = "Start at the beginning of each partition, not the end.")
    boolean fromBeginning;

    @Option(names = "--offset", paramLabel = "N|earliest|latest",
            description = "Start at this offset of the partition given by --partition.")
    String offset;

    @Option(names = "--group", paramLabel = "G",
            description = "Join consumer group G: start at its committed offsets and commit what was printed.")
    String group;

    @Option(names = "--partition", paramLabel = "P", description = "Read partition P only.")
    Integer partition;

    @Option(names = "--max-messages", paramLabel = "N", description = "Exit after N records.")
    Long maxMessages;

    @Option(names = "--timeout-ms", paramLabel = "T", description = "Exit after T ms without a new record.")
    Long timeoutMs;

    @Option(names = "--print-key", description = "Print each record's key, then a tab, before its value.")
    boolean printKey;

    @Option(names = "--print-offset", description = "Print each record's partition and offset before it.")
    boolean printOffset;

    @Option(names = "--isolation-level", paramLabel = "read_committed|read_uncommitted",
            converter = Converters.Isolation.class, defaultValue = "read_uncommitted",
            description = "read_committed: print only records of committed transactions, up to the last stable "
                    + "offset (default: ${DEFAULT-VALUE}, every record).")
    IsolationLevel isolationLevel = IsolationLevel.READ_UNCOMMITTED;

    @Mixin
    ConsumerProperties consumerProperties = new ConsumerProperties();
    /** Set on Ctrl-C or SIGTERM: print no more, commit what was written out, leave, exit 0. */
    private volatile boolean stopRequested;

    @Override
    int run() {
        Long startOffset = validate();
        PrintedOffsets printed = new PrintedOffsets();
        SpateException gaveUp;
        try (StopSignals.Watch stop = io().stopSignals().watch(signal -> stopRequested = true);
             ClusterSession session = connect()) {
            if (group != null) {
                gaveUp = consumeInGroup(session, printed);
            } else {
                gaveUp = consumeAssigned(session, startOffset, printed);
            }
        } finally {
            io().out().flush();
        }
        io().err().println("Processed a total of " + printed.count() + " messages");
        if (gaveUp != null) {
            throw gaveUp;
        }
        return ExitCodes.OK;
    }

    private SpateException consumeAssigned(ClusterSession session, Long startOffset, PrintedOffsets printed) {
        TopicDescription description = ClusterSession.await(session.admin().describeTopic(topic));
        List<TopicPartition> assigned = partition != null
                ? List.of(new TopicPartition(topic, TopicPartitions.check(description, partition).partition()))
                : TopicPartitions.all(description);
        if (startOffset != null) {
            checkInLog(TopicPartitions.check(description, partition), startOffset);
        }
        SpateConsumer consumer = session.consumer(new ConsumerConfig().setAutoOffsetReset(resetStrategy(startOffset))
                .setIsolationLevel(isolationLevel));
        consumer.assign(assigned);
        if (startOffset != null) {
            consumer.seek(assigned.get(0), startOffset);
        } else if (fromBeginning || "earliest".equals(offset)) {
            consumer.seekToBeginning(assigned);
        } else {
            consumer.seekToEnd(assigned);
        }
        return printRecords(consumer, printed, () -> { });
    }

    /**
     * As a member of the group: commits only what was written out ({@link PrintedOffsetCommitter}),
     * at the end synchronously; the session's close then leaves the group.
     */
    private SpateException consumeInGroup(ClusterSession session, PrintedOffsets printed) {
        ClusterSession.await(session.admin().describeTopic(topic)); // fails clearly for an unknown topic
        SpateConsumer consumer = session.consumer(new ConsumerConfig().setGroupId(group).setEnableAutoCommit(false)
                .setIsolationLevel(isolationLevel)
                .setAutoOffsetReset(fromBeginning ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST));
        PrintedOffsetCommitter committer = new PrintedOffsetCommitter(consumer, group, printed);
        consumer.subscribe(List.of(topic), committer);
        SpateException gaveUp = printRecords(consumer, printed, committer::commitIfDue);
        committer.commitFinal();
        return gaveUp;
    }

    /**
     * An explicit start offset must lie in the partition's log, from its start to its high watermark
     * (which is where the next record will be); checked here so the error can say what the range is.
     */
    private void checkInLog(PartitionInfo p, long start) {
        boolean known = p.logStartOffset() >= 0 && p.highWatermark() >= 0;
        if (known && (start < p.logStartOffset() || start > p.highWatermark())) {
            throw ErrorCode.OFFSET_OUT_OF_RANGE.exception("offset " + start + " is outside " + topic + "-"
                    + p.partition() + ", which holds offsets " + p.logStartOffset() + " to " + p.highWatermark()
                    + " (the next to be written)");
        }
    }

    /**
     * Prints records until --max-messages were written out, --timeout-ms passed without a new one,
     * stdout was closed or a stop was requested (checked before each record, so that records handed
     * out after the request are not printed). stdout is flushed after each poll's records, and only
     * a flush without an error counts them as written ({@code printed}); {@code afterFlush} runs
     * after each good flush. Returns null, or — when --timeout-ms ended it while a partition's fetches
     * answered an error — that error, worded for the user.
     */
    private SpateException printRecords(SpateConsumer consumer, PrintedOffsets printed, Runnable afterFlush) {
        RecordPrinter printer = new RecordPrinter(io().out(), json(), printKey, printOffset);
        long max = maxMessages == null ? Long.MAX_VALUE : maxMessages;
        long lastRecordAt = System.nanoTime();
        while (printed.count() < max && !stopRequested && !Thread.currentThread().isInterrupted()) {
            List<ConsumerRecord> records = consumer.poll(Duration.ofMillis(POLL_MS));
            printed.handedOut(records);
            for (ConsumerRecord r : records) {
                if (stopRequested || printed.printedCount() >= max) {
                    break;
                }
                printer.print(r);
                printed.printed(r);
            }
            // checkError() flushes first; like System.out, the stream swallows the IOException of a write
            // to a closed pipe (EPIPE: `spate consume t | head -3`; the JVM ignores SIGPIPE) and reports it here
            if (io().out().checkError()) {
                printed.flushFailed();
                break;
            }
            printed.flushed();
            afterFlush.run();
            if (!records.isEmpty()) {
                lastRecordAt = System.nanoTime();
            } else if (timeoutMs != null && Duration.ofNanos(System.nanoTime() - lastRecordAt).toMillis() >= timeoutMs) {
                return failingPartitions(consumer);
            }
        }
        return null;
    }

    /** The first assigned partition whose fetches answer an error, as the one line to report, or null. */
    private SpateException failingPartitions(SpateConsumer consumer) {
        List<SpateException> errors = consumer.assignment().stream().sorted((a, b) -> a.toString().compareTo(b.toString()))
                .map(consumer::fetchError).flatMap(java.util.Optional::stream).toList();
        if (errors.isEmpty()) {
            return null;
        }
        SpateException first = errors.get(0);
        String more = errors.size() == 1 ? "" : " (and " + (errors.size() - 1) + " more partitions failing)";
        return new SpateException(first.error(), "no record for " + timeoutMs + " ms while fetches failed: "
                + Failures.detail(first) + more);
    }

    /** Checks the options' combinations; returns the explicit start offset of --offset N, or null. */
    private Long validate() {
        if (offset != null && fromBeginning) {
            throw usage("--offset and --from-beginning exclude each other");
        }
        if (group != null && (offset != null || partition != null)) {
            throw usage("--group reads the partitions the group gives it: no --offset or --partition");
        }
        if (group != null && group.isBlank()) {
            throw usage("--group must not be blank");
        }
        if (offset != null && partition == null) {
            throw usage("--offset needs --partition");
        }
        if (partition != null && partition < 0) {
            throw usage("--partition must be >= 0, was " + partition);
        }
        if (maxMessages != null && maxMessages < 1) {
            throw usage("--max-messages must be at least 1, was " + maxMessages);
        }
        if (timeoutMs != null && timeoutMs < 0) {
            throw usage("--timeout-ms must be >= 0, was " + timeoutMs);
        }
        if (offset == null || offset.equals("earliest") || offset.equals("latest")) {
            return null;
        }
        try {
            long n = Long.parseLong(offset);
            if (n < 0) {
                throw usage("--offset must be >= 0, earliest or latest, was " + offset);
            }
            return n;
        } catch (NumberFormatException e) {
            throw usage("--offset must be a number, earliest or latest, was '" + offset + "'");
        }
    }

    /**
     * Where to go when the position falls out of the log: the end the user asked for, or the
     * beginning for an explicit offset (checked against the log just before, so this only happens
     * when retention removes the records under the consumer, where Kafka's console consumer moves on
     * too). Not "none" for an explicit offset: the consumer resolves a position as soon as a
     * partition is assigned, before the seek that follows, and would fail it.
     */
    private OffsetResetStrategy resetStrategy(Long startOffset) {
        if (startOffset != null) {
            return OffsetResetStrategy.EARLIEST;
        }
        return fromBeginning || "earliest".equals(offset) ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
    }
}
