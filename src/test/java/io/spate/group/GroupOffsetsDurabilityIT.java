package io.spate.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.protocol.ApiKey;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.OffsetCommitRequest;
import io.spate.protocol.OffsetCommitResponse;
import io.spate.protocol.OffsetFetchRequest;
import io.spate.protocol.OffsetFetchResponse;
import io.spate.testing.NodeProcess;
import io.spate.testing.RawConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Process-level: committed offsets are records of {@code __consumer_offsets}, so they survive a
 * clean restart and a SIGKILL of the fat jar, and the coordinator rebuilds them on start.
 */
@Timeout(180)
class GroupOffsetsDurabilityIT {
    static final String TOPIC = "orders";
    static final int PARTITIONS = 4;
    static final int GROUPS = 20;

    @TempDir
    Path dataDir;

    @Test
    void committedOffsetsSurviveCleanRestartAndKillDashNine() throws Exception {
        Map<String, Map<Integer, Long>> expected = new TreeMap<>();
        try (NodeProcess node = NodeProcess.start(dataDir)) {
            try (RawConnection c = new RawConnection(node.port())) {
                RawConnection.Response created = c.call(ApiKey.CREATE_TOPICS, new CreateTopicsRequest(List.of(
                        new CreateTopicsRequest.Topic(TOPIC, PARTITIONS, (short) 1, List.of())), 30_000, false));
                assertEquals(ErrorCode.NONE, created.header().error());
                // several commits per group: only the last one per partition may come back
                for (int round = 0; round < 5; round++) {
                    for (int g = 0; g < GROUPS; g++) {
                        commit(c, "group-" + g, round, expected);
                    }
                }
            }
            assertEquals(0, node.terminate(), "clean stop");
        }
        try (NodeProcess node = NodeProcess.start(dataDir)) {
            try (RawConnection c = new RawConnection(node.port())) {
                assertAllCommitted(c, expected);
                for (int g = 0; g < GROUPS; g++) {
                    commit(c, "group-" + g, 100, expected);
                }
            }
            node.kill9();
        }
        try (NodeProcess node = NodeProcess.start(dataDir)) {
            try (RawConnection c = new RawConnection(node.port())) {
                assertAllCommitted(c, expected);
            }
        }
    }

    private static void commit(RawConnection c, String group, int round, Map<String, Map<Integer, Long>> expected) {
        List<OffsetCommitRequest.Partition> parts = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            long offset = round * 1000L + group.hashCode() % 100 + p;
            parts.add(new OffsetCommitRequest.Partition(p, Math.abs(offset), -1, "round " + round));
        }
        RawConnection.Response r = c.call(ApiKey.OFFSET_COMMIT, new OffsetCommitRequest(group,
                OffsetCommitRequest.NO_GENERATION, "", null, List.of(new OffsetCommitRequest.Topic(TOPIC, parts))));
        assertEquals(ErrorCode.NONE, r.header().error());
        OffsetCommitResponse resp = OffsetCommitResponse.readFrom(r.body());
        for (OffsetCommitResponse.Partition p : resp.topics().get(0).partitions()) {
            assertEquals(ErrorCode.NONE, p.error(), group + " partition " + p.partition() + ": " + p.errorMessage());
        }
        // acknowledged: from here on the commit must never be lost
        Map<Integer, Long> offsets = expected.computeIfAbsent(group, k -> new TreeMap<>());
        parts.forEach(p -> offsets.put(p.partition(), p.committedOffset()));
    }

    private static void assertAllCommitted(RawConnection c, Map<String, Map<Integer, Long>> expected) {
        expected.forEach((group, offsets) -> {
            RawConnection.Response r = c.call(ApiKey.OFFSET_FETCH, OffsetFetchRequest.allPartitions(group));
            assertEquals(ErrorCode.NONE, r.header().error());
            OffsetFetchResponse resp = OffsetFetchResponse.readFrom(r.body());
            assertEquals(ErrorCode.NONE, resp.error(), group + ": " + resp.errorMessage());
            Map<Integer, Long> actual = new TreeMap<>();
            resp.topics().forEach(t -> t.partitions().forEach(p -> actual.put(p.partition(), p.committedOffset())));
            assertEquals(offsets, actual, "committed offsets of " + group);
        });
    }
}
