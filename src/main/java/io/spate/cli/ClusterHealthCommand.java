package io.spate.cli;

import io.spate.client.Node;
import io.spate.client.QuorumDescription;
import io.spate.client.SpateAdmin;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code spate cluster health}: one line per offline or under-replicated partition, then the verdict.
 * Exits {@link ExitCodes#OK} only when every partition has a leader and a full ISR, else
 * {@link ExitCodes#UNHEALTHY}; the verdict is printed in both cases. On a cluster it also asks every node it can reach for DescribeQuorum, prints
 * a quorum line, and is not healthy when the node it was pointed at is not part of a quorum
 * ({@link QuorumHealth}).
 */
@Command(name = "health", description = "List offline and under-replicated partitions; exit 0 only when every "
        + "partition has a leader and a full ISR (and, with the metadata quorum, the node asked holds its lease and "
        + "knows a leader), else " + ExitCodes.UNHEALTHY + ".")
final class ClusterHealthCommand extends ClusterReportCommand {
    private QuorumHealth quorum;

    @Override
    int show(ClusterSession session, ClusterReport report) {
        quorum = quorum(session.admin(), report);
        return show(report);
    }

    @Override
    int show(ClusterReport report) {
        QuorumHealth q = quorum != null ? quorum : new QuorumHealth(QuorumDescription.disabledAt(-1), List.of());
        if (json()) {
            Json.print(io().out(), ClusterViews.healthJson(report, q));
        } else {
            io().out().print(ClusterViews.healthText(report, q));
        }
        return report.healthy() && q.healthy() ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    /** The pointed node's DescribeQuorum, then, with the quorum on, every node's of the report. */
    private static QuorumHealth quorum(SpateAdmin admin, ClusterReport report) {
        QuorumDescription pointed;
        try {
            pointed = ClusterSession.await(admin.describeQuorum());
        } catch (SpateException e) {
            if (e.error() != ErrorCode.UNSUPPORTED_VERSION) {
                throw e;
            }
            pointed = QuorumDescription.disabledAt(-1); // a node of a build without DescribeQuorum has no quorum
        }
        List<QuorumHealth.NodeAnswer> nodes = new ArrayList<>();
        if (pointed.enabled()) {
            for (Node n : report.nodes()) {
                try {
                    nodes.add(new QuorumHealth.NodeAnswer(n.id(), ClusterSession.await(admin.describeQuorum(n.id())), null));
                } catch (RuntimeException e) {
                    nodes.add(new QuorumHealth.NodeAnswer(n.id(), null, String.valueOf(e.getMessage())));
                }
            }
        }
        return new QuorumHealth(pointed, nodes);
    }
}
