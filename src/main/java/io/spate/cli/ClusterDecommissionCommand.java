package io.spate.cli;

import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code spate cluster decommission NODE [--execute [--wait]]}: moves every replica off NODE onto
 * the other live nodes (each to the least loaded node that does not hold that partition, preferring
 * a new rack), so that NODE can be stopped for good. Nothing else moves.
 */
@Command(name = "decommission", description = "Plan, and with --execute start, moves that take every replica off "
        + "NODE, so that it can be stopped for good while clients keep running.")
final class ClusterDecommissionCommand extends ClusterMoveCommand {
    @Parameters(paramLabel = "NODE", description = "The id of the node to drain.")
    int node;

    @Override
    Map<TopicPartition, List<Integer>> plan(ClusterReport report) {
        boolean live = report.nodes().stream().anyMatch(n -> n.id() == node);
        boolean holds = replicas(report).values().stream().anyMatch(rs -> rs.contains(node));
        if (!live && !holds) {
            throw new CommandFailedException("node " + node + " is not live and holds no replica");
        }
        return RebalancePlanner.plan(report.nodes(), Set.of(node), replicas(report), false);
    }

    @Override
    String title(ClusterReport report) {
        return "Decommission of node " + node;
    }
}
