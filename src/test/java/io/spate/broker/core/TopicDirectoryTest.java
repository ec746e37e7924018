package io.spate.broker.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.spate.cluster.NodeRecord;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.common.TopicId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default lookups of a directory that has no index of its own: by name, and by id over every topic. */
class TopicDirectoryTest {
    private static final TopicId A = TopicId.random();
    private static final Map<String, TopicState> TOPICS = Map.of(
            "a", new TopicState("a", A, Map.of(), List.of(PartitionState.initial(List.of(1)))),
            "old", new TopicState("old", null, Map.of(), List.of(PartitionState.initial(List.of(1)))));

    private final TopicDirectory directory = new TopicDirectory() {
        @Override
        public String clusterId() {
            return "c";
        }

        @Override
        public List<NodeRecord> liveNodes() {
            return List.of();
        }

        @Override
        public int controllerId() {
            return -1;
        }

        @Override
        public List<String> topicNames() {
            return TOPICS.keySet().stream().sorted().toList();
        }

        @Override
        public TopicState topic(String name) {
            return TOPICS.get(name);
        }

        @Override
        public Future<QuorumDescription> describeQuorum() {
            return Future.failedFuture("not used");
        }
    };

    @Test
    void lookupsByNameAndById() {
        assertEquals(A, directory.topicId("a"));
        assertNull(directory.topicId("old"), "a topic whose id is not known yet");
        assertNull(directory.topicId("missing"));
        assertEquals("a", directory.topicNameById(A));
        assertNull(directory.topicNameById(TopicId.random()));
        assertNull(directory.topicNameById(null));
    }
}
