package io.spate.client;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicPartition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Group consumers' offsets: commits, committed offsets as start positions, auto-commit, reset, patterns. */
@Timeout(60)
class GroupOffsetsTest extends GroupNodeTest {

    @Test
    void commitSyncCommitAsyncAndCommittedRoundTripWithMetadata() {
        node.createTopic("commits", 2);
        TopicPartition p0 = new TopicPartition("commits", 0);
        TopicPartition p1 = new TopicPartition("commits", 1);
        GroupMember m = member("m", node.config("c").setEnableAutoCommit(false)).subscribe("commits").poll();
        eventually("joined", () -> m.owned.size() == 2);
        assertEquals(new java.util.HashMap<>(Map.of()), withoutNulls(Blocking.await(m.consumer.committed(Set.of(p0, p1)), GroupNode.WAIT)));

        m.consumer.commitSync(Map.of(p0, new OffsetAndMetadata(5, "five"), p1, new OffsetAndMetadata(0)));
        Map<TopicPartition, OffsetAndMetadata> got = Blocking.await(m.consumer.committed(Set.of(p0, p1)), GroupNode.WAIT);
        assertEquals(new OffsetAndMetadata(5, "five"), got.get(p0));
        assertEquals(new OffsetAndMetadata(0, ""), got.get(p1));

        Blocking.await(m.consumer.commitAsync(Map.of(p0, new OffsetAndMetadata(7, "seven", Optional.of(0)))), GroupNode.WAIT);
        assertEquals(new OffsetAndMetadata(7, "seven", Optional.of(0)),
                Blocking.await(m.consumer.committed(Set.of(p0)), GroupNode.WAIT).get(p0));
        ConsumerGroupMetadata md = m.consumer.groupMetadata();
        assertEquals("c", md.groupId());
        assertTrue(md.generationId() >= 1 && !md.memberId().isEmpty(), md.toString());
    }

    private static Map<TopicPartition, OffsetAndMetadata> withoutNulls(Map<TopicPartition, OffsetAndMetadata> m) {
        Map<TopicPartition, OffsetAndMetadata> out = new java.util.HashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Test
    void commitSyncOfConsumedPositionsAndANewMemberStartsThere() {
        node.createTopic("resume", 1);
        TopicPartition tp = new TopicPartition("resume", 0);
        node.produce("resume", 1, "r", 10);
        SpateConsumer c = SpateConsumer.create(node.config("resume").setEnableAutoCommit(false));
        try {
            c.subscribe(List.of("resume"));
            List<ConsumerRecord> got = new ArrayList<>();
            long deadline = System.nanoTime() + GroupNode.WAIT.toNanos();
            while (got.size() < 10 && System.nanoTime() < deadline) {
                got.addAll(c.poll(Duration.ofMillis(100)));
            }
            assertEquals(10, got.size());
            c.commitSync();
            assertEquals(10L, Blocking.await(c.committed(Set.of(tp)), GroupNode.WAIT).get(tp).offset());
        } finally {
            Blocking.await(c.close(), GroupNode.WAIT);
        }
        node.produce("resume", 1, "later", 5);
        GroupMember next = member("next", node.config("resume")).subscribe("resume").poll();
        eventually("the new member read what came after the commit", () -> next.values().size() >= 5);
        assertEquals(List.of("later-0", "later-1", "later-2", "later-3", "later-4"), next.values());
    }

    @Test
    void autoCommitCommitsTheConsumedPositions() {
        node.createTopic("auto", 1);
        TopicPartition tp = new TopicPartition("auto", 0);
        node.produce("auto", 1, "a", 25);
        GroupMember m = member("m", node.config("auto")).subscribe("auto").poll();
        eventually("consumed", () -> m.values().size() == 25);
        eventually("auto-committed", () -> {
            OffsetAndMetadata om = Blocking.await(m.consumer.committed(Set.of(tp)), GroupNode.WAIT).get(tp);
            return om != null && om.offset() == 25;
        });
    }

    @Test
    void resetNoneWithoutACommittedOffsetFailsThePoll() {
        node.createTopic("no-reset", 1);
        node.produce("no-reset", 1, "x", 3);
        SpateConsumer c = SpateConsumer.create(node.config("no-reset").setAutoOffsetReset(OffsetResetStrategy.NONE));
        try {
            c.subscribe(List.of("no-reset"));
            SpateException e = null;
            long deadline = System.nanoTime() + GroupNode.WAIT.toNanos();
            while (e == null && System.nanoTime() < deadline) {
                try {
                    assertEquals(List.of(), c.poll(Duration.ofMillis(100)));
                } catch (SpateException thrown) {
                    e = thrown;
                }
            }
            assertTrue(e != null, "poll never failed");
            assertEquals(ErrorCode.OFFSET_OUT_OF_RANGE, e.error());
            assertTrue(e.getMessage().contains("no-reset-0") && e.getMessage().contains("none"), e.getMessage());
        } finally {
            Blocking.await(c.close(), GroupNode.WAIT);
        }
    }

    @Test
    void aPatternSubscriptionPicksUpANewTopic() {
        node.createTopic("pat.a", 1);
        GroupMember m = member("m", node.config("pat").setMetadataMaxAgeMs(200)).subscribe(Pattern.compile("pat\\..*")).poll();
        eventually("pat.a assigned", () -> m.owned.equals(Set.of(new TopicPartition("pat.a", 0))));
        assertEquals(Set.of("pat.a"), m.consumer.subscription());
        node.createTopic("pat.b", 2);
        eventually("pat.b assigned too", () -> m.owned.size() == 3);
        node.produce("pat.b", 2, "b", 4);
        eventually("pat.b's records arrive", () -> m.values().size() == 4);
        assertEquals(Set.of("pat.a", "pat.b"), m.consumer.subscription());
    }

    @Test
    void assignAndSubscribeExcludeEachOtherAndGroupCallsNeedAGroup() {
        SpateConsumer grouped = SpateConsumer.create(node.config("excl"));
        SpateConsumer plain = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(node.node.address()));
        try {
            grouped.assign(List.of(new TopicPartition("x", 0)));
            assertThrows(IllegalStateException.class, () -> grouped.subscribe(List.of("x")));
            Blocking.await(grouped.unsubscribe(), GroupNode.WAIT);
            grouped.subscribe(List.of("x"));
            assertThrows(IllegalStateException.class, () -> grouped.assign(List.of(new TopicPartition("x", 0))));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> plain.subscribe(List.of("x")));
            assertTrue(e.getMessage().contains("group.id"), e.getMessage());
            assertThrows(IllegalStateException.class, plain::commitAsync);
            assertThrows(IllegalStateException.class, plain::groupMetadata);
        } finally {
            Blocking.await(grouped.close(), GroupNode.WAIT);
            Blocking.await(plain.close(), GroupNode.WAIT);
        }
    }

    @Test
    void currentLagIsTheHighWatermarkOfTheLastFetchMinusThePosition() {
        node.createTopic("lag", 1);
        TopicPartition tp = new TopicPartition("lag", 0);
        node.produce("lag", 1, "l", 8);
        SpateConsumer c = SpateConsumer.create(node.config("lag").setMaxPollRecords(3));
        try {
            c.assign(List.of(tp));
            assertTrue(c.currentLag(tp).isEmpty(), "nothing fetched yet");
            List<ConsumerRecord> got = new ArrayList<>();
            long deadline = System.nanoTime() + GroupNode.WAIT.toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got.addAll(c.poll(Duration.ofMillis(100)));
            }
            assertEquals(3, got.size());
            assertEquals(5L, c.currentLag(tp).orElse(-1));
            assertThrows(IllegalStateException.class, () -> c.currentLag(new TopicPartition("lag", 9)));
        } finally {
            Blocking.await(c.close(), GroupNode.WAIT);
        }
    }
}
