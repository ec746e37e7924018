package io.spate.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every rule of {@link LeaderReplicaState}, with a manual clock. Node 1 leads; 2 and 3 follow. */
class LeaderReplicaStateTest {
    private static final long LAG = 10_000;
    private final AtomicLong now = new AtomicLong(1_000_000);
    /** The topic's min.insync.replicas, which the state reads at each use. */
    private final AtomicInteger minIsr = new AtomicInteger(1);

    private LeaderReplicaState state(Set<Integer> isr, long epochStart, long hw, int minInsyncReplicas) {
        minIsr.set(minInsyncReplicas);
        return new LeaderReplicaState(1, 7, List.of(1, 2, 3), isr, epochStart, hw, new IsrOptions(LAG), minIsr::get, now::get);
    }

    private LeaderReplicaState allInSync(long epochStart) {
        return state(Set.of(1, 2, 3), epochStart, epochStart, 1);
    }

    @Test
    void highWatermarkIsTheSmallestLogEndOverTheIsrAndWaitsForUnknownFollowers() {
        LeaderReplicaState s = allInSync(0);
        assertFalse(s.onLeaderAppend(10));
        assertFalse(s.onFollowerFetch(2, 10, 10), "follower 3 has not fetched yet");
        assertEquals(0, s.highWatermark());
        assertTrue(s.onFollowerFetch(3, 4, 10));
        assertEquals(4, s.highWatermark());
        assertTrue(s.onFollowerFetch(3, 10, 10));
        assertEquals(10, s.highWatermark());
        assertEquals(10, s.followerLogEndOffset(3));
    }

    @Test
    void theLeaderAloneInTheIsrAdvancesTheHighWatermarkOnAppend() {
        LeaderReplicaState s = state(Set.of(1), 5, 5, 1);
        assertTrue(s.onLeaderAppend(9));
        assertEquals(9, s.highWatermark());
        assertFalse(s.onFollowerFetch(2, 3, 9), "a follower outside the ISR does not hold it");
    }

    @Test
    void highWatermarkNeverMovesBackward() {
        LeaderReplicaState s = allInSync(0);
        s.onLeaderAppend(8);
        s.onFollowerFetch(2, 8, 8);
        s.onFollowerFetch(3, 8, 8);
        assertEquals(8, s.highWatermark());
        assertFalse(s.onFollowerFetch(3, 5, 8), "a follower that truncated fetches lower");
        assertEquals(8, s.highWatermark());
        LeaderReplicaState restarted = state(Set.of(1, 2), 20, 15, 1);
        restarted.onFollowerFetch(2, 12, 20);
        assertEquals(15, restarted.highWatermark(), "the initial high watermark is kept");
    }

    @Test
    void anIsrFollowerNotCaughtUpForLongerThanTheLagIsDropped() {
        LeaderReplicaState s = allInSync(0);
        s.onLeaderAppend(5);
        s.onFollowerFetch(2, 5, 5);
        s.onFollowerFetch(3, 5, 5);
        s.onLeaderAppend(9);
        now.addAndGet(LAG);
        s.onFollowerFetch(2, 9, 9);
        assertEquals(Set.of(), s.followersToDrop(), "exactly the lag is still in sync");
        now.addAndGet(1);
        assertEquals(Set.of(3), s.followersToDrop());
        assertEquals(Set.of(1, 2), s.proposedIsr());
    }

    @Test
    void aFollowerAtTheLeadersLogEndIsNotDroppedOnAnIdlePartition() {
        LeaderReplicaState s = allInSync(0);
        s.onLeaderAppend(3);
        s.onFollowerFetch(2, 3, 3);
        s.onFollowerFetch(3, 3, 3);
        now.addAndGet(10 * LAG);
        assertEquals(Set.of(), s.followersToDrop());
    }

    @Test
    void isrFollowersThatNeverFetchAreDroppedAfterTheLagFromTheEpochStart() {
        LeaderReplicaState s = allInSync(4);
        s.onLeaderAppend(6);
        now.addAndGet(LAG);
        assertEquals(Set.of(), s.followersToDrop());
        now.addAndGet(1);
        assertEquals(Set.of(2, 3), s.followersToDrop());
    }

    @Test
    void reachingTheLeaderEndOfThePreviousFetchCountsAsCaughtUpAtThatFetch() {
        LeaderReplicaState s = allInSync(0);
        s.onLeaderAppend(10);
        s.onFollowerFetch(2, 10, 10);
        s.onFollowerFetch(3, 0, 10);             // t0: behind; the leader ends at 10
        long t0 = now.get();
        now.addAndGet(LAG - 1);
        s.onLeaderAppend(20);
        s.onFollowerFetch(3, 10, 20);            // reached 10: caught up as of t0
        assertEquals(t0, s.lastCaughtUpTimeMs(3));
        now.addAndGet(2);
        s.onFollowerFetch(2, 20, 20);
        assertEquals(Set.of(3), s.followersToDrop(), "caught up at t0 only, more than the lag ago");
        s.onFollowerFetch(3, 20, 20);
        assertEquals(now.get(), s.lastCaughtUpTimeMs(3));
        assertEquals(Set.of(), s.followersToDrop());
    }

    @Test
    void aFollowerCaughtUpToTheHighWatermarkInThisEpochIsAdded() {
        LeaderReplicaState s = state(Set.of(1, 2), 10, 8, 1);
        s.onLeaderAppend(14);
        s.onFollowerFetch(2, 14, 14);
        assertEquals(14, s.highWatermark());
        s.onFollowerFetch(3, 9, 14);
        assertEquals(Set.of(), s.followersToAdd(), "below the high watermark");
        s.onFollowerFetch(3, 14, 14);
        assertEquals(Set.of(3), s.followersToAdd());
        assertEquals(Set.of(1, 2, 3), s.proposedIsr());
        assertFalse(s.updateIsr(Set.of(1, 2, 3)));
        assertEquals(Set.of(), s.followersToAdd());
    }

    @Test
    void aFollowerBelowTheEpochStartIsNotAddedEvenAtTheHighWatermark() {
        LeaderReplicaState s = state(Set.of(1), 10, 6, 1);
        s.onFollowerFetch(3, 8, 10);
        assertEquals(10, s.highWatermark(), "the leader alone lifted it to its log end");
        LeaderReplicaState lowHw = state(Set.of(1, 2), 10, 6, 1);
        lowHw.onFollowerFetch(3, 8, 10);
        assertEquals(6, lowHw.highWatermark());
        assertEquals(Set.of(), lowHw.followersToAdd(), "at 8 it has not reached the epoch start 10");
        lowHw.onFollowerFetch(3, 10, 10);
        assertEquals(Set.of(3), lowHw.followersToAdd());
    }

    /**
     * Issue 13: the controller took node 3 out of the ISR when it left the cluster. Its last fetch
     * reached the high watermark of an idle partition, but that is no proof it is alive: node 2's
     * next fetch must not propose it back; only a fetch of its own after it left may.
     */
    @Test
    void aFollowerThatLeftTheIsrIsNotProposedBackUntilItFetchesAgain() {
        LeaderReplicaState s = allInSync(0);
        s.onLeaderAppend(5);
        s.onFollowerFetch(2, 5, 5);
        s.onFollowerFetch(3, 5, 5);
        assertEquals(5, s.highWatermark());
        assertFalse(s.updateIsr(Set.of(1, 2)), "the controller removed node 3");
        s.onFollowerFetch(2, 5, 5);
        assertEquals(Set.of(), s.followersToAdd(), "node 3 has not fetched since it left");
        assertEquals(Set.of(1, 2), s.proposedIsr());
        assertEquals(LeaderReplicaState.UNKNOWN_OFFSET, s.followerLogEndOffset(3));
        s.onFollowerFetch(3, 5, 5);
        assertEquals(Set.of(3), s.followersToAdd(), "back and caught up: it rejoins the normal way");
        assertEquals(Set.of(1, 2, 3), s.proposedIsr());
    }

    @Test
    void lowWatermarkIsTheSmallestLogStartOverTheLeaderAndItsLiveFollowers() {
        LeaderReplicaState s = allInSync(0);
        assertEquals(LeaderReplicaState.UNKNOWN_OFFSET, s.lowWatermark(10, id -> true), "no follower reported yet");
        assertTrue(s.onFollowerLogStart(2, 10));
        assertTrue(s.onFollowerLogStart(3, 4));
        assertEquals(4, s.lowWatermark(10, id -> true));
        assertTrue(s.onFollowerLogStart(3, 12));
        assertEquals(10, s.lowWatermark(10, id -> true), "never above the leader's own");
        assertEquals(12, s.followerLogStartOffset(3));
    }

    @Test
    void aFollowerOnANodeThatIsNotLiveDoesNotHoldTheLowWatermark() {
        LeaderReplicaState s = allInSync(0);
        s.onFollowerLogStart(2, 8);
        assertEquals(8, s.lowWatermark(10, id -> id != 3), "node 3, never heard of, is not live");
        assertEquals(LeaderReplicaState.UNKNOWN_OFFSET, s.lowWatermark(10, id -> true), "live, it holds it");
    }

    @Test
    void aFollowerOutsideTheIsrHoldsTheLowWatermarkAndOneThatLeftItIsUnknownAgain() {
        LeaderReplicaState s = state(Set.of(1, 2), 0, 0, 1);
        s.onFollowerLogStart(2, 10);
        s.onFollowerLogStart(3, 2);
        assertEquals(2, s.lowWatermark(10, id -> true), "as Kafka: every live replica, in the ISR or not");
        s.updateIsr(Set.of(1, 3));
        assertEquals(LeaderReplicaState.UNKNOWN_OFFSET, s.followerLogStartOffset(2), "forgotten with the rest");
        assertEquals(LeaderReplicaState.UNKNOWN_OFFSET, s.lowWatermark(10, id -> true));
    }

    @Test
    void aFetchWithoutALogStartKeepsWhatIsKnown() {
        LeaderReplicaState s = allInSync(0);
        s.onFollowerLogStart(2, 6);
        assertFalse(s.onFollowerLogStart(2, LeaderReplicaState.UNKNOWN_OFFSET));
        assertEquals(6, s.followerLogStartOffset(2));
        assertFalse(s.onFollowerLogStart(2, 3), "reported lower (a restarted log): recorded, not a move up");
        assertEquals(3, s.followerLogStartOffset(2));
        assertThrows(IllegalArgumentException.class, () -> s.onFollowerLogStart(9, 1), "not a follower");
    }

    @Test
    void shrinkingTheIsrReleasesTheHighWatermark() {
        LeaderReplicaState s = allInSync(0);
        s.onLeaderAppend(10);
        s.onFollowerFetch(2, 10, 10);
        s.onFollowerFetch(3, 2, 10);
        assertEquals(2, s.highWatermark());
        assertTrue(s.updateIsr(Set.of(1, 2)));
        assertEquals(10, s.highWatermark());
    }

    @Test
    void acksAllNeedsMinInsyncReplicas() {
        LeaderReplicaState s = state(Set.of(1, 2), 0, 0, 2);
        assertEquals(ErrorCode.NONE, s.checkEnoughReplicas());
        s.onLeaderAppend(5);
        assertEquals(AckStatus.WAITING, s.ackStatus(5));
        s.onFollowerFetch(2, 5, 5);
        assertEquals(AckStatus.ACKNOWLEDGED, s.ackStatus(5));
        s.onLeaderAppend(9);
        s.updateIsr(Set.of(1));
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, s.checkEnoughReplicas());
        assertEquals(5, s.highWatermark(), "the high watermark holds while the ISR is below min.insync.replicas (KIP-966)");
        assertEquals(AckStatus.NOT_ENOUGH_REPLICAS_AFTER_APPEND, s.ackStatus(9));
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND, s.ackStatus(9).error());
    }

    /**
     * A write appended while the ISR was large enough, the ISR then shrinking below
     * min.insync.replicas: the fetch that makes the remaining ISR hold it must report that its ack
     * is due (to fail it), although the high watermark cannot move.
     */
    @Test
    void aFetchThatCompletesWhatATooSmallIsrHoldsReportsAcksDue() {
        LeaderReplicaState s = state(Set.of(1, 2, 3), 0, 0, 3);
        s.onLeaderAppend(1);
        s.onFollowerFetch(2, 0, 1);
        s.onFollowerFetch(3, 0, 1);
        assertFalse(s.updateIsr(Set.of(1, 2)));
        assertEquals(AckStatus.WAITING, s.ackStatus(1));
        assertTrue(s.onFollowerFetch(2, 1, 1), "the ISR now holds offset 0");
        assertEquals(0, s.highWatermark());
        assertEquals(AckStatus.NOT_ENOUGH_REPLICAS_AFTER_APPEND, s.ackStatus(1));
        assertFalse(s.onFollowerFetch(2, 1, 1), "nothing new");
    }

    @Test
    void minInsyncReplicasIsReadAtEachUse() {
        LeaderReplicaState s = state(Set.of(1, 2), 0, 0, 1);
        s.onLeaderAppend(5);
        minIsr.set(3);
        assertEquals(ErrorCode.NOT_ENOUGH_REPLICAS, s.checkEnoughReplicas(), "raised: refused before the append");
        s.onFollowerFetch(2, 5, 5);
        assertEquals(0, s.highWatermark(), "raised: the ISR of two no longer commits");
        assertEquals(AckStatus.NOT_ENOUGH_REPLICAS_AFTER_APPEND, s.ackStatus(5), "raised: refused after the append");
        minIsr.set(2);
        assertTrue(s.maybeAdvanceHighWatermark(), "lowered: the high watermark is released");
        assertEquals(5, s.highWatermark());
        assertEquals(AckStatus.ACKNOWLEDGED, s.ackStatus(5));
    }

    @Test
    void aLeaderCutOffFromItsIsrFollowersNeverAcknowledgesAcksAll() {
        LeaderReplicaState s = state(Set.of(1, 2, 3), 0, 0, 2);
        s.onLeaderAppend(100);
        now.addAndGet(10 * LAG);
        assertEquals(0, s.highWatermark());
        assertEquals(AckStatus.WAITING, s.ackStatus(1));
        assertEquals(Set.of(2, 3), s.followersToDrop(), "it can only propose; the metadata decides");
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> state(Set.of(2, 3), 0, 0, 1), "ISR without the leader");
        assertThrows(IllegalArgumentException.class, () -> state(Set.of(1, 4), 0, 0, 1), "ISR with a non-replica");
        assertThrows(IllegalArgumentException.class,
                () -> new LeaderReplicaState(9, 1, List.of(1, 2), Set.of(9), 0, 0, IsrOptions.DEFAULTS, minIsr::get, now::get));
        LeaderReplicaState s = allInSync(0);
        s.onLeaderAppend(3);
        assertThrows(IllegalArgumentException.class, () -> s.onFollowerFetch(4, 0, 3), "not a replica");
        assertThrows(IllegalArgumentException.class, () -> s.onFollowerFetch(1, 0, 3), "the leader itself");
        assertThrows(IllegalArgumentException.class, () -> s.onFollowerFetch(2, 4, 3), "ahead of the leader");
        assertThrows(IllegalArgumentException.class, () -> s.updateIsr(Set.of(2)));
        assertThrows(IllegalArgumentException.class, () -> new IsrOptions(0));
    }

    @Test
    void aReplicaAddedInTheSameEpochJoinsTheIsrOnceCaughtUpAndARemovedOneIsForgotten() {
        LeaderReplicaState s = allInSync(0);
        s.onLeaderAppend(50);
        s.onFollowerFetch(2, 50, 50);
        s.onFollowerFetch(3, 50, 50);
        assertEquals(50, s.highWatermark());
        // a reassignment adds node 4: it is tracked, unknown, outside the ISR, and holds nothing back
        s.updateReplicas(List.of(4, 2, 3, 1), Set.of(1, 2, 3));
        assertEquals(LeaderReplicaState.UNKNOWN_OFFSET, s.followerLogEndOffset(4));
        assertEquals(Set.of(), s.followersToAdd());
        s.onLeaderAppend(60);
        s.onFollowerFetch(2, 60, 60);
        s.onFollowerFetch(3, 60, 60);
        assertEquals(60, s.highWatermark());
        s.onFollowerFetch(4, 30, 60);
        assertEquals(Set.of(), s.followersToAdd(), "behind the high watermark");
        s.onFollowerFetch(4, 60, 60);
        assertEquals(Set.of(4), s.followersToAdd());
        assertEquals(Set.of(1, 2, 3, 4), s.proposedIsr());
        // the move completes: node 3 is no longer a replica
        s.updateReplicas(List.of(4, 2, 1), Set.of(1, 2, 4));
        assertThrows(IllegalArgumentException.class, () -> s.followerLogEndOffset(3));
        assertEquals(60, s.followerLogEndOffset(4), "a follower that stays keeps its progress");
        assertThrows(IllegalArgumentException.class, () -> s.updateReplicas(List.of(2, 4), Set.of(2, 4)), "without the leader");
        assertThrows(IllegalArgumentException.class, () -> s.updateReplicas(List.of(1, 2), Set.of(1, 4)), "ISR not replicas");
    }
}
