package io.spate.client;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How partitions move between group consumers: listener order, fencing, static members, cooperative hand-over. */
@Timeout(60)
class GroupRebalanceTest extends GroupNodeTest {
    static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        Blocking.await(vertx.close(), GroupNode.WAIT);
    }

    @Test
    void eagerListenerSeesAssignedThenRevokedAllThenAssignedThenRevokedOnClose() {
        node.createTopic("order", 2);
        GroupMember a = member("a", node.config("order")).subscribe("order").poll();
        eventually("a owns both partitions", () -> a.assignment().size() == 2);
        GroupMember b = member("b", node.config("order")).subscribe("order").poll();
        eventually("a and b share", () -> a.assignment().size() == 1 && b.assignment().size() == 1);
        Set<TopicPartition> kept = a.assignment();
        a.close();
        members.remove(a);
        assertEquals(List.of("assigned:[order-0, order-1]", "revoked:[order-0, order-1]", "assigned:" + new TreeSet<>(kept),
                "revoked:" + new TreeSet<>(kept)), a.events);
    }

    @Test
    void aZombieCannotCommitAndLosesItsPartitions() {
        node.createTopic("zombie", 2);
        GroupMember zombie = member("zombie", node.config("z").setEnableAutoCommit(false)).subscribe("zombie").poll();
        eventually("the zombie owns both partitions", () -> zombie.assignment().size() == 2);
        GroupMember b = member("b", node.config("z")).subscribe("zombie").poll();
        eventually("they share", () -> zombie.assignment().size() == 1 && b.assignment().size() == 1);
        TopicPartition tp = zombie.assignment().iterator().next();
        Blocking.await(b.consumer.commitAsync(Map.of(tp, new OffsetAndMetadata(3, "by-b"))), GroupNode.WAIT);
        int oldGeneration = zombie.consumer.groupMetadata().generationId();

        // the zombie hangs: its heartbeats stop, as when its process no longer runs them (its polls go on)
        zombie.onConsumerContext(() -> zombie.consumer.coordinator().heartbeat().stop());
        eventually(Duration.ofSeconds(15), "the session expired: b owns both", () -> b.assignment().size() == 2);
        assertTrue(b.consumer.groupMetadata().generationId() > oldGeneration);

        CommitFailedException e = assertThrows(CommitFailedException.class,
                () -> zombie.consumer.commitSync(Map.of(tp, new OffsetAndMetadata(999, "by-zombie"))));
        assertTrue(e.error() == ErrorCode.UNKNOWN_MEMBER_ID || e.error() == ErrorCode.ILLEGAL_GENERATION, e.getMessage());
        OffsetAndMetadata stored = Blocking.await(b.consumer.committed(Set.of(tp)), GroupNode.WAIT).get(tp);
        assertFalse(stored != null && stored.offset() == 999, "the zombie's commit was stored: " + stored);
        eventually("the zombie was told its partitions are lost", () -> zombie.events.contains("lost:[" + tp + "]"));
    }

    @Test
    void aStaticMemberRestartingWithinItsSessionGetsItsPartitionsBackWithoutRebalance() {
        node.createTopic("static", 4);
        ConsumerConfig s1Config = node.config("st").setGroupInstanceId("s1").setSessionTimeoutMs(10_000);
        GroupMember s1 = member("s1", s1Config).subscribe("static").poll();
        GroupMember s2 = member("s2", node.config("st").setGroupInstanceId("s2").setSessionTimeoutMs(10_000))
                .subscribe("static").poll();
        eventually("they share", () -> s1.owned.size() == 2 && s2.owned.size() == 2);
        Set<TopicPartition> before = s1.assignment();
        int generation = s2.consumer.groupMetadata().generationId();
        List<String> s2Events = List.copyOf(s2.events);

        s1.close();
        members.remove(s1);
        GroupMember again = member("s1-again", s1Config).subscribe("static").poll();
        eventually("the restarted member has its partitions", () -> again.assignment().equals(before));
        assertEquals(generation, again.consumer.groupMetadata().generationId());
        assertEquals(generation, s2.consumer.groupMetadata().generationId());
        assertEquals(s2Events, s2.events, "s2 was never revoked");
        assertEquals(2, s2.assignment().size());
    }

    @Test
    void cooperativeMembersKeepConsumingWhatTheyKeepWhileTheGroupRebalances() throws Exception {
        node.createTopic("coop", 6);
        ConsumerConfig coop = node.config("coop").setPartitionAssignmentStrategy("cooperative-sticky");
        GroupMember a = member("a", coop).subscribe("coop").poll();
        GroupMember b = member("b", coop).subscribe("coop").poll();
        eventually("a and b share", () -> a.assignment().size() == 3 && b.assignment().size() == 3);
        AtomicLong revokeStart = new AtomicLong();
        AtomicLong revokeEnd = new AtomicLong();
        a.onRevoke = tps -> {
            revokeStart.set(System.nanoTime());
            Promise<Void> p = Promise.promise();
            vertx.setTimer(1_500, id -> {
                revokeEnd.set(System.nanoTime());
                p.complete();
            });
            return p.future();
        };
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> {
            int i = 0;
            while (producing.get()) {
                node.produce("coop", 6, "tick" + i++, 6);
            }
        });
        producer.start();
        try {
            GroupMember c = member("c", coop).subscribe("coop").poll();
            eventually(Duration.ofSeconds(15), "2 partitions each", () -> a.assignment().size() == 2
                    && b.assignment().size() == 2 && c.assignment().size() == 2 && revokeEnd.get() != 0);
        } finally {
            producing.set(false);
            producer.join(10_000);
        }
        for (GroupMember m : List.of(a, b)) {
            for (String e : m.events) {
                if (e.startsWith("revoked:")) {
                    for (TopicPartition tp : m.assignment()) {
                        assertFalse(e.contains(tp.toString()), m.name + " revoked a partition it kept: " + m.events);
                    }
                }
            }
        }
        Set<TopicPartition> aKeeps = new HashSet<>(a.assignment());
        long during = a.received.stream().filter(r -> aKeeps.contains(r.record().topicPartition())
                && r.atNanos() > revokeStart.get() && r.atNanos() < revokeEnd.get()).count();
        assertTrue(during > 0, "a received nothing of the partitions it kept while revoking: " + a.events);
    }

    @Test
    void aMemberThatStopsPollingLeavesAndRejoinsAtItsNextPoll() {
        node.createTopic("slow", 2);
        GroupMember slow = member("slow", node.config("slow").setMaxPollIntervalMs(1_500)).subscribe("slow");
        GroupMember busy = member("busy", node.config("slow")).subscribe("slow").poll();
        eventually("they share", () -> slow.assignment().size() == 1 && busy.assignment().size() == 1);
        eventually(Duration.ofSeconds(10), "the slow member left: busy owns both", () -> busy.assignment().size() == 2);
        assertTrue(slow.events.stream().anyMatch(e -> e.startsWith("lost:")), slow.events.toString());
        assertEquals(-1, slow.consumer.groupMetadata().generationId());
        slow.poll();
        eventually("the slow member is back", () -> slow.assignment().size() == 1 && busy.assignment().size() == 1);
    }
}
