package io.spate.broker.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spate.broker.core.ElectionOutcome;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import io.spate.common.TopicId;
import io.spate.protocol.ErrorCode;
import io.spate.protocol.TopicPartition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The preferred-leader elections an ElectLeaders request asks for, on one image: each partition's
 * outcome with Kafka's errors, and an image in which exactly the elected partitions changed.
 */
class PreferredLeaderElectionsTest {
    private static final Set<Integer> LIVE = Set.of(1, 2, 3);
    private static final List<Integer> REPLICAS = List.of(1, 2, 3);
    /** t-0: led by 2, preferred 1 in sync; t-1: led by its preferred; t-2: 1 not in sync; t-3: like t-0. */
    private static final MetadataImage IMAGE = MetadataImage.EMPTY.withTopic(new TopicState("t", TopicId.random(), Map.of(),
            List.of(new PartitionState(REPLICAS, 2, 4, REPLICAS),
                    PartitionState.initial(REPLICAS),
                    new PartitionState(REPLICAS, 2, 4, List.of(2, 3)),
                    new PartitionState(REPLICAS, 3, 9, REPLICAS))))
            .withTopic(new TopicState("u", TopicId.random(), Map.of(), List.of(new PartitionState(List.of(3, 1), 1, 2,
                    List.of(1, 3)))));

    @Test
    void aLiveInSyncPreferredReplicaIsElectedWithANewEpochAndNothingElseChanges() {
        PreferredLeaderElections e = PreferredLeaderElections.on(IMAGE, LIVE, Set.of(tp("t", 0)));
        assertEquals(Map.of(tp("t", 0), ElectionOutcome.ELECTED), e.outcomes());
        assertEquals(IMAGE.epoch() + 1, e.image().epoch());
        assertEquals(new PartitionState(REPLICAS, 1, 5, REPLICAS), e.image().topic("t").partitions().get(0));
        // t-3 could be elected too, but was not asked for
        assertEquals(IMAGE.topic("t").partitions().subList(1, 4), e.image().topic("t").partitions().subList(1, 4));
        assertEquals(IMAGE.topic("t").topicId(), e.image().topic("t").topicId());
        assertEquals(IMAGE.topic("u"), e.image().topic("u"));
    }

    @Test
    void eachPartitionThatIsNotElectedSaysWhyAndLeavesTheImageAsItWas() {
        Set<TopicPartition> asked = new LinkedHashSet<>(List.of(tp("t", 1), tp("t", 2), tp("u", 0), tp("t", 4),
                tp("t", -1), tp("nope", 0)));
        PreferredLeaderElections e = PreferredLeaderElections.on(IMAGE, Set.of(1, 2), asked);
        assertSame(IMAGE, e.image(), "nothing elected: nothing to commit");
        assertEquals(List.copyOf(asked), List.copyOf(e.outcomes().keySet()), "one outcome per partition, in the order asked");
        assertEquals(ElectionOutcome.NOT_NEEDED, e.outcomes().get(tp("t", 1)));
        ElectionOutcome notInSync = e.outcomes().get(tp("t", 2));
        assertEquals(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, notInSync.error());
        assertTrue(notInSync.errorMessage().contains("preferred replica 1 is not in sync (ISR [2, 3])"), notInSync.errorMessage());
        ElectionOutcome notLive = e.outcomes().get(tp("u", 0));
        assertEquals(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE, notLive.error());
        assertTrue(notLive.errorMessage().contains("preferred replica 3 is not live"), notLive.errorMessage());
        assertEquals(new ElectionOutcome(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic 't' has no partition 4"),
                e.outcomes().get(tp("t", 4)));
        assertEquals(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, e.outcomes().get(tp("t", -1)).error());
        assertEquals(new ElectionOutcome(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "topic 'nope' does not exist"),
                e.outcomes().get(tp("nope", 0)));
    }

    @Test
    void allPartitionsAreEveryPartitionOfEveryTopicElectedInOneImage() {
        PreferredLeaderElections e = PreferredLeaderElections.on(IMAGE, LIVE, null);
        assertEquals(List.of(tp("t", 0), tp("t", 1), tp("t", 2), tp("t", 3), tp("u", 0)), List.copyOf(e.outcomes().keySet()));
        assertEquals(List.of(ErrorCode.NONE, ErrorCode.ELECTION_NOT_NEEDED, ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE,
                ErrorCode.NONE, ErrorCode.NONE), e.outcomes().values().stream().map(ElectionOutcome::error).toList());
        assertNull(e.outcomes().get(tp("t", 0)).errorMessage());
        assertEquals(IMAGE.epoch() + 1, e.image().epoch(), "one change for every election");
        assertEquals(List.of(1, 1, 2, 1), e.image().topic("t").partitions().stream().map(PartitionState::leader).toList());
        assertEquals(new PartitionState(List.of(3, 1), 3, 3, List.of(1, 3)), e.image().topic("u").partitions().get(0));
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}
