package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-clients 4.1.1's Admin against a node's Kafka listener: topic and node configs described and
 * altered, the cluster and the node's log dir described, with the errors Kafka gives for bad requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KafkaAdminConfigsTest {
    private static final String NODE_RETENTION_BYTES = "987654321";

    private KafkaCompat.Target target;
    private Admin admin;
    private Path dataDir;

    @BeforeAll
    void start(@TempDir Path dir) {
        dataDir = dir;
        target = KafkaCompat.start(dir, "auto.create.topics.enable=false", "log.retention.bytes=" + NODE_RETENTION_BYTES);
        Properties p = new Properties();
        p.put("bootstrap.servers", target.bootstrap());
        p.put("default.api.timeout.ms", "30000");
        admin = Admin.create(p);
    }

    @AfterAll
    void stop() {
        if (admin != null) {
            admin.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Throwable failure(Call call) {
        return assertThrows(ExecutionException.class, call::run).getCause();
    }

    private Node node() throws Exception {
        return admin.describeCluster().nodes().get().iterator().next();
    }

    private Config topicConfig(String topic) throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(r), new DescribeConfigsOptions().includeSynonyms(true)
                .includeDocumentation(true)).all().get().get(r);
    }

    private void alter(String topic, AlterConfigOp... ops) throws Exception {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(ops))).all().get();
    }

    @Test
    void topicConfigsShowTheirSourcesSynonymsTypesAndDocs() throws Exception {
        admin.createTopics(List.of(new NewTopic("described", 1, (short) 1).configs(Map.of("retention.ms", "120000"))))
                .all().get();
        Config c = topicConfig("described");
        ConfigEntry retention = c.get("retention.ms");
        assertEquals("120000", retention.value());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, retention.source());
        assertEquals(ConfigEntry.ConfigType.LONG, retention.type());
        assertTrue(retention.documentation() != null && !retention.documentation().isBlank());
        assertEquals(List.of(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, ConfigEntry.ConfigSource.DEFAULT_CONFIG),
                retention.synonyms().stream().map(ConfigEntry.ConfigSynonym::source).toList());
        assertEquals("log.retention.ms", retention.synonyms().get(1).name());
        assertEquals("604800000", retention.synonyms().get(1).value());
        // the node's own topic default (log.retention.bytes set at start)
        ConfigEntry bytes = c.get("retention.bytes");
        assertEquals(NODE_RETENTION_BYTES, bytes.value());
        assertEquals(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG, bytes.source());
        assertEquals("log.retention.bytes", bytes.synonyms().get(0).name());
        assertEquals(ConfigEntry.ConfigType.LIST, c.get("cleanup.policy").type());
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, c.get("segment.bytes").source());
        assertTrue(c.entries().stream().noneMatch(ConfigEntry::isReadOnly));

        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "described");
        Config only = admin.describeConfigs(List.of(r)).all().get().get(r);
        assertTrue(only.entries().size() > 10 && only.get("retention.ms").synonyms().isEmpty());
        ConfigResource unknown = new ConfigResource(ConfigResource.Type.TOPIC, "no-such-topic");
        assertInstanceOf(UnknownTopicOrPartitionException.class,
                failure(() -> admin.describeConfigs(List.of(unknown)).all().get()));
    }

    @Test
    void theNodesConfigIsDescribedReadOnly() throws Exception {
        ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, node().idString());
        Config c = admin.describeConfigs(List.of(r), new DescribeConfigsOptions().includeSynonyms(true)).all().get().get(r);
        assertTrue(c.entries().stream().allMatch(ConfigEntry::isReadOnly));
        assertEquals(dataDir.toString(), Path.of(c.get("data.dir").value()).toString());
        ConfigEntry port = c.get("kafka.listener.port"); // set by the test fixture: 0, an ephemeral port
        assertEquals("0", port.value());
        assertEquals(ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG, port.source());
        assertEquals(ConfigEntry.ConfigType.INT, port.type());
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, c.get("max.connections").source());
        assertEquals(NODE_RETENTION_BYTES, c.get("log.retention.bytes").value());
        ConfigResource defaults = new ConfigResource(ConfigResource.Type.BROKER, "");
        assertTrue(admin.describeConfigs(List.of(defaults)).all().get().get(defaults).entries().isEmpty());
    }

    @Test
    void incrementalAlterConfigsSetsDeletesAppendsAndSubtracts() throws Exception {
        admin.createTopics(List.of(new NewTopic("altered", 1, (short) 1))).all().get();
        alter("altered", new AlterConfigOp(new ConfigEntry("retention.ms", "5000"), AlterConfigOp.OpType.SET));
        assertEquals("5000", topicConfig("altered").get("retention.ms").value());
        alter("altered", new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND));
        assertEquals("delete,compact", topicConfig("altered").get("cleanup.policy").value());
        alter("altered", new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT));
        assertEquals("compact", topicConfig("altered").get("cleanup.policy").value());
        alter("altered", new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE));
        ConfigEntry back = topicConfig("altered").get("retention.ms");
        assertEquals("604800000", back.value());
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, back.source());

        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "altered"),
                List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "7000"), AlterConfigOp.OpType.SET))),
                new AlterConfigsOptions().validateOnly(true)).all().get();
        assertEquals("604800000", topicConfig("altered").get("retention.ms").value());
    }

    @Test
    void badConfigChangesAreRefusedAndChangeNothing() throws Exception {
        admin.createTopics(List.of(new NewTopic("guarded", 1, (short) 1))).all().get();
        assertInstanceOf(InvalidConfigurationException.class, failure(() -> alter("guarded",
                new AlterConfigOp(new ConfigEntry("segment.ms", "1000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET))));
        assertInstanceOf(InvalidConfigurationException.class, failure(() -> alter("guarded",
                new AlterConfigOp(new ConfigEntry("no.such.config", "1"), AlterConfigOp.OpType.SET))));
        assertInstanceOf(InvalidConfigurationException.class, failure(() -> alter("guarded",
                new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.APPEND))));
        assertInstanceOf(UnknownTopicOrPartitionException.class, failure(() -> alter("no-such-topic",
                new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET))));
        Config c = topicConfig("guarded");
        assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, c.get("segment.ms").source());
        assertEquals("604800000", c.get("retention.ms").value());

        ConfigResource self = new ConfigResource(ConfigResource.Type.BROKER, node().idString());
        Throwable refused = failure(() -> admin.incrementalAlterConfigs(Map.of(self, List.of(new AlterConfigOp(
                new ConfigEntry("max.connections", "5"), AlterConfigOp.OpType.SET)))).all().get());
        assertInstanceOf(InvalidRequestException.class, refused);
        assertTrue(refused.getMessage().contains("static"), refused.getMessage());
    }

    @Test
    void describeClusterNamesTheNodeByItsKafkaListener() throws Exception {
        DescribeClusterResult r = admin.describeCluster();
        Collection<Node> nodes = r.nodes().get();
        assertEquals(1, nodes.size());
        Node n = nodes.iterator().next();
        assertEquals(target.bootstrap(), n.host() + ":" + n.port());
        assertEquals(n.id(), r.controller().get().id());
        assertNotNull(r.clusterId().get());
        assertEquals(target.node().kafkaPort(), n.port());
    }

    @Test
    void describeLogDirsShowsTheDataDirAndItsPartitions() throws Exception {
        admin.createTopics(List.of(new NewTopic("sized", 2, (short) 1))).all().get();
        Properties pp = new Properties();
        pp.put("bootstrap.servers", target.bootstrap());
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("sized", 1, "k", "value-" + i)).get();
            }
        }
        int id = node().id();
        Map<String, LogDirDescription> dirs = admin.describeLogDirs(List.of(id)).allDescriptions().get().get(id);
        assertEquals(1, dirs.size());
        Map.Entry<String, LogDirDescription> dir = dirs.entrySet().iterator().next();
        assertEquals(dataDir.toAbsolutePath().toString(), dir.getKey());
        assertTrue(dir.getValue().totalBytes().orElse(0) > 0);
        ReplicaInfo p1 = dir.getValue().replicaInfos().get(new TopicPartition("sized", 1));
        ReplicaInfo p0 = dir.getValue().replicaInfos().get(new TopicPartition("sized", 0));
        assertTrue(p1.size() > 0, "partition 1 holds 20 records");
        assertEquals(0, p0.size());
        assertEquals(0, p1.offsetLag());
    }
}
