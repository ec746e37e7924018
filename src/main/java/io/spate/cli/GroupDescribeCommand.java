package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.CommittedOffset;
import io.spate.client.ConsumerGroupState;
import io.spate.client.GroupDescription;
import io.spate.client.MemberDescription;
import io.spate.client.OffsetAndTimestamp;
import io.spate.client.SpateAdmin;
import io.spate.protocol.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spate group describe GROUP… [-r]}: for each group named or matched, its state, protocol,
 * members with their partitions, and per partition (committed or assigned) the committed offset, the
 * log end offset and the lag. One literal id gives one JSON document; several, or a pattern,
 * {@code {"groups": [document…]}}.
 */
@Command(name = "describe", description = "Show consumer groups' members, committed offsets and lag.")
final class GroupDescribeCommand extends CliCommand {
    @Parameters(paramLabel = "GROUP", arity = "1..*",
            description = "Group ids, or globs ('billing-*'; regular expressions with -r).")
    List<String> groups = new ArrayList<>();

    @Option(names = {"-r", "--regex"}, description = "Read each GROUP as a regular expression.")
    boolean regex;

    @Override
    int run() {
        NameFilter filter = filter(groups, regex);
        List<GroupDescription> descriptions = new ArrayList<>();
        List<List<PartitionLag>> lags = new ArrayList<>();
        try (ClusterSession session = connect()) {
            List<String> selected = GroupCommand.resolve(session.admin(), filter);
            Map<String, GroupDescription> described = ClusterSession.await(session.admin().describeGroups(selected));
            for (String id : selected) {
                GroupDescription d = described.get(id);
                if (d.state() == ConsumerGroupState.DEAD) {
                    throw GroupCommand.doesNotExist(id);
                }
                descriptions.add(d);
                lags.add(lag(session.admin(), d));
            }
        }
        boolean one = !filter.hasPatterns() && descriptions.size() == 1;
        if (json()) {
            if (one) {
                Json.print(io().out(), GroupViews.describeJson(descriptions.get(0), lags.get(0)));
            } else {
                ObjectNode doc = Json.object();
                ArrayNode array = doc.putArray("groups");
                for (int i = 0; i < descriptions.size(); i++) {
                    array.add(GroupViews.describeJson(descriptions.get(i), lags.get(i)));
                }
                Json.print(io().out(), doc);
            }
        } else {
            for (int i = 0; i < descriptions.size(); i++) {
                io().out().print((i == 0 ? "" : "\n") + GroupViews.describeText(descriptions.get(i), lags.get(i)));
            }
        }
        return ExitCodes.OK;
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
