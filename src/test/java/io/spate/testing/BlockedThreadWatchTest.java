package io.spate.testing;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watch really hears the blocked-thread checker (else the node tests' guard would be empty). */
class BlockedThreadWatchTest {
    @Test
    void aBlockedEventLoopIsReported() throws Exception {
        BlockedThreadWatch.install();
        BlockedThreadWatch.drain();
        Vertx vertx = Vertx.builder().with(new VertxOptions()
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(20).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)).build();
        try {
            vertx.runOnContext(v -> {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // deliberately hog the event loop
                }
            });
            java.util.List<String> seen = new java.util.ArrayList<>();
            eventually(Duration.ofSeconds(10), "the checker's warning reached the watch", () -> {
                seen.addAll(BlockedThreadWatch.drain());
                return !seen.isEmpty();
            });
            assertFalse(seen.isEmpty());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            BlockedThreadWatch.drain();
        }
    }
}
