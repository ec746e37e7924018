package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.testing.KafkaCompat;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin APIs' error paths and older versions that kafka-clients' Admin never sends (KafkaJS and
 * librdkafka do), as raw requests over a socket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class KafkaAdminWireTest {
    private KafkaCompat.Target target;
    private RawKafkaRequests client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        target = KafkaCompat.start(dir, "auto.create.topics.enable=false");
        client = new RawKafkaRequests(target.bootstrap());
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (target != null) {
            target.close();
        }
    }

    private void create(String topic) throws Exception {
        CreateTopicsRequestData req = new CreateTopicsRequestData().setTimeoutMs(10_000);
        req.topics().add(new CreateTopicsRequestData.CreatableTopic().setName(topic).setNumPartitions(1)
                .setReplicationFactor((short) 1));
        CreateTopicsResponseData r = (CreateTopicsResponseData) client.send(ApiKeys.CREATE_TOPICS, (short) 2, req);
        assertEquals(Errors.NONE.code(), r.topics().find(topic).errorCode());
    }

    @Test
    void deleteTopicsV1NamesAndV6RefusesANameWithAnId() throws Exception {
        create("old-delete");
        DeleteTopicsResponseData v1 = (DeleteTopicsResponseData) client.send(ApiKeys.DELETE_TOPICS, (short) 1,
                new DeleteTopicsRequestData().setTopicNames(List.of("old-delete", "never-was")).setTimeoutMs(10_000));
        assertEquals(Errors.NONE.code(), v1.responses().find("old-delete").errorCode());
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), v1.responses().find("never-was").errorCode());

        create("kept");
        DeleteTopicsRequestData v6 = new DeleteTopicsRequestData().setTimeoutMs(10_000);
        v6.topics().add(new DeleteTopicsRequestData.DeleteTopicState().setName("kept").setTopicId(Uuid.randomUuid()));
        DeleteTopicsResponseData r = (DeleteTopicsResponseData) client.send(ApiKeys.DELETE_TOPICS, (short) 6, v6);
        assertEquals(Errors.INVALID_REQUEST.code(), r.responses().iterator().next().errorCode());
        DescribeConfigsResponseData still = describe(ConfigResource.Type.TOPIC, "kept", (short) 1, false);
        assertEquals(Errors.NONE.code(), still.results().get(0).errorCode());
    }

    private DescribeConfigsResponseData describe(ConfigResource.Type type, String name, short version, boolean docs)
            throws Exception {
        DescribeConfigsRequestData req = new DescribeConfigsRequestData().setIncludeSynonyms(true).setIncludeDocumentation(docs);
        req.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType(type.id())
                .setResourceName(name).setConfigurationKeys(List.of("retention.ms", "max.connections")));
        return (DescribeConfigsResponseData) client.send(ApiKeys.DESCRIBE_CONFIGS, version, req);
    }

    @Test
    void describeConfigsV1HasSynonymsAndFiltersKeys() throws Exception {
        create("filtered");
        DescribeConfigsResponseData r = describe(ConfigResource.Type.TOPIC, "filtered", (short) 1, false);
        DescribeConfigsResponseData.DescribeConfigsResult result = r.results().get(0);
        assertEquals(1, result.configs().size());
        DescribeConfigsResponseData.DescribeConfigsResourceResult c = result.configs().get(0);
        assertEquals("retention.ms", c.name());
        assertEquals(1, c.synonyms().size());
        assertTrue(c.documentation() == null || c.documentation().isEmpty()); // v1 has no documentation field
        DescribeConfigsResponseData v4 = describe(ConfigResource.Type.TOPIC, "filtered", (short) 4, true);
        assertTrue(v4.results().get(0).configs().get(0).documentation() != null);
    }

    @Test
    void describeConfigsOfAnotherBrokerIdOrAnUnservedTypeIsRefused() throws Exception {
        DescribeConfigsResponseData r = describe(ConfigResource.Type.BROKER, "4711", (short) 4, false);
        assertEquals(Errors.INVALID_REQUEST.code(), r.results().get(0).errorCode());
        r = describe(ConfigResource.Type.BROKER, "not-a-number", (short) 4, false);
        assertEquals(Errors.INVALID_REQUEST.code(), r.results().get(0).errorCode());
        r = describe(ConfigResource.Type.GROUP, "some-group", (short) 4, false);
        assertEquals(Errors.INVALID_REQUEST.code(), r.results().get(0).errorCode());
    }

    @Test
    void incrementalAlterConfigsRefusesAConfigNamedTwiceAndSetWithoutValue() throws Exception {
        create("twice");
        IncrementalAlterConfigsRequestData req = new IncrementalAlterConfigsRequestData();
        IncrementalAlterConfigsRequestData.AlterConfigsResource res = new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("twice");
        res.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setConfigOperation((byte) 0).setValue("1000"));
        res.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setConfigOperation((byte) 1));
        req.resources().add(res);
        IncrementalAlterConfigsResponseData r = (IncrementalAlterConfigsResponseData) client.send(
                ApiKeys.INCREMENTAL_ALTER_CONFIGS, (short) 0, req);
        assertEquals(Errors.INVALID_REQUEST.code(), r.responses().get(0).errorCode());

        IncrementalAlterConfigsRequestData noValue = new IncrementalAlterConfigsRequestData();
        IncrementalAlterConfigsRequestData.AlterConfigsResource res2 = new IncrementalAlterConfigsRequestData.AlterConfigsResource()
                .setResourceType(ConfigResource.Type.TOPIC.id()).setResourceName("twice");
        res2.configs().add(new IncrementalAlterConfigsRequestData.AlterableConfig().setName("retention.ms")
                .setConfigOperation((byte) 0).setValue(null));
        noValue.resources().add(res2);
        r = (IncrementalAlterConfigsResponseData) client.send(ApiKeys.INCREMENTAL_ALTER_CONFIGS, (short) 1, noValue);
        assertEquals(Errors.INVALID_REQUEST.code(), r.responses().get(0).errorCode());
        assertEquals("604800000", describe(ConfigResource.Type.TOPIC, "twice", (short) 1, false).results().get(0)
                .configs().get(0).value());
    }

    @Test
    void describeClusterRefusesControllerEndpointsAndV0Answers() throws Exception {
        DescribeClusterResponseData r = (DescribeClusterResponseData) client.send(ApiKeys.DESCRIBE_CLUSTER, (short) 1,
                new DescribeClusterRequestData().setEndpointType((byte) 2));
        assertEquals(Errors.MISMATCHED_ENDPOINT_TYPE.code(), r.errorCode());
        r = (DescribeClusterResponseData) client.send(ApiKeys.DESCRIBE_CLUSTER, (short) 0, new DescribeClusterRequestData());
        assertEquals(Errors.NONE.code(), r.errorCode());
        assertEquals(target.node().kafkaPort(), r.brokers().iterator().next().port());
    }

    @Test
    void electLeadersV0IsPreferredAndAnUnknownTypeIsRefused() throws Exception {
        create("elect-v0");
        ElectLeadersRequestData req = new ElectLeadersRequestData().setTimeoutMs(10_000);
        req.topicPartitions().add(new ElectLeadersRequestData.TopicPartitions().setTopic("elect-v0").setPartitions(List.of(0)));
        ElectLeadersResponseData r = (ElectLeadersResponseData) client.send(ApiKeys.ELECT_LEADERS, (short) 0, req);
        assertEquals(Errors.ELECTION_NOT_NEEDED.code(), r.replicaElectionResults().get(0).partitionResult().get(0).errorCode());
        r = (ElectLeadersResponseData) client.send(ApiKeys.ELECT_LEADERS, (short) 2, req.duplicate().setElectionType((byte) 9));
        assertEquals(Errors.INVALID_REQUEST.code(), r.errorCode());
    }

    @Test
    void deleteRecordsV0AnswersUnknownPartitionsPerPartition() throws Exception {
        create("trim-v0");
        DeleteRecordsRequestData req = new DeleteRecordsRequestData().setTimeoutMs(10_000);
        DeleteRecordsRequestData.DeleteRecordsTopic known = new DeleteRecordsRequestData.DeleteRecordsTopic().setName("trim-v0");
        known.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(0));
        known.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(3).setOffset(0));
        DeleteRecordsRequestData.DeleteRecordsTopic unknown = new DeleteRecordsRequestData.DeleteRecordsTopic().setName("nope");
        unknown.partitions().add(new DeleteRecordsRequestData.DeleteRecordsPartition().setPartitionIndex(0).setOffset(0));
        req.topics().add(known);
        req.topics().add(unknown);
        DeleteRecordsResponseData r = (DeleteRecordsResponseData) client.send(ApiKeys.DELETE_RECORDS, (short) 0, req);
        DeleteRecordsResponseData.DeleteRecordsTopicResult t = r.topics().find("trim-v0");
        assertEquals(Errors.NONE.code(), t.partitions().find(0).errorCode());
        assertEquals(0, t.partitions().find(0).lowWatermark());
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), t.partitions().find(3).errorCode());
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION.code(), r.topics().find("nope").partitions().find(0).errorCode());
    }
}
