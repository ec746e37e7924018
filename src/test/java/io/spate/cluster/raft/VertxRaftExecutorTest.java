package io.spate.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.Eventually;
import io.spate.transport.LoopContext;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class VertxRaftExecutorTest {
    // one event loop: every context shares its thread, the case where Vert.x would run another context's task inline
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void tasksRunInOrderOnTheContextAndSubmitNeverRunsInline() throws Exception {
        LoopContext ctx = LoopContext.create(vertx);
        VertxRaftExecutor ex = new VertxRaftExecutor(ctx);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 100; i++) {
            int n = i;
            ex.submit(() -> ran.add("t" + n + (ctx.isRunningOnContext() ? "" : " off context")));
        }
        ex.submit(() -> {
            ex.submit(() -> ran.add("submitted"));
            ex.execute(() -> ran.add("executed"));
            ran.add("after");
            ex.submit(done::countDown);
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 100; i++) {
            assertEquals("t" + i, ran.get(i));
        }
        // execute on the context runs at once, submit waits for the running task to end
        assertEquals(List.of("executed", "after", "submitted"), ran.subList(100, 103));
    }

    @Test
    void executeFromAnotherContextOnTheSameThreadIsQueued() throws Exception {
        LoopContext a = LoopContext.create(vertx);
        VertxRaftExecutor b = new VertxRaftExecutor(LoopContext.create(vertx));
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        a.runOnContext(v -> {
            b.execute(() -> {
                ran.add("b");
                done.countDown();
            });
            ran.add("a ends");
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("a ends", "b"), ran);
    }

    @Test
    void aThrowingTaskDoesNotStopTheNext() throws Exception {
        VertxRaftExecutor ex = new VertxRaftExecutor(LoopContext.create(vertx));
        CountDownLatch done = new CountDownLatch(1);
        ex.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        ex.submit(done::countDown);
        assertTrue(done.await(5, TimeUnit.SECONDS));
    }

    @Test
    void scheduleWaitsTheDelayAndTerminateCancelsPendingTimers() throws Exception {
        VertxRaftExecutor ex = new VertxRaftExecutor(LoopContext.create(vertx));
        CountDownLatch fired = new CountDownLatch(1);
        long start = System.nanoTime();
        ex.schedule(fired::countDown, 100, TimeUnit.MILLISECONDS);
        assertTrue(fired.await(5, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100));

        List<String> late = new CopyOnWriteArrayList<>();
        ex.schedule(() -> late.add("fired"), 200, TimeUnit.MILLISECONDS);
        ex.schedule(() -> late.add("fired"), 1, TimeUnit.NANOSECONDS);
        Eventually.eventually(Duration.ofSeconds(5), "the 1 ns timer fires", () -> late.size() == 1);
        ex.onRaftNodeTerminate();
        assertEquals(0, ex.pendingTimers());
        ex.schedule(() -> late.add("after terminate"), 1, TimeUnit.MILLISECONDS);
        CountDownLatch probe = new CountDownLatch(1);
        vertx.setTimer(400, id -> probe.countDown());
        assertTrue(probe.await(5, TimeUnit.SECONDS));
        assertEquals(List.of("fired"), late);
    }
}
