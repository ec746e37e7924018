package io.spate.broker.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller Metadata and DescribeCluster name: one Kafka clients can reach. */
class KafkaNodeTest {
    private static final List<KafkaNode> REACHABLE = List.of(new KafkaNode(4, "k4", 9094, null),
            new KafkaNode(2, "k2", 9092, null));

    @Test
    void theControllerIsNamedWhenReachableElseTheLowestReachableNode() {
        assertEquals(4, KafkaNode.controllerFor(4, REACHABLE));
        assertEquals(2, KafkaNode.controllerFor(3, REACHABLE), "controller 3 runs no Kafka listener");
        assertEquals(2, KafkaNode.controllerFor(-1, REACHABLE), "no controller known: a reachable node takes admin requests");
        assertEquals(3, KafkaNode.controllerFor(3, List.of()), "nothing reachable: the controller as it is");
    }
}
