package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spate.protocol.TopicPartition;
import io.spate.testing.GroupMember;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code spate group …} against a real node: list, describe (lag after producing and committing),
 * reset-offsets (dry run, --execute, refusal while members are active), delete, and argument errors.
 * Active members are driven over the wire ({@link GroupMember}).
 */
@Timeout(120)
class GroupCommandTest extends CliNodeTest {
    private static void assertOk(CliRun run) {
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    }

    /** Exit 1 and exactly one stderr line starting with {@code spate: <prefix>}. */
    private static void assertFails(String prefix, CliRun run) {
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.toString());
        assertEquals(1, run.errLines().length, run.toString());
        assertTrue(run.errLines()[0].startsWith("spate: " + prefix), run.toString());
    }

    /** A topic with {@code counts[p]} records in partition p. */
    private static void topicWithRecords(String topic, int... counts) {
        assertOk(spate("topic", "create", topic, "--partitions", String.valueOf(counts.length)));
        for (int p = 0; p < counts.length; p++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < counts[p]; i++) {
                lines.append("v").append(i).append('\n');
            }
            assertOk(spateWithInput(lines.toString(), "produce", topic, "--partition", String.valueOf(p)));
        }
    }

    /** The committed offset per partition ("topic-p" → offset, null when none) as describe --json shows it. */
    private static JsonNode offsetRow(String group, String topic, int partition) {
        CliRun run = spate("--json", "group", "describe", group);
        assertOk(run);
        for (JsonNode o : Json.parse(run.out()).get("offsets")) {
            if (o.get("topic").asText().equals(topic) && o.get("partition").asInt() == partition) {
                return o;
            }
        }
        throw new AssertionError("no row for " + topic + "-" + partition + " in " + run.out());
    }

    private static long committed(String group, String topic, int partition) {
        return offsetRow(group, topic, partition).get("currentOffset").asLong();
    }

    @Test
    void listAndDescribeShowMembersOffsetsAndLagAndActiveGroupsAreProtected() {
        topicWithRecords("lagged", 10, 3);
        TopicPartition p0 = new TopicPartition("lagged", 0);
        TopicPartition p1 = new TopicPartition("lagged", 1);
        try (GroupMember member = GroupMember.join(node.port(), "readers", List.of(p0, p1))) {
            member.commit(Map.of(p0, 4L));

            CliRun list = spate("group", "list");
            assertOk(list);
            assertTrue(list.out().startsWith("GROUP"), list.out());
            assertTrue(list.out().lines().anyMatch(l -> l.matches("readers\\s+Stable\\s+consumer")), list.out());
            JsonNode listed = Json.parse(spate("--json", "group", "list").out());
            assertTrue(listed.get("groups").toString().contains(
                    "{\"group\":\"readers\",\"state\":\"Stable\",\"protocolType\":\"consumer\"}"), listed.toString());

            JsonNode d = Json.parse(spate("group", "describe", "readers", "--json").out());
            assertEquals("Stable", d.get("state").asText());
            assertEquals("consumer", d.get("protocolType").asText());
            assertEquals("range", d.get("protocol").asText());
            assertEquals(6, d.get("totalLag").asLong());
            JsonNode m = d.get("members").get(0);
            assertEquals(member.memberId(), m.get("memberId").asText());
            assertTrue(m.get("groupInstanceId").isNull());
            assertEquals("test", m.get("clientId").asText());
            assertTrue(m.get("host").asText().contains("127.0.0.1"));
            assertEquals("[{\"topic\":\"lagged\",\"partition\":0},{\"topic\":\"lagged\",\"partition\":1}]",
                    m.get("assignment").toString());
            JsonNode row0 = d.get("offsets").get(0);
            assertEquals(4, row0.get("currentOffset").asLong());
            assertEquals(10, row0.get("logEndOffset").asLong());
            assertEquals(6, row0.get("lag").asLong());
            assertEquals(member.memberId(), row0.get("memberId").asText());
            JsonNode row1 = d.get("offsets").get(1);
            assertTrue(row1.get("currentOffset").isNull() && row1.get("lag").isNull(), row1.toString());
            assertEquals(3, row1.get("logEndOffset").asLong());

            String text = spate("group", "describe", "readers").out();
            assertTrue(text.contains("State:     Stable\n"), text);
            assertTrue(text.contains("Total lag: 6\n"), text);
            assertTrue(text.lines().anyMatch(l -> l.matches("lagged\\s+0\\s+4\\s+10\\s+6\\s+" + member.memberId())), text);
            assertTrue(text.lines().anyMatch(l -> l.matches("lagged\\s+1\\s+-\\s+3\\s+-\\s+" + member.memberId())), text);
            assertTrue(text.lines().anyMatch(l -> l.matches(member.memberId() + "\\s+-\\s+test\\s+\\S*127\\.0\\.0\\.1\\s+"
                    + "lagged-0,lagged-1")), text);

            CliRun refused = spate("group", "reset-offsets", "readers", "--topic", "lagged", "--to-earliest", "--execute");
            assertFails("NON_EMPTY_GROUP: cannot reset the offsets of group 'readers' while it has active members", refused);
            assertFails("NON_EMPTY_GROUP: ", spate("group", "reset-offsets", "readers", "--topic", "lagged", "--to-latest"));
            assertEquals(4, committed("readers", "lagged", 0));
            assertFails("NON_EMPTY_GROUP: cannot delete group 'readers'", spate("group", "delete", "readers"));
        }
        JsonNode after = Json.parse(spate("--json", "group", "describe", "readers").out());
        assertEquals("Empty", after.get("state").asText());
        assertEquals(0, after.get("members").size());
        // without members only the committed partitions are left to show
        assertEquals(1, after.get("offsets").size(), after.toString());
        assertTrue(after.get("offsets").get(0).get("memberId").isNull());
        assertEquals(4, committed("readers", "lagged", 0));
    }

    @Test
    void resetOffsetsPlansWithoutExecuteAndAppliesWithIt() {
        topicWithRecords("replay", 8, 5);
        CliRun created = spate("group", "reset-offsets", "replayers", "--topic", "replay", "--to-offset", "6", "--execute");
        assertOk(created);
        assertTrue(created.out().lines().anyMatch(l -> l.matches("replay\\s+0\\s+-\\s+6")), created.out());
        assertTrue(created.out().lines().anyMatch(l -> l.matches("replay\\s+1\\s+-\\s+5")), created.out());
        assertTrue(created.out().endsWith("Reset the offsets of group replayers.\n"), created.out());
        assertEquals(6, committed("replayers", "replay", 0));
        assertEquals(5, committed("replayers", "replay", 1));

        CliRun dryRun = spate("group", "reset-offsets", "replayers", "--topic", "replay", "--to-earliest");
        assertOk(dryRun);
        assertTrue(dryRun.out().startsWith("TOPIC"), dryRun.out());
        assertTrue(dryRun.out().lines().anyMatch(l -> l.matches("replay\\s+0\\s+6\\s+0")), dryRun.out());
        assertTrue(dryRun.out().contains("Dry run: nothing changed."), dryRun.out());
        JsonNode plan = Json.parse(spate("--json", "group", "reset-offsets", "replayers", "--topic", "replay:1",
                "--shift-by", "-2").out());
        assertEquals("{\"group\":\"replayers\",\"executed\":false,\"partitions\":[{\"topic\":\"replay\",\"partition\":1,"
                + "\"currentOffset\":5,\"newOffset\":3}]}", plan.toString());
        assertEquals(6, committed("replayers", "replay", 0));
        assertEquals(5, committed("replayers", "replay", 1));

        assertOk(spate("group", "reset-offsets", "replayers", "--topic", "replay:0", "--shift-by", "-2", "--execute"));
        assertEquals(4, committed("replayers", "replay", 0));
        assertEquals(5, committed("replayers", "replay", 1));

        assertOk(spate("group", "reset-offsets", "replayers", "--topic", "replay", "--to-datetime", "2000-01-01T00:00:00Z",
                "--execute"));
        assertEquals(0, committed("replayers", "replay", 0));
        assertEquals(0, committed("replayers", "replay", 1));
        assertOk(spate("group", "reset-offsets", "replayers", "--topic", "replay:1", "--to-latest", "--execute"));
        assertEquals(5, committed("replayers", "replay", 1));
        assertEquals(0, offsetRow("replayers", "replay", 1).get("lag").asLong());
        JsonNode clamped = Json.parse(spate("--json", "group", "reset-offsets", "replayers", "--topic", "replay:0",
                "--to-offset", "999", "--execute").out());
        assertEquals(8, clamped.get("partitions").get(0).get("newOffset").asLong());
        assertTrue(clamped.get("executed").asBoolean());
        assertEquals(8, committed("replayers", "replay", 0));
    }

    @Test
    void resetOffsetsFailuresAreOneLine() {
        topicWithRecords("narrow", 2);
        assertFails("UNKNOWN_TOPIC_OR_PARTITION: ", spate("group", "reset-offsets", "g", "--topic", "missing", "--to-latest"));
        assertFails("UNKNOWN_TOPIC_OR_PARTITION: topic 'narrow' has 1 partition, no partition 3",
                spate("group", "reset-offsets", "g", "--topic", "narrow:0,3", "--to-latest"));
        assertFails("cannot shift the offset of narrow-0: the group has no committed offset there",
                spate("group", "reset-offsets", "fresh", "--topic", "narrow", "--shift-by", "1", "--execute"));
        assertFails("GROUP_ID_NOT_FOUND: group 'fresh' does not exist", spate("group", "describe", "fresh"));
    }

    @Test
    void deleteRemovesAnEmptyGroupWithItsOffsets() {
        topicWithRecords("short-lived", 1);
        assertOk(spate("group", "reset-offsets", "doomed", "--topic", "short-lived", "--to-latest", "--execute"));
        assertEquals(1, committed("doomed", "short-lived", 0));
        CliRun deleted = spate("group", "delete", "doomed");
        assertOk(deleted);
        assertEquals("Deleted group doomed.\n", deleted.out());
        assertFails("GROUP_ID_NOT_FOUND: group 'doomed' does not exist", spate("group", "describe", "doomed"));
        assertTrue(spate("group", "list").out().lines().noneMatch(l -> l.startsWith("doomed ")));
        assertFails("GROUP_ID_NOT_FOUND: group 'doomed' does not exist", spate("group", "delete", "doomed"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "group describe",
        "group delete",
        "group reset-offsets g --topic t",
        "group reset-offsets g --to-latest",
        "group reset-offsets --topic t --to-latest",
        "group reset-offsets g --topic t --to-earliest --to-latest",
        "group reset-offsets g --topic t --to-offset 3 --shift-by 1",
        "group reset-offsets g --topic t --to-offset abc",
        "group reset-offsets g --topic t --to-offset -1",
        "group reset-offsets g --topic t --shift-by 1.5",
        "group reset-offsets g --topic t --to-datetime yesterday",
        "group reset-offsets g --topic t:x --to-latest",
        "group describe -r a[",
    })
    void badArgumentsAreUsageErrors(String line) {
        CliRun run = spate(line.split(" "));
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
        assertTrue(run.errLines()[0].startsWith("spate: "), run.toString());
        assertEquals("", run.out(), run.toString());
    }
}
