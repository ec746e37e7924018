package io.spate.cli;

import io.spate.client.ProducerState;
import io.spate.protocol.TopicPartition;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spate transactions describe-producers --topic T --partition P}: the producers a partition's
 * leader keeps state for, as {@code kafka-transactions.sh describe-producers} — where an operator finds
 * the start offset of a hanging transaction for {@code transactions abort}.
 */
@Command(name = "describe-producers",
        description = "List the producers a partition's leader keeps state for, with their open transaction's start offset.")
final class TransactionsDescribeProducersCommand extends CliCommand {
    @Option(names = "--topic", paramLabel = "T", required = true, description = "The topic.")
    String topic;

    @Option(names = "--partition", paramLabel = "P", required = true, description = "The partition.")
    int partition;

    @Override
    int run() {
        if (partition < 0) {
            throw usage("--partition must be >= 0, was " + partition);
        }
        TopicPartition tp = new TopicPartition(topic, partition);
        List<ProducerState> producers;
        try (ClusterSession session = connect()) {
            TopicPartitions.check(ClusterSession.await(session.admin().describeTopic(topic)), partition);
            producers = ClusterSession.await(session.admin().describeProducers(tp));
        }
        if (json()) {
            Json.print(io().out(), TransactionViews.producersJson(tp, producers));
        } else {
            io().out().print(TransactionViews.producersTable(producers).render());
        }
        return ExitCodes.OK;
    }
}
