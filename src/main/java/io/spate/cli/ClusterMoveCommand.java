package io.spate.cli;

import io.spate.client.PartitionInfo;
import io.spate.client.PartitionReassignment;
import io.spate.client.SpateAdmin;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * A {@code spate cluster} command that moves replicas: it reads the cluster, plans new replica
 * lists ({@link #plan}), prints the plan, and only with {@code --execute} starts the moves
 * (AlterPartitionReassignments); with {@code --wait} it then waits until none is left. Refused while
 * another move runs, so that two plans never fight over a partition.
 */
abstract class ClusterMoveCommand extends CliCommand {
    @Option(names = "--execute", description = "Start the moves (without it, nothing changes).")
    boolean execute;

    @Option(names = "--wait", description = "With --execute: wait until every move has completed.")
    boolean waitDone;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "600000",
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    /** The new replica lists of the partitions that change, given the cluster as it is. */
    abstract Map<TopicPartition, List<Integer>> plan(ClusterReport report);

    /** What the plan does, for its first line: {@code Rebalance over nodes 1, 2, 3}, {@code Decommission of node 3}. */
    abstract String title(ClusterReport report);

    @Override
    final int run() {
        if (waitDone && !execute) {
            throw usage("--wait needs --execute");
        }
        if (timeoutMs <= 0) {
            throw usage("--timeout-ms must be positive, got " + timeoutMs);
        }
        try (ClusterSession session = connect()) {
            SpateAdmin admin = session.admin();
            ClusterReport report = ClusterCommand.report(admin);
            long moving = report.count(PartitionHealth.REASSIGNING);
            if (moving > 0) {
                throw ErrorCode.REASSIGNMENT_IN_PROGRESS.exception(moving + " partition(s) are being moved; wait for them"
                        + " (spate cluster reassignments) or cancel them (spate cluster reassignments --cancel)");
            }
            Map<TopicPartition, List<Integer>> current = replicas(report);
            Map<TopicPartition, List<Integer>> plan;
            try {
                plan = plan(report);
            } catch (IllegalArgumentException e) {
                throw ErrorCode.INVALID_REPLICA_ASSIGNMENT.exception(title(report) + " is not possible: " + e.getMessage());
            }
            show(title(report), current, plan);
            if (!execute || plan.isEmpty()) {
                return ExitCodes.OK;
            }
            Map<TopicPartition, Optional<List<Integer>>> moves = new LinkedHashMap<>();
            plan.forEach((tp, replicas) -> moves.put(tp, Optional.of(replicas)));
            ClusterSession.await(admin.alterPartitionReassignments(moves));
            if (!json()) {
                io().out().println("Started moving " + plan.size() + " partition(s)."
                        + (waitDone ? "" : " Follow them with: spate cluster reassignments"));
            }
            if (waitDone) {
                awaitMoves(admin);
            }
        }
        return ExitCodes.OK;
    }

    private void show(String title, Map<TopicPartition, List<Integer>> current, Map<TopicPartition, List<Integer>> plan) {
        if (json()) {
            Json.print(io().out(), ReassignmentViews.planJson(title, current, plan, execute));
            return;
        }
        io().out().print(ReassignmentViews.planText(title, current, plan));
        if (!execute && !plan.isEmpty()) {
            io().out().println("Dry run: nothing changed. Add --execute to start these moves.");
        }
    }

    /** Polls ListPartitionReassignments until it is empty; fails at --timeout-ms. */
    private void awaitMoves(SpateAdmin admin) {
        long deadline = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
        int last = -1;
        while (true) {
            Map<TopicPartition, PartitionReassignment> left = ClusterSession.await(admin.listPartitionReassignments());
            if (left.isEmpty()) {
                if (!json()) {
                    io().out().println("Every move has completed.");
                }
                return;
            }
            if (left.size() != last && !json()) {
                io().err().println(left.size() + " partition(s) still moving");
            }
            last = left.size();
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException(left.size() + " partition(s) still moving after " + timeoutMs
                        + " ms; they go on (spate cluster reassignments)");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailedException("interrupted while waiting for the moves; they go on");
            }
        }
    }

    /** The current replica lists of the report's partitions. */
    static Map<TopicPartition, List<Integer>> replicas(ClusterReport report) {
        Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>();
        for (PartitionStatus p : report.partitions()) {
            PartitionInfo i = p.info();
            out.put(new TopicPartition(p.topic(), i.partition()), i.replicas());
        }
        return out;
    }
}
