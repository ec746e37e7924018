package io.spate.cli;

import io.spate.client.CommittedOffset;
import io.spate.client.ConsumerGroupState;
import io.spate.client.GroupDescription;
import io.spate.client.MemberDescription;
import io.spate.client.OffsetAndTimestamp;
import io.spate.client.SpateAdmin;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code spate group describe GROUP}: state, protocol, members with their partitions, and per
 * partition (committed or assigned) the committed offset, the log end offset and the lag.
 */
@Command(name = "describe", description = "Show a consumer group's members, committed offsets and lag.")
final class GroupDescribeCommand extends CliCommand {
    @Parameters(paramLabel = "GROUP", description = "The group's id.")
    String group;

    @Override
    int run() {
        GroupDescription description;
        List<PartitionLag> partitions;
        try (ClusterSession session = connect()) {
            description = describeExisting(session.admin(), group);
            partitions = lag(session.admin(), description);
        }
        if (json()) {
            Json.print(io().out(), GroupViews.describeJson(description, partitions));
        } else {
            io().out().print(GroupViews.describeText(description, partitions));
        }
        return ExitCodes.OK;
    }

    /** The group's description; GROUP_ID_NOT_FOUND when the coordinator does not know it. */
    static GroupDescription describeExisting(SpateAdmin admin, String group) {
        GroupDescription d = ClusterSession.await(admin.describeGroups(List.of(group))).get(group);
        if (d.state() == ConsumerGroupState.DEAD) {
            throw ErrorCode.GROUP_ID_NOT_FOUND.exception("group '" + group + "' does not exist");
        }
        return d;
    }

    /** Every partition the group committed or has assigned, with log end offsets of the topics that exist. */
    private static List<PartitionLag> lag(SpateAdmin admin, GroupDescription group) {
        Map<TopicPartition, CommittedOffset> committed = ClusterSession.await(admin.listGroupOffsets(group.groupId()));
        Map<TopicPartition, String> owners = new HashMap<>();
        for (MemberDescription m : group.members()) {
            m.assignment().forEach(tp -> owners.put(tp, m.memberId()));
        }
        Set<TopicPartition> all = new TreeSet<>(committed.keySet());
        all.addAll(owners.keySet());
        // a deleted topic keeps its committed offsets until they expire; it has no log end to ask for
        Set<String> topics = new HashSet<>(ClusterSession.await(admin.listTopics(true)));
        Map<TopicPartition, Long> specs = new HashMap<>();
        all.stream().filter(tp -> topics.contains(tp.topic())).forEach(tp -> specs.put(tp, SpateAdmin.LATEST));
        Map<TopicPartition, OffsetAndTimestamp> ends = specs.isEmpty() ? Map.of()
                : ClusterSession.await(admin.listOffsets(specs));
        List<PartitionLag> out = new ArrayList<>();
        for (TopicPartition tp : all) {
            CommittedOffset c = committed.get(tp);
            OffsetAndTimestamp end = ends.get(tp);
            out.add(new PartitionLag(tp, c == null ? null : c.offset(), end == null ? null : end.offset(), owners.get(tp)));
        }
        return out;
    }
}
