package io.spate.cli;

import io.spate.client.Blocking;
import io.spate.client.ConsumerConfig;
import io.spate.client.ConsumerRebalanceListener;
import io.spate.client.OffsetAndMetadata;
import io.spate.client.SpateConsumer;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The commits of {@code spate consume --group}: only ever the offsets {@link PrintedOffsets} says
 * were written out. The consumer's own auto-commit stays off, since it commits the consumer's
 * position, which is past every record handed out, printed or not. Commits happen
 * <ul>
 * <li>in the background, at most every {@link #INTERVAL} (as {@code auto.commit.interval.ms}) and
 *     only when something new was written, one at a time, failures ignored (the next one carries
 *     newer offsets);</li>
 * <li>for the partitions a rebalance takes away, before they go, so that their next owner starts
 *     after what was written here (partitions lost when the member was fenced are not committed:
 *     they may be someone else's already);</li>
 * <li>at the end ({@link #commitFinal}), blocking, after the background commit in flight.</li>
 * </ul>
 * Each commit covers only partitions this consumer owns at that moment.
 *
 * <p>{@link #commitIfDue} and {@link #commitFinal} are called by the command's thread; the
 * rebalance callbacks run on the consumer's context.
 */
final class PrintedOffsetCommitter implements ConsumerRebalanceListener {
    /** The longest the final commit waits for the position of a partition nothing was read from. */
    private static final Duration POSITION_WAIT = Duration.ofSeconds(2);
    /** How often the background commit runs at most. */
    static final Duration INTERVAL = Duration.ofMillis(ConsumerConfig.DEFAULT_AUTO_COMMIT_INTERVAL_MS);
    /**
     * The longest the final commit may take (the consumer's own commitSync retries for up to
     * default.api.timeout.ms and more): Ctrl-C must not hang on a coordinator that does not answer.
     */
    static final Duration FINAL_COMMIT_TIMEOUT = Duration.ofSeconds(15);

    private final SpateConsumer consumer;
    private final String group;
    private final PrintedOffsets printed;
    /** The background commit in flight (it never fails), or the last one. */
    private Future<Void> inFlight = Future.succeededFuture();
    /** What the last successful background commit stored; set on the consumer's context. */
    private volatile Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
    private long lastCommitAt = System.nanoTime();

    /** The consumer's rebalance listener must be this one (given to its {@code subscribe}). */
    PrintedOffsetCommitter(SpateConsumer consumer, String group, PrintedOffsets printed) {
        this.consumer = consumer;
        this.group = group;
        this.printed = printed;
    }

    /** Starts a background commit when one is due, none is in flight and something new was written. */
    void commitIfDue() {
        if (System.nanoTime() - lastCommitAt < INTERVAL.toNanos() || !inFlight.isComplete()) {
            return;
        }
        lastCommitAt = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = printed.committable(consumer.assignment());
        if (!offsets.isEmpty() && !offsets.equals(committed)) {
            inFlight = consumer.commitAsync(offsets)
                    .onSuccess(v -> committed = offsets)
                    .recover(err -> Future.succeededFuture());
        }
    }

    /**
     * Commits what was written out of the partitions still owned, unless the background commit
     * stored just that already; blocks at most {@link #FINAL_COMMIT_TIMEOUT} and throws a failure or
     * the timeout. The partitions are forgotten, so the revocation when the consumer closes does
     * not commit them again.
     */
    void commitFinal() {
        long deadline = System.nanoTime() + FINAL_COMMIT_TIMEOUT.toNanos();
        try {
            Blocking.await(inFlight, FINAL_COMMIT_TIMEOUT); // an older commit must not land after this one
            Set<TopicPartition> owned = consumer.assignment();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(untouched(owned));
            offsets.putAll(printed.remove(owned));
            if (!offsets.isEmpty() && !offsets.equals(committed)) {
                Blocking.await(consumer.commitAsync(offsets), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (SpateException e) {
            throw e.error().exception("could not commit the records printed to group '" + group + "': " + e.getMessage());
        }
    }

    /**
     * Where the owned partitions of which this run handed out nothing stand: their positions (the
     * next record to hand out, so committing one commits no record), as Kafka's console consumer
     * commits them. Without it, a later run that starts at the latest offsets (no --from-beginning)
     * would skip such a partition's records though no one printed them. A position not known within
     * a moment is left out (the next run then starts as this one would have).
     */
    private Map<TopicPartition, OffsetAndMetadata> untouched(Set<TopicPartition> owned) {
        Map<TopicPartition, Future<Long>> positions = new HashMap<>();
        for (TopicPartition tp : owned) {
            if (!printed.seen(tp)) {
                positions.put(tp, consumer.position(tp)); // all asked at once, waited for once below
            }
        }
        try {
            Blocking.await(Future.join(List.copyOf(positions.values())), POSITION_WAIT);
        } catch (RuntimeException e) {
            // a position that failed or is not known in time is left out
        }
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        positions.forEach((tp, position) -> {
            if (position.succeeded()) {
                out.put(tp, new OffsetAndMetadata(position.result()));
            }
        });
        return out;
    }

    @Override
    public Future<Void> onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = printed.remove(partitions);
        if (offsets.isEmpty()) {
            return Future.succeededFuture();
        }
        // a failed commit only means the next owner reads these records again
        return consumer.commitAsync(offsets).recover(err -> Future.succeededFuture());
    }

    @Override
    public Future<Void> onPartitionsAssigned(Collection<TopicPartition> partitions) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> onPartitionsLost(Collection<TopicPartition> partitions) {
        printed.remove(partitions);
        return Future.succeededFuture();
    }
}
