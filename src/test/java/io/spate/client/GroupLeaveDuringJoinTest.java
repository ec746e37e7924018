package io.spate.client;

import static io.spate.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.testing.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer closed while its first join is still held by the coordinator (the group's initial
 * rebalance delay, 3 s by default) leaves the group: it has a member id by then (from
 * MEMBER_ID_REQUIRED), and without a LeaveGroup the coordinator would keep it, make it the leader of
 * the next generation and stall the group until its session expired (seen with `spate consume
 * --group G --timeout-ms 1000`: the next consumer of the group got nothing for about a minute).
 */
@Timeout(60)
class GroupLeaveDuringJoinTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aConsumerClosedDuringItsFirstJoinLeavesTheGroup() {
        SpateNode node = TestNode.start(dataDir, "group.initial.rebalance.delay.ms=3000");
        SpateAdmin admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        try {
            Blocking.await(admin.createTopic("held", 1, Map.of()), WAIT);
            // a session far longer than the wait below: only a LeaveGroup can empty the group in time
            SpateConsumer consumer = SpateConsumer.create(new ConsumerConfig().setBootstrapServers(node.address())
                    .setGroupId("held-group").setSessionTimeoutMs(60_000).setMaxPollIntervalMs(60_000));
            consumer.subscribe(List.of("held"));
            eventually(WAIT, "the consumer is a member of the forming group", () -> {
                consumer.poll(Duration.ofMillis(50));
                return members(admin) == 1;
            });
            Blocking.await(consumer.close(), WAIT);
            eventually(Duration.ofSeconds(10), "the closed consumer left the group", () -> members(admin) == 0);
            assertTrue(Blocking.await(admin.describeGroups(List.of("held-group")), WAIT).get("held-group")
                    .members().isEmpty());
        } finally {
            Blocking.await(admin.close(), WAIT);
            TestNode.stop(node);
        }
    }

    private static int members(SpateAdmin admin) {
        GroupDescription g = Blocking.await(admin.describeGroups(List.of("held-group")), WAIT).get("held-group");
        return g == null ? 0 : g.members().size();
    }
}
