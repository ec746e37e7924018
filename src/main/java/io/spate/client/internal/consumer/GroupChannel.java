package io.spate.client.internal.consumer;

import io.netty.buffer.ByteBuf;
import io.spate.client.ConsumerConfig;
import io.spate.client.internal.network.GroupCoordinatorLookup;
import io.spate.client.internal.network.NetworkClient;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.LeaveGroupRequest;
import io.spate.protocol.LeaveGroupResponse;
import io.spate.protocol.Message;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One group consumer's way to its group coordinator (internal): the group id, the static instance
 * id, the timeouts, and {@link GroupCoordinatorLookup} underneath (coordinator found, forgotten on
 * NOT_COORDINATOR and connection errors, found again on the next attempt).
 *
 * <p>Confined to the consumer's context.
 */
final class GroupChannel {
    final String groupId;
    final Optional<String> instanceId;
    final ConsumerConfig config;
    final NetworkClient network;
    private final GroupCoordinatorLookup lookup;

    GroupChannel(NetworkClient network, ConsumerConfig config) {
        this.network = network;
        this.config = config;
        this.groupId = config.getGroupId();
        this.instanceId = Optional.ofNullable(config.getGroupInstanceId());
        this.lookup = new GroupCoordinatorLookup(network);
    }

    String instanceIdOrNull() {
        return instanceId.orElse(null);
    }

    /** One attempt with the request timeout; coordinator errors fail retriably (see the lookup). */
    <T> Future<T> send(ApiKey key, Message body, Function<ByteBuf, T> reader, Function<T, ErrorCode> errorOf) {
        return lookup.send(groupId, key, body, reader, errorOf, config.getRequestTimeoutMs());
    }

    /** As {@link #send} with another timeout (JoinGroup waits for the whole join phase). */
    <T> Future<T> send(ApiKey key, Message body, Function<ByteBuf, T> reader, Function<T, ErrorCode> errorOf,
                       long timeoutMs) {
        return lookup.send(groupId, key, body, reader, errorOf, timeoutMs);
    }

    /** Retried while retriable until default.api.timeout.ms from now. */
    <T> Future<T> sendWithRetries(ApiKey key, Message body, Function<ByteBuf, T> reader,
                                  Function<T, ErrorCode> errorOf) {
        return lookup.sendWithRetries(groupId, key, body, reader, errorOf, config.getRequestTimeoutMs(),
                network.nowMs() + config.getDefaultApiTimeoutMs());
    }

    /**
     * Sends LeaveGroup for {@code g}'s member, once; dynamic members only (a static member stays
     * until its session times out, as Kafka's do). Never fails.
     */
    Future<Void> leave(Generation g, String reason) {
        if (instanceId.isPresent() || g.memberId().isEmpty()) {
            return Future.succeededFuture();
        }
        LeaveGroupRequest request = new LeaveGroupRequest(groupId,
                List.of(new LeaveGroupRequest.Member(g.memberId(), null, reason)));
        return send(ApiKey.LEAVE_GROUP, request, LeaveGroupResponse::readFrom, LeaveGroupResponse::error)
                .<Void>mapEmpty().recover(err -> Future.succeededFuture());
    }

    /** The wait before retry number {@code attempt} (1-based), exponential as configured. */
    long backoffMs(int attempt) {
        return network.config().backoffMs(attempt);
    }
}
