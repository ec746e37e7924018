package io.spate.cluster.raft;

import io.microraft.MembershipChangeMode;
import io.microraft.RaftEndpoint;
import io.microraft.model.RaftModelFactory;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.netty.buffer.ByteBuf;
import io.spate.cluster.MetadataImage;
import io.spate.protocol.MalformedMessageException;
import io.spate.protocol.Wire;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the bodies of {@link RaftCodec}'s format (see there) into objects of the model factory.
 * Every failure is a {@link MalformedMessageException} carrying the byte position, which
 * {@link RaftCodec} turns into a {@link RaftCodecException}; every length and count is checked
 * against the bytes left before anything is allocated. Stateless but for the factory.
 */
final class RaftDecoder {
    /** The fewest bytes one item of each kind of array takes, which bounds an array's count by the input. */
    private static final int MIN_ENDPOINT_BYTES = 4;
    private static final int MIN_OPERATION_BYTES = 1;
    private static final int MIN_LOG_ENTRY_BYTES = 8 + 4 + MIN_OPERATION_BYTES;
    private static final int MIN_MEMBERS_VIEW_BYTES = 8 + 4 + 4;
    private static final int MIN_CHUNK_BYTES = 8 + 4 + MIN_OPERATION_BYTES + 4 + 4 + MIN_MEMBERS_VIEW_BYTES;

    private final RaftModelFactory factory;

    RaftDecoder(RaftModelFactory factory) {
        this.factory = factory;
    }

    Object readBody(RaftType type, ByteBuf in) {
        return switch (type) {
            case APPEND_ENTRIES_REQUEST -> {
                var b = factory.createAppendEntriesRequestBuilder().setGroupId(readGroupId(in))
                        .setSender(readEndpoint(in)).setTerm(readTerm(in, "term"));
                b.setPreviousLogTerm(readTerm(in, "previous log term"))
                        .setPreviousLogIndex(readIndex(in, "previous log index"))
                        .setCommitIndex(readIndex(in, "commit index"))
                        .setLogEntries(Wire.readArray(in, MIN_LOG_ENTRY_BYTES, this::readLogEntry))
                        .setQuerySequenceNumber(readIndex(in, "query sequence number"))
                        .setFlowControlSequenceNumber(readIndex(in, "flow control sequence number"));
                yield b.build();
            }
            case APPEND_ENTRIES_SUCCESS_RESPONSE -> factory.createAppendEntriesSuccessResponseBuilder()
                    .setGroupId(readGroupId(in)).setSender(readEndpoint(in)).setTerm(readTerm(in, "term"))
                    .setLastLogIndex(readIndex(in, "last log index"))
                    .setQuerySequenceNumber(readIndex(in, "query sequence number"))
                    .setFlowControlSequenceNumber(readIndex(in, "flow control sequence number")).build();
            case APPEND_ENTRIES_FAILURE_RESPONSE -> factory.createAppendEntriesFailureResponseBuilder()
                    .setGroupId(readGroupId(in)).setSender(readEndpoint(in)).setTerm(readTerm(in, "term"))
                    .setExpectedNextIndex(readIndex(in, "expected next index"))
                    .setQuerySequenceNumber(readIndex(in, "query sequence number"))
                    .setFlowControlSequenceNumber(readIndex(in, "flow control sequence number")).build();
            case INSTALL_SNAPSHOT_REQUEST -> {
                var b = factory.createInstallSnapshotRequestBuilder().setGroupId(readGroupId(in))
                        .setSender(readEndpoint(in)).setTerm(readTerm(in, "term"));
                b.setSenderLeader(Wire.readBool(in)).setSnapshotTerm(readTerm(in, "snapshot term"))
                        .setSnapshotIndex(readIndex(in, "snapshot index"))
                        .setTotalSnapshotChunkCount(readChunkCount(in))
                        .setSnapshotChunk(Wire.readBool(in) ? readSnapshotChunk(in) : null)
                        .setSnapshottedMembers(readEndpoints(in)).setGroupMembersView(readMembersView(in))
                        .setQuerySequenceNumber(readIndex(in, "query sequence number"))
                        .setFlowControlSequenceNumber(readIndex(in, "flow control sequence number"));
                yield b.build();
            }
            case INSTALL_SNAPSHOT_RESPONSE -> factory.createInstallSnapshotResponseBuilder()
                    .setGroupId(readGroupId(in)).setSender(readEndpoint(in)).setTerm(readTerm(in, "term"))
                    .setSnapshotIndex(readIndex(in, "snapshot index"))
                    .setRequestedSnapshotChunkIndex(readTerm(in, "requested snapshot chunk index"))
                    .setQuerySequenceNumber(readIndex(in, "query sequence number"))
                    .setFlowControlSequenceNumber(readIndex(in, "flow control sequence number")).build();
            case PRE_VOTE_REQUEST -> factory.createPreVoteRequestBuilder()
                    .setGroupId(readGroupId(in)).setSender(readEndpoint(in)).setTerm(readTerm(in, "term"))
                    .setLastLogTerm(readTerm(in, "last log term")).setLastLogIndex(readIndex(in, "last log index"))
                    .build();
            case PRE_VOTE_RESPONSE -> factory.createPreVoteResponseBuilder()
                    .setGroupId(readGroupId(in)).setSender(readEndpoint(in)).setTerm(readTerm(in, "term"))
                    .setGranted(Wire.readBool(in)).build();
            case VOTE_REQUEST -> factory.createVoteRequestBuilder()
                    .setGroupId(readGroupId(in)).setSender(readEndpoint(in)).setTerm(readTerm(in, "term"))
                    .setLastLogTerm(readTerm(in, "last log term")).setLastLogIndex(readIndex(in, "last log index"))
                    .setSticky(Wire.readBool(in)).build();
            case VOTE_RESPONSE -> factory.createVoteResponseBuilder()
                    .setGroupId(readGroupId(in)).setSender(readEndpoint(in)).setTerm(readTerm(in, "term"))
                    .setGranted(Wire.readBool(in)).build();
            case TRIGGER_LEADER_ELECTION_REQUEST -> factory.createTriggerLeaderElectionRequestBuilder()
                    .setGroupId(readGroupId(in)).setSender(readEndpoint(in)).setTerm(readTerm(in, "term"))
                    .setLastLogTerm(readTerm(in, "last log term")).setLastLogIndex(readIndex(in, "last log index"))
                    .build();
            case LOG_ENTRY -> readLogEntry(in);
            case SNAPSHOT_ENTRY -> {
                var b = factory.createSnapshotEntryBuilder().setIndex(readIndex(in, "snapshot index"))
                        .setTerm(readTerm(in, "snapshot term")).setGroupMembersView(readMembersView(in));
                int count = readChunkCount(in);
                checkCount(in, count, MIN_CHUNK_BYTES);
                List<SnapshotChunk> chunks = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    chunks.add(readSnapshotChunk(in));
                }
                yield b.setSnapshotChunks(chunks).build();
            }
            case SNAPSHOT_CHUNK -> readSnapshotChunk(in);
            case RAFT_GROUP_MEMBERS_VIEW -> readMembersView(in);
            case RAFT_ENDPOINT -> readEndpoint(in);
            case RAFT_ENDPOINT_PERSISTENT_STATE -> factory.createRaftEndpointPersistentStateBuilder()
                    .setLocalEndpoint(readEndpoint(in)).setVoting(Wire.readBool(in)).build();
            case RAFT_TERM_PERSISTENT_STATE -> factory.createRaftTermPersistentStateBuilder()
                    .setTerm(readTerm(in, "term")).setVotedFor(readNullableEndpoint(in)).build();
            case UPDATE_RAFT_GROUP_MEMBERS_OP -> factory.createUpdateRaftGroupMembersOpBuilder()
                    .setMembers(readEndpoints(in)).setVotingMembers(readEndpoints(in))
                    .setEndpoint(readEndpoint(in)).setMode(readMode(in)).build();
            case NEW_TERM -> new MetadataCommand.NewTerm();
            case SET_IMAGE -> {
                int at = in.readerIndex();
                long expectedEpoch = readIndex(in, "expected epoch");
                MetadataImage next = readImage(in);
                try {
                    yield new MetadataCommand.SetImage(expectedEpoch, next);
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException(e.getMessage(), at);
                }
            }
            case SNAPSHOT -> new MetadataCommand.Snapshot(readImage(in));
            case IMPORT -> {
                int at = in.readerIndex();
                MetadataImage image = readImage(in);
                try {
                    yield new MetadataCommand.Import(image);
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException(e.getMessage(), at);
                }
            }
            case APPLIED -> new ProposalResult.Applied(readImage(in));
            case CONFLICT -> new ProposalResult.Conflict(readImage(in));
            case FORWARD_REFUSAL -> {
                int at = in.readerIndex();
                byte reason = Wire.readInt8(in);
                ForwardRefusal.Reason[] reasons = ForwardRefusal.Reason.values();
                if (reason < 0 || reason >= reasons.length) {
                    throw new MalformedMessageException("unknown refusal reason " + reason, at);
                }
                SpateEndpoint leader = (SpateEndpoint) readNullableEndpoint(in);
                yield new ForwardRefusal(reasons[reason], java.util.Optional.ofNullable(leader));
            }
        };
    }

    private String readGroupId(ByteBuf in) {
        return Wire.readString(in);
    }

    private LogEntry readLogEntry(ByteBuf in) {
        return factory.createLogEntryBuilder().setIndex(readIndex(in, "log entry index"))
                .setTerm(readTerm(in, "log entry term")).setOperation(readOperation(in)).build();
    }

    private SnapshotChunk readSnapshotChunk(ByteBuf in) {
        var b = factory.createSnapshotChunkBuilder().setIndex(readIndex(in, "snapshot index"))
                .setTerm(readTerm(in, "snapshot term")).setOperation(readOperation(in));
        int count = readChunkCount(in);
        int index = Wire.readInt32(in);
        if (index < 0 || index >= count) {
            throw new MalformedMessageException("snapshot chunk index " + index + " is not in [0, " + count + ")",
                    in.readerIndex() - 4);
        }
        return b.setSnapshotChunkCount(count).setSnapshotChunkIndex(index).setGroupMembersView(readMembersView(in))
                .build();
    }

    private RaftGroupMembersView readMembersView(ByteBuf in) {
        return factory.createRaftGroupMembersViewBuilder().setLogIndex(readIndex(in, "group members log index"))
                .setMembers(readEndpoints(in)).setVotingMembers(readEndpoints(in)).build();
    }

    private Object readOperation(ByteBuf in) {
        byte tag = Wire.readInt8(in);
        RaftType type = RaftType.ofTag(tag);
        if (type == null || !type.isOperation()) {
            throw new MalformedMessageException("unknown operation type " + tag, in.readerIndex() - 1);
        }
        return readBody(type, in);
    }

    private MetadataImage readImage(ByteBuf in) {
        int at = in.readerIndex();
        byte[] json = Wire.readBytes(in);
        MetadataImage image;
        try {
            image = MetadataImage.fromJson(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(e.getMessage(), at);
        }
        if (image == null) { // the JSON text "null"
            throw new MalformedMessageException("a null image", at);
        }
        return image;
    }

    private List<RaftEndpoint> readEndpoints(ByteBuf in) {
        return Wire.readArray(in, MIN_ENDPOINT_BYTES, this::readEndpoint);
    }

    private RaftEndpoint readEndpoint(ByteBuf in) {
        int nodeId = Wire.readInt32(in);
        if (nodeId < 0) {
            throw new MalformedMessageException("negative node id " + nodeId, in.readerIndex() - 4);
        }
        return new SpateEndpoint(nodeId);
    }

    private RaftEndpoint readNullableEndpoint(ByteBuf in) {
        int nodeId = Wire.readInt32(in);
        if (nodeId == RaftCodec.NO_ENDPOINT) {
            return null;
        }
        if (nodeId < 0) {
            throw new MalformedMessageException("negative node id " + nodeId, in.readerIndex() - 4);
        }
        return new SpateEndpoint(nodeId);
    }

    private MembershipChangeMode readMode(ByteBuf in) {
        byte code = Wire.readInt8(in);
        MembershipChangeMode mode = RaftCodec.modeOf(code);
        if (mode == null) {
            throw new MalformedMessageException("unknown membership change mode " + code, in.readerIndex() - 1);
        }
        return mode;
    }

    private static int readChunkCount(ByteBuf in) {
        int count = Wire.readInt32(in);
        if (count < 0 || count > RaftCodec.MAX_SNAPSHOT_CHUNKS) {
            throw new MalformedMessageException("snapshot chunk count " + count + " is not in [0, "
                    + RaftCodec.MAX_SNAPSHOT_CHUNKS + "]", in.readerIndex() - 4);
        }
        return count;
    }

    private static void checkCount(ByteBuf in, int count, int minItemBytes) {
        if ((long) count * minItemBytes > in.readableBytes()) {
            throw new MalformedMessageException("count " + count + " exceeds the " + in.readableBytes()
                    + " bytes left", in.readerIndex() - 4);
        }
    }

    private static int readTerm(ByteBuf in, String what) {
        int value = Wire.readInt32(in);
        if (value < 0) {
            throw new MalformedMessageException(what + " is never negative, was " + value, in.readerIndex() - 4);
        }
        return value;
    }

    private static long readIndex(ByteBuf in, String what) {
        long value = Wire.readInt64(in);
        if (value < 0) {
            throw new MalformedMessageException(what + " is never negative, was " + value, in.readerIndex() - 8);
        }
        return value;
    }
}
