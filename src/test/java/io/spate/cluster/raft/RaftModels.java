package io.spate.cluster.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.microraft.MembershipChangeMode;
import io.microraft.model.RaftModel;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.impl.DefaultRaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.message.RaftMessage;
import io.spate.cluster.MetadataImage;
import io.spate.cluster.PartitionState;
import io.spate.cluster.TopicState;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Realistic values of every type {@link RaftCodec} encodes, built with MicroRaft's default model
 * factory as a RaftNode builds them, and a field-by-field comparison of model objects (the
 * default model classes do not implement {@code equals}).
 */
final class RaftModels {
    static final String GROUP = "metadata";
    static final RaftModelFactory FACTORY = new DefaultRaftModelFactory();
    static final SpateEndpoint N1 = new SpateEndpoint(1);
    static final SpateEndpoint N2 = new SpateEndpoint(2);
    static final SpateEndpoint N3 = new SpateEndpoint(3);
    static final SpateEndpoint N4 = new SpateEndpoint(4);

    private RaftModels() {
    }

    static MetadataImage image(long epoch) {
        PartitionState moving = new PartitionState(List.of(4, 2, 3, 1), 2, 7, List.of(2, 3, 1), List.of(4),
                List.of(1));
        return new MetadataImage(epoch, Map.of(
                "orders", new TopicState("orders", io.spate.common.TopicId.parse("qP7Yf1nQTtyvYz5d0c6Wlg"), Map.of("retention.ms", "86400000", "cleanup.policy", "delete"),
                        List.of(PartitionState.initial(List.of(1, 2, 3)), moving,
                                new PartitionState(List.of(3, 1, 2), PartitionState.NO_LEADER, 12, List.of()))),
                "päyments-€", new TopicState("päyments-€", null, Map.of(), List.of(PartitionState.initial(List.of(2))))));
    }

    static RaftGroupMembersView members() {
        return FACTORY.createRaftGroupMembersViewBuilder().setLogIndex(1_204).setMembers(List.of(N1, N2, N3, N4))
                .setVotingMembers(List.of(N1, N2, N3)).build();
    }

    static Object membershipChange(MembershipChangeMode mode) {
        return FACTORY.createUpdateRaftGroupMembersOpBuilder().setMembers(List.of(N1, N2, N3, N4))
                .setVotingMembers(List.of(N1, N2, N3, N4)).setEndpoint(N4).setMode(mode).build();
    }

    static LogEntry entry(long index, int term, Object operation) {
        return FACTORY.createLogEntryBuilder().setIndex(index).setTerm(term).setOperation(operation).build();
    }

    static SnapshotChunk chunk(int chunkIndex, int chunkCount) {
        return FACTORY.createSnapshotChunkBuilder().setIndex(5_000_000_000L).setTerm(9)
                .setOperation(new MetadataCommand.Snapshot(image(4_321))).setSnapshotChunkIndex(chunkIndex)
                .setSnapshotChunkCount(chunkCount).setGroupMembersView(members()).build();
    }

    /** One AppendEntries request with entries of every operation kind. */
    static RaftMessage appendEntries() {
        return FACTORY.createAppendEntriesRequestBuilder().setGroupId(GROUP).setSender(N2).setTerm(9)
                .setPreviousLogTerm(8).setPreviousLogIndex(4_999_999_999L).setCommitIndex(4_999_999_990L)
                .setLogEntries(List.of(entry(5_000_000_000L, 9, new MetadataCommand.NewTerm()),
                        entry(5_000_000_001L, 9, new MetadataCommand.SetImage(4_321, image(4_322))),
                        entry(5_000_000_002L, 9, membershipChange(MembershipChangeMode.ADD_LEARNER)),
                        entry(5_000_000_003L, 9, new MetadataCommand.SetImage(4_322, image(4_323)))))
                .setQuerySequenceNumber(77).setFlowControlSequenceNumber(31).build();
    }

    /** Every message type MicroRaft sends, the install-snapshot request with and without a chunk. */
    static List<RaftMessage> everyMessage() {
        return List.of(appendEntries(),
                FACTORY.createAppendEntriesRequestBuilder().setGroupId(GROUP).setSender(N1).setTerm(3)
                        .setPreviousLogTerm(0).setPreviousLogIndex(0).setCommitIndex(0).setLogEntries(List.of())
                        .setQuerySequenceNumber(0).setFlowControlSequenceNumber(0).build(),
                FACTORY.createAppendEntriesSuccessResponseBuilder().setGroupId(GROUP).setSender(N3).setTerm(9)
                        .setLastLogIndex(5_000_000_003L).setQuerySequenceNumber(77).setFlowControlSequenceNumber(31)
                        .build(),
                FACTORY.createAppendEntriesFailureResponseBuilder().setGroupId(GROUP).setSender(N3).setTerm(9)
                        .setExpectedNextIndex(4_000_000_000L).setQuerySequenceNumber(76)
                        .setFlowControlSequenceNumber(30).build(),
                FACTORY.createInstallSnapshotRequestBuilder().setGroupId(GROUP).setSender(N2).setTerm(9)
                        .setSenderLeader(true).setSnapshotTerm(9).setSnapshotIndex(5_000_000_000L)
                        .setTotalSnapshotChunkCount(2).setSnapshotChunk(chunk(1, 2))
                        .setSnapshottedMembers(List.of(N2, N1)).setGroupMembersView(members())
                        .setQuerySequenceNumber(78).setFlowControlSequenceNumber(32).build(),
                FACTORY.createInstallSnapshotRequestBuilder().setGroupId(GROUP).setSender(N3).setTerm(9)
                        .setSenderLeader(false).setSnapshotTerm(9).setSnapshotIndex(5_000_000_000L)
                        .setTotalSnapshotChunkCount(1).setSnapshotChunk(null).setSnapshottedMembers(List.of())
                        .setGroupMembersView(members()).setQuerySequenceNumber(0).setFlowControlSequenceNumber(0)
                        .build(),
                FACTORY.createInstallSnapshotResponseBuilder().setGroupId(GROUP).setSender(N4).setTerm(9)
                        .setSnapshotIndex(5_000_000_000L).setRequestedSnapshotChunkIndex(1).setQuerySequenceNumber(78)
                        .setFlowControlSequenceNumber(32).build(),
                FACTORY.createPreVoteRequestBuilder().setGroupId(GROUP).setSender(N1).setTerm(10).setLastLogTerm(9)
                        .setLastLogIndex(5_000_000_003L).build(),
                FACTORY.createPreVoteResponseBuilder().setGroupId(GROUP).setSender(N3).setTerm(9).setGranted(true)
                        .build(),
                FACTORY.createVoteRequestBuilder().setGroupId(GROUP).setSender(N1).setTerm(10).setLastLogTerm(9)
                        .setLastLogIndex(5_000_000_003L).setSticky(true).build(),
                FACTORY.createVoteResponseBuilder().setGroupId(GROUP).setSender(N2).setTerm(10).setGranted(false)
                        .build(),
                FACTORY.createTriggerLeaderElectionRequestBuilder().setGroupId(GROUP).setSender(N2).setTerm(9)
                        .setLastLogTerm(9).setLastLogIndex(5_000_000_003L).build());
    }

    /** Every type the codec encodes, messages included. */
    static List<Object> everyValue() {
        List<Object> values = new ArrayList<>(everyMessage());
        values.add(entry(17, 2, new MetadataCommand.NewTerm()));
        values.add(entry(18, 2, new MetadataCommand.SetImage(41, image(42))));
        values.add(entry(19, 2, membershipChange(MembershipChangeMode.REMOVE_MEMBER)));
        values.add(chunk(0, 1));
        values.add(FACTORY.createSnapshotEntryBuilder().setIndex(5_000_000_000L).setTerm(9)
                .setSnapshotChunks(List.of(chunk(0, 3), chunk(1, 3), chunk(2, 3))).setGroupMembersView(members())
                .build());
        values.add(members());
        values.add(N3);
        values.add(new SpateEndpoint(0));
        values.add(FACTORY.createRaftEndpointPersistentStateBuilder().setLocalEndpoint(N2).setVoting(true).build());
        values.add(FACTORY.createRaftEndpointPersistentStateBuilder().setLocalEndpoint(N4).setVoting(false).build());
        values.add(FACTORY.createRaftTermPersistentStateBuilder().setTerm(9).setVotedFor(N2).build());
        values.add(FACTORY.createRaftTermPersistentStateBuilder().setTerm(10).setVotedFor(null).build());
        for (MembershipChangeMode mode : MembershipChangeMode.values()) {
            values.add(membershipChange(mode));
        }
        values.add(new MetadataCommand.NewTerm());
        values.add(new MetadataCommand.SetImage(0, image(1)));
        values.add(new MetadataCommand.Snapshot(image(4_321)));
        values.add(new MetadataCommand.Snapshot(MetadataImage.EMPTY));
        values.add(new MetadataCommand.Import(image(77)));
        values.add(entry(20, 2, new MetadataCommand.Import(image(1))));
        values.add(new ProposalResult.Applied(image(5)));
        values.add(new ProposalResult.Conflict(MetadataImage.EMPTY));
        values.add(new ForwardRefusal(ForwardRefusal.Reason.NOT_LEADER, java.util.Optional.of(N2)));
        values.add(new ForwardRefusal(ForwardRefusal.Reason.NOT_LEADER, java.util.Optional.empty()));
        values.add(new ForwardRefusal(ForwardRefusal.Reason.CANNOT_REPLICATE, java.util.Optional.of(N1)));
        values.add(new ForwardRefusal(ForwardRefusal.Reason.INDETERMINATE, java.util.Optional.empty()));
        return values;
    }

    /**
     * Asserts that {@code actual} has the same type and the same value in every getter as
     * {@code expected}: MicroRaft's model objects through every no-argument method of their model
     * interfaces (so a field the codec forgets fails here without this test naming it),
     * collections item by item in order, anything else by {@code equals}.
     */
    static void assertModelEquals(Object expected, Object actual, String path) {
        if (expected == null) {
            assertNull(actual, path);
            return;
        }
        assertNotNull(actual, path);
        if (expected instanceof Collection<?> e) {
            assertTrue(actual instanceof Collection<?>, path + " is a collection");
            Collection<?> a = (Collection<?>) actual;
            assertEquals(e.size(), a.size(), path + " size");
            Iterator<?> ai = a.iterator();
            int i = 0;
            for (Object item : e) {
                assertModelEquals(item, ai.next(), path + "[" + i++ + "]");
            }
            return;
        }
        if (!(expected instanceof RaftModel)) {
            assertEquals(expected, actual, path);
            return;
        }
        Map<String, Method> getters = modelGetters(expected.getClass());
        assertTrue(getters.size() >= 1, path + " has getters");
        for (Method getter : getters.values()) {
            assertTrue(getter.getDeclaringClass().isInstance(actual), path + " is a " + getter.getDeclaringClass());
            try {
                assertModelEquals(getter.invoke(expected), getter.invoke(actual), path + "." + getter.getName());
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(path + "." + getter.getName(), e);
            }
        }
    }

    /** The no-argument instance methods of the model interfaces (those extending RaftModel) {@code type} implements. */
    static Map<String, Method> modelGetters(Class<?> type) {
        Map<String, Method> getters = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>();
        collect(type, getters, seen);
        return getters;
    }

    private static void collect(Class<?> type, Map<String, Method> getters, Set<String> seen) {
        if (type == null || !seen.add(type.getName())) {
            return;
        }
        if (type.isInterface() && RaftModel.class.isAssignableFrom(type)) { // not the builder interfaces
            for (Method m : type.getDeclaredMethods()) {
                if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                        && m.getReturnType() != void.class) {
                    getters.putIfAbsent(m.getName(), m);
                }
            }
        }
        for (Class<?> i : type.getInterfaces()) {
            collect(i, getters, seen);
        }
        collect(type.getSuperclass(), getters, seen);
    }
}
