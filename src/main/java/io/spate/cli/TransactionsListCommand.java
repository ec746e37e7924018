package io.spate.cli;

import io.spate.client.TransactionListing;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spate transactions list [--state S]… [--producer-id P]… [--duration-ms D]}: the
 * transactional ids of every node (ListTransactions to each), filtered, sorted by id.
 */
@Command(name = "list", description = "List the transactional ids of the cluster with their producer id and state.")
final class TransactionsListCommand extends CliCommand {
    @Option(names = "--state", paramLabel = "STATE", split = ",",
            description = "Only these states (Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort, "
                    + "PrepareEpochFence, Dead); repeatable or comma-separated.")
    List<String> states = new ArrayList<>();

    @Option(names = "--producer-id", paramLabel = "ID", split = ",",
            description = "Only these producer ids; repeatable or comma-separated.")
    List<Long> producerIds = new ArrayList<>();

    @Option(names = "--duration-ms", paramLabel = "MS",
            description = "Only transactions open for longer than MS milliseconds (hanging ones).")
    Long durationMs;

    @Override
    int run() {
        for (String s : states) {
            if (!TransactionsCommand.STATES.contains(s)) {
                throw usage("--state '" + s + "' is not one of " + String.join(", ", TransactionsCommand.STATES));
            }
        }
        if (durationMs != null && durationMs < 0) {
            throw usage("--duration-ms must be >= 0, was " + durationMs);
        }
        List<TransactionListing> listed;
        try (ClusterSession session = connect()) {
            listed = ClusterSession.await(session.admin().listTransactions(states, producerIds,
                    durationMs == null ? -1 : durationMs));
        }
        if (json()) {
            Json.print(io().out(), TransactionViews.listJson(listed));
        } else {
            TransactionViews.listTable(listed).print(io().out());
        }
        return ExitCodes.OK;
    }
}
