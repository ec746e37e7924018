package io.spate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fetch is written in the lowest version its fields need: a follower's log starts make it version
 * 2 (Kafka's place, after fetch_offset), a consumer's request keeps version 0 or 1, and a follower's
 * request without its log starts (for a leader that knows no version 2) is version 0.
 */
class FetchRequestVersionsTest {
    private static FetchRequest follower(long logStart) {
        return new FetchRequest(2, 500, 1, 1024, List.of(new FetchRequest.TopicData("t",
                List.of(new FetchRequest.PartitionData(0, 4, 17, logStart, 1024)))));
    }

    @Test
    void aFollowersLogStartMakesVersion2AndIsReadBackInItsPlace() {
        FetchRequest request = follower(9);
        assertEquals(2, request.version());
        ByteBuf buf = Unpooled.buffer();
        request.writeTo(buf);
        // replica_id, max_wait_ms, min_bytes, max_bytes, isolation_level, topic count, "t", partition count
        int partitionAt = 4 * 4 + 1 + 4 + 2 + 1 + 4;
        assertEquals(17, buf.getLong(partitionAt + 8), "fetch_offset");
        assertEquals(9, buf.getLong(partitionAt + 16), "log_start_offset follows fetch_offset");
        assertEquals(1024, buf.getInt(partitionAt + 24), "then partition_max_bytes");
        FetchRequest read = FetchRequest.readFrom(buf, (short) 2);
        assertEquals(9, read.topics().get(0).partitions().get(0).logStartOffset());
        Wire.requireFullyRead(buf);
    }

    @Test
    void requestsWithoutLogStartsKeepTheirVersion() {
        assertEquals(0, follower(FetchRequest.UNKNOWN_LOG_START_OFFSET).version());
        assertEquals(0, follower(9).withoutLogStartOffsets().version());
        assertEquals(1, new FetchRequest(-1, 500, 1, 1024, List.of(), FetchRequest.READ_COMMITTED).version());
    }

    @Test
    void versionsBelow2ReadNoLogStart() {
        FetchRequest v0 = follower(9).withoutLogStartOffsets();
        ByteBuf buf = Unpooled.buffer();
        v0.writeTo(buf);
        FetchRequest read = FetchRequest.readFrom(buf, (short) 0);
        assertEquals(FetchRequest.UNKNOWN_LOG_START_OFFSET, read.topics().get(0).partitions().get(0).logStartOffset());
        assertEquals(17, read.topics().get(0).partitions().get(0).fetchOffset());
        Wire.requireFullyRead(buf);
    }
}
