package io.spate.cli;

import io.spate.client.ProducerState;
import io.spate.client.TopicDescription;
import io.spate.protocol.TopicPartition;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spate transactions abort --topic T --partition P --start-offset O}: ends a hanging
 * transaction in one partition, as {@code kafka-transactions.sh abort}: DescribeProducers on the
 * partition's leader finds the producer whose open transaction starts at O, then WriteTxnMarkers
 * writes an ABORT marker for it (its producer id, epoch and coordinator epoch) to that leader. The
 * last stable offset can then move past O. Only for a transaction its coordinator no longer ends
 * (its producer is gone, the coordinator lost it); a live producer's commit would then fail.
 */
@Command(name = "abort", description = "Abort the open transaction that starts at an offset of a partition (a hanging one).")
final class TransactionsAbortCommand extends CliCommand {
    @Option(names = "--topic", paramLabel = "T", required = true, description = "The topic.")
    String topic;

    @Option(names = "--partition", paramLabel = "P", required = true, description = "The partition.")
    int partition;

    @Option(names = "--start-offset", paramLabel = "O", required = true,
            description = "The first offset of the open transaction to abort (see transactions describe-producers).")
    long startOffset;

    @Override
    int run() {
        if (partition < 0) {
            throw usage("--partition must be >= 0, was " + partition);
        }
        if (startOffset < 0) {
            throw usage("--start-offset must be >= 0, was " + startOffset);
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        ProducerState producer;
        try (ClusterSession session = connect()) {
            TopicDescription description = ClusterSession.await(session.admin().describeTopic(topic));
            TopicPartitions.check(description, partition);
            List<ProducerState> producers = ClusterSession.await(session.admin().describeProducers(tp));
            producer = producers.stream().filter(p -> p.currentTransactionStartOffset() == startOffset).findFirst()
                    .orElseThrow(() -> new CommandFailedException("no open transaction starts at offset " + startOffset
                            + " of " + tp + " (open ones start at " + openStarts(producers) + ")"));
            ClusterSession.await(session.admin().abortTransaction(tp, producer.producerId(),
                    (short) producer.producerEpoch(), Math.max(0, producer.coordinatorEpoch())));
        }
        if (json()) {
            Json.print(io().out(), TransactionViews.abortJson(tp, startOffset, producer));
        } else {
            io().out().println("Aborted the transaction of producer " + producer.producerId() + " (epoch "
                    + producer.producerEpoch() + ") that started at offset " + startOffset + " of " + tp);
        }
        return ExitCodes.OK;
    }

    private static String openStarts(List<ProducerState> producers) {
        List<String> starts = producers.stream().filter(p -> p.currentTransactionStartOffset() >= 0)
                .map(p -> Long.toString(p.currentTransactionStartOffset())).toList();
        return starts.isEmpty() ? "none" : String.join(", ", starts);
    }
}
