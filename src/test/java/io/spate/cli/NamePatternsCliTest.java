package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several topics and groups per command, globs and regular expressions, and internal topics hidden
 * from {@code topic list}, against a real node.
 */
@Timeout(180)
class NamePatternsCliTest extends CliNodeTest {
    private static void assertOk(CliRun run) {
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    @Test
    void topicsAreCreatedDescribedAndDeletedSeveralAtATimeAndByPattern() {
        CliRun created = spate("topic", "create", "pat-a", "pat-b", "pat-c", "other");
        assertOk(created);
        assertEquals("Created topic pat-a.\nCreated topic pat-b.\nCreated topic pat-c.\nCreated topic other.\n",
                created.out());

        JsonNode described = Json.parse(spate("--json", "topic", "describe", "pat-*").out());
        assertEquals(List.of("pat-a", "pat-b", "pat-c"), names(described.get("topics"), "name"));
        CliRun two = spate("topic", "describe", "other", "pat-b");
        assertOk(two);
        assertEquals(2, two.out().lines().filter(l -> l.equals("SUMMARY")).count(), two.toString());
        assertEquals("pat-c", Json.parse(spate("--json", "topic", "describe", "pat-c").out()).get("name").asText(),
                "one literal name keeps its one document");
        JsonNode byRegex = Json.parse(spate("--json", "topic", "describe", "-r", "pat-[ab]").out());
        assertEquals(List.of("pat-a", "pat-b"), names(byRegex.get("topics"), "name"));

        CliRun dryRun = spate("topic", "delete", "pat-*");
        assertOk(dryRun);
        assertEquals("Would delete 3 topics (matching 'pat-*'):\n  pat-a\n  pat-b\n  pat-c\n"
                + "Dry run: nothing deleted. Add --yes to delete them.\n", dryRun.out());
        assertEquals(5, spate("topic", "list", "pat-*", "other").out().lines().count(), "header and 4 rows");

        CliRun deleted = spate("topic", "delete", "pat-*", "--yes");
        assertOk(deleted);
        assertEquals("Deleted topic pat-a.\nDeleted topic pat-b.\nDeleted topic pat-c.\n", deleted.out());
        assertOk(spate("topic", "delete", "other"));
        CliRun none = spate("topic", "describe", "pat-*");
        assertEquals(ExitCodes.FAILED, none.exitCode(), none.toString());
        assertEquals("spate: no topic matches 'pat-*'\n", none.err());
    }

    @Test
    void aMissingTopicAmongSeveralFailsBeforeAnythingIsDeleted() {
        assertOk(spate("topic", "create", "keep-1"));
        CliRun run = spate("topic", "delete", "keep-1", "nope");
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.toString());
        assertEquals("spate: UNKNOWN_TOPIC_OR_PARTITION: topic 'nope' does not exist\n", run.err());
        assertTrue(spate("topic", "list").out().contains("keep-1"));
    }

    @Test
    void topicListHidesInternalTopicsUnlessAsked() {
        assertOk(spate("topic", "create", "visible"));
        // a group commit creates __consumer_offsets
        assertOk(spateWithInput("x\n", "produce", "visible"));
        assertOk(spate("consume", "visible", "--group", "g-internal", "--from-beginning", "--max-messages", "1",
                "--timeout-ms", "20000"));
        CliRun plain = spate("topic", "list");
        assertTrue(plain.out().contains("visible"), plain.toString());
        assertFalse(plain.out().contains("__consumer_offsets") || plain.out().contains("__transaction_state"),
                plain.toString());
        CliRun internal = spate("topic", "list", "--internal");
        assertTrue(internal.out().lines().anyMatch(l -> l.matches("__consumer_offsets\\s+\\d+\\s+1\\s+true")),
                internal.toString());
        JsonNode json = Json.parse(spate("--json", "topic", "list", "-i", "__*").out());
        // __transaction_state is created by the first transactional producer only, as in Kafka
        assertEquals(List.of("__consumer_offsets"), names(json.get("topics"), "name"));
        // patterns in describe leave internal topics out; named in full they are described
        assertFalse(spate("topic", "describe", "*").out().contains("__consumer_offsets"));
        assertOk(spate("topic", "describe", "__consumer_offsets"));
    }

    @Test
    void groupsAreListedDescribedAndDeletedSeveralAtATimeAndByPattern() {
        assertOk(spate("topic", "create", "gp"));
        assertOk(spateWithInput("1\n2\n", "produce", "gp"));
        for (String group : List.of("gp-one", "gp-two", "lone")) {
            assertOk(spate("consume", "gp", "--group", group, "--from-beginning", "--max-messages", "2",
                    "--timeout-ms", "20000"));
        }
        JsonNode listed = Json.parse(spate("--json", "group", "list", "gp-*").out());
        assertEquals(List.of("gp-one", "gp-two"), names(listed.get("groups"), "group"));
        JsonNode described = Json.parse(spate("--json", "group", "describe", "gp-*", "lone").out());
        assertEquals(List.of("gp-one", "gp-two", "lone"), names(described.get("groups"), "group"));
        CliRun text = spate("group", "describe", "gp-one", "gp-two");
        assertEquals(2, text.out().lines().filter(l -> l.startsWith("Group:")).count(), text.toString());

        CliRun missing = spate("group", "describe", "lone", "ghost");
        assertEquals(ExitCodes.FAILED, missing.exitCode(), missing.toString());
        assertEquals("spate: GROUP_ID_NOT_FOUND: group 'ghost' does not exist\n", missing.err());

        CliRun dryRun = spate("group", "delete", "-r", "gp-.*");
        assertOk(dryRun);
        assertTrue(dryRun.out().endsWith("Dry run: nothing deleted. Add --yes to delete them.\n"), dryRun.toString());
        CliRun deleted = spate("group", "delete", "-r", "gp-.*", "--yes");
        assertOk(deleted);
        assertEquals("Deleted group gp-one.\nDeleted group gp-two.\n", deleted.out());
        CliRun partly = spate("group", "delete", "lone", "ghost");
        assertEquals(ExitCodes.FAILED, partly.exitCode(), partly.toString());
        assertEquals("Deleted group lone.\n", partly.out());
        assertEquals("spate: GROUP_ID_NOT_FOUND: group 'ghost' does not exist\n", partly.err());
    }
}
