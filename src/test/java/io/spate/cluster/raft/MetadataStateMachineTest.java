package io.spate.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataStateMachineTest {
    private final List<Long> told = new ArrayList<>();
    private final MetadataStateMachine sm = new MetadataStateMachine(img -> told.add(img.epoch()));

    static MetadataImage withTopic(MetadataImage base, String name) {
        return base.withTopic(new TopicState(name, null, Map.of(), List.of(PartitionState.initial(List.of(1)))));
    }

    @Test
    void setImageAppliesOnlyOnTheExpectedEpoch() {
        MetadataImage one = withTopic(MetadataImage.EMPTY, "a");
        Object r = sm.runOperation(1, new MetadataCommand.SetImage(0, one));
        assertEquals(new ProposalResult.Applied(one), r);
        assertSame(one, sm.image());

        // a second change computed on epoch 0 lost the race: nothing changes, the conflict carries the image
        MetadataImage rival = withTopic(MetadataImage.EMPTY, "b");
        Object conflict = sm.runOperation(2, new MetadataCommand.SetImage(0, rival));
        assertEquals(new ProposalResult.Conflict(one), conflict);
        assertSame(one, sm.image());
        assertEquals(List.of(1L), told);
    }

    @Test
    void anImportTakesOnlyTheEmptyImage() {
        MetadataImage kept = withTopic(withTopic(MetadataImage.EMPTY, "a"), "b"); // epoch 2, as a node's disk copy
        assertEquals(new ProposalResult.Applied(kept), sm.runOperation(1, new MetadataCommand.Import(kept)));
        assertSame(kept, sm.image());
        // a second import (another node's copy, even a newer one) never overwrites it
        MetadataImage other = withTopic(withTopic(withTopic(MetadataImage.EMPTY, "x"), "y"), "z");
        assertEquals(new ProposalResult.Conflict(kept), sm.runOperation(2, new MetadataCommand.Import(other)));
        assertSame(kept, sm.image());
        // changes go on from the imported epoch
        MetadataImage three = withTopic(kept, "c");
        assertEquals(new ProposalResult.Applied(three), sm.runOperation(3, new MetadataCommand.SetImage(2, three)));
        assertEquals(new ProposalResult.Conflict(three), sm.runOperation(4, new MetadataCommand.Import(kept)));
        assertEquals(List.of(2L, 3L), told);
    }

    @Test
    void anImportAfterAChangeIsRefused() {
        MetadataImage one = withTopic(MetadataImage.EMPTY, "offsets");
        sm.runOperation(1, new MetadataCommand.SetImage(0, one));
        MetadataImage disk = withTopic(withTopic(MetadataImage.EMPTY, "a"), "b");
        assertEquals(new ProposalResult.Conflict(one), sm.runOperation(2, new MetadataCommand.Import(disk)));
        assertSame(one, sm.image());
    }

    @Test
    void newTermChangesNothingAndIsTheNewTermOperation() {
        assertInstanceOf(MetadataCommand.NewTerm.class, sm.getNewTermOperation());
        assertNull(sm.runOperation(1, sm.getNewTermOperation()));
        assertSame(MetadataImage.EMPTY, sm.image());
        assertEquals(List.of(), told);
    }

    @Test
    void unknownOperationIsRefusedAndChangesNothing() {
        assertThrows(IllegalArgumentException.class, () -> sm.runOperation(1, "drop everything"));
        assertSame(MetadataImage.EMPTY, sm.image());
    }

    @Test
    void snapshotIsOneChunkThatAnotherMachineInstalls() {
        MetadataImage one = withTopic(MetadataImage.EMPTY, "a");
        MetadataImage two = withTopic(one, "b");
        sm.runOperation(1, new MetadataCommand.SetImage(0, one));
        sm.runOperation(2, new MetadataCommand.SetImage(1, two));
        List<Object> chunks = new ArrayList<>();
        sm.takeSnapshot(2, chunks::add);
        assertEquals(List.of(new MetadataCommand.Snapshot(two)), chunks);

        List<Long> otherTold = new ArrayList<>();
        MetadataStateMachine other = new MetadataStateMachine(img -> otherTold.add(img.epoch()));
        other.installSnapshot(2, chunks);
        assertEquals(two, other.image());
        assertEquals(List.of(2L), otherTold);
        // and it goes on from there
        MetadataImage three = withTopic(two, "c");
        assertEquals(new ProposalResult.Applied(three), other.runOperation(3, new MetadataCommand.SetImage(2, three)));
    }

    @Test
    void aSnapshotNeverTakesTheEpochBack() {
        MetadataImage one = withTopic(MetadataImage.EMPTY, "a");
        MetadataImage two = withTopic(one, "b");
        sm.runOperation(1, new MetadataCommand.SetImage(0, one));
        sm.runOperation(2, new MetadataCommand.SetImage(1, two));
        assertThrows(IllegalStateException.class, () -> sm.installSnapshot(1, List.of(new MetadataCommand.Snapshot(one))));
        assertSame(two, sm.image());
        assertEquals(List.of(1L, 2L), told);
    }

    @Test
    void aMalformedSnapshotIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> sm.installSnapshot(1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> sm.installSnapshot(1, List.of("x")));
        assertSame(MetadataImage.EMPTY, sm.image());
    }
}
