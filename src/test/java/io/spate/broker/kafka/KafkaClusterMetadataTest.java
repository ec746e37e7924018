package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.node.SpateNode;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.testing.Eventually;
import io.spate.testing.TestCluster;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka answers on a cluster (issue 17): three in-process nodes, two of them with a Kafka listener.
 * Each of the two names both Kafka listeners (never a native port, never the node without one) in
 * Metadata; the partition led by the node without a Kafka listener has no leader for Kafka clients
 * (LISTENER_NOT_FOUND from v6, LEADER_NOT_AVAILABLE before, that node an offline replica), as Kafka
 * answers for a broker without the request's listener; the controller named is always a Kafka node
 * (kafka-clients' Admin sends CreateTopics there); kafka-clients 4.1.1 produces through one node and
 * reads back through the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class KafkaClusterMetadataTest {
    private static final String TOPIC = "spread";
    private TestCluster cluster;

    @BeforeAll
    void start(@TempDir Path root) throws Exception {
        cluster = new TestCluster(root, 3).withKafkaListeners(0, 1).startAll();
        try (Admin admin = Admin.create(props(cluster.node(0).kafkaAddress()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get();
        }
        // every partition led, every node live on both Kafka nodes
        Eventually.eventually(Duration.ofSeconds(60), "leaders for every partition and three live nodes", () -> {
            for (int slot = 0; slot < 2; slot++) {
                SpateNode n = cluster.node(slot);
                TopicState t = n.clusterMetadata().orElseThrow().current().topic(TOPIC);
                if (t == null || t.partitions().stream().anyMatch(p -> p.leader() == PartitionState.NO_LEADER)
                        || n.membership().orElseThrow().liveNodes().size() != 3) {
                    return false;
                }
            }
            return true;
        });
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyKafkaNodeNamesEveryLiveKafkaListenerAndLeavesOutTheNodeWithout() throws Exception {
        Map<Integer, String> expected = new TreeMap<>();
        for (int slot = 0; slot < 2; slot++) {
            expected.put(cluster.node(slot).nodeId(), cluster.node(slot).kafkaAddress());
        }
        int withoutKafka = cluster.node(2).nodeId();
        List<PartitionState> partitions = cluster.node(0).clusterMetadata().orElseThrow().current().topic(TOPIC).partitions();
        for (int slot = 0; slot < 2; slot++) {
            String address = cluster.node(slot).kafkaAddress();
            for (short version : new short[] {12, 5, 1, 0}) {
                MetadataResponseData r = metadata(address, version);
                Map<Integer, String> brokers = new TreeMap<>();
                r.brokers().forEach(b -> brokers.put(b.nodeId(), b.host() + ":" + b.port()));
                assertEquals(expected, brokers, "v" + version + " from " + address);
                if (version >= 1) { // admin requests go to the controller named: one that Kafka clients reach
                    assertTrue(expected.containsKey(r.controllerId()), "controller " + r.controllerId() + ", v" + version);
                }
                MetadataResponseData.MetadataResponseTopic t = r.topics().find(TOPIC);
                assertEquals(3, t.partitions().size());
                for (MetadataResponseData.MetadataResponsePartition p : t.partitions()) {
                    PartitionState s = partitions.get(p.partitionIndex());
                    String where = "v" + version + " partition " + p.partitionIndex() + " led by " + s.leader();
                    if (s.leader() == withoutKafka) {
                        assertEquals(-1, p.leaderId(), where);
                        assertEquals(version >= 6 ? Errors.LISTENER_NOT_FOUND.code() : Errors.LEADER_NOT_AVAILABLE.code(),
                                p.errorCode(), where);
                    } else {
                        assertEquals(s.leader(), p.leaderId(), where);
                        assertEquals(version == 0 ? Errors.REPLICA_NOT_AVAILABLE.code() : Errors.NONE.code(), p.errorCode(), where);
                    }
                    if (version == 0) { // v0 lists only the replicas clients can reach
                        assertEquals(s.replicas().stream().filter(id -> id != withoutKafka).toList(), p.replicaNodes(), where);
                    } else {
                        assertEquals(s.replicas(), p.replicaNodes(), where);
                    }
                    if (version >= 5) {
                        assertEquals(List.of(withoutKafka), p.offlineReplicas(), where);
                    }
                }
            }
        }
    }

    @Test
    void kafkaClientsProduceThroughOneNodeAndReadThroughTheOther() throws Exception {
        List<Integer> reachable = new ArrayList<>();
        List<PartitionState> partitions = cluster.node(0).clusterMetadata().orElseThrow().current().topic(TOPIC).partitions();
        for (int p = 0; p < partitions.size(); p++) {
            if (partitions.get(p).leader() != cluster.node(2).nodeId()) {
                reachable.add(p);
            }
        }
        assertEquals(2, reachable.size(), "leaders are spread over the three nodes: " + partitions);
        Properties pp = props(cluster.node(0).kafkaAddress());
        pp.put("key.serializer", StringSerializer.class.getName());
        pp.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(TOPIC, reachable.get(i % 2), "k" + i, "v" + i)).get();
            }
        }
        Properties cp = props(cluster.node(1).kafkaAddress());
        cp.put("key.deserializer", StringDeserializer.class.getName());
        cp.put("value.deserializer", StringDeserializer.class.getName());
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            List<TopicPartition> tps = reachable.stream().map(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (read.size() < 100 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    read.add(r.value());
                }
            }
        }
        assertEquals(100, read.size(), "read " + read);
        for (int i = 0; i < 100; i++) {
            assertTrue(read.contains("v" + i), "v" + i);
        }
    }

    private static Properties props(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        return p;
    }

    /** One Metadata request for {@link #TOPIC} in {@code version}, over a socket of its own. */
    private static MetadataResponseData metadata(String address, short version) throws IOException {
        int colon = address.lastIndexOf(':');
        MetadataRequestData data = new MetadataRequestData().setAllowAutoTopicCreation(version < 4); // before v4: always true
        data.topics().add(new MetadataRequestData.MetadataRequestTopic().setName(TOPIC));
        MetadataRequest request = new MetadataRequest(data, version);
        RequestHeader header = new RequestHeader(ApiKeys.METADATA, version, "raw", 7);
        try (Socket s = new Socket(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)))) {
            s.setSoTimeout(30_000);
            ByteBuffer out = request.serializeWithHeader(header);
            DataOutputStream w = new DataOutputStream(s.getOutputStream());
            w.writeInt(out.remaining());
            w.write(out.array(), out.arrayOffset() + out.position(), out.remaining());
            w.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            AbstractResponse response = AbstractResponse.parseResponse(ByteBuffer.wrap(body), header);
            return ((MetadataResponse) response).data();
        }
    }
}
