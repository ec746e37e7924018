package io.spate.cli;

import io.spate.client.TransactionDescription;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code spate transactions describe ID}: the transactional id as its coordinator sees it
 * (FindCoordinator key type 1, then DescribeTransactions).
 */
@Command(name = "describe", description = "Describe a transactional id: coordinator, state, producer, open partitions.")
final class TransactionsDescribeCommand extends CliCommand {
    @Parameters(paramLabel = "ID", description = "The transactional id.")
    String transactionalId;

    @Override
    int run() {
        if (transactionalId.isEmpty()) {
            throw usage("the transactional id may not be empty");
        }
        TransactionDescription d;
        try (ClusterSession session = connect()) {
            d = ClusterSession.await(session.admin().describeTransaction(transactionalId));
        }
        if (json()) {
            Json.print(io().out(), TransactionViews.describeJson(d));
        } else {
            io().out().print(TransactionViews.describeText(d));
        }
        return ExitCodes.OK;
    }
}
