package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A coordinator on a real Vert.x context with a manual clock and an in-memory offsets topic, and
 * the steps the tests are written in (join, sync, commit, advance the clock, restart).
 */
abstract class GroupTestSupport {
    static final String GROUP = "g";
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 30_000;
    static final int PARTITIONS = 3;

    Vertx vertx;
    Context context;
    ManualTimer timer;
    io.spate.testing.InMemoryInternalLog log;
    GroupCoordinator coordinator;

    /** The configuration of each test's coordinator; no initial delay unless a test wants one. */
    GroupConfig config() {
        return GroupConfig.defaults().withInitialRebalanceDelayMs(0);
    }

    @BeforeEach
    void startCoordinator() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        Context logContext = vertx.getOrCreateContext();
        assertNotSame(context, logContext);
        timer = new ManualTimer(context, 1_000_000L);
        // Appends complete on another context, as on a broker: the coordinator must hop back.
        log = new io.spate.testing.InMemoryInternalLog(PARTITIONS, logContext);
        coordinator = new GroupCoordinator(context, config(), log, timer);
        await(coordinator.loadAll());
    }

    @AfterEach
    void stopCoordinator() {
        await(coordinator.close());
        await(vertx.close());
    }

    /** A new coordinator over the same log and clock, as after a node restart. */
    void restart() {
        await(coordinator.close());
        coordinator = new GroupCoordinator(context, config(), log, timer);
        await(coordinator.loadAll());
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    void advance(long ms) {
        await(timer.advance(ms));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static JoinRequest joinRequest(String memberId, String instanceId, List<Protocol> protocols) {
        return new JoinRequest(GROUP, memberId, instanceId, "client", "/127.0.0.1", SESSION_MS, REBALANCE_MS,
                "consumer", protocols, null);
    }

    static JoinRequest joinRequest(String memberId) {
        return joinRequest(memberId, null, List.of(new Protocol("range", bytes("sub-" + memberId))));
    }

    Future<JoinResult> join(String memberId) {
        return coordinator.join(joinRequest(memberId));
    }

    Future<JoinResult> joinStatic(String memberId, String instanceId) {
        return coordinator.join(joinRequest(memberId, instanceId, List.of(new Protocol("range", bytes(instanceId)))));
    }

    /** A dynamic member's first join: "" gets MEMBER_ID_REQUIRED and the id to join with. */
    String memberId() {
        JoinResult r = await(join(""));
        assertEquals(ErrorCode.MEMBER_ID_REQUIRED, r.error());
        return r.memberId();
    }

    Future<SyncResult> sync(String memberId, int generation, Map<String, byte[]> assignments) {
        return coordinator.sync(new SyncRequest(GROUP, generation, memberId, null, "consumer", "range", assignments));
    }

    /** One member forms generation 1 alone and becomes Stable with assignment "a-" + id; returns its join answer. */
    JoinResult stableAlone(String memberId) {
        JoinResult joined = await(join(memberId));
        assertEquals(ErrorCode.NONE, joined.error());
        SyncResult synced = await(sync(memberId, joined.generationId(), Map.of(memberId, bytes("a-" + memberId))));
        assertEquals(ErrorCode.NONE, synced.error());
        return joined;
    }

    Map<TopicPartition, ErrorCode> commit(int generation, String memberId, TopicPartition tp, long offset) {
        return await(coordinator.commitOffsets(GROUP, generation, memberId, null,
                Map.of(tp, new OffsetCommit(offset, 3, "meta"))));
    }

    StoredOffset committed(TopicPartition tp) {
        OffsetFetchResult r = await(coordinator.fetchOffsets(GROUP, List.of(tp)));
        assertEquals(ErrorCode.NONE, r.error());
        return r.offsets().get(tp);
    }

    DescribedGroup describe() {
        return await(coordinator.describeGroups(List.of(GROUP))).get(0);
    }

    /** Waits until the coordinator has handled everything sent so far. */
    void settle() {
        advance(0);
    }
}
