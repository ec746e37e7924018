package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CLI's failures speak the user's language, one wording each, against a real node: no wire
 * request names, one "does not exist" per kind, no doubled prefix, and JSON on stderr under --json.
 */
@Timeout(120)
class ErrorMessagesCliTest extends CliNodeTest {
    private static void assertFailure(String line, CliRun run) {
        assertEquals(ExitCodes.FAILED, run.exitCode(), run.toString());
        assertEquals(line + "\n", run.err(), run.toString());
    }

    @Test
    void topicAdminFailuresDoNotNameTheWireRequest() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "msg-t").exitCode());
        assertFailure("spate: TOPIC_ALREADY_EXISTS: topic 'msg-t' already exists", spate("topic", "create", "msg-t"));
        assertFailure("spate: INVALID_CONFIG: topic 'msg-x': unknown topic config key 'nope'",
                spate("topic", "create", "msg-x", "--config", "nope=1"));
        assertFailure("spate: INVALID_CONFIG: topic 'msg-t': unknown topic config key 'nope'",
                spate("topic", "alter", "msg-t", "--set", "nope=1"));
    }

    @Test
    void aTopicWhoseNameCollidesInMetricsIsRefused() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "msg.metrics").exitCode());
        assertFailure("spate: INVALID_TOPIC_EXCEPTION: topic 'msg_metrics' collides with existing topic 'msg.metrics' "
                + "('.' and '_' are the same in metric names)", spate("topic", "create", "msg_metrics"));
    }

    @Test
    void aMissingTopicIsWordedOnceEverywhere() {
        String missing = "spate: UNKNOWN_TOPIC_OR_PARTITION: topic 'ghost' does not exist";
        assertFailure(missing, spate("topic", "describe", "ghost"));
        assertFailure(missing, spate("topic", "delete", "ghost"));
        assertFailure(missing, spate("topic", "alter", "ghost", "--set", "retention.ms=1"));
        assertFailure(missing, spate("topic", "add-partitions", "ghost", "--count", "1"));
        assertFailure(missing, spateWithInput("x\n", "produce", "ghost"));
        assertFailure(missing, spate("consume", "ghost", "--timeout-ms", "100"));
        assertFailure(missing, spate("group", "reset-offsets", "g", "--topic", "ghost", "--to-latest"));
        assertFailure(missing, spate("perf", "consume", "--topic", "ghost", "--records", "1"));
    }

    @Test
    void aMissingGroupIsWordedOnceEverywhere() {
        String missing = "spate: GROUP_ID_NOT_FOUND: group 'ghost' does not exist";
        assertFailure(missing, spate("group", "describe", "ghost"));
        assertFailure(missing, spate("group", "delete", "ghost"));
    }

    @Test
    void usageErrorsFromArgumentGroupsHaveOnePrefix() {
        CliRun run = spate("group", "reset-offsets", "g", "--topic", "t");
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
        assertTrue(run.errLines()[0].startsWith("spate: Missing required argument"), run.toString());
        CliRun two = spate("group", "reset-offsets", "g", "--topic", "t", "--to-earliest", "--to-latest");
        assertTrue(two.errLines()[0].startsWith("spate: --to-earliest, --to-latest are mutually exclusive"), two.toString());
    }

    @Test
    void underJsonAFailureIsOneJsonDocumentOnStderr() {
        assertEquals(ExitCodes.OK, spate("topic", "create", "msg-json").exitCode());
        CliRun exists = spate("--json", "topic", "create", "msg-json");
        assertEquals(ExitCodes.FAILED, exists.exitCode(), exists.toString());
        assertEquals("", exists.out());
        assertEquals(1, exists.errLines().length, exists.toString());
        JsonNode error = Json.parse(exists.err());
        assertEquals("TOPIC_ALREADY_EXISTS", error.get("error").asText());
        assertEquals("topic 'msg-json' already exists", error.get("message").asText());
        assertEquals(ExitCodes.FAILED, error.get("exitCode").asInt());

        CliRun usage = spate("topic", "create", "--json");
        assertEquals(ExitCodes.USAGE, usage.exitCode(), usage.toString());
        assertEquals(1, usage.errLines().length, usage.toString());
        JsonNode usageError = Json.parse(usage.err());
        assertEquals("USAGE", usageError.get("error").asText());
        assertTrue(usageError.get("message").asText().startsWith("Missing required parameter: 'NAME'"), usage.toString());

        CliRun local = spate("--json", "dump-log", "/nonexistent/00000000000000000000.log");
        assertEquals("COMMAND_FAILED", Json.parse(local.err()).get("error").asText(), local.toString());
        assertFalse(local.err().startsWith("spate:"), local.toString());
    }
}
