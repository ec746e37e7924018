package io.spate.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.log.EpochEndOffset;
import io.spate.log.LeaderEpochCache;
import org.junit.jupiter.api.Test;

/** {@link Divergence}: Kafka's truncation rules against a real local epoch cache. */
class DivergenceTest {
    private long logEnd = 10;
    private final LeaderEpochCache local = new LeaderEpochCache(() -> logEnd);

    private Divergence resolve(int leaderEpoch, long leaderEnd, long highWatermark) {
        return Divergence.resolve(leaderEpoch, leaderEnd, logEnd, highWatermark, local::endOffsetFor);
    }

    @Test
    void sameLatestEpochTruncatesToTheSmallerEnd() {
        local.assign(0, 0);
        local.assign(3, 4);
        assertEquals(new Divergence(7, true), resolve(3, 7, 2), "the leader's epoch 3 ended at 7");
        assertEquals(new Divergence(10, true), resolve(3, 15, 2), "the leader has more of epoch 3: nothing to drop");
    }

    @Test
    void anOlderAnswerEpochTheFollowerHasTruncatesToItsEndOnBothSides() {
        local.assign(0, 0);
        local.assign(2, 5);
        local.assign(3, 8);
        // asked 3; the leader never had 3, its largest below is 2, which ended at 6 there
        assertEquals(new Divergence(6, true), resolve(2, 6, 0));
        // ... or ended at 9 there: the follower's 2 ended at 8
        assertEquals(new Divergence(8, true), resolve(2, 9, 0));
    }

    @Test
    void anAnswerEpochTheFollowerNeverHadTruncatesPartWayAndAsksAgain() {
        local.assign(0, 0);
        local.assign(1, 2);
        local.assign(3, 4);
        assertEquals(new Divergence(4, false), resolve(2, 5, 0), "follower's largest epoch <= 2 is 1, ending at 4");
    }

    @Test
    void anUnknownEpochFallsBackToTheHighWatermark() {
        local.assign(0, 0);
        assertEquals(new Divergence(3, true), resolve(EpochEndOffset.UNDEFINED_EPOCH, EpochEndOffset.UNDEFINED_OFFSET, 3));
        logEnd = 2;
        assertEquals(new Divergence(2, true), resolve(EpochEndOffset.UNDEFINED_EPOCH, EpochEndOffset.UNDEFINED_OFFSET, 3),
                "never above the log end");
    }

    @Test
    void anAnswerWithoutEpochButWithAnOffsetTruncatesThere() {
        local.assign(0, 0);
        assertEquals(new Divergence(6, true), resolve(EpochEndOffset.UNDEFINED_EPOCH, 6, 0));
    }
}
