package io.spate.client.internal.consumer;

import io.spate.client.ConsumerConfig;
import io.spate.client.assignor.Assignment;
import io.spate.client.assignor.ConsumerProtocol;
import io.spate.client.assignor.PartitionAssignor;
import io.spate.client.assignor.Subscription;
import io.spate.client.internal.network.Metadata;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.JoinGroupRequest;
import io.spate.protocol.JoinGroupResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.SyncGroupRequest;
import io.spate.protocol.SyncGroupResponse;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One rebalance round of a group member (internal): JoinGroup, then — when this member leads and the
 * coordinator did not say skip_assignment — the chosen assignor over every member's subscription,
 * then SyncGroup, as Kafka's AbstractCoordinator. The round repeats itself until it ends with an
 * assignment: at once after MEMBER_ID_REQUIRED (with the id given), UNKNOWN_MEMBER_ID (with no id),
 * ILLEGAL_GENERATION and REBALANCE_IN_PROGRESS; after an exponential backoff on coordinator and
 * connection errors (the coordinator is looked up again). Any other error ends it with that error:
 * the member cannot be in the group (FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL,
 * INVALID_SESSION_TIMEOUT, GROUP_MAX_SIZE_REACHED, ...). {@link #cancel()} ends it at the next step.
 *
 * <p>Confined to the consumer's context.
 */
final class GroupRebalance {
    /** The outcome: the member's new generation and assignment; the leader also gets the topic sizes it used. */
    record Result(Generation generation, Assignment assignment, Map<String, Integer> leaderTopicSizes) {
    }

    private final GroupChannel channel;
    private final List<PartitionAssignor> assignors;
    private final Subscription subscription;
    private final String reason;
    private String memberId;
    private boolean cancelled;

    GroupRebalance(GroupChannel channel, List<PartitionAssignor> assignors, String memberId,
                   Subscription subscription, String reason) {
        this.channel = channel;
        this.assignors = assignors;
        this.memberId = memberId;
        this.subscription = subscription;
        this.reason = reason;
    }

    /** The member id this round uses now (a new member learns it in the first answer). */
    String memberId() {
        return memberId;
    }

    void cancel() {
        cancelled = true;
    }

    Future<Result> run() {
        return join(1);
    }

    private Future<Result> join(int attempt) {
        if (cancelled) {
            return cancelledFuture();
        }
        ByteBuffer metadata = ConsumerProtocol.encodeSubscription(subscription);
        byte[] bytes = new byte[metadata.remaining()];
        metadata.get(bytes);
        List<JoinGroupRequest.Protocol> protocols = new ArrayList<>();
        // every assignor gets the same subscription; none of the built-in ones adds user data
        assignors.forEach(a -> protocols.add(new JoinGroupRequest.Protocol(a.name(), bytes)));
        ConsumerConfig config = channel.config;
        JoinGroupRequest request = new JoinGroupRequest(channel.groupId, config.getSessionTimeoutMs(),
                config.getMaxPollIntervalMs(), memberId, channel.instanceIdOrNull(),
                ConsumerProtocol.PROTOCOL_TYPE, protocols, reason);
        // the coordinator holds a JoinGroup for up to the rebalance timeout
        long timeout = (long) config.getMaxPollIntervalMs() + config.getRequestTimeoutMs();
        return channel.send(ApiKey.JOIN_GROUP, request, JoinGroupResponse::readFrom, JoinGroupResponse::error, timeout)
                .transform(ar -> {
                    if (cancelled) {
                        return cancelledFuture();
                    }
                    if (ar.failed()) {
                        return retryAfterFailure(ar.cause(), attempt);
                    }
                    JoinGroupResponse resp = ar.result();
                    return switch (resp.error()) {
                        case NONE -> joined(resp, attempt);
                        case MEMBER_ID_REQUIRED -> {
                            memberId = resp.memberId();
                            yield join(attempt);
                        }
                        case UNKNOWN_MEMBER_ID -> {
                            memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
                            yield join(attempt);
                        }
                        case ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS -> join(attempt);
                        default -> Future.failedFuture(new SpateException(resp.error(), "joining group '"
                                + channel.groupId + "': " + message(resp.errorMessage(), resp.error())));
                    };
                });
    }

    private Future<Result> joined(JoinGroupResponse resp, int attempt) {
        memberId = resp.memberId();
        Generation generation = new Generation(resp.generationId(), resp.memberId(), resp.protocolName());
        boolean leads = resp.leader().equals(resp.memberId()) && !resp.skipAssignment();
        Future<LeaderAssignment> assigned = leads ? assign(resp) : Future.succeededFuture(LeaderAssignment.NONE);
        return assigned.compose(a -> sync(generation, a, attempt));
    }

    /** What the leader computed: the assignments to send and the topic sizes it used. */
    private record LeaderAssignment(List<SyncGroupRequest.Assignment> assignments, Map<String, Integer> topicSizes) {
        static final LeaderAssignment NONE = new LeaderAssignment(List.of(), null);
    }

    private Future<LeaderAssignment> assign(JoinGroupResponse resp) {
        PartitionAssignor assignor = assignors.stream().filter(a -> a.name().equals(resp.protocolName()))
                .findFirst().orElse(null);
        if (assignor == null) {
            return Future.failedFuture(new SpateException(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, "group '"
                    + channel.groupId + "' chose assignor '" + resp.protocolName() + "', which this member does not have"));
        }
        Map<String, Subscription> subscriptions = new HashMap<>();
        Set<String> topics = new HashSet<>();
        for (JoinGroupResponse.Member m : resp.members()) {
            Subscription s = ConsumerProtocol.decodeSubscription(ByteBuffer.wrap(m.metadata()))
                    .withGroupInstanceId(Optional.ofNullable(m.groupInstanceId()));
            subscriptions.put(m.memberId(), s);
            topics.addAll(s.topics());
        }
        channel.network.addTopics(topics);
        return channel.network.fetchMetadata(List.copyOf(topics)).map(md -> {
            Map<String, Integer> sizes = new HashMap<>();
            for (String t : topics) {
                Metadata.TopicState st = channel.network.metadata().topic(t);
                if (st != null && st.error() == ErrorCode.NONE && st.partitionCount() > 0) {
                    sizes.put(t, st.partitionCount());
                }
            }
            List<SyncGroupRequest.Assignment> out = new ArrayList<>();
            assignor.assign(sizes, subscriptions).forEach((member, a) -> {
                ByteBuffer b = ConsumerProtocol.encodeAssignment(a);
                byte[] bytes = new byte[b.remaining()];
                b.get(bytes);
                out.add(new SyncGroupRequest.Assignment(member, bytes));
            });
            return new LeaderAssignment(out, Map.copyOf(sizes));
        });
    }

    private Future<Result> sync(Generation generation, LeaderAssignment leader, int attempt) {
        if (cancelled) {
            return cancelledFuture();
        }
        SyncGroupRequest request = new SyncGroupRequest(channel.groupId, generation.generationId(),
                generation.memberId(), channel.instanceIdOrNull(), ConsumerProtocol.PROTOCOL_TYPE,
                generation.protocolName(), leader.assignments());
        return channel.send(ApiKey.SYNC_GROUP, request, SyncGroupResponse::readFrom, SyncGroupResponse::error)
                .transform(ar -> {
                    if (cancelled) {
                        return cancelledFuture();
                    }
                    if (ar.failed()) {
                        return retryAfterFailure(ar.cause(), attempt);
                    }
                    SyncGroupResponse resp = ar.result();
                    return switch (resp.error()) {
                        case NONE -> Future.succeededFuture(new Result(generation, decode(resp.assignment()),
                                leader.topicSizes()));
                        case UNKNOWN_MEMBER_ID -> {
                            memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
                            yield join(attempt);
                        }
                        case ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS -> join(attempt);
                        default -> Future.failedFuture(new SpateException(resp.error(), "syncing group '"
                                + channel.groupId + "': " + message(resp.errorMessage(), resp.error())));
                    };
                });
    }

    private static Assignment decode(byte[] bytes) {
        // a member the leader did not know of when it assigned gets nothing (0 bytes)
        return bytes.length == 0 ? new Assignment(List.of()) : ConsumerProtocol.decodeAssignment(ByteBuffer.wrap(bytes));
    }

    private Future<Result> retryAfterFailure(Throwable cause, int attempt) {
        if (!NetworkClient.isRetriable(cause)) {
            return Future.failedFuture(cause);
        }
        return channel.network.delay(channel.backoffMs(attempt)).compose(v -> join(attempt + 1));
    }

    private Future<Result> cancelledFuture() {
        return Future.failedFuture(new SpateException(ErrorCode.REBALANCE_IN_PROGRESS, "rebalance round cancelled"));
    }

    private static String message(String given, ErrorCode error) {
        return given != null ? given : error.message();
    }
}
