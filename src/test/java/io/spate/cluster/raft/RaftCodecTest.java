package io.spate.cluster.raft;

import static io.spate.cluster.raft.RaftModels.FACTORY;
import static io.spate.cluster.raft.RaftModels.N1;
import static io.spate.cluster.raft.RaftModels.N2;
import static io.spate.cluster.raft.RaftModels.assertModelEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.microraft.MembershipChangeMode;
import io.microraft.RaftEndpoint;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.InstallSnapshotRequest;
import io.microraft.model.message.RaftMessage;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.microraft.persistence.RaftStoreSerializer.Serializer;
import io.spate.cluster.MetadataImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RaftCodecTest {
    private final RaftCodec codec = new RaftCodec();

    @Test
    void everyTypeSurvivesARoundTripFieldByField() {
        for (Object value : RaftModels.everyValue()) {
            byte[] bytes = codec.encode(value);
            assertEquals(RaftCodec.VERSION, bytes[0], "version first");
            Object decoded = codec.decode(bytes, Object.class);
            assertModelEquals(value, decoded, value.getClass().getSimpleName());
            assertTrue(Arrays.equals(bytes, codec.encode(decoded)), "re-encoding " + value + " gives the same bytes");
        }
    }

    @Test
    void aForwardedProposalsAnswersAndRefusalsRoundTrip() {
        MetadataImage img = RaftModels.image(12);
        assertEquals(new ProposalResult.Applied(img), codec.decode(codec.encode(new ProposalResult.Applied(img)),
                ProposalResult.class));
        assertEquals(new ProposalResult.Conflict(img), codec.decode(codec.encode(new ProposalResult.Conflict(img)),
                ProposalResult.class));
        ForwardRefusal notLeader = new ForwardRefusal(ForwardRefusal.Reason.NOT_LEADER, java.util.Optional.of(N2));
        assertEquals(notLeader, codec.decode(codec.encode(notLeader), ForwardRefusal.class));
        // a refusal rebuilds MicroRaft's own exception, naming the leader, for the proposer's usual handling
        io.microraft.exception.RaftException e = notLeader.toException(N1);
        assertTrue(e instanceof io.microraft.exception.NotLeaderException, e.toString());
        assertEquals(N2, e.getLeader());
        assertEquals(java.util.Optional.of(notLeader), ForwardRefusal.of(e));
        assertEquals(java.util.Optional.empty(), ForwardRefusal.of(new IllegalStateException("x")));
        // an answer is no log operation: a log entry carrying one does not decode
        byte[] entry = codec.encode(FACTORY.createLogEntryBuilder().setIndex(1).setTerm(1)
                .setOperation(new MetadataCommand.NewTerm()).build());
        byte[] answer = codec.encode(new ProposalResult.Applied(MetadataImage.EMPTY));
        byte[] forged = Arrays.copyOf(entry, entry.length - 1 + answer.length - 1);
        System.arraycopy(answer, 1, forged, entry.length - 1, answer.length - 1);
        assertThrows(RaftCodecException.class, () -> codec.decode(forged, LogEntry.class));
        // an import of the empty image is refused both ways
        assertThrows(IllegalArgumentException.class, () -> new MetadataCommand.Import(MetadataImage.EMPTY));
        byte[] imp = codec.encode(new MetadataCommand.Import(RaftModels.image(1)));
        byte[] snap = codec.encode(new MetadataCommand.Snapshot(MetadataImage.EMPTY));
        byte[] emptyImport = Arrays.copyOf(snap, snap.length);
        emptyImport[1] = imp[1];
        RaftCodecException bad = assertThrows(RaftCodecException.class, () -> codec.decode(emptyImport, Object.class));
        assertTrue(bad.getMessage().contains("epoch"), bad.getMessage());
        byte[] refusal = codec.encode(notLeader);
        refusal[2] = 9;
        assertThrows(RaftCodecException.class, () -> codec.decode(refusal, Object.class));
    }

    @Test
    void everyMessageTypeIsCovered() {
        // the jar's full list of messages, so a type missing from the fixtures fails here
        List<Class<?>> types = RaftModels.everyMessage().stream().<Class<?>>map(m -> RaftType.typeOf(m).javaType)
                .distinct().toList();
        assertEquals(10, types.size(), types.toString());
        for (RaftType t : RaftType.values()) {
            assertTrue(RaftModels.everyValue().stream().anyMatch(t.javaType::isInstance), "a fixture of " + t);
        }
    }

    @Test
    void aMultiEntryAppendEntriesKeepsItsEntriesAndOperationsInOrder() {
        AppendEntriesRequest sent = (AppendEntriesRequest) RaftModels.appendEntries();
        AppendEntriesRequest got = (AppendEntriesRequest) codec.decodeMessage(codec.encode(sent));
        assertEquals(4, got.getLogEntries().size());
        assertEquals(5_000_000_001L, got.getLogEntries().get(1).getIndex());
        MetadataCommand.SetImage set = (MetadataCommand.SetImage) got.getLogEntries().get(1).getOperation();
        assertEquals(RaftModels.image(4_322), set.next());
        assertEquals(4_321, set.expectedEpoch());
        assertEquals("86400000", set.next().topic("orders").configs().get("retention.ms"));
        assertEquals(List.of(4), set.next().topic("orders").partitions().get(1).adding());
    }

    @Test
    void anInstallSnapshotRequestCarriesItsChunkAndGroupMembers() {
        InstallSnapshotRequest sent = (InstallSnapshotRequest) RaftModels.everyMessage().get(4);
        InstallSnapshotRequest got = (InstallSnapshotRequest) codec.decodeMessage(codec.encode(sent));
        SnapshotChunk chunk = got.getSnapshotChunk();
        assertEquals(1, chunk.getSnapshotChunkIndex());
        assertEquals(2, chunk.getSnapshotChunkCount());
        assertEquals(new MetadataCommand.Snapshot(RaftModels.image(4_321)), chunk.getOperation());
        assertEquals(List.of(1, 2, 3, 4), chunk.getGroupMembersView().getMembers().stream()
                .map(RaftEndpoint::getId).toList());
        assertEquals(List.of(1, 2, 3), got.getGroupMembersView().getVotingMembers().stream()
                .map(RaftEndpoint::getId).toList());
        assertEquals(List.of(N2, N1), List.copyOf(got.getSnapshottedMembers()));
        InstallSnapshotRequest empty = (InstallSnapshotRequest) codec.decodeMessage(
                codec.encode(RaftModels.everyMessage().get(5)));
        assertNull(empty.getSnapshotChunk(), "a leader's notice carries no chunk");
    }

    @Test
    void theStoreSerializersRoundTripTheirTypesAndRefuseOthers() {
        check(codec.logEntrySerializer(), RaftModels.entry(5, 1, RaftModels.membershipChange(
                MembershipChangeMode.ADD_OR_PROMOTE_TO_FOLLOWER)));
        check(codec.snapshotChunkSerializer(), RaftModels.chunk(0, 1));
        check(codec.raftGroupMembersViewSerializer(), RaftModels.members());
        check(codec.raftEndpointSerializer(), N2);
        check(codec.raftEndpointPersistentStateSerializer(), FACTORY.createRaftEndpointPersistentStateBuilder()
                .setLocalEndpoint(N1).setVoting(true).build());
        check(codec.raftTermPersistentState(), FACTORY.createRaftTermPersistentStateBuilder().setTerm(4)
                .setVotedFor(null).build());

        byte[] chunk = codec.snapshotChunkSerializer().serialize(RaftModels.chunk(0, 1));
        RaftCodecException e = assertThrows(RaftCodecException.class,
                () -> codec.logEntrySerializer().deserialize(chunk));
        assertTrue(e.getMessage().contains("expected a LogEntry, found a SnapshotChunk"), e.getMessage());
        assertThrows(RaftCodecException.class, () -> codec.raftTermPersistentState()
                .deserialize(codec.encode(N1)));
        assertThrows(RaftCodecException.class, () -> codec.decodeMessage(codec.encode(RaftModels.members())));
    }

    private static <T> void check(Serializer<T> serializer, T value) {
        T back = serializer.deserialize(serializer.serialize(value));
        assertModelEquals(value, back, value.getClass().getSimpleName());
    }

    @Test
    void everyTruncationOfEveryEncodingIsRefused() {
        for (Object value : RaftModels.everyValue()) {
            byte[] bytes = codec.encode(value);
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThrows(RaftCodecException.class, () -> codec.decode(cut, Object.class),
                        value.getClass().getSimpleName() + " cut to " + length + " of " + bytes.length + " bytes");
            }
        }
    }

    @Test
    void trailingBytesAreRefused() {
        for (Object value : RaftModels.everyValue()) {
            byte[] bytes = codec.encode(value);
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            RaftCodecException e = assertThrows(RaftCodecException.class, () -> codec.decode(longer, Object.class));
            assertTrue(e.getMessage().contains("trailing"), e.getMessage());
        }
    }

    @Test
    void anUnknownVersionOrTypeIsRefused() {
        byte[] bytes = codec.encode(RaftModels.everyMessage().get(8));
        byte[] v2 = bytes.clone();
        v2[0] = 2;
        assertMessage("unknown Raft codec version 2", v2);
        byte[] tag = bytes.clone();
        tag[1] = 99;
        assertMessage("unknown Raft codec type 99", tag);
        tag[1] = -1;
        assertMessage("unknown Raft codec type -1", tag);

        // an operation tag that is a type but not an operation
        byte[] entry = codec.encode(RaftModels.entry(1, 1, new MetadataCommand.NewTerm()));
        entry[2 + 12] = RaftType.RAFT_ENDPOINT.tag;
        assertMessage("unknown operation type 24", entry);
    }

    @Test
    void negativeOrImpossibleLengthsCountsAndValuesAreRefused() {
        // an AppendEntries request with no entries: version, tag, group id, sender, term, prevLogTerm,
        // prevLogIndex, commitIndex, then the entry count
        byte[] empty = codec.encode(RaftModels.everyMessage().get(1));
        int countAt = 2 + 2 + RaftModels.GROUP.length() + 4 + 4 + 4 + 8 + 8;
        assertMessage("negative array count -5", withInt(empty, countAt, -5));
        assertMessage("array count 2147483647 exceeds", withInt(empty, countAt, Integer.MAX_VALUE));
        assertMessage("array count 2 exceeds", withInt(empty, countAt, 2)); // 16 bytes left, an entry takes 13 or more
        assertMessage("negative node id -7", withInt(empty, 2 + 2 + RaftModels.GROUP.length(), -7));
        assertMessage("term is never negative", withInt(empty, 2 + 2 + RaftModels.GROUP.length() + 4, -1));
        assertMessage("negative string length", withShort(empty, 2, -3));

        byte[] vote = codec.encode(RaftModels.everyMessage().get(8)); // a pre-vote response: ends with its bool
        vote[vote.length - 1] = 2;
        assertMessage("bool must be 0 or 1", vote);

        // a snapshot chunk: index, term, operation (tag + image bytes), count, index, members
        byte[] chunk = codec.encode(RaftModels.chunk(0, 1));
        int imageLengthAt = 2 + 8 + 4 + 1;
        int imageLength = ByteBuffer.wrap(chunk, imageLengthAt, 4).getInt();
        int chunkCountAt = imageLengthAt + 4 + imageLength;
        assertMessage("snapshot chunk count 2000000000 is not in", withInt(chunk, chunkCountAt, 2_000_000_000));
        assertMessage("snapshot chunk count -1 is not in", withInt(chunk, chunkCountAt, -1));
        assertMessage("snapshot chunk index 1 is not in [0, 1)", withInt(chunk, chunkCountAt + 4, 1));
        assertMessage("bytes of 2147483647 bytes", withInt(chunk, imageLengthAt, Integer.MAX_VALUE));
        assertMessage("negative bytes length", withInt(chunk, imageLengthAt, -2));

        byte[] term = codec.encode(FACTORY.createRaftTermPersistentStateBuilder().setTerm(3).setVotedFor(N1).build());
        assertMessage("negative node id -2", withInt(term, 6, -2));
        byte[] change = codec.encode(RaftModels.membershipChange(MembershipChangeMode.REMOVE_MEMBER));
        change[change.length - 1] = 3;
        assertMessage("unknown membership change mode 3", change);
    }

    @Test
    void anImageThatIsNotOneIsRefused() {
        assertMessage("not a metadata image", operation(RaftType.SNAPSHOT, "{\"epoch\": 3, \"topics\": [".getBytes()));
        assertMessage("a null image", operation(RaftType.SNAPSHOT, "null".getBytes()));
        assertMessage("not a metadata image", operation(RaftType.SNAPSHOT, new byte[] {(byte) 0xff, 0x00}));
        // a compare-and-set whose image is not the next epoch
        byte[] json = RaftModels.image(9).toJson().getBytes(StandardCharsets.UTF_8);
        ByteBuffer set = ByteBuffer.allocate(2 + 8 + 4 + json.length).put(RaftCodec.VERSION)
                .put(RaftType.SET_IMAGE.tag).putLong(3).putInt(json.length).put(json);
        assertMessage("a change moves the epoch by one", set.array());
    }

    @Test
    void randomBytesAndMutatedEncodingsThrowNothingButTheCodecsException() {
        Random random = new Random(15);
        List<byte[]> valid = RaftModels.everyValue().stream().map(codec::encode).toList();
        int decoded = 0;
        for (int round = 0; round < 50_000; round++) {
            byte[] bytes;
            if (round % 2 == 0) {
                bytes = new byte[random.nextInt(64)];
                random.nextBytes(bytes);
                if (bytes.length > 1 && round % 4 == 0) {
                    bytes[0] = RaftCodec.VERSION; // get past the version to reach the bodies
                    RaftType[] types = RaftType.values();
                    bytes[1] = types[random.nextInt(types.length)].tag;
                }
            } else {
                bytes = valid.get(random.nextInt(valid.size())).clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    bytes[1 + random.nextInt(bytes.length - 1)] = (byte) random.nextInt(256);
                }
            }
            try {
                codec.decode(bytes, Object.class);
                decoded++;
            } catch (RaftCodecException expected) {
                // the one failure allowed
            } catch (Throwable t) {
                fail("decoding " + Arrays.toString(bytes) + " threw " + t, t);
            }
        }
        assertTrue(decoded > 0, "some mutations still decode (a changed term, say): the fuzz reached the bodies");
    }

    @Test
    void valuesTheFormatCannotHoldAreRefusedWhenEncoding() {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(FACTORY.createVoteResponseBuilder()
                .setGroupId(15).setSender(N1).setTerm(1).setGranted(true).build()));
        RaftEndpoint foreign = () -> "somewhere";
        assertThrows(IllegalArgumentException.class, () -> codec.encode(FACTORY.createVoteResponseBuilder()
                .setGroupId("g").setSender(foreign).setTerm(1).setGranted(true).build()));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(RaftModels.entry(1, 1, "an operation")));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(RaftModels.entry(1, -1,
                new MetadataCommand.NewTerm())));
        assertThrows(IllegalArgumentException.class, () -> codec.encode("a string"));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(
                FACTORY.createSnapshotEntryBuilder().build()), "the initial snapshot entry");
        assertThrows(IllegalArgumentException.class, () -> codec.encode(RaftModels.chunk(0,
                RaftCodec.MAX_SNAPSHOT_CHUNKS + 1)));
    }

    @Test
    void decodedObjectsAreOfTheModelInterfaces() {
        Object entry = codec.decode(codec.encode(RaftModels.entry(3, 1, new MetadataCommand.NewTerm())), Object.class);
        assertTrue(entry instanceof LogEntry);
        assertTrue(codec.decode(codec.encode(RaftModels.members()), Object.class) instanceof RaftGroupMembersView);
        assertTrue(codec.decode(codec.encode(FACTORY.createRaftEndpointPersistentStateBuilder().setLocalEndpoint(N1)
                .setVoting(true).build()), Object.class) instanceof RaftEndpointPersistentState);
        assertTrue(codec.decode(codec.encode(FACTORY.createRaftTermPersistentStateBuilder().setTerm(1).build()),
                Object.class) instanceof RaftTermPersistentState);
        assertTrue(codec.decodeMessage(codec.encode(RaftModels.appendEntries())) instanceof RaftMessage);
        assertEquals(MetadataImage.EMPTY, ((MetadataCommand.Snapshot) codec.decode(
                codec.encode(new MetadataCommand.Snapshot(MetadataImage.EMPTY)), Object.class)).image());
    }

    private byte[] operation(RaftType type, byte[] json) {
        return ByteBuffer.allocate(2 + 4 + json.length).put(RaftCodec.VERSION).put(type.tag).putInt(json.length)
                .put(json).array();
    }

    private void assertMessage(String expected, byte[] bytes) {
        RaftCodecException e = assertThrows(RaftCodecException.class, () -> codec.decode(bytes, Object.class));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should say '" + expected + "'");
    }

    private static byte[] withInt(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putInt(at, value);
        return copy;
    }

    private static byte[] withShort(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putShort(at, (short) value);
        return copy;
    }
}
