package io.spate.cli;

/** A {@code spate cluster} command that reads the cluster's state once and shows it its own way. */
abstract class ClusterReportCommand extends CliCommand {
    @Override
    final int run() {
        ClusterReport report;
        try (ClusterSession session = connect()) {
            report = ClusterCommand.report(session.admin());
        }
        return show(report);
    }

    /** Prints {@code report}; returns the exit code. */
    abstract int show(ClusterReport report);
}
