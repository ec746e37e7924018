package io.spate.cli;

import io.spate.client.CommittedOffset;
import io.spate.client.GroupDescription;
import io.spate.client.OffsetAndTimestamp;
import io.spate.client.SpateAdmin;
import io.spate.client.TopicDescription;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate group reset-offsets GROUP --topic T[:P,…]… (--to-earliest | --to-latest | --to-offset N |
 * --to-datetime T | --shift-by N) [--execute]}: plans new committed offsets (see
 * {@link OffsetResetPlanner}) and prints the plan; only with {@code --execute} commits it. Refused
 * while the group has active members (as Kafka: its state must be Empty or Dead), in a dry run too.
 */
@Command(name = "reset-offsets", description = "Plan, and with --execute apply, new committed offsets for a "
        + "consumer group that has no active members.")
final class GroupResetOffsetsCommand extends CliCommand {
    @Parameters(paramLabel = "GROUP", description = "The group's id.")
    String group;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC[:P,P…]", converter = Converters.Topics.class,
            description = "A topic, with all its partitions or the ones listed; repeatable.")
    List<TopicSelection> topics;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--execute", description = "Apply the plan (without it, nothing changes).")
    boolean execute;

    /** Exactly one of the reset options. */
    static final class Target {
        @Option(names = "--to-earliest", required = true, description = "To the log start offset.")
        boolean earliest;

        @Option(names = "--to-latest", required = true, description = "To the log end offset.")
        boolean latest;

        @Option(names = "--to-offset", required = true, paramLabel = "N", description = "To offset N (clamped into the log).")
        Long offset;

        @Option(names = "--to-datetime", required = true, paramLabel = "ISO-8601", converter = Converters.DateTime.class,
                description = "To the first offset at or after this time, e.g. 2024-05-01T12:00:00Z "
                        + "(no zone: local time).")
        Instant datetime;

        @Option(names = "--shift-by", required = true, paramLabel = "N",
                description = "By N from the committed offset (negative: back).")
        Long shift;

        ResetTarget resetTarget() {
            if (earliest) {
                return ResetTarget.earliest();
            }
            if (latest) {
                return ResetTarget.latest();
            }
            if (offset != null) {
                return ResetTarget.offset(offset);
            }
            return datetime != null ? ResetTarget.datetime(datetime) : ResetTarget.shiftBy(shift);
        }
    }

    @Override
    int run() {
        if (target.offset != null && target.offset < 0) {
            throw usage("--to-offset must not be negative, got " + target.offset);
        }
        ResetTarget resetTarget = target.resetTarget();
        List<PlannedReset> plan;
        try (ClusterSession session = connect()) {
            SpateAdmin admin = session.admin();
            GroupDescription g = ClusterSession.await(admin.describeGroups(List.of(group))).get(group);
            if (!g.state().isInactive()) {
                throw ErrorCode.NON_EMPTY_GROUP.exception("cannot reset the offsets of group '" + group + "' while it has "
                        + "active members (state " + g.state() + "); stop its consumers first");
            }
            plan = OffsetResetPlanner.plan(resetTarget, positions(admin, partitions(admin), resetTarget));
            if (execute) {
                Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
                plan.forEach(r -> offsets.put(r.partition(), r.newOffset()));
                ClusterSession.await(admin.alterGroupOffsets(group, offsets));
            }
        }
        if (json()) {
            Json.print(io().out(), GroupViews.resetJson(group, plan, execute));
        } else {
            GroupViews.resetTable(plan).print(io().out());
            io().out().println(execute ? "Reset the offsets of group " + group + "."
                    : "Dry run: nothing changed. Add --execute to apply this plan.");
        }
        return ExitCodes.OK;
    }

    /** The partitions the --topic options name; an unknown topic or partition fails with UNKNOWN_TOPIC_OR_PARTITION. */
    private Set<TopicPartition> partitions(SpateAdmin admin) {
        Map<String, TopicDescription> described = ClusterSession.await(admin.describeTopics(
                topics.stream().map(TopicSelection::topic).distinct().toList()));
        Set<TopicPartition> out = new TreeSet<>();
        for (TopicSelection s : topics) {
            TopicDescription t = described.get(s.topic());
            if (s.allPartitions()) {
                out.addAll(TopicPartitions.all(t));
            } else {
                s.partitions().forEach(p -> out.add(new TopicPartition(t.name(), TopicPartitions.check(t, p).partition())));
            }
        }
        return out;
    }

    /** Committed offsets, log ranges and, for --to-datetime, the offsets for the time, of every partition. */
    private List<PartitionPosition> positions(SpateAdmin admin, Set<TopicPartition> partitions, ResetTarget target) {
        Map<TopicPartition, CommittedOffset> committed = ClusterSession.await(admin.listGroupOffsets(group));
        Map<TopicPartition, OffsetAndTimestamp> starts = listOffsets(admin, partitions, SpateAdmin.EARLIEST);
        Map<TopicPartition, OffsetAndTimestamp> ends = listOffsets(admin, partitions, SpateAdmin.LATEST);
        Map<TopicPartition, OffsetAndTimestamp> atTime = target.kind() == ResetTarget.Kind.DATETIME
                // before 1970 means "from the first record"; negative specs are EARLIEST / LATEST
                ? listOffsets(admin, partitions, Math.max(0, target.value())) : Map.of();
        List<PartitionPosition> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            CommittedOffset c = committed.get(tp);
            OffsetAndTimestamp found = atTime.get(tp);
            out.add(new PartitionPosition(tp, c == null ? null : c.offset(), starts.get(tp).offset(),
                    ends.get(tp).offset(), found == null || found.offset() < 0 ? null : found.offset()));
        }
        return out;
    }

    private static Map<TopicPartition, OffsetAndTimestamp> listOffsets(SpateAdmin admin, Set<TopicPartition> partitions,
                                                                       long spec) {
        Map<TopicPartition, Long> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        return ClusterSession.await(admin.listOffsets(specs));
    }
}
