package io.spate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {
    private static final Set<Integer> ALL = Set.of(1, 2, 3);

    private static MetadataImage image(Map<String, String> configs, PartitionState... ps) {
        return MetadataImage.EMPTY.withTopic(new TopicState("t", null, configs, List.of(ps)));
    }

    private static PartitionState p0(MetadataImage img) {
        return img.topic("t").partitions().get(0);
    }

    @Test
    void aDeadLeaderIsReplacedByTheNextInSyncReplicaWithANewEpoch() {
        MetadataImage img = image(Map.of(), PartitionState.initial(List.of(1, 2, 3)));
        MetadataImage next = LeaderElection.onLiveNodes(img, Set.of(2, 3));
        assertEquals(new PartitionState(List.of(1, 2, 3), 2, 1, List.of(2, 3)), p0(next));
        assertEquals(img.epoch() + 1, next.epoch());
    }

    @Test
    void aLeaderIsNeverChosenOutsideTheIsr() {
        MetadataImage img = image(Map.of(), new PartitionState(List.of(1, 2, 3), 1, 5, List.of(1, 3)));
        assertEquals(new PartitionState(List.of(1, 2, 3), 3, 6, List.of(3)), p0(LeaderElection.onLiveNodes(img, Set.of(2, 3))));
    }

    @Test
    void withoutALiveIsrMemberThePartitionGoesOfflineAndKeepsItsIsr() {
        MetadataImage img = image(Map.of(), new PartitionState(List.of(1, 2, 3), 1, 5, List.of(1)));
        MetadataImage offline = LeaderElection.onLiveNodes(img, Set.of(2, 3));
        assertEquals(new PartitionState(List.of(1, 2, 3), PartitionState.NO_LEADER, 6, List.of(1)), p0(offline));
        assertSame(offline, LeaderElection.onLiveNodes(offline, Set.of(2, 3)), "nothing more to change");
        // the last in-sync replica returns: it leads again
        assertEquals(new PartitionState(List.of(1, 2, 3), 1, 7, List.of(1)), p0(LeaderElection.onLiveNodes(offline, ALL)));
    }

    @Test
    void uncleanElectionTakesAnyLiveReplicaWhenTheTopicAllowsIt() {
        MetadataImage img = image(Map.of(io.spate.log.LogConfig.UNCLEAN_LEADER_ELECTION_ENABLE, "true"),
                new PartitionState(List.of(1, 2, 3), 1, 5, List.of(1)));
        assertEquals(new PartitionState(List.of(1, 2, 3), 2, 6, List.of(2)), p0(LeaderElection.onLiveNodes(img, Set.of(2, 3))));
    }

    @Test
    void deadFollowersLeaveTheIsrWithoutALeaderChange() {
        MetadataImage img = image(Map.of(), PartitionState.initial(List.of(1, 2, 3)));
        assertEquals(new PartitionState(List.of(1, 2, 3), 1, 0, List.of(1, 3)), p0(LeaderElection.onLiveNodes(img, Set.of(1, 3))));
    }

    @Test
    void nothingChangesWhenEveryoneIsLive() {
        MetadataImage img = image(Map.of(), PartitionState.initial(List.of(1, 2, 3)));
        assertSame(img, LeaderElection.onLiveNodes(img, ALL));
        assertSame(img, LeaderElection.preferredLeaders(img, ALL));
    }

    @Test
    void thePreferredLeaderTakesOverOnceLiveAndInSync() {
        MetadataImage img = image(Map.of(), new PartitionState(List.of(1, 2, 3), 2, 3, List.of(2, 3)));
        assertSame(img, LeaderElection.preferredLeaders(img, ALL), "not in sync yet");
        MetadataImage synced = image(Map.of(), new PartitionState(List.of(1, 2, 3), 2, 3, List.of(2, 3, 1)));
        assertEquals(new PartitionState(List.of(1, 2, 3), 1, 4, List.of(2, 3, 1)),
                p0(LeaderElection.preferredLeaders(synced, ALL)));
        assertSame(synced, LeaderElection.preferredLeaders(synced, Set.of(2, 3)), "not live");
    }

    @Test
    void onePartitionGetsItsPreferredLeaderOnlyWhenThatOneIsLiveAndInSync() {
        PartitionState synced = new PartitionState(List.of(1, 2, 3), 2, 3, List.of(2, 3, 1));
        assertEquals(new PartitionState(List.of(1, 2, 3), 1, 4, List.of(2, 3, 1)), LeaderElection.preferredLeader(synced, ALL));
        assertSame(synced, LeaderElection.preferredLeader(synced, Set.of(2, 3)), "not live");
        PartitionState behind = new PartitionState(List.of(1, 2, 3), 2, 3, List.of(2, 3));
        assertSame(behind, LeaderElection.preferredLeader(behind, ALL), "not in sync");
        PartitionState led = PartitionState.initial(List.of(1, 2, 3));
        assertSame(led, LeaderElection.preferredLeader(led, ALL), "leads already");
        PartitionState offline = new PartitionState(List.of(1, 2, 3), PartitionState.NO_LEADER, 3, List.of(1));
        assertEquals(new PartitionState(List.of(1, 2, 3), 1, 4, List.of(1)), LeaderElection.preferredLeader(offline, ALL));
    }
}
