package io.spate.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.common.Time;
import io.spate.log.LogConfig;
import io.spate.log.PartitionLog;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.OffsetForLeaderEpochRequest;
import io.spate.protocol.OffsetForLeaderEpochResponse;
import io.spate.record.CompressionType;
import io.spate.testing.TestBatches;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OffsetForLeaderEpochHandler}: answers from the epoch cache and the error checks in order. */
class OffsetForLeaderEpochHandlerTest {
    @TempDir
    Path tmp;
    private PartitionLog log;
    private int nodeEpoch = 4;

    @BeforeEach
    void open() {
        log = PartitionLog.open(tmp.resolve("t-0"), "t", 0, LogConfig.defaults(), Time.SYSTEM, true);
        int[] epochs = {0, 0, 2, 4, 4};
        for (int e : epochs) {
            log.append(TestBatches.of(CompressionType.NONE, 1, "v").nioBuffer(), e);
        }
    }

    @AfterEach
    void close() {
        log.close();
    }

    private OffsetForLeaderEpochResponse.PartitionResponse ask(String topic, int partition, int current, int epoch) {
        OffsetForLeaderEpochHandler h = new OffsetForLeaderEpochHandler(
                (t, p) -> t.equals("t") && p == 0 ? log : null, (t, p) -> nodeEpoch);
        OffsetForLeaderEpochResponse r = h.handle(new OffsetForLeaderEpochRequest(2, List.of(
                new OffsetForLeaderEpochRequest.TopicData(topic, List.of(
                        new OffsetForLeaderEpochRequest.PartitionData(partition, current, epoch))))));
        assertEquals(topic, r.topics().get(0).name());
        return r.topics().get(0).partitions().get(0);
    }

    @Test
    void answersWhereTheEpochEnded() {
        assertEquals(new OffsetForLeaderEpochResponse.PartitionResponse(ErrorCode.NONE, 0, 4, 5), ask("t", 0, 4, 4));
        assertEquals(new OffsetForLeaderEpochResponse.PartitionResponse(ErrorCode.NONE, 0, 2, 3), ask("t", 0, 4, 2));
        assertEquals(new OffsetForLeaderEpochResponse.PartitionResponse(ErrorCode.NONE, 0, 2, 3), ask("t", 0, -1, 3),
                "largest epoch <= 3 is 2; current epoch -1 is not checked");
        assertEquals(new OffsetForLeaderEpochResponse.PartitionResponse(ErrorCode.NONE, 0, -1, -1), ask("t", 0, 4, 7),
                "a future epoch is undefined");
    }

    @Test
    void errorsComeInOrder() {
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ask("u", 0, 4, 4).error());
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ask("t", 1, 4, 4).error());
        assertEquals(ErrorCode.FENCED_LEADER_EPOCH, ask("t", 0, 3, 3).error());
        assertEquals(ErrorCode.UNKNOWN_LEADER_EPOCH, ask("t", 0, 5, 4).error());
        assertEquals(OffsetForLeaderEpochResponse.PartitionResponse.failed(ErrorCode.FENCED_LEADER_EPOCH, 0),
                ask("t", 0, 3, 3));
        nodeEpoch = OffsetForLeaderEpochHandler.NOT_LEADER;
        assertEquals(ErrorCode.NOT_LEADER_OR_FOLLOWER, ask("t", 0, 4, 4).error());
    }

    @Test
    void forLogsLeadsEveryLogAtItsLatestEpoch() {
        OffsetForLeaderEpochHandler h = OffsetForLeaderEpochHandler.forLogs((t, p) -> t.equals("t") ? log : null);
        OffsetForLeaderEpochResponse r = h.handle(new OffsetForLeaderEpochRequest(2, List.of(
                new OffsetForLeaderEpochRequest.TopicData("t", List.of(
                        new OffsetForLeaderEpochRequest.PartitionData(0, 4, 0),
                        new OffsetForLeaderEpochRequest.PartitionData(0, 3, 0))),
                new OffsetForLeaderEpochRequest.TopicData("x", List.of(
                        new OffsetForLeaderEpochRequest.PartitionData(0, -1, 0))))));
        assertEquals(new OffsetForLeaderEpochResponse.PartitionResponse(ErrorCode.NONE, 0, 0, 2),
                r.topics().get(0).partitions().get(0));
        assertEquals(ErrorCode.FENCED_LEADER_EPOCH, r.topics().get(0).partitions().get(1).error());
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, r.topics().get(1).partitions().get(0).error());
    }
}
