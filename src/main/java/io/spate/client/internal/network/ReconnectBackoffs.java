package io.spate.client.internal.network;

import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Per node id (and bootstrap address, by its negative id): how many connection attempts in a row
 * failed, and the time before which no new attempt may start. An attempt fails when the connection
 * cannot be made or closes before the node answered anything on it (a node over max.connections
 * accepts and closes at once); the count is forgotten once a connection has answered. The wait after
 * {@code n} failures is {@link NetworkConfig#reconnectBackoffMs(int, double)}, counted from the start
 * of the failed attempt, as Kafka counts it.
 *
 * <p>Threading: confined to the owning {@link NetworkClient}'s context.
 */
final class ReconnectBackoffs {
    private record Failures(int count, long notBeforeMs) {
    }

    private final NetworkConfig config;
    private final DoubleSupplier random;
    private final Map<Integer, Failures> failures = new HashMap<>();

    /** {@code random} draws the jitter, in [0, 1). */
    ReconnectBackoffs(NetworkConfig config, DoubleSupplier random) {
        this.config = config;
        this.random = random;
    }

    /** Records a failed attempt to {@code id} that started at {@code attemptStartMs}. */
    void failed(int id, long attemptStartMs) {
        int count = failures.containsKey(id) ? failures.get(id).count() + 1 : 1;
        long wait = config.reconnectBackoffMs(count, random.getAsDouble());
        long notBefore = wait >= Long.MAX_VALUE - attemptStartMs ? Long.MAX_VALUE : attemptStartMs + wait;
        failures.put(id, new Failures(count, notBefore));
    }

    /** A connection to {@code id} answered: its next failure waits reconnect.backoff.ms again. */
    void succeeded(int id) {
        failures.remove(id);
    }

    /** True while the last attempt to {@code id} failed and none has worked since. */
    boolean hasFailed(int id) {
        return failures.containsKey(id);
    }

    /** Failed attempts to {@code id} in a row. */
    int failures(int id) {
        Failures f = failures.get(id);
        return f == null ? 0 : f.count();
    }

    /** How long from {@code nowMs} until a new attempt to {@code id} may start; 0 if it may now. */
    long remainingMs(int id, long nowMs) {
        Failures f = failures.get(id);
        return f == null ? 0 : Math.max(0, f.notBeforeMs() - nowMs);
    }
}
