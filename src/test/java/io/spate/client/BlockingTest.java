package io.spate.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ErrorCode;
import io.spate.protocol.SpateException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BlockingTest {
    @Test
    void returnsTheValue() {
        assertEquals("x", Blocking.await(Future.succeededFuture("x"), Duration.ofSeconds(1)));
    }

    @Test
    void rethrowsTheSpateExceptionAsIs() {
        SpateException e = ErrorCode.CORRUPT_MESSAGE.exception("bad");
        assertSame(e, assertThrows(SpateException.class, () -> Blocking.await(Future.failedFuture(e), Duration.ofSeconds(1))));
    }

    @Test
    void wrapsCheckedCauses() {
        CompletionException e = assertThrows(CompletionException.class,
                () -> Blocking.await(Future.failedFuture(new IOException("disk")), Duration.ofSeconds(1)));
        assertTrue(e.getCause() instanceof IOException);
    }

    @Test
    void timesOutWithRequestTimedOut() {
        SpateException e = assertThrows(SpateException.class,
                () -> Blocking.await(Promise.promise().future(), Duration.ofMillis(20)));
        assertEquals(ErrorCode.REQUEST_TIMED_OUT, e.error());
    }

    @Test
    void refusesToBlockAVertxThread(Vertx vertx) {
        Promise<Throwable> seen = Promise.promise();
        vertx.runOnContext(v -> {
            try {
                Blocking.await(Future.succeededFuture(1), Duration.ofSeconds(1));
                seen.complete(null);
            } catch (IllegalStateException e) {
                seen.complete(e);
            }
        });
        assertTrue(Blocking.await(seen.future(), Duration.ofSeconds(10)) instanceof IllegalStateException);
    }
}
