package io.spate.cluster.raft;

import io.microraft.MembershipChangeMode;
import io.microraft.RaftEndpoint;
import io.microraft.exception.NotLeaderException;
import io.microraft.report.RaftGroupMembers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Adding and removing voters of the metadata quorum through MicroRaft's membership change, from any
 * node: the Raft leader checks and runs the change; another node forwards it over the event bus to
 * {@code spate.raft.<group>.<leader>.voters} and relays the answer. The answer comes once the change
 * committed (a majority of the voters, as they are before the change, has it).
 *
 * <p>Checked on the leader before MicroRaft sees it: add needs a live node (cluster membership's view)
 * that is not a voter yet (a learner is promoted, a node outside the group is added as a voter at
 * once); remove needs a voter that is not the last one. One membership change at a time: another
 * one not committed yet refuses the request ({@link VoterChangeException.Kind#PENDING}). A change
 * not committed within the proposal timeout fails {@link VoterChangeException.Kind#TIMED_OUT} (it may
 * still commit).
 *
 * <p>Threading: {@link #change} completes on the caller's context; the receiving side runs on the
 * context that called {@link #serve}.
 */
final class VoterChanges {
    private final Vertx vertx;
    private final RaftClusterMetadata metadata;
    private final IntPredicate live;
    private final Duration timeout;
    private MessageConsumer<JsonObject> consumer;

    VoterChanges(Vertx vertx, RaftClusterMetadata metadata, IntPredicate live, Duration timeout) {
        this.vertx = vertx;
        this.metadata = metadata;
        this.live = live;
        this.timeout = timeout;
    }

    static String address(int nodeId) {
        return EventBusRaftTransport.address(RaftClusterMetadata.GROUP_ID, nodeId) + ".voters";
    }

    /** Adds ({@code add}) or removes voter {@code nodeId}; the voters after the change. */
    Future<List<Integer>> change(int nodeId, boolean add) {
        Optional<SpateEndpoint> leader = metadata.leader();
        if (leader.isEmpty()) {
            return Future.failedFuture(new VoterChangeException(VoterChangeException.Kind.NO_LEADER,
                    "node " + metadata.self().nodeId() + " knows no leader of the metadata quorum"));
        }
        if (leader.get().equals(metadata.self())) {
            return runHere(nodeId, add);
        }
        JsonObject request = new JsonObject().put("node", nodeId).put("add", add);
        return vertx.eventBus().<JsonObject>request(address(leader.get().nodeId()), request,
                        new DeliveryOptions().setSendTimeout(timeout.toMillis() + 2000))
                .recover(err -> Future.failedFuture(new VoterChangeException(VoterChangeException.Kind.TIMED_OUT,
                        "the leader " + leader.get() + " did not answer: " + err.getMessage()
                                + "; the change may still commit")))
                .compose(reply -> {
                    JsonObject body = reply.body();
                    if (body.containsKey("voters")) {
                        return Future.succeededFuture(body.getJsonArray("voters").stream()
                                .map(o -> ((Number) o).intValue()).sorted().toList());
                    }
                    return Future.failedFuture(new VoterChangeException(
                            VoterChangeException.Kind.valueOf(body.getString("kind")), body.getString("message")));
                });
    }

    /** Takes forwarded voter changes from now on. */
    Future<Void> serve() {
        consumer = vertx.eventBus().consumer(address(metadata.self().nodeId()), this::receive);
        return consumer.completion();
    }

    Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.unregister();
    }

    private void receive(Message<JsonObject> msg) {
        Integer node = msg.body().getInteger("node");
        Boolean add = msg.body().getBoolean("add");
        if (node == null || add == null) {
            msg.reply(refusal(new VoterChangeException(VoterChangeException.Kind.INVALID, "a voter change needs node and add")));
            return;
        }
        runHere(node, add).onComplete(ar -> msg.reply(ar.succeeded()
                ? new JsonObject().put("voters", ar.result())
                : refusal(ar.cause())));
    }

    private static JsonObject refusal(Throwable cause) {
        VoterChangeException e = cause instanceof VoterChangeException v ? v
                : new VoterChangeException(VoterChangeException.Kind.INVALID, String.valueOf(cause.getMessage()));
        return new JsonObject().put("kind", e.kind().name()).put("message", e.getMessage());
    }

    /** On the node that should be the leader: check, then run the membership change. */
    private Future<List<Integer>> runHere(int nodeId, boolean add) {
        if (nodeId < 0) {
            return invalid(nodeId + " is not a node id");
        }
        SpateEndpoint member = new SpateEndpoint(nodeId);
        Future<io.microraft.report.RaftNodeReport> report = metadata.report().recover(err -> Future.failedFuture(
                new VoterChangeException(VoterChangeException.Kind.NO_LEADER, "node " + metadata.self().nodeId()
                        + "'s Raft node is not running (" + err.getMessage() + "; removed from the group?)")));
        return report.compose(r -> {
            RaftGroupMembers members = r.getEffectiveMembers();
            if (add) {
                if (members.getVotingMembers().contains(member)) {
                    return invalid("node " + nodeId + " is already a voter");
                }
                if (!live.test(nodeId)) {
                    return invalid("node " + nodeId + " is not a live node of the cluster (unknown or down); "
                            + "start it first: a voter must be able to answer");
                }
            } else {
                if (!members.getVotingMembers().contains(member)) {
                    return invalid("node " + nodeId + " is not a voter (voters: " + ids(members.getVotingMembers()) + ")");
                }
                if (members.getVotingMembers().size() == 1) {
                    return invalid("node " + nodeId + " is the last voter; add another voter first");
                }
            }
            MembershipChangeMode mode = add ? MembershipChangeMode.ADD_OR_PROMOTE_TO_FOLLOWER
                    : MembershipChangeMode.REMOVE_MEMBER;
            return metadata.changeMembership(member, mode)
                    .timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .<List<Integer>>map(after -> ids(after.getVotingMembers()))
                    .recover(err -> Future.failedFuture(translate(err)));
        });
    }

    private static Throwable translate(Throwable err) {
        if (err instanceof VoterChangeException) {
            return err;
        }
        if (err instanceof NotLeaderException e) {
            return new VoterChangeException(VoterChangeException.Kind.NO_LEADER, "not the leader of the metadata "
                    + "quorum any more" + (e.getLeader() != null ? " (the leader is " + e.getLeader() + ")" : ""));
        }
        if (err instanceof java.util.concurrent.TimeoutException
                || err instanceof io.vertx.core.impl.NoStackTraceTimeoutException
                || err instanceof io.microraft.exception.IndeterminateStateException) {
            return new VoterChangeException(VoterChangeException.Kind.TIMED_OUT, "the change was not committed in "
                    + "time (" + err.getMessage() + "); it may still commit, see `spate cluster quorum describe`");
        }
        if (err instanceof IllegalArgumentException || err instanceof IllegalStateException) {
            return new VoterChangeException(VoterChangeException.Kind.INVALID, err.getMessage());
        }
        return err;
    }

    private static <T> Future<T> invalid(String message) {
        return Future.failedFuture(new VoterChangeException(VoterChangeException.Kind.INVALID, message));
    }

    private static List<Integer> ids(java.util.Collection<RaftEndpoint> endpoints) {
        return endpoints.stream().map(e -> ((SpateEndpoint) e).nodeId()).sorted().toList();
    }
}
