package io.spate.replication;

import io.spate.log.EpochEndOffset;
import java.util.function.IntFunction;

/**
 * Where a follower's log diverged from the leader's, from the leader's OffsetForLeaderEpoch answer
 * (Kafka's {@code AbstractFetcherThread.getOffsetTruncationState}, KIP-101 and KIP-279). Pure.
 *
 * <p>The follower asked where its latest epoch {@code E} ended; the leader answered with the largest
 * epoch {@code L <= E} it knows and where {@code L} ended on the leader:
 * <ul>
 * <li>the leader knows no such epoch (end offset -1): truncate to the follower's high watermark,
 *     the pre-KIP-101 rule, which is all that is left to go by;</li>
 * <li>the follower also has {@code L} (its largest epoch {@code <= L} is {@code L}, as always when
 *     {@code L == E}): both logs agree up to where {@code L} ended on both, so truncate to the
 *     smaller of the two end offsets (and of the follower's log end). Done;</li>
 * <li>the follower never had {@code L} (its largest epoch below it is some {@code F < L}): truncate
 *     to where {@code F} ends on the follower and ask again with the new latest epoch. Not done yet;
 *     each round lowers the follower's latest epoch, so it ends.</li>
 * </ul>
 *
 * @param truncateTo where to truncate the follower's log (it may equal its log end: nothing to drop)
 * @param complete   whether fetching may start after it; false means ask the leader again
 */
record Divergence(long truncateTo, boolean complete) {

    /**
     * @param leaderEpoch     the epoch of the leader's answer
     * @param leaderEndOffset the end offset of the leader's answer
     * @param localEndOffsetFor the follower's {@code LeaderEpochCache.endOffsetFor}
     */
    static Divergence resolve(int leaderEpoch, long leaderEndOffset, long logEndOffset, long highWatermark,
                              IntFunction<EpochEndOffset> localEndOffsetFor) {
        if (leaderEndOffset == EpochEndOffset.UNDEFINED_OFFSET) {
            return new Divergence(Math.min(highWatermark, logEndOffset), true);
        }
        if (leaderEpoch == EpochEndOffset.UNDEFINED_EPOCH) {
            return new Divergence(Math.min(leaderEndOffset, logEndOffset), true);
        }
        EpochEndOffset local = localEndOffsetFor.apply(leaderEpoch);
        if (local.endOffset() == EpochEndOffset.UNDEFINED_OFFSET) {
            return new Divergence(Math.min(leaderEndOffset, logEndOffset), true);
        }
        if (local.epoch() != leaderEpoch) {
            return new Divergence(Math.min(local.endOffset(), logEndOffset), false);
        }
        return new Divergence(Math.min(Math.min(local.endOffset(), leaderEndOffset), logEndOffset), true);
    }
}
