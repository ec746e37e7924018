package io.spate.replication;

import io.spate.protocol.ErrorCode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The leader's view of one partition's followers for one leader epoch (Kafka's {@code Partition} /
 * {@code Replica} leader-side state), pure: no I/O, time from an injected clock. The owner (the
 * partition's writer, on its context) feeds it follower fetches and its own appends, and applies the
 * ISR that the cluster metadata holds; it answers with the high watermark and which ISR changes to
 * propose. It never changes the ISR itself: the controller's metadata does.
 *
 * <p>Rules, as Kafka applies them:
 * <ul>
 * <li><b>Follower log end.</b> A follower's fetch offset is its log end offset (it fetches from its
 *     own log end). Unknown (-1) until its first fetch in this epoch.</li>
 * <li><b>Caught up.</b> A fetch at or above the leader's log end at that moment makes the follower
 *     caught up now; a fetch at or above the leader log end of the follower's previous fetch makes it
 *     caught up as of that previous fetch. {@code lastCaughtUpTimeMs} only moves forward.</li>
 * <li><b>High watermark</b> = the minimum log end offset over the ISR (the leader's own included); a
 *     follower whose log end is unknown holds it. It never moves backward.</li>
 * <li><b>Drop from the ISR</b>: a follower in the ISR whose log end differs from the leader's and that
 *     has not been caught up for more than replica.lag.time.max.ms. At the start of the epoch the ISR
 *     followers count as caught up now, the others as never.</li>
 * <li><b>Add to the ISR</b>: a follower outside it whose log end is at or above the high watermark
 *     and at or above the offset where this leader epoch started (caught up in the current epoch).
 *     A follower that leaves the ISR is forgotten (its log end unknown again): only a fetch it makes
 *     after that can bring it back. Otherwise a follower the controller took out because it left the
 *     cluster would be proposed back at once on an idle partition, where its last log end still
 *     equals the high watermark.</li>
 * <li><b>Low watermark</b> (DeleteRecords) = the smallest log start offset over the leader and every
 *     follower on a live node, each follower's as its latest fetch reported it (Kafka's
 *     {@code lowWatermarkIfLeader}); a live follower whose log start is unknown (no fetch reporting
 *     one since the epoch began or it left the ISR) holds it at {@link #UNKNOWN_OFFSET}.</li>
 * <li><b>min.insync.replicas</b> (read live, each time it matters: a topic change governs the next
 *     answer): an acks=all write is refused up front with NOT_ENOUGH_REPLICAS while the ISR is
 *     smaller. The high watermark advances only while the ISR has at least min.insync.replicas
 *     members (Kafka's "strict min ISR" rule of KIP-966): what a smaller ISR holds is not committed,
 *     so acks=0/1 data waits too, and a leader left alone in its ISR exposes nothing it could lose.
 *     An appended acks=all write is acknowledged once the high watermark passes it; once every ISR
 *     member holds it but the ISR is smaller than min.insync.replicas it fails with
 *     NOT_ENOUGH_REPLICAS_AFTER_APPEND (it may still become visible later, when the ISR grows back:
 *     the producer was told it is not known to be committed, as a timeout would).</li>
 * </ul>
 *
 * <p>Not thread-safe: confined to the partition owner's context.
 */
public final class LeaderReplicaState {
    /** A follower's log end offset before its first fetch in this epoch. */
    public static final long UNKNOWN_OFFSET = -1;

    private static final class Follower {
        long logEndOffset = UNKNOWN_OFFSET;
        long logStartOffset = UNKNOWN_OFFSET;
        long lastCaughtUpTimeMs;
        long lastFetchLeaderLogEndOffset = UNKNOWN_OFFSET;
        long lastFetchTimeMs;
    }

    private final int leaderId;
    private final int leaderEpoch;
    private final long epochStartOffset;
    private final IsrOptions options;
    private final java.util.function.BooleanSupplier frozen;
    private final IntSupplier minInsyncReplicas;
    private final LongSupplier clock;
    private final Map<Integer, Follower> followers = new LinkedHashMap<>();
    private Set<Integer> isr;
    private long leaderLogEndOffset;
    private long highWatermark;

    /**
     * The state at the start of a leader epoch.
     *
     * @param replicas         every replica of the partition, the leader among them
     * @param isr              the ISR from the metadata, the leader among them
     * @param epochStartOffset the leader's log end offset when it took this epoch
     * @param highWatermark    the leader log's high watermark then
     * @param minInsyncReplicas the topic's min.insync.replicas, read at each use
     * @throws IllegalArgumentException if the leader is not in the replicas or the ISR, or the ISR
     *                                  holds a node that is not a replica
     */
    public LeaderReplicaState(int leaderId, int leaderEpoch, List<Integer> replicas, Set<Integer> isr,
                              long epochStartOffset, long highWatermark, IsrOptions options, IntSupplier minInsyncReplicas,
                              LongSupplier clock) {
        this(leaderId, leaderEpoch, replicas, isr, epochStartOffset, highWatermark, options, minInsyncReplicas, clock,
                () -> false);
    }

    /**
     * As above; while {@code frozen} answers true (the leader is fenced: it lost the metadata
     * quorum's lease) the high watermark does not move, whatever the followers hold, so nothing new
     * is committed or acknowledged; the followers' progress is still recorded and counts once it
     * answers false again.
     */
    public LeaderReplicaState(int leaderId, int leaderEpoch, List<Integer> replicas, Set<Integer> isr,
                              long epochStartOffset, long highWatermark, IsrOptions options, IntSupplier minInsyncReplicas,
                              LongSupplier clock, java.util.function.BooleanSupplier frozen) {
        this.frozen = java.util.Objects.requireNonNull(frozen, "frozen");
        if (!replicas.contains(leaderId)) {
            throw new IllegalArgumentException("leader " + leaderId + " is not among the replicas " + replicas);
        }
        this.leaderId = leaderId;
        this.leaderEpoch = leaderEpoch;
        this.epochStartOffset = epochStartOffset;
        this.options = options;
        this.minInsyncReplicas = minInsyncReplicas;
        this.clock = clock;
        this.leaderLogEndOffset = epochStartOffset;
        this.highWatermark = highWatermark;
        long now = clock.getAsLong();
        for (int r : replicas) {
            if (r != leaderId) {
                Follower f = new Follower();
                f.lastCaughtUpTimeMs = isr.contains(r) ? now : 0;
                followers.put(r, f);
            }
        }
        this.isr = checkedIsr(isr);
    }

    private Set<Integer> checkedIsr(Set<Integer> proposed) {
        if (!proposed.contains(leaderId)) {
            throw new IllegalArgumentException("the ISR " + proposed + " must hold the leader " + leaderId);
        }
        for (int r : proposed) {
            if (r != leaderId && !followers.containsKey(r)) {
                throw new IllegalArgumentException("ISR member " + r + " is not a replica");
            }
        }
        return Set.copyOf(proposed);
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** The ISR as last applied. */
    public Set<Integer> isr() {
        return isr;
    }

    /** A follower's log end offset, {@link #UNKNOWN_OFFSET} before its first fetch. */
    public long followerLogEndOffset(int replicaId) {
        return follower(replicaId).logEndOffset;
    }

    /** When the follower was last caught up to the leader's log end (0 = never in this epoch). */
    public long lastCaughtUpTimeMs(int replicaId) {
        return follower(replicaId).lastCaughtUpTimeMs;
    }

    private Follower follower(int replicaId) {
        Follower f = followers.get(replicaId);
        if (f == null) {
            throw new IllegalArgumentException("node " + replicaId + " is not a follower of this partition");
        }
        return f;
    }

    /**
     * A fetch from follower {@code replicaId} at {@code fetchOffset}, while the leader's log ends at
     * {@code leaderLogEndOffset}. Call it before answering the fetch.
     *
     * @return whether acks may have become due: the high watermark advanced, or what every ISR member
     *         holds grew (with an ISR below min.insync.replicas, the writes it now holds fail with
     *         NOT_ENOUGH_REPLICAS_AFTER_APPEND at once rather than at the next flush or their timeout)
     * @throws IllegalArgumentException if the node is not a follower, or the offset is above the leader's log end
     */
    public boolean onFollowerFetch(int replicaId, long fetchOffset, long leaderLogEndOffset) {
        Follower f = follower(replicaId);
        if (fetchOffset < 0 || fetchOffset > leaderLogEndOffset) {
            throw new IllegalArgumentException("follower " + replicaId + " fetches at " + fetchOffset
                    + ", outside the leader's log 0.." + leaderLogEndOffset);
        }
        long heldBefore = isrLogEndOffset();
        long now = clock.getAsLong();
        if (fetchOffset >= leaderLogEndOffset) {
            f.lastCaughtUpTimeMs = Math.max(f.lastCaughtUpTimeMs, now);
        } else if (f.lastFetchLeaderLogEndOffset != UNKNOWN_OFFSET && fetchOffset >= f.lastFetchLeaderLogEndOffset) {
            f.lastCaughtUpTimeMs = Math.max(f.lastCaughtUpTimeMs, f.lastFetchTimeMs);
        }
        f.logEndOffset = fetchOffset;
        f.lastFetchLeaderLogEndOffset = leaderLogEndOffset;
        f.lastFetchTimeMs = now;
        this.leaderLogEndOffset = Math.max(this.leaderLogEndOffset, leaderLogEndOffset);
        boolean advanced = maybeAdvanceHighWatermark();
        return advanced || isrLogEndOffset() > heldBefore;
    }

    /**
     * A fetch from follower {@code replicaId} reported its log start offset ({@link #UNKNOWN_OFFSET}:
     * it reported none, and what is known stays).
     *
     * @return whether the follower's known log start moved up (a DeleteRecords may be answerable)
     * @throws IllegalArgumentException if the node is not a follower
     */
    public boolean onFollowerLogStart(int replicaId, long logStartOffset) {
        Follower f = follower(replicaId);
        if (logStartOffset == UNKNOWN_OFFSET) {
            return false;
        }
        long before = f.logStartOffset;
        f.logStartOffset = logStartOffset;
        return logStartOffset > before;
    }

    /** A follower's log start offset as its fetches reported it, {@link #UNKNOWN_OFFSET} before one did. */
    public long followerLogStartOffset(int replicaId) {
        return follower(replicaId).logStartOffset;
    }

    /**
     * The partition's low watermark: the smallest of {@code leaderLogStartOffset} and the log starts
     * of the followers on nodes {@code live} accepts; {@link #UNKNOWN_OFFSET} while one of those
     * has reported none.
     */
    public long lowWatermark(long leaderLogStartOffset, IntPredicate live) {
        long min = leaderLogStartOffset;
        for (Map.Entry<Integer, Follower> e : followers.entrySet()) {
            if (live.test(e.getKey())) {
                min = Math.min(min, e.getValue().logStartOffset);
            }
        }
        return min;
    }

    /**
     * The leader appended: its log now ends at {@code logEndOffset}.
     *
     * @return whether the high watermark advanced (an ISR of the leader alone)
     */
    public boolean onLeaderAppend(long logEndOffset) {
        leaderLogEndOffset = Math.max(leaderLogEndOffset, logEndOffset);
        return maybeAdvanceHighWatermark();
    }

    /**
     * Applies the ISR the metadata now holds (after a change this state proposed, or the controller's).
     * Followers that left it are forgotten: they rejoin only after fetching again.
     *
     * @return whether the high watermark advanced (a shrink can release it)
     * @throws IllegalArgumentException if the ISR misses the leader or holds a non-replica
     */
    public boolean updateIsr(Set<Integer> newIsr) {
        Set<Integer> previous = isr;
        isr = checkedIsr(newIsr);
        for (int r : previous) {
            if (!isr.contains(r) && followers.containsKey(r)) {
                followers.put(r, new Follower());
            }
        }
        return maybeAdvanceHighWatermark();
    }

    /**
     * Applies the replicas and ISR the metadata now holds in the same leader epoch (a reassignment
     * started or completed): new followers are tracked from now on, unknown and never caught up,
     * as at the start of an epoch; followers no longer listed are forgotten.
     *
     * @return whether the high watermark advanced
     * @throws IllegalArgumentException if the leader is not among the replicas, or the ISR misses
     *                                  the leader or holds a non-replica
     */
    public boolean updateReplicas(List<Integer> replicas, Set<Integer> newIsr) {
        if (!replicas.contains(leaderId)) {
            throw new IllegalArgumentException("leader " + leaderId + " is not among the replicas " + replicas);
        }
        if (!replicas.containsAll(newIsr)) {
            throw new IllegalArgumentException("the ISR " + newIsr + " holds a node that is not among the replicas " + replicas);
        }
        followers.keySet().removeIf(r -> !replicas.contains(r));
        for (int r : replicas) {
            if (r != leaderId) {
                followers.computeIfAbsent(r, id -> new Follower());
            }
        }
        return updateIsr(newIsr);
    }

    /**
     * Moves the high watermark to what every ISR member holds, if the ISR is large enough; call it
     * after min.insync.replicas changed (a lowered one can release it).
     *
     * @return whether the high watermark advanced
     */
    public boolean maybeAdvanceHighWatermark() {
        if (frozen.getAsBoolean() || isr.size() < minInsyncReplicas.getAsInt()) {
            return false;
        }
        long held = isrLogEndOffset();
        if (held > highWatermark) {
            highWatermark = held;
            return true;
        }
        return false;
    }

    /** The lowest log end offset over the ISR, the leader's own included; UNKNOWN_OFFSET while a member's is unknown. */
    private long isrLogEndOffset() {
        long min = leaderLogEndOffset;
        for (int r : isr) {
            if (r != leaderId) {
                long end = followers.get(r).logEndOffset;
                if (end == UNKNOWN_OFFSET) {
                    return UNKNOWN_OFFSET;
                }
                min = Math.min(min, end);
            }
        }
        return min;
    }

    /** ISR followers to propose dropping: not caught up for more than replica.lag.time.max.ms. */
    public Set<Integer> followersToDrop() {
        long now = clock.getAsLong();
        Set<Integer> out = new TreeSet<>();
        for (int r : isr) {
            if (r == leaderId) {
                continue;
            }
            Follower f = followers.get(r);
            boolean caughtUp = f.logEndOffset == leaderLogEndOffset
                    || now - f.lastCaughtUpTimeMs <= options.replicaLagTimeMaxMs();
            if (!caughtUp) {
                out.add(r);
            }
        }
        return out;
    }

    /** Followers outside the ISR to propose adding: caught up to the high watermark in this epoch. */
    public Set<Integer> followersToAdd() {
        Set<Integer> out = new TreeSet<>();
        followers.forEach((r, f) -> {
            if (!isr.contains(r) && f.logEndOffset != UNKNOWN_OFFSET && f.logEndOffset >= highWatermark
                    && f.logEndOffset >= epochStartOffset) {
                out.add(r);
            }
        });
        return out;
    }

    /** The ISR with the proposed drops and additions applied: what to ask the controller for. */
    public Set<Integer> proposedIsr() {
        Set<Integer> next = new HashSet<>(isr);
        next.removeAll(followersToDrop());
        next.addAll(followersToAdd());
        return Set.copyOf(next);
    }

    /**
     * May an acks=all write be appended now? NOT_ENOUGH_REPLICAS while the ISR is smaller than
     * min.insync.replicas, else NONE.
     */
    public ErrorCode checkEnoughReplicas() {
        return isr.size() < minInsyncReplicas.getAsInt() ? ErrorCode.NOT_ENOUGH_REPLICAS : ErrorCode.NONE;
    }

    /** Where an appended acks=all write whose last offset is {@code requiredOffset - 1} stands. */
    public AckStatus ackStatus(long requiredOffset) {
        if (highWatermark >= requiredOffset) {
            return AckStatus.ACKNOWLEDGED;
        }
        long held = isrLogEndOffset();
        if (held == UNKNOWN_OFFSET || held < requiredOffset) {
            return AckStatus.WAITING;
        }
        // every ISR member holds it: only the ISR's size keeps the high watermark below it
        return isr.size() < minInsyncReplicas.getAsInt() ? AckStatus.NOT_ENOUGH_REPLICAS_AFTER_APPEND : AckStatus.WAITING;
    }
}
