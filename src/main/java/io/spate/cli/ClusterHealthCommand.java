package io.spate.cli;

import picocli.CommandLine.Command;

/**
 * {@code spate cluster health}: one line per offline or under-replicated partition, then the verdict.
 * Exits {@link ExitCodes#OK} only when every partition has a leader and a full ISR, else
 * {@link ExitCodes#UNHEALTHY}; the verdict is printed in both cases.
 */
@Command(name = "health", description = "List offline and under-replicated partitions; exit 0 only when every "
        + "partition has a leader and a full ISR, else " + ExitCodes.UNHEALTHY + ".")
final class ClusterHealthCommand extends ClusterReportCommand {
    @Override
    int show(ClusterReport report) {
        if (json()) {
            Json.print(io().out(), ClusterViews.healthJson(report));
        } else {
            io().out().print(ClusterViews.healthText(report));
        }
        return report.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }
}
