package io.spate.cli;

/** A {@code spate cluster} command that reads the cluster's state once and shows it its own way. */
abstract class ClusterReportCommand extends CliCommand {
    @Override
    final int run() {
        try (ClusterSession session = connect()) {
            return show(session, ClusterCommand.report(session.admin()));
        }
    }

    /** Prints {@code report} (the session is still open for what else it asks); returns the exit code. */
    int show(ClusterSession session, ClusterReport report) {
        return show(report);
    }

    /** Prints {@code report}; returns the exit code. */
    abstract int show(ClusterReport report);
}
