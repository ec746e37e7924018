package io.spate.cli;

import io.spate.client.PartitionReassignment;
import io.spate.protocol.TopicPartition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spate cluster reassignments [--cancel]}: the partitions being moved, with their replicas,
 * the replicas being added and removed; with {@code --cancel} every move goes back to the replicas
 * it started from (those being added are dropped again).
 */
@Command(name = "reassignments", description = "List the partition moves in progress; with --cancel, stop them "
        + "and go back to the replicas each partition had.")
final class ClusterReassignmentsCommand extends CliCommand {
    @Option(names = "--cancel", description = "Cancel every move in progress.")
    boolean cancel;

    @Override
    int run() {
        try (ClusterSession session = connect()) {
            Map<TopicPartition, PartitionReassignment> moving = ClusterSession.await(session.admin().listPartitionReassignments());
            if (json()) {
                Json.print(io().out(), ReassignmentViews.movingJson(moving, cancel));
            } else {
                io().out().print(ReassignmentViews.movingText(moving));
            }
            if (cancel && !moving.isEmpty()) {
                Map<TopicPartition, Optional<List<Integer>>> stop = new LinkedHashMap<>();
                moving.keySet().forEach(tp -> stop.put(tp, Optional.empty()));
                ClusterSession.await(session.admin().alterPartitionReassignments(stop));
                if (!json()) {
                    io().out().println("Cancelled " + moving.size() + " move(s).");
                }
            }
        }
        return ExitCodes.OK;
    }
}
