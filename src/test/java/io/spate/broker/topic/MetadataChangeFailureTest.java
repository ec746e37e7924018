package io.spate.broker.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.ConfigChange;
import io.spate.broker.core.TopicCreation;
import io.spate.broker.core.TopicDefaults;
import io.spate.cluster.ClusterMetadata;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.raft.NoQuorumException;
import io.spate.cluster.raft.SpateEndpoint;
import io.spate.log.LogConfig;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import io.spate.testing.FixedMembership;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What every admin request answers when the metadata change fails: REQUEST_TIMED_OUT naming the quorum
 * when the quorum could not commit it ({@link NoQuorumException}), never success; NOT_CONTROLLER for
 * any other failure, as before.
 */
class MetadataChangeFailureTest {
    @Test
    void noQuorumAnswersRequestTimedOutForEveryAdminRequest() {
        NoQuorumException noQuorum = new NoQuorumException(new SpateEndpoint(1), Duration.ofSeconds(10), "no leader known");
        for (Answer a : answers(new ClusterTopicAdmin(new FailingMetadata(noQuorum), new FixedMembership(1),
                new TopicDefaults(1, 1, LogConfig.defaults()), 3, 100))) {
            assertEquals(ErrorCode.REQUEST_TIMED_OUT, a.error(), a.toString());
            assertTrue(a.message().contains("metadata quorum did not commit the change in time"), a.toString());
            assertTrue(a.message().contains("no metadata quorum: node 1"), a.toString());
        }
    }

    @Test
    void anyOtherFailureStillAnswersNotController() {
        IllegalStateException other = new IllegalStateException("Split brain protection exception");
        for (Answer a : answers(new ClusterTopicAdmin(new FailingMetadata(other), new FixedMembership(1),
                new TopicDefaults(1, 1, LogConfig.defaults()), 3, 100))) {
            assertEquals(ErrorCode.NOT_CONTROLLER, a.error(), a.toString());
            assertTrue(a.message().contains("Split brain protection exception"), a.toString());
            assertFalse(a.message().contains("quorum"), a.toString());
        }
    }

    private record Answer(String request, ErrorCode error, String message) {
    }

    /** CreateTopics, DeleteTopics, CreatePartitions, IncrementalAlterConfigs, AlterPartitionReassignments, ElectLeaders. */
    private static List<Answer> answers(ClusterTopicAdmin admin) {
        List<Answer> out = new ArrayList<>();
        admin.createTopics(List.of(new TopicCreation("t", 1, 1, Map.of())), false).result()
                .forEach(o -> out.add(new Answer("create", o.error(), o.errorMessage())));
        admin.deleteTopics(List.of("t")).result().forEach(o -> out.add(new Answer("delete", o.error(), o.errorMessage())));
        admin.createPartitions(Map.of("t", 2), false).result()
                .forEach(o -> out.add(new Answer("partitions", o.error(), o.errorMessage())));
        admin.alterConfigs(Map.of("t", new ConfigChange(Map.of("retention.ms", "1000"), Set.of())), false).result()
                .forEach(o -> out.add(new Answer("configs", o.error(), o.errorMessage())));
        admin.alterReassignments(Map.of(new TopicPartition("t", 0), List.of(1))).result()
                .forEach((tp, o) -> out.add(new Answer("reassign", o.error(), o.errorMessage())));
        admin.electPreferredLeaders(Set.of(new TopicPartition("t", 0))).result()
                .forEach((tp, o) -> out.add(new Answer("elect", o.error(), o.errorMessage())));
        assertEquals(6, out.size(), out.toString());
        return out;
    }

    /** Metadata whose every change fails with one cause. */
    private record FailingMetadata(RuntimeException cause) implements ClusterMetadata {
        @Override
        public MetadataImage current() {
            return MetadataImage.EMPTY;
        }

        @Override
        public Future<MetadataImage> update(UnaryOperator<MetadataImage> change) {
            return Future.failedFuture(cause);
        }

        @Override
        public void onChange(Consumer<MetadataImage> listener) {
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }
}
