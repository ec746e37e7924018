package io.spate.cli;

import io.spate.client.ProducerRecord;
import io.spate.client.RecordMetadata;
import io.spate.client.SpateProducer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code spate produce --transactional-id ID}: the lines go in transactions of {@code size} lines
 * each, committed when the size is reached and at the end of input (a last partial one). A pause in
 * the input never commits: only a full transaction or the end of input does, so a read_committed
 * consumer sees whole transactions. The first failure (a record, a commit, a line without the key
 * separator) aborts the open transaction and ends the command: the error says which lines were
 * committed (in whole transactions) and which were aborted.
 *
 * <p>Records in flight are bounded as in plain produce ({@link InFlightLimiter}); a commit waits for
 * every record of its transaction (it flushes), so at most one transaction is in flight.
 */
final class TransactionalLines {
    /** Lines per transaction when --transaction-size is not given. */
    static final int DEFAULT_SIZE = 1000;

    /** What was committed: lines (records) and transactions. */
    record Committed(long records, long transactions) {
    }

    private final SpateProducer producer;
    private final String topic;
    private final Integer partition;
    private final int size;
    private final InFlightLimiter limiter = new InFlightLimiter(ProduceCommand.MAX_IN_FLIGHT_BYTES);
    private final List<Future<RecordMetadata>> open = new ArrayList<>();
    private long committedLines;
    private long transactions;
    /** The number of the last line read. */
    private long line;

    TransactionalLines(SpateProducer producer, String topic, Integer partition, int size) {
        this.producer = producer;
        this.topic = topic;
        this.partition = partition;
        this.size = size;
    }

    /** Sends every line in transactions; the lines and transactions committed, or the first failure. */
    Committed send(LineReader lines, byte[] separator, String separatorText) throws Exception {
        ClusterSession.await(producer.initTransactions());
        while (true) {
            byte[] next = lines.next();
            if (next == null) {
                break;
            }
            line++;
            byte[] key = null;
            byte[] value = next;
            if (separator != null) {
                KeyedLine keyed = KeyedLine.split(next, separator);
                if (keyed == null) {
                    throw failed(new CommandFailedException("line " + line + " has no key separator '" + separatorText + "'"),
                            line - 1);
                }
                key = keyed.key();
                value = keyed.value();
            }
            if (open.isEmpty()) {
                producer.beginTransaction();
            }
            long charge = limiter.acquire(value.length + (key == null ? 0 : key.length) + ProduceCommand.RECORD_OVERHEAD_BYTES);
            Future<RecordMetadata> sent = producer.send(new ProducerRecord(topic, partition, key, value));
            sent.onComplete(ar -> limiter.release(charge));
            open.add(sent);
            if (open.size() == size) {
                commit();
            }
        }
        if (!open.isEmpty()) {
            commit();
        }
        return new Committed(committedLines, transactions);
    }

    private void commit() {
        try {
            ClusterSession.await(producer.commitTransaction());
        } catch (RuntimeException e) {
            // the record that failed says more than the commit that failed because of it
            for (int i = 0; i < open.size(); i++) {
                Future<RecordMetadata> f = open.get(i);
                if (f.failed()) {
                    throw failed(ProduceCommand.atLine(f.cause(), committedLines + i + 1), line);
                }
            }
            throw failed(e, line);
        }
        committedLines += open.size();
        transactions++;
        open.clear();
    }

    /**
     * {@code failure}, the open transaction aborted first (its lines up to {@code lastSent}), with
     * what was committed and what was not.
     */
    private RuntimeException failed(RuntimeException failure, long lastSent) {
        String aborted = "";
        if (!open.isEmpty()) {
            try {
                ClusterSession.await(producer.abortTransaction());
                aborted = "; " + lines(committedLines + 1, lastSent) + " aborted";
            } catch (RuntimeException e) {
                aborted = "; " + lines(committedLines + 1, lastSent) + " not committed (the abort failed too: "
                        + e.getMessage() + ")";
            }
        }
        String committed = committedLines == 0 ? "committed no lines"
                : "committed " + lines(1, committedLines) + " in " + transactions + " transaction" + (transactions == 1 ? "" : "s");
        return ProduceCommand.withSummary(failure, committed + aborted);
    }

    private static String lines(long from, long to) {
        return from == to ? "line " + from : "lines " + from + "-" + to;
    }
}
