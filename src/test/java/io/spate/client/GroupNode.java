package io.spate.client;

import io.spate.broker.node.SpateNode;
import io.spate.testing.TestNode;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node tuned for group tests (no initial rebalance delay, session timeouts from 1 s) with an
 * admin and a producer, and the consumer settings group tests start from.
 */
final class GroupNode implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final SpateNode node;
    final SpateAdmin admin;
    final SpateProducer producer;

    GroupNode(Path dataDir) {
        node = TestNode.start(dataDir, "group.initial.rebalance.delay.ms=0", "group.min.session.timeout.ms=1000");
        admin = SpateAdmin.create(new AdminConfig().setBootstrapServers(node.address()));
        producer = SpateProducer.create(new ProducerConfig().setBootstrapServers(node.address()).setLingerMs(0));
    }

    /** Fast group settings: 3 s session, 200 ms heartbeats, 200 ms auto-commit, earliest reset. */
    ConsumerConfig config(String group) {
        return new ConsumerConfig().setBootstrapServers(node.address()).setGroupId(group)
                .setSessionTimeoutMs(3_000).setHeartbeatIntervalMs(200).setMaxPollIntervalMs(10_000)
                .setAutoCommitIntervalMs(200).setAutoOffsetReset(OffsetResetStrategy.EARLIEST)
                .setFetchMaxWaitMs(100).setRetryBackoffMs(20).setRetryBackoffMaxMs(200).setRequestTimeoutMs(5_000);
    }

    void createTopic(String topic, int partitions) {
        Blocking.await(admin.createTopic(topic, partitions, Map.of()), WAIT);
    }

    /** Sends "prefix-0".."prefix-(n-1)" spread over the partitions round robin; waits for all acks. */
    void produce(String topic, int partitions, String prefix, int n) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(producer.send(new ProducerRecord(topic, i % partitions, null,
                    (prefix + "-" + i).getBytes(StandardCharsets.UTF_8))));
        }
        Blocking.await(producer.flush(), WAIT);
        sent.forEach(f -> Blocking.await(f, WAIT));
    }

    @Override
    public void close() {
        Blocking.await(producer.close(), WAIT);
        Blocking.await(admin.close(), WAIT);
        TestNode.stop(node);
    }
}
