package io.spate.broker.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchWaitersTest {
    private final FetchWaiters waiters = new FetchWaiters();
    private final List<String> woken = new ArrayList<>();

    @Test
    void aWakeUpThatParksAgainOrDropsAnotherDoesNotStopTheOthers() {
        // a: woken, finds too little and parks again at once (as DelayedFetch does); b: woken, drops c
        FetchWaiter c = new FetchWaiter(9, () -> woken.add("c"));
        FetchWaiter[] again = new FetchWaiter[1];
        again[0] = new FetchWaiter(20, () -> woken.add("a again"));
        waiters.add(new FetchWaiter(5, () -> {
            woken.add("a");
            waiters.add(again[0]);
        }));
        waiters.add(new FetchWaiter(6, () -> {
            woken.add("b");
            waiters.remove(c);
        }));
        waiters.add(c);
        waiters.add(new FetchWaiter(7, () -> woken.add("d")));

        waiters.highWatermarkMoved(10, 10);

        // c was due when the high watermark moved: taken out before b ran, so b's remove finds nothing
        assertEquals(List.of("a", "b", "c", "d"), woken);
        assertEquals(1, waiters.size(), "only a's new wait is left");
        waiters.highWatermarkMoved(21, 21);
        assertEquals(List.of("a", "b", "c", "d", "a again"), woken);
        assertEquals(0, waiters.size());
    }

    @Test
    void followersAndConsumersAreWokenByTheirOwnEnd() {
        waiters.add(new FetchWaiter(5, () -> woken.add("consumer")));
        waiters.add(new FetchWaiter(5, () -> woken.add("follower"), true));
        waiters.appended(6);
        assertEquals(List.of("follower"), woken);
        waiters.highWatermarkMoved(5, 5);
        assertEquals(List.of("follower"), woken, "the consumer waits for offset 5 to be below the high watermark");
        waiters.highWatermarkMoved(6, 6);
        assertEquals(List.of("follower", "consumer"), woken);
    }

    @Test
    void aReadCommittedConsumerIsWokenByTheLastStableOffset() {
        waiters.add(new FetchWaiter(5, () -> woken.add("committed"), false, true));
        waiters.add(new FetchWaiter(5, () -> woken.add("uncommitted")));
        waiters.appended(9);
        waiters.highWatermarkMoved(9, 5); // an open transaction holds the last stable offset at 5
        assertEquals(List.of("uncommitted"), woken);
        waiters.highWatermarkMoved(9, 9); // its marker ended it
        assertEquals(List.of("uncommitted", "committed"), woken);
        assertEquals(0, waiters.size());
    }
}
