package io.spate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A partition's health from its leader, replicas and ISR. */
class PartitionHealthTest {
    @Test
    void aLeaderAndEveryReplicaInSyncIsOk() {
        assertEquals(PartitionHealth.OK, PartitionHealth.of(1, List.of(1, 2, 3), List.of(3, 1, 2)));
    }

    @Test
    void aSingleReplicaWithItsLeaderIsOk() {
        assertEquals(PartitionHealth.OK, PartitionHealth.of(0, List.of(0), List.of(0)));
    }

    @Test
    void anIsrSmallerThanTheReplicasIsUnderReplicated() {
        assertEquals(PartitionHealth.UNDER_REPLICATED, PartitionHealth.of(2, List.of(1, 2, 3), List.of(2, 3)));
        assertEquals(PartitionHealth.UNDER_REPLICATED, PartitionHealth.of(2, List.of(1, 2, 3), List.of(2)));
    }

    @Test
    void noLeaderIsOfflineWhateverTheIsr() {
        assertEquals(PartitionHealth.OFFLINE, PartitionHealth.of(-1, List.of(1, 2, 3), List.of(1, 2, 3)));
        assertEquals(PartitionHealth.OFFLINE, PartitionHealth.of(-1, List.of(1), List.of()));
    }

    @Test
    void labelsAreWhatTheCliPrints() {
        assertEquals("OK", PartitionHealth.OK.label());
        assertEquals("UNDER-REPLICATED", PartitionHealth.UNDER_REPLICATED.label());
        assertEquals("OFFLINE", PartitionHealth.OFFLINE.label());
    }
}
