package io.spate.client;

import io.netty.buffer.ByteBuf;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.Message;
import io.vertx.core.Future;
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

    /** The wait before retry number {@code attempt} (1-based), exponential as configured. */
    long backoffMs(int attempt) {
        return network.config().backoffMs(attempt);
    }
}
