package io.spate.cli;

import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * {@code spate cluster rebalance [--execute [--wait]]}: spreads every partition's replicas (and
 * preferred leaders) evenly over the live nodes, e.g. onto a node that just joined; replicas on
 * nodes that are not live move to live ones. See {@link RebalancePlanner}.
 */
@Command(name = "rebalance", description = "Plan, and with --execute start, moves that spread replicas and preferred "
        + "leaders evenly over the live nodes (e.g. onto a new node), while clients keep running.")
final class ClusterRebalanceCommand extends ClusterMoveCommand {
    @Override
    Map<TopicPartition, List<Integer>> plan(ClusterReport report) {
        return RebalancePlanner.plan(report.nodes(), Set.of(), replicas(report), true);
    }

    @Override
    String title(ClusterReport report) {
        return "Rebalance over the live nodes " + ReassignmentViews.ids(report.nodes().stream().map(n -> n.id()).toList());
    }
}
