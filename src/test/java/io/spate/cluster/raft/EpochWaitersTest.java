package io.spate.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EpochWaitersTest {
    @Test
    void anEpochReleasesItsWaitersAndThoseOfEveryEpochItSkipped() {
        EpochWaiters<String> w = new EpochWaiters<>();
        w.add(3, "c");
        w.add(1, "a");
        w.add(2, "b1");
        w.add(2, "b2");
        w.add(5, "e");
        assertEquals(List.of(), w.reachedBy(0));
        assertEquals(List.of("a"), w.reachedBy(1)); // the next epoch, applied from the log
        assertEquals(List.of("b1", "b2", "c"), w.reachedBy(4)); // a snapshot past 2 and 3
        assertEquals(List.of(), w.reachedBy(4), "released once");
        assertEquals(List.of("e"), w.reachedBy(9));
    }

    @Test
    void aRemovedWaiterIsNotReleased() {
        EpochWaiters<String> w = new EpochWaiters<>();
        w.add(2, "kept");
        w.add(2, "gone");
        w.remove(2, "gone");
        w.remove(7, "never added");
        assertEquals(List.of("kept"), w.reachedBy(2));
    }
}
