package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A partition's state from its leader, replicas and ISR. */
class PartitionStateTest {
    @Test
    void aLeaderAndEveryReplicaInSyncIsOk() {
        assertEquals(PartitionState.OK, PartitionState.of(1, List.of(1, 2, 3), List.of(3, 1, 2)));
    }

    @Test
    void aSingleReplicaWithItsLeaderIsOk() {
        assertEquals(PartitionState.OK, PartitionState.of(0, List.of(0), List.of(0)));
    }

    @Test
    void anIsrSmallerThanTheReplicasIsUnderReplicated() {
        assertEquals(PartitionState.UNDER_REPLICATED, PartitionState.of(2, List.of(1, 2, 3), List.of(2, 3)));
        assertEquals(PartitionState.UNDER_REPLICATED, PartitionState.of(2, List.of(1, 2, 3), List.of(2)));
    }

    @Test
    void noLeaderIsOfflineWhateverTheIsr() {
        assertEquals(PartitionState.OFFLINE, PartitionState.of(-1, List.of(1, 2, 3), List.of(1, 2, 3)));
        assertEquals(PartitionState.OFFLINE, PartitionState.of(-1, List.of(1), List.of()));
    }

    @Test
    void labelsAreWhatTheCliPrints() {
        assertEquals("OK", PartitionState.OK.label());
        assertEquals("UNDER-REPLICATED", PartitionState.UNDER_REPLICATED.label());
        assertEquals("OFFLINE", PartitionState.OFFLINE.label());
    }
}
