package io.spate.client;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Group consumers against a real node: sharing work (queue), fan-out (publish-subscribe), members leaving. */
@Timeout(60)
class GroupMembershipTest extends GroupNodeTest {

    static Set<String> expected(String prefix, int n) {
        Set<String> out = new HashSet<>();
        IntStream.range(0, n).forEach(i -> out.add(prefix + "-" + i));
        return out;
    }

    static List<String> allValues(List<GroupMember> ms) {
        List<String> out = new ArrayList<>();
        ms.forEach(m -> out.addAll(m.values()));
        return out;
    }

    @Test
    void threeMembersShareSixPartitionsAndProcessEveryRecordExactlyOnce() {
        node.createTopic("queue", 6);
        List<GroupMember> group = List.of(member("a", node.config("q")).subscribe("queue").poll(),
                member("b", node.config("q")).subscribe("queue").poll(),
                member("c", node.config("q")).subscribe("queue").poll());
        eventually("each member owns 2 partitions", () -> group.stream().allMatch(m -> m.assignment().size() == 2));
        Set<TopicPartition> union = new HashSet<>();
        group.forEach(m -> union.addAll(m.assignment()));
        assertEquals(6, union.size(), group.toString());

        node.produce("queue", 6, "job", 600);
        eventually("every record processed", () -> allValues(group).size() >= 600);
        List<String> all = allValues(group);
        assertEquals(600, all.size(), "no record twice");
        assertEquals(expected("job", 600), new HashSet<>(all));
    }

    @Test
    void twoGroupsEachReceiveEveryRecord() {
        node.createTopic("fanout", 3);
        GroupMember g1 = member("g1", node.config("fan-1")).subscribe("fanout").poll();
        GroupMember g2a = member("g2a", node.config("fan-2")).subscribe("fanout").poll();
        GroupMember g2b = member("g2b", node.config("fan-2")).subscribe("fanout").poll();
        eventually("both groups formed", () -> g1.assignment().size() == 3
                && g2a.assignment().size() + g2b.assignment().size() == 3
                && !g2a.assignment().isEmpty() && !g2b.assignment().isEmpty());
        node.produce("fanout", 3, "news", 300);
        eventually("group 1 has everything", () -> g1.values().size() >= 300);
        eventually("group 2 has everything", () -> allValues(List.of(g2a, g2b)).size() >= 300);
        assertEquals(expected("news", 300), new HashSet<>(g1.values()));
        assertEquals(300, allValues(List.of(g2a, g2b)).size());
        assertEquals(expected("news", 300), new HashSet<>(allValues(List.of(g2a, g2b))));
    }

    @Test
    void aClosingMembersPartitionsMoveAndResumeFromItsCommittedOffsets() {
        node.createTopic("handover", 4);
        GroupMember a = member("a", node.config("h")).subscribe("handover").poll();
        GroupMember b = member("b", node.config("h")).subscribe("handover").poll();
        eventually("two members share the topic", () -> a.assignment().size() == 2 && b.assignment().size() == 2);
        node.produce("handover", 4, "first", 200);
        eventually("the first batch is processed", () -> allValues(List.of(a, b)).size() >= 200);

        a.close();
        members.remove(a);
        eventually("b owns every partition", () -> b.assignment().size() == 4);
        node.produce("handover", 4, "second", 200);
        eventually("the second batch is processed", () -> b.values().stream().filter(v -> v.startsWith("second")).count() >= 200);
        List<String> all = allValues(List.of(a, b));
        Set<String> want = expected("first", 200);
        want.addAll(expected("second", 200));
        assertEquals(want, new HashSet<>(all), "nothing skipped");
        assertEquals(400, all.size(), "a committed on close, so b re-read nothing");
        assertTrue(a.events.get(a.events.size() - 1).startsWith("revoked:"), a.events.toString());
    }

    @Test
    void aVanishedMembersPartitionsMoveOnceItsSessionExpires() throws Exception {
        node.createTopic("vanish", 4);
        io.vertx.core.Vertx doomed = io.vertx.core.Vertx.vertx();
        GroupMember a = new GroupMember("a", doomed, node.config("v")).subscribe("vanish").poll();
        GroupMember b = member("b", node.config("v")).subscribe("vanish").poll();
        eventually("two members share the topic", () -> a.assignment().size() == 2 && b.assignment().size() == 2);
        node.produce("vanish", 4, "first", 200);
        eventually("the first batch is processed", () -> allValues(List.of(a, b)).size() >= 200);

        Set<TopicPartition> aOwned = Set.copyOf(a.assignment());
        int aEvents = a.events.size();
        int bEvents = b.events.size();
        a.stopPolling();
        Blocking.await(doomed.close(), GroupNode.WAIT); // no LeaveGroup: the process is simply gone
        // only the coordinator's session timer (3 s) can give a's partitions away; one rebalance follows
        eventually(Duration.ofSeconds(10), "b owns every partition", () -> b.assignment().size() == 4);
        assertEquals(aEvents, a.events.size(), "a was told nothing: it vanished, it did not leave");
        List<String> bSaw = List.copyOf(b.events.subList(bEvents, b.events.size()));
        assertTrue(bSaw.stream().noneMatch(e -> e.startsWith("lost:")), "b kept its own partitions: " + bSaw);
        assertTrue(bSaw.stream().filter(e -> e.startsWith("assigned:"))
                .anyMatch(e -> aOwned.stream().allMatch(tp -> e.contains(tp.toString()))),
                "a's partitions " + aOwned + " reached b in a rebalance: " + bSaw);
        GroupDescription group = Blocking.await(node.admin.describeGroups(List.of("v")), GroupNode.WAIT).get("v");
        assertEquals(List.of(Set.of(0, 1, 2, 3)), group.members().stream()
                .map(m -> m.assignment().stream().map(TopicPartition::partition).collect(java.util.stream.Collectors.toSet()))
                .toList(), "the coordinator expired a: b is the only member, with every partition");
        node.produce("vanish", 4, "second", 200);
        eventually("the second batch is processed", () -> b.values().stream().filter(v -> v.startsWith("second")).count() >= 200);
        Set<String> want = expected("first", 200);
        want.addAll(expected("second", 200));
        assertEquals(want, new HashSet<>(allValues(List.of(a, b))), "nothing skipped");
    }
}
