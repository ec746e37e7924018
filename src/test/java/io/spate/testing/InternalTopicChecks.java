package io.spate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.TopicNames;
import io.spate.client.Blocking;
import io.spate.client.SpateAdmin;
import io.spate.client.TopicConfigEntry;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The admin changes {@code __consumer_offsets} refuses, whichever node or admin (single node or
 * cluster) answers: those that would let retention erase committed offsets, deleting it and adding
 * partitions to it. Each refusal leaves the topic as it was.
 */
public final class InternalTopicChecks {
    private InternalTopicChecks() {
    }

    public static void assertUnsafeChangesAreRefused(SpateAdmin admin, Duration wait) {
        String topic = TopicNames.CONSUMER_OFFSETS;
        Map<String, TopicConfigEntry> before = Blocking.await(admin.describeConfigs(topic), wait);
        assertEquals("compact", before.get("cleanup.policy").value());

        refused(ErrorCode.INVALID_CONFIG, () -> admin.alterConfigs(topic,
                Map.of("retention.ms", "1", "cleanup.policy", "delete"), Set.of()), wait, "cleanup.policy", topic);
        refused(ErrorCode.INVALID_CONFIG, () -> admin.alterConfigs(topic,
                Map.of("cleanup.policy", "compact,delete"), Set.of()), wait, "cleanup.policy", topic);
        // removing the override would fall back to the node default, delete
        refused(ErrorCode.INVALID_CONFIG, () -> admin.alterConfigs(topic, Map.of(), Set.of("cleanup.policy")),
                wait, "cleanup.policy", topic);
        refused(ErrorCode.INVALID_TOPIC_EXCEPTION, () -> admin.deleteTopic(topic), wait, topic);
        refused(ErrorCode.INVALID_PARTITIONS, () -> admin.createPartitions(topic,
                Blocking.await(admin.describeTopic(topic), wait).partitions().size() + 1), wait, topic);

        assertEquals(before, Blocking.await(admin.describeConfigs(topic), wait), "the configs are unchanged");
    }

    private static void refused(ErrorCode expected, java.util.function.Supplier<io.vertx.core.Future<Void>> call,
                                Duration wait, String... named) {
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(call.get(), wait));
        assertEquals(expected, e.error(), e.getMessage());
        for (String n : named) {
            assertTrue(e.getMessage().contains(n), "'" + e.getMessage() + "' names " + n);
        }
    }
}
