package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.FetchPosition;
import io.spate.broker.core.PartitionRead;
import io.spate.log.LogReadResult;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KIP-227's session rules as {@link FetchSessions} keeps them. */
class FetchSessionsTest {
    private static final TopicPartition A = new TopicPartition("t", 0);
    private static final TopicPartition B = new TopicPartition("t", 1);

    private static FetchPosition at(long offset) {
        return new FetchPosition(offset, 1024, -1);
    }

    private static PartitionRead read(long hw) {
        return new PartitionRead(ErrorCode.NONE, null, hw, 0, LogReadResult.empty("t"));
    }

    @Test
    void aFullFetchOpensASessionAndIncrementalOnesAnswerOnlyNews() {
        FetchSessions sessions = new FetchSessions(10);
        FetchSessions.Context full = sessions.open(0, 0, Map.of(A, at(0), B, at(0)), List.of());
        assertTrue(full.sessionId() > 0);
        assertFalse(full.incremental());
        assertTrue(FetchSessions.answer(full, A, read(5)));
        assertTrue(FetchSessions.answer(full, B, read(7)));

        // epoch 1 moves A; B is still read from the session's position, answered only if it has news
        FetchSessions.Context inc = sessions.open(full.sessionId(), 1, Map.of(A, at(5)), List.of());
        assertTrue(inc.incremental());
        assertEquals(Map.of(A, at(5), B, at(0)), inc.positions());
        assertFalse(FetchSessions.answer(inc, A, read(5)), "nothing new on A");
        assertTrue(FetchSessions.answer(inc, B, read(8)), "B's high watermark moved");

        // forgetting B leaves A alone in the session
        FetchSessions.Context forgot = sessions.open(full.sessionId(), 2, Map.of(), List.of(B));
        assertEquals(Map.of(A, at(5)), forgot.positions());
    }

    @Test
    void aWrongEpochOrAnUnknownSessionIsRefusedAndFinalClosesIt() {
        FetchSessions sessions = new FetchSessions(10);
        int id = sessions.open(0, 0, Map.of(A, at(0)), List.of()).sessionId();
        assertEquals(ErrorCode.INVALID_FETCH_SESSION_EPOCH, sessions.open(id, 3, Map.of(), List.of()).error());
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessions.open(id + 1, 1, Map.of(), List.of()).error());
        FetchSessions.Context closing = sessions.open(id, -1, Map.of(A, at(1)), List.of());
        assertNull(closing.session(), "epoch -1 is sessionless");
        assertEquals(0, sessions.size());
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessions.open(id, 1, Map.of(), List.of()).error());
    }

    @Test
    void theLeastRecentlyUsedSessionIsEvictedWhenTheCacheIsFull() {
        FetchSessions sessions = new FetchSessions(2);
        int first = sessions.open(0, 0, Map.of(A, at(0)), List.of()).sessionId();
        int second = sessions.open(0, 0, Map.of(A, at(0)), List.of()).sessionId();
        assertEquals(ErrorCode.NONE, sessions.open(first, 1, Map.of(), List.of()).error()); // first used last
        sessions.open(0, 0, Map.of(B, at(0)), List.of());
        assertEquals(2, sessions.size());
        assertEquals(ErrorCode.FETCH_SESSION_ID_NOT_FOUND, sessions.open(second, 1, Map.of(), List.of()).error());
        assertEquals(ErrorCode.NONE, sessions.open(first, 2, Map.of(), List.of()).error());
    }
}
