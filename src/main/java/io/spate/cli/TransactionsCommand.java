package io.spate.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code spate transactions …}: list, describe and abort transactions; alone it prints its help. */
@Command(name = "transactions", description = "List and describe transactions; abort a hanging one.",
        subcommands = {TransactionsListCommand.class, TransactionsDescribeCommand.class,
                TransactionsDescribeProducersCommand.class, TransactionsAbortCommand.class})
final class TransactionsCommand extends CommandGroup {
    /** The states a transactional id can be in, as the coordinators name them (Kafka's names). */
    static final List<String> STATES = List.of("Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit",
            "CompleteAbort", "PrepareEpochFence", "Dead");
}
