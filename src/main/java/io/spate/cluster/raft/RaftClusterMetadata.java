package io.spate.cluster.raft;

import io.microraft.MembershipChangeMode;
import io.microraft.Ordered;
import io.microraft.RaftEndpoint;
import io.microraft.RaftNode.RaftNodeBuilder;
import io.microraft.RaftNode;
import io.microraft.RaftRole;
import io.microraft.exception.CannotReplicateException;
import io.microraft.exception.MismatchingRaftGroupMembersCommitIndexException;
import io.microraft.model.RaftModelFactory;
import io.microraft.persistence.RaftStore;
import io.microraft.persistence.RestoredRaftState;
import io.microraft.report.RaftGroupMembers;
import io.microraft.report.RaftNodeReport;
import io.microraft.transport.Transport;
import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.MetadataImage;
import io.spate.transport.LoopContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@link ClusterMetadata} as the state machine of a MicroRaft group of the controller-eligible
 * nodes (the voters): a change is acknowledged only once a majority of the voters has committed
 * it, and a node cut off from the majority never acknowledges one.
 *
 * <p>{@link #update} computes the change on the image this node applied and proposes
 * {@link MetadataCommand.SetImage}(its epoch, the result): to the local Raft node when it is the
 * leader, else to the leader through the caller's {@link ProposalForwarder}. The state machine
 * applies it only if the epoch still matches; on a conflict the change waits until this node
 * applied the newer image and is computed again (at most {@value #MAX_ATTEMPTS} times). When the
 * outcome of a proposal is unknown (the leader stepped down before committing it:
 * {@code IndeterminateStateException}; a forwarded proposal or its answer lost), the same command
 * is proposed again, which is safe because it is a compare-and-set on the epoch, and the log tells
 * which image took the epoch after the base: the change's own (success) or another (computed
 * again). If no leader commits it within {@link QuorumOptions#proposalTimeout()} the Future fails
 * with {@link NoQuorumException}. A follower that installs a snapshot past the epoch after the base
 * (it fell behind the leader's compacted log) learns the outcome from the leader's answer instead; it
 * fails the change with {@code NoQuorumException} at once when that answer was lost too.
 *
 * <p>This node's changes go to the quorum one at a time, in the order {@code update} was called (so
 * they never conflict with each other, only with other voters' changes); each one's timeout runs
 * from its call, also while it waits its turn.
 *
 * <p>A caller must register the node with its transport ({@link #raftNode()}{@code .handle}) and then
 * {@link #start()} it; the leader's side of forwarding is {@link #propose}.
 *
 * <p>Threading: the Raft node and its state machine run on the Raft context ({@link
 * VertxRaftExecutor}); each applied image is handed, in apply order, to the metadata context,
 * which keeps the image listeners saw, runs the listeners (once per new image, in epoch order,
 * never an older one), and runs every step of every update. {@link #current()}, {@link #leader()}
 * and {@link #voters()} may be called from any thread (volatile snapshots).
 */
public final class RaftClusterMetadata implements ClusterMetadata {
    /**
     * Attempts of one change (each lost to another change that committed first) before it gives up,
     * as the compare-and-set of the Hazelcast-held metadata before it. Higher than its 20: a follower's change is
     * forwarded and keeps losing while the leader commits its own queued changes one after the other
     * (seen: 20 losses in a row with 30 changes at once on 3 nodes), and every loss is another change's
     * progress; the proposal timeout bounds the time either way.
     */
    public static final int MAX_ATTEMPTS = 64;
    /** The metadata quorum's Raft group id (part of its event-bus addresses). */
    public static final String GROUP_ID = "spate-metadata";
    private static final System.Logger LOG = System.getLogger(RaftClusterMetadata.class.getName());

    private final SpateEndpoint self;
    private final LoopContext context;
    private final VertxRaftExecutor executor;
    private final MetadataStateMachine stateMachine;
    private final RaftNode raftNode;
    private final ProposalForwarder forwarder;
    private final QuorumOptions options;
    private final Clock clock;
    private final Set<SpateEndpoint> initialVoters;
    private final List<Consumer<MetadataImage>> listeners = new CopyOnWriteArrayList<>();
    private volatile RaftNodeReport lastReport; // set on the Raft context
    private final List<Runnable> leadershipListeners = new CopyOnWriteArrayList<>();

    // metadata context only
    private MetadataImage seen = MetadataImage.EMPTY;
    private final EpochWaiters<Update> awaitingEpoch = new EpochWaiters<>(); // by the epoch each change targets
    private final ArrayDeque<Update> queue = new ArrayDeque<>(); // this node's changes, the head one in flight

    private RaftClusterMetadata(Vertx vertx, SpateEndpoint self, Collection<SpateEndpoint> voters, Transport transport,
                                RaftStore store, Optional<RestoredRaftState> restored, RaftModelFactory models,
                                ProposalForwarder forwarder, QuorumOptions options, Clock clock) {
        this.self = Objects.requireNonNull(self, "self");
        this.initialVoters = Set.copyOf(voters);
        if (initialVoters.isEmpty()) {
            throw new IllegalArgumentException("the initial voters of " + self + " are empty");
        }
        this.context = LoopContext.create(vertx);
        this.executor = new VertxRaftExecutor(LoopContext.create(vertx));
        this.forwarder = Objects.requireNonNull(forwarder, "forwarder");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stateMachine = new MetadataStateMachine(image -> context.runOnContext(v -> seen(image)));
        RaftNodeBuilder builder = RaftNode.newBuilder().setGroupId(GROUP_ID);
        if (restored.isPresent()) {
            // the endpoint, members, term, vote, log and snapshot this voter persisted before
            if (!self.equals(restored.get().getLocalEndpointPersistentState().getLocalEndpoint())) {
                throw new IllegalArgumentException("the Raft state restored is of "
                        + restored.get().getLocalEndpointPersistentState().getLocalEndpoint() + ", not of " + self);
            }
            builder.setRestoredState(restored.get());
        } else {
            // a node that is not one of the initial voters starts outside the group (a MicroRaft LEARNER that
            // is no member yet): it takes part once the leader added it (ADD_LEARNER or ADD_OR_PROMOTE_TO_FOLLOWER),
            // which it learns from the leader's log like any other entry; it never votes until promoted
            builder.setLocalEndpoint(self).setInitialGroupMembers(new ArrayList<RaftEndpoint>(initialVoters));
        }
        this.raftNode = builder
                .setModelFactory(Objects.requireNonNull(models, "models"))
                .setConfig(options.raftConfig())
                .setExecutor(executor)
                .setTransport(Objects.requireNonNull(transport, "transport"))
                .setStore(Objects.requireNonNull(store, "store"))
                .setStateMachine(stateMachine)
                .setRaftNodeReportListener(this::reported)
                .setClock(clock)
                .build();
    }

    /**
     * A member of the metadata quorum, not started yet: register {@link #raftNode()} with the
     * transport, then {@link #start()}. Every node must be given the same initial {@code voters}; a
     * node that is not one of them starts outside the group and joins it once the leader adds it.
     */
    public static RaftClusterMetadata create(Vertx vertx, SpateEndpoint self, Collection<SpateEndpoint> voters,
                                             Transport transport, RaftStore store, ProposalForwarder forwarder,
                                             QuorumOptions options, Clock clock) {
        return new RaftClusterMetadata(vertx, self, voters, transport, store, Optional.empty(),
                new io.microraft.model.impl.DefaultRaftModelFactory(), forwarder, options, clock);
    }

    /**
     * As {@link #create}, from the state {@code store} restored ({@code restored}; empty for a fresh
     * voter, which starts with {@code voters} as its group), building its objects with {@code models}
     * (the codec's model factory).
     */
    public static RaftClusterMetadata create(Vertx vertx, SpateEndpoint self, Collection<SpateEndpoint> voters,
                                             Transport transport, RaftStore store, Optional<RestoredRaftState> restored,
                                             RaftModelFactory models, ProposalForwarder forwarder,
                                             QuorumOptions options, Clock clock) {
        return new RaftClusterMetadata(vertx, self, voters, transport, store, restored, models, forwarder, options,
                clock);
    }

    /** Starts the Raft node: it joins the group and takes part in elections. */
    public Future<Void> start() {
        return fromRaft(raftNode.start()).mapEmpty();
    }

    /** Raft context: keeps the report; a change of role to leader is told to the leadership listeners. */
    private void reported(RaftNodeReport report) {
        RaftNodeReport previous = lastReport;
        lastReport = report;
        boolean wasLeader = previous != null && previous.getRole() == RaftRole.LEADER
                && previous.getTerm().getTerm() == report.getTerm().getTerm();
        if (report.getRole() == RaftRole.LEADER && !wasLeader) {
            context.runOnContext(v -> leadershipListeners.forEach(Runnable::run));
        }
    }

    /**
     * Runs {@code listener} on the metadata context each time this node becomes the Raft leader (a
     * new term): the controller then decides what it missed while no node led (a node that left
     * during the election was seen by no controller).
     */
    public void onLeadership(Runnable listener) {
        leadershipListeners.add(listener);
    }

    /** The Raft node, for the transport to hand it incoming messages ({@code handle}). */
    public RaftNode raftNode() {
        return raftNode;
    }

    public SpateEndpoint self() {
        return self;
    }

    @Override
    public MetadataImage current() {
        return stateMachine.image();
    }

    /** The leader (the controller) as of the Raft node's last role change; empty while none is known. */
    public Optional<SpateEndpoint> leader() {
        RaftNodeReport report = lastReport;
        return report == null ? Optional.empty() : Optional.ofNullable((SpateEndpoint) report.getTerm().getLeaderEndpoint());
    }

    /** The committed voting members (the configured voters until a membership change commits). */
    public Set<SpateEndpoint> voters() {
        RaftNodeReport report = lastReport;
        return report == null ? initialVoters : QuorumStatus.voters(report.getCommittedMembers());
    }

    /** The committed members that do not vote (MicroRaft's learners), as of the Raft node's last report. */
    public Set<SpateEndpoint> learners() {
        RaftNodeReport report = lastReport;
        return report == null ? Set.of() : QuorumStatus.learners(report.getCommittedMembers());
    }

    /**
     * Leader only: one membership change of MicroRaft ({@link MembershipChangeMode}), answered once it
     * committed, with the members after it. Fails with {@link VoterChangeException} ({@code PENDING}) while
     * another change is not committed yet, and with MicroRaft's {@code NotLeaderException} on a node that is
     * not the leader; MicroRaft's own refusals (member already there, ...) come as they are.
     */
    public Future<RaftGroupMembers> changeMembership(SpateEndpoint member, MembershipChangeMode mode) {
        return report().compose(r -> {
            if (r.getRole() != RaftRole.LEADER) {
                return Future.failedFuture(new io.microraft.exception.NotLeaderException(self,
                        r.getTerm().getLeaderEndpoint()));
            }
            long committed = r.getCommittedMembers().getLogIndex();
            if (r.getEffectiveMembers().getLogIndex() != committed) {
                return Future.failedFuture(new VoterChangeException(VoterChangeException.Kind.PENDING,
                        "another membership change is pending (not committed yet); try again"));
            }
            return fromRaft(raftNode.changeMembership(member, mode, committed))
                    .<RaftGroupMembers>map(Ordered::getResult)
                    .recover(err -> Future.failedFuture(err instanceof MismatchingRaftGroupMembersCommitIndexException
                            || err instanceof CannotReplicateException
                            ? new VoterChangeException(VoterChangeException.Kind.PENDING, "another membership change "
                            + "is pending, or the leader has not committed an entry of its term yet; try again")
                            : err));
        });
    }

    /** A fresh report of the Raft node (members, role, log), for a membership decision. */
    public Future<RaftNodeReport> report() {
        return fromRaft(raftNode.getReport()).map(Ordered::getResult);
    }

    /** What this voter knows of the quorum now, from a fresh report of its Raft node (for health and fencing). */
    public Future<QuorumStatus> quorumStatus() {
        return fromRaft(raftNode.getReport()).map(ordered -> QuorumStatus.of(self, ordered.getResult(), clock.millis(),
                options.lease()));
    }

    @Override
    public void onChange(Consumer<MetadataImage> listener) {
        listeners.add(listener);
    }

    @Override
    public Future<MetadataImage> update(UnaryOperator<MetadataImage> change) {
        Objects.requireNonNull(change, "change");
        Promise<MetadataImage> result = context.promise();
        context.runOnContext(v -> {
            Update u = new Update(change, result);
            queue.add(u);
            if (queue.size() == 1) {
                u.attempt(1);
            }
        });
        return result.future();
    }

    /**
     * The leader's side of a forwarded change: replicates {@code command} through the local Raft node.
     * Fails with MicroRaft's {@code NotLeaderException} (naming the leader, if known) when this node is
     * not the leader, and with {@code IndeterminateStateException} when it stepped down before the
     * command committed (which may still commit later).
     */
    public Future<ProposalResult> propose(MetadataCommand command) {
        Objects.requireNonNull(command, "command");
        if (!(command instanceof MetadataCommand.SetImage) && !(command instanceof MetadataCommand.Import)) {
            return Future.failedFuture(new IllegalArgumentException("not a proposable metadata command: " + command));
        }
        return fromRaft(raftNode.<ProposalResult>replicate(command)).map(ordered -> ordered.getResult());
    }

    /**
     * Proposes {@link MetadataCommand.Import}{@code (image)} to the leader (this node or, forwarded,
     * another) until one answers or {@link QuorumOptions#proposalTimeout()} passes. Proposing it again
     * after an unknown outcome is safe: an import applies only to the empty image. The answer is
     * {@link ProposalResult.Applied} when this import took the empty image, else {@link
     * ProposalResult.Conflict} with the image it found (another node's import, or later changes).
     */
    public Future<ProposalResult> importImage(MetadataImage image) {
        MetadataCommand.Import command = new MetadataCommand.Import(image);
        Promise<ProposalResult> result = context.promise();
        long deadline = clock.millis() + options.proposalTimeout().toMillis();
        context.runOnContext(v -> proposeImport(command, null, deadline, "no leader known", result));
        return result.future();
    }

    /** Metadata context: one try of an import, again after the backoff until the deadline. */
    private void proposeImport(MetadataCommand.Import command, SpateEndpoint hint, long deadline, String trouble,
                               Promise<ProposalResult> result) {
        if (clock.millis() > deadline) {
            result.tryFail(new NoQuorumException(self, options.proposalTimeout(), "import: " + trouble));
            return;
        }
        SpateEndpoint to = hint != null ? hint : leader().orElse(null);
        if (to == null) {
            context.setTimer(options.retryBackoff().toMillis(),
                    t -> proposeImport(command, null, deadline, "no leader known", result));
            return;
        }
        Future<ProposalResult> answer = to.equals(self) ? propose(command) : forwarder.forward(to, command);
        answer.onComplete(ar -> context.runOnContext(v -> {
            if (ar.succeeded()) {
                result.tryComplete(ar.result());
                return;
            }
            Throwable e = ar.cause();
            SpateEndpoint named = e instanceof io.microraft.exception.RaftException raft
                    && raft.getLeader() instanceof SpateEndpoint s && !s.equals(to) ? s : null;
            context.setTimer(options.retryBackoff().toMillis(),
                    t -> proposeImport(command, named, deadline, to + ": " + e, result));
        }));
    }

    /** Terminates the Raft node (this voter stops taking part); pending changes fail at their timeout. */
    @Override
    public Future<Void> close() {
        return fromRaft(raftNode.terminate()).mapEmpty();
    }

    /** Metadata context: a newly applied image (in apply order, so epochs only grow). */
    private void seen(MetadataImage image) {
        if (image.epoch() <= seen.epoch()) {
            return; // never tell an older (or the same) image twice
        }
        seen = image;
        for (Consumer<MetadataImage> l : listeners) {
            try {
                l.accept(image);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a metadata listener failed on epoch " + image.epoch(), e);
            }
        }
        awaitingEpoch.reachedBy(image.epoch()).forEach(u -> u.landed(image));
    }

    /**
     * One change on its way through the quorum, on the metadata context. Per attempt: computed on the
     * applied image ({@code base}), proposed as SetImage(base.epoch, next) until a leader answers; it
     * succeeds once the image that took epoch base+1 is {@code next}, is computed again when another
     * took it, and fails at the deadline.
     */
    private final class Update {
        private final UnaryOperator<MetadataImage> change;
        private final Promise<MetadataImage> result;
        private final long timer;
        private int attempt;
        private MetadataCommand.SetImage command; // of this attempt
        private SpateEndpoint leaderHint;
        private MetadataImage committed; // a leader answered Applied: a majority has it
        private boolean uncertain; // a proposal of this attempt's command may have been appended, or not
        private int unanswered; // proposals of this attempt's command on their way to a leader
        private String trouble = "not proposed yet: waiting for this node's earlier changes";

        Update(UnaryOperator<MetadataImage> change, Promise<MetadataImage> result) {
            this.change = change;
            this.result = result;
            this.timer = context.setTimer(options.proposalTimeout().toMillis(), t -> expire());
        }

        private void expire() {
            if (committed != null) {
                succeed(committed); // committed, only not applied here yet (this node was cut off since)
            } else {
                fail(new NoQuorumException(self, options.proposalTimeout(), trouble));
            }
        }

        void attempt(int n) {
            attempt(n, seen);
        }

        /** Computes the change on {@code base} (committed: applied here or by the leader) and proposes it. */
        private void attempt(int n, MetadataImage base) {
            if (done()) {
                return;
            }
            if (n > MAX_ATTEMPTS) {
                fail(new IllegalStateException("the cluster metadata changed concurrently " + MAX_ATTEMPTS + " times"));
                return;
            }
            attempt = n;
            unregister();
            uncertain = false;
            unanswered = 0; // the answers to an earlier attempt's command are ignored
            MetadataImage next;
            try {
                next = change.apply(base);
            } catch (RuntimeException e) {
                fail(e); // a refused change changes nothing
                return;
            }
            if (next == base) {
                succeed(base);
                return;
            }
            if (next == null || next.epoch() != base.epoch() + 1) {
                fail(new IllegalStateException("a change must move the epoch by one: " + base.epoch() + " -> "
                        + (next == null ? "null" : next.epoch())));
                return;
            }
            command = new MetadataCommand.SetImage(base.epoch(), next);
            awaitingEpoch.add(next.epoch(), this);
            propose();
        }

        /** Proposes this attempt's command to the leader (again, when its last proposal came to nothing). */
        private void propose() {
            if (done()) {
                return;
            }
            SpateEndpoint to = leaderHint != null ? leaderHint : leader().orElse(null);
            leaderHint = null;
            if (to == null) {
                trouble = "no leader known";
                retryLater();
                return;
            }
            MetadataCommand.SetImage proposed = command;
            Future<ProposalResult> answer = to.equals(self) ? RaftClusterMetadata.this.propose(proposed)
                    : forwarder.forward(to, proposed);
            unanswered++;
            answer.onComplete(ar -> context.runOnContext(v -> {
                if (done() || proposed != command) {
                    return; // an answer to an earlier attempt, already settled through the log
                }
                unanswered--;
                if (ar.succeeded()) {
                    answered(ar.result());
                } else {
                    refused(to, ar.cause());
                }
            }));
        }

        private void answered(ProposalResult answer) {
            if (answer instanceof ProposalResult.Applied applied) {
                // committed: answered by landed() once this node applied it too, so that current() shows it
                committed = applied.image();
                trouble = "committed at epoch " + committed.epoch() + ", not applied here yet";
            } else {
                trouble = "conflict at epoch " + answer.image().epoch();
                MetadataImage newer = answer.image();
                if (newer.equals(command.next())) {
                    committed = newer; // an earlier proposal of this very command took the epoch
                } else if (!uncertain) {
                    // another change took the epoch: compute again at once on the leader's newer image, rather
                    // than after this node applied it (a follower that waits keeps losing to the leader)
                    attempt(attempt + 1, newer.epoch() >= seen.epoch() ? newer : seen);
                    return;
                }
                // else an earlier proposal of this command may have taken the epoch after the base: landed()
                // tells once this node applied that epoch
            }
            if (passed()) {
                skipped(); // the target epoch went by in a snapshot while this answer was on its way
            }
        }

        private void refused(SpateEndpoint to, Throwable cause) {
            Throwable e = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
            trouble = to + ": " + e;
            // only CannotReplicateException says for sure that nothing was appended; a NotLeaderException may
            // come from a log truncated under the proposal, IndeterminateStateException from a leader that
            // stepped down, and a forward may be lost either way. Proposing the same compare-and-set again
            // is safe in every case: it cannot apply twice.
            uncertain |= !(e instanceof CannotReplicateException);
            if (e instanceof io.microraft.exception.RaftException raft) {
                RaftEndpoint named = raft.getLeader();
                leaderHint = named instanceof SpateEndpoint s && !s.equals(to) ? s : null;
            }
            if (passed()) {
                skipped(); // proposing it again would only meet a newer image
            } else {
                retryLater();
            }
        }

        private void retryLater() {
            context.setTimer(options.retryBackoff().toMillis(), t -> propose());
        }

        /**
         * This node applied the image at this attempt's target epoch (ours, or another change's), or one
         * past it, installed from a snapshot.
         */
        void landed(MetadataImage image) {
            if (done()) {
                return;
            }
            if (image.epoch() > command.next().epoch()) {
                skipped();
            } else if (image.equals(command.next())) {
                succeed(image);
            } else {
                attempt(attempt + 1);
            }
        }

        /** True once this node applied an image at or past this attempt's target epoch. */
        private boolean passed() {
            return seen.epoch() >= command.next().epoch();
        }

        /**
         * This node passed the target epoch without applying its image (a snapshot installed past it, as a
         * follower that fell behind the leader's compacted log gets): the image does not tell which change
         * took the epoch; the leader's answers do, or they show that nothing of this attempt was appended.
         */
        private void skipped() {
            long target = command.next().epoch();
            if (committed != null) {
                succeed(committed); // a leader answered that this change took the epoch
            } else if (unanswered > 0) {
                trouble = "epoch " + target + " passed in a snapshot; waiting for the leader's answer";
            } else if (!uncertain) {
                attempt(attempt + 1); // nothing of this attempt was appended: another change took the epoch
            } else {
                // an earlier proposal may have taken it, and no answer or log entry will tell any more: unknown, as
                // after a timeout, but at once rather than holding this node's later changes until then
                fail(new NoQuorumException(self, "lost the answer to its change for epoch " + target
                        + ", and the epoch came in a snapshot: whether the change took it is not known"));
            }
        }

        private boolean done() {
            return result.future().isComplete();
        }

        private void succeed(MetadataImage image) {
            if (result.tryComplete(image)) {
                finished();
            }
        }

        private void fail(Throwable cause) {
            if (result.tryFail(cause)) {
                finished();
            }
        }

        private void unregister() {
            if (command != null) {
                awaitingEpoch.remove(command.next().epoch(), this);
            }
        }

        /** Hands the turn to the next queued change (one that timed out while queued is skipped). */
        private void finished() {
            context.cancelTimer(timer);
            unregister();
            boolean wasHead = queue.peek() == this;
            queue.remove(this);
            if (wasHead && !queue.isEmpty()) {
                queue.peek().attempt(1);
            }
        }
    }

    /** A MicroRaft CompletableFuture as a Vert.x Future, its listeners on the metadata context. */
    private <T> Future<T> fromRaft(CompletableFuture<T> f) {
        Promise<T> p = context.promise();
        f.whenComplete((value, error) -> {
            if (error != null) {
                p.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            } else {
                p.complete(value);
            }
        });
        return p.future();
    }
}
