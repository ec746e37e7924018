package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spate.broker.core.Broker;
import io.spate.broker.core.QuorumDescription;
import io.spate.broker.core.TopicDirectory;
import io.spate.cluster.NodeRecord;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.common.Time;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Metadata on a cluster where not every node can be reached by Kafka clients, as Kafka's metadata
 * cache answers: live nodes 1, 2, 3 of which 1 and 2 run a Kafka listener, the controller node 3.
 * Only 1 and 2 are named; node 3 is no controller and no leader to Kafka clients; a leader that is
 * not live at all (4) is LEADER_NOT_AVAILABLE in every version.
 */
class MetadataApisClusterTest {
    private static final List<Integer> REPLICAS = List.of(1, 2, 3);
    private static final TopicState TOPIC = new TopicState("t", io.spate.common.TopicId.random(), Map.of(), List.of(
            new PartitionState(REPLICAS, 1, 5, REPLICAS),
            new PartitionState(List.of(3, 1, 2), 3, 6, List.of(3, 1)),
            new PartitionState(List.of(4, 1, 2), 4, 7, List.of(4)),
            new PartitionState(REPLICAS, PartitionState.NO_LEADER, 8, List.of(1))));

    private final TopicDirectory directory = new TopicDirectory() {
        @Override
        public String clusterId() {
            return "c";
        }

        @Override
        public List<NodeRecord> liveNodes() {
            return List.of(1, 2, 3).stream().map(id -> new NodeRecord(id, "m" + id, "10.0.0." + id, 7090, null, "i" + id))
                    .toList();
        }

        @Override
        public int controllerId() {
            return 3;
        }

        @Override
        public List<String> topicNames() {
            return List.of("t");
        }

        @Override
        public TopicState topic(String name) {
            return name.equals("t") ? TOPIC : null;
        }

        @Override
        public Future<QuorumDescription> describeQuorum() {
            return Future.failedFuture(new UnsupportedOperationException());
        }
    };

    private final MetadataApis apis = new MetadataApis(new Broker(false, null, null, directory, Time.SYSTEM, null),
            () -> List.of(new KafkaNode(1, "k1", 9091, null), new KafkaNode(2, "k2", 9092, null)), new KafkaApis());

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 5, 6, 12})
    void onlyNodesKafkaClientsReachAreNamed(short version) {
        MetadataResponseData r = metadata(version);
        assertEquals(List.of(1, 2), r.brokers().stream().map(MetadataResponseData.MetadataResponseBroker::nodeId).sorted().toList());
        if (version >= 1) {
            assertEquals(1, r.controllerId(), "a reachable node stands in for controller 3");
        }
        List<MetadataResponseData.MetadataResponsePartition> ps = r.topics().find("t").partitions();
        // led by 1: served (v0 lists only reachable replicas, and says some are missing)
        assertEquals(1, ps.get(0).leaderId());
        assertEquals(version == 0 ? Errors.REPLICA_NOT_AVAILABLE.code() : Errors.NONE.code(), ps.get(0).errorCode());
        assertEquals(version == 0 ? List.of(1, 2) : REPLICAS, ps.get(0).replicaNodes());
        assertEquals(version == 0 ? List.of(1, 2) : REPLICAS, ps.get(0).isrNodes());
        // led by 3, live without a Kafka listener
        assertEquals(-1, ps.get(1).leaderId());
        assertEquals(6, ps.get(1).leaderEpoch());
        assertEquals(version >= 6 ? Errors.LISTENER_NOT_FOUND.code() : Errors.LEADER_NOT_AVAILABLE.code(), ps.get(1).errorCode());
        // led by 4, not live
        assertEquals(-1, ps.get(2).leaderId());
        assertEquals(Errors.LEADER_NOT_AVAILABLE.code(), ps.get(2).errorCode());
        // no leader
        assertEquals(-1, ps.get(3).leaderId());
        assertEquals(Errors.LEADER_NOT_AVAILABLE.code(), ps.get(3).errorCode());
        if (version >= 5) {
            assertEquals(List.of(3), ps.get(0).offlineReplicas());
            assertEquals(List.of(4), ps.get(2).offlineReplicas());
        }
    }

    private MetadataResponseData metadata(short version) {
        MetadataRequestData data = new MetadataRequestData().setAllowAutoTopicCreation(version < 4);
        data.topics().add(new MetadataRequestData.MetadataRequestTopic().setName("t"));
        KafkaRequest request = new KafkaRequest(new RequestHeader(ApiKeys.METADATA, version, "c", 1),
                new MetadataRequest(data, version), null);
        return (MetadataResponseData) apis.metadata(request).toCompletionStage().toCompletableFuture().join();
    }
}
