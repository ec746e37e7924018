package io.spate.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.MockTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class DroppedMessagesTest {
    @Test
    void aFloodOfDropsLogsOneLinePerIntervalAndCountsThemAll() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Logger jul = Logger.getLogger(DroppedMessages.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try {
            MockTime time = new MockTime(0);
            DroppedMessages dropped = new DroppedMessages(time);
            for (int i = 0; i < 1_000; i++) {
                dropped.dropped("garbage " + i);
            }
            assertEquals(List.of("garbage 0"), lines, "the first is always seen, the rest held back");
            time.advance(DroppedMessages.INTERVAL_MS);
            dropped.dropped("garbage again");
            assertEquals(2, lines.size());
            assertTrue(lines.get(1).contains("garbage again (and 999 more dropped in the last 30 s)"), lines.get(1));
            dropped.dropped("one more");
            assertEquals(2, lines.size());
            assertEquals(1_002, dropped.count());
        } finally {
            jul.removeHandler(capture);
        }
    }
}
