package io.spate.cluster.raft;

import io.microraft.RaftConfig;
import java.time.Duration;

/**
 * The metadata quorum's timings, every default a named constant, validated in one place, and the
 * {@link RaftConfig} they make.
 *
 * <p>MicroRaft counts its heartbeat period and timeout in whole seconds (1 at least) and checks
 * them on its heartbeat task, which runs once per period: a leader cut off from its majority steps
 * down, and its followers stop following it, between {@code heartbeatTimeout} and
 * {@code heartbeatTimeout + heartbeatPeriod} after the last answer; a new leader follows after a
 * pre-vote and a vote, each bounded by {@code electionTimeout}.
 *
 * @param electionTimeout   MicroRaft's leader election timeout (the randomized vote round)
 * @param heartbeatPeriod   how often a leader sends append-entries when it has nothing to send (whole seconds)
 * @param heartbeatTimeout  how long without a majority's answers (leader) or a leader's append-entries
 *                          (follower) before giving the leader up (whole seconds, at least the period)
 * @param lease             how recent the last contact with the quorum must be for this node to count
 *                          itself in it ({@link QuorumStatus#leaseHeld()}); below the heartbeat timeout, so
 *                          a cut-off leader's lease ends before the majority can elect another leader
 * @param proposalTimeout   how long a change may wait for a leader to commit it before it fails with
 *                          {@link NoQuorumException}
 * @param retryBackoff      the pause before proposing again when no leader is known or it refused
 * @param snapshotEvery     commits between two snapshots (each log entry holds a whole image)
 * @param importWait        how long a leader of a quorum whose image is still empty waits for every voter's
 *                          disk copy before it imports the newest of a majority's ({@link UpgradeImport})
 */
public record QuorumOptions(Duration electionTimeout, Duration heartbeatPeriod, Duration heartbeatTimeout,
                            Duration lease, Duration proposalTimeout, Duration retryBackoff, int snapshotEvery,
                            Duration importWait) {
    public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofMillis(500);
    public static final Duration DEFAULT_HEARTBEAT_PERIOD = Duration.ofSeconds(1);
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_LEASE = Duration.ofMillis(2500);
    public static final Duration DEFAULT_PROPOSAL_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(50);
    public static final int DEFAULT_SNAPSHOT_EVERY = 100;
    public static final Duration DEFAULT_IMPORT_WAIT = Duration.ofSeconds(10);

    public static final QuorumOptions DEFAULTS = new QuorumOptions(DEFAULT_ELECTION_TIMEOUT, DEFAULT_HEARTBEAT_PERIOD,
            DEFAULT_HEARTBEAT_TIMEOUT, DEFAULT_LEASE, DEFAULT_PROPOSAL_TIMEOUT, DEFAULT_RETRY_BACKOFF,
            DEFAULT_SNAPSHOT_EVERY, DEFAULT_IMPORT_WAIT);

    public QuorumOptions {
        positive("electionTimeout", electionTimeout);
        wholeSeconds("heartbeatPeriod", heartbeatPeriod);
        wholeSeconds("heartbeatTimeout", heartbeatTimeout);
        positive("lease", lease);
        positive("proposalTimeout", proposalTimeout);
        positive("retryBackoff", retryBackoff);
        positive("importWait", importWait);
        if (heartbeatTimeout.compareTo(heartbeatPeriod) < 0) {
            throw new IllegalArgumentException("heartbeatTimeout (" + heartbeatTimeout + ") is below heartbeatPeriod ("
                    + heartbeatPeriod + ")");
        }
        if (lease.compareTo(heartbeatPeriod) <= 0 || fencedWithin(lease).compareTo(heartbeatTimeout) >= 0) {
            throw new IllegalArgumentException("lease (" + lease + ") must be above heartbeatPeriod (" + heartbeatPeriod
                    + ", else a healthy follower loses it between heartbeats) and, with its check period ("
                    + LeaseFence.periodFor(lease) + "), below heartbeatTimeout (" + heartbeatTimeout
                    + ", else a cut-off leader may still act after the majority elected another)");
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be at least 1, was " + snapshotEvery);
        }
    }

    /**
     * How long after its last contact with the quorum a cut-off node is fenced at most: the lease plus
     * one {@link LeaseFence} check period. It must stay below the heartbeat timeout, the earliest the
     * majority's followers give their leader up and elect another (LeaseFence's comment).
     */
    public static Duration fencedWithin(Duration lease) {
        return lease.plus(LeaseFence.periodFor(lease));
    }

    /** MicroRaft's configuration for these timings. */
    public RaftConfig raftConfig() {
        return RaftConfig.newBuilder()
                .setLeaderElectionTimeoutMillis(electionTimeout.toMillis())
                .setLeaderHeartbeatPeriodSecs(heartbeatPeriod.toSeconds())
                .setLeaderHeartbeatTimeoutSecs(heartbeatTimeout.toSeconds())
                .setCommitCountToTakeSnapshot(snapshotEvery)
                .setRaftNodeReportPublishPeriodSecs((int) heartbeatPeriod.toSeconds())
                .build();
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void wholeSeconds(String name, Duration d) {
        positive(name, d);
        if (d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(name + " must be whole seconds (MicroRaft counts it in seconds), was " + d);
        }
    }
}
