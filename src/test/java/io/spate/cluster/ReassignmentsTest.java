package io.spate.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReassignmentsTest {
    private static final PartitionState STABLE = new PartitionState(List.of(1, 2, 3), 1, 5, List.of(1, 2, 3));

    @Test
    void startListsTheTargetThenTheReplicasBeingRemovedAndChangesNothingElse() {
        PartitionState moving = Reassignments.start(STABLE, List.of(4, 2, 3));
        assertEquals(List.of(4, 2, 3, 1), moving.replicas());
        assertEquals(List.of(4), moving.adding());
        assertEquals(List.of(1), moving.removing());
        assertEquals(List.of(4, 2, 3), moving.targetReplicas());
        assertEquals(1, moving.leader());
        assertEquals(5, moving.leaderEpoch());
        assertEquals(List.of(1, 2, 3), moving.isr());
        assertTrue(moving.reassigning());
    }

    @Test
    void theSameReplicasInAnotherOrderAreAReorderThatNeedsNoMove() {
        PartitionState reordered = Reassignments.start(STABLE, List.of(2, 1, 3));
        assertEquals(new PartitionState(List.of(2, 1, 3), 1, 5, List.of(1, 2, 3)), reordered);
        assertFalse(reordered.reassigning());
        assertSame(STABLE, Reassignments.start(STABLE, List.of(1, 2, 3)));
    }

    @Test
    void completesOnlyOnceEveryTargetReplicaIsInSync() {
        PartitionState moving = Reassignments.start(STABLE, List.of(4, 2, 3));
        assertSame(moving, Reassignments.complete(moving));
        PartitionState caughtUp = moving.withIsr(List.of(4, 2, 3, 1));
        PartitionState done = Reassignments.complete(caughtUp);
        // the leader (1) is being removed: the first in-sync target replica leads in a new epoch
        assertEquals(new PartitionState(List.of(4, 2, 3), 4, 6, List.of(4, 2, 3)), done);
        assertFalse(done.reassigning());
    }

    @Test
    void aLeaderThatStaysKeepsItsEpoch() {
        PartitionState moving = Reassignments.start(STABLE, List.of(1, 2, 4)).withIsr(List.of(1, 2, 4, 3));
        assertEquals(new PartitionState(List.of(1, 2, 4), 1, 5, List.of(1, 2, 4)), Reassignments.complete(moving));
    }

    @Test
    void aRemovedReplicaThatIsDeadDoesNotHoldTheMove() {
        PartitionState moving = Reassignments.start(STABLE, List.of(4, 2, 3)).withLeader(2, List.of(2, 3));
        assertSame(moving, Reassignments.complete(moving));
        PartitionState done = Reassignments.complete(moving.withIsr(List.of(4, 2, 3)));
        assertEquals(new PartitionState(List.of(4, 2, 3), 2, 6, List.of(4, 2, 3)), done);
    }

    @Test
    void aNewTargetReplacesTheMoveAndRemovesReplicasNoLongerWanted() {
        PartitionState first = Reassignments.start(STABLE, List.of(4, 2, 3));
        PartitionState second = Reassignments.start(first, List.of(5, 2, 3));
        assertEquals(List.of(5, 2, 3, 4, 1), second.replicas());
        assertEquals(List.of(5), second.adding());
        assertEquals(List.of(4, 1), second.removing());
    }

    @Test
    void cancelGoesBackToTheOriginalReplicasAtOnce() {
        PartitionState moving = Reassignments.start(STABLE, List.of(4, 5, 3)).withIsr(List.of(1, 3, 4));
        PartitionState back = Reassignments.cancel(moving);
        assertEquals(Set.of(1, 2, 3), Set.copyOf(back.replicas()));
        assertEquals(Set.of(1, 3), Set.copyOf(back.isr()));
        assertEquals(1, back.leader());
        assertFalse(back.reassigning());
    }

    @Test
    void cancelMovesLeadershipBackWhenAnAddedReplicaLeadsAndRefusesWhenNoOriginalReplicaIsInSync() {
        PartitionState moving = Reassignments.start(STABLE, List.of(4, 2, 3)).withLeader(4, List.of(4, 2));
        PartitionState back = Reassignments.cancel(moving);
        assertEquals(2, back.leader());
        assertEquals(7, back.leaderEpoch());
        assertEquals(List.of(2), back.isr());
        assertNull(Reassignments.cancel(Reassignments.start(STABLE, List.of(4, 5, 6)).withLeader(4, List.of(4))));
    }

    @Test
    void completeAllChangesOnlyTheCaughtUpMovesInOneNewEpoch() {
        PartitionState done = Reassignments.start(STABLE, List.of(1, 2, 4)).withIsr(List.of(1, 2, 4, 3));
        PartitionState waiting = Reassignments.start(STABLE, List.of(1, 2, 5));
        MetadataImage img = new MetadataImage(9, Map.of("t", new TopicState("t", null, Map.of(), List.of(done, waiting, STABLE))));
        assertTrue(Reassignments.anyComplete(img));
        MetadataImage next = Reassignments.completeAll(img, Set.of(1, 2, 3, 4, 5));
        assertEquals(10, next.epoch());
        assertEquals(List.of(1, 2, 4), next.topic("t").partitions().get(0).replicas());
        assertSame(waiting, next.topic("t").partitions().get(1));
        assertFalse(Reassignments.anyComplete(next));
        assertSame(next, Reassignments.completeAll(next, Set.of(1, 2, 3, 4, 5)));
    }

    @Test
    void anImageWrittenBeforeReassignmentsExistedReadsAsNotMoving() {
        MetadataImage old = MetadataImage.fromJson("{\"epoch\":3,\"topics\":{\"t\":{\"name\":\"t\",\"configs\":{},"
                + "\"partitions\":[{\"replicas\":[1,2],\"leader\":1,\"leaderEpoch\":0,\"isr\":[1,2]}]}}}");
        PartitionState p = old.topic("t").partitions().get(0);
        assertFalse(p.reassigning());
        assertEquals(List.of(), p.adding());
        assertEquals(p, MetadataImage.fromJson(old.toJson()).topic("t").partitions().get(0));
    }
}
