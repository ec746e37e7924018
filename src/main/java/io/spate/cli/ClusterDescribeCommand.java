package io.spate.cli;

import picocli.CommandLine.Command;

/**
 * {@code spate cluster describe}: the nodes (which one is the controller), every partition of every
 * topic with its leader, epoch, replicas, ISR and {@link PartitionHealth}, and a summary line.
 */
@Command(name = "describe", description = "Show the nodes and, for every partition of every topic, its leader, "
        + "replicas, ISR and state (OK, UNDER-REPLICATED, REASSIGNING, OFFLINE).")
final class ClusterDescribeCommand extends ClusterReportCommand {
    @Override
    int show(ClusterReport report) {
        if (json()) {
            Json.print(io().out(), ClusterViews.describeJson(report));
        } else {
            io().out().print(ClusterViews.describeText(report));
        }
        return ExitCodes.OK;
    }
}
