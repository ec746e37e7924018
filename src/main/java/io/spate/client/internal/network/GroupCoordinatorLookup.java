package io.spate.client.internal.network;

import io.netty.buffer.ByteBuf;
import io.spate.client.Node;
import io.spate.protocol.ApiKey;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.FindCoordinatorRequest;
import io.spate.protocol.FindCoordinatorResponse;
import io.spate.protocol.Message;
import io.spate.protocol.SpateException;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the coordinator of a consumer group (FindCoordinator to any node) and sends the group's
 * requests there. The coordinator is remembered per group until an answer says it moved
 * ({@link #isCoordinatorError}) or its connection fails; then it is forgotten and the next attempt
 * asks again, so a caller that retries (through {@link NetworkClient#withRetries}) follows a
 * coordinator from node to node.
 *
 * <p>The same lookup finds transaction coordinators ({@link #forTransactions}): FindCoordinator with
 * key type 1, the key a transactional id; everything else is the same.
 *
 * <p>Confined to the client's context, like the {@link NetworkClient} it uses.
 */
public final class GroupCoordinatorLookup {
    private final NetworkClient network;
    private final Map<String, Integer> coordinators = new HashMap<>();
    /** {@link FindCoordinatorRequest#KEY_TYPE_GROUP} or {@link FindCoordinatorRequest#KEY_TYPE_TRANSACTION}. */
    private final byte keyType;
    /** "group" or "transactional id", for messages. */
    private final String keyName;

    public GroupCoordinatorLookup(NetworkClient network) {
        this(network, FindCoordinatorRequest.KEY_TYPE_GROUP);
    }

    private GroupCoordinatorLookup(NetworkClient network, byte keyType) {
        this.network = network;
        this.keyType = keyType;
        this.keyName = keyType == FindCoordinatorRequest.KEY_TYPE_GROUP ? "group" : "transactional id";
    }

    /** A lookup of transaction coordinators: its keys are transactional ids. */
    public static GroupCoordinatorLookup forTransactions(NetworkClient network) {
        return new GroupCoordinatorLookup(network, FindCoordinatorRequest.KEY_TYPE_TRANSACTION);
    }

    /** True for the errors that mean "ask who coordinates this group again". */
    public static boolean isCoordinatorError(ErrorCode error) {
        return error == ErrorCode.NOT_COORDINATOR || error == ErrorCode.COORDINATOR_NOT_AVAILABLE
                || error == ErrorCode.NETWORK_EXCEPTION || error == ErrorCode.REQUEST_TIMED_OUT;
    }

    /** The coordinator's node id: the remembered one, or one FindCoordinator attempt (no retries). */
    Future<Integer> coordinator(String groupId) {
        Integer known = coordinators.get(groupId);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return network.sendToAnyNode(ApiKey.FIND_COORDINATOR, new FindCoordinatorRequest(groupId, keyType),
                FindCoordinatorResponse::readFrom).compose(resp -> {
                    if (resp.error() != ErrorCode.NONE) {
                        return Future.failedFuture(new SpateException(resp.error(), "finding the coordinator of " + keyName + " '"
                                + groupId + "': " + (resp.errorMessage() != null ? resp.errorMessage() : resp.error().message())));
                    }
                    network.metadata().learnNode(new Node(resp.nodeId(), resp.host(), resp.port(), null));
                    coordinators.put(groupId, resp.nodeId());
                    return Future.succeededFuture(resp.nodeId());
                });
    }

    /** {@link #coordinator}, for callers outside the package (the node that answered, for display). */
    public Future<Integer> coordinatorOf(String key) {
        return coordinator(key);
    }

    /** Forgets the coordinator of {@code groupId}; the next request asks again. */
    void invalidate(String groupId) {
        coordinators.remove(groupId);
    }

    /**
     * One attempt: sends {@code body} to the group's coordinator. A failure to connect, or an answer
     * whose {@code errorOf} is a coordinator error, forgets the coordinator and fails with a
     * retriable {@link SpateException}; COORDINATOR_LOAD_IN_PROGRESS fails retriably too (same
     * coordinator); any other answer, errors included, is the result.
     */
    public <T> Future<T> send(String groupId, ApiKey key, Message body, Function<ByteBuf, T> reader,
                              Function<T, ErrorCode> errorOf, long timeoutMs) {
        return coordinator(groupId)
                .compose(node -> network.send(node, key, body, reader, timeoutMs))
                .recover(err -> {
                    if (err instanceof SpateException se && isCoordinatorError(se.error())) {
                        invalidate(groupId);
                    }
                    return Future.failedFuture(err);
                })
                .compose(resp -> {
                    ErrorCode error = errorOf.apply(resp);
                    if (isCoordinatorError(error)) {
                        invalidate(groupId);
                        return Future.failedFuture(new SpateException(error, key + " for " + keyName + " '" + groupId
                                + "' reached a node that is not its coordinator"));
                    }
                    if (error == ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) {
                        return Future.failedFuture(new SpateException(error, key + " for " + keyName + " '" + groupId
                                + "': the coordinator is still loading"));
                    }
                    return Future.succeededFuture(resp);
                });
    }

    /** {@link #send} retried while retriable (rediscovering the coordinator) until {@code deadlineMs}. */
    public <T> Future<T> sendWithRetries(String groupId, ApiKey key, Message body, Function<ByteBuf, T> reader,
                                         Function<T, ErrorCode> errorOf, long timeoutMs, long deadlineMs) {
        return network.withRetries(() -> send(groupId, key, body, reader, errorOf, timeoutMs), deadlineMs,
                key.name() + " for " + keyName + " '" + groupId + "'");
    }
}
