package io.spate.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.testing.Eventually;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Voters of the metadata quorum in one JVM (see {@link RaftTestCluster}): changes commit on every
 * voter exactly once, a voter cut off from the majority never acknowledges one and none of its
 * attempts survives the heal, epochs never go backwards anywhere, a crashed leader is replaced.
 */
@Timeout(30)
class RaftClusterMetadataTest {
    private static final Duration ELECTION = Duration.ofSeconds(8);
    private static final Duration CONVERGE = Duration.ofSeconds(8);
    /** Awaited answers come within this, or the test fails. */
    private static final long AWAIT_SECONDS = 20;
    /**
     * FAST with a snapshot every 5 commits and a proposal timeout past {@link #AWAIT_SECONDS}: a change
     * answered only by its timeout fails the test instead of passing late.
     */
    private static final QuorumOptions SNAPSHOT_OFTEN = new QuorumOptions(RaftTestCluster.FAST.electionTimeout(),
            RaftTestCluster.FAST.heartbeatPeriod(), RaftTestCluster.FAST.heartbeatTimeout(), RaftTestCluster.FAST.lease(),
            Duration.ofSeconds(60), RaftTestCluster.FAST.retryBackoff(), 5, RaftTestCluster.FAST.importWait());

    private static Future<MetadataImage> addTopic(RaftClusterMetadata m, String name) {
        return m.update(img -> img.topic(name) != null ? img
                : img.withTopic(new TopicState(name, null, Map.of(), List.of(PartitionState.initial(List.of(1, 2, 3))))));
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
    }

    private static Throwable failure(Future<?> f) {
        try {
            f.toCompletionStage().toCompletableFuture().get(AWAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        } catch (Exception e) {
            throw new AssertionError("did not complete: " + e, e);
        }
        throw new AssertionError("succeeded, should have failed: " + f.result());
    }

    /** Every node's listeners saw strictly growing epochs, and never an image holding one of {@code lost}. */
    private static void assertEpochsOnlyGrewAndNothingLostAppeared(RaftTestCluster c, Set<String> lost) {
        for (int id : c.ids()) {
            long last = 0;
            for (MetadataImage img : c.seen(id)) {
                assertTrue(img.epoch() > last, "node " + id + " saw epoch " + img.epoch() + " after " + last);
                last = img.epoch();
                for (String t : lost) {
                    assertNull(img.topic(t), "node " + id + " saw the unacknowledged " + t + " at epoch " + img.epoch());
                }
            }
        }
    }

    private static Set<Integer> others(RaftTestCluster c, int... ids) {
        Set<Integer> out = new HashSet<>(c.ids());
        for (int id : ids) {
            out.remove(id);
        }
        return out;
    }

    @Test
    void changesFromTheLeaderAndFromAFollowerCommitOnAllAndRefusalsChangeNothing() {
        try (RaftTestCluster c = new RaftTestCluster(3).start()) {
            int leader = c.awaitLeader(c.ids(), ELECTION);
            int follower = others(c, leader).iterator().next();

            MetadataImage one = await(addTopic(c.node(leader), "from-leader"));
            assertEquals(1, one.epoch());
            // a forwarded change: answered once the follower itself applied it
            MetadataImage two = await(addTopic(c.node(follower), "from-follower"));
            assertEquals(2, two.epoch());
            assertSame(two, c.node(follower).current());
            assertEquals(two, c.awaitSameImage(c.ids(), CONVERGE));
            assertTrue(two.topics().keySet().containsAll(List.of("from-leader", "from-follower")));

            // a change that changes nothing proposes nothing; a refused or malformed one fails and changes nothing
            assertSame(two, await(c.node(follower).update(img -> img)));
            Throwable refused = failure(c.node(follower).update(img -> {
                throw new IllegalArgumentException("refused");
            }));
            assertInstanceOf(IllegalArgumentException.class, refused);
            assertEquals("refused", refused.getMessage());
            assertInstanceOf(IllegalStateException.class, failure(c.node(leader).update(img -> img.next(m -> m).next(m -> m))));
            assertEquals(two, c.awaitSameImage(c.ids(), CONVERGE));
            for (int id : c.ids()) {
                assertEquals(List.of(1L, 2L), c.seen(id).stream().map(MetadataImage::epoch).toList(), "node " + id);
            }
        }
    }

    @Test
    void concurrentChangesFromEveryNodeAllLandExactlyOnce() {
        final int CHANGES = 60; // past FAST's snapshotEvery: a follower may catch up by a snapshot meanwhile
        try (RaftTestCluster c = new RaftTestCluster(3).start()) {
            c.awaitLeader(c.ids(), ELECTION);
            List<Future<MetadataImage>> writes = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < CHANGES; i++) {
                int id = 1 + i % 3;
                String name = "t" + i;
                names.add(name);
                // appends instead of "add if absent": a change applied twice would show as one epoch too many
                writes.add(c.node(id).update(img -> img.next(m -> {
                    m.put(name, new TopicState(name, null, Map.of(), List.of(PartitionState.initial(List.of(id)))));
                    return m;
                })));
            }
            Set<Long> epochs = writes.stream().map(f -> await(f).epoch()).collect(Collectors.toSet());
            assertEquals(CHANGES, epochs.size(), "each change took its own epoch");
            MetadataImage last = c.awaitSameImage(c.ids(), CONVERGE);
            assertEquals(CHANGES, last.epoch());
            assertEquals(names, last.topics().keySet());
            assertEpochsOnlyGrewAndNothingLostAppeared(c, Set.of());
        }
    }

    @Test
    void aChangeComputedOnAnOlderImageIsComputedAgainNotAppliedOverTheNewer() {
        try (RaftTestCluster c = new RaftTestCluster(3).start()) {
            int leader = c.awaitLeader(c.ids(), ELECTION);
            Set<Integer> followers = others(c, leader);
            int slow = followers.iterator().next();
            int fast = others(c, leader, slow).iterator().next();
            List<Long> basesOfSlow = new ArrayList<>();
            c.holdForwards(slow);
            Future<MetadataImage> late = c.node(slow).update(img -> {
                basesOfSlow.add(img.epoch());
                return img.withTopic(new TopicState("slow", null, Map.of(), List.of()));
            });
            Eventually.eventually(CONVERGE, "the slow change is on its way", () -> c.heldForwards() == 1);
            assertEquals(1, await(addTopic(c.node(fast), "fast")).epoch());
            c.releaseForwards();

            // SetImage(0, ...) met epoch 1: a conflict, computed again on epoch 1, never applied over it
            assertEquals(2, await(late).epoch());
            assertEquals(List.of(0L, 1L), basesOfSlow);
            MetadataImage now = c.awaitSameImage(c.ids(), CONVERGE);
            assertEquals(Set.of("fast", "slow"), now.topics().keySet());
            assertEquals(2, now.epoch());
            assertEpochsOnlyGrewAndNothingLostAppeared(c, Set.of());
        }
    }

    @Test
    void aChangeWhoseEpochItsFollowerSkippedInASnapshotIsAnsweredAtOnceAndTheNextGoesOn() {
        try (RaftTestCluster c = new RaftTestCluster(3, SNAPSHOT_OFTEN).start()) {
            int leader = c.awaitLeader(c.ids(), ELECTION);
            int behind = others(c, leader).iterator().next();
            c.dropRaftMessagesTo(behind);
            Future<MetadataImage> first = addTopic(c.node(behind), "first"); // forwarded: the leader answers Applied
            Future<MetadataImage> second = addTopic(c.node(behind), "second"); // this node's next, queued behind it
            Eventually.eventually(CONVERGE, "the leader committed the first", () -> c.node(leader).current().epoch() == 1);
            for (int i = 0; i < 2 * SNAPSHOT_OFTEN.snapshotEvery(); i++) {
                await(addTopic(c.node(leader), "t" + i)); // the leader's log is compacted past epoch 1
            }
            c.deliverRaftMessages();

            // the follower installs a snapshot past epoch 1, never applies epoch 1 itself: the leader's answer says
            // the change took it
            assertEquals(Set.of("first"), await(first).topics().keySet());
            assertEquals(2 * SNAPSHOT_OFTEN.snapshotEvery() + 2, await(second).epoch());
            assertTrue(c.seen(behind).stream().noneMatch(img -> img.epoch() == 1), "epoch 1 came in a snapshot");
            assertEpochsOnlyGrewAndNothingLostAppeared(c, Set.of());
        }
    }

    @Test
    void aChangeWhoseOutcomeWasLostAndWhoseEpochASnapshotSkippedFailsAsUnknownAtOnceAndTheNextGoesOn() {
        try (RaftTestCluster c = new RaftTestCluster(3, SNAPSHOT_OFTEN).start()) {
            int leader = c.awaitLeader(c.ids(), ELECTION);
            int behind = others(c, leader).iterator().next();
            c.dropRaftMessagesTo(behind);
            c.loseForwardAnswersOf(behind);
            Future<MetadataImage> first = addTopic(c.node(behind), "first"); // committed, but no answer comes back
            Future<MetadataImage> second = addTopic(c.node(behind), "second");
            Eventually.eventually(CONVERGE, "the leader committed the first", () -> c.node(leader).current().epoch() == 1);
            for (int i = 0; i < 2 * SNAPSHOT_OFTEN.snapshotEvery(); i++) {
                await(addTopic(c.node(leader), "t" + i));
            }
            c.keepForwardAnswers(); // proposed again, it conflicts with the leader's newer image: which change took epoch 1?
            c.deliverRaftMessages(); // not the snapshot past it either

            Throwable unknown = failure(first);
            assertInstanceOf(NoQuorumException.class, unknown); // "timed out": not known to have been applied
            assertTrue(unknown.getMessage().contains("epoch 1"), unknown.getMessage());
            assertEquals(2 * SNAPSHOT_OFTEN.snapshotEvery() + 2, await(second).epoch());
            assertNotNull(c.node(behind).current().topic("first")); // it had committed: why the answer is "unknown"
        }
    }

    @Test
    void aLeaderCutOffAloneAcknowledgesNothingAndItsChangeNeverAppears() {
        try (RaftTestCluster c = new RaftTestCluster(3).start()) {
            int old = c.awaitLeader(c.ids(), ELECTION);
            await(addTopic(c.node(old), "before"));
            Set<Integer> majority = others(c, old);
            c.partition(Set.of(old), majority);

            long cut = System.nanoTime();
            Future<MetadataImage> minority = addTopic(c.node(old), "minority");
            int leader = c.awaitLeader(majority, ELECTION);
            long elected = System.nanoTime();
            for (int id : majority) {
                await(addTopic(c.node(id), "majority-" + id));
            }
            assertInstanceOf(NoQuorumException.class, failure(minority));
            long failedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
            assertTrue(failedAfter < RaftTestCluster.FAST.proposalTimeout().toMillis() + 2000, "failed after " + failedAfter + " ms");
            System.out.printf("leader cut off: new leader %d after %d ms; the old one's change failed after %d ms%n",
                    leader, TimeUnit.NANOSECONDS.toMillis(elected - cut), failedAfter);
            assertNull(c.node(old).current().topic("minority"));

            c.heal();
            MetadataImage healed = c.awaitSameImage(c.ids(), CONVERGE);
            assertTrue(healed.topics().keySet().containsAll(majority.stream().map(id -> "majority-" + id).toList()));
            assertNull(healed.topic("minority"));
            assertEquals(3, healed.epoch());
            assertEpochsOnlyGrewAndNothingLostAppeared(c, Set.of("minority"));
        }
    }

    @Test
    void aMinorityThatAttemptsMoreChangesThanTheMajorityStillLosesThemAll() {
        try (RaftTestCluster c = new RaftTestCluster(5).start()) {
            int old = c.awaitLeader(c.ids(), ELECTION);
            int buddy = others(c, old).iterator().next();
            Set<Integer> minoritySide = Set.of(old, buddy);
            Set<Integer> majority = others(c, old, buddy);
            c.partition(minoritySide, majority);

            List<Future<MetadataImage>> attempts = new ArrayList<>();
            Set<String> minorityTopics = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                String name = "minority-" + i;
                minorityTopics.add(name);
                attempts.add(addTopic(c.node(i % 2 == 0 ? old : buddy), name));
            }
            c.awaitLeader(majority, ELECTION);
            int writer = majority.iterator().next();
            await(addTopic(c.node(writer), "majority-a"));
            await(addTopic(c.node(writer), "majority-b"));
            for (Future<MetadataImage> a : attempts) {
                assertInstanceOf(NoQuorumException.class, failure(a));
            }

            c.heal();
            MetadataImage healed = c.awaitSameImage(c.ids(), CONVERGE);
            assertEquals(Set.of("majority-a", "majority-b"), healed.topics().keySet());
            assertEquals(2, healed.epoch());
            assertEpochsOnlyGrewAndNothingLostAppeared(c, minorityTopics);
            // and the healed group goes on: the old minority's nodes change it again
            assertEquals(3, await(addTopic(c.node(old), "after-heal")).epoch());
        }
    }

    @Test
    void aFollowerBackFromACutCatchesUpFromASnapshotAndItsEpochsStillOnlyGrow() {
        try (RaftTestCluster c = new RaftTestCluster(3).start()) {
            int leader = c.awaitLeader(c.ids(), ELECTION);
            int away = others(c, leader).iterator().next();
            await(addTopic(c.node(leader), "t0"));
            c.awaitSameImage(c.ids(), CONVERGE);
            c.partition(Set.of(away), others(c, away));
            int changes = RaftTestCluster.FAST.snapshotEvery() + 5; // the log it missed is compacted away
            for (int i = 1; i <= changes; i++) {
                await(addTopic(c.node(leader), "t" + i));
            }
            c.heal();
            MetadataImage now = c.awaitSameImage(c.ids(), CONVERGE);
            assertEquals(changes + 1, now.epoch());
            assertEquals(changes + 1, now.topics().size());
            List<Long> epochsAway = c.seen(away).stream().map(MetadataImage::epoch).toList();
            // it jumped from epoch 1 to the snapshot's, then on by one: never back, never a repeat
            assertEquals(1L, epochsAway.get(0));
            assertTrue(epochsAway.size() < changes, "caught up by a snapshot, not entry by entry: " + epochsAway);
            assertEquals(changes + 1, epochsAway.get(epochsAway.size() - 1));
            assertEpochsOnlyGrewAndNothingLostAppeared(c, Set.of());
        }
    }

    @Test
    void aCrashedLeaderIsReplacedAndChangesContinue() {
        try (RaftTestCluster c = new RaftTestCluster(3).start()) {
            int old = c.awaitLeader(c.ids(), ELECTION);
            await(addTopic(c.node(old), "before"));
            long crash = System.nanoTime();
            c.crash(old);
            Set<Integer> rest = c.live();
            int leader = c.awaitLeader(rest, ELECTION);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - crash);
            System.out.printf("leader %d crashed: node %d leads after %d ms%n", old, leader, took);
            assertNotEquals(old, leader);
            // a failover within heartbeat timeout + period + a few election rounds
            assertTrue(took < 6000, "took " + took + " ms");
            for (int id : rest) {
                await(addTopic(c.node(id), "after-" + id));
            }
            MetadataImage now = c.awaitSameImage(rest, CONVERGE);
            assertEquals(3, now.epoch());
            assertEpochsOnlyGrewAndNothingLostAppeared(c, Set.of());
        }
    }

    @Test
    void eachNewLeaderIsToldOnceItLeads() {
        try (RaftTestCluster c = new RaftTestCluster(3)) {
            Map<Integer, java.util.concurrent.atomic.AtomicInteger> told = new java.util.concurrent.ConcurrentHashMap<>();
            for (int id : c.ids()) {
                told.put(id, new java.util.concurrent.atomic.AtomicInteger());
                c.node(id).onLeadership(() -> told.get(id).incrementAndGet());
            }
            c.start();
            int first = c.awaitLeader(c.ids(), ELECTION);
            Eventually.eventually(ELECTION, "the leader is told", () -> told.get(first).get() == 1);
            c.crash(first);
            int second = c.awaitLeader(c.live(), ELECTION);
            Eventually.eventually(ELECTION, "the next leader is told", () -> told.get(second).get() == 1);
            await(addTopic(c.node(second), "after")); // more reports of the same term: told once only
            assertEquals(1, told.get(second).get());
            assertEquals(1, told.get(first).get());
        }
    }

    @Test
    void aNodeCutOffLosesItsLeaseAndTheMajoritysLeaderKeepsIt() {
        try (RaftTestCluster c = new RaftTestCluster(3).start()) {
            int leader = c.awaitLeader(c.ids(), ELECTION);
            int cutOff = others(c, leader).iterator().next();
            Eventually.eventually(ELECTION, "every node holds the lease",
                    () -> c.ids().stream().allMatch(id -> await(c.node(id).quorumStatus()).leaseHeld()));
            QuorumStatus leading = await(c.node(leader).quorumStatus());
            assertTrue(leading.isLeader());
            assertEquals(Set.of(new SpateEndpoint(1), new SpateEndpoint(2), new SpateEndpoint(3)), leading.voters());
            assertEquals(leading.voters(), c.node(cutOff).voters());

            c.partition(Set.of(cutOff), others(c, cutOff));
            long cut = System.nanoTime();
            Eventually.eventually(Duration.ofSeconds(5), "the cut-off node loses its lease",
                    () -> !await(c.node(cutOff).quorumStatus()).leaseHeld());
            long lost = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
            System.out.printf("a cut-off follower lost its lease after %d ms (lease %d ms)%n", lost,
                    RaftTestCluster.FAST.lease().toMillis());
            assertTrue(lost >= RaftTestCluster.FAST.lease().toMillis() - RaftTestCluster.FAST.heartbeatPeriod().toMillis() - 100,
                    "lost after only " + lost + " ms");
            // the majority side: same leader, still holding the lease past the cut-off node's loss
            for (int i = 0; i < 3; i++) {
                QuorumStatus s = await(c.node(leader).quorumStatus());
                assertTrue(s.isLeader() && s.leaseHeld(), "the majority's leader: " + s);
                QuorumStatus f = await(c.node(others(c, leader, cutOff).iterator().next()).quorumStatus());
                assertTrue(f.leaseHeld() && f.leader().orElseThrow().nodeId() == leader, "the majority's follower: " + f);
                pause(c, 400);
            }
            QuorumStatus isolated = await(c.node(cutOff).quorumStatus());
            assertFalse(isolated.leaseHeld());
            assertFalse(isolated.isLeader());

            c.heal();
            Eventually.eventually(ELECTION, "the healed node holds the lease again",
                    () -> await(c.node(cutOff).quorumStatus()).leaseHeld());
        }
    }

    /** Lets {@code ms} pass (timed by the cluster's Vert.x), to sample a state that must hold over time. */
    private static void pause(RaftTestCluster c, long ms) {
        io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
        c.vertx.setTimer(ms, id -> p.complete());
        await(p.future());
    }
}
