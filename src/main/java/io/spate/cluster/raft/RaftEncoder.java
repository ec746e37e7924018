package io.spate.cluster.raft;

import io.microraft.RaftEndpoint;
import io.microraft.model.groupop.UpdateRaftGroupMembersOp;
import io.microraft.model.log.LogEntry;
import io.microraft.model.log.RaftGroupMembersView;
import io.microraft.model.log.SnapshotChunk;
import io.microraft.model.log.SnapshotEntry;
import io.microraft.model.message.AppendEntriesFailureResponse;
import io.microraft.model.message.AppendEntriesRequest;
import io.microraft.model.message.AppendEntriesSuccessResponse;
import io.microraft.model.message.InstallSnapshotRequest;
import io.microraft.model.message.InstallSnapshotResponse;
import io.microraft.model.message.PreVoteRequest;
import io.microraft.model.message.PreVoteResponse;
import io.microraft.model.message.RaftMessage;
import io.microraft.model.message.TriggerLeaderElectionRequest;
import io.microraft.model.message.VoteRequest;
import io.microraft.model.message.VoteResponse;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;
import io.netty.buffer.ByteBuf;
import io.spate.protocol.Wire;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Writes the bodies of {@link RaftCodec}'s format (see there). A value the format cannot hold (a
 * null where a value is required, a negative term or index, an endpoint that is not a
 * {@link SpateEndpoint}, a group id that is not a String, an operation of an unknown type) throws
 * {@link IllegalArgumentException}: it is a programming error on the sending side, and refusing it
 * here keeps a peer from having to refuse it later. Stateless.
 */
final class RaftEncoder {
    private RaftEncoder() {
    }

    static void writeBody(RaftType type, Object value, ByteBuf out) {
        switch (type) {
            case APPEND_ENTRIES_REQUEST -> {
                AppendEntriesRequest m = (AppendEntriesRequest) value;
                writeHeader(out, m);
                writeTerm(out, m.getPreviousLogTerm(), "previous log term");
                writeIndex(out, m.getPreviousLogIndex(), "previous log index");
                writeIndex(out, m.getCommitIndex(), "commit index");
                List<LogEntry> entries = required(m.getLogEntries(), "log entries");
                out.writeInt(entries.size());
                entries.forEach(e -> writeLogEntry(out, e));
                writeIndex(out, m.getQuerySequenceNumber(), "query sequence number");
                writeIndex(out, m.getFlowControlSequenceNumber(), "flow control sequence number");
            }
            case APPEND_ENTRIES_SUCCESS_RESPONSE -> {
                AppendEntriesSuccessResponse m = (AppendEntriesSuccessResponse) value;
                writeHeader(out, m);
                writeIndex(out, m.getLastLogIndex(), "last log index");
                writeIndex(out, m.getQuerySequenceNumber(), "query sequence number");
                writeIndex(out, m.getFlowControlSequenceNumber(), "flow control sequence number");
            }
            case APPEND_ENTRIES_FAILURE_RESPONSE -> {
                AppendEntriesFailureResponse m = (AppendEntriesFailureResponse) value;
                writeHeader(out, m);
                writeIndex(out, m.getExpectedNextIndex(), "expected next index");
                writeIndex(out, m.getQuerySequenceNumber(), "query sequence number");
                writeIndex(out, m.getFlowControlSequenceNumber(), "flow control sequence number");
            }
            case INSTALL_SNAPSHOT_REQUEST -> {
                InstallSnapshotRequest m = (InstallSnapshotRequest) value;
                writeHeader(out, m);
                Wire.writeBool(out, m.isSenderLeader());
                writeTerm(out, m.getSnapshotTerm(), "snapshot term");
                writeIndex(out, m.getSnapshotIndex(), "snapshot index");
                writeChunkCount(out, m.getTotalSnapshotChunkCount());
                // null when a leader only tells a follower that a snapshot exists
                Wire.writeBool(out, m.getSnapshotChunk() != null);
                if (m.getSnapshotChunk() != null) {
                    writeSnapshotChunk(out, m.getSnapshotChunk());
                }
                writeEndpoints(out, m.getSnapshottedMembers(), "snapshotted members");
                writeMembersView(out, m.getGroupMembersView());
                writeIndex(out, m.getQuerySequenceNumber(), "query sequence number");
                writeIndex(out, m.getFlowControlSequenceNumber(), "flow control sequence number");
            }
            case INSTALL_SNAPSHOT_RESPONSE -> {
                InstallSnapshotResponse m = (InstallSnapshotResponse) value;
                writeHeader(out, m);
                writeIndex(out, m.getSnapshotIndex(), "snapshot index");
                writeTerm(out, m.getRequestedSnapshotChunkIndex(), "requested snapshot chunk index");
                writeIndex(out, m.getQuerySequenceNumber(), "query sequence number");
                writeIndex(out, m.getFlowControlSequenceNumber(), "flow control sequence number");
            }
            case PRE_VOTE_REQUEST -> {
                PreVoteRequest m = (PreVoteRequest) value;
                writeHeader(out, m);
                writeTerm(out, m.getLastLogTerm(), "last log term");
                writeIndex(out, m.getLastLogIndex(), "last log index");
            }
            case PRE_VOTE_RESPONSE -> {
                PreVoteResponse m = (PreVoteResponse) value;
                writeHeader(out, m);
                Wire.writeBool(out, m.isGranted());
            }
            case VOTE_REQUEST -> {
                VoteRequest m = (VoteRequest) value;
                writeHeader(out, m);
                writeTerm(out, m.getLastLogTerm(), "last log term");
                writeIndex(out, m.getLastLogIndex(), "last log index");
                Wire.writeBool(out, m.isSticky());
            }
            case VOTE_RESPONSE -> {
                VoteResponse m = (VoteResponse) value;
                writeHeader(out, m);
                Wire.writeBool(out, m.isGranted());
            }
            case TRIGGER_LEADER_ELECTION_REQUEST -> {
                TriggerLeaderElectionRequest m = (TriggerLeaderElectionRequest) value;
                writeHeader(out, m);
                writeTerm(out, m.getLastLogTerm(), "last log term");
                writeIndex(out, m.getLastLogIndex(), "last log index");
            }
            case LOG_ENTRY -> writeLogEntry(out, (LogEntry) value);
            case SNAPSHOT_ENTRY -> writeSnapshotEntry(out, (SnapshotEntry) value);
            case SNAPSHOT_CHUNK -> writeSnapshotChunk(out, (SnapshotChunk) value);
            case RAFT_GROUP_MEMBERS_VIEW -> writeMembersView(out, (RaftGroupMembersView) value);
            case RAFT_ENDPOINT -> writeEndpoint(out, (RaftEndpoint) value, "endpoint");
            case RAFT_ENDPOINT_PERSISTENT_STATE -> {
                RaftEndpointPersistentState s = (RaftEndpointPersistentState) value;
                writeEndpoint(out, s.getLocalEndpoint(), "local endpoint");
                Wire.writeBool(out, s.isVoting());
            }
            case RAFT_TERM_PERSISTENT_STATE -> {
                RaftTermPersistentState s = (RaftTermPersistentState) value;
                writeTerm(out, s.getTerm(), "term");
                // no vote in this term yet: -1, which no node id is
                out.writeInt(s.getVotedFor() == null ? RaftCodec.NO_ENDPOINT : nodeId(s.getVotedFor(), "voted for"));
            }
            case UPDATE_RAFT_GROUP_MEMBERS_OP -> {
                UpdateRaftGroupMembersOp op = (UpdateRaftGroupMembersOp) value;
                writeEndpoints(out, op.getMembers(), "members");
                writeEndpoints(out, op.getVotingMembers(), "voting members");
                writeEndpoint(out, op.getEndpoint(), "endpoint");
                out.writeByte(RaftCodec.modeCode(required(op.getMode(), "mode")));
            }
            case NEW_TERM -> {
                // nothing but the tag
            }
            case SET_IMAGE -> {
                MetadataCommand.SetImage c = (MetadataCommand.SetImage) value;
                writeIndex(out, c.expectedEpoch(), "expected epoch");
                Wire.writeBytes(out, c.next().toJson().getBytes(StandardCharsets.UTF_8));
            }
            case SNAPSHOT -> Wire.writeBytes(out,
                    ((MetadataCommand.Snapshot) value).image().toJson().getBytes(StandardCharsets.UTF_8));
            case IMPORT -> Wire.writeBytes(out,
                    ((MetadataCommand.Import) value).image().toJson().getBytes(StandardCharsets.UTF_8));
            case APPLIED, CONFLICT -> Wire.writeBytes(out,
                    ((ProposalResult) value).image().toJson().getBytes(StandardCharsets.UTF_8));
            case FORWARD_REFUSAL -> {
                ForwardRefusal r = (ForwardRefusal) value;
                out.writeByte(r.reason().ordinal());
                out.writeInt(r.leader().map(SpateEndpoint::nodeId).orElse(RaftCodec.NO_ENDPOINT));
            }
            default -> throw new IllegalStateException("no writer for " + type);
        }
    }

    private static void writeHeader(ByteBuf out, RaftMessage m) {
        if (!(m.getGroupId() instanceof String groupId)) {
            throw new IllegalArgumentException("a group id is a String, was " + m.getGroupId());
        }
        Wire.writeString(out, groupId);
        writeEndpoint(out, m.getSender(), "sender");
        writeTerm(out, m.getTerm(), "term");
    }

    private static void writeLogEntry(ByteBuf out, LogEntry e) {
        required(e, "log entry");
        writeIndex(out, e.getIndex(), "log entry index");
        writeTerm(out, e.getTerm(), "log entry term");
        writeOperation(out, e.getOperation());
    }

    private static void writeSnapshotChunk(ByteBuf out, SnapshotChunk c) {
        required(c, "snapshot chunk");
        writeIndex(out, c.getIndex(), "snapshot index");
        writeTerm(out, c.getTerm(), "snapshot term");
        writeOperation(out, c.getOperation());
        writeChunkCount(out, c.getSnapshotChunkCount());
        if (c.getSnapshotChunkIndex() < 0 || c.getSnapshotChunkIndex() >= c.getSnapshotChunkCount()) {
            throw new IllegalArgumentException("snapshot chunk index " + c.getSnapshotChunkIndex() + " is not in [0, "
                    + c.getSnapshotChunkCount() + ")");
        }
        out.writeInt(c.getSnapshotChunkIndex());
        writeMembersView(out, c.getGroupMembersView());
    }

    @SuppressWarnings("unchecked")
    private static void writeSnapshotEntry(ByteBuf out, SnapshotEntry s) {
        writeIndex(out, s.getIndex(), "snapshot index");
        writeTerm(out, s.getTerm(), "snapshot term");
        // the initial snapshot entry of an empty log (index 0, no chunks, no members) never leaves a node
        writeMembersView(out, s.getGroupMembersView());
        List<SnapshotChunk> chunks = (List<SnapshotChunk>) required(s.getOperation(), "snapshot chunks");
        writeChunkCount(out, chunks.size());
        chunks.forEach(c -> writeSnapshotChunk(out, c));
    }

    private static void writeMembersView(ByteBuf out, RaftGroupMembersView v) {
        required(v, "group members view");
        writeIndex(out, v.getLogIndex(), "group members log index");
        writeEndpoints(out, v.getMembers(), "members");
        writeEndpoints(out, v.getVotingMembers(), "voting members");
    }

    private static void writeOperation(ByteBuf out, Object operation) {
        RaftType type = RaftType.typeOf(required(operation, "operation"));
        if (type == null || !type.isOperation()) {
            throw new IllegalArgumentException("not an operation the codec knows: " + operation.getClass().getName());
        }
        out.writeByte(type.tag);
        writeBody(type, operation, out);
    }

    private static void writeEndpoints(ByteBuf out, Collection<RaftEndpoint> endpoints, String what) {
        required(endpoints, what);
        out.writeInt(endpoints.size());
        endpoints.forEach(e -> writeEndpoint(out, e, what));
    }

    private static void writeEndpoint(ByteBuf out, RaftEndpoint endpoint, String what) {
        out.writeInt(nodeId(endpoint, what));
    }

    private static int nodeId(RaftEndpoint endpoint, String what) {
        if (!(endpoint instanceof SpateEndpoint spate)) {
            throw new IllegalArgumentException(what + ": only a SpateEndpoint can be encoded, was " + endpoint);
        }
        return spate.nodeId();
    }

    private static void writeChunkCount(ByteBuf out, int count) {
        if (count < 0 || count > RaftCodec.MAX_SNAPSHOT_CHUNKS) {
            throw new IllegalArgumentException("snapshot chunk count " + count + " is not in [0, "
                    + RaftCodec.MAX_SNAPSHOT_CHUNKS + "]");
        }
        out.writeInt(count);
    }

    private static void writeTerm(ByteBuf out, int value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " is never negative, was " + value);
        }
        out.writeInt(value);
    }

    private static void writeIndex(ByteBuf out, long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " is never negative, was " + value);
        }
        out.writeLong(value);
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " may not be null");
        }
        return value;
    }
}
