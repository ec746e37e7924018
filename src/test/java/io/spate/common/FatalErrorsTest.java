package io.spate.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which errors halt the node; the halt itself is a process matter (OutOfMemoryExitIT). */
class FatalErrorsTest {
    @Test
    void anOutOfMemoryErrorAnywhereInTheCausesIsFatal() {
        assertTrue(FatalErrors.isFatal(new OutOfMemoryError("Java heap space")));
        assertTrue(FatalErrors.isFatal(new RuntimeException("wrapped", new IllegalStateException(new OutOfMemoryError()))));
        assertFalse(FatalErrors.isFatal(new IllegalStateException("bad state")));
        assertFalse(FatalErrors.isFatal(new StackOverflowError()));
        assertFalse(FatalErrors.isFatal(null));
        // a cycle of causes ends
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(FatalErrors.isFatal(a));
    }
}
