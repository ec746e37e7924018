package io.spate.cluster.raft;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether this node is fenced: it no longer holds the metadata quorum's lease
 * ({@link QuorumStatus#leaseHeld()} false: no contact with a Raft leader, or as the leader with a
 * majority, within the lease), so the majority may have elected other partition leaders and this
 * node must stop acting as one (issue 15). {@link #getAsBoolean()} is what the partition leaders
 * ask at every write: a volatile read.
 *
 * <p>Why a timer and not a check at each write: the status comes from the Raft node's report,
 * which is asked on the Raft node's executor (an asynchronous hop, not a field read), so it is
 * taken every {@code lease / 10} and kept in a volatile. A node cut off is thus fenced at most
 * {@code lease + lease / 10} (plus the report's own latency) after its last contact, which
 * {@link QuorumOptions} keeps below the heartbeat timeout after which the majority elects another
 * Raft leader (and only then another partition leader). A report that fails (the Raft node
 * stopped) counts as no lease. One WARNING is logged when the node fences, one INFO when it
 * unfences.
 *
 * <p>Threading: checks start on the timer's context, one at a time (a check still waiting for its
 * report skips the next tick); {@link #getAsBoolean()} is safe from any thread.
 */
public final class LeaseFence implements BooleanSupplier {
    private static final System.Logger LOG = System.getLogger(LeaseFence.class.getName());

    private final Vertx vertx;
    private final Supplier<Future<QuorumStatus>> status;
    private final Duration period;
    private volatile boolean fenced;
    private volatile boolean stopped;
    private volatile boolean checking; // one check at a time; its answer may complete on the Raft executor
    private long timer = -1;
    private long fencedSinceNanos;

    /**
     * @param status a fresh status of this node's voter
     * @param period how often to ask it (the lease / 10 in production)
     */
    public LeaseFence(Vertx vertx, Supplier<Future<QuorumStatus>> status, Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        this.vertx = vertx;
        this.status = status;
        this.period = period;
    }

    /**
     * The period for a lease: a tenth of it, so the lease is overrun by at most a tenth (2.75 s for the
     * 2.5 s default, clear of the 3 s after which the majority's followers give their leader up; a
     * quarter left 3.125 s, which could overlap a quick new election). Each check is one report from the
     * Raft node's executor.
     */
    public static Duration periodFor(Duration lease) {
        return Duration.ofMillis(Math.max(1, lease.toMillis() / 10));
    }

    /** Starts the periodic check; the node counts as not fenced until the first check says otherwise. */
    public void start() {
        timer = vertx.setPeriodic(period.toMillis(), id -> check());
    }

    /** Stops checking; the last verdict stays (a stopping node's leaders close anyway). */
    public void stop() {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    @Override
    public boolean getAsBoolean() {
        return fenced;
    }

    /** Asks the status once and fences or unfences on its answer; the Future holds the verdict. */
    public Future<Boolean> check() {
        if (checking || stopped) {
            return Future.succeededFuture(fenced);
        }
        checking = true;
        Future<QuorumStatus> asked;
        try {
            asked = status.get();
        } catch (RuntimeException e) {
            asked = Future.failedFuture(e);
        }
        return asked.transform(ar -> {
            checking = false;
            if (stopped) {
                return Future.succeededFuture(fenced);
            }
            boolean held = ar.succeeded() && ar.result().leaseHeld();
            if (!held && !fenced) {
                fenced = true;
                fencedSinceNanos = System.nanoTime();
                LOG.log(System.Logger.Level.WARNING, "fenced: this node lost the metadata quorum's lease ("
                        + (ar.succeeded() ? describe(ar.result()) : "no status: " + ar.cause()) + "); every partition"
                        + " it leads refuses writes with NOT_LEADER_OR_FOLLOWER until it holds the lease again");
            } else if (held && fenced) {
                fenced = false;
                LOG.log(System.Logger.Level.INFO, "unfenced: this node holds the metadata quorum's lease again after "
                        + (System.nanoTime() - fencedSinceNanos) / 1_000_000 + " ms fenced (" + describe(ar.result())
                        + "); its partitions lead as the metadata says");
            }
            return Future.succeededFuture(fenced);
        });
    }

    private static String describe(QuorumStatus s) {
        return "role " + s.role() + ", term " + s.term() + ", leader " + s.leader().map(String::valueOf).orElse("none")
                + ", last contact " + (s.lastQuorumContactMs().isPresent()
                ? (s.atMs() - s.lastQuorumContactMs().getAsLong()) + " ms ago" : "never") + ", lease "
                + s.lease().toMillis() + " ms";
    }
}
