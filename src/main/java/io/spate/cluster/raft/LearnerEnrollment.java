package io.spate.cluster.raft;

import io.microraft.MembershipChangeMode;
import io.microraft.RaftEndpoint;
import io.microraft.RaftRole;
import io.microraft.report.RaftGroupMembers;
import io.microraft.report.RaftNodeReport;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * How a node that is not in the metadata quorum's group joins it: on the Raft leader, every
 * {@code period}, a live node id (cluster membership's view) that is no member of the group is added
 * as a MicroRaft learner ({@link MembershipChangeMode#ADD_LEARNER}), one change at a time. The node
 * itself started its Raft node outside the group with the group's initial members (see
 * {@link RaftClusterMetadata}) and, once added, receives the leader's log or snapshot like any
 * member; it never votes until an operator promotes it ({@code add-voter}). After a restart its role
 * comes from its Raft log, not from the configuration.
 *
 * <p>MicroRaft 0.7 limits: at most {@link RaftGroupMembers#MAX_LEARNER_COUNT} learners at a time, and a
 * node of the initial member list cannot be added as a learner (only as a voter); such nodes are
 * logged once and left out.
 *
 * <p>Threading: the timer and the decisions run on the Vert.x context that called {@link #start}.
 */
final class LearnerEnrollment {
    private static final System.Logger LOG = System.getLogger(LearnerEnrollment.class.getName());

    private final Vertx vertx;
    private final RaftClusterMetadata metadata;
    private final Supplier<? extends Collection<Integer>> liveNodes;
    private final Duration period;
    private final Set<Integer> warned = new HashSet<>();
    private boolean inFlight;
    private long timer = -1;

    LearnerEnrollment(Vertx vertx, RaftClusterMetadata metadata, Supplier<? extends Collection<Integer>> liveNodes,
                      Duration period) {
        this.vertx = vertx;
        this.metadata = metadata;
        this.liveNodes = liveNodes;
        this.period = period;
    }

    void start() {
        timer = vertx.setPeriodic(period.toMillis(), id -> tick());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (inFlight) {
            return;
        }
        inFlight = true;
        metadata.report().onComplete(ar -> {
            Integer next = ar.succeeded() ? nextLearner(ar.result()) : null;
            if (next == null) {
                inFlight = false;
                return;
            }
            metadata.changeMembership(new SpateEndpoint(next), MembershipChangeMode.ADD_LEARNER).onComplete(done -> {
                inFlight = false;
                if (done.succeeded()) {
                    LOG.log(System.Logger.Level.INFO, "metadata quorum: node " + next + " added as a learner; members "
                            + ids(done.result().getMembers()) + ", voters " + ids(done.result().getVotingMembers()));
                } else {
                    LOG.log(System.Logger.Level.DEBUG, "metadata quorum: adding node " + next + " as a learner failed "
                            + "(tried again): " + done.cause());
                }
            });
        });
    }

    /** The live node to add now, or null: only on the leader, with no change pending. */
    private Integer nextLearner(RaftNodeReport r) {
        if (r.getRole() != RaftRole.LEADER
                || r.getEffectiveMembers().getLogIndex() != r.getCommittedMembers().getLogIndex()) {
            return null;
        }
        Collection<RaftEndpoint> members = r.getEffectiveMembers().getMembers();
        int learners = members.size() - r.getEffectiveMembers().getVotingMembers().size();
        for (int id : new TreeSet<>(liveNodes.get())) {
            SpateEndpoint e = new SpateEndpoint(id);
            if (members.contains(e)) {
                continue;
            }
            if (r.getInitialMembers().getMembers().contains(e)) {
                warnOnce(id, "node " + id + " is live but no member of the metadata quorum: it is one of the initial "
                        + "voters (removed since), which MicroRaft cannot add back as a learner; `spate cluster quorum "
                        + "add-voter " + id + "` brings it back as a voter");
                continue;
            }
            if (learners >= RaftGroupMembers.MAX_LEARNER_COUNT) {
                warnOnce(id, "node " + id + " is live but cannot follow the metadata quorum: it already has "
                        + learners + " learners, MicroRaft's maximum; promote one (add-voter) or add more voters");
                continue;
            }
            return id;
        }
        return null;
    }

    private void warnOnce(int id, String message) {
        if (warned.add(id)) {
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    private static Set<Integer> ids(Collection<RaftEndpoint> endpoints) {
        Set<Integer> out = new TreeSet<>();
        endpoints.forEach(e -> out.add(((SpateEndpoint) e).nodeId()));
        return out;
    }
}
