package io.spate.cli;

import io.spate.client.ClusterDescription;
import io.spate.client.SpateAdmin;
import io.spate.client.TopicDescription;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code spate cluster …}: the cluster subcommands; alone it prints its help. */
@Command(name = "cluster", description = "Describe the cluster's nodes and partitions, check its health, and move "
        + "replicas between nodes.",
        subcommands = {ClusterDescribeCommand.class, ClusterHealthCommand.class, ClusterRebalanceCommand.class,
                ClusterDecommissionCommand.class, ClusterReassignmentsCommand.class, ClusterQuorumCommand.class})
final class ClusterCommand extends CommandGroup {
    /** The nodes and controller, then every topic (internal ones included) described; blocks the CLI's thread. */
    static ClusterReport report(SpateAdmin admin) {
        ClusterDescription cluster = ClusterSession.await(admin.describeCluster());
        List<String> topics = ClusterSession.await(admin.listTopics(true));
        Map<String, TopicDescription> described = topics.isEmpty() ? Map.of()
                : ClusterSession.await(admin.describeTopics(topics));
        return ClusterReport.of(cluster, described.values(), ClusterSession.await(admin.listPartitionReassignments()));
    }
}
