package io.spate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spate.client.GroupDescription;
import io.spate.client.GroupListing;
import io.spate.client.MemberDescription;
import io.spate.protocol.TopicPartition;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the {@code spate group} commands show groups, lag and reset plans: text tables and JSON
 * documents. Pure functions of their arguments. Unknown values show as {@code -} in text and
 * {@code null} in JSON.
 */
final class GroupViews {
    private GroupViews() {
    }

    /** GROUP, STATE, PROTOCOL-TYPE, one row per group, in the order given. */
    static Table listTable(List<GroupListing> groups) {
        Table table = new Table("group", "state", "protocol-type");
        groups.forEach(g -> table.row(g.groupId(), g.state(), g.protocolType().isEmpty() ? null : g.protocolType()));
        return table;
    }

    /** {@code {"groups": [{"group", "state", "protocolType"}]}}, protocolType null when the group has none. */
    static ObjectNode listJson(List<GroupListing> groups) {
        ObjectNode root = Json.object();
        ArrayNode array = root.putArray("groups");
        groups.forEach(g -> array.addObject().put("group", g.groupId()).put("state", g.state().toString())
                .put("protocolType", orNull(g.protocolType())));
        return root;
    }

    /** A summary, then MEMBERS and OFFSETS tables. */
    static String describeText(GroupDescription g, List<PartitionLag> partitions) {
        StringBuilder out = new StringBuilder();
        out.append("Group:     ").append(g.groupId()).append('\n');
        out.append("State:     ").append(g.state()).append('\n');
        out.append("Protocol:  ").append(orDash(g.protocolType())).append(" / ").append(orDash(g.protocol())).append('\n');
        out.append("Members:   ").append(g.members().size()).append('\n');
        out.append("Total lag: ").append(totalLag(partitions)).append('\n');
        if (!g.members().isEmpty()) {
            Table members = new Table("member-id", "instance-id", "client-id", "host", "partitions");
            for (MemberDescription m : g.members()) {
                members.row(m.memberId(), m.groupInstanceId(), m.clientId(), m.host(),
                        m.assignment().isEmpty() ? null : partitionList(m.assignment()));
            }
            out.append("\nMEMBERS\n").append(members.render());
        }
        Table offsets = new Table("topic", "partition", "current-offset", "log-end-offset", "lag", "member-id");
        partitions.forEach(p -> offsets.row(p.partition().topic(), p.partition().partition(), p.currentOffset(),
                p.logEndOffset(), p.lag(), p.memberId()));
        out.append("\nOFFSETS\n").append(offsets.render());
        return out.toString();
    }

    /**
     * {@code {"group", "state", "protocolType", "protocol", "totalLag", "members": [{"memberId",
     * "groupInstanceId", "clientId", "host", "assignment": [{"topic", "partition"}]}], "offsets":
     * [{"topic", "partition", "currentOffset", "logEndOffset", "lag", "memberId"}]}}.
     */
    static ObjectNode describeJson(GroupDescription g, List<PartitionLag> partitions) {
        ObjectNode root = Json.object();
        // null where the text shows "-": a group that only holds offsets has neither
        root.put("group", g.groupId()).put("state", g.state().toString()).put("protocolType", orNull(g.protocolType()))
                .put("protocol", orNull(g.protocol())).put("totalLag", totalLag(partitions));
        ArrayNode members = root.putArray("members");
        for (MemberDescription m : g.members()) {
            ObjectNode n = members.addObject().put("memberId", m.memberId()).put("groupInstanceId", m.groupInstanceId())
                    .put("clientId", m.clientId()).put("host", m.host());
            ArrayNode assignment = n.putArray("assignment");
            m.assignment().forEach(tp -> assignment.addObject().put("topic", tp.topic()).put("partition", tp.partition()));
        }
        ArrayNode offsets = root.putArray("offsets");
        partitions.forEach(p -> offsets.addObject().put("topic", p.partition().topic())
                .put("partition", p.partition().partition()).put("currentOffset", p.currentOffset())
                .put("logEndOffset", p.logEndOffset()).put("lag", p.lag()).put("memberId", p.memberId()));
        return root;
    }

    /** TOPIC, PARTITION, CURRENT-OFFSET, NEW-OFFSET. */
    static Table resetTable(List<PlannedReset> plan) {
        Table table = new Table("topic", "partition", "current-offset", "new-offset");
        plan.forEach(r -> table.row(r.partition().topic(), r.partition().partition(), r.currentOffset(), r.newOffset()));
        return table;
    }

    /** {@code {"group", "executed", "partitions": [{"topic", "partition", "currentOffset", "newOffset"}]}}. */
    static ObjectNode resetJson(String groupId, List<PlannedReset> plan, boolean executed) {
        ObjectNode root = Json.object().put("group", groupId).put("executed", executed);
        ArrayNode partitions = root.putArray("partitions");
        plan.forEach(r -> partitions.addObject().put("topic", r.partition().topic())
                .put("partition", r.partition().partition()).put("currentOffset", r.currentOffset())
                .put("newOffset", r.newOffset()));
        return root;
    }

    /** The sum of the known lags (0 when none is known). */
    static long totalLag(List<PartitionLag> partitions) {
        return partitions.stream().map(PartitionLag::lag).filter(l -> l != null).mapToLong(Long::longValue).sum();
    }

    /** {@code t-0,t-1,u-3}. */
    private static String partitionList(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::toString).collect(Collectors.joining(","));
    }

    private static String orNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
