package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.spate.common.Time;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VertxGroupTimerTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void tasksRunOnTheCoordinatorContextAndCancelledOnesNever() throws Exception {
        Context context = vertx.getOrCreateContext();
        VertxGroupTimer timer = new VertxGroupTimer(context, Time.SYSTEM);
        AtomicBoolean cancelledRan = new AtomicBoolean();
        CompletableFuture<Context> ranOn = new CompletableFuture<>();
        context.runOnContext(v -> {
            timer.schedule(5, () -> cancelledRan.set(true)).cancel();
            timer.schedule(20, () -> ranOn.complete(Vertx.currentContext()));
        });
        assertSame(context, ranOn.get(10, TimeUnit.SECONDS));
        assertFalse(cancelledRan.get());
    }

    @Test
    void productionCoordinatorEndsTheInitialDelayOnVertxTimers() throws Exception {
        Context context = vertx.getOrCreateContext();
        GroupCoordinator c = GroupCoordinator.create(context, GroupConfig.defaults().withInitialRebalanceDelayMs(20),
                new io.spate.testing.InMemoryInternalLog(1, vertx.getOrCreateContext()), Time.SYSTEM);
        c.loadAll().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        JoinRequest first = new JoinRequest("g", "", null, "c", "h", 10_000, 30_000, "consumer",
                List.of(new Protocol("range", new byte[0])), null);
        String id = c.join(first).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).memberId();
        JoinRequest again = new JoinRequest("g", id, null, "c", "h", 10_000, 30_000, "consumer",
                List.of(new Protocol("range", new byte[0])), null);
        JoinResult r = c.join(again).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(1, r.generationId());
        c.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
