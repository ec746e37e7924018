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
import io.microraft.model.message.TriggerLeaderElectionRequest;
import io.microraft.model.message.VoteRequest;
import io.microraft.model.message.VoteResponse;
import io.microraft.model.persistence.RaftEndpointPersistentState;
import io.microraft.model.persistence.RaftTermPersistentState;

/**
 * The types {@link RaftCodec} encodes, each with its one-byte tag on the wire. Tags are never
 * reused: a type that goes away keeps its number retired.
 */
enum RaftType {
    APPEND_ENTRIES_REQUEST(1, AppendEntriesRequest.class),
    APPEND_ENTRIES_SUCCESS_RESPONSE(2, AppendEntriesSuccessResponse.class),
    APPEND_ENTRIES_FAILURE_RESPONSE(3, AppendEntriesFailureResponse.class),
    INSTALL_SNAPSHOT_REQUEST(4, InstallSnapshotRequest.class),
    INSTALL_SNAPSHOT_RESPONSE(5, InstallSnapshotResponse.class),
    PRE_VOTE_REQUEST(6, PreVoteRequest.class),
    PRE_VOTE_RESPONSE(7, PreVoteResponse.class),
    VOTE_REQUEST(8, VoteRequest.class),
    VOTE_RESPONSE(9, VoteResponse.class),
    TRIGGER_LEADER_ELECTION_REQUEST(10, TriggerLeaderElectionRequest.class),

    LOG_ENTRY(20, LogEntry.class),
    SNAPSHOT_ENTRY(21, SnapshotEntry.class),
    SNAPSHOT_CHUNK(22, SnapshotChunk.class),
    RAFT_GROUP_MEMBERS_VIEW(23, RaftGroupMembersView.class),
    RAFT_ENDPOINT(24, RaftEndpoint.class),
    RAFT_ENDPOINT_PERSISTENT_STATE(25, RaftEndpointPersistentState.class),
    RAFT_TERM_PERSISTENT_STATE(26, RaftTermPersistentState.class),

    // the operations a log entry or a snapshot chunk carries
    UPDATE_RAFT_GROUP_MEMBERS_OP(40, UpdateRaftGroupMembersOp.class),
    NEW_TERM(41, MetadataCommand.NewTerm.class),
    SET_IMAGE(42, MetadataCommand.SetImage.class),
    SNAPSHOT(43, MetadataCommand.Snapshot.class),
    IMPORT(44, MetadataCommand.Import.class),

    // a forwarded proposal's answers (never in a log entry)
    APPLIED(50, ProposalResult.Applied.class),
    CONFLICT(51, ProposalResult.Conflict.class),
    FORWARD_REFUSAL(52, ForwardRefusal.class);

    private static final RaftType[] BY_TAG = new RaftType[128];

    static {
        for (RaftType t : values()) {
            BY_TAG[t.tag] = t;
        }
    }

    final byte tag;
    final Class<?> javaType;

    RaftType(int tag, Class<?> javaType) {
        this.tag = (byte) tag;
        this.javaType = javaType;
    }

    /** The type of this tag, or null for a tag no type has. */
    static RaftType ofTag(byte tag) {
        return tag < 0 ? null : BY_TAG[tag];
    }

    /** The type {@code value} is encoded as, or null when the codec does not know it. */
    static RaftType typeOf(Object value) {
        for (RaftType t : values()) {
            if (t.javaType.isInstance(value)) {
                return t;
            }
        }
        return null;
    }

    /** Whether this type may stand as the operation of a log entry or a snapshot chunk. */
    boolean isOperation() {
        return tag >= 40 && tag < 50;
    }
}
