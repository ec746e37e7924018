package io.spate.client;

import io.spate.protocol.TopicPartition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.protocol.ApiKey;
import io.spate.protocol.CreatePartitionsRequest;
import io.spate.protocol.CreatePartitionsResponse;
import io.spate.protocol.CreateTopicsRequest;
import io.spate.protocol.CreateTopicsResponse;
import io.spate.protocol.DeleteTopicsRequest;
import io.spate.protocol.DeleteTopicsResponse;
import io.spate.protocol.DescribeConfigsRequest;
import io.spate.protocol.DescribeConfigsResponse;
import io.spate.protocol.DescribeLogDirsResponse;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.IncrementalAlterConfigsRequest;
import io.spate.protocol.IncrementalAlterConfigsResponse;
import io.spate.protocol.SpateException;
import io.spate.protocol.TopicResult;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(60)
class SpateAdminTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private FakeBroker broker;
    private SpateAdmin admin;

    @BeforeEach
    void start(Vertx vertx) {
        broker = FakeBroker.start(vertx, 1).topic("t", 2);
        broker.on(ApiKey.CREATE_TOPICS, r -> {
            CreateTopicsRequest req = CreateTopicsRequest.readFrom(r.body.duplicate());
            r.respond(new CreateTopicsResponse(req.topics().stream().map(t -> {
                if (broker.topics.putIfAbsent(t.name(), Math.max(1, t.numPartitions())) != null) {
                    return new TopicResult(t.name(), ErrorCode.TOPIC_ALREADY_EXISTS, "topic " + t.name() + " exists");
                }
                return TopicResult.ok(t.name());
            }).toList()));
        });
        broker.on(ApiKey.DELETE_TOPICS, r -> {
            DeleteTopicsRequest req = DeleteTopicsRequest.readFrom(r.body.duplicate());
            r.respond(new DeleteTopicsResponse(req.names().stream().map(n -> broker.topics.remove(n) == null
                    ? new TopicResult(n, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "no topic " + n)
                    : TopicResult.ok(n)).toList()));
        });
        broker.on(ApiKey.DESCRIBE_CONFIGS, r -> {
            DescribeConfigsRequest req = DescribeConfigsRequest.readFrom(r.body.duplicate());
            r.respond(new DescribeConfigsResponse(req.topics().stream().map(n -> new DescribeConfigsResponse.TopicConfigs(
                    n, ErrorCode.NONE, null, List.of(
                    new DescribeConfigsResponse.ConfigEntry("retention.ms", "1000", false),
                    new DescribeConfigsResponse.ConfigEntry("segment.bytes", "1073741824", true)))).toList()));
        });
        broker.on(ApiKey.DESCRIBE_LOG_DIRS, r -> r.respond(new DescribeLogDirsResponse(List.of(
                new DescribeLogDirsResponse.TopicLogs("t", ErrorCode.NONE, null, List.of(
                        new DescribeLogDirsResponse.PartitionLog(0, ErrorCode.NONE, 3, 10, 9, 4096, 2),
                        new DescribeLogDirsResponse.PartitionLog(1, ErrorCode.NONE, 0, 0, 0, 0, 1)))))));
        admin = SpateAdmin.create(vertx, new AdminConfig().setBootstrapServers(broker.address())
                .setRetryBackoffMs(10).setRetryBackoffMaxMs(50).setDefaultApiTimeoutMs(10_000));
    }

    @AfterEach
    void stop() {
        Blocking.await(admin.close(), WAIT);
    }

    @Test
    void createdTopicIsListed() {
        Blocking.await(admin.createTopic("new", 3, Map.of("retention.ms", "5")), WAIT);
        CreateTopicsRequest req = CreateTopicsRequest.readFrom(broker.requests(ApiKey.CREATE_TOPICS).get(0).body.duplicate());
        assertEquals(new CreateTopicsRequest.Topic("new", 3, (short) -1,
                List.of(new CreateTopicsRequest.Config("retention.ms", "5"))), req.topics().get(0));
        assertEquals(List.of("new", "t"), Blocking.await(admin.listTopics(), WAIT));
    }

    @Test
    void existingTopicFailsWithTheBrokersErrorAndMessage() {
        SpateException e = assertThrows(SpateException.class,
                () -> Blocking.await(admin.createTopic("t", 1, Map.of()), WAIT));
        assertEquals(ErrorCode.TOPIC_ALREADY_EXISTS, e.error());
        assertTrue(e.getMessage().contains("topic t exists"), e.getMessage());
        assertEquals(1, broker.requests(ApiKey.CREATE_TOPICS).size(), "an answer, not retried");
    }

    @Test
    void deletingAnUnknownTopicFailsAtOnce() {
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(admin.deleteTopic("zz"), WAIT));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, e.error());
        assertEquals(1, broker.requests(ApiKey.DELETE_TOPICS).size());
        Blocking.await(admin.deleteTopic("t"), WAIT);
        assertEquals(List.of(), Blocking.await(admin.listTopics(), WAIT));
    }

    @Test
    void movedControllerIsRetried() {
        AtomicInteger moved = new AtomicInteger(2);
        broker.on(ApiKey.CREATE_PARTITIONS, r -> {
            CreatePartitionsRequest req = CreatePartitionsRequest.readFrom(r.body.duplicate());
            ErrorCode e = moved.getAndDecrement() > 0 ? ErrorCode.NOT_CONTROLLER : ErrorCode.NONE;
            r.respond(new CreatePartitionsResponse(List.of(new TopicResult(req.topics().get(0).name(), e, null))));
        });
        Blocking.await(admin.createPartitions("t", 4), WAIT);
        assertEquals(3, broker.requests(ApiKey.CREATE_PARTITIONS).size());
        CreatePartitionsRequest req = CreatePartitionsRequest.readFrom(
                broker.requests(ApiKey.CREATE_PARTITIONS).get(2).body.duplicate());
        assertEquals(4, req.topics().get(0).count());
    }

    @Test
    void alterConfigsSendsSetsAndDeletes() {
        broker.on(ApiKey.INCREMENTAL_ALTER_CONFIGS, r -> r.respond(new IncrementalAlterConfigsResponse(
                List.of(TopicResult.ok("t")))));
        Blocking.await(admin.alterConfigs("t", Map.of("retention.ms", "7"), Set.of("segment.ms")), WAIT);
        IncrementalAlterConfigsRequest req = IncrementalAlterConfigsRequest.readFrom(
                broker.requests(ApiKey.INCREMENTAL_ALTER_CONFIGS).get(0).body.duplicate());
        assertEquals(List.of(
                new IncrementalAlterConfigsRequest.Op("retention.ms", IncrementalAlterConfigsRequest.OpType.SET, "7"),
                new IncrementalAlterConfigsRequest.Op("segment.ms", IncrementalAlterConfigsRequest.OpType.DELETE, null)),
                req.topics().get(0).ops());
    }

    @Test
    void describeTopicMergesLeadersLogStateAndConfigs() {
        TopicDescription d = Blocking.await(admin.describeTopic("t"), WAIT);
        assertEquals(2, d.partitions().size());
        PartitionInfo p0 = d.partitions().get(0);
        assertEquals(1, p0.leader());
        assertEquals(3, p0.logStartOffset());
        assertEquals(10, p0.logEndOffset());
        assertEquals(9, p0.highWatermark());
        assertEquals(4096, p0.sizeBytes());
        assertEquals(2, p0.segmentCount());
        assertEquals(new TopicConfigEntry("retention.ms", "1000", false), d.configs().get("retention.ms"));
        assertTrue(d.configs().get("segment.bytes").isDefault());
    }

    @Test
    void describingAnUnknownTopicFails() {
        SpateException e = assertThrows(SpateException.class, () -> Blocking.await(admin.describeTopic("nope"), WAIT));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, e.error());
    }

    @Test
    void describeClusterListsNodesAndController() {
        ClusterDescription c = Blocking.await(admin.describeCluster(), WAIT);
        assertEquals(1, c.controllerId());
        assertEquals("fake-cluster", c.clusterId());
        assertEquals(List.of(new Node(1, "127.0.0.1", broker.port(), null)), c.nodes());
    }

    @Test
    void listOffsetsResolvesEarliestLatestAndTimes() {
        TopicPartition tp = new TopicPartition("t", 0);
        broker.append(tp, SpateConsumerTest.batch(0, 3));
        Map<TopicPartition, OffsetAndTimestamp> r = Blocking.await(admin.listOffsets(Map.of(tp, SpateAdmin.LATEST)), WAIT);
        assertEquals(3, r.get(tp).offset());
        r = Blocking.await(admin.listOffsets(Map.of(tp, SpateAdmin.EARLIEST)), WAIT);
        assertEquals(0, r.get(tp).offset());
        r = Blocking.await(admin.listOffsets(Map.of(tp, 1_000L)), WAIT);
        assertEquals(new OffsetAndTimestamp(1, 1_000), r.get(tp));
    }

    @Test
    void closedAdminRefusesCalls() {
        SpateAdmin own = SpateAdmin.create(new AdminConfig().setBootstrapServers(broker.address()));
        assertEquals(List.of("t"), Blocking.await(own.listTopics(), WAIT));
        Blocking.await(own.close(), WAIT);
        assertThrows(IllegalStateException.class, () -> Blocking.await(own.listTopics(), WAIT));
        Blocking.await(own.close(), WAIT);
    }

    @Test
    void describeConfigsByName() {
        Map<String, TopicConfigEntry> c = Blocking.await(admin.describeConfigs("t"), WAIT);
        assertEquals("1000", c.get("retention.ms").value());
    }
}
